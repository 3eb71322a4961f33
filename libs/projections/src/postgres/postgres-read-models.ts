import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool, PoolClient } from 'pg';
import {
  createPostgresPool,
  describePostgresLocation,
  ensureSchema,
  inTransaction,
  ledgerChannel,
  migratePostgres,
  type PostgresConnectionOptions,
  type PostgresMigration,
  StoreSchemaTooNewError,
  unavailable,
  validSchemaName,
  withClient,
} from '@kyoyaku/event-store';
import type { ReadModelReader, ReadModelWriter } from '../read-model';
import {
  GenerationBehindError,
  GenerationReplacedError,
  type ReadModelSource,
  type ReadModelStore,
} from '../read-model-store';
import {
  type DocumentChange,
  ReplicaInUseError,
  SqliteReadModels,
  type StoredDocument,
} from '../local-read-models';

export const READ_MODELS_SCHEMA_COMPONENT = 'read-models';

export const POSTGRES_READ_MODELS_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'read-model generations and documents',
    sql: `
      CREATE TABLE rm_generations (
        generation integer PRIMARY KEY,
        checkpoint bigint NOT NULL CHECK (checkpoint >= 0),
        active boolean NOT NULL DEFAULT false
      );
      CREATE UNIQUE INDEX rm_generations_one_active ON rm_generations (active) WHERE active;
      INSERT INTO rm_generations (generation, checkpoint, active) VALUES (1, 0, true);
      CREATE TABLE rm_documents (
        generation integer NOT NULL REFERENCES rm_generations (generation) ON DELETE CASCADE,
        collection text NOT NULL,
        key text NOT NULL,
        sort_key text NOT NULL,
        -- The JSON text exactly as the projection wrote it (text, not jsonb: a rebuild must give
        -- the same bytes); NULL marks a deleted document (a tombstone other processes pull).
        doc text,
        -- The checkpoint of the batch that last wrote or deleted it: what a process pulls after its own.
        position bigint NOT NULL,
        PRIMARY KEY (generation, collection, key)
      );
      CREATE INDEX rm_documents_changes ON rm_documents (generation, position);
    `,
  },
  {
    version: 2,
    name: 'read-models identity',
    // Tells a process's replica file whether it was loaded from these read models or from others
    // at the same address (a database dropped and created again, another restored in its place).
    sql: `
      CREATE TABLE rm_identity (
        one boolean PRIMARY KEY DEFAULT true CHECK (one),
        id uuid NOT NULL DEFAULT gen_random_uuid()
      );
      INSERT INTO rm_identity DEFAULT VALUES;
    `,
  },
];

/** Rows fetched per query while a replica loads a generation (bounds the memory a load takes). */
const LOAD_CHUNK_ROWS = 1000;
/**
 * Most changed documents a replica pulls at once (they are applied in one transaction, so held in
 * memory together); a replica further behind than this (a process down for long) loads the
 * generation again in chunks instead.
 */
const PULL_MAX_ROWS = 5000;
/** Replica files not opened for this long, and held by no process, are deleted when a process starts. */
const REPLICA_KEPT_MS = 7 * 24 * 60 * 60 * 1000;
/** Replicas per read models that may be open at once on one machine (processes sharing the directory). */
const REPLICA_SLOTS = 64;

export interface PostgresReadModelsOptions extends PostgresConnectionOptions {
  /** Stamps applied_at in schema_migrations (default: real time). */
  now?: () => string;
  /**
   * The directory of this process's replica file (created if missing; default: kyoyaku-read-replicas
   * in the OS temporary directory). Put it on a disk, not a tmpfs: the file holds every read model.
   */
  replicaDir?: string;
  /** Bytes of the replica's pages SQLite keeps in memory (default 16 MiB). */
  replicaCacheBytes?: number;
}

export const DEFAULT_REPLICA_CACHE_BYTES = 16 * 1024 * 1024;

/** How the replica was made ready when the process opened the read models. */
export interface ReplicaStart {
  /** The replica file kept from an earlier run was still valid and brought in step. */
  reused: boolean;
  /** Documents (or deletions) read from PostgreSQL to get there. */
  documentsRead: number;
}

interface DocumentRow {
  collection: string;
  key: string;
  sort_key: string;
  doc: string | null;
}

function toChange(row: DocumentRow): DocumentChange {
  return { collection: row.collection, key: row.key, sortKey: row.sort_key, doc: row.doc };
}

/**
 * Read models and projector checkpoints in PostgreSQL, shared by every API process (DESIGN.md §7).
 *
 * PostgreSQL holds the durable documents, checkpoints and generations. Projections are synchronous
 * over a synchronous reader, so each process serves reads from a replica: a SqliteReadModels in a
 * file of its own (replicaDir), of which SQLite keeps a bounded page cache in memory — the memory
 * does not grow with the ledger, the file does. The file outlives the process: the next start
 * reuses it when it was loaded from these read models (rm_identity) and its generation is still the
 * active one with a checkpoint PostgreSQL has reached, pulling only what changed since; otherwise
 * it loads the active generation again, in chunks. The replica is kept in step:
 *
 * - applying a batch: the projections run on the replica in a transaction that is rolled back,
 *   which yields the documents they wrote or deleted; those, and the checkpoint move, are then
 *   written to PostgreSQL in one transaction guarded by a compare-and-set of the checkpoint
 *   (UPDATE … WHERE checkpoint = the one the batch started from, whose row lock also makes a second
 *   process projecting the same batch wait, then find the checkpoint moved and write nothing); only
 *   after COMMIT does the replica take the changes. So the effect is exactly once across processes,
 *   and a reader never sees a batch that is not durable. A process that lost the race takes the
 *   winner's result instead (the same documents: projections are deterministic).
 * - following other processes (`refresh`, before each catch-up): documents carry the checkpoint of
 *   the batch that last changed them and deletions leave a tombstone, so the documents changed
 *   since the replica's checkpoint are pulled from one snapshot (REPEATABLE READ) and applied with
 *   the checkpoint in one replica transaction. A different active generation (a rebuild swapped in
 *   elsewhere) is loaded whole, then swapped in the replica atomically: reads continue on the old
 *   one meanwhile.
 * - rebuild: the new generation is filled batch by batch like any other, then swapped in with a
 *   check that the old one has not moved further meanwhile (GenerationBehindError: catch up again).
 *
 * A restart loses nothing: the replica is checked against PostgreSQL, and loaded from it again
 * whenever it cannot be brought in step.
 */
export class PostgresReadModels implements ReadModelStore, ReadModelSource {
  private closing: Promise<void> | null = null;
  /** The refresh in flight, and the one queued behind it for callers that came meanwhile. */
  private refreshing: Promise<void> | null = null;
  private nextRefresh: Promise<void> | null = null;

  private constructor(
    private readonly pool: Pool,
    /** NOTIFY'd with each batch committed: followers take it at once. */
    private readonly projectedChannel: string,
    /**
     * This process's replica, which queries read (what `reader()` reads): for code written against
     * SqliteReadModels. Only this class writes to it.
     */
    readonly replica: SqliteReadModels,
    /** Where the read models live (password left out), for messages. */
    readonly location: string,
    /** This process's replica file. */
    readonly replicaFile: string,
  ) {}

  /** How the replica was made ready at open. */
  replicaStart: ReplicaStart = { reused: false, documentsRead: 0 };
  /** The whole loads of the replica in flight, one after the other. */
  private loading: Promise<number> = Promise.resolve(0);

  /** Connects, migrates, and loads the active generation into this process's replica. */
  static async open(options: PostgresReadModelsOptions): Promise<PostgresReadModels> {
    const schema = validSchemaName(options.schema);
    const location = describePostgresLocation(options.connectionString, schema);
    const pool = createPostgresPool({
      // The pid tells in pg_stat_activity (and in a test's trigger) which process wrote.
      applicationName: `kyoyaku-ledger read models (pid ${process.pid})`,
      poolSize: 4,
      // Derived data: a batch lost in a server crash is lost whole and projected again (the
      // replicas reload when the durable checkpoint is behind theirs). Halves the WAL flushes of a
      // command, which the event append already pays.
      synchronousCommit: false,
      ...options,
    });
    const replicaDir = options.replicaDir ?? join(tmpdir(), 'kyoyaku-read-replicas');
    const { replica, file } = openReplicaFile(
      replicaDir,
      location,
      options.replicaCacheBytes ?? DEFAULT_REPLICA_CACHE_BYTES,
    );
    try {
      await ensureSchema(pool, schema);
      const now = options.now ?? ((): string => new Date().toISOString());
      await inTransaction(pool, (client) =>
        migratePostgres(
          client,
          location,
          schema,
          READ_MODELS_SCHEMA_COMPONENT,
          POSTGRES_READ_MODELS_MIGRATIONS,
          now,
        ),
      );
      const identity = await pool.query<{ id: string }>('SELECT id FROM rm_identity');
      const source = `${location} ${identity.rows[0]?.id ?? ''}`;
      const reusable = replica.replicaSource() === source;
      if (!reusable) replica.resetReplica(source);
      const readModels = new PostgresReadModels(
        pool,
        ledgerChannel('projected', schema),
        replica,
        location,
        file,
      );
      const { loaded, documentsRead } = await readModels.bringInStep();
      readModels.replicaStart = { reused: reusable && !loaded, documentsRead };
      return readModels;
    } catch (error) {
      replica.close();
      await pool.end().catch(() => undefined);
      if (error instanceof StoreSchemaTooNewError) throw error;
      throw unavailable(`cannot open the read models at ${location}`, error);
    }
  }

  activeGeneration(): number {
    return this.replica.activeGeneration();
  }

  contentVersion(): string {
    return this.replica.contentVersion();
  }

  reader(): ReadModelReader {
    return this.replica.reader();
  }

  checkpoint(generation: number): bigint {
    return this.replica.checkpoint(generation);
  }

  dump(generation: number): string {
    return this.replica.dump(generation);
  }

  /** The same dump read from PostgreSQL itself (tests compare it with the replica's and SQLite's). */
  async durableDump(generation: number): Promise<string> {
    const rows = await this.pool.query<DocumentRow>(
      `SELECT collection, key, sort_key, doc FROM rm_documents WHERE generation = $1 AND doc IS NOT NULL
        ORDER BY collection COLLATE "C", key COLLATE "C"`,
      [generation],
    );
    return rows.rows.map((r) => `${r.collection}\t${r.key}\t${r.sort_key}\t${r.doc ?? ''}`).join('\n');
  }

  /**
   * Brings the replica in step with PostgreSQL. Callers share a run, but never one that started
   * before they called (it may have read the checkpoint too early): they join the next, which
   * starts when the current one ends. So every caller sees at least what was durable when it
   * called, runs never overlap, and there are at most two per process however many ask.
   */
  refresh(): Promise<void> {
    if (this.refreshing === null) {
      this.refreshing = this.refreshNow().finally(() => (this.refreshing = null));
      return this.refreshing;
    }
    this.nextRefresh ??= this.refreshing
      .catch(() => undefined)
      .then(() => {
        this.nextRefresh = null;
        return this.refresh();
      });
    return this.nextRefresh;
  }

  private async refreshNow(): Promise<void> {
    try {
      await this.bringInStep();
    } catch (error) {
      throw unavailable('the read models could not be brought in step with PostgreSQL', error);
    }
  }

  /**
   * Pulls what changed since the replica's checkpoint, or loads the active generation whole when
   * the replica holds another one (a rebuild swapped in elsewhere), is ahead of PostgreSQL
   * (batches lost in a server crash) or too far behind. Says which, and how many rows it read.
   */
  private async bringInStep(): Promise<{ loaded: boolean; documentsRead: number }> {
    const active = await this.pool.query<{ generation: number; checkpoint: string }>(
      'SELECT generation, checkpoint FROM rm_generations WHERE active',
    );
    const row = active.rows[0];
    if (row === undefined) throw new Error('the read models have no active generation');
    const behind =
      row.generation === this.replica.activeGeneration() &&
      BigInt(row.checkpoint) < this.replica.checkpoint(row.generation);
    if (row.generation !== this.replica.activeGeneration() || behind) {
      return { loaded: true, documentsRead: await this.loadActive() };
    }
    if (BigInt(row.checkpoint) === this.replica.checkpoint(row.generation)) {
      return { loaded: false, documentsRead: 0 };
    }
    try {
      return await this.pull(row.generation);
    } catch (error) {
      // Swapped out between the two reads: load the generation that replaced it.
      if (error instanceof GenerationReplacedError)
        return { loaded: true, documentsRead: await this.loadActive() };
      throw error;
    }
  }

  async applyBatch(
    generation: number,
    checkpoint: bigint,
    work: (tx: ReadModelWriter) => void,
  ): Promise<void> {
    let from: bigint;
    try {
      from = this.replica.checkpoint(generation);
    } catch {
      throw new GenerationReplacedError(generation);
    }
    const changes = this.replica.computeChanges(generation, work);
    let outcome: 'applied' | 'moved' | 'replaced';
    try {
      outcome = await applyDurably(this.pool, this.projectedChannel, generation, from, checkpoint, changes);
    } catch (error) {
      throw unavailable('a batch of the read models could not be committed; none of it was kept', error);
    }
    if (outcome === 'replaced') {
      this.replica.dropGeneration(generation);
      throw new GenerationReplacedError(generation);
    }
    // Another process applied this batch first (or the replica moved meanwhile): take the result.
    if (outcome === 'moved' || !this.replica.applyChanges(generation, from, checkpoint, changes)) {
      await this.pull(generation);
    }
  }

  async createGeneration(): Promise<number> {
    const { generation, discarded } = await inTransaction(this.pool, async (client) => {
      await client.query('LOCK TABLE rm_generations IN SHARE ROW EXCLUSIVE MODE');
      const dropped = await client.query<{ generation: number }>(
        'DELETE FROM rm_generations WHERE NOT active RETURNING generation',
      );
      // Generation numbers are never reused: a process still filling a discarded one must not
      // mistake a newer one for it.
      const max = await client.query<{ max: number }>('SELECT max(generation) AS max FROM rm_generations');
      const highest = Math.max(max.rows[0]?.max ?? 0, ...dropped.rows.map((r) => r.generation));
      await client.query(
        'INSERT INTO rm_generations (generation, checkpoint, active) VALUES ($1, 0, false)',
        [highest + 1],
      );
      return { generation: highest + 1, discarded: dropped.rows.map((r) => r.generation) };
    });
    for (const old of discarded) this.replica.dropGeneration(old);
    this.replica.installGeneration(generation, 0n, [], { active: false });
    return generation;
  }

  async activate(generation: number): Promise<void> {
    const mine = this.replica.checkpoint(generation);
    await inTransaction(this.pool, async (client) => {
      // Row locks on both generations: a batch of another process on the old one waits meanwhile.
      const rows = await client.query<{ generation: number; checkpoint: string; active: boolean }>(
        'SELECT generation, checkpoint, active FROM rm_generations WHERE generation = $1 OR active FOR UPDATE',
        [generation],
      );
      const target = rows.rows.find((r) => r.generation === generation);
      const old = rows.rows.find((r) => r.active && r.generation !== generation);
      if (target === undefined) throw new GenerationReplacedError(generation);
      if (BigInt(target.checkpoint) !== mine) {
        throw new Error(
          `read-model generation ${generation} was written by another process during the rebuild`,
        );
      }
      if (old !== undefined && BigInt(old.checkpoint) > mine) {
        throw new GenerationBehindError(generation, mine, BigInt(old.checkpoint));
      }
      if (old !== undefined) {
        await client.query('UPDATE rm_generations SET active = false WHERE generation = $1', [
          old.generation,
        ]);
        await client.query('DELETE FROM rm_generations WHERE generation = $1', [old.generation]);
      }
      await client.query('UPDATE rm_generations SET active = true WHERE generation = $1', [generation]);
    });
    this.replica.activate(generation);
  }

  /** Closes the replica and the pool; a second call is harmless. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.replica.close();
      await this.pool.end();
    })();
    return this.closing;
  }

  /**
   * Loads the active generation whole into the replica and swaps it in there; returns the number of
   * documents read. The documents come in chunks from one snapshot and are staged in the replica
   * file, so neither memory holds the generation; reads go on meanwhile. Loads run one at a time.
   */
  private loadActive(): Promise<number> {
    const next = this.loading.catch(() => 0).then(() => this.loadActiveNow());
    this.loading = next;
    return next;
  }

  private async loadActiveNow(): Promise<number> {
    const { generation, checkpoint, staging, count } = await snapshot(this.pool, async (client) => {
      const active = await client.query<{ generation: number; checkpoint: string }>(
        'SELECT generation, checkpoint FROM rm_generations WHERE active',
      );
      const row = active.rows[0];
      if (row === undefined) throw new Error('the read models have no active generation');
      const stagedAs = this.replica.beginStaging(row.generation);
      let read = 0;
      let after: DocumentRow | undefined;
      for (;;) {
        // Keyset pages in the primary key's order: each query costs its chunk, not the offset.
        const docs =
          after === undefined
            ? await client.query<DocumentRow>(
                `SELECT collection, key, sort_key, doc FROM rm_documents WHERE generation = $1 AND doc IS NOT NULL
                  ORDER BY collection, key LIMIT $2`,
                [row.generation, LOAD_CHUNK_ROWS],
              )
            : await client.query<DocumentRow>(
                `SELECT collection, key, sort_key, doc FROM rm_documents
                  WHERE generation = $1 AND doc IS NOT NULL AND (collection, key) > ($3, $4)
                  ORDER BY collection, key LIMIT $2`,
                [row.generation, LOAD_CHUNK_ROWS, after.collection, after.key],
              );
        this.replica.stage(
          stagedAs,
          docs.rows.map((r): StoredDocument => ({
            collection: r.collection,
            key: r.key,
            sortKey: r.sort_key,
            doc: r.doc ?? '',
          })),
        );
        read += docs.rows.length;
        after = docs.rows.at(-1);
        if (docs.rows.length < LOAD_CHUNK_ROWS) break;
      }
      return {
        generation: row.generation,
        checkpoint: BigInt(row.checkpoint),
        staging: stagedAs,
        count: read,
      };
    });
    this.replica.installStaged(staging, generation, checkpoint, { active: true });
    return count;
  }

  /**
   * Applies to the replica what other processes committed to a generation since its checkpoint
   * (or, for the active generation further behind than PULL_MAX_ROWS, loads it again).
   */
  private async pull(generation: number): Promise<{ loaded: boolean; documentsRead: number }> {
    const from = this.replica.checkpoint(generation);
    // Only the active generation may be loaded again instead; a rebuild's batch is pulled whole.
    const limit = generation === this.replica.activeGeneration() ? PULL_MAX_ROWS + 1 : null;
    const pulled = await snapshot(this.pool, async (client) => {
      const state = await client.query<{ checkpoint: string }>(
        'SELECT checkpoint FROM rm_generations WHERE generation = $1',
        [generation],
      );
      const row = state.rows[0];
      if (row === undefined) return null;
      const changes = await client.query<DocumentRow>(
        `SELECT collection, key, sort_key, doc FROM rm_documents WHERE generation = $1 AND position > $2
          ${limit === null ? '' : 'LIMIT $3'}`,
        limit === null ? [generation, from.toString()] : [generation, from.toString(), limit],
      );
      return { checkpoint: BigInt(row.checkpoint), changes: changes.rows.map(toChange) };
    });
    if (pulled === null) {
      this.replica.dropGeneration(generation);
      throw new GenerationReplacedError(generation);
    }
    if (pulled.checkpoint < from || (limit !== null && pulled.changes.length >= limit)) {
      // The server lost batches in a crash (they were not synchronously committed; the projector
      // applies them again), or too much changed to apply at once: load it again.
      if (generation === this.replica.activeGeneration()) {
        return { loaded: true, documentsRead: await this.loadActive() };
      }
      this.replica.dropGeneration(generation);
      throw new GenerationReplacedError(generation);
    }
    if (pulled.checkpoint > from)
      this.replica.applyChanges(generation, from, pulled.checkpoint, pulled.changes);
    return { loaded: false, documentsRead: pulled.changes.length };
  }
}

/**
 * Opens this process's replica file for the read models at `location`: the first of its slots no
 * other process (or store of this one) holds, so processes sharing the directory each keep theirs
 * and a restarted one finds one it can reuse. Files of long-gone runs are deleted on the way.
 */
function openReplicaFile(
  dir: string,
  location: string,
  cacheBytes: number,
): { replica: SqliteReadModels; file: string } {
  // Only this user may read it: the replicas hold every read model, withheld parts included.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  deleteForgottenReplicas(dir);
  const name = createHash('sha256').update(location).digest('hex').slice(0, 16);
  for (let slot = 0; slot < REPLICA_SLOTS; slot++) {
    const file = join(dir, `replica-${name}-${slot}.sqlite`);
    try {
      const replica = SqliteReadModels.openReplica(file, { cacheBytes });
      const now = new Date();
      utimesSync(file, now, now);
      return { replica, file };
    } catch (error) {
      if (!(error instanceof ReplicaInUseError)) throw error;
    }
  }
  throw new Error(`all ${REPLICA_SLOTS} read-model replica files for ${location} in ${dir} are in use`);
}

function deleteForgottenReplicas(dir: string): void {
  for (const entry of readdirSync(dir)) {
    if (!/^replica-[0-9a-f]{16}-\d+\.sqlite$/.test(entry)) continue;
    const file = join(dir, entry);
    try {
      if (Date.now() - statSync(file).mtimeMs < REPLICA_KEPT_MS) continue;
      // Held by a running process: kept (openReplica refuses it).
      SqliteReadModels.openReplica(file, { cacheBytes: 0 }).close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    } catch {
      // In use, or gone meanwhile: nothing to delete.
    }
  }
}

/** Reads in one snapshot (REPEATABLE READ): the checkpoint and the documents agree. */
function snapshot<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  return withClient(pool, async (client) => {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      return await work(client);
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
    }
  });
}

/**
 * The batch's documents (tombstones for deletions, stamped with the batch's checkpoint) and the
 * checkpoint move, in one statement and so one transaction: the UPDATE is the compare-and-set
 * (it waits on the row lock of a concurrent batch, then finds the checkpoint moved), and the
 * documents are written (and the followers notified, at commit) only if it moved the checkpoint.
 */
async function applyDurably(
  pool: Pool,
  channel: string,
  generation: number,
  from: bigint,
  checkpoint: bigint,
  changes: readonly DocumentChange[],
): Promise<'applied' | 'moved' | 'replaced'> {
  const result = await pool.query<{ moved: string }>({
    name: 'ledger-read-models-apply',
    text: `WITH moved AS (
       UPDATE rm_generations SET checkpoint = $1 WHERE generation = $2 AND checkpoint = $3 RETURNING generation
     ), written AS (
       INSERT INTO rm_documents (generation, collection, key, sort_key, doc, position)
       SELECT $2, c, k, s, d, $1 FROM unnest($4::text[], $5::text[], $6::text[], $7::text[]) AS t (c, k, s, d)
        WHERE EXISTS (SELECT 1 FROM moved)
       ON CONFLICT (generation, collection, key)
         DO UPDATE SET sort_key = excluded.sort_key, doc = excluded.doc, position = excluded.position
       RETURNING 1
     ), notified AS (
       SELECT pg_notify($8, $1::text) FROM moved
     )
     SELECT (SELECT count(*) FROM moved) AS moved, (SELECT count(*) FROM written) AS written,
            (SELECT count(*) FROM notified) AS notified`,
    values: [
      checkpoint.toString(),
      generation,
      from.toString(),
      changes.map((c) => c.collection),
      changes.map((c) => c.key),
      changes.map((c) => c.sortKey),
      changes.map((c) => c.doc),
      channel,
    ],
  });
  if (result.rows[0]?.moved === '1') return 'applied';
  const exists = await pool.query('SELECT 1 FROM rm_generations WHERE generation = $1', [generation]);
  return exists.rowCount === 1 ? 'moved' : 'replaced';
}

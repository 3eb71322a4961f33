import type { Pool, PoolClient } from 'pg';
import {
  type CommittedEnvelope,
  migratePostgres,
  type PostgresAttachContext,
  type PostgresCommitParticipant,
  type PostgresMigration,
  type PostgresParticipantRows,
  insertParticipantRows,
} from '@kyoyaku/event-store';
import { MissingMerkleNodeError } from '../ledger.errors';
import { HASH_SIZE } from '../merkle/merkle-hash';
import {
  consistencyProof,
  inclusionProof,
  type MerkleNodeReader,
  nodesToStoreOnAppendBatch,
  rootAt,
} from '../merkle/merkle-tree';
import { perfectSubtreesOf } from '../merkle/merkle-math';

/** Component name of the tree's tables in schema_migrations. */
export const MERKLE_LOG_SCHEMA_COMPONENT = 'merkle-log';

/**
 * The same layout as the SQLite log: one row per event, keyed by its position, holding the hashes
 * of the perfect subtrees that event completes, level 0 (its leaf) first. Node (level L, index i)
 * is the L-th hash of the row at position (i+1)·2^L.
 */
export const POSTGRES_MERKLE_LOG_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'merkle tree rows',
    sql: `
      CREATE TABLE merkle_tree (
        position bigint PRIMARY KEY CHECK (position >= 1),
        hashes bytea NOT NULL CHECK (length(hashes) % ${HASH_SIZE} = 0 AND length(hashes) > 0)
      )
    `,
  },
];

/** The columns of the rows each batch adds (PostgresParticipantRows). */
const TREE_COLUMNS = [
  ['position', 'bigint'],
  ['hashes', 'bytea'],
] as const;

/** Rows of the tree by position, read for one computation. */
type Rows = Map<bigint, Buffer>;

/** The row holding node (level, index). */
function rowOf(level: number, index: bigint): bigint {
  return (index + 1n) << BigInt(level);
}

function nodeFrom(rows: Rows, level: number, index: bigint): Buffer {
  const hashes = rows.get(rowOf(level, index));
  const start = level * HASH_SIZE;
  if (hashes === undefined || hashes.length < start + HASH_SIZE)
    throw new MissingMerkleNodeError(level, index);
  return hashes.subarray(start, start + HASH_SIZE);
}

/**
 * The rows a computation over the tree reads. The algorithms never branch on hash values, only on
 * sizes and indexes, so running one against a reader that records what it is asked (and answers
 * zeros) lists exactly the nodes the real run needs: one query fetches them all.
 */
function rowsNeeded(compute: (reader: MerkleNodeReader) => unknown): bigint[] {
  const rows = new Set<bigint>();
  const zero = Buffer.alloc(HASH_SIZE);
  compute({
    node(level, index) {
      rows.add(rowOf(level, index));
      return zero;
    },
  });
  return [...rows];
}

async function fetchRows(
  db: Pool | PoolClient,
  positions: readonly bigint[],
  into: Rows = new Map(),
): Promise<Rows> {
  if (positions.length === 0) return into;
  const result = await db.query<{ position: string; hashes: Buffer }>(
    'SELECT position, hashes FROM merkle_tree WHERE position = ANY($1::bigint[])',
    [positions.map((p) => p.toString())],
  );
  for (const row of result.rows) into.set(BigInt(row.position), row.hashes);
  return into;
}

/** The rows holding the frontier of a tree: its perfect subtrees, one per set bit of the size. */
function frontierRows(size: bigint): bigint[] {
  return size === 0n ? [] : perfectSubtreesOf(0n, size).map((n) => rowOf(n.level, n.index));
}

/** Roots of tree sizes in (after, upTo], answerable synchronously from the rows loaded for them. */
interface RootWindow {
  after: bigint;
  upTo: bigint;
  rows: Rows;
}

/** How many loaded windows are kept: a live batch and a rebuild's batch may be signed at once. */
const WINDOWS_KEPT = 4;
/** Rows this process wrote and saw committed, kept for prepareRoots (the projector follows closely). */
const RECENT_ROWS_KEPT = 4096;

/**
 * The RFC 9162 tree over the events, kept in the event store's PostgreSQL database and written by
 * the store as a commit participant: each batch's nodes go in the same transaction as its events,
 * so the tree never lags or leads the log (DESIGN.md §9). The same rows, the same roots and the
 * same proofs as SqliteMerkleLog for the same events.
 *
 * Reads go to the server: a root or a proof first works out which rows it needs (O(log n)), fetches
 * them in one query, then computes. The checkpoint projection signs synchronously inside a batch
 * of the projector, so `prepareRoots` loads the rows the roots of that batch's sizes need
 * beforehand and `preparedRoot` answers from them.
 */
export class PostgresMerkleLog implements PostgresCommitParticipant {
  private pool: Pool | null = null;
  private windows: RootWindow[] = [];
  /**
   * The rows of the frontier after this process's last committed batch, and after the batch in
   * flight: the next batch of this process reads them from memory instead of the server. Only a
   * committed frontier whose size is exactly where the next batch starts is used — appends are
   * serialised, so no other process has written since.
   */
  private committedFrontier: { size: bigint; rows: Rows } | null = null;
  private pendingFrontier: { size: bigint; rows: Rows } | null = null;
  /** Rows of the batch in flight; once committed, among the recent rows (rows never change). */
  private pendingRows: Rows = new Map();
  private readonly recentRows: Rows = new Map();

  async attach(client: PoolClient, context: PostgresAttachContext): Promise<void> {
    await migratePostgres(
      client,
      context.location,
      context.schema,
      MERKLE_LOG_SCHEMA_COMPONENT,
      POSTGRES_MERKLE_LOG_MIGRATIONS,
      context.now,
    );
    this.pool = context.pool;
    // Events stored before the tree existed (or by a store without it) are caught up once, under
    // the append lock the store holds during attach.
    for (;;) {
      const missing = await context.envelopesAfter(client, await this.leafCountOn(client), 1000);
      if (missing.length === 0) return;
      const rows = await this.onCommit(client, missing);
      if (rows !== null) await insertParticipantRows(client, rows);
    }
  }

  async onCommit(
    client: PoolClient,
    written: readonly CommittedEnvelope[],
  ): Promise<PostgresParticipantRows | null> {
    const first = written[0];
    if (first === undefined) return null;
    const size = first.position - 1n;
    // The new nodes read only left siblings that are perfect subtrees of the tree before the batch
    // (its "frontier": one per set bit of the size) or nodes of the batch itself.
    const known = this.committedFrontier;
    this.committedFrontier = null;
    this.pendingFrontier = null;
    const rows =
      known !== null && known.size === size ? known.rows : await fetchRows(client, frontierRows(size));
    const nodes = nodesToStoreOnAppendBatch(
      size,
      // The leaf hashes come from sealing, which hashed the same bytes for the events' own hashes.
      written.map((e) => e.leafHash),
      { node: (level, index) => nodeFrom(rows, level, index) },
    );
    // nodesToStoreOnAppendBatch lists each leaf and then the parents it completes, in order.
    const positions: string[] = [];
    const hashes: Buffer[] = [];
    let current: Buffer[] = [];
    for (const node of nodes) {
      if (node.level === 0) {
        if (current.length > 0) hashes.push(Buffer.concat(current));
        current = [];
        positions.push((node.index + 1n).toString());
      }
      current.push(node.hash);
    }
    if (current.length > 0) hashes.push(Buffer.concat(current));
    const newSize = size + BigInt(written.length);
    this.pendingRows = new Map();
    positions.forEach((position, i) => {
      const row = hashes[i] ?? Buffer.alloc(0);
      rows.set(BigInt(position), row);
      this.pendingRows.set(BigInt(position), row);
    });
    const next: Rows = new Map();
    for (const row of frontierRows(newSize)) {
      const hashesOfRow = rows.get(row);
      if (hashesOfRow !== undefined) next.set(row, hashesOfRow);
    }
    this.pendingFrontier = { size: newSize, rows: next };
    return { table: 'merkle_tree', columns: TREE_COLUMNS, values: [positions, hashes] };
  }

  afterCommit(): void {
    this.committedFrontier = this.pendingFrontier;
    this.pendingFrontier = null;
    for (const [position, row] of this.pendingRows) this.recentRows.set(position, row);
    this.pendingRows = new Map();
    // Oldest first (insertion order): drop beyond the bound.
    for (const position of this.recentRows.keys()) {
      if (this.recentRows.size <= RECENT_ROWS_KEPT) break;
      this.recentRows.delete(position);
    }
  }

  /** Number of leaves in the tree (= the store's head position). */
  async leafCount(): Promise<bigint> {
    return this.leafCountOn(this.attachedPool());
  }

  private async leafCountOn(db: Pool | PoolClient): Promise<bigint> {
    const result = await db.query<{ size: string }>(
      'SELECT coalesce(max(position), 0) AS size FROM merkle_tree',
    );
    return BigInt(result.rows[0]?.size ?? '0');
  }

  async root(size: bigint): Promise<Buffer> {
    return this.compute((reader) => rootAt(reader, size));
  }

  async inclusionProof(index: bigint, size: bigint): Promise<Buffer[]> {
    return this.compute((reader) => inclusionProof(reader, index, size));
  }

  async consistencyProof(oldSize: bigint, newSize: bigint): Promise<Buffer[]> {
    return this.compute((reader) => consistencyProof(reader, oldSize, newSize));
  }

  /**
   * Loads what the roots of the tree sizes after < size ≤ upTo need (the rows completed in that
   * range and the frontier of the tree of size `after`), so that `preparedRoot` answers them
   * synchronously. The projector calls it before each batch.
   */
  async prepareRoots(after: bigint, upTo: bigint): Promise<void> {
    if (upTo <= after) return;
    // Batches follow each other, and usually follow this process's own appends: the frontier of
    // `after` is in the window before, the range among the rows this process wrote.
    const previous = this.windows.find((w) => w.upTo === after);
    const rows: Rows = new Map();
    const missingFrontier: bigint[] = [];
    for (const row of frontierRows(after)) {
      const hashes = previous?.rows.get(row) ?? this.recentRows.get(row);
      if (hashes === undefined) missingFrontier.push(row);
      else rows.set(row, hashes);
    }
    let rangeKnown = true;
    for (let position = after + 1n; position <= upTo && rangeKnown; position++) {
      const hashes = this.recentRows.get(position);
      if (hashes === undefined) rangeKnown = false;
      else rows.set(position, hashes);
    }
    if (missingFrontier.length > 0 || !rangeKnown) {
      const result = await this.attachedPool().query<{ position: string; hashes: Buffer }>(
        `SELECT position, hashes FROM merkle_tree
          WHERE position = ANY($1::bigint[]) OR (position > $2 AND position <= $3)`,
        [missingFrontier.map((p) => p.toString()), after.toString(), upTo.toString()],
      );
      for (const row of result.rows) rows.set(BigInt(row.position), row.hashes);
    }
    this.windows = [{ after, upTo, rows }, ...this.windows].slice(0, WINDOWS_KEPT);
  }

  /** The root of a tree size loaded by `prepareRoots`; MissingMerkleNodeError for any other size. */
  preparedRoot(size: bigint): Buffer {
    const window = this.windows.find((w) => w.after < size && size <= w.upTo);
    if (window === undefined) {
      throw new Error(
        `the root of tree size ${size.toString()} was not loaded (prepareRoots) before it was asked`,
      );
    }
    return rootAt({ node: (level, index) => nodeFrom(window.rows, level, index) }, size);
  }

  private async compute<T>(work: (reader: MerkleNodeReader) => T): Promise<T> {
    // Impossible ranges throw MerkleRangeError here, before any query.
    const needed = rowsNeeded(work);
    const rows = await fetchRows(this.attachedPool(), needed);
    return work({ node: (level, index) => nodeFrom(rows, level, index) });
  }

  private attachedPool(): Pool {
    if (this.pool === null) throw new Error('the Merkle log is not attached to a PostgreSQL event store');
    return this.pool;
  }
}

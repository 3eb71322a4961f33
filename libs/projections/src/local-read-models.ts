import Database from 'better-sqlite3';
import type { ListOptions, ReadModelDocument, ReadModelReader, ReadModelWriter } from './read-model';
import { GenerationReplacedError, type ReadModelSource, type ReadModelStore } from './read-model-store';

/**
 * Read models in the same SQLite file as the events (DESIGN.md §6), on the projector's own
 * connection. Documents belong to a generation; exactly one generation is active. A rebuild fills a
 * new generation while queries keep reading the active one, then swaps in one transaction.
 *
 * These are the local read models: every process reads its read models from one of these,
 * whatever the storage — on the ledger file with SQLite, in memory as the replica PostgresReadModels
 * keeps in step with PostgreSQL. So it sits with the core of the library, which the PostgreSQL read
 * models build on.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS rm_generations (
    generation INTEGER PRIMARY KEY,
    checkpoint INTEGER NOT NULL,
    active INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE IF NOT EXISTS rm_documents (
    generation INTEGER NOT NULL,
    collection TEXT NOT NULL,
    key TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (generation, collection, key)
  );
  CREATE INDEX IF NOT EXISTS rm_documents_sorted ON rm_documents (generation, collection, sort_key, key);
`;

/** A replica file's own record: what it was loaded from (PostgresReadModels checks it at start). */
const REPLICA_SCHEMA = `
  CREATE TABLE IF NOT EXISTS rm_replica (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    source TEXT NOT NULL
  );
`;

/** Where a replica stages a generation it already holds while loading it again (never a real one). */
const STAGING_GENERATION = -1;
/** The active generation of a replica emptied by resetReplica (generations start at 1). */
const EMPTY_GENERATION = 0;

/** A replica file another connection holds (another process, or another store in this one). */
export class ReplicaInUseError extends Error {
  constructor(readonly file: string) {
    super(`the read-model replica ${file} is in use`);
    this.name = 'ReplicaInUseError';
  }
}

/** Prepared statements, compiled once per connection (the read path runs on every request). */
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function prepared(db: Database.Database, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (cache === undefined) {
    cache = new Map();
    statements.set(db, cache);
  }
  let statement = cache.get(sql);
  if (statement === undefined) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

interface DocRow {
  key: string;
  sort_key: string;
  doc: string;
}

function toDocument<T>(row: DocRow): ReadModelDocument<T> {
  return { key: row.key, sortKey: row.sort_key, doc: JSON.parse(row.doc) as T };
}

class GenerationView implements ReadModelWriter {
  constructor(
    private readonly db: Database.Database,
    readonly generation: number,
  ) {}

  get<T>(collection: string, key: string): T | null {
    const row = prepared(
      this.db,
      'SELECT doc FROM rm_documents WHERE generation = ? AND collection = ? AND key = ?',
    ).get(this.generation, collection, key) as { doc: string } | undefined;
    return row === undefined ? null : (JSON.parse(row.doc) as T);
  }

  list<T>(collection: string, options: ListOptions): ReadModelDocument<T>[] {
    const descending = options.reverse === true;
    const cursor = options.after === undefined ? '' : descending ? 'AND sort_key < ?' : 'AND sort_key > ?';
    const sql = `SELECT key, sort_key, doc FROM rm_documents WHERE generation = ? AND collection = ? ${cursor}
                 ORDER BY sort_key ${descending ? 'DESC' : 'ASC'}, key ${descending ? 'DESC' : 'ASC'} LIMIT ?`;
    const params: (string | number)[] = [this.generation, collection];
    if (options.after !== undefined) params.push(options.after);
    params.push(options.limit);
    return (prepared(this.db, sql).all(...params) as DocRow[]).map((row) => toDocument<T>(row));
  }

  all<T>(collection: string): ReadModelDocument<T>[] {
    return (
      prepared(
        this.db,
        'SELECT key, sort_key, doc FROM rm_documents WHERE generation = ? AND collection = ? ORDER BY sort_key, key',
      ).all(this.generation, collection) as DocRow[]
    ).map((row) => toDocument<T>(row));
  }

  put<T>(collection: string, key: string, doc: T, sortKey: string = key): void {
    this.putJson(collection, key, JSON.stringify(doc), sortKey);
  }

  /** Stores a document's JSON text as it is. */
  putJson(collection: string, key: string, json: string, sortKey: string): void {
    prepared(
      this.db,
      `INSERT INTO rm_documents (generation, collection, key, sort_key, doc) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (generation, collection, key) DO UPDATE SET sort_key = excluded.sort_key, doc = excluded.doc`,
    ).run(this.generation, collection, key, sortKey, json);
  }

  delete(collection: string, key: string): void {
    prepared(this.db, 'DELETE FROM rm_documents WHERE generation = ? AND collection = ? AND key = ?').run(
      this.generation,
      collection,
      key,
    );
  }
}

/** A document as stored: its JSON text exactly (what a rebuild must reproduce byte for byte). */
export interface StoredDocument {
  collection: string;
  key: string;
  sortKey: string;
  doc: string;
}

/** A document written by a batch, or deleted (doc null). */
export interface DocumentChange {
  collection: string;
  key: string;
  sortKey: string;
  doc: string | null;
}

/** Records the last write of each document through a view (the batch's changes, for a replica's owner). */
class RecordingView implements ReadModelWriter {
  constructor(
    private readonly view: GenerationView,
    readonly changes: Map<string, DocumentChange>,
  ) {}

  get<T>(collection: string, key: string): T | null {
    return this.view.get<T>(collection, key);
  }

  list<T>(collection: string, options: ListOptions): ReadModelDocument<T>[] {
    return this.view.list<T>(collection, options);
  }

  all<T>(collection: string): ReadModelDocument<T>[] {
    return this.view.all<T>(collection);
  }

  put<T>(collection: string, key: string, doc: T, sortKey: string = key): void {
    this.view.put(collection, key, doc, sortKey);
    this.changes.set(`${collection}\u0000${key}`, { collection, key, sortKey, doc: JSON.stringify(doc) });
  }

  delete(collection: string, key: string): void {
    this.view.delete(collection, key);
    this.changes.set(`${collection}\u0000${key}`, { collection, key, sortKey: '', doc: null });
  }
}

/**
 * How long a known content version is trusted before the file is asked whether another connection
 * (another process: the CLI's rebuild, a backup restore) committed meanwhile. This connection's own
 * writes change the version at once.
 */
const OTHER_CONNECTIONS_CHECK_MS = 100;

export class SqliteReadModels implements ReadModelStore, ReadModelSource {
  /** The content version as last read, and the file's data_version (other connections' commits) then. */
  private known: { version: string; dataVersion: number; checkedAt: number } | null = null;

  private constructor(private readonly db: Database.Database) {}

  /**
   * Opens the read models inside the event store's file (its own connection), or in memory
   * (':memory:') as the synchronous replica of read models kept elsewhere (PostgreSQL).
   */
  static open(file: string): SqliteReadModels {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 10000');
    return SqliteReadModels.prepare(db);
  }

  /**
   * Opens (or creates) a replica's own file, for this process alone: the file is locked for as
   * long as the connection is open (ReplicaInUseError when another connection, of this process or
   * another, holds it), and SQLite keeps at most `cacheBytes` of its pages in memory (no mmap), so
   * the process's memory does not grow with the read models — the file holds them. Durability is
   * not needed (whoever opens it checks it against the source), only atomic batches: WAL, and
   * synchronous NORMAL, which may lose the last batches in a power cut but never tears one.
   */
  static openReplica(file: string, options: { cacheBytes: number }): SqliteReadModels {
    const db = SqliteReadModels.openOwn(file, options.cacheBytes);
    db.exec(REPLICA_SCHEMA);
    const readModels = SqliteReadModels.prepare(db);
    readModels.dropUnregistered();
    return readModels;
  }

  /**
   * Opens (or creates) a scratch file of read models (a replay to compare, say), with the same
   * bounded page cache and lock as a replica; its generations are left as they are.
   */
  static openScratch(file: string, options: { cacheBytes: number }): SqliteReadModels {
    return SqliteReadModels.prepare(SqliteReadModels.openOwn(file, options.cacheBytes));
  }

  /** A connection to a file of this process's own: locked, WAL, a bounded page cache, no mmap. */
  private static openOwn(file: string, cacheBytes: number): Database.Database {
    const db = new Database(file, { timeout: 0 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('journal_mode = WAL');
      db.exec('BEGIN EXCLUSIVE; COMMIT');
    } catch (error) {
      db.close();
      if ((error as { code?: unknown }).code === 'SQLITE_BUSY') throw new ReplicaInUseError(file);
      throw error;
    }
    db.pragma('synchronous = NORMAL');
    db.pragma(`cache_size = ${-Math.max(64, Math.floor(cacheBytes / 1024))}`);
    db.pragma('mmap_size = 0');
    db.pragma('temp_store = FILE');
    // The WAL goes back to this size after a large transaction (a generation loaded again) is
    // checkpointed, instead of keeping its largest size on disk.
    db.pragma('journal_size_limit = 4194304');
    return db;
  }

  private static prepare(db: Database.Database): SqliteReadModels {
    db.exec(SCHEMA);
    // A new file starts with generation 1 active; one a rebuild moved on keeps its active generation.
    db.prepare(
      `INSERT OR IGNORE INTO rm_generations (generation, checkpoint, active)
         SELECT 1, 0, 1 WHERE NOT EXISTS (SELECT 1 FROM rm_generations WHERE active = 1)`,
    ).run();
    return new SqliteReadModels(db);
  }

  /** Where the documents are kept and how much of them SQLite may hold in memory. */
  storage(): { file: string | null; pageCacheBytes: number; mmapBytes: number } {
    const cacheSize = prepared(this.db, 'PRAGMA cache_size').pluck().get() as number;
    const pageSize = prepared(this.db, 'PRAGMA page_size').pluck().get() as number;
    return {
      file: this.db.memory ? null : this.db.name,
      // Negative: KiB; positive: pages (SQLite's convention).
      pageCacheBytes: cacheSize < 0 ? -cacheSize * 1024 : cacheSize * pageSize,
      mmapBytes: prepared(this.db, 'PRAGMA mmap_size').pluck().get() as number,
    };
  }

  /** What a replica was last loaded from (null: nothing yet). */
  replicaSource(): string | null {
    const row = prepared(this.db, 'SELECT source FROM rm_replica WHERE id = 1').get() as
      { source: string } | undefined;
    return row?.source ?? null;
  }

  /**
   * Empties a replica and records what it is now loaded from (another database, say). Its active
   * generation is then EMPTY_GENERATION, which no source has, so the first refresh loads the
   * source's straight into place.
   */
  resetReplica(source: string): void {
    this.changed();
    this.db.transaction(() => {
      prepared(this.db, 'DELETE FROM rm_documents').run();
      prepared(this.db, 'DELETE FROM rm_generations').run();
      prepared(this.db, 'INSERT INTO rm_generations (generation, checkpoint, active) VALUES (?, 0, 1)').run(
        EMPTY_GENERATION,
      );
      prepared(
        this.db,
        'INSERT INTO rm_replica (id, source) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET source = excluded.source',
      ).run(source);
    })();
  }

  /**
   * Drops every generation but the active one, and documents of no generation (a load or a rebuild
   * the last process left unfinished). Distinct generations are found through the index, one step
   * each, so this costs nothing on a large file with nothing to drop.
   */
  private dropUnregistered(): void {
    const active = this.activeGeneration();
    this.db.transaction(() => {
      prepared(this.db, 'DELETE FROM rm_generations WHERE active = 0').run();
      let after = Number.MIN_SAFE_INTEGER;
      for (;;) {
        const next = prepared(
          this.db,
          'SELECT generation FROM rm_documents WHERE generation > ? ORDER BY generation LIMIT 1',
        )
          .pluck()
          .get(after) as number | undefined;
        if (next === undefined) break;
        if (next !== active) prepared(this.db, 'DELETE FROM rm_documents WHERE generation = ?').run(next);
        after = next;
      }
    })();
  }

  activeGeneration(): number {
    const row = prepared(this.db, 'SELECT generation FROM rm_generations WHERE active = 1').get() as
      { generation: number } | undefined;
    if (row === undefined) throw new Error('read models have no active generation');
    return row.generation;
  }

  /**
   * Identifies the read models' current content: it changes whenever a batch commits or a rebuild
   * swaps generations, so anything derived from them can be cached under it. Kept in memory, as every
   * request asks for it (a query on a WAL file costs about 20 µs): this connection's writes forget it,
   * and `PRAGMA data_version`, read at most every 100 ms, tells whether another connection committed.
   */
  contentVersion(): string {
    const now = Date.now();
    const known = this.known;
    if (known !== null && now - known.checkedAt < OTHER_CONNECTIONS_CHECK_MS) return known.version;
    const dataVersion = prepared(this.db, 'PRAGMA data_version').pluck().get() as number;
    if (known !== null && known.dataVersion === dataVersion) {
      known.checkedAt = now;
      return known.version;
    }
    const row = prepared(
      this.db,
      'SELECT generation, checkpoint FROM rm_generations WHERE active = 1',
    ).get() as { generation: number; checkpoint: number | bigint } | undefined;
    if (row === undefined) throw new Error('read models have no active generation');
    const version = `${row.generation}:${row.checkpoint}`;
    this.known = { version, dataVersion, checkedAt: now };
    return version;
  }

  /** After a write on this connection (which data_version does not count): read the version again. */
  private changed(): void {
    this.known = null;
  }

  /** Queries read the active generation. */
  reader(): ReadModelReader {
    return new GenerationView(this.db, this.activeGeneration());
  }

  checkpoint(generation: number): bigint {
    const row = prepared(this.db, 'SELECT checkpoint FROM rm_generations WHERE generation = ?')
      .safeIntegers(true)
      .get(generation) as { checkpoint: bigint } | undefined;
    if (row === undefined) throw new Error(`read-model generation ${generation} does not exist`);
    return row.checkpoint;
  }

  /** Runs `work` and moves the generation's checkpoint in one transaction: exactly-once effect. */
  applyBatch(generation: number, checkpoint: bigint, work: (tx: ReadModelWriter) => void): void {
    this.db.transaction(() => {
      work(new GenerationView(this.db, generation));
      const moved = prepared(this.db, 'UPDATE rm_generations SET checkpoint = ? WHERE generation = ?').run(
        checkpoint,
        generation,
      );
      // Another process (the CLI's rebuild) swapped this generation out: roll the batch back.
      if (moved.changes !== 1) throw new GenerationReplacedError(generation);
    })();
    this.changed();
  }

  /** A fresh, inactive generation for a rebuild (any earlier unfinished one is discarded). */
  createGeneration(): number {
    return this.db.transaction(() => {
      prepared(
        this.db,
        'DELETE FROM rm_documents WHERE generation IN (SELECT generation FROM rm_generations WHERE active = 0)',
      ).run();
      prepared(this.db, 'DELETE FROM rm_generations WHERE active = 0').run();
      const row = prepared(this.db, 'SELECT MAX(generation) AS g FROM rm_generations').get() as { g: number };
      const generation = row.g + 1;
      prepared(this.db, 'INSERT INTO rm_generations (generation, checkpoint, active) VALUES (?, 0, 0)').run(
        generation,
      );
      return generation;
    })();
  }

  /** Reads go to the file itself, where every process's batches land: nothing to bring in step. */
  refresh(): Promise<void> {
    return Promise.resolve();
  }

  /**
   * Runs `work` on a generation and returns the documents it wrote or deleted, leaving the read
   * models as they were (the transaction is rolled back): a replica's owner first makes the batch
   * durable elsewhere, then applies these changes with applyChanges.
   */
  computeChanges(generation: number, work: (tx: ReadModelWriter) => void): DocumentChange[] {
    this.checkpoint(generation); // throws for a generation that does not exist
    const changes = new Map<string, DocumentChange>();
    prepared(this.db, 'BEGIN').run();
    try {
      work(new RecordingView(new GenerationView(this.db, generation), changes));
    } finally {
      prepared(this.db, 'ROLLBACK').run();
    }
    return [...changes.values()];
  }

  /**
   * Writes changes to a generation and moves its checkpoint in one transaction, if the generation
   * is still at `from` (false, and nothing written, otherwise).
   */
  applyChanges(
    generation: number,
    from: bigint,
    checkpoint: bigint,
    changes: readonly DocumentChange[],
  ): boolean {
    this.changed();
    return this.db.transaction(() => {
      if (this.checkpoint(generation) !== from) return false;
      const view = new GenerationView(this.db, generation);
      for (const change of changes) {
        if (change.doc === null) view.delete(change.collection, change.key);
        else view.putJson(change.collection, change.key, change.doc, change.sortKey);
      }
      prepared(this.db, 'UPDATE rm_generations SET checkpoint = ? WHERE generation = ?').run(
        checkpoint,
        generation,
      );
      return true;
    })();
  }

  /**
   * Replaces a generation's content with `documents` at `checkpoint` (creating it if needed), in
   * one transaction; with `active`, it becomes the active generation and the old one is dropped.
   */
  installGeneration(
    generation: number,
    checkpoint: bigint,
    documents: Iterable<StoredDocument>,
    options: { active: boolean },
  ): void {
    this.changed();
    this.db.transaction(() => {
      prepared(this.db, 'DELETE FROM rm_documents WHERE generation = ?').run(generation);
      prepared(
        this.db,
        `INSERT INTO rm_generations (generation, checkpoint, active) VALUES (?, ?, 0)
           ON CONFLICT (generation) DO UPDATE SET checkpoint = excluded.checkpoint`,
      ).run(generation, checkpoint);
      const view = new GenerationView(this.db, generation);
      for (const d of documents) view.putJson(d.collection, d.key, d.doc, d.sortKey);
      if (options.active && this.activeGeneration() !== generation) this.activate(generation);
    })();
  }

  /**
   * Starts loading `generation` in parts (stage, then installStaged), while reads go on: the parts
   * are written under the generation itself when this replica does not hold it, otherwise under a
   * staging number of their own. Returns where the parts go.
   */
  beginStaging(generation: number): number {
    const held = prepared(this.db, 'SELECT 1 FROM rm_generations WHERE generation = ?').get(generation);
    const staging = held === undefined ? generation : STAGING_GENERATION;
    prepared(this.db, 'DELETE FROM rm_documents WHERE generation = ?').run(staging);
    return staging;
  }

  /** Writes one part of a staged load (one transaction). */
  stage(staging: number, documents: readonly StoredDocument[]): void {
    this.db.transaction(() => {
      const view = new GenerationView(this.db, staging);
      for (const d of documents) view.putJson(d.collection, d.key, d.doc, d.sortKey);
    })();
  }

  /** Makes the staged documents `generation` at `checkpoint`, in one transaction (installGeneration's options). */
  installStaged(staging: number, generation: number, checkpoint: bigint, options: { active: boolean }): void {
    this.changed();
    this.db.transaction(() => {
      if (staging !== generation) {
        prepared(this.db, 'DELETE FROM rm_documents WHERE generation = ?').run(generation);
        prepared(this.db, 'UPDATE rm_documents SET generation = ? WHERE generation = ?').run(
          generation,
          staging,
        );
      }
      prepared(
        this.db,
        `INSERT INTO rm_generations (generation, checkpoint, active) VALUES (?, ?, 0)
           ON CONFLICT (generation) DO UPDATE SET checkpoint = excluded.checkpoint`,
      ).run(generation, checkpoint);
      if (options.active && this.activeGeneration() !== generation) this.activate(generation);
    })();
  }

  /** Drops an inactive generation (an unfinished rebuild another process discarded). */
  dropGeneration(generation: number): void {
    this.db.transaction(() => {
      prepared(
        this.db,
        'DELETE FROM rm_documents WHERE generation = ? AND generation IN (SELECT generation FROM rm_generations WHERE active = 0)',
      ).run(generation);
      prepared(this.db, 'DELETE FROM rm_generations WHERE generation = ? AND active = 0').run(generation);
    })();
  }

  /** Makes `generation` the active one and drops the old one, atomically. */
  activate(generation: number): void {
    this.changed();
    this.db.transaction(() => {
      const old = this.activeGeneration();
      prepared(this.db, 'UPDATE rm_generations SET active = CASE generation WHEN ? THEN 1 ELSE 0 END').run(
        generation,
      );
      prepared(this.db, 'DELETE FROM rm_documents WHERE generation = ?').run(old);
      prepared(this.db, 'DELETE FROM rm_generations WHERE generation = ?').run(old);
    })();
  }

  /** The active generation's checkpoint and canonical dump, read in one transaction (a consistent pair). */
  snapshot(): { checkpoint: bigint; dump: string } {
    return this.db.transaction(() => {
      const generation = this.activeGeneration();
      return { checkpoint: this.checkpoint(generation), dump: this.dump(generation) };
    })();
  }

  /**
   * Copies the active generation into the read models of another file (made by openScratch and
   * closed since), as generation `as`, and returns its checkpoint: one transaction, so a consistent
   * pair, and from disk to disk, so the copy is never in memory.
   */
  copyActiveTo(file: string, as: number): bigint {
    prepared(this.db, 'ATTACH DATABASE ? AS copy').run(file);
    try {
      return this.db.transaction(() => {
        const generation = this.activeGeneration();
        prepared(this.db, 'DELETE FROM copy.rm_documents WHERE generation = ?').run(as);
        prepared(
          this.db,
          `INSERT INTO copy.rm_documents (generation, collection, key, sort_key, doc)
             SELECT ?, collection, key, sort_key, doc FROM main.rm_documents WHERE generation = ?`,
        ).run(as, generation);
        return this.checkpoint(generation);
      })();
    } finally {
      this.db.exec('DETACH DATABASE copy');
    }
  }

  /**
   * The documents (`collection/key`) that are not the same in two generations — missing from one,
   * or with another sort key or text — in order, the first `shown` of them, and how many in all.
   * SQLite sorts on disk when it must (temp_store FILE on a scratch file), so nothing is held whole.
   */
  differences(a: number, b: number, shown: number): { count: number; first: string[] } {
    const differing = `
      SELECT collection, key FROM (
        SELECT collection, key, sort_key, doc FROM rm_documents WHERE generation = @a
        EXCEPT SELECT collection, key, sort_key, doc FROM rm_documents WHERE generation = @b)
      UNION
      SELECT collection, key FROM (
        SELECT collection, key, sort_key, doc FROM rm_documents WHERE generation = @b
        EXCEPT SELECT collection, key, sort_key, doc FROM rm_documents WHERE generation = @a)`;
    const count = prepared(this.db, `SELECT count(*) FROM (${differing})`).pluck().get({ a, b }) as number;
    const first = prepared(
      this.db,
      `SELECT collection || '/' || key FROM (${differing}) ORDER BY 1 LIMIT @shown`,
    )
      .pluck()
      .all({ a, b, shown }) as string[];
    return { count, first };
  }

  /** How many documents a generation holds. */
  count(generation: number): number {
    return prepared(this.db, 'SELECT count(*) FROM rm_documents WHERE generation = ?')
      .pluck()
      .get(generation) as number;
  }

  /** Canonical dump of a generation (every document in order), to prove a rebuild is identical. */
  dump(generation: number): string {
    const rows = prepared(
      this.db,
      'SELECT collection, key, sort_key, doc FROM rm_documents WHERE generation = ? ORDER BY collection, key',
    ).all(generation) as (DocRow & { collection: string })[];
    return rows.map((r) => `${r.collection}\t${r.key}\t${r.sort_key}\t${r.doc}`).join('\n');
  }

  close(): void {
    this.db.close();
  }
}

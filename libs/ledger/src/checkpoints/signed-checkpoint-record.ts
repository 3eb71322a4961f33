import Database from 'better-sqlite3';
import type { PoolClient, Pool } from 'pg';
import {
  migratePostgres,
  type PostgresAttachContext,
  type PostgresCommitParticipant,
  type PostgresMigration,
  type PostgresParticipantRows,
} from '@kyoyaku/event-store';

/** A checkpoint the server signed: the tree's size, its root, the signed note and when. */
export interface RecordedCheckpoint {
  size: bigint;
  root: Buffer;
  note: string;
  signedAt: string;
}

/**
 * A key the ledger signs (or signed) checkpoints with, recorded when it began to sign. Its period
 * ends where the next key's begins; rows are only appended, so the history is never rewritten.
 */
export interface RecordedSigningKey {
  /** 0 for the first key, then 1, 2 … */
  seq: number;
  /** `<name>+<hash>+<base64>`. */
  verifierKey: string;
  /** The first tree size it signs (0 for the first key; the rotation's size for the others). */
  fromSize: bigint;
  /** When it began to sign (RFC 3339). */
  since: string;
  /** The rotation statement that introduced it, signed by the key before it; null for the first key. */
  rotationStatement: string | null;
}

/**
 * Every checkpoint the server has signed, kept append-only next to the events: the
 * background check holds the ledger to each of them, and a size once signed is never signed with
 * another root. Beside them, the history of the signing keys. Rows are only inserted; the database
 * refuses UPDATE and DELETE (a trigger).
 */
export interface SignedCheckpointRecord {
  /** The root recorded for a size, null if that size was never signed (synchronous: the checkpoint projection signs inside its batch). */
  recordedRoot(size: bigint): Buffer | null;
  /** The note first signed for a size, null if that size was never signed (synchronous, as recordedRoot). */
  recordedNote(size: bigint): string | null;
  /** Records a signed checkpoint; a size already recorded keeps its first row. Resolves to the root recorded for the size. */
  append(entry: RecordedCheckpoint): Promise<Buffer>;
  /** Every recorded checkpoint, by size, read from the store (for the background check). */
  all(): Promise<RecordedCheckpoint[]>;
  /** The signing keys, oldest first. */
  keys(): Promise<RecordedSigningKey[]>;
  /** Records a key; refused (the database's unique keys) when its seq or its key is already recorded. */
  appendKey(key: RecordedSigningKey): Promise<void>;
  close(): void;
}

const SQLITE_SCHEMA = `
  CREATE TABLE IF NOT EXISTS signed_checkpoints (
    size INTEGER PRIMARY KEY CHECK (size >= 0),
    root BLOB NOT NULL CHECK (length(root) = 32),
    note TEXT NOT NULL,
    signed_at TEXT NOT NULL
  ) STRICT;
  CREATE TRIGGER IF NOT EXISTS signed_checkpoints_no_update BEFORE UPDATE ON signed_checkpoints
    BEGIN SELECT RAISE(ABORT, 'signed checkpoints are append-only'); END;
  CREATE TRIGGER IF NOT EXISTS signed_checkpoints_no_delete BEFORE DELETE ON signed_checkpoints
    BEGIN SELECT RAISE(ABORT, 'signed checkpoints are append-only'); END;
  CREATE TABLE IF NOT EXISTS signing_keys (
    seq INTEGER PRIMARY KEY CHECK (seq >= 0),
    verifier_key TEXT NOT NULL UNIQUE,
    from_size INTEGER NOT NULL CHECK (from_size >= 0),
    since TEXT NOT NULL,
    rotation_statement TEXT,
    CHECK ((seq = 0) = (rotation_statement IS NULL))
  ) STRICT;
  CREATE TRIGGER IF NOT EXISTS signing_keys_no_update BEFORE UPDATE ON signing_keys
    BEGIN SELECT RAISE(ABORT, 'the signing key history is append-only'); END;
  CREATE TRIGGER IF NOT EXISTS signing_keys_no_delete BEFORE DELETE ON signing_keys
    BEGIN SELECT RAISE(ABORT, 'the signing key history is append-only'); END;
`;

interface KeyRow {
  seq: number | bigint;
  verifier_key: string;
  from_size: number | bigint | string;
  since: string;
  rotation_statement: string | null;
}

const keyFromRow = (row: KeyRow): RecordedSigningKey => ({
  seq: Number(row.seq),
  verifierKey: row.verifier_key,
  fromSize: BigInt(row.from_size),
  since: row.since,
  rotationStatement: row.rotation_statement,
});

const KEYS_QUERY =
  'SELECT seq, verifier_key, from_size, since, rotation_statement FROM signing_keys ORDER BY seq';
const INSERT_KEY =
  'INSERT INTO signing_keys (seq, verifier_key, from_size, since, rotation_statement) VALUES';

interface SqliteRow {
  size: bigint;
  root: Buffer;
  note: string;
  signed_at: string;
}

const fromRow = (row: SqliteRow): RecordedCheckpoint => ({
  size: BigInt(row.size),
  root: row.root,
  note: row.note,
  signedAt: row.signed_at,
});

/** The record in a SQLite file (the ledger file itself), on a connection of its own. */
export class SqliteSignedCheckpointRecord implements SignedCheckpointRecord {
  private readonly rootOf: Database.Statement<[bigint]>;
  private readonly noteOf: Database.Statement<[bigint]>;
  private readonly keyList: Database.Statement<[]>;
  private readonly insertKey: Database.Statement<[number, string, bigint, string, string | null]>;
  private readonly insert: Database.Statement<[bigint, Buffer, string, string]>;
  private readonly list: Database.Statement<[]>;

  private constructor(private readonly db: Database.Database) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 10000');
    db.exec(SQLITE_SCHEMA);
    this.rootOf = db.prepare<[bigint]>('SELECT root FROM signed_checkpoints WHERE size = ?').pluck();
    this.noteOf = db.prepare<[bigint]>('SELECT note FROM signed_checkpoints WHERE size = ?').pluck();
    this.keyList = db.prepare<[]>(KEYS_QUERY).safeIntegers(true);
    this.insertKey = db.prepare<[number, string, bigint, string, string | null]>(
      `${INSERT_KEY} (?, ?, ?, ?, ?)`,
    );
    this.insert = db.prepare<[bigint, Buffer, string, string]>(
      'INSERT INTO signed_checkpoints (size, root, note, signed_at) VALUES (?, ?, ?, ?) ON CONFLICT (size) DO NOTHING',
    );
    this.list = db
      .prepare<[]>('SELECT size, root, note, signed_at FROM signed_checkpoints ORDER BY size')
      .safeIntegers(true);
  }

  static open(file: string): SqliteSignedCheckpointRecord {
    return new SqliteSignedCheckpointRecord(new Database(file));
  }

  recordedRoot(size: bigint): Buffer | null {
    return (this.rootOf.get(size) as Buffer | undefined) ?? null;
  }

  recordedNote(size: bigint): string | null {
    return (this.noteOf.get(size) as string | undefined) ?? null;
  }

  keys(): Promise<RecordedSigningKey[]> {
    return Promise.resolve((this.keyList.all() as KeyRow[]).map(keyFromRow));
  }

  appendKey(key: RecordedSigningKey): Promise<void> {
    this.insertKey.run(key.seq, key.verifierKey, key.fromSize, key.since, key.rotationStatement);
    return Promise.resolve();
  }

  async append(entry: RecordedCheckpoint): Promise<Buffer> {
    // The checkpoint projection signs inside the read models' write transaction on this very file
    // (another connection): insert once that has committed, not wait for its lock.
    await new Promise((resolve) => setImmediate(resolve));
    this.insert.run(entry.size, entry.root, entry.note, entry.signedAt);
    return this.recordedRoot(entry.size) ?? entry.root;
  }

  all(): Promise<RecordedCheckpoint[]> {
    return Promise.resolve((this.list.all() as SqliteRow[]).map(fromRow));
  }

  close(): void {
    this.db.close();
  }
}

/** Component name of the record's table in schema_migrations (PostgreSQL). */
export const SIGNED_CHECKPOINTS_SCHEMA_COMPONENT = 'signed-checkpoints';

export const POSTGRES_SIGNED_CHECKPOINTS_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'signed checkpoints, append-only',
    sql: `
      CREATE TABLE signed_checkpoints (
        size bigint PRIMARY KEY CHECK (size >= 0),
        root bytea NOT NULL CHECK (length(root) = 32),
        note text NOT NULL,
        signed_at text NOT NULL
      );
      CREATE FUNCTION signed_checkpoints_append_only() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'signed checkpoints are append-only'; END $$;
      CREATE TRIGGER signed_checkpoints_no_change BEFORE UPDATE OR DELETE ON signed_checkpoints
        FOR EACH ROW EXECUTE FUNCTION signed_checkpoints_append_only();
      CREATE TRIGGER signed_checkpoints_no_truncate BEFORE TRUNCATE ON signed_checkpoints
        FOR EACH STATEMENT EXECUTE FUNCTION signed_checkpoints_append_only();
    `,
  },
  {
    version: 2,
    name: 'signing key history, append-only',
    sql: `
      CREATE TABLE signing_keys (
        seq integer PRIMARY KEY CHECK (seq >= 0),
        verifier_key text NOT NULL UNIQUE,
        from_size bigint NOT NULL CHECK (from_size >= 0),
        since text NOT NULL,
        rotation_statement text,
        CHECK ((seq = 0) = (rotation_statement IS NULL))
      );
      CREATE FUNCTION signing_keys_append_only() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'the signing key history is append-only'; END $$;
      CREATE TRIGGER signing_keys_no_change BEFORE UPDATE OR DELETE ON signing_keys
        FOR EACH ROW EXECUTE FUNCTION signing_keys_append_only();
      CREATE TRIGGER signing_keys_no_truncate BEFORE TRUNCATE ON signing_keys
        FOR EACH STATEMENT EXECUTE FUNCTION signing_keys_append_only();
    `,
  },
];

/**
 * The record in the event store's PostgreSQL database: migrated when the store opens (as a commit
 * participant that writes nothing with the events). Roots are also kept in memory, so that the
 * projection can ask synchronously; `all()` re-reads the table.
 */
export class PostgresSignedCheckpointRecord implements SignedCheckpointRecord, PostgresCommitParticipant {
  private pool: Pool | null = null;
  private readonly roots = new Map<bigint, { root: Buffer; note: string }>();

  async attach(client: PoolClient, context: PostgresAttachContext): Promise<void> {
    await migratePostgres(
      client,
      context.location,
      context.schema,
      SIGNED_CHECKPOINTS_SCHEMA_COMPONENT,
      POSTGRES_SIGNED_CHECKPOINTS_MIGRATIONS,
      context.now,
    );
    this.pool = context.pool;
    const rows = await client.query<{ size: string; root: Buffer; note: string }>(
      'SELECT size, root, note FROM signed_checkpoints',
    );
    for (const row of rows.rows) this.roots.set(BigInt(row.size), { root: row.root, note: row.note });
  }

  onCommit(): Promise<PostgresParticipantRows | null> {
    return Promise.resolve(null);
  }

  recordedRoot(size: bigint): Buffer | null {
    return this.roots.get(size)?.root ?? null;
  }

  recordedNote(size: bigint): string | null {
    return this.roots.get(size)?.note ?? null;
  }

  async keys(): Promise<RecordedSigningKey[]> {
    return (await this.attached().query<KeyRow>(KEYS_QUERY)).rows.map(keyFromRow);
  }

  async appendKey(key: RecordedSigningKey): Promise<void> {
    await this.attached().query(`${INSERT_KEY} ($1, $2, $3, $4, $5)`, [
      key.seq,
      key.verifierKey,
      key.fromSize.toString(),
      key.since,
      key.rotationStatement,
    ]);
  }

  async append(entry: RecordedCheckpoint): Promise<Buffer> {
    const result = await this.attached().query<{ root: Buffer; note: string }>(
      `WITH inserted AS (
         INSERT INTO signed_checkpoints (size, root, note, signed_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (size) DO NOTHING RETURNING root, note)
       SELECT root, note FROM inserted
       UNION ALL SELECT root, note FROM signed_checkpoints WHERE size = $1 LIMIT 1`,
      [entry.size.toString(), entry.root, entry.note, entry.signedAt],
    );
    const row = result.rows[0] ?? { root: entry.root, note: entry.note };
    this.roots.set(entry.size, row);
    return row.root;
  }

  async all(): Promise<RecordedCheckpoint[]> {
    const result = await this.attached().query<{
      size: string;
      root: Buffer;
      note: string;
      signed_at: string;
    }>('SELECT size, root, note, signed_at FROM signed_checkpoints ORDER BY size');
    return result.rows.map((row) => {
      const size = BigInt(row.size);
      this.roots.set(size, { root: row.root, note: row.note });
      return { size, root: row.root, note: row.note, signedAt: row.signed_at };
    });
  }

  close(): void {
    // The pool is the store's; it closes with the store.
  }

  private attached(): Pool {
    if (this.pool === null) throw new Error('the signed checkpoint record is not attached to a store');
    return this.pool;
  }
}

import type Database from 'better-sqlite3';
import { StoreSchemaTooNewError } from '../event-store.errors';

/**
 * Versioned schema of the SQLite ledger file. Migrations are recorded per component in
 * `schema_migrations`, because the read models live in the same file and may version their own
 * tables there too (PRAGMA user_version is left to nobody: one integer cannot serve two owners).
 */
export interface SqliteMigration {
  /** 1, 2, 3… with no gap. */
  version: number;
  name: string;
  sql: string;
}

export const EVENT_STORE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    name: 'events and idempotency keys',
    sql: `
      CREATE TABLE events (
        -- rowid alias, assigned by the append transaction as head + 1: gap-free, no AUTOINCREMENT.
        position INTEGER PRIMARY KEY CHECK (position >= 1),
        stream_id TEXT NOT NULL,
        revision INTEGER NOT NULL CHECK (revision >= 0),
        event_id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        hash TEXT NOT NULL,
        prev_hash TEXT,
        -- RFC 8785 canonical JSON of the envelope without hash: exactly the bytes that were hashed.
        envelope TEXT NOT NULL,
        UNIQUE (stream_id, revision)
      ) STRICT;
      CREATE TABLE idempotency_keys (
        idempotency_key TEXT PRIMARY KEY,
        digest TEXT NOT NULL,
        stream_id TEXT NOT NULL,
        first_position INTEGER NOT NULL REFERENCES events (position),
        last_position INTEGER NOT NULL REFERENCES events (position),
        recorded_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
    `,
  },
];

const MIGRATIONS_TABLE = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    component TEXT NOT NULL,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    PRIMARY KEY (component, version)
  ) STRICT
`;

/** Highest version recorded for a component, 0 when none. */
export function schemaVersion(db: Database.Database, component: string): number {
  db.exec(MIGRATIONS_TABLE);
  const row = db
    .prepare('SELECT coalesce(max(version), 0) AS version FROM schema_migrations WHERE component = ?')
    .get(component) as { version: number };
  return row.version;
}

/**
 * Brings a component's schema up to the newest migration, each in its own transaction. Refuses
 * (StoreSchemaTooNewError, nothing touched) a file written by a newer version of the software.
 */
export function migrateSqlite(
  db: Database.Database,
  location: string,
  component: string,
  migrations: readonly SqliteMigration[],
  now: () => string,
): { from: number; to: number } {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1)
      throw new Error(`${component}: migration ${index} must be version ${index + 1}`);
  });
  const known = migrations.length;
  const from = schemaVersion(db, component);
  if (from > known) throw new StoreSchemaTooNewError(location, component, from, known);
  for (const migration of migrations.slice(from)) {
    // IMMEDIATE: two processes opening the same new file do not both apply a migration.
    db.exec('BEGIN IMMEDIATE');
    try {
      const current = schemaVersion(db, component);
      if (current > known) throw new StoreSchemaTooNewError(location, component, current, known);
      if (current < migration.version) {
        db.exec(migration.sql);
        db.prepare(
          'INSERT INTO schema_migrations (component, version, name, applied_at) VALUES (?, ?, ?, ?)',
        ).run(component, migration.version, migration.name, now());
      }
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }
  return { from, to: Math.max(from, known) };
}

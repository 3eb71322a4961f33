import type { ClientBase } from 'pg';
import { StoreSchemaTooNewError } from '../event-store.errors';
import { advisoryLockKey } from './postgres-connection';

/**
 * Versioned schema of the ledger's PostgreSQL tables, recorded per component in
 * `schema_migrations` (the event store, the Merkle log and the read models each version their own
 * tables, as in the SQLite file).
 */
export interface PostgresMigration {
  /** 1, 2, 3… with no gap. */
  version: number;
  name: string;
  sql: string;
}

const MIGRATIONS_TABLE = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    component text NOT NULL,
    version integer NOT NULL,
    name text NOT NULL,
    applied_at text NOT NULL,
    PRIMARY KEY (component, version)
  )
`;

/**
 * Brings a component's tables up to the newest migration. Runs inside the caller's transaction and
 * first takes a transaction-level advisory lock, so two processes starting on a new database do not
 * both apply a migration (CREATE TABLE IF NOT EXISTS alone races on the catalog). Refuses
 * (StoreSchemaTooNewError, nothing touched) a schema written by a newer version of the software.
 */
export async function migratePostgres(
  client: ClientBase,
  location: string,
  schema: string | undefined,
  component: string,
  migrations: readonly PostgresMigration[],
  now: () => string,
): Promise<{ from: number; to: number }> {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1)
      throw new Error(`${component}: migration ${index} must be version ${index + 1}`);
  });
  await client.query(`SELECT pg_advisory_xact_lock(${advisoryLockKey('migrations', schema).toString()})`);
  await client.query(MIGRATIONS_TABLE);
  const result = await client.query<{ version: number }>(
    'SELECT coalesce(max(version), 0)::integer AS version FROM schema_migrations WHERE component = $1',
    [component],
  );
  const from = result.rows[0]?.version ?? 0;
  const known = migrations.length;
  if (from > known) throw new StoreSchemaTooNewError(location, component, from, known);
  for (const migration of migrations.slice(from)) {
    await client.query(migration.sql);
    await client.query(
      'INSERT INTO schema_migrations (component, version, name, applied_at) VALUES ($1, $2, $3, $4)',
      [component, migration.version, migration.name, now()],
    );
  }
  return { from, to: Math.max(from, known) };
}

export const POSTGRES_EVENT_STORE_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'events and idempotency keys',
    sql: `
      CREATE TABLE events (
        -- Assigned by the append transaction as head + 1 under the append lock: gap-free, no sequence.
        position bigint PRIMARY KEY CHECK (position >= 1),
        stream_id text NOT NULL,
        revision bigint NOT NULL CHECK (revision >= 0),
        event_id text NOT NULL UNIQUE,
        type text NOT NULL,
        recorded_at text NOT NULL,
        hash text NOT NULL,
        prev_hash text,
        -- RFC 8785 canonical JSON of the envelope without hash, exactly the bytes that were hashed
        -- (text, not jsonb: jsonb would reorder members and drop the exact bytes).
        envelope text NOT NULL,
        UNIQUE (stream_id, revision)
      );
      CREATE TABLE idempotency_keys (
        idempotency_key text PRIMARY KEY,
        digest text NOT NULL,
        stream_id text NOT NULL,
        first_position bigint NOT NULL REFERENCES events (position),
        last_position bigint NOT NULL REFERENCES events (position),
        recorded_at text NOT NULL
      );
    `,
  },
];

import {
  advisoryLockKey,
  createPostgresPool,
  describePostgresLocation,
  ensureSchema,
  inTransaction,
  isConnectionError,
  migratePostgres,
  type PostgresMigration,
  StoreSchemaTooNewError,
  unavailable,
  validSchemaName,
} from '@kyoyaku/event-store';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { API_STATE_SCHEMA_COMPONENT } from './api-state.database';

/**
 * The API state's tables in the ledger's PostgreSQL database (LEDGER_STORE=postgres), the same as
 * api.sqlite's, versioned in schema_migrations under `api-state` like the store's own.
 */
export const POSTGRES_API_STATE_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'access tokens, idempotency records and the dossier access log',
    sql: `
      CREATE TABLE access_tokens (
        id text PRIMARY KEY,
        token_hash text NOT NULL UNIQUE,
        role text NOT NULL CHECK (role IN ('reader','clerk','secretariat','admin')),
        municipality_code text,
        label text NOT NULL,
        created_at text NOT NULL,
        revoked_at text
      );
      CREATE TABLE idempotency_records (
        scope text NOT NULL,
        key text NOT NULL,
        request_digest text NOT NULL,
        status integer NOT NULL,
        headers text NOT NULL,
        body text NOT NULL,
        created_at text NOT NULL,
        PRIMARY KEY (scope, key)
      );
      CREATE INDEX idempotency_records_by_age ON idempotency_records (created_at);
      -- Who read which dispute dossier: append-only (the trigger refuses UPDATE, DELETE and
      -- TRUNCATE), each row chained to the previous one by its hash.
      CREATE TABLE dossier_access_log (
        sequence bigint PRIMARY KEY CHECK (sequence >= 1),
        doubt_id text NOT NULL,
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        municipality_code text,
        format text NOT NULL CHECK (format IN ('json','html')),
        outcome text NOT NULL CHECK (outcome IN ('granted','refused')),
        accessed_at text NOT NULL,
        tree_size text,
        prev_hash text,
        hash text NOT NULL
      );
      CREATE INDEX dossier_access_log_by_doubt ON dossier_access_log (doubt_id, sequence);
      CREATE FUNCTION dossier_access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'dossier_access_log is append-only'; END
      $$;
      CREATE TRIGGER dossier_access_log_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON dossier_access_log
        FOR EACH STATEMENT EXECUTE FUNCTION dossier_access_log_append_only();
    `,
  },
];

export interface PostgresApiStateOptions {
  connectionString: string;
  /** The schema of the ledger's tables (default public). */
  schema?: string;
  now?: () => string;
}

/**
 * The API's own state — tokens (hashed), Idempotency-Key records, the dossier access log — in the
 * ledger's PostgreSQL database, shared by every API process and the CLI: a token issued or revoked
 * anywhere counts everywhere at once, and the access log is one chain. A server away is
 * StoreUnavailable (503), as for the events.
 */
export class PostgresApiStateDatabase {
  private constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    /** Where the state lives (password left out), for messages. */
    readonly location: string,
  ) {}

  static async open(options: PostgresApiStateOptions): Promise<PostgresApiStateDatabase> {
    const schema = validSchemaName(options.schema);
    const location = describePostgresLocation(options.connectionString, schema);
    const pool = createPostgresPool({
      connectionString: options.connectionString,
      schema,
      applicationName: 'kyoyaku-ledger api state',
      poolSize: 4,
    });
    try {
      await ensureSchema(pool, schema);
      const now = options.now ?? ((): string => new Date().toISOString());
      await inTransaction(pool, (client) =>
        migratePostgres(
          client,
          location,
          schema,
          API_STATE_SCHEMA_COMPONENT,
          POSTGRES_API_STATE_MIGRATIONS,
          now,
        ),
      );
    } catch (error) {
      await pool.end().catch(() => undefined);
      if (error instanceof StoreSchemaTooNewError) throw error;
      throw unavailable(`cannot open the API state at ${location}`, error);
    }
    return new PostgresApiStateDatabase(pool, schema, location);
  }

  async query<R extends QueryResultRow>(
    sql: string,
    values: unknown[] = [],
  ): Promise<{ rows: R[]; rowCount: number }> {
    try {
      const result = await this.pool.query<R>(sql, values);
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    } catch (error) {
      throw this.failure(error);
    }
  }

  /** Runs `work` in a transaction that first takes the advisory lock named `purpose` (held to its end). */
  async locked<T>(purpose: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
    try {
      return await inTransaction(this.pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [
          advisoryLockKey(purpose, this.schema).toString(),
        ]);
        return work(client);
      });
    } catch (error) {
      throw this.failure(error);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private failure(error: unknown): unknown {
    return isConnectionError(error)
      ? unavailable(`the API state at ${this.location} is unavailable`, error)
      : error;
  }
}

import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { Pool, type PoolClient } from 'pg';
import { InvalidEventError, StoreUnavailableError } from '../event-store.errors';

/**
 * Connections to PostgreSQL shared by the ledger's adapters (events, Merkle log, read models): one
 * place that decides the session settings, recognises a server that is away, and keeps a pool from
 * staying broken after a server restart.
 */

export interface PostgresConnectionOptions {
  /** A postgresql:// URL (LEDGER_POSTGRES_URL), e.g. postgresql://ledger@db.example/ledger. */
  connectionString: string;
  /**
   * The schema holding the tables (default public); created if missing. Lets several ledgers share
   * one database (the tests give each store its own).
   */
  schema?: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** How long to wait for a connection before giving up with StoreUnavailable (default 5000 ms). */
  connectionTimeoutMs?: number;
  /** Longest statement, lock wait included (default 30000 ms). */
  statementTimeoutMs?: number;
  /** Names the connections in pg_stat_activity. */
  applicationName?: string;
  /**
   * Whether a commit waits for its WAL flush (default true: events are a legal record). Only data
   * that can be derived again may turn it off: such a commit survives a server crash or is lost
   * whole, in order — never torn.
   */
  synchronousCommit?: boolean;
  /**
   * Sends a connection's queries without waiting for each answer (they are answered in order):
   * statements of one transaction that do not depend on each other then cost one round trip.
   */
  pipeline?: boolean;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function validSchemaName(schema: string | undefined): string {
  const name = schema ?? 'public';
  if (!SCHEMA_NAME.test(name)) {
    throw new InvalidEventError(
      `schema ${JSON.stringify(name)} must be 1–63 characters of a–z, 0–9 and _ (not starting with a digit)`,
    );
  }
  return name;
}

/**
 * The URL with the user name libpq would use when it names none (PGUSER, else the operating system
 * user): pg takes USER from the environment only, which services and containers often lack.
 */
export function withDefaultUser(connectionString: string): string {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    return connectionString; // pg reports what is wrong with it
  }
  if (url.username !== '' || url.searchParams.has('user')) return connectionString;
  const user = process.env.PGUSER || process.env.USER || userInfo().username;
  if (user === '') return connectionString;
  const separator = url.search === '' ? '?' : '&';
  const hashAt = connectionString.indexOf('#');
  const base = hashAt < 0 ? connectionString : connectionString.slice(0, hashAt);
  return `${base}${separator}user=${encodeURIComponent(user)}`;
}

/**
 * A pool with the ledger's session settings. synchronous_commit is forced on (whatever the server's
 * default) unless asked otherwise: an acknowledged append must survive a crash of the server, as on
 * SQLite with synchronous=FULL. Idle connections the server closed (a restart) are dropped by the pool itself;
 * the 'error' listener only keeps such an event from crashing the process.
 */
export function createPostgresPool(options: PostgresConnectionOptions): Pool {
  const schema = validSchemaName(options.schema);
  const statementTimeout = options.statementTimeoutMs ?? 30_000;
  const pool = new Pool({
    connectionString: withDefaultUser(options.connectionString),
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000,
    idleTimeoutMillis: 10_000,
    allowExitOnIdle: true,
    keepAlive: true,
    pipeline: options.pipeline ?? false,
    application_name: options.applicationName ?? 'kyoyaku-ledger',
    statement_timeout: statementTimeout,
    lock_timeout: statementTimeout,
    // A writer that stalls inside a transaction must not hold the append lock for ever.
    idle_in_transaction_session_timeout: Math.max(statementTimeout, 60_000),
    options: `-c search_path=${schema} -c synchronous_commit=${options.synchronousCommit === false ? 'off' : 'on'}`,
  });
  pool.on('error', () => {
    // An idle connection was closed by the server; the pool has already removed it.
  });
  return pool;
}

/** Creates the schema if it does not exist (public always does). */
export async function ensureSchema(pool: Pool, schema: string | undefined): Promise<void> {
  const name = validSchemaName(schema);
  if (name === 'public') return;
  // Under a lock: two processes opening a new schema at once would race on the catalog.
  await inTransaction(pool, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(${advisoryLockKey('schema', name).toString()})`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${name}`);
  });
}

/**
 * Runs `work` on one pooled connection. While the connection is checked out, a server-side close
 * between two queries is recorded instead of crashing the process, and a connection that failed in
 * any way is destroyed rather than returned to the pool: the next caller gets a fresh one.
 */
export async function withClient<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | null = null;
  const onError = (error: Error): void => {
    broken = error;
  };
  client.on('error', onError);
  try {
    const result = await work(client);
    client.removeListener('error', onError);
    client.release(broken ?? undefined);
    return result;
  } catch (error) {
    client.removeListener('error', onError);
    client.release(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}

/**
 * Runs `issue`, which starts several statements on a pipelined connection without waiting, with
 * the socket corked: they leave in one write (one system call) instead of one each.
 */
export function inOneWrite<T>(client: PoolClient, issue: () => T): T {
  const socket = client.connection.stream;
  socket.cork();
  try {
    return issue();
  } finally {
    socket.uncork();
  }
}

/** Runs `work` in a transaction (READ COMMITTED) on one connection; rolls back on any error. */
export function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  return withClient(pool, async (client) => {
    await client.query('BEGIN');
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  });
}

/**
 * A 64-bit advisory lock key for a purpose within a schema: two ledgers in two schemas of one
 * database never wait on each other's locks.
 */
export function advisoryLockKey(purpose: string, schema: string | undefined): bigint {
  const digest = createHash('sha256')
    .update(`kyoyaku-ledger:${purpose}:${validSchemaName(schema)}`)
    .digest();
  return digest.readBigInt64BE(0);
}

/** SQLSTATE of a server error, or the errno-style code of a socket error. */
export function postgresErrorCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

/**
 * True when the server cannot be reached or dropped the connection: connection exceptions (08…),
 * shutdowns and a server still starting (57P01–57P03), socket errors, and pg's own messages for a
 * connection that ended or timed out.
 */
export function isConnectionError(error: unknown): boolean {
  const code = postgresErrorCode(error);
  if (code !== null) {
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return true;
    if (/^E[A-Z]+$/.test(code)) return true; // ECONNREFUSED, ENOENT (socket), ECONNRESET, EPIPE…
  }
  const message = error instanceof Error ? error.message : String(error);
  return /Connection terminated|connection error|timeout exceeded when trying to connect|Client was closed|not queryable/i.test(
    message,
  );
}

export function describePostgresError(error: unknown): string {
  const code = postgresErrorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return code === null ? message : `${code}: ${message}`;
}

/** Any failure of the server or the connection, as the port's StoreUnavailable. */
export function unavailable(what: string, error: unknown): StoreUnavailableError {
  if (error instanceof StoreUnavailableError) return error;
  return new StoreUnavailableError(`${what} (${describePostgresError(error)})`, { cause: error });
}

import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export type StoreKind = 'sqlite' | 'postgres' | 'eventstoredb';
export type ReadStoreKind = 'sqlite' | 'postgres';
export type ReadAccess = 'open' | 'token';

/** Everything the server reads from the environment, validated once at start. */
export interface LedgerConfig {
  port: number;
  host: string;
  dataDir: string;
  store: StoreKind;
  /** The PostgreSQL database (LEDGER_POSTGRES_URL): required when store is postgres. */
  postgresUrl?: string;
  /** EventStoreDB (EVENTSTORE_CONNECTION_STRING): required when store is eventstoredb. */
  eventStoreConnectionString?: string;
  /**
   * Where read models, the projector's checkpoint and (EventStoreDB) the Merkle tree live
   * (LEDGER_READ_STORE): the ledger file with sqlite, PostgreSQL with postgres; with eventstoredb,
   * either (sqlite: read-models.sqlite in the data folder).
   */
  readStore: ReadStoreKind;
  readAccess: ReadAccess;
  /** Load the 青森圏域 demo history when the store is empty. */
  seedDemo: boolean;
  /** Largest accepted request body, bytes. */
  bodyLimit: number;
  /** Most array elements and object members a JSON body may hold; more → 413 (checked before parsing). */
  bodyMaxElements: number;
  /** How long a command waits for the projections to reach its position (read-your-writes). */
  projectionWaitMs: number;
  /**
   * How long the answer to a request with an Idempotency-Key is kept for replay (hours); later, a
   * retry is answered from the events the key recorded, which keep it for good.
   */
  idempotencyRecordHours: number;
  /** Names the log in checkpoints and is the signing key's name. */
  logName: string;
  /** The checkpoint signer key (PRIVATE+KEY+…); by default a key file under the data folder. */
  signingKey?: string;
  /** Level of the JSON log on stdout (pino). */
  logLevel: LogLevel;
  /** Requests allowed per window, per client address and per bearer token; 0 turns a limit off. */
  rateLimit: { windowSeconds: number; perAddress: number; perToken: number };
  /** Time a client has to send its whole request (headers and body); slower → 408. */
  requestTimeoutMs: number;
  /** A connection with no traffic either way for this long is closed. */
  idleTimeoutMs: number;
  /**
   * Long answers written as the client reads them (GET /events/stream, GET /ledger/export): how many
   * may be open per client address and in all (more → 429), and how long one may wait for its client
   * to take more before it is closed.
   */
  streams: { perAddress: number; total: number; writeTimeoutMs: number };
  /** Browser origins allowed to call the API (CORS); empty: closed. `['*']`: any origin. */
  corsOrigins: string[];
  /** Addresses of reverse proxies whose X-Forwarded-For is believed (client addresses for rate limits). */
  trustProxy: string[];
  /** Who may read GET /metrics: an admin token, or anyone who reaches the port. */
  metricsAccess: MetricsAccess;
  /** GET /health/ready answers 503 while more events than this wait for the projector. */
  readyMaxLag: number;
  /** Bytes of serialized public reads kept to answer repeated requests (LRU); 0 turns the cache off. */
  readCacheBytes: number;
  /**
   * With the read models in PostgreSQL, each process's replica of them: the directory of its file
   * (LEDGER_READ_REPLICA_DIR), and the bytes of it SQLite keeps in memory (LEDGER_READ_REPLICA_CACHE_BYTES).
   */
  readReplica: { dir: string; cacheBytes: number };
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type MetricsAccess = 'admin' | 'open';

export const LEDGER_CONFIG = Symbol('LEDGER_CONFIG');

export class ConfigError extends Error {}

function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined || value === '') return fallback;
  const found = allowed.find((a) => a === value);
  if (found === undefined) {
    throw new ConfigError(`${name}=${value} is not allowed; use one of: ${allowed.join(', ')}`);
  }
  return found;
}

function integer(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(`${name}=${value} must be an integer from ${min} to ${max}`);
  }
  return Number(value);
}

function logName(value: string | undefined): string {
  if (value === undefined || value === '') return 'kyoyaku-ledger';
  if (!/^[A-Za-z0-9._/-]{1,128}$/.test(value)) {
    throw new ConfigError(`LEDGER_LOG_NAME=${value} must be 1–128 characters of A–Z, a–z, 0–9 and . _ / -`);
  }
  return value;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** `*`, or origins as browsers send them: scheme://host[:port], no path. */
function corsOrigins(value: string | undefined): string[] {
  const origins = list(value);
  if (origins.includes('*')) {
    if (origins.length > 1)
      throw new ConfigError(`LEDGER_CORS_ORIGINS=${value} mixes * with origins; use one`);
    return ['*'];
  }
  for (const origin of origins) {
    if (!/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$|^https?:\/\/\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(origin)) {
      throw new ConfigError(
        `LEDGER_CORS_ORIGINS: ${origin} is not an origin; write each as scheme://host[:port] (e.g. https://portal.example.jp), comma-separated, or *`,
      );
    }
  }
  return origins;
}

/** IPv4/IPv6 addresses or CIDR ranges (Fastify's trustProxy). */
function trustProxy(value: string | undefined): string[] {
  const entries = list(value);
  for (const entry of entries) {
    const [address = '', bits, ...rest] = entry.split('/');
    const ip = isIP(address);
    const maxBits = ip === 6 ? 128 : 32;
    if (
      ip === 0 ||
      rest.length > 0 ||
      (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits))
    ) {
      throw new ConfigError(
        `LEDGER_TRUST_PROXY: ${entry} is not an address or CIDR range (e.g. 127.0.0.1 or 10.0.0.0/8)`,
      );
    }
  }
  return entries;
}

/** A postgresql:// URL, checked whenever it is given and required for LEDGER_STORE=postgres. */
function postgresUrl(store: StoreKind, value: string | undefined): string | undefined {
  const example =
    'e.g. postgresql://ledger:secret@db.example.jp:5432/ledger, or postgresql:///ledger?host=/var/run/postgresql for the local socket';
  if (value === undefined || value === '') {
    if (store !== 'postgres') return undefined;
    throw new ConfigError(
      `LEDGER_STORE=postgres needs LEDGER_POSTGRES_URL, the database to use (${example})`,
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      `LEDGER_POSTGRES_URL is not a URL; write it as postgresql://user:password@host:port/database (${example})`,
    );
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new ConfigError(
      `LEDGER_POSTGRES_URL must start with postgresql:// (not ${url.protocol}//) (${example})`,
    );
  }
  if (!/^\/[^/]+$/.test(url.pathname)) {
    throw new ConfigError(
      `LEDGER_POSTGRES_URL must name one database after the host, as in /ledger (${example})`,
    );
  }
  return value;
}

/** An esdb:// (or esdb+discover://) connection string, required for LEDGER_STORE=eventstoredb. */
function eventStoreConnectionString(store: StoreKind, value: string | undefined): string | undefined {
  const example =
    'e.g. esdb://localhost:2113?tls=false, or esdb://node1:2113,node2:2113,node3:2113 for a cluster';
  if (value === undefined || value === '') {
    if (store !== 'eventstoredb') return undefined;
    throw new ConfigError(`LEDGER_STORE=eventstoredb needs EVENTSTORE_CONNECTION_STRING (${example})`);
  }
  if (!/^esdb(\+discover)?:\/\/[^\s]+$/.test(value)) {
    throw new ConfigError(
      `EVENTSTORE_CONNECTION_STRING must start with esdb:// or esdb+discover:// (${example})`,
    );
  }
  return value;
}

/**
 * LEDGER_READ_STORE: the embedded and the PostgreSQL stores keep the read models with the events
 * (sqlite, postgres); EventStoreDB keeps only events, its read models go to either.
 */
function readStoreOf(
  store: StoreKind,
  value: string | undefined,
  postgres: string | undefined,
): ReadStoreKind {
  const fixed = store === 'eventstoredb' ? null : store;
  const readStore = oneOf('LEDGER_READ_STORE', value, ['sqlite', 'postgres'] as const, fixed ?? 'sqlite');
  if (fixed !== null && readStore !== fixed) {
    throw new ConfigError(
      `LEDGER_READ_STORE=${readStore} does not go with LEDGER_STORE=${store}, which keeps the read models with its ` +
        `events; LEDGER_READ_STORE chooses for LEDGER_STORE=eventstoredb (sqlite or postgres)`,
    );
  }
  if (readStore === 'postgres' && postgres === undefined) {
    throw new ConfigError(
      'LEDGER_READ_STORE=postgres needs LEDGER_POSTGRES_URL, the database for the read models ' +
        '(e.g. postgresql://ledger:secret@db.example.jp:5432/ledger)',
    );
  }
  return readStore;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const store = oneOf(
    'LEDGER_STORE',
    env.LEDGER_STORE,
    ['sqlite', 'postgres', 'eventstoredb'] as const,
    'sqlite',
  );
  const postgres = postgresUrl(store, env.LEDGER_POSTGRES_URL);
  const eventStoreDb = eventStoreConnectionString(store, env.EVENTSTORE_CONNECTION_STRING);
  const readStore = readStoreOf(store, env.LEDGER_READ_STORE, postgres);
  return {
    port: integer('PORT', env.PORT, 3000, 0, 65535),
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.LEDGER_DATA_DIR ?? './data'),
    store,
    ...(postgres === undefined ? {} : { postgresUrl: postgres }),
    ...(eventStoreDb === undefined ? {} : { eventStoreConnectionString: eventStoreDb }),
    readStore,
    readAccess: oneOf('LEDGER_READ_ACCESS', env.LEDGER_READ_ACCESS, ['open', 'token'] as const, 'open'),
    seedDemo: oneOf('LEDGER_SEED_DEMO', env.LEDGER_SEED_DEMO, ['true', 'false'] as const, 'true') === 'true',
    bodyLimit: integer('LEDGER_BODY_LIMIT', env.LEDGER_BODY_LIMIT, 1024 * 1024, 1024, 64 * 1024 * 1024),
    bodyMaxElements: integer(
      'LEDGER_BODY_MAX_ELEMENTS',
      env.LEDGER_BODY_MAX_ELEMENTS,
      100_000,
      10,
      10_000_000,
    ),
    projectionWaitMs: integer('LEDGER_PROJECTION_WAIT_MS', env.LEDGER_PROJECTION_WAIT_MS, 5000, 0, 60000),
    idempotencyRecordHours: integer(
      'LEDGER_IDEMPOTENCY_RECORD_HOURS',
      env.LEDGER_IDEMPOTENCY_RECORD_HOURS,
      24,
      1,
      8760,
    ),
    logName: logName(env.LEDGER_LOG_NAME),
    logLevel: oneOf('LEDGER_LOG_LEVEL', env.LEDGER_LOG_LEVEL, LOG_LEVELS, 'info'),
    rateLimit: {
      windowSeconds: integer(
        'LEDGER_RATE_LIMIT_WINDOW_SECONDS',
        env.LEDGER_RATE_LIMIT_WINDOW_SECONDS,
        60,
        1,
        86400,
      ),
      perAddress: integer(
        'LEDGER_RATE_LIMIT_PER_ADDRESS',
        env.LEDGER_RATE_LIMIT_PER_ADDRESS,
        1200,
        0,
        1_000_000,
      ),
      perToken: integer('LEDGER_RATE_LIMIT_PER_TOKEN', env.LEDGER_RATE_LIMIT_PER_TOKEN, 1200, 0, 1_000_000),
    },
    requestTimeoutMs: integer('LEDGER_REQUEST_TIMEOUT_MS', env.LEDGER_REQUEST_TIMEOUT_MS, 30000, 100, 600000),
    idleTimeoutMs: integer('LEDGER_IDLE_TIMEOUT_MS', env.LEDGER_IDLE_TIMEOUT_MS, 120000, 100, 3600000),
    streams: {
      perAddress: integer('LEDGER_STREAMS_PER_ADDRESS', env.LEDGER_STREAMS_PER_ADDRESS, 4, 1, 100_000),
      total: integer('LEDGER_STREAMS_TOTAL', env.LEDGER_STREAMS_TOTAL, 64, 1, 100_000),
      writeTimeoutMs: integer(
        'LEDGER_STREAM_WRITE_TIMEOUT_MS',
        env.LEDGER_STREAM_WRITE_TIMEOUT_MS,
        30_000,
        100,
        3_600_000,
      ),
    },
    corsOrigins: corsOrigins(env.LEDGER_CORS_ORIGINS),
    trustProxy: trustProxy(env.LEDGER_TRUST_PROXY),
    metricsAccess: oneOf(
      'LEDGER_METRICS_ACCESS',
      env.LEDGER_METRICS_ACCESS,
      ['admin', 'open'] as const,
      'admin',
    ),
    readyMaxLag: integer('LEDGER_READY_MAX_LAG', env.LEDGER_READY_MAX_LAG, 1000, 0, 1_000_000_000),
    readCacheBytes: integer(
      'LEDGER_READ_CACHE_BYTES',
      env.LEDGER_READ_CACHE_BYTES,
      64 * 1024 * 1024,
      0,
      16 * 1024 * 1024 * 1024,
    ),
    readReplica: {
      dir: resolve(env.LEDGER_READ_REPLICA_DIR || join(tmpdir(), 'kyoyaku-read-replicas')),
      cacheBytes: integer(
        'LEDGER_READ_REPLICA_CACHE_BYTES',
        env.LEDGER_READ_REPLICA_CACHE_BYTES,
        16 * 1024 * 1024,
        1024 * 1024,
        16 * 1024 * 1024 * 1024,
      ),
    },
    ...(env.LEDGER_SIGNING_KEY === undefined || env.LEDGER_SIGNING_KEY === ''
      ? {}
      : { signingKey: env.LEDGER_SIGNING_KEY }),
  };
}

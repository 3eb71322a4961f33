import { resolve } from 'node:path';

export type StoreKind = 'sqlite' | 'postgres' | 'eventstoredb';
export type ReadAccess = 'open' | 'token';

/** Everything the server reads from the environment, validated once at start. */
export interface LedgerConfig {
  port: number;
  host: string;
  dataDir: string;
  store: StoreKind;
  readAccess: ReadAccess;
  /** Load the 青森圏域 demo history when the store is empty. */
  seedDemo: boolean;
  /** Largest accepted request body, bytes. */
  bodyLimit: number;
  /** How long a command waits for the projections to reach its position (read-your-writes). */
  projectionWaitMs: number;
  /** Names the log in checkpoints and is the signing key's name. */
  logName: string;
  /** The checkpoint signer key (PRIVATE+KEY+…); by default a key file under the data folder. */
  signingKey?: string;
}

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

export function loadConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  return {
    port: integer('PORT', env.PORT, 3000, 0, 65535),
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.LEDGER_DATA_DIR ?? './data'),
    store: oneOf('LEDGER_STORE', env.LEDGER_STORE, ['sqlite', 'postgres', 'eventstoredb'] as const, 'sqlite'),
    readAccess: oneOf('LEDGER_READ_ACCESS', env.LEDGER_READ_ACCESS, ['open', 'token'] as const, 'open'),
    seedDemo: oneOf('LEDGER_SEED_DEMO', env.LEDGER_SEED_DEMO, ['true', 'false'] as const, 'true') === 'true',
    bodyLimit: integer('LEDGER_BODY_LIMIT', env.LEDGER_BODY_LIMIT, 1024 * 1024, 1024, 64 * 1024 * 1024),
    projectionWaitMs: integer('LEDGER_PROJECTION_WAIT_MS', env.LEDGER_PROJECTION_WAIT_MS, 5000, 0, 60000),
    logName: logName(env.LEDGER_LOG_NAME),
    ...(env.LEDGER_SIGNING_KEY === undefined || env.LEDGER_SIGNING_KEY === ''
      ? {}
      : { signingKey: env.LEDGER_SIGNING_KEY }),
  };
}

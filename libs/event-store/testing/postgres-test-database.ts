import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { withDefaultUser } from '@kyoyaku/event-store';

/**
 * Test support for the PostgreSQL adapters: where the test server is, whether it answers, and a
 * fresh database per test file (or per app), so Jest workers running in parallel never share
 * tables. Not used by the product.
 */

/** The local server's socket, database kyoyaku_test (as .ci/run creates it). */
export const DEFAULT_TEST_POSTGRES_URL = 'postgresql:///kyoyaku_test?host=/var/run/postgresql';

/** LEDGER_TEST_POSTGRES_URL, or the local default. */
export function testPostgresUrl(): string {
  const url = process.env.LEDGER_TEST_POSTGRES_URL;
  return url === undefined || url === '' ? DEFAULT_TEST_POSTGRES_URL : url;
}

/** The URL with the password left out, for messages. */
export function redactedPostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

const availability = new Map<string, string | null>();

/**
 * Null when a PostgreSQL server answers at `url` (default: testPostgresUrl()), else why not — for
 * `skipLoudly`. Synchronous (a short child process), because Jest decides at collection time
 * whether a suite runs. Asked once per URL and process.
 */
export function postgresUnavailableReason(url: string = testPostgresUrl()): string | null {
  const known = availability.get(url);
  if (known !== undefined) return known;
  const script = `
    const { Client } = require(${JSON.stringify(require.resolve('pg'))});
    const client = new Client({ connectionString: process.env.PROBE_URL, connectionTimeoutMillis: 3000 });
    client.connect()
      .then(() => client.query('SELECT 1'))
      .then(() => client.end())
      .then(() => process.stdout.write('ok'))
      .catch((error) => { process.stdout.write(String(error && error.message || error)); process.exit(0); });`;
  const probe = spawnSync(process.execPath, ['-e', script], {
    env: { ...process.env, PROBE_URL: withDefaultUser(url) },
    encoding: 'utf8',
    timeout: 10_000,
  });
  const output = (probe.stdout ?? '').trim();
  const reason =
    output === 'ok'
      ? null
      : `no PostgreSQL server answers at ${redactedPostgresUrl(url)} (${
          output || probe.error?.message || 'no answer'
        }); start one (pg_ctlcluster 15 main start, a role for this user, createdb kyoyaku_test) or set LEDGER_TEST_POSTGRES_URL`;
  availability.set(url, reason);
  return reason;
}

/** `url` with another database name. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export interface TestDatabase {
  /** Its name, kyoyaku_t_<pid>_<random>. */
  name: string;
  /** A URL of it, for the adapters. */
  url: string;
  /** Drops it (connections still open to it are ended by the server). */
  drop(): Promise<void>;
}

const PREFIX = 'kyoyaku_t_';

function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Creates a fresh, empty database next to the one `url` names (through that one). Databases left
 * behind by test processes that no longer run (killed before their cleanup) are dropped on the way.
 */
export async function createTestDatabase(url: string = testPostgresUrl()): Promise<TestDatabase> {
  const name = `${PREFIX}${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: withDefaultUser(url), connectionTimeoutMillis: 5000 });
  await admin.connect();
  try {
    const leftovers = await admin.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${PREFIX}%`],
    );
    for (const { datname } of leftovers.rows) {
      const pid = Number(/^kyoyaku_t_(\d+)_/.exec(datname)?.[1]);
      if (Number.isSafeInteger(pid) && processIsGone(pid)) {
        await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => undefined);
      }
    }
    await admin.query(`CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: withDatabase(url, name),
    async drop() {
      const client = new Client({ connectionString: withDefaultUser(url), connectionTimeoutMillis: 5000 });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

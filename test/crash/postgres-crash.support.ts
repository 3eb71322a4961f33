import { canonicalEventBytes, PostgresEventStore, withDefaultUser } from '@kyoyaku/event-store';
import { merkleRootOf, PostgresMerkleLog } from '@kyoyaku/ledger';
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Ack } from './append-loop.support';
import {
  childScript as childScriptOf,
  expectIntactEvents,
  readEverything,
  REPO_ROOT,
} from './crash-checks.support';

/** Shared by the PostgreSQL crash tests: the appending child, its acks, and the checks after a crash. */

export { readAcks } from './crash-checks.support';

/** node -e script: the transpiled .ts hook, then the PostgreSQL append loop. */
export function childScript(): string {
  return childScriptOf('postgres-append-loop.child.ts');
}

export interface RunningChild {
  /** Resolves once the child has opened the store and started appending. */
  ready: Promise<void>;
  /** Resolves when it has exited: how, and what it wrote to stderr. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  /** The last count of appends it had to retry (the server was away), as it reported. */
  retries(): number;
  kill(): void;
}

export function startChild(script: string, env: Record<string, string>): RunningChild {
  const child: ChildProcess = spawn(process.execPath, ['-e', script], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let retries = 0;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolveReady, rejectReady) => {
    markReady = resolveReady;
    setTimeout(
      () => rejectReady(new Error(`the child did not start within 30 s: ${stderr}`)),
      30_000,
    ).unref();
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    if (text.includes('ready')) markReady();
    for (const match of text.matchAll(/retries (\d+)/g)) retries = Number(match[1]);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolveExit) => child.on('exit', (code, signal) => resolveExit({ code, signal, stderr })),
  );
  return { ready, exited, retries: () => retries, kill: () => child.kill('SIGKILL') };
}

/**
 * What must hold after any crash: positions 1..head without a gap; every acknowledged event there
 * unchanged; every event verifies and every stream is an unbroken chain; every append whole and
 * written once; the Merkle tree holds exactly one leaf per event and its root is the root of the
 * events. Returns the number of events.
 */
export async function expectIntactLedger(url: string, schema: string, acks: readonly Ack[]): Promise<number> {
  // The tree as the crash left it, before a store (whose log would catch up) opens.
  const client = new Client({ connectionString: withDefaultUser(url) });
  await client.connect();
  let treeRows: string;
  try {
    treeRows =
      (await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.merkle_tree`)).rows[0]?.n ?? '';
  } finally {
    await client.end();
  }
  const log = new PostgresMerkleLog();
  const store = await PostgresEventStore.open({ connectionString: url, schema, participants: [log] });
  try {
    const all = await readEverything(store);
    expect(await store.headPosition()).toBe(BigInt(all.length));
    expect(treeRows).toBe(String(all.length));
    expectIntactEvents(all, acks);
    expect(await log.root(BigInt(all.length))).toEqual(merkleRootOf(all.map((e) => canonicalEventBytes(e))));
    // The crashed writer left no lock or transaction behind: the next append goes through at once.
    const append = `checked-${all.length}`;
    const next = await store.append(
      'crash-checks',
      [
        {
          type: 'CrashChecked',
          schemaVersion: 1,
          data: { append, index: 0, count: 1 },
          metadata: { actor: { id: 'crash-test', role: 'system' }, correlationId: append, source: 'cli' },
        },
      ],
      { expectedRevision: 'any' },
    );
    expect(next.position).toBe(BigInt(all.length + 1));
    return all.length + 1;
  } finally {
    await store.close();
  }
}

// ---- a private PostgreSQL server, for the restart test -------------------------------------------

const POSTGRES_BIN = '/usr/lib/postgresql';
const run = promisify(execFile);

function binDir(): string | null {
  if (!existsSync(POSTGRES_BIN)) return null;
  const versions = readdirSync(POSTGRES_BIN)
    .filter((v) => existsSync(join(POSTGRES_BIN, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? null : join(POSTGRES_BIN, versions[0], 'bin');
}

function postgresUser(): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
  } catch {
    return null;
  }
}

/**
 * Null when this test can run a PostgreSQL server of its own (and so restart it without disturbing
 * anything else on the machine), else why not.
 */
export function privateServerUnavailableReason(): string | null {
  if (process.getuid?.() !== 0) {
    return `the restart test runs a PostgreSQL server of its own (initdb and pg_ctl as the postgres user), which needs root; this runs as ${userInfo().username}`;
  }
  if (binDir() === null)
    return `no PostgreSQL server binaries under ${POSTGRES_BIN}/<version>/bin (apt-get install postgresql)`;
  if (postgresUser() === null) return 'there is no postgres user to run the server as';
  return null;
}

export interface PrivateServer {
  /** postgresql:// URL of a database on it (over its Unix socket only). */
  url(database: string): string;
  /** pg_ctl restart -m fast: clients are disconnected, a checkpoint is written. */
  restart(): Promise<void>;
  /** pg_ctl stop: `immediate` is as a crash (the next start replays the WAL). */
  stop(mode: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its files. */
  destroy(): Promise<void>;
}

/** initdb in a temporary folder, and a server on a Unix socket there (no TCP port at all). */
export async function startPrivateServer(): Promise<PrivateServer> {
  const bin = binDir();
  const owner = postgresUser();
  if (bin === null || owner === null) throw new Error(privateServerUnavailableReason() ?? 'no server');
  const folder = mkdtempSync(join(tmpdir(), 'kyoyaku-pg-restart-'));
  chownSync(folder, owner.uid, owner.gid);
  const data = join(folder, 'data');
  const asPostgres = async (command: string, args: string[]): Promise<void> => {
    await run('runuser', ['-u', 'postgres', '--', join(bin, command), ...args], { timeout: 120_000 });
  };
  const options = `-k ${folder} -c listen_addresses='' -c fsync=on -c synchronous_commit=on`;
  const pgCtl = (...args: string[]): Promise<void> =>
    asPostgres('pg_ctl', ['-D', data, '-l', join(folder, 'log'), '-w', '-t', '60', ...args]);
  await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  await pgCtl('-o', options, 'start');
  await asPostgres('createdb', ['-h', folder, 'ledger']);
  return {
    url: (database) => `postgresql:///${database}?host=${folder}&user=postgres`,
    restart: () => pgCtl('-m', 'fast', '-o', options, 'restart'),
    stop: (mode) => pgCtl('-m', mode, 'stop'),
    start: () => pgCtl('-o', options, 'start'),
    async destroy() {
      try {
        await pgCtl('-m', 'immediate', 'stop');
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}

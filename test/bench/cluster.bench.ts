/**
 * `npm run bench:cluster` (not a test): 1, 2 and 3 API processes as users run them
 * (node dist/apps/api/src/main.js) on one PostgreSQL database — a fresh one per process count, the
 * 青森圏域 demo loaded once by the first process — under the same mixed load from one load generator
 * (this process) on 127.0.0.1, spread round-robin over the processes:
 *
 * - 9 requests in 10 are anonymous reads: a text as of a random date, an agreement's versions (沿革),
 *   the consultation register and the cost-share register of a random 年度;
 * - 1 in 10 is a write by the secretariat's token, with an Idempotency-Key and (after the first)
 *   If-Match: each client declares a region of its own, then adopts 都市圏ビジョン on it (repeatable
 *   under new titles), moving to a new region every 20 writes.
 *
 * Each process count is measured with 0 and with BENCH_STREAMS idle event streams (GET /events/stream)
 * open: PostgreSQL transactions/s (pg_stat_database.xact_commit of the database) with no load and
 * under load, requests/s, p50/p99, and each process's RSS. Then the RSS of one process at 10 %
 * and 100 % of BENCH_EVENTS events, on a ledger built straight into the store (see scaleLedger).
 * Rate limits are off (LEDGER_RATE_LIMIT_*=0) because one address sends everything.
 *
 *   npm run bench:cluster                                   # LEDGER_TEST_POSTGRES_URL's server
 *   BENCH_POSTGRES_URL=postgresql://… npm run bench:cluster
 *   BENCH_SECONDS=10 BENCH_EVENTS=20000 npm run bench:cluster   # a quicker run
 *
 * BENCH_PROCESSES (default 1,2,3), BENCH_CLIENTS (16 concurrent clients), BENCH_STREAMS (20),
 * BENCH_IDLE_SECONDS (10) set the rest. BENCH_KEEP_LEDGERS=1 keeps the RSS ledgers (one database
 * and data folder per size) and reuses them on the next run, which then only starts the processes;
 * BENCH_SIZES (e.g. 10000,100000,300000) measures the RSS at those sizes instead of 10 % and 100 % of
 * BENCH_EVENTS; BENCH_API_NODE_FLAGS passes flags to the API processes' node (e.g. --max-old-space-size=256). Imports are relative, like the other benchmarks.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { type ClientRequest, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { NewEvent } from '../../libs/event-store/src/event-store.port';
import { withDefaultUser } from '../../libs/event-store/src/postgres/postgres-connection';
import {
  createTestDatabase,
  redactedPostgresUrl,
  testPostgresUrl,
  type TestDatabase,
  withDatabase,
} from '../../libs/event-store/testing/postgres-test-database';
import { loadConfig, openLedger, systemClock } from '@kyoyaku/runtime';
import { apiNodeFlags } from './api-node-flags';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 10);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const STREAMS = Number(process.env.BENCH_STREAMS ?? 20);
const PROCESSES = (process.env.BENCH_PROCESSES ?? '1,2,3').split(',').map(Number);
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL || testPostgresUrl();
const WRITE_SHARE = 0.1;
const WRITES_PER_REGION = 20;
const DIST = join(__dirname, '..', '..');
/** BENCH_KEEP_LEDGERS=1: the RSS ledgers are kept between runs and reused (see keptLedger). */
const KEEP_LEDGERS = process.env.BENCH_KEEP_LEDGERS === '1';
/**
 * BENCH_API_NODE_FLAGS: flags for the API processes' node (V8 heap sizes, say), space-separated;
 * by default those of `npm start`.
 */
const API_NODE_FLAGS =
  process.env.BENCH_API_NODE_FLAGS === undefined
    ? apiNodeFlags()
    : process.env.BENCH_API_NODE_FLAGS.split(' ').filter((flag) => flag !== '');
/** Written in a kept ledger's data folder once its events are appended and projected. */
const BUILT_MARK = 'bench-ledger-built';

// ---- API processes ------------------------------------------------------------------------------

interface Api {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
}

function apiEnv(database: TestDatabase, dataDir: string, seedDemo: boolean): Record<string, string> {
  return {
    LEDGER_STORE: 'postgres',
    LEDGER_POSTGRES_URL: database.url,
    LEDGER_DATA_DIR: dataDir,
    LEDGER_SEED_DEMO: String(seedDemo),
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    LEDGER_LOG_LEVEL: 'warn',
    // One address sends everything: the limits would measure themselves, not the cluster.
    LEDGER_RATE_LIMIT_PER_ADDRESS: '0',
    LEDGER_RATE_LIMIT_PER_TOKEN: '0',
    LEDGER_STREAMS_PER_ADDRESS: '1000',
    LEDGER_STREAMS_TOTAL: '1000',
    // The heap figures beside the RSS (bench only: nobody else reaches 127.0.0.1 here).
    LEDGER_METRICS_ACCESS: 'open',
  };
}

async function startApi(env: Record<string, string>): Promise<Api> {
  const child = spawn(process.execPath, [...API_NODE_FLAGS, join(DIST, 'apps/api/src/main.js')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const serving = /serving at (http:\/\/\S+)/;
  const deadline = Date.now() + 600_000;
  while (!serving.test(text)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the API did not start:\n${text}`);
    await sleep(50);
  }
  return { child, baseUrl: serving.exec(text)?.[1] ?? '', output: () => text };
}

async function stopApi(api: Api): Promise<void> {
  if (api.child.exitCode !== null) return;
  const exited = new Promise((resolve) => api.child.once('exit', resolve));
  api.child.kill('SIGTERM');
  await exited;
}

/** Resident set size of a process, MB (Linux). */
function rssMb(child: ChildProcess): number {
  const status = readFileSync(`/proc/${String(child.pid)}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

async function waitCaughtUp(api: Api): Promise<void> {
  for (;;) {
    const health = (await (await fetch(`${api.baseUrl}/health`)).json()) as { projection?: { lag?: number } };
    if (health.projection?.lag === 0) return;
    await sleep(200);
  }
}

/**
 * Waits until the elected process has finished its first background checks (the full verification
 * and the read models' rebuild-and-compare, which read the whole ledger once at election).
 */
async function waitChecked(api: Api): Promise<void> {
  for (;;) {
    const health = (await (await fetch(`${api.baseUrl}/health`)).json()) as {
      integrity?: { readModels?: { status?: string } };
    };
    const status = health.integrity?.readModels?.status;
    if (status !== undefined && status !== 'not-yet-checked') return;
    await sleep(500);
  }
}

// ---- the load -----------------------------------------------------------------------------------

interface Sample {
  write: boolean;
  ms: number;
  answer: string;
}

const AGREEMENTS = ['aomori-hiranai', 'aomori-imabetsu', 'aomori-yomogita', 'aomori-sotogahama'];
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

function randomDate(): string {
  const from = Date.UTC(2021, 0, 1);
  const to = Date.UTC(2026, 2, 31);
  return new Date(from + Math.random() * (to - from)).toISOString().slice(0, 10);
}

function readPath(): string {
  const fiscalYear = 2020 + Math.floor(Math.random() * 7);
  return pick([
    () => `/agreements/${pick(AGREEMENTS)}/text?asOf=${randomDate()}`,
    () => `/agreements/${pick(AGREEMENTS)}/versions`,
    () => `/regions/aomori/consultations?fiscalYear=${fiscalYear}`,
    () => `/regions/aomori/cost-shares?fiscalYear=${fiscalYear}`,
  ])();
}

async function timed(
  url: string,
  init: RequestInit,
  samples: Sample[],
  write: boolean,
): Promise<Response | null> {
  const started = process.hrtime.bigint();
  let res: Response | null = null;
  let answer = 'network error';
  try {
    res = await fetch(url, init);
    await res.arrayBuffer();
    answer = String(res.status);
  } catch {
    res = null;
  }
  samples.push({ write, ms: Number(process.hrtime.bigint() - started) / 1e6, answer });
  return res;
}

/** Clients reading and writing until `until`, each request to the next process in turn. */
async function load(apis: Api[], token: string, phase: string, until: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  let turn = 0;
  const next = (): string => (apis[turn++ % apis.length] as Api).baseUrl;
  const client = async (id: number): Promise<void> => {
    let region = 0;
    let writes = 0;
    let revision: number | null = null;
    while (Date.now() < until) {
      if (Math.random() >= WRITE_SHARE) {
        await timed(next() + readPath(), {}, samples, false);
        continue;
      }
      const regionId = `bench-${phase}-${id}-${region}`;
      const headers: Record<string, string> = {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': `${regionId}-${writes}`,
      };
      const res: Response | null =
        revision === null
          ? await timed(
              `${next()}/regions`,
              {
                method: 'POST',
                headers,
                body: JSON.stringify({
                  regionId,
                  name: 'ベンチマーク圏域',
                  coreCity: { code: '022012', name: '青森市' },
                  declaredOn: '2019-11-18',
                }),
              },
              samples,
              true,
            )
          : await timed(
              `${next()}/regions/${regionId}/visions`,
              {
                method: 'POST',
                headers: { ...headers, 'if-match': `"${revision}"` },
                body: JSON.stringify({ title: `第${writes}期ビジョン`, adoptedOn: '2020-01-01' }),
              },
              samples,
              true,
            );
      writes++;
      if (res?.status === 201 && writes < WRITES_PER_REGION) {
        revision = Number((res.headers.get('etag') ?? '').replaceAll('"', ''));
      } else {
        // Next region: after 20 writes, or after an answer other than 201 (counted in the table).
        region++;
        writes = 0;
        revision = null;
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
  return samples;
}

/** Opens `count` event streams spread over the processes; resolves once each has answered 200. */
async function openStreams(apis: Api[], count: number): Promise<ClientRequest[]> {
  const requests: ClientRequest[] = [];
  await Promise.all(
    Array.from(
      { length: count },
      (_, i) =>
        new Promise<void>((resolve, reject) => {
          const req = get(
            `${(apis[i % apis.length] as Api).baseUrl}/events/stream`,
            { agent: false },
            (res) => {
              res.resume(); // read and drop: an idle client that keeps up
              if (res.statusCode === 200) resolve();
              else reject(new Error(`an event stream answered ${String(res.statusCode)}`));
            },
          );
          req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
          requests.push(req);
        }),
    ),
  );
  return requests;
}

async function xactCommits(pg: Client): Promise<number> {
  const result = await pg.query<{ n: string }>(
    'SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = current_database()',
  );
  return Number(result.rows[0]?.n);
}

/**
 * PostgreSQL (15) reports a backend's commits at most once a second, and the last ones of a backend
 * gone idle up to 10 s later (PGSTAT_IDLE_INTERVAL). So a count read right after a load still lacks
 * some of the load's commits, which then arrive in bursts during the next seconds with no statement
 * behind them (BENCH_TRACE=1 shows it): read counts this long after the activity before them.
 */
const STATS_SETTLE_MS = 11_000;

/**
 * Transactions/s committed in the database during `during`, read STATS_SETTLE_MS after whatever
 * ran before, and (`settle`, for a load) that long after it too. In a steady state the lag is the
 * same at both ends and needs no pause after.
 */
async function xactRate(pg: Client, during: () => Promise<unknown>, settle: boolean): Promise<number> {
  await sleep(STATS_SETTLE_MS);
  const before = await xactCommits(pg);
  const started = Date.now();
  await during();
  const seconds = (Date.now() - started) / 1000;
  if (settle) await sleep(STATS_SETTLE_MS);
  // The monitor's own queries are in the count; they do not matter at these rates.
  return ((await xactCommits(pg)) - before) / seconds;
}

/**
 * What the database's sessions run during `during` (BENCH_TRACE=1): pg_stat_activity sampled every
 * 10 ms, each statement counted once (by session and start), by application and text; and the
 * database's commits second by second. Read through the `postgres` database, so that the sampling
 * itself is not counted in the database's commits.
 */
async function traceStatements(
  database: TestDatabase,
  during: Promise<unknown>,
): Promise<Map<string, number>> {
  const monitor = new Client({ connectionString: withDefaultUser(withDatabase(database.url, 'postgres')) });
  await monitor.connect();
  const commits = async (): Promise<number> =>
    Number(
      (
        await monitor.query<{ n: string }>(
          'SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = $1',
          [database.name],
        )
      ).rows[0]?.n,
    );
  const seen = new Set<string>();
  const counts = new Map<string, number>();
  let over = false;
  void during.finally(() => (over = true));
  const perSecond: number[] = [];
  let second = Date.now();
  let last = await commits();
  try {
    while (!over) {
      if (Date.now() - second >= 1000) {
        const now = await commits();
        perSecond.push(now - last);
        last = now;
        second = Date.now();
      }
      const rows = await monitor.query<{ pid: number; app: string; started: string; query: string }>(
        `SELECT pid, application_name AS app, query_start::text AS started,
                left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS query
           FROM pg_stat_activity WHERE datname = $1 AND query_start IS NOT NULL`,
        [database.name],
      );
      for (const r of rows.rows) {
        const id = `${r.pid} ${r.started}`;
        if (seen.has(id)) continue;
        seen.add(id);
        const key = `${r.app.replace(/\(pid \d+\)/, '')} | ${r.query}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      await sleep(10);
    }
  } finally {
    await monitor.end();
  }
  counts.set(`commits second by second: ${perSecond.join(' ')}`, 0);
  return counts;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

interface Row {
  processes: number;
  streams: number;
  idleXact: number;
  loadXact: number;
  afterXact: number;
  rps: number;
  p50: number;
  p99: number;
  writeP99: number;
  writes: number;
  rss: number[];
  other: string;
}

async function cluster(processes: number): Promise<Row[]> {
  const database = await createTestDatabase(POSTGRES_URL);
  const dirs = Array.from({ length: processes }, () => mkdtempSync(join(tmpdir(), 'kyoyaku-bench-cluster-')));
  const apis: Api[] = [];
  const pg = new Client({ connectionString: withDefaultUser(database.url) });
  const rows: Row[] = [];
  try {
    const [first, ...others] = dirs as [string, ...string[]];
    apis.push(await startApi(apiEnv(database, first, true)));
    for (const dir of others) {
      // Every process signs with the same key (README, On PostgreSQL).
      copyFileSync(join(first, 'ledger-signing.key'), join(dir, 'ledger-signing.key'));
      apis.push(await startApi(apiEnv(database, dir, false)));
    }
    const tokens = JSON.parse(readFileSync(join(first, 'demo-tokens.json'), 'utf8')) as {
      role: string;
      token: string;
    }[];
    const secretariat = tokens.find((t) => t.role === 'secretariat')?.token ?? '';
    await pg.connect();
    // Idle first, both stream counts, so that what a load phase leaves behind counts in neither.
    const idle = new Map<number, number>();
    for (const streams of [0, STREAMS]) {
      const open = await openStreams(apis, streams);
      try {
        idle.set(streams, await xactRate(pg, () => sleep(IDLE_SECONDS * 1000), false));
      } finally {
        for (const req of open) req.destroy();
      }
    }
    for (const streams of [0, STREAMS]) {
      const open = await openStreams(apis, streams);
      try {
        let samples: Sample[] = [];
        let elapsed = 0;
        const loadXact = await xactRate(
          pg,
          async () => {
            const started = Date.now();
            samples = await load(apis, secretariat, `${processes}-${streams}`, started + SECONDS * 1000);
            elapsed = (Date.now() - started) / 1000;
          },
          true,
        );
        // Right after the load, the same streams open: what a load phase leaves behind.
        const afterXact = await xactRate(
          pg,
          async () => {
            const idling = sleep(IDLE_SECONDS * 1000);
            if (process.env.BENCH_TRACE !== '1') return idling;
            const counts = await traceStatements(database, idling);
            console.error(`  statements seen after the load (${processes} process(es), ${streams} streams):`);
            for (const [key, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 16))
              console.error(`    ${n} × ${key}`);
          },
          false,
        );
        const all = samples.map((s) => s.ms).sort((a, b) => a - b);
        const writes = samples.filter((s) => s.write);
        const other = new Map<string, number>();
        for (const s of samples) {
          if (s.answer === (s.write ? '201' : '200')) continue;
          const key = `${s.write ? 'write' : 'read'} ${s.answer}`;
          other.set(key, (other.get(key) ?? 0) + 1);
        }
        rows.push({
          processes,
          streams,
          idleXact: idle.get(streams) ?? NaN,
          loadXact,
          afterXact,
          rps: samples.length / elapsed,
          p50: percentile(all, 50),
          p99: percentile(all, 99),
          writeP99: percentile(
            writes.map((s) => s.ms).sort((a, b) => a - b),
            99,
          ),
          writes: writes.length,
          rss: apis.map((api) => rssMb(api.child)),
          other: [...other].map(([k, n]) => `${n} × ${k}`).join(', ') || 'none',
        });
        console.error(`  measured: ${processes} process(es), ${streams} idle streams`);
      } finally {
        for (const req of open) req.destroy();
      }
    }
  } finally {
    await pg.end().catch(() => undefined);
    for (const api of apis) await stopApi(api);
    await database.drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

// ---- RSS against the ledger's size ----------------------------------------------------------------

/** Events per append: one region declared, then its 都市圏ビジョン. */
const EVENTS_PER_REGION = 100;

interface ScaleRow {
  events: number;
  appendSeconds: number;
  projectSeconds: number;
  startSeconds: number;
  rss: number;
  /** Once the first background checks are over (their transient work done). */
  rssChecked: number;
  /** The JavaScript heap in use then (prom-client's nodejs_heap_size_used_bytes), MB. */
  heapUsed: number;
}

/** A process's JavaScript heap in use, MB (GET /metrics). */
async function heapUsedMb(api: Api): Promise<number> {
  const text = await (await fetch(`${api.baseUrl}/metrics`)).text();
  return Number(/^nodejs_heap_size_used_bytes (\S+)/m.exec(text)?.[1] ?? NaN) / 1024 / 1024;
}

/**
 * A ledger of `target` events written straight into the store (test/support/bulk-ledger.ts writes
 * events no projection reads, so the read models — most of what a process holds — would stay empty):
 * regions, each declared and then given 99 都市圏ビジョン, 100 events per append, as the API would
 * record them (RegionDeclared, VisionAdopted; each a document of the region's timeline). Projected
 * by this process, then one API process is started on it and its RSS read once it serves, has caught
 * up and has answered a few reads.
 */
async function scaleLedger(targets: number[]): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = [];
  if (KEEP_LEDGERS) {
    // A ledger of each size of its own, kept (database and data folder) and reused when it is there.
    for (const target of targets) {
      const kept = await keptLedger(target);
      rows.push(...(await measureScale(kept.database, kept.dataDir, [target], kept.built)));
    }
    return rows;
  }
  const database = await createTestDatabase(POSTGRES_URL);
  const dataDir = mkdtempSync(join(tmpdir(), 'kyoyaku-bench-scale-'));
  try {
    rows.push(...(await measureScale(database, dataDir, targets, false)));
  } finally {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}

/**
 * BENCH_KEEP_LEDGERS=1: the ledger of `events` events in database kyoyaku_bench_scale_<events> and
 * data folder kyoyaku-bench-scale-<events> (OS temporary directory, with the signing key), made
 * once; `built` when both were there already (the events appended and projected by an earlier run).
 */
async function keptLedger(
  events: number,
): Promise<{ database: TestDatabase; dataDir: string; built: boolean }> {
  const name = `kyoyaku_bench_scale_${events}`;
  const dataDir = join(tmpdir(), `kyoyaku-bench-scale-${events}`);
  const admin = new Client({ connectionString: withDefaultUser(POSTGRES_URL) });
  await admin.connect();
  let built: boolean;
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    built = exists.rowCount === 1 && existsSync(join(dataDir, BUILT_MARK));
    if (!built) {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0`);
      rmSync(dataDir, { recursive: true, force: true });
      mkdirSync(dataDir, { recursive: true });
    }
  } finally {
    await admin.end();
  }
  const url = withDatabase(POSTGRES_URL, name);
  // Kept: never dropped here (drop it with dropdb, and delete the folder, to build it again).
  return { database: { name, url, drop: () => Promise.resolve() }, dataDir, built };
}

/**
 * A ledger of `target` events written straight into the store (test/support/bulk-ledger.ts writes
 * events no projection reads, so the read models — most of what a process holds — would stay empty):
 * regions, each declared and then given 99 都市圏ビジョン, 100 events per append, as the API would
 * record them (RegionDeclared, VisionAdopted; each a document of the region's timeline). Projected
 * by this process, then one API process is started on it and its RSS read once it serves, has caught
 * up and has answered a few reads. Each start loads its replica afresh (the replica folder is
 * emptied), as a process does on a new machine.
 */
async function measureScale(
  database: TestDatabase,
  dataDir: string,
  targets: number[],
  built: boolean,
): Promise<ScaleRow[]> {
  const env = { ...apiEnv(database, dataDir, false), LEDGER_READ_REPLICA_DIR: join(dataDir, 'replicas') };
  const rows: ScaleRow[] = [];
  let regions = built ? Math.max(...targets) / EVENTS_PER_REGION : 0;
  for (const target of targets) {
    let appendSeconds = 0;
    let projectSeconds = 0;
    if (!built) {
      const ledger = await openLedger(loadConfig(env), systemClock);
      try {
        const appendStarted = Date.now();
        while ((await ledger.store.headPosition()) < BigInt(target)) {
          const regionId = `scale-${regions++}`;
          const metadata = {
            actor: { id: 'bench', role: 'secretariat' as const },
            correlationId: `bench-${regionId}`,
            source: 'cli' as const,
          };
          const events: NewEvent[] = [
            {
              type: 'RegionDeclared',
              schemaVersion: 1,
              data: {
                regionId,
                name: `ベンチマーク圏域${regions}`,
                coreCity: { code: '022012', name: '青森市' },
                declaredOn: '2019-11-18',
              },
              metadata,
            },
          ];
          for (let i = 1; i < EVENTS_PER_REGION; i++) {
            events.push({
              type: 'VisionAdopted',
              schemaVersion: 1,
              data: { regionId, title: `第${i}期ビジョン`, adoptedOn: '2020-01-01' },
              metadata,
            });
          }
          await ledger.store.append(`region-${regionId}`, events, { expectedRevision: 'no_stream' });
        }
        appendSeconds = (Date.now() - appendStarted) / 1000;
        const projectStarted = Date.now();
        await ledger.projector.catchUp();
        projectSeconds = (Date.now() - projectStarted) / 1000;
      } finally {
        await ledger.close();
      }
      writeFileSync(join(dataDir, BUILT_MARK), `${target} events\n`);
    }
    rmSync(env.LEDGER_READ_REPLICA_DIR, { recursive: true, force: true });
    const started = Date.now();
    const api = await startApi(env);
    try {
      await waitCaughtUp(api);
      const startSeconds = (Date.now() - started) / 1000;
      for (const path of [
        '/regions?limit=500',
        '/regions/scale-0',
        `/regions/scale-${regions - 1}/history`,
      ]) {
        const res = await fetch(api.baseUrl + path);
        if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
        await res.arrayBuffer();
      }
      const events = Number(await headOf(api));
      const rss = rssMb(api.child);
      await waitChecked(api);
      await sleep(2000);
      rows.push({
        events,
        appendSeconds,
        projectSeconds,
        startSeconds,
        rss,
        rssChecked: rssMb(api.child),
        heapUsed: await heapUsedMb(api),
      });
      console.error(`  measured: one process at ${events} events`);
    } finally {
      await stopApi(api);
    }
  }
  return rows;
}

async function headOf(api: Api): Promise<string> {
  const health = (await (await fetch(`${api.baseUrl}/health`)).json()) as { store: { headPosition: string } };
  return health.store.headPosition;
}

// ---- the report ---------------------------------------------------------------------------------

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function main(): Promise<void> {
  console.log(
    `bench:cluster on ${redactedPostgresUrl(POSTGRES_URL)} (a fresh database per run), node ${process.version}` +
      `${API_NODE_FLAGS.length > 0 ? ` (API processes: ${API_NODE_FLAGS.join(' ')})` : ''}; ` +
      `rate limits off (LEDGER_RATE_LIMIT_*=0) because one address (127.0.0.1) sends everything`,
  );
  const rows: Row[] = [];
  // BENCH_PROCESSES=0: the RSS against the ledger's size alone.
  for (const processes of PROCESSES) if (processes > 0) rows.push(...(await cluster(processes)));
  const sizes =
    process.env.BENCH_SIZES === undefined
      ? EVENTS >= 10 * EVENTS_PER_REGION
        ? [EVENTS / 10, EVENTS]
        : [EVENTS]
      : process.env.BENCH_SIZES.split(',').map(Number);
  const scale = await scaleLedger(sizes);

  console.log(
    `\n${CLIENTS} clients round-robin over the processes, ${SECONDS} s each, ${100 * (1 - WRITE_SHARE)} % anonymous reads ` +
      `(text as of a date, versions, consultation and cost-share registers), ${100 * WRITE_SHARE} % writes ` +
      `(POST /regions, then …/visions with If-Match; each with an Idempotency-Key); PostgreSQL ` +
      `transactions/s idle over ${IDLE_SECONDS} s before any load, and over ${IDLE_SECONDS} s right after each load\n`,
  );
  console.log(
    '| processes | idle streams | req/s | p50 (ms) | p99 (ms) | write p99 (ms) | writes | PG xact/s idle | PG xact/s under load | PG xact/s after load | RSS per process (MB) | other answers |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.processes} | ${r.streams} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ` +
        `${r.writeP99.toFixed(1)} | ${r.writes} | ${r.idleXact.toFixed(1)} | ${r.loadXact.toFixed(0)} | ` +
        `${r.afterXact.toFixed(1)} | ` +
        `${r.rss.map((mb) => mb.toFixed(0)).join(' / ')} | ${r.other} |`,
    );
  }
  console.log(
    `\nOne process on a ledger of region events (RegionDeclared + 99 VisionAdopted per region, appended ` +
      `${EVENTS_PER_REGION} per transaction straight into the store, then projected):\n`,
  );
  console.log(
    '| events | append (s) | project (s) | start to caught up (s) | RSS (MB) | RSS after the first checks (MB) | JS heap used then (MB) |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of scale) {
    console.log(
      `| ${r.events} | ${r.appendSeconds.toFixed(1)} | ${r.projectSeconds.toFixed(1)} | ${r.startSeconds.toFixed(1)} | ${r.rss.toFixed(0)} | ${r.rssChecked.toFixed(0)} | ${r.heapUsed.toFixed(0)} |`,
    );
  }
  for (let i = 1; i < scale.length; i++) {
    const small = scale[i - 1];
    const large = scale[i];
    if (small === undefined || large === undefined || large.events <= small.events) continue;
    const perEvent = ((large.rss - small.rss) * 1024 * 1024) / (large.events - small.events);
    const checked = ((large.rssChecked - small.rssChecked) * 1024 * 1024) / (large.events - small.events);
    console.log(
      `\nslope ${small.events} → ${large.events}: ${(perEvent / 1024).toFixed(2)} kB of RSS per event ` +
        `(${(checked / 1024).toFixed(2)} after the first checks)`,
    );
  }
  const failed = rows.filter((r) => r.other !== 'none');
  if (failed.length > 0) {
    console.log('\nsome answers were not the expected 200/201 (see "other answers")');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

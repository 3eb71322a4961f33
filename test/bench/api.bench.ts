import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LoadResult, LoadSpec } from './autocannon.worker';
import { apiNodeFlags } from './api-node-flags';

/**
 * `npm run bench:api`: the API as users run it (node dist/apps/api/src/main.js on the embedded store
 * with the 青森圏域 demo, its defaults: logging at info), against a bare NestJS + Fastify route
 * returning the same bytes (status, headers, body) for each row. autocannon runs in a process of
 * its own; every row is warmed up first, then the bare route and the product are measured one after
 * the other, row by row, BENCH_REPETITIONS times (3); the table gives the median and the range of
 * requests/s, p50, p99 and the ratio to the bare route measured beside it. Rate limits are off only
 * because one address sends everything. Not a test.
 */
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const REPETITIONS = Number(process.env.BENCH_REPETITIONS ?? 3);
const CONNECTIONS = 50;
/** Headers Node writes for any answer: the bare route's own. */
const WRITTEN_BY_NODE = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
const DIST = join(__dirname, '..', '..');
const run = promisify(execFile);

function start(script: string, env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    // Both servers run with the product's node flags: the comparison is of the frameworks, not of V8's settings.
    const child = spawn(process.execPath, [...apiNodeFlags(), script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    const collect = (chunk: Buffer): void => {
      out += chunk.toString();
      if (!ready.test(out)) return;
      // From here on the log (one line per request at info) is read and dropped, as a log shipper would.
      child.stdout?.off('data', collect);
      child.stdout?.resume();
      resolve(child);
    };
    child.stdout?.on('data', collect);
    child.once('exit', (code) =>
      reject(new Error(`${script} exited with ${String(code)} before it was ready:\n${out}`)),
    );
  });
}

/** CPU time a process has used (user + system), from /proc/<pid>/stat (in clock ticks of 10 ms). */
function cpuSeconds(pid: number | undefined): number {
  const fields =
    readFileSync(`/proc/${String(pid)}/stat`, 'utf8')
      .split(') ')[1]
      ?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
  return Number(kb) / 1024;
}

async function load(spec: LoadSpec): Promise<LoadResult> {
  const { stdout } = await run(
    process.execPath,
    [join(__dirname, 'autocannon.worker.js'), JSON.stringify(spec)],
    {
      maxBuffer: 1024 * 1024,
    },
  );
  return JSON.parse(stdout) as LoadResult;
}

interface Row {
  name: string;
  path: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: 'region';
  status: number;
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
};
const spread = (xs: number[], digits = 0): string =>
  `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kyoyaku-bench-api-'));
  const children: ChildProcess[] = [];
  try {
    const apiPort = 3931;
    const barePort = 3932;
    const api = await start(
      join(DIST, 'apps/api/src/main.js'),
      {
        PORT: String(apiPort),
        LEDGER_DATA_DIR: dataDir,
        NODE_ENV: 'production',
        LEDGER_LOG_LEVEL: 'info',
        // One address sends everything here: the per-address and per-token limits would refuse it.
        LEDGER_RATE_LIMIT_PER_ADDRESS: '0',
        LEDGER_RATE_LIMIT_PER_TOKEN: '0',
      },
      /serving at/,
    );
    children.push(api);
    const rssAtStart = rssMb(api.pid);
    const base = `http://127.0.0.1:${apiPort}`;
    const tokens = JSON.parse(readFileSync(join(dataDir, 'demo-tokens.json'), 'utf8')) as {
      role: string;
      token: string;
    }[];
    const secretariat = tokens.find((t) => t.role === 'secretariat')?.token ?? '';
    const text = '/agreements/aomori-hiranai/text?asOf=2020-04-01';
    const etag = (await fetch(base + text)).headers.get('etag') ?? '';
    const rows: Row[] = [
      { name: 'text (JSON)', path: text, status: 200 },
      { name: 'text (text/plain)', path: text, headers: { accept: 'text/plain' }, status: 200 },
      { name: 'versions', path: '/agreements/aomori-hiranai/versions', status: 200 },
      { name: 'history', path: '/agreements/aomori-hiranai/history', status: 200 },
      { name: 'comparison (JSON)', path: '/agreements/aomori-hiranai/comparison?from=1&to=2', status: 200 },
      {
        name: 'comparison (HTML)',
        path: '/agreements/aomori-hiranai/comparison?from=1&to=2',
        headers: { accept: 'text/html' },
        status: 200,
      },
      { name: 'register (cost shares)', path: '/regions/aomori/cost-shares?fiscalYear=2024', status: 200 },
      { name: 'text, If-None-Match → 304', path: text, headers: { 'if-none-match': etag }, status: 304 },
      {
        name: 'text knownAt (read cache)',
        path: `${text}&knownAt=${encodeURIComponent(new Date().toISOString())}`,
        status: 200,
      },
      {
        name: 'write: POST /regions',
        path: '/regions',
        method: 'POST',
        headers: { authorization: `Bearer ${secretariat}`, 'content-type': 'application/json' },
        body: 'region',
        status: 201,
      },
    ];

    // The bare route answers each row with the product's own answer to it, headers included.
    const manifest = [];
    for (const row of rows) {
      const res = await fetch(base + row.path, {
        method: row.method ?? 'GET',
        headers: row.headers ?? {},
        ...(row.body === 'region'
          ? {
              body: JSON.stringify({
                regionId: `bench-sample-${process.pid}`,
                name: 'ベンチマーク圏域',
                coreCity: { code: '022012', name: '青森市' },
                declaredOn: '2019-11-18',
              }),
            }
          : {}),
      });
      if (res.status !== row.status) throw new Error(`${row.name}: ${row.path} answered ${res.status}`);
      const headers: Record<string, string> = {};
      res.headers.forEach((value, name) => {
        if (!WRITTEN_BY_NODE.has(name) && name !== 'x-request-id') headers[name] = value;
      });
      manifest.push({
        status: res.status,
        headers,
        body: Buffer.from(await res.arrayBuffer()).toString('base64'),
      });
    }
    const manifestFile = join(dataDir, 'bare-manifest.json');
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const bareServer = await start(
      join(DIST, 'test/bench/bare-route.server.js'),
      { BARE_MANIFEST: manifestFile, PORT: String(barePort) },
      /listening/,
    );
    children.push(bareServer);
    // CPU the server spent per answer (user + system, from /proc): less sensitive than req/s to other
    // processes sharing the machine.
    const cpuPerAnswer = async (pid: number | undefined, run: () => Promise<LoadResult>) => {
      const before = cpuSeconds(pid);
      const result = await run();
      const answers = Object.values(result.statuses).reduce((a, b) => a + b, 0);
      return { ...result, cpuUs: (1e6 * (cpuSeconds(pid) - before)) / Math.max(1, answers) };
    };

    const spec = (row: Row, i: number, bare: boolean, duration: number): LoadSpec => ({
      url: bare ? `http://127.0.0.1:${barePort}/bare/${i}` : base + row.path,
      method: row.method ?? 'GET',
      headers: row.headers ?? {},
      ...(row.body === undefined ? {} : { body: row.body }),
      duration,
      connections: CONNECTIONS,
    });
    const check = (row: Row, result: LoadResult, what: string): void => {
      const other = Object.entries(result.statuses).filter(([status]) => Number(status) !== row.status);
      if (other.length > 0 || result.errors > 0)
        throw new Error(
          `${row.name} (${what}): answers ${JSON.stringify(result.statuses)}, ${result.errors} errors`,
        );
    };

    // The server's RSS grows while it is loaded: counted apart for the runs that write (the ledger
    // grows by the events they record) and those that only read.
    const growth = { reads: 0, writes: 0, eventsWritten: 0 };
    const measured = async (row: Row, i: number, duration: number): Promise<LoadResult> => {
      const before = rssMb(api.pid);
      const result = await load(spec(row, i, false, duration));
      const grown = rssMb(api.pid) - before;
      if (row.method === 'POST') {
        growth.writes += grown;
        growth.eventsWritten += result.statuses[String(row.status)] ?? 0;
      } else growth.reads += grown;
      return result;
    };
    for (const [i, row] of rows.entries()) {
      await load(spec(row, i, true, WARMUP));
      await measured(row, i, WARMUP);
    }
    type Measured = LoadResult & { cpuUs: number };
    const results = rows.map(() => ({ bare: [] as Measured[], product: [] as Measured[] }));
    for (let rep = 0; rep < REPETITIONS; rep++) {
      for (const [i, row] of rows.entries()) {
        const bare = await cpuPerAnswer(bareServer.pid, () => load(spec(row, i, true, DURATION)));
        check(row, bare, 'bare');
        const product = await cpuPerAnswer(api.pid, () => measured(row, i, DURATION));
        check(row, product, 'product');
        results[i]?.bare.push(bare);
        results[i]?.product.push(product);
        process.stderr.write(
          `  ${rep + 1}/${REPETITIONS} ${row.name}: ${product.rps.toFixed(0)} req/s, bare ${bare.rps.toFixed(0)}\n`,
        );
      }
    }
    const rssAfter = rssMb(api.pid);

    console.log(
      `\nautocannon in its own process, ${CONNECTIONS} connections, 127.0.0.1, ${WARMUP} s warm-up per row, ` +
        `${DURATION} s per run, ${REPETITIONS} repetitions (median (min–max)); node ${process.version}, ` +
        `${cpus().length} CPUs. The product runs with its defaults (log at info, read cache on) — ` +
        `rate limits off only because one address sends everything.\n`,
    );
    console.log(
      '| route | req/s | p50 (ms) | p99 (ms) | bare req/s | bare p99 (ms) | vs bare route | CPU µs/answer | bare CPU µs/answer |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const [i, row] of rows.entries()) {
      const r = results[i];
      if (r === undefined) continue;
      const ratios = r.product.map((p, k) => (100 * p.rps) / (r.bare[k]?.rps ?? NaN));
      console.log(
        `| ${row.name} | ${spread(r.product.map((p) => p.rps))} | ${spread(r.product.map((p) => p.p50))} | ` +
          `${spread(r.product.map((p) => p.p99))} | ${spread(r.bare.map((b) => b.rps))} | ` +
          `${spread(r.bare.map((b) => b.p99))} | ${spread(ratios)}% | ` +
          `${spread(r.product.map((p) => p.cpuUs))} | ${spread(r.bare.map((b) => b.cpuUs))} |`,
      );
    }
    console.log(
      `\nRSS of the server: ${rssAtStart.toFixed(0)} MB after start, ${rssAfter.toFixed(0)} MB after the benchmark ` +
        `(${(rssAfter / rssAtStart).toFixed(2)}×): ${signedMb(growth.reads)} during the reads, ` +
        `${signedMb(growth.writes)} during the writes, which recorded ${growth.eventsWritten} events` +
        (growth.writes > 0
          ? ` (${((1024 * growth.writes) / Math.max(1, growth.eventsWritten)).toFixed(1)} KB per event written)`
          : ' (the heap the reads grew was given back meanwhile)') +
        `; without the writes ${((rssAtStart + growth.reads) / rssAtStart).toFixed(2)}×`,
    );
    console.log(
      'targets: every GET ≥ 70% of the bare route, p99 < 20 ms; RSS after within 2× of after start',
    );
  } finally {
    for (const child of children) child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/** `+12 MB` / `−176 MB`: a change of RSS, with its sign. */
function signedMb(mb: number): string {
  return `${mb < 0 ? '−' : '+'}${Math.abs(mb).toFixed(0)} MB`;
}

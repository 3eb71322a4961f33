import autocannon from 'autocannon';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm run bench:api`: the API as users run it (node dist/apps/api/src/main.js on the embedded store
 * with the 青森圏域 demo), against a bare NestJS route returning the same bytes, with autocannon on
 * 127.0.0.1. Prints requests/s and p99 latency and the ratio to the bare route. Not a test.
 */
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const DIST = join(__dirname, '..', '..');

function start(script: string, env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (ready.test(out)) resolve(child);
    });
    child.once('exit', (code) =>
      reject(new Error(`${script} exited with ${String(code)} before it was ready:\n${out}`)),
    );
  });
}

function run(
  name: string,
  options: autocannon.Options,
): Promise<{ name: string; rps: number; p99: number; errors: number; non2xx: number }> {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, duration: DURATION, ...options }, (error, result) => {
      if (error !== null && error !== undefined)
        reject(error instanceof Error ? error : new Error(String(error)));
      else
        resolve({
          name,
          rps: result.requests.average,
          p99: result.latency.p99,
          errors: result.errors,
          non2xx: result.non2xx,
        });
    });
  });
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kyoyaku-bench-api-'));
  const children: ChildProcess[] = [];
  try {
    const apiPort = 3931;
    const barePort = 3932;
    children.push(
      await start(
        join(DIST, 'apps/api/src/main.js'),
        {
          PORT: String(apiPort),
          LEDGER_DATA_DIR: dataDir,
          NODE_ENV: 'production',
          // The benchmark measures the API, not the abuse limits: one address sends everything.
          LEDGER_RATE_LIMIT_PER_ADDRESS: '0',
          LEDGER_RATE_LIMIT_PER_TOKEN: '0',
        },
        /serving at/,
      ),
    );
    const base = `http://127.0.0.1:${apiPort}`;
    const textPath = '/agreements/aomori-hiranai/text?asOf=2020-04-01';
    const sample = await fetch(base + textPath);
    if (!sample.ok) throw new Error(`GET ${textPath} answered ${sample.status}`);
    const bodyFile = join(dataDir, 'bare-body.json');
    writeFileSync(bodyFile, await sample.text());
    children.push(
      await start(
        join(DIST, 'test/bench/bare-route.server.js'),
        { PORT: String(barePort), BARE_BODY_FILE: bodyFile },
        /listening/,
      ),
    );
    const tokens = JSON.parse(
      (await import('node:fs')).readFileSync(join(dataDir, 'demo-tokens.json'), 'utf8'),
    ) as { role: string; token: string }[];
    const secretariat = tokens.find((t) => t.role === 'secretariat')?.token ?? '';

    const bare = await run('bare NestJS route (same bytes)', { url: `http://127.0.0.1:${barePort}/bare` });
    const text = await run('GET /agreements/{id}/text?asOf=', { url: base + textPath });
    let n = 0;
    const write = await run('POST /regions (a write)', {
      url: `${base}/regions`,
      method: 'POST',
      headers: { authorization: `Bearer ${secretariat}`, 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (req) => ({
            ...req,
            body: JSON.stringify({
              regionId: `bench-${process.pid}-${n++}`,
              name: 'ベンチマーク圏域',
              coreCity: { code: '022012', name: '青森市' },
              declaredOn: '2019-11-18',
            }),
          }),
        },
      ],
    });

    const rows = [bare, text, write];
    console.log(
      `\nautocannon, ${CONNECTIONS} connections, ${DURATION} s each, 127.0.0.1 (node ${process.version})\n`,
    );
    console.log('| route | req/s | p99 (ms) | vs bare route | non-2xx | errors |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      console.log(
        `| ${r.name} | ${r.rps.toFixed(0)} | ${r.p99} | ${((100 * r.rps) / bare.rps).toFixed(0)}% | ${r.non2xx} | ${r.errors} |`,
      );
    }
    console.log('\ntargets: text ≥ 70% of the bare route; p99 < 20 ms at 50 connections');
    // A figure is only worth printing if every request was answered as it should be (a 429 from a
    // rate limit, or an error, would be measured as if it were the route).
    const failed = rows.filter((r) => r.non2xx > 0 || r.errors > 0);
    if (failed.length > 0) {
      throw new Error(`answers other than 2xx, or errors, on: ${failed.map((r) => r.name).join('; ')}`);
    }
  } finally {
    for (const child of children) child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiNodeFlags } from './api-node-flags';

/**
 * `npm run bench:reject`: the CPU time the server spends on one request built to be expensive, at
 * the body limit (LEDGER_BODY_LIMIT, 1 MiB by default) — read from /proc/<pid>/stat of the server
 * process (Linux), so the client's own work is not counted. The server is
 * node dist/apps/api/src/main.js on the demo data (BENCH_DIST names another build, e.g. one of an
 * earlier commit, to compare). Not a test.
 */
const DIST = process.env.BENCH_DIST ?? join(__dirname, '..', '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const BODY_LIMIT = 1024 * 1024;
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function cpuMs(pid: number): number {
  // Fields after the command name (which is in parentheses): utime and stime are the 12th and 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

function start(script: string, env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...apiNodeFlags(), script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (/serving at/.test(out)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${String(code)}:\n${out}`)));
  });
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kyoyaku-bench-reject-'));
  const port = 3933;
  const server = await start(join(DIST, 'apps/api/src/main.js'), {
    PORT: String(port),
    LEDGER_DATA_DIR: dataDir,
    NODE_ENV: 'production',
    LEDGER_LOG_LEVEL: 'warn',
    LEDGER_RATE_LIMIT_PER_ADDRESS: '0',
    LEDGER_RATE_LIMIT_PER_TOKEN: '0',
  });
  try {
    const pid = server.pid;
    if (pid === undefined) throw new Error('the server has no pid');
    const tokens = JSON.parse(readFileSync(join(dataDir, 'demo-tokens.json'), 'utf8')) as {
      role: string;
      token: string;
    }[];
    const secretariat = tokens.find((t) => t.role === 'secretariat')?.token ?? '';
    const zeros = (count: number) => new Array<string>(count).fill('0').join(',');
    // As many elements as fit in the body limit: "[0,0,…,0]".
    const atByteLimit = `[${zeros((BODY_LIMIT - 2) / 2)}]`;
    // One string as long as the body limit allows (NFC normalisation and the character checks).
    const oneString = `{"name":"${'が'.repeat(Math.floor((BODY_LIMIT - 20) / 3))}"}`;
    // Elements up to LEDGER_BODY_MAX_ELEMENTS (100,000): the most an authorised body may hold.
    const atElementLimit = `{"regionId":"x","filler":[${zeros(99_998)}]}`;
    const cases: { name: string; body: string; token?: string }[] = [
      {
        name: `anonymous POST /regions, ${atByteLimit.length} B of "[0,0,…]" (524,287 elements)`,
        body: atByteLimit,
      },
      { name: `anonymous POST /regions, ${Buffer.byteLength(oneString)} B, one string`, body: oneString },
      {
        name: `secretariat POST /regions, ${atByteLimit.length} B of "[0,0,…]" (over the element limit)`,
        body: atByteLimit,
        token: secretariat,
      },
      {
        name: `secretariat POST /regions, ${atElementLimit.length} B, 100,000 elements (at the element limit)`,
        body: atElementLimit,
        token: secretariat,
      },
    ];
    const base = `http://127.0.0.1:${port}`;
    console.log(
      `\n${ROUNDS} requests each, one at a time; server CPU (user + system) from /proc/${pid}/stat\n`,
    );
    console.log('| request | answer | server CPU per request (ms) |');
    console.log('|---|---|---:|');
    for (const { name, body, token } of cases) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token !== undefined) headers.authorization = `Bearer ${token}`;
      const send = async () => {
        const res = await fetch(`${base}/regions`, { method: 'POST', headers, body });
        const problem = (await res.json()) as { code?: string };
        return `${res.status} ${problem.code ?? ''}`;
      };
      await send(); // warm-up
      const before = cpuMs(pid);
      const answers = new Set<string>();
      for (let i = 0; i < ROUNDS; i++) answers.add(await send());
      const perRequest = (cpuMs(pid) - before) / ROUNDS;
      console.log(`| ${name} | ${[...answers].join(', ')} | ${perRequest.toFixed(1)} |`);
    }
  } finally {
    server.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

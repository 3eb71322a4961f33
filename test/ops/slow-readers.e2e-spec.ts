import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LEDGER_FILE_NAME } from '@kyoyaku/runtime';
import { writeBulkLedger } from '../support/bulk-ledger';
import { type ApiProcess, startApiProcess } from './support/ts-process';

/**
 * Streams and exports against clients that never read, on the real server
 * process (its RSS is its own): a ledger of more than 20 MB, 30 event streams from Last-Event-ID 0 and
 * 20 exports whose clients read the status line and then nothing more. The server reads the store
 * only as fast as each socket drains, so its memory stays bounded; /health stays fast; a stream past
 * the caps is a 429; a stream whose socket has not drained for LEDGER_STREAM_WRITE_TIMEOUT_MS is
 * closed and its slot given back.
 */

const LEDGER_BYTES = 20 * 1024 * 1024;
/**
 * RSS growth allowed while the 50 stalled clients are open: measured +34 to +117 MB; unbounded reads grew
 * by +694 MB. The bound leaves room for garbage-collection timing on a loaded CI machine.
 */
const RSS_GROWTH_BOUND_MB = 250;
/**
 * Slowest /health answer allowed meanwhile: measured 273–365 ms with other suites running; unbounded
 * reads took 32.9 s. A bound on starvation, not a speed target.
 */
const HEALTH_BOUND_MS = 3_000;
const WRITE_TIMEOUT_MS = 8_000;
const PER_ADDRESS = 40;
const TOTAL = 50;

/** The resident set of a process, in MB (Linux: /proc). */
function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (match?.[1] === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) / 1024;
}

function request(path: string, headers: string[] = []): string {
  return [`GET ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...headers, '', ''].join('\r\n');
}

/**
 * Sends the request from `localAddress`, reads until the status line has come, then stops reading
 * for good: the socket is paused, so the kernel's buffers fill and the server's writes back up.
 */
function openStalled(
  port: number,
  text: string,
  localAddress: string,
): Promise<{ socket: Socket; status: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress });
    socket.once('error', reject);
    socket.once('connect', () => socket.write(text));
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      socket.removeListener('error', reject);
      socket.on('error', () => undefined);
      resolve({ socket, status: Number(/^HTTP\/1\.1 (\d{3})/.exec(chunk.toString('latin1'))?.[1] ?? 0) });
    });
  });
}

/** A whole answer on a connection of its own (Connection: close), from `localAddress`. */
function exchange(
  port: number,
  path: string,
  localAddress: string,
): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress });
    let text = '';
    socket.setEncoding('utf8');
    socket.once('connect', () => socket.write(request(path, ['Connection: close', 'Last-Event-ID: 0'])));
    socket.on('data', (chunk: string) => {
      text += chunk;
      // A stream that was let in would not end by itself: the status line is enough.
      if (/^HTTP\/1\.1 200 /.test(text)) socket.destroy();
    });
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, body });
    });
    socket.on('error', reject);
  });
}

async function metric(api: ApiProcess, name: string): Promise<number> {
  const text = await (await fetch(`${api.baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line === undefined ? Number.NaN : Number(line.split(' ').at(-1));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('event streams and exports against clients that do not read', () => {
  let dataDir: string;
  let api: ApiProcess | null = null;
  const sockets: Socket[] = [];

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    if (api !== null && api.child.exitCode === null && api.child.signalCode === null) {
      api.child.kill('SIGKILL');
      await api.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keep the server’s memory bounded and /health fast, refuse streams past the caps with 429, and close stalled ones', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kyoyaku-slow-readers-'));
    const built = Date.now();
    const ledger = await writeBulkLedger(dataDir, LEDGER_BYTES);
    const buildSeconds = (Date.now() - built) / 1000;
    const fileMb = statSync(join(dataDir, LEDGER_FILE_NAME)).size / 2 ** 20;

    api = await startApiProcess({
      LEDGER_DATA_DIR: dataDir,
      LEDGER_SEED_DEMO: 'false',
      LEDGER_METRICS_ACCESS: 'open',
      LEDGER_LOG_LEVEL: 'warn',
      LEDGER_STREAMS_PER_ADDRESS: String(PER_ADDRESS),
      LEDGER_STREAMS_TOTAL: String(TOTAL),
      LEDGER_STREAM_WRITE_TIMEOUT_MS: String(WRITE_TIMEOUT_MS),
    });
    const running = api;
    const pid = running.child.pid ?? 0;
    for (let i = 0; i < 5; i++) await fetch(`${running.baseUrl}/health`);
    const rssBefore = rssMb(pid);

    // RSS every 200 ms and /health every 250 ms, from the first client on until 6 s after the last
    // one was let in (before the write timeout closes them).
    let rssPeak = rssBefore;
    const healthMs: number[] = [];
    let until = Number.POSITIVE_INFINITY;
    const sampling = Promise.all([
      (async () => {
        while (Date.now() < until) {
          rssPeak = Math.max(rssPeak, rssMb(pid));
          await sleep(200);
        }
      })(),
      (async () => {
        while (Date.now() < until) {
          const start = Date.now();
          const res = await fetch(`${running.baseUrl}/health`);
          await res.arrayBuffer();
          healthMs.push(Date.now() - start);
          await sleep(250);
        }
      })(),
    ]);
    // 30 streams and 10 exports from 127.0.0.1, 10 exports from 127.0.0.2: 40 from one address, 50 in all.
    const opened = await Promise.all([
      ...Array.from({ length: 30 }, () =>
        openStalled(running.port, request('/events/stream', ['Last-Event-ID: 0']), '127.0.0.1'),
      ),
      ...Array.from({ length: 10 }, () => openStalled(running.port, request('/ledger/export'), '127.0.0.1')),
      ...Array.from({ length: 10 }, () => openStalled(running.port, request('/ledger/export'), '127.0.0.2')),
    ]);
    sockets.push(...opened.map((o) => o.socket));
    until = Date.now() + 6_000;
    await sampling;
    const figures = {
      ledger: `${ledger.events} events, ${(ledger.dataBytes / 2 ** 20).toFixed(1)} MB of event data, ledger.sqlite ${fileMb.toFixed(1)} MB, built in ${buildSeconds.toFixed(1)} s`,
      rssBeforeMb: Math.round(rssBefore),
      rssPeakMb: Math.round(rssPeak),
      rssGrowthMb: Math.round(rssPeak - rssBefore),
      healthSlowestMs: Math.max(...healthMs),
      healthMedianMs: [...healthMs].sort((a, b) => a - b)[Math.floor(healthMs.length / 2)],
    };
    process.stdout.write(`slow readers, 30 streams + 20 exports: ${JSON.stringify(figures)}\n`);
    expect(opened.map((o) => o.status)).toEqual(opened.map(() => 200));
    expect(figures.rssGrowthMb).toBeLessThan(RSS_GROWTH_BOUND_MB);
    expect(figures.healthSlowestMs).toBeLessThan(HEALTH_BOUND_MS);

    // Past the caps: a 41st from 127.0.0.1 (per address), a 51st from 127.0.0.3 (in all).
    const perAddress = await exchange(running.port, '/events/stream', '127.0.0.1');
    const total = await exchange(running.port, '/ledger/export', '127.0.0.3');
    for (const [refused, cap] of [
      [perAddress, `${PER_ADDRESS} open streams from this client address`],
      [total, `${TOTAL} open streams in all`],
    ] as const) {
      expect(refused.status).toBe(429);
      expect(refused.head).toMatch(/content-type: application\/problem\+json/i);
      expect(refused.head).toMatch(/retry-after: \d+/i);
      const problem = JSON.parse(refused.body) as { code: string; detail: string };
      expect(problem.code).toBe('TooManyStreams');
      expect(problem.detail).toContain(cap);
      expect(problem.detail).toMatch(/retry/i);
    }

    // The write timeout closes every stalled stream and gives its slot back.
    const deadline = Date.now() + WRITE_TIMEOUT_MS + 10_000;
    while (Date.now() < deadline && (await metric(running, 'kyoyaku_open_streams')) > 0) await sleep(250);
    expect(await metric(running, 'kyoyaku_open_streams')).toBe(0);
    expect(await metric(running, 'kyoyaku_streams_stalled_total')).toBe(50);
    const again = await exchange(running.port, '/events/stream', '127.0.0.1');
    expect(again.status).toBe(200);
  }, 180_000);
});

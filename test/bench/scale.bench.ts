/**
 * `npm run bench:scale` (not a test): one agreement grown through the real command path
 * (CommandExecutor: read the stream → decide → append → wait for the projections) to each size of
 * BENCH_SCALE_SIZES (default 100,1000,10000 events), and at each size the latency of reads over the
 * HTTP app (over 127.0.0.1 in the same process: text asOf, text knownAt, a page of versions, a page of the
 * history, comparison) with each answer's size, and of single writes (one command each, the
 * proceeding's next step), p50 and p99.
 *
 * BENCH_SCALE_DIR keeps the ledger in that folder between runs (with the generator's place in
 * `long-agreement.json`): a later run carries on from the events already there, so a long stream is
 * built once and measured again after a change (the read models are rebuilt on open when their
 * format changed).
 *
 *   BENCH_SCALE_SIZES=100,1000 BENCH_SCALE_READS=200 npm run bench:scale
 *   BENCH_SCALE_DIR=/tmp/scale-ledger BENCH_SCALE_SIZES=1000,3000 npm run bench:scale
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, get as httpGet } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/app.factory';
import { CommandExecutor, loadConfig, openLedger } from '@kyoyaku/runtime';
import { LongAgreement, type LongAgreementProgress } from '../support/long-agreement';

const SIZES = (process.env.BENCH_SCALE_SIZES ?? '100,1000,10000').split(',').map(Number);
const READS = Number(process.env.BENCH_SCALE_READS ?? 200);
const WRITES = Number(process.env.BENCH_SCALE_WRITES ?? 40);
const WARMUP = Number(process.env.BENCH_SCALE_WARMUP ?? 20);

class Clock {
  private instant = new Date();
  set(instant: string): void {
    this.instant = new Date(instant);
  }
  now(): Date {
    return new Date(this.instant);
  }
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

/**
 * A GET over 127.0.0.1 (one kept-alive connection), the body taken as bytes: what a client pays.
 * Not Fastify's inject, which decodes every body to a string — for a 800 kB Japanese body that
 * decoding alone took about 10 ms, more than the server's own work.
 */
function fetchBytes(agent: Agent, port: number, path: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpGet({ host: '127.0.0.1', port, path, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    }).on('error', reject);
  });
}

async function main(): Promise<void> {
  const kept = process.env.BENCH_SCALE_DIR;
  const dir = kept ?? mkdtempSync(join(tmpdir(), 'kyoyaku-scale-'));
  if (kept !== undefined) mkdirSync(kept, { recursive: true });
  const progressFile = join(dir, 'long-agreement.json');
  const config = {
    ...loadConfig({ LEDGER_DATA_DIR: dir, LEDGER_SEED_DEMO: 'false', LEDGER_LOG_LEVEL: 'warn' }),
    rateLimit: { windowSeconds: 60, perAddress: 1e9, perToken: 1e9 },
  };
  const clock = new Clock();
  const rows: string[] = [];
  const buildStart = process.hrtime.bigint();
  let built = 0;
  const ledger = await openLedger(config, clock);
  await ledger.projector.start();
  const agreement = new LongAgreement(
    new CommandExecutor(ledger.store, ledger.projector, 60_000, ledger.readModels),
    clock,
  );
  if (existsSync(progressFile)) {
    agreement.restore(JSON.parse(readFileSync(progressFile, 'utf8')) as LongAgreementProgress);
    console.log(`carrying on from ${agreement.events} events in ${dir}`);
  } else await agreement.open();
  const save = (): void => writeFileSync(progressFile, JSON.stringify(agreement.save()));
  try {
    for (const size of SIZES) {
      await agreement.growTo(size);
      built = ms(buildStart);
      if (kept !== undefined) save();
      const writes: number[] = [];
      for (let i = 0; i < WRITES; i++) {
        const start = process.hrtime.bigint();
        await agreement.step();
        writes.push(ms(start));
      }
      if (kept !== undefined) save();
      await ledger.projector.stop();
      const app = await createApp(config, clock);
      await app.getHttpAdapter().getInstance().ready();
      // The server verifies the whole ledger once it starts (the chain, the tree, the read models
      // rebuilt aside and compared), in this same process: reads measured meanwhile would measure it.
      const verifyStart = process.hrtime.bigint();
      for (;;) {
        const health = await app.inject({ method: 'GET', url: '/health' });
        const state =
          health.json<{ integrity?: { readModels?: { status?: string } } }>().integrity?.readModels?.status ??
          'not-yet-checked';
        if (state !== 'not-yet-checked') break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const verified = ms(verifyStart);
      const base = `/agreements/${agreement.agreementId}`;
      const asOf = clock.now().toISOString().slice(0, 10);
      const middle = new Date(Date.parse('2020-01-06') + (agreement.events / 16) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      let moment = 0;
      const routes: [string, () => string][] = [
        ['text asOf', () => `${base}/text?asOf=${middle}`],
        ['text knownAt', () => `${base}/text?asOf=${asOf}&knownAt=${clock.now().toISOString()}`],
        // A moment half-way through the stream, a new one each read (no cache holds it): a replay
        // from a snapshot.
        [
          'text knownAt earlier (each a new moment)',
          () =>
            `${base}/text?asOf=${middle}&knownAt=${middle}T03:00:00.${String(++moment % 1000).padStart(3, '0')}Z`,
        ],
        ['versions (page)', () => `${base}/versions?limit=50`],
        ['history (timeline page)', () => `${base}/history?limit=50`],
        [
          'comparison (asOf knownAt vs now)',
          () => `${base}/comparison?asOf=${asOf}&knownAt=${clock.now().toISOString()}`,
        ],
      ];
      await app.listen(0, '127.0.0.1');
      const { port } = app.getHttpServer().address() as AddressInfo;
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      // Warm-up, untimed: the start-up verification leaves much garbage for the first reads' GC.
      for (const [, url] of routes) for (let i = 0; i < WARMUP; i++) await fetchBytes(agent, port, url());
      const cells: string[] = [];
      for (const [name, url] of routes) {
        const samples: number[] = [];
        let bytes = 0;
        for (let i = 0; i < READS; i++) {
          const start = process.hrtime.bigint();
          const response = await fetchBytes(agent, port, url());
          samples.push(ms(start));
          if (response.status !== 200)
            throw new Error(`${name}: ${response.status} ${response.body.toString('utf8', 0, 300)}`);
          bytes = response.body.length;
        }
        cells.push(
          `${name} ${percentile(samples, 50).toFixed(2)} / ${percentile(samples, 99).toFixed(2)} ` +
            `(${(bytes / 1024).toFixed(0)} kB)`,
        );
      }
      agent.destroy();
      await app.close();
      await ledger.projector.start();
      rows.push(
        `${String(agreement.events).padStart(6)} events (built in ${(built / 1000).toFixed(1)} s, ` +
          `start-up verification ${(verified / 1000).toFixed(1)} s): ` +
          `${cells.join(' | ')} | write ${percentile(writes, 50).toFixed(1)} / ${percentile(writes, 99).toFixed(1)} ms ` +
          `(the first, which folds the stream: ${(writes[0] ?? Number.NaN).toFixed(1)}; ` +
          `the others' p99 ${percentile(writes.slice(1), 99).toFixed(1)})`,
      );
      console.log(rows.at(-1));
    }
  } finally {
    await ledger.projector.stop();
    await ledger.close();
    if (kept === undefined) rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    '\nbench:scale — p50 / p99 in ms per request (HTTP on 127.0.0.1, server in-process); machine shared',
  );
  for (const row of rows) console.log(row);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

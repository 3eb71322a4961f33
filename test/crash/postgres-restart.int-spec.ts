import { PostgresEventStore, StoreUnavailableError, type NewEvent } from '@kyoyaku/event-store';
import { skipLoudly } from '@kyoyaku/event-store/testing';
import { PostgresMerkleLog } from '@kyoyaku/ledger';
import { PostgresReadModels, type Projection, Projector } from '@kyoyaku/projections';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  childScript,
  expectIntactLedger,
  type PrivateServer,
  privateServerUnavailableReason,
  readAcks,
  startChild,
  startPrivateServer,
} from './postgres-crash.support';

/**
 * The PostgreSQL server restarted under load: a child process appends in a loop (retrying with
 * the same idempotency key while the server is away) while this process holds a store, its Merkle
 * log, read models, a projector and a subscription open — as an API process would. The server is
 * restarted (fast) and then stopped as by a crash (immediate) and started again. Afterwards no
 * acknowledged event is lost, none is doubled, the chains and the tree verify, and everything that
 * was open across the restarts works again by itself, without being reopened.
 *
 * The test runs its own server (initdb in a temporary folder, a Unix socket only), so restarting it
 * disturbs no other test or user of the machine's cluster. It needs root, to run that server as the
 * postgres user; otherwise it is skipped with the reason.
 */
const skipReason = privateServerUnavailableReason();

/** Counts events (an event applied twice shows). */
const counting: Projection = {
  name: 'counting',
  apply(_event, tx) {
    tx.put('test-counts', 'all', { n: (tx.get<{ n: number }>('test-counts', 'all')?.n ?? 0) + 1 });
  },
};

const probe = (n: number): NewEvent => ({
  type: 'RestartProbed',
  schemaVersion: 1,
  data: { append: `probe-${n}`, index: 0, count: 1 },
  metadata: { actor: { id: 'crash-test', role: 'system' }, correlationId: `probe-${n}`, source: 'cli' },
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

if (skipReason !== null) {
  skipLoudly('PostgreSQL server restarted mid-load', skipReason);
} else {
  describe('the PostgreSQL server restarted mid-load', () => {
    let server: PrivateServer;
    const folder = mkdtempSync(join(tmpdir(), 'kyoyaku-pg-restart-acks-'));
    const ackFile = join(folder, 'acks.jsonl');

    beforeAll(async () => {
      server = await startPrivateServer();
    }, 120_000);
    afterAll(async () => {
      await server.destroy();
      rmSync(folder, { recursive: true, force: true });
    }, 60_000);

    it('loses no acknowledged event, doubles none, and what was open recovers by itself', async () => {
      const url = server.url('ledger');
      const schema = 'restart';
      const log = new PostgresMerkleLog();
      const store = await PostgresEventStore.open({
        connectionString: url,
        schema,
        participants: [log],
        pollIntervalMs: 50,
      });
      const readModels = await PostgresReadModels.open({ connectionString: url, schema });
      const projectorErrors: unknown[] = [];
      const projector = new Projector(store, readModels, [counting], {
        pollIntervalMs: 50,
        onError: (error) => projectorErrors.push(error),
      });
      const delivered: bigint[] = [];
      const subscription = store.subscribe({ after: 0n }, (event) => {
        delivered.push(event.position);
      });
      // Closed whatever happens: a store left polling a server that is gone would keep Jest alive.
      try {
        const child = startChild(childScript(), {
          CRASH_PG_URL: url,
          CRASH_PG_SCHEMA: schema,
          CRASH_ACK_FILE: ackFile,
          CRASH_ROUND: '1',
        });
        try {
          await projector.start();
          await child.ready;
          await sleep(1000);

          await server.restart();
          await sleep(1500);
          expect((await store.append('probes', [probe(1)], { expectedRevision: 'any' })).replayed).toBe(
            false,
          );

          await server.stop('immediate');
          // While it is down: StoreUnavailable, promptly.
          const started = Date.now();
          const down = await store
            .append('probes', [probe(2)], { expectedRevision: 'any' })
            .catch((e: unknown) => e);
          expect(down).toBeInstanceOf(StoreUnavailableError);
          expect(await store.headPosition().catch((e: unknown) => e)).toBeInstanceOf(StoreUnavailableError);
          expect(Date.now() - started).toBeLessThan(10_000);
          await sleep(500);
          await server.start();
          await sleep(1500);

          // Everything held open works again, without being reopened.
          const after = await store.append('probes', [probe(3)], { expectedRevision: 'any' });
          const [lastProbe] = await store.readStream('probes', { direction: 'backward', maxCount: 1 });
          expect(lastProbe?.position).toBe(after.position);
          // The child is still appending, so the head may already have moved past the probe.
          expect(await store.headPosition()).toBeGreaterThanOrEqual(after.position);
          expect(await log.root(after.position)).toHaveLength(32);
        } finally {
          child.kill();
        }
        const exit = await child.exited;
        expect({ signal: exit.signal, stderr: exit.stderr }).toEqual({ signal: 'SIGKILL', stderr: '' });
        // The child did see the server go away, and went on.
        expect(child.retries()).toBeGreaterThan(0);
        const acks = readAcks(ackFile);
        expect(acks.length).toBeGreaterThan(50);
        const head = BigInt(await expectIntactLedger(url, schema, acks));

        await eventually(() => projector.checkpoint() === head, 'the projector to reach the head');
        expect(readModels.reader().get<{ n: number }>('test-counts', 'all')?.n).toBe(Number(head));
        await eventually(() => delivered.length === Number(head), 'the subscription to deliver every event');
        expect(delivered).toEqual(delivered.map((_, i) => BigInt(i + 1)));
        expect(projectorErrors.length).toBeGreaterThan(0); // it did hit the outage, and carried on
      } finally {
        await subscription.stop();
        await projector.stop();
        await store.close();
        await readModels.close();
      }
    }, 180_000);
  });
}

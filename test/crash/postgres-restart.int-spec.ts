import { PostgresEventStore, StoreUnavailableError, type NewEvent } from '@kyoyaku/event-store';
import { skipLoudly } from '@kyoyaku/event-store/testing';
import { PostgresMerkleLog } from '@kyoyaku/ledger';
import { PostgresReadModels, type Projection, Projector } from '@kyoyaku/projections';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AOMORI_CITY } from '../fixtures/aomori';
import { type ApiProcess, runCliProcess, startApiProcess } from '../ops/support/ts-process';
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
 * Then the same with two API processes (one elected projector) under writes and reads from clients:
 * while the server is away writes answer 503 with Retry-After and reads go on; afterwards both
 * write again by themselves, and every write answered 201 is in the ledger once.
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

    it('two API processes ride it out: writes 503 with Retry-After, reads go on, nothing acknowledged is lost', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'kyoyaku-pg-restart-api-'));
      const env = {
        LEDGER_STORE: 'postgres',
        LEDGER_POSTGRES_URL: server.url('ledger'),
        LEDGER_DATA_DIR: dataDir,
        LEDGER_SEED_DEMO: 'false',
        LEDGER_LOG_LEVEL: 'silent',
        LEDGER_RATE_LIMIT_PER_ADDRESS: '0',
        LEDGER_RATE_LIMIT_PER_TOKEN: '0',
      };
      const apis: ApiProcess[] = [];
      try {
        apis.push(await startApiProcess(env));
        apis.push(await startApiProcess(env));
        const issued = await runCliProcess(
          ['tokens', 'issue', '--role', 'secretariat', '--label', 'restart'],
          env,
        );
        expect(issued.code).toBe(0);
        const token = (JSON.parse(issued.stdout) as { token: string }).token;
        const declare = (api: ApiProcess, regionId: string): Promise<Response> =>
          fetch(`${api.baseUrl}/regions`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/json',
              'idempotency-key': `restart-${regionId}`,
            },
            body: JSON.stringify({
              regionId,
              name: '青森圏域連携中枢都市圏',
              coreCity: AOMORI_CITY,
              declaredOn: '2019-11-18',
            }),
            signal: AbortSignal.timeout(30_000),
          });
        expect((await declare(apis[0] as ApiProcess, 'steady')).status).toBe(201);

        let stop = false;
        let down = false;
        const acknowledged = new Set<string>();
        const unavailable: (string | null)[] = [];
        const readsWhileDown: number[] = [];
        const unexpected: string[] = [];
        let n = 0;
        // A client writing through a process: a 503 is retried with the same key until answered.
        const writer = async (api: ApiProcess): Promise<void> => {
          while (!stop) {
            const regionId = `w-${n++}`;
            for (;;) {
              const res = await declare(api, regionId).catch(() => null);
              if (res?.status === 201) {
                acknowledged.add(regionId);
                break;
              }
              if (res?.status === 503) unavailable.push(res.headers.get('retry-after'));
              else
                unexpected.push(
                  `${regionId}: ${res === null ? 'no answer' : `${res.status} ${await res.text()}`}`,
                );
              await sleep(100);
            }
          }
        };
        const reader = async (api: ApiProcess): Promise<void> => {
          while (!stop) {
            const res = await fetch(`${api.baseUrl}/regions/steady`, { signal: AbortSignal.timeout(30_000) });
            if (down) readsWhileDown.push(res.status);
            else if (res.status !== 200) unexpected.push(`read: ${res.status}`);
            await sleep(50);
          }
        };
        const load = apis.flatMap((api) => [writer(api), writer(api), reader(api)]);
        try {
          await sleep(1000);
          await server.restart();
          await sleep(1500);
          await server.stop('immediate');
          down = true;
          await sleep(2000);
          down = false;
          await server.start();
          // Both processes write again by themselves.
          for (const api of apis) {
            await eventually(
              async () => (await declare(api, `after-${api.port}`)).status === 201,
              'writes to recover',
            );
            acknowledged.add(`after-${api.port}`);
          }
          await sleep(1000);
        } finally {
          stop = true;
          await Promise.all(load);
        }
        expect(unexpected).toEqual([]);
        expect(unavailable.length).toBeGreaterThan(0);
        expect(unavailable.every((retryAfter) => retryAfter !== null && Number(retryAfter) > 0)).toBe(true);
        expect(readsWhileDown.length).toBeGreaterThan(0);
        expect(readsWhileDown.every((status) => status === 200)).toBe(true);

        // Every acknowledged write is in the ledger once, and readable on both processes.
        const keys: string[] = [];
        let after = '0';
        for (;;) {
          const page = (await (
            await fetch(`${apis[0]?.baseUrl ?? ''}/events?after=${after}&limit=500`)
          ).json()) as {
            items: { metadata: { idempotencyKey?: string } }[];
            nextCursor: string | null;
          };
          for (const event of page.items)
            if (event.metadata.idempotencyKey !== undefined) keys.push(event.metadata.idempotencyKey);
          if (page.nextCursor === null) break;
          after = page.nextCursor;
        }
        const written = keys.map((key) => key.replace(/^.*:restart-/, ''));
        expect(new Set(written).size).toBe(written.length);
        for (const regionId of acknowledged)
          expect({ regionId, written: written.includes(regionId) }).toEqual({ regionId, written: true });
        for (const api of apis) {
          await eventually(
            async () => (await fetch(`${api.baseUrl}/health/ready`)).status === 200,
            'both processes to be ready',
          );
          for (const regionId of acknowledged) {
            expect({ regionId, status: (await fetch(`${api.baseUrl}/regions/${regionId}`)).status }).toEqual({
              regionId,
              status: 200,
            });
          }
        }
        const roles = await Promise.all(
          apis.map(
            async (api) =>
              ((await (await fetch(`${api.baseUrl}/health`)).json()) as { projection: { role: string } })
                .projection.role,
          ),
        );
        expect(roles.sort()).toEqual(['follower', 'projector']);
      } finally {
        for (const api of apis) {
          if (api.child.exitCode === null && api.child.signalCode === null) api.child.kill('SIGKILL');
          await api.exited;
        }
        rmSync(dataDir, { recursive: true, force: true });
      }
    }, 240_000);
  });
}

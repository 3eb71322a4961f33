import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { type EventStoreHarness, testEventImporter, testEventStore } from '@kyoyaku/event-store/testing';
import { StoreUnavailableError } from '../event-store.errors';
import type { EventStore } from '../event-store.port';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

/**
 * The EventStoreDB adapter against a real server: EVENTSTORE_CONNECTION_STRING, e.g.
 * `esdb://localhost:2113?tls=false` with `docker compose --profile eventstoredb up -d` (the server
 * must accept appends of 8 MiB: EVENTSTORE_MAX_APPEND_SIZE, as the compose file sets). Each
 * harness writes under a fresh namespace, so runs never see each other's events.
 */
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
const skipReason =
  connectionString === undefined || connectionString === ''
    ? 'EVENTSTORE_CONNECTION_STRING is not set (e.g. esdb://localhost:2113?tls=false after `docker compose --profile eventstoredb up -d`)'
    : null;

function harness(clock: () => Date): EventStoreHarness {
  const namespace = `t${Date.now().toString(36)}${randomBytes(4).toString('hex')}-`;
  const open = (): EventStoreDbEventStore =>
    EventStoreDbEventStore.connect({ connectionString: connectionString ?? '', clock, namespace });
  const others: EventStore[] = [];
  const h: EventStoreHarness = {
    store: open(),
    async reopen() {
      await h.store.close();
      h.store = open();
      return h.store;
    },
    connectAnother() {
      const other = open();
      others.push(other);
      return Promise.resolve(other);
    },
    async cleanup() {
      await Promise.all([h.store, ...others].map((store) => store.close()));
    },
  };
  return h;
}

testEventStore('eventstoredb', ({ clock }) => Promise.resolve(harness(clock)), {
  skipReason,
  timeoutMs: 60_000,
  propertyRuns: 10,
});
testEventImporter('eventstoredb', ({ clock }) => Promise.resolve(harness(clock)), {
  skipReason,
  timeoutMs: 60_000,
});

/** A port on 127.0.0.1 where nothing listens (taken, then released). */
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('EventStoreDB adapter without a server', () => {
  let store: EventStoreDbEventStore;

  beforeEach(async () => {
    store = EventStoreDbEventStore.connect({
      connectionString: `esdb://127.0.0.1:${await closedPort()}?tls=false`,
      deadlineMs: 5_000,
    });
  });

  afterEach(() => store.close());

  const newEvent = {
    type: 'AgreementDrafted',
    schemaVersion: 1,
    data: { title: '青森市と平内町との連携協約' },
    metadata: {
      actor: { id: 'secretariat-1', role: 'secretariat' as const },
      correlationId: 'c-1',
      source: 'api' as const,
    },
  };

  it('reports StoreUnavailable for every operation when the server is unreachable', async () => {
    const attempts: [string, () => Promise<unknown>][] = [
      ['append', () => store.append('agreement-1', [newEvent], { expectedRevision: 'no_stream' })],
      [
        'keyed append',
        () => store.append('agreement-1', [newEvent], { expectedRevision: 'any', idempotencyKey: 'k' }),
      ],
      ['readStream', () => store.readStream('agreement-1')],
      ['streamRevision', () => store.streamRevision('agreement-1')],
      ['readAll', () => store.readAll({ after: 0n, limit: 10 })],
      ['readAll after a position', () => store.readAll({ after: 4096n, limit: 10 })],
      ['headPosition', () => store.headPosition()],
    ];
    for (const [what, attempt] of attempts) {
      const error = await attempt().then(
        () => null,
        (e: unknown) => e,
      );
      expect({ what, error }).toEqual({ what, error: expect.any(StoreUnavailableError) as unknown });
      expect((error as Error).message).toContain('EventStoreDB cannot be reached');
    }
  }, 60_000);

  it('ends a subscription with StoreUnavailable when the server is unreachable', async () => {
    const subscription = store.subscribe({ after: 0n }, () => undefined);
    await expect(subscription.done).rejects.toBeInstanceOf(StoreUnavailableError);
  }, 30_000);

  it('checks its arguments before it needs the server, and refuses a bad connection string or namespace', async () => {
    await expect(store.append('agreement 1', [newEvent], { expectedRevision: 'any' })).rejects.toMatchObject({
      code: 'InvalidEvent',
    });
    await expect(store.readAll({ limit: 0 })).rejects.toMatchObject({ code: 'InvalidEvent' });
    expect(() => EventStoreDbEventStore.connect({ connectionString: 'postgres://localhost' })).toThrow(
      StoreUnavailableError,
    );
    expect(() =>
      EventStoreDbEventStore.connect({
        connectionString: 'esdb://127.0.0.1:1?tls=false',
        namespace: '$system',
      }),
    ).toThrow(/namespace/);
  });

  it('after close(), refuses everything with StoreUnavailable, without reaching for the server', async () => {
    await store.close();
    await store.close();
    await expect(store.headPosition()).rejects.toThrow('the store is closed');
    await expect(store.append('agreement-1', [newEvent], { expectedRevision: 'any' })).rejects.toThrow(
      'the store is closed',
    );
  });
});

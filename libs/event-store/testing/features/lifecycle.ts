import { type EventStore, StoreUnavailableError } from '@kyoyaku/event-store';
import {
  contractSettings,
  type EventStoreContractOptions,
  type EventStoreFactory,
  type EventStoreHarness,
  expectChainsVerify,
  freshHarnessEachTest,
  newEvent,
  nth,
  readEverything,
  rejection,
} from '../contract-support';

/** Lifecycle: reopening keeps everything; after close() appends and reads fail with StoreUnavailable. */
export function testLifecycle(factory: EventStoreFactory, options: EventStoreContractOptions = {}): void {
  const settings = contractSettings('lifecycle', options);
  if (settings === null) return;
  const { timeout } = settings;

  describe('lifecycle', () => {
    let harness: EventStoreHarness;
    let store: EventStore;
    freshHarnessEachTest(factory, timeout, (fresh) => ({ harness, store } = fresh));

    it(
      'reopening keeps everything: events, hashes, revisions, positions and idempotency keys',
      async () => {
        await store.append('a', [newEvent('A1'), newEvent('A2')], { expectedRevision: 'no_stream' });
        const keyed = await store.append('b', [newEvent('B1')], {
          expectedRevision: 'no_stream',
          idempotencyKey: 'k-r',
        });
        await store.append('a', [newEvent('A3', { text: '\uFA19' })], { expectedRevision: 1n });
        const before = await readEverything(store);
        const reopened = await harness.reopen();
        expect(await readEverything(reopened)).toEqual(before);
        expect(before).toHaveLength(4);
        expect(await reopened.headPosition()).toBe(await nth(reopened, 4));
        expect(await reopened.streamRevision('a')).toBe(2n);
        const replay = await reopened.append('b', [newEvent('B1')], {
          expectedRevision: 'no_stream',
          idempotencyKey: 'k-r',
        });
        expect(replay.replayed).toBe(true);
        expect(replay.events).toEqual(keyed.events);
        const next = await reopened.append('a', [newEvent('A4')], { expectedRevision: 2n });
        expect(next.events[0]).toMatchObject({
          revision: 3n,
          position: await nth(reopened, 5),
          prevHash: before[3]?.hash,
        });
        expectChainsVerify(await readEverything(reopened));
      },
      timeout,
    );

    it(
      'after close(), appends and reads fail with StoreUnavailable; close() twice is harmless',
      async () => {
        await store.append('a', [newEvent('A')], { expectedRevision: 'any' });
        await store.close();
        await store.close();
        expect(
          await rejection(store.append('a', [newEvent('B')], { expectedRevision: 'any' })),
        ).toBeInstanceOf(StoreUnavailableError);
        expect(await rejection(store.readAll({ limit: 1 }))).toBeInstanceOf(StoreUnavailableError);
      },
      timeout,
    );
  });
}

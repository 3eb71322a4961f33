import type { EventStore, RecordedEvent } from '@kyoyaku/event-store';
import {
  contractSettings,
  type EventStoreContractOptions,
  type EventStoreFactory,
  type EventStoreHarness,
  firstPositions,
  freshHarnessEachTest,
  newEvent,
  nth,
  sleep,
  until,
} from '../contract-support';

/**
 * Subscriptions: catch-up then live with nothing missed or repeated, another instance's writes, a
 * handler error, a prompt stop().
 */
export function testSubscriptions(factory: EventStoreFactory, options: EventStoreContractOptions = {}): void {
  const settings = contractSettings('subscriptions', options);
  if (settings === null) return;
  const { timeout } = settings;

  describe('subscriptions', () => {
    let harness: EventStoreHarness;
    let store: EventStore;
    freshHarnessEachTest(factory, timeout, (fresh) => ({ harness, store } = fresh));

    it(
      'catch up, switch to live, and miss or repeat nothing across the switch; stop() ends delivery',
      async () => {
        for (let i = 0; i < 7; i++)
          await store.append(`s-${i % 2}`, [newEvent('Stored', { i })], { expectedRevision: 'any' });
        const received: RecordedEvent[] = [];
        let inFlight = 0;
        let maxInFlight = 0;
        const subscription = store.subscribe({ after: 0n, batchSize: 3 }, async (event) => {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await sleep(2);
          received.push(event);
          inFlight--;
        });
        // Writes during catch-up…
        await until(() => received.length >= 1, 5000, 'the first event');
        await Promise.all(
          Array.from({ length: 5 }, (_, i) =>
            store.append(`s-${i % 3}`, [newEvent('DuringCatchUp', { i })], { expectedRevision: 'any' }),
          ),
        );
        await until(() => received.length >= 12, 5000, 'catch-up');
        // …and once it is live.
        for (let i = 0; i < 3; i++) {
          await store.append('s-live', [newEvent('Live', { i })], { expectedRevision: 'any' });
          await sleep(5);
        }
        await until(() => received.length >= 15, 5000, 'live events');
        await subscription.stop();
        await subscription.done;
        await store.append('s-late', [newEvent('AfterStop')], { expectedRevision: 'any' });
        await sleep(400);
        expect(received.map((e) => e.position)).toEqual(await firstPositions(store, 15));
        expect(received).toEqual((await store.readAll({ limit: 100 })).slice(0, 15));
        expect(maxInFlight).toBe(1);
      },
      timeout,
    );

    it(
      'start after the given position and see another instance’s writes',
      async () => {
        for (let i = 0; i < 4; i++)
          await store.append('s', [newEvent('E', { i })], { expectedRevision: 'any' });
        const other = await harness.connectAnother();
        const received: bigint[] = [];
        const subscription = store.subscribe({ after: await nth(store, 2) }, (event) => {
          received.push(event.position);
        });
        await until(() => received.length >= 2, 5000, 'stored events');
        await other.append('t', [newEvent('FromElsewhere')], { expectedRevision: 'any' });
        await until(() => received.length >= 3, 5000, 'the other instance’s event');
        await subscription.stop();
        expect(received).toEqual((await firstPositions(store, 5)).slice(2));
      },
      timeout,
    );

    it(
      'a handler error ends the subscription: done rejects with it and nothing more is delivered',
      async () => {
        for (let i = 0; i < 5; i++)
          await store.append('s', [newEvent('E', { i })], { expectedRevision: 'any' });
        const seen: bigint[] = [];
        const failure = new Error('projection failed');
        const firstThree = await firstPositions(store, 3);
        const subscription = store.subscribe({ after: 0n, batchSize: 2 }, (event) => {
          seen.push(event.position);
          if (event.position === firstThree[2]) throw failure;
        });
        await expect(subscription.done).rejects.toBe(failure);
        await sleep(50);
        expect(seen).toEqual(firstThree);
        await subscription.stop();
      },
      timeout,
    );

    it(
      'stop() resolves promptly while waiting for live events',
      async () => {
        const subscription = store.subscribe({ after: 0n }, () => undefined);
        await sleep(20);
        const started = Date.now();
        await subscription.stop();
        await subscription.done;
        expect(Date.now() - started).toBeLessThan(1000);
      },
      timeout,
    );
  });
}

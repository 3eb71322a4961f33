import type { EventStore } from '@kyoyaku/event-store';
import {
  contractSettings,
  type EventStoreContractOptions,
  type EventStoreFactory,
  freshHarnessEachTest,
  type ManualClock,
  newEvent,
  readEverything,
} from '../contract-support';

/** Time: recordedAt comes from the injected clock and never decreases along positions. */
export function testTime(factory: EventStoreFactory, options: EventStoreContractOptions = {}): void {
  const settings = contractSettings('time', options);
  if (settings === null) return;
  const { timeout } = settings;

  describe('time', () => {
    let clock: ManualClock;
    let store: EventStore;
    freshHarnessEachTest(factory, timeout, (fresh) => ({ clock, store } = fresh));

    it(
      'stamps recordedAt from the injected clock, never decreasing along positions',
      async () => {
        const first = await store.append('s', [newEvent('A')], { expectedRevision: 'any' });
        expect(first.events[0]?.metadata.recordedAt).toBe('2026-11-27T09:00:00.000Z');
        clock.ms -= 3_600_000; // the clock steps back an hour
        const second = await store.append('s', [newEvent('B')], { expectedRevision: 'any' });
        expect(second.events[0]?.metadata.recordedAt).toBe('2026-11-27T09:00:00.000Z');
        clock.ms += 2 * 3_600_000;
        const third = await store.append('t', [newEvent('C'), newEvent('D')], { expectedRevision: 'any' });
        expect(third.events.map((e) => e.metadata.recordedAt)).toEqual([
          '2026-11-27T10:00:00.000Z',
          '2026-11-27T10:00:00.000Z',
        ]);
        const stamps = (await readEverything(store)).map((e) => Date.parse(e.metadata.recordedAt));
        expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
      },
      timeout,
    );
  });
}

import type { EventStore, RecordedEvent } from '@kyoyaku/event-store';
import {
  contractSettings,
  type EventStoreContractOptions,
  type EventStoreFactory,
  expectPositions,
  freshHarnessEachTest,
  newEvent,
  nth,
} from '../contract-support';

/** readAll: paging through the global order without skipping or repeating. */
export function testReadAll(factory: EventStoreFactory, options: EventStoreContractOptions = {}): void {
  const settings = contractSettings('readAll', options);
  if (settings === null) return;
  const { timeout } = settings;

  describe('readAll', () => {
    let store: EventStore;
    freshHarnessEachTest(factory, timeout, (fresh) => ({ store } = fresh));

    it(
      'pages through the global order without skipping or repeating',
      async () => {
        for (let i = 0; i < 25; i++) {
          await store.append(`s-${i % 3}`, [newEvent('E', { i })], { expectedRevision: 'any' });
        }
        const pages: RecordedEvent[][] = [];
        let after = 0n;
        for (;;) {
          const page = await store.readAll({ after, limit: 10 });
          if (page.length === 0) break;
          pages.push(page);
          after = page[page.length - 1]?.position ?? after;
        }
        expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
        const flat = pages.flat();
        expectPositions(store, flat);
        expect(flat.map((e) => e.data.i)).toEqual(Array.from({ length: 25 }, (_, i) => i));
        expect(await store.readAll({ limit: 10_000 })).toEqual(flat);
        const [p20, p25] = [await nth(store, 20), await nth(store, 25)];
        expect(await store.readAll({ after: p20, limit: 100 })).toEqual(flat.slice(20));
        expect(await store.readAll({ after: p25, limit: 100 })).toEqual([]);
        expect(await store.readAll({ after: p25 + 975n, limit: 100 })).toEqual([]);
      },
      timeout,
    );
  });
}

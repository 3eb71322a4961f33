import { type EventStore, type RecordedEvent, StreamNotFoundError } from '@kyoyaku/event-store';
import {
  contractSettings,
  type EventStoreContractOptions,
  type EventStoreFactory,
  firstPositions,
  freshHarnessEachTest,
  newEvent,
  nth,
  rejection,
} from '../contract-support';

/**
 * readStream: forward and backward, from a revision, with maxCount, up to a global position;
 * StreamNotFound for a stream with no event.
 */
export function testReadStream(factory: EventStoreFactory, options: EventStoreContractOptions = {}): void {
  const settings = contractSettings('readStream', options);
  if (settings === null) return;
  const { timeout } = settings;

  describe('readStream', () => {
    let store: EventStore;
    freshHarnessEachTest(factory, timeout, (fresh) => ({ store } = fresh));

    beforeEach(async () => {
      // s: revisions 0..5 at positions 1,2,4,5,7,8; other: positions 3,6.
      await store.append('s', [newEvent('E', { r: 0 }), newEvent('E', { r: 1 })], {
        expectedRevision: 'no_stream',
      });
      await store.append('other', [newEvent('O')], { expectedRevision: 'no_stream' });
      await store.append('s', [newEvent('E', { r: 2 }), newEvent('E', { r: 3 })], { expectedRevision: 1n });
      await store.append('other', [newEvent('O')], { expectedRevision: 0n });
      await store.append('s', [newEvent('E', { r: 4 }), newEvent('E', { r: 5 })], { expectedRevision: 3n });
    }, timeout);

    const revisions = (events: RecordedEvent[]): bigint[] => events.map((e) => e.revision);

    it(
      'reads forward and backward, from a revision, with maxCount',
      async () => {
        expect(revisions(await store.readStream('s'))).toEqual([0n, 1n, 2n, 3n, 4n, 5n]);
        expect(revisions(await store.readStream('s', { direction: 'backward' }))).toEqual([
          5n,
          4n,
          3n,
          2n,
          1n,
          0n,
        ]);
        expect(revisions(await store.readStream('s', { fromRevision: 3n }))).toEqual([3n, 4n, 5n]);
        expect(revisions(await store.readStream('s', { direction: 'backward', fromRevision: 3n }))).toEqual([
          3n,
          2n,
          1n,
          0n,
        ]);
        expect(revisions(await store.readStream('s', { maxCount: 2 }))).toEqual([0n, 1n]);
        expect(revisions(await store.readStream('s', { fromRevision: 2n, maxCount: 3 }))).toEqual([
          2n,
          3n,
          4n,
        ]);
        expect(revisions(await store.readStream('s', { direction: 'backward', maxCount: 1 }))).toEqual([5n]);
        expect(await store.readStream('s', { fromRevision: 6n })).toEqual([]);
        expect((await store.readStream('s')).map((e) => e.data.r)).toEqual([0, 1, 2, 3, 4, 5]);
      },
      timeout,
    );

    it(
      'reads only events up to a global position (transaction time)',
      async () => {
        const [, , p3, p4, p5, , , p8] = await firstPositions(store, 8);
        expect(revisions(await store.readStream('s', { upToPosition: p4 }))).toEqual([0n, 1n, 2n]);
        expect(revisions(await store.readStream('s', { upToPosition: p3 }))).toEqual([0n, 1n]);
        expect(revisions(await store.readStream('s', { upToPosition: p4, direction: 'backward' }))).toEqual([
          2n,
          1n,
          0n,
        ]);
        expect(revisions(await store.readStream('s', { upToPosition: p8, fromRevision: 4n }))).toEqual([
          4n,
          5n,
        ]);
        expect(await store.readStream('s', { upToPosition: p4, fromRevision: 4n })).toEqual([]);
        expect(revisions(await store.readStream('other', { upToPosition: p5 }))).toEqual([0n]);
      },
      timeout,
    );

    it(
      'throws StreamNotFound for a stream with no event (at or before upToPosition)',
      async () => {
        const missing = await rejection(store.readStream('missing'));
        expect(missing).toBeInstanceOf(StreamNotFoundError);
        expect(missing).toMatchObject({ code: 'StreamNotFound', streamId: 'missing' });
        expect(
          await rejection(store.readStream('other', { upToPosition: await nth(store, 2) })),
        ).toBeInstanceOf(StreamNotFoundError);
        expect(await rejection(store.readStream('s', { upToPosition: 0n }))).toBeInstanceOf(
          StreamNotFoundError,
        );
        expect(await rejection(store.readStream('missing', { direction: 'backward' }))).toBeInstanceOf(
          StreamNotFoundError,
        );
      },
      timeout,
    );
  });
}

import { type EventStore, type ExpectedRevision, WrongExpectedRevisionError } from '@kyoyaku/event-store';
import {
  contractSettings,
  type EventStoreContractOptions,
  type EventStoreFactory,
  expectPositions,
  freshHarnessEachTest,
  newEvent,
  nth,
  readEverything,
  rejection,
} from '../contract-support';

/**
 * The expected-revision check: 'no_stream', 'exists', 'any' and an exact revision; a refused append
 * leaves no trace and no gap.
 */
export function testExpectedRevision(
  factory: EventStoreFactory,
  options: EventStoreContractOptions = {},
): void {
  const settings = contractSettings('expected revision', options);
  if (settings === null) return;
  const { timeout } = settings;

  describe('expected revision', () => {
    let store: EventStore;
    freshHarnessEachTest(factory, timeout, (fresh) => ({ store } = fresh));

    async function wrongRevision(
      stream: string,
      expected: ExpectedRevision,
      actual: bigint | null,
    ): Promise<void> {
      const before = await readEverything(store);
      const error = await rejection(
        store.append(stream, [newEvent('Refused')], { expectedRevision: expected }),
      );
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error).toMatchObject({ code: 'WrongExpectedRevision', streamId: stream, expected, actual });
      // A refused append leaves no trace.
      expect(await readEverything(store)).toEqual(before);
      expect(await store.streamRevision(stream)).toBe(actual);
    }

    it(
      "'no_stream' succeeds only on a stream that does not exist",
      async () => {
        await store.append('s', [newEvent('First')], { expectedRevision: 'no_stream' });
        await wrongRevision('s', 'no_stream', 0n);
      },
      timeout,
    );

    it(
      "'exists' succeeds only on a stream that exists",
      async () => {
        await wrongRevision('s', 'exists', null);
        await store.append('s', [newEvent('First')], { expectedRevision: 'any' });
        const result = await store.append('s', [newEvent('Second')], { expectedRevision: 'exists' });
        expect(result.nextExpectedRevision).toBe(1n);
      },
      timeout,
    );

    it(
      "'any' succeeds on a new and on an existing stream",
      async () => {
        expect(
          (await store.append('s', [newEvent('A')], { expectedRevision: 'any' })).nextExpectedRevision,
        ).toBe(0n);
        expect(
          (await store.append('s', [newEvent('B')], { expectedRevision: 'any' })).nextExpectedRevision,
        ).toBe(1n);
      },
      timeout,
    );

    it(
      'a revision succeeds only when it is the current one',
      async () => {
        await wrongRevision('s', 0n, null);
        await store.append('s', [newEvent('A'), newEvent('B')], { expectedRevision: 'no_stream' });
        await wrongRevision('s', 0n, 1n);
        await wrongRevision('s', 2n, 1n);
        const result = await store.append('s', [newEvent('C')], { expectedRevision: 1n });
        expect(result.nextExpectedRevision).toBe(2n);
        expect(result.position).toBe(await nth(store, 3));
      },
      timeout,
    );

    it(
      'after a refused append the next append with the right revision succeeds, with no gap',
      async () => {
        await store.append('s', [newEvent('A')], { expectedRevision: 'no_stream' });
        for (let i = 0; i < 3; i++) {
          await rejection(
            store.append('s', [newEvent('Stale'), newEvent('Stale')], { expectedRevision: 5n }),
          );
        }
        const result = await store.append('s', [newEvent('B')], { expectedRevision: 0n });
        expect(result.events.map((e) => [e.revision, e.position])).toEqual([[1n, await nth(store, 2)]]);
        const other = await store.append('t', [newEvent('C')], { expectedRevision: 'no_stream' });
        expect(other.position).toBe(await nth(store, 3));
        const all = await readEverything(store);
        expect(all).toHaveLength(3);
        expectPositions(store, all);
      },
      timeout,
    );
  });
}

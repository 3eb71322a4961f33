import {
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  StreamNotFoundError,
  verifyStreamChain,
  WrongExpectedRevisionError,
} from '@kyoyaku/event-store';
import {
  contractSettings,
  type EventStoreContractOptions,
  type EventStoreFactory,
  type EventStoreHarness,
  expectChainsVerify,
  expectPositions,
  freshHarnessEachTest,
  newEvent,
  nth,
  readEverything,
  rejection,
} from '../contract-support';

/**
 * Concurrent writers, in one store and across two instances on the same storage: exactly one wins,
 * the losers leave no trace, positions stay in order (and a property over random interleavings).
 */
export function testConcurrentWriters(
  factory: EventStoreFactory,
  options: EventStoreContractOptions = {},
): void {
  const settings = contractSettings('concurrent writers', options);
  if (settings === null) return;
  const { timeout, propertyRuns } = settings;

  describe('concurrent writers', () => {
    let harness: EventStoreHarness;
    let store: EventStore;
    freshHarnessEachTest(factory, timeout, (fresh) => ({ harness, store } = fresh));

    it(
      'two writers racing on a new stream: exactly one wins, the loser leaves no trace',
      async () => {
        const [a, b] = await Promise.allSettled([
          store.append('race', [newEvent('ByA'), newEvent('ByA')], { expectedRevision: 'no_stream' }),
          store.append('race', [newEvent('ByB')], { expectedRevision: 'no_stream' }),
        ]);
        const outcomes = [a, b];
        expect(outcomes.filter((o) => o?.status === 'fulfilled')).toHaveLength(1);
        const lost = outcomes.find((o) => o?.status === 'rejected');
        expect(lost?.status === 'rejected' ? lost.reason : null).toBeInstanceOf(WrongExpectedRevisionError);
        const events = await store.readStream('race');
        const winner = a?.status === 'fulfilled' ? 'ByA' : 'ByB';
        expect(events.every((e) => e.type === winner)).toBe(true);
        expect(events).toHaveLength(winner === 'ByA' ? 2 : 1);
        expectPositions(store, await readEverything(store));
      },
      timeout,
    );

    it(
      'ten writers holding the same revision: exactly one wins',
      async () => {
        await store.append('race', [newEvent('Start')], { expectedRevision: 'no_stream' });
        const outcomes = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) =>
            store.append('race', [newEvent('Next', { writer: i })], { expectedRevision: 0n }),
          ),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const outcome of outcomes) {
          if (outcome.status === 'rejected') {
            expect(outcome.reason).toMatchObject({ expected: 0n, actual: 1n });
            expect(outcome.reason).toBeInstanceOf(WrongExpectedRevisionError);
          }
        }
        expect(await store.readStream('race')).toHaveLength(2);
        expectPositions(store, await readEverything(store));
      },
      timeout,
    );

    it(
      'two store instances on the same storage racing: exactly one wins, positions stay in order',
      async () => {
        const other = await harness.connectAnother();
        for (let round = 0; round < 5; round++) {
          const stream = `race-${round}`;
          const outcomes = await Promise.allSettled([
            store.append(stream, [newEvent('Mine')], { expectedRevision: 'no_stream' }),
            other.append(stream, [newEvent('Theirs'), newEvent('Theirs')], {
              expectedRevision: 'no_stream',
            }),
          ]);
          expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        }
        const all = await readEverything(other);
        expectPositions(store, all);
        expectChainsVerify(all);
        expect(await readEverything(store)).toEqual(all);
      },
      timeout,
    );

    it(
      'an instance appends on top of what another instance wrote (no stale revision, position or hash)',
      async () => {
        const other = await harness.connectAnother();
        const mine = await store.append('shared', [newEvent('Mine')], { expectedRevision: 'no_stream' });
        const theirs = await other.append('shared', [newEvent('Theirs')], { expectedRevision: 0n });
        await other.append('elsewhere', [newEvent('Theirs')], { expectedRevision: 'no_stream' });
        const stale = await rejection(store.append('shared', [newEvent('Stale')], { expectedRevision: 0n }));
        expect(stale).toMatchObject({ expected: 0n, actual: 1n });
        const next = await store.append('shared', [newEvent('Next')], { expectedRevision: 1n });
        expect(next.events[0]).toMatchObject({
          revision: 2n,
          position: await nth(store, 4),
          prevHash: theirs.events[0]?.hash,
        });
        expect(mine.events[0]?.position).toBe(await nth(store, 1));
        const all = await readEverything(other);
        expect(all).toHaveLength(4);
        expectPositions(store, all);
        expectChainsVerify(all);
      },
      timeout,
    );

    it(
      'property: any interleaving of concurrent appends keeps positions in order, revisions contiguous, losers traceless',
      async () => {
        const fc = await import('fast-check');
        const expectedArb: import('fast-check').Arbitrary<ExpectedRevision> = fc.oneof(
          fc.constant<ExpectedRevision>('any'),
          fc.constant<ExpectedRevision>('no_stream'),
          fc.constant<ExpectedRevision>('exists'),
          fc.bigInt({ min: 0n, max: 4n }),
        );
        const opArb = fc.record({
          stream: fc.integer({ min: 0, max: 2 }),
          count: fc.integer({ min: 1, max: 3 }),
          expected: expectedArb,
        });
        const wavesArb = fc.array(fc.array(opArb, { minLength: 1, maxLength: 6 }), {
          minLength: 1,
          maxLength: 4,
        });
        let run = 0;
        await fc.assert(
          fc.asyncProperty(wavesArb, async (waves) => {
            run++;
            const streamName = (k: number): string => `p${run}-s${k}`;
            const wins: { count: number; expected: ExpectedRevision; result: AppendResult }[] = [];
            let opIndex = 0;
            for (const wave of waves) {
              // Every append of a wave is issued in the same tick: they are concurrent.
              const issued = wave.map((op) => {
                const tag = `op${opIndex++}`;
                const events = Array.from({ length: op.count }, (_, i) => newEvent('Op', { tag, i }));
                return {
                  op,
                  tag,
                  promise: store.append(streamName(op.stream), events, { expectedRevision: op.expected }),
                };
              });
              const settled = await Promise.allSettled(issued.map((i) => i.promise));
              settled.forEach((outcome, index) => {
                const op = issued[index]?.op;
                if (op === undefined) return;
                if (outcome.status === 'fulfilled') {
                  wins.push({ count: op.count, expected: op.expected, result: outcome.value });
                  return;
                }
                const error: unknown = outcome.reason;
                expect(error).toBeInstanceOf(WrongExpectedRevisionError);
                const wrong = error as WrongExpectedRevisionError;
                expect(wrong.streamId).toBe(streamName(op.stream));
                expect(wrong.expected).toBe(op.expected);
                expect(expectationHolds(op.expected, wrong.actual)).toBe(false);
              });
            }
            // Each win honoured its expectation at the moment it was applied.
            for (const win of wins) {
              expect(win.result.events).toHaveLength(win.count);
              expect(win.result.replayed).toBe(false);
              const firstRevision = win.result.events[0]?.revision ?? -1n;
              if (win.expected === 'no_stream') expect(firstRevision).toBe(0n);
              if (win.expected === 'exists') expect(firstRevision > 0n).toBe(true);
              if (typeof win.expected === 'bigint') expect(firstRevision).toBe(win.expected + 1n);
            }
            // Each stream holds exactly the winners' events, in the order they were applied.
            for (let k = 0; k <= 2; k++) {
              const stream = streamName(k);
              const mine = wins
                .filter((w) => w.result.streamId === stream)
                .sort((x, y) => (x.result.position < y.result.position ? -1 : 1));
              const expectedTags = mine.flatMap((w) =>
                w.result.events.map((e) => JSON.stringify([e.data.tag, e.data.i])),
              );
              if (mine.length === 0) {
                expect(await rejection(store.readStream(stream))).toBeInstanceOf(StreamNotFoundError);
                continue;
              }
              const stored = await store.readStream(stream);
              expect(stored.map((e) => JSON.stringify([e.data.tag, e.data.i]))).toEqual(expectedTags);
              expect(stored.map((e) => e.revision)).toEqual(stored.map((_, i) => BigInt(i)));
              expect(verifyStreamChain(stored)).toEqual({ ok: true });
              // And the next append with the right revision succeeds.
              const current = await store.streamRevision(stream);
              expect(current).toBe(BigInt(stored.length - 1));
              const next = await store.append(stream, [newEvent('Next')], {
                expectedRevision: current ?? 'no_stream',
              });
              expect(next.nextExpectedRevision).toBe(BigInt(stored.length));
            }
            expectPositions(store, await readEverything(store));
          }),
          { numRuns: propertyRuns },
        );
      },
      timeout * 3,
    );
  });
}

function expectationHolds(expected: ExpectedRevision, actual: bigint | null): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === null;
  if (expected === 'exists') return actual !== null;
  return actual === expected;
}

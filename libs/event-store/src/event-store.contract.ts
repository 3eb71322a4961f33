/// <reference types="jest" />
// The contract every EventStore adapter passes (DESIGN.md §6, §10). Exported from the library so
// the SQLite, PostgreSQL and EventStoreDB adapters run this same file. It uses Jest's globals
// only inside the exported functions, so importing the library outside Jest costs nothing.
import { computeEventHash, verifyEvent, verifyStreamChain } from './event-hash';
import {
  IdempotencyKeyReusedError,
  InvalidEventError,
  StoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from './event-store.errors';
import type {
  AppendResult,
  EventMetadataInput,
  EventStore,
  ExpectedRevision,
  JsonObject,
  NewEvent,
  RecordedEvent,
} from './event-store.port';
import { EVENT_STORE_LIMITS } from './event-store.validation';
import type { EventImporter } from './event-import.port';

export interface EventStoreHarness {
  /** The store under test (replaced by `reopen`). */
  store: EventStore;
  /** Closes `store` and opens the same storage again, as after a restart; the new one becomes `store`. */
  reopen(): Promise<EventStore>;
  /** Another, independent store on the same storage (as a second process would open); closed by cleanup. */
  connectAnother(): Promise<EventStore>;
  /** Closes every store of the harness and removes its storage. */
  cleanup(): Promise<void>;
}

export interface EventStoreFactoryOptions {
  /** The store must stamp recordedAt with this clock. */
  clock: () => Date;
}

/** Creates a harness on fresh, empty storage. */
export type EventStoreFactory = (options: EventStoreFactoryOptions) => Promise<EventStoreHarness>;

export interface EventStoreContractOptions {
  /**
   * Set when the adapter cannot run here (its server is absent…): the suite is then skipped loudly
   * with this reason, never passed silently.
   */
  skipReason?: string | null;
  /** Per-test timeout (default 20 s). */
  timeoutMs?: number;
  /** Runs of the concurrency property (default 25). */
  propertyRuns?: number;
}

/** Skips a suite visibly: a console warning with the reason, and a skipped test in Jest's summary. */
export function skipLoudly(name: string, reason: string): void {
  console.warn(`\n⚠ NOT TESTED — the "${name}" suite is skipped: ${reason}\n`);
  describe.skip(`${name} — SKIPPED: ${reason}`, () => {
    it('was not run', () => undefined);
  });
}

const START = Date.parse('2026-11-27T09:00:00.000Z');

/** A clock the tests move by hand. */
class ManualClock {
  ms = START;
  readonly now = (): Date => new Date(this.ms);
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const HEX64 = /^[0-9a-f]{64}$/;

const baseMetadata: EventMetadataInput = {
  actor: { id: 'clerk-hiranai', role: 'clerk', municipalityCode: '023019' },
  correlationId: 'corr-1',
  source: 'api',
};

function newEvent(type: string, data: JsonObject = {}, metadata: Partial<EventMetadataInput> = {}): NewEvent {
  return { type, schemaVersion: 1, data, metadata: { ...baseMetadata, ...metadata } };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

async function readEverything(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  let after = 0n;
  for (;;) {
    const page = await store.readAll({ after, limit: 1000 });
    all.push(...page);
    const last = page[page.length - 1];
    if (last === undefined || page.length < 1000) return all;
    after = last.position;
  }
}

/** The error a promise rejected with (fails the test if it fulfilled). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the promise fulfilled');
}

/**
 * The global order of everything stored: positions 1..n where the store says they are gap-free,
 * else strictly increasing from ≥ 1 (EventStoreDB's commit positions).
 */
function expectPositions(store: EventStore, events: readonly RecordedEvent[]): void {
  const positions = events.map((e) => e.position);
  if (store.gapFreePositions) {
    expect(positions).toEqual(events.map((_, i) => BigInt(i + 1)));
    return;
  }
  expect(positions.every((p, i) => p >= 1n && (i === 0 || p > (positions[i - 1] ?? p)))).toBe(true);
}

/**
 * Positions of the first n events in global order: 1..n on a store with gap-free positions (the
 * literal numbers), else as read back.
 */
async function firstPositions(store: EventStore, n: number): Promise<bigint[]> {
  if (store.gapFreePositions) return Array.from({ length: n }, (_, i) => BigInt(i + 1));
  const positions = (await readEverything(store)).slice(0, n).map((e) => e.position);
  if (positions.length < n) throw new Error(`expected at least ${n} events, found ${positions.length}`);
  return positions;
}

/** The position of the k-th event (1-based) in global order. */
async function nth(store: EventStore, k: number): Promise<bigint> {
  const position = (await firstPositions(store, k))[k - 1];
  if (position === undefined) throw new Error(`there is no event number ${k}`);
  return position;
}

function byStream(events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const streams = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    const list = streams.get(event.streamId) ?? [];
    list.push(event);
    streams.set(event.streamId, list);
  }
  return streams;
}

function expectChainsVerify(events: readonly RecordedEvent[]): void {
  for (const [streamId, list] of byStream(events)) {
    const sorted = [...list].sort((a, b) => (a.revision < b.revision ? -1 : 1));
    expect({ streamId, result: verifyStreamChain(sorted) }).toEqual({ streamId, result: { ok: true } });
    expect(sorted.map((e) => e.revision)).toEqual(sorted.map((_, i) => BigInt(i)));
  }
}

function bad<T>(value: unknown): T {
  return value as T;
}

function expectationHolds(expected: ExpectedRevision, actual: bigint | null): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === null;
  if (expected === 'exists') return actual !== null;
  return actual === expected;
}

/** Runs the whole contract against one adapter. */
export function testEventStore(
  name: string,
  factory: EventStoreFactory,
  options: EventStoreContractOptions = {},
): void {
  if (options.skipReason !== undefined && options.skipReason !== null) {
    skipLoudly(`EventStore contract: ${name}`, options.skipReason);
    return;
  }
  const timeout = options.timeoutMs ?? 20_000;
  const propertyRuns = options.propertyRuns ?? 25;

  describe(`EventStore contract: ${name}`, () => {
    let clock: ManualClock;
    let harness: EventStoreHarness;
    let store: EventStore;

    beforeEach(async () => {
      clock = new ManualClock();
      harness = await factory({ clock: clock.now });
      store = harness.store;
    }, timeout);

    afterEach(async () => {
      await harness.cleanup();
    }, timeout);

    describe('append and order', () => {
      it(
        'records every envelope field and reads back exactly what append returned',
        async () => {
          expect(await store.headPosition()).toBe(0n);
          expect(await store.streamRevision('agreement-1')).toBeNull();
          const result = await store.append(
            'agreement-1',
            [
              newEvent('AgreementDrafted', { title: '青森市と平内町との連携協約' }),
              newEvent('DraftRevised', { article: '3-2' }, { causationId: 'cause-1', reason: '誤記' }),
            ],
            { expectedRevision: 'no_stream' },
          );
          expect(result.streamId).toBe('agreement-1');
          expect(result.nextExpectedRevision).toBe(1n);
          const [p1, p2] = await firstPositions(store, 2);
          expect(result.position).toBe(p2);
          expect(result.replayed).toBe(false);
          const [first, second] = result.events;
          expect(first).toMatchObject({
            streamId: 'agreement-1',
            revision: 0n,
            position: p1,
            type: 'AgreementDrafted',
            schemaVersion: 1,
            data: { title: '青森市と平内町との連携協約' },
            metadata: { ...baseMetadata, recordedAt: clock.now().toISOString() },
            prevHash: null,
          });
          expect(second).toMatchObject({ revision: 1n, position: p2, prevHash: first?.hash });
          expect(second?.metadata).toEqual({
            ...baseMetadata,
            causationId: 'cause-1',
            reason: '誤記',
            recordedAt: clock.now().toISOString(),
          });
          for (const event of result.events) {
            expect(event.eventId).toMatch(UUID_V7);
            expect(event.hash).toMatch(HEX64);
            expect(typeof event.revision).toBe('bigint');
            expect(typeof event.position).toBe('bigint');
          }
          expect(first?.eventId).not.toBe(second?.eventId);
          expect(await store.readStream('agreement-1')).toEqual(result.events);
          expect(await store.readAll({ limit: 10 })).toEqual(result.events);
          expect(await store.headPosition()).toBe(p2);
          expect(await store.streamRevision('agreement-1')).toBe(1n);
        },
        timeout,
      );

      it(
        'keeps an eventId given by the caller',
        async () => {
          const eventId = '01936f0e-7a00-7abc-8def-0123456789ab';
          const result = await store.append('s-1', [{ ...newEvent('Given'), eventId }], {
            expectedRevision: 'any',
          });
          expect(result.events[0]?.eventId).toBe(eventId);
          expect((await store.readStream('s-1'))[0]?.eventId).toBe(eventId);
        },
        timeout,
      );

      it(
        'gives global positions in commit order across streams (1..n without gaps where the store says so)',
        async () => {
          const plan = ['a', 'b', 'a', 'c', 'b', 'a'];
          for (const [i, stream] of plan.entries()) {
            const result = await store.append(
              stream,
              [newEvent('Step', { i }), newEvent('Step', { i, second: true })],
              {
                expectedRevision: 'any',
              },
            );
            expect(result.position).toBe(await nth(store, 2 * i + 2));
          }
          const all = await store.readAll({ limit: 100 });
          expect(all).toHaveLength(12);
          expectPositions(store, all);
          expect(all.map((e) => e.data.i)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
          expectChainsVerify(all);
          expect(await store.streamRevision('a')).toBe(5n);
          expect(await store.streamRevision('b')).toBe(3n);
          expect(await store.streamRevision('c')).toBe(1n);
          expect(await store.headPosition()).toBe(await nth(store, 12));
        },
        timeout,
      );
    });

    describe('expected revision', () => {
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

    describe('concurrent writers', () => {
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
          const stale = await rejection(
            store.append('shared', [newEvent('Stale')], { expectedRevision: 0n }),
          );
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

    describe('idempotency', () => {
      const events = (): NewEvent[] => [
        newEvent('CostShareDecided', { fiscalYear: 2024, totalYen: '1200000' }),
        newEvent('CostShareAllocated', { municipalityCode: '023019', amountYen: '400000' }),
      ];

      it(
        'a retry with the same key and events replays the first result and writes nothing',
        async () => {
          // Keys are printable text, not only ASCII (callers scope them by actor).
          const key = 'clerk-平内町:request 1';
          const first = await store.append('project-1', events(), {
            expectedRevision: 'no_stream',
            idempotencyKey: key,
          });
          expect(first.replayed).toBe(false);
          expect(first.events.every((e) => e.metadata.idempotencyKey === key)).toBe(true);
          clock.ms += 60_000;
          // The retry carries the same (now stale) expected revision, and a new correlation id.
          const retry = await store.append(
            'project-1',
            events().map((e) => ({ ...e, metadata: { ...e.metadata, correlationId: 'corr-retry' } })),
            { expectedRevision: 'no_stream', idempotencyKey: key },
          );
          expect(retry.replayed).toBe(true);
          expect(retry.events).toEqual(first.events);
          expect(retry.position).toBe(first.position);
          expect(retry.nextExpectedRevision).toBe(first.nextExpectedRevision);
          expect(await store.headPosition()).toBe(await nth(store, 2));
          expect(await store.readStream('project-1')).toEqual(first.events);
        },
        timeout,
      );

      it(
        'the same key with other events, or on another stream, is refused and writes nothing',
        async () => {
          await store.append('project-1', events(), { expectedRevision: 'any', idempotencyKey: 'k-1' });
          const before = await readEverything(store);
          const changed = events();
          changed[1] = newEvent('CostShareAllocated', { municipalityCode: '023019', amountYen: '400001' });
          const otherData = await rejection(
            store.append('project-1', changed, { expectedRevision: 'any', idempotencyKey: 'k-1' }),
          );
          expect(otherData).toBeInstanceOf(IdempotencyKeyReusedError);
          expect(otherData).toMatchObject({ code: 'IdempotencyKeyReused', idempotencyKey: 'k-1' });
          const fewer = await rejection(
            store.append('project-1', events().slice(0, 1), {
              expectedRevision: 'any',
              idempotencyKey: 'k-1',
            }),
          );
          expect(fewer).toBeInstanceOf(IdempotencyKeyReusedError);
          const otherStream = await rejection(
            store.append('project-2', events(), { expectedRevision: 'any', idempotencyKey: 'k-1' }),
          );
          expect(otherStream).toBeInstanceOf(IdempotencyKeyReusedError);
          const otherActor = await rejection(
            store.append(
              'project-1',
              events().map((e) => ({
                ...e,
                metadata: { ...e.metadata, actor: { id: 'someone-else', role: 'admin' } },
              })),
              { expectedRevision: 'any', idempotencyKey: 'k-1' },
            ),
          );
          expect(otherActor).toBeInstanceOf(IdempotencyKeyReusedError);
          expect(await readEverything(store)).toEqual(before);
        },
        timeout,
      );

      it(
        'a refused first attempt records no key: the corrected retry is written, then replays',
        async () => {
          await store.append('project-1', [newEvent('Opened')], { expectedRevision: 'no_stream' });
          const refused = await rejection(
            store.append('project-1', events(), { expectedRevision: 'no_stream', idempotencyKey: 'k-2' }),
          );
          expect(refused).toBeInstanceOf(WrongExpectedRevisionError);
          const written = await store.append('project-1', events(), {
            expectedRevision: 0n,
            idempotencyKey: 'k-2',
          });
          expect(written.replayed).toBe(false);
          const replay = await store.append('project-1', events(), {
            expectedRevision: 0n,
            idempotencyKey: 'k-2',
          });
          expect(replay.replayed).toBe(true);
          expect(replay.events).toEqual(written.events);
          expect(await store.headPosition()).toBe(await nth(store, 3));
        },
        timeout,
      );

      it(
        'concurrent duplicates of one idempotent append write it once',
        async () => {
          const outcomes = await Promise.all(
            Array.from({ length: 5 }, () =>
              store.append('project-1', events(), { expectedRevision: 'no_stream', idempotencyKey: 'k-3' }),
            ),
          );
          expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
          for (const outcome of outcomes) expect(outcome.events).toEqual(outcomes[0]?.events);
          expect(await store.headPosition()).toBe(await nth(store, 2));
        },
        timeout,
      );

      it(
        'event ids derived from the key are deterministic (the same on fresh storage)',
        async () => {
          const first = await store.append('project-1', events(), {
            expectedRevision: 'any',
            idempotencyKey: 'k-4',
          });
          const elsewhere = await factory({ clock: clock.now });
          try {
            const again = await elsewhere.store.append('project-1', events(), {
              expectedRevision: 'any',
              idempotencyKey: 'k-4',
            });
            expect(again.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
            const otherKey = await elsewhere.store.append('project-2', events(), {
              expectedRevision: 'any',
              idempotencyKey: 'k-5',
            });
            expect(new Set([...first.events, ...otherKey.events].map((e) => e.eventId)).size).toBe(4);
          } finally {
            await elsewhere.cleanup();
          }
        },
        timeout,
      );
    });

    describe('readStream', () => {
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
          expect(revisions(await store.readStream('s', { direction: 'backward', fromRevision: 3n }))).toEqual(
            [3n, 2n, 1n, 0n],
          );
          expect(revisions(await store.readStream('s', { maxCount: 2 }))).toEqual([0n, 1n]);
          expect(revisions(await store.readStream('s', { fromRevision: 2n, maxCount: 3 }))).toEqual([
            2n,
            3n,
            4n,
          ]);
          expect(revisions(await store.readStream('s', { direction: 'backward', maxCount: 1 }))).toEqual([
            5n,
          ]);
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
          expect(revisions(await store.readStream('s', { upToPosition: p4, direction: 'backward' }))).toEqual(
            [2n, 1n, 0n],
          );
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

    describe('readAll', () => {
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

    describe('subscriptions', () => {
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

    describe('integrity', () => {
      it(
        'every event verifies, each stream is a hash chain, and tampering is detected',
        async () => {
          for (let i = 0; i < 6; i++) {
            await store.append(`agreement-${i % 2}`, [newEvent('E', { i }), newEvent('F', { i })], {
              expectedRevision: 'any',
            });
          }
          const all = await readEverything(store);
          for (const event of all) {
            expect(verifyEvent(event)).toBe(true);
            expect(computeEventHash(event)).toBe(event.hash);
          }
          expectChainsVerify(all);
          const stream = await store.readStream('agreement-0');
          expect(stream[0]?.prevHash).toBeNull();
          stream.slice(1).forEach((event, i) => expect(event.prevHash).toBe(stream[i]?.hash));
          const victim = stream[2];
          if (victim === undefined) throw new Error('no event to tamper with');
          const tampered = { ...victim, data: { ...victim.data, i: 99 } };
          expect(verifyEvent(tampered)).toBe(false);
          expect(verifyStreamChain([...stream.slice(0, 2), tampered, ...stream.slice(3)]).ok).toBe(false);
          const forged = { ...tampered, hash: computeEventHash(tampered) };
          expect(verifyEvent(forged)).toBe(true);
          expect(verifyStreamChain([...stream.slice(0, 2), forged, ...stream.slice(3)]).ok).toBe(false);
        },
        timeout,
      );
    });

    describe('text and size', () => {
      it(
        'round-trips Japanese text byte-exact, never normalised (U+FA19, か+U+3099)',
        async () => {
          const compat = '\uFA19'; // 神 compatibility ideograph; NFC turns it into U+795E
          const combining = '\u304B\u3099'; // か + combining dakuten; NFC composes it into が
          const text = `${compat}社と${combining}ら（青森市（以下「甲」という。））`;
          expect(text.normalize('NFC')).not.toBe(text);
          const data = { text, [combining]: compat, list: [compat, combining, '外ヶ浜町'] };
          const result = await store.append(
            'agreement-kami',
            [newEvent('TextRecorded', data, { reason: `${compat}の訂正` })],
            {
              expectedRevision: 'no_stream',
            },
          );
          const [read] = await store.readStream('agreement-kami');
          for (const event of [read, result.events[0]]) {
            expect(event?.data).toEqual(data);
            const readText = event?.data.text;
            if (typeof readText !== 'string') throw new Error('text did not come back as a string');
            expect(Buffer.from(readText, 'utf8').equals(Buffer.from(text, 'utf8'))).toBe(true);
            expect([...readText].map((c) => c.codePointAt(0))).toEqual(
              [...text].map((c) => c.codePointAt(0)),
            );
            expect(Object.keys(event?.data ?? {})).toContain(combining);
            expect(event?.metadata.reason).toBe(`${compat}の訂正`);
          }
          expect(read && verifyEvent(read)).toBe(true);
        },
        timeout,
      );

      it(
        'stores a 1 MiB event whole, and refuses one above the limit',
        async () => {
          const chunk = '連携協約第3条の2（費用分担）';
          const blob = chunk.repeat(Math.ceil((1024 * 1024) / Buffer.byteLength(chunk, 'utf8')));
          expect(Buffer.byteLength(blob, 'utf8')).toBeGreaterThanOrEqual(1024 * 1024);
          const result = await store.append('big', [newEvent('BigRecorded', { blob })], {
            expectedRevision: 'any',
          });
          const [read] = await store.readStream('big');
          expect(read?.data.blob === blob).toBe(true);
          expect(read?.hash).toBe(result.events[0]?.hash);
          expect(read && verifyEvent(read)).toBe(true);
          const tooBig = 'x'.repeat(EVENT_STORE_LIMITS.eventDataBytes);
          expect(
            await rejection(
              store.append('big', [newEvent('TooBig', { tooBig })], { expectedRevision: 'any' }),
            ),
          ).toBeInstanceOf(InvalidEventError);
          expect(await store.headPosition()).toBe(await nth(store, 1));
        },
        timeout,
      );
    });

    describe('bad arguments', () => {
      const ok = newEvent('Valid');
      const withData = (data: unknown): NewEvent[] => [{ ...ok, data: bad<JsonObject>(data) }];
      const withMetadata = (metadata: unknown): NewEvent[] => [
        { ...ok, metadata: bad<EventMetadataInput>(metadata) },
      ];
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      class Money {
        yen = 1;
      }
      const sparse: unknown[] = [1];
      sparse[2] = 3;
      const appendCases: [string, () => Promise<unknown>][] = [
        ['an empty stream id', () => store.append('', [ok], { expectedRevision: 'any' })],
        ['a stream id with a space', () => store.append('agreement 1', [ok], { expectedRevision: 'any' })],
        ['a stream id with a slash', () => store.append('agreement/1', [ok], { expectedRevision: 'any' })],
        ['a stream id too long', () => store.append('s'.repeat(201), [ok], { expectedRevision: 'any' })],
        ['a stream id that is not a string', () => store.append(bad(42), [ok], { expectedRevision: 'any' })],
        ['no events', () => store.append('s', [], { expectedRevision: 'any' })],
        ['events that are not an array', () => store.append('s', bad(ok), { expectedRevision: 'any' })],
        ['a null event', () => store.append('s', bad([null]), { expectedRevision: 'any' })],
        [
          'a camelCase type',
          () => store.append('s', [{ ...ok, type: 'agreementDrafted' }], { expectedRevision: 'any' }),
        ],
        [
          'a type with a space',
          () => store.append('s', [{ ...ok, type: 'Agreement Drafted' }], { expectedRevision: 'any' }),
        ],
        ['an empty type', () => store.append('s', [{ ...ok, type: '' }], { expectedRevision: 'any' })],
        [
          'schemaVersion 0',
          () => store.append('s', [{ ...ok, schemaVersion: 0 }], { expectedRevision: 'any' }),
        ],
        [
          'schemaVersion 1.5',
          () => store.append('s', [{ ...ok, schemaVersion: 1.5 }], { expectedRevision: 'any' }),
        ],
        [
          'schemaVersion -1',
          () => store.append('s', [{ ...ok, schemaVersion: -1 }], { expectedRevision: 'any' }),
        ],
        [
          'schemaVersion as a string',
          () => store.append('s', [{ ...ok, schemaVersion: bad('1') }], { expectedRevision: 'any' }),
        ],
        ['data null', () => store.append('s', withData(null), { expectedRevision: 'any' })],
        ['data an array', () => store.append('s', withData([1]), { expectedRevision: 'any' })],
        ['data a string', () => store.append('s', withData('text'), { expectedRevision: 'any' })],
        [
          'data with an undefined member',
          () => store.append('s', withData({ a: undefined }), { expectedRevision: 'any' }),
        ],
        [
          'data with a function',
          () => store.append('s', withData({ f: () => 1 }), { expectedRevision: 'any' }),
        ],
        ['data with NaN', () => store.append('s', withData({ n: Number.NaN }), { expectedRevision: 'any' })],
        [
          'data with Infinity',
          () => store.append('s', withData({ n: Number.POSITIVE_INFINITY }), { expectedRevision: 'any' }),
        ],
        [
          'data with -Infinity deep inside',
          () => store.append('s', withData({ a: [{ n: -Infinity }] }), { expectedRevision: 'any' }),
        ],
        ['data with a bigint', () => store.append('s', withData({ yen: 10n }), { expectedRevision: 'any' })],
        [
          'data with a symbol',
          () => store.append('s', withData({ s: Symbol('x') }), { expectedRevision: 'any' }),
        ],
        [
          'data with a Date',
          () => store.append('s', withData({ at: new Date(0) }), { expectedRevision: 'any' }),
        ],
        [
          'data with a class instance',
          () => store.append('s', withData({ m: new Money() }), { expectedRevision: 'any' }),
        ],
        [
          'data that is a class instance',
          () => store.append('s', withData(new Money()), { expectedRevision: 'any' }),
        ],
        ['circular data', () => store.append('s', withData(circular), { expectedRevision: 'any' })],
        [
          'data with a sparse array',
          () => store.append('s', withData({ a: sparse }), { expectedRevision: 'any' }),
        ],
        [
          'data with a lone surrogate',
          () => store.append('s', withData({ t: 'a\uD800b' }), { expectedRevision: 'any' }),
        ],
        ['no metadata', () => store.append('s', withMetadata(undefined), { expectedRevision: 'any' })],
        [
          'metadata without actor',
          () =>
            store.append('s', withMetadata({ ...baseMetadata, actor: undefined }), {
              expectedRevision: 'any',
            }),
        ],
        [
          'an actor with an empty id',
          () =>
            store.append('s', withMetadata({ ...baseMetadata, actor: { id: '', role: 'clerk' } }), {
              expectedRevision: 'any',
            }),
        ],
        [
          'an unknown actor role',
          () =>
            store.append('s', withMetadata({ ...baseMetadata, actor: { id: 'u', role: 'mayor' } }), {
              expectedRevision: 'any',
            }),
        ],
        [
          'a malformed municipality code',
          () =>
            store.append(
              's',
              withMetadata({ ...baseMetadata, actor: { id: 'u', role: 'clerk', municipalityCode: '2301' } }),
              { expectedRevision: 'any' },
            ),
        ],
        [
          'metadata without correlationId',
          () =>
            store.append('s', withMetadata({ ...baseMetadata, correlationId: undefined }), {
              expectedRevision: 'any',
            }),
        ],
        [
          'an unknown source',
          () =>
            store.append('s', withMetadata({ ...baseMetadata, source: 'email' }), {
              expectedRevision: 'any',
            }),
        ],
        [
          'an unknown metadata field',
          () =>
            store.append('s', withMetadata({ ...baseMetadata, colour: 'red' }), { expectedRevision: 'any' }),
        ],
        [
          'a recordedAt sent by the caller',
          () =>
            store.append('s', withMetadata({ ...baseMetadata, recordedAt: '2020-01-01T00:00:00Z' }), {
              expectedRevision: 'any',
            }),
        ],
        [
          'a metadata idempotencyKey other than the append’s',
          () =>
            store.append('s', withMetadata({ ...baseMetadata, idempotencyKey: 'x' }), {
              expectedRevision: 'any',
              idempotencyKey: 'y',
            }),
        ],
        [
          'an eventId that is not a UUID',
          () => store.append('s', [{ ...ok, eventId: 'event-1' }], { expectedRevision: 'any' }),
        ],
        [
          'the same eventId twice in one append',
          () =>
            store.append(
              's',
              [
                { ...ok, eventId: '01936f0e-7a00-7000-8000-000000000001' },
                { ...ok, eventId: '01936f0e-7a00-7000-8000-000000000001' },
              ],
              { expectedRevision: 'any' },
            ),
        ],
        ['no options', () => store.append('s', [ok], bad(undefined))],
        ['expectedRevision -1n', () => store.append('s', [ok], { expectedRevision: -1n })],
        ['expectedRevision as a number', () => store.append('s', [ok], { expectedRevision: bad(0) })],
        ['an unknown expectedRevision', () => store.append('s', [ok], { expectedRevision: bad('latest') })],
        [
          'an expectedRevision beyond 64 bits',
          () => store.append('s', [ok], { expectedRevision: 2n ** 64n }),
        ],
        [
          'an empty idempotency key',
          () => store.append('s', [ok], { expectedRevision: 'any', idempotencyKey: '' }),
        ],
        [
          'an idempotency key with a control character',
          () => store.append('s', [ok], { expectedRevision: 'any', idempotencyKey: 'a\nb' }),
        ],
        [
          'an idempotency key too long',
          () => store.append('s', [ok], { expectedRevision: 'any', idempotencyKey: 'k'.repeat(513) }),
        ],
        ['readAll limit 0', () => store.readAll({ limit: 0 })],
        ['readAll limit 10001', () => store.readAll({ limit: 10_001 })],
        ['readAll limit 1.5', () => store.readAll({ limit: 1.5 })],
        ['readAll after -1n', () => store.readAll({ after: -1n, limit: 1 })],
        ['readAll after as a number', () => store.readAll({ after: bad(0), limit: 1 })],
        ['readStream of an empty id', () => store.readStream('')],
        ['readStream maxCount 0', () => store.readStream('s', { maxCount: 0 })],
        ['readStream fromRevision -1n', () => store.readStream('s', { fromRevision: -1n })],
        ['readStream upToPosition -1n', () => store.readStream('s', { upToPosition: -1n })],
        ['readStream in an unknown direction', () => store.readStream('s', { direction: bad('sideways') })],
        ['streamRevision of an empty id', () => store.streamRevision('')],
      ];

      for (const [what, attempt] of appendCases) {
        it(
          `refuses ${what} with InvalidEvent, writing nothing`,
          async () => {
            await store.append('s-existing', [newEvent('Before')], { expectedRevision: 'no_stream' });
            const error = await rejection(attempt());
            expect(error).toBeInstanceOf(InvalidEventError);
            expect(error).toMatchObject({ code: 'InvalidEvent' });
            expect(await store.headPosition()).toBe(await nth(store, 1));
            expect(await store.streamRevision('s')).toBeNull();
            expect(await store.readAll({ limit: 10 })).toHaveLength(1);
          },
          timeout,
        );
      }

      it(
        'refuses bad subscription arguments synchronously',
        () => {
          expect(() => store.subscribe({ after: 0n, batchSize: 0 }, () => undefined)).toThrow(
            InvalidEventError,
          );
          expect(() => store.subscribe({ after: -1n }, () => undefined)).toThrow(InvalidEventError);
          expect(() => store.subscribe({ after: 0n }, bad(undefined))).toThrow(InvalidEventError);
        },
        timeout,
      );

      it(
        'refuses an eventId already recorded, without refusing a concurrent neighbour',
        async () => {
          const eventId = '01936f0e-7a00-7000-8000-00000000abcd';
          await store.append('s-1', [{ ...ok, eventId }], { expectedRevision: 'any' });
          const [duplicate, neighbour] = await Promise.allSettled([
            store.append('s-2', [newEvent('First'), { ...ok, eventId }], { expectedRevision: 'any' }),
            store.append('s-3', [newEvent('Fine')], { expectedRevision: 'any' }),
          ]);
          expect(duplicate?.status === 'rejected' ? duplicate.reason : null).toBeInstanceOf(
            InvalidEventError,
          );
          expect(neighbour?.status).toBe('fulfilled');
          expect(await store.streamRevision('s-2')).toBeNull();
          const all = await readEverything(store);
          expect(all).toHaveLength(2);
          expectPositions(store, all);
          expect(await store.headPosition()).toBe(await nth(store, 2));
        },
        timeout,
      );
    });

    describe('time', () => {
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

    describe('lifecycle', () => {
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
  });
}

/** True when the store also imports recorded events (EventImporter). */
export function isEventImporter(store: EventStore): store is EventStore & EventImporter {
  return typeof (store as Partial<EventImporter>).importEvents === 'function';
}

/** A harness whose store can also import recorded events. */
interface EventImporterHarness extends EventStoreHarness {
  store: EventStore & EventImporter;
}

async function importerHarness(
  factory: EventStoreFactory,
  clock: ManualClock,
): Promise<EventImporterHarness> {
  const harness = await factory({ clock: clock.now });
  const { store } = harness;
  if (!isEventImporter(store)) {
    await harness.cleanup();
    throw new Error('the store under test does not implement EventImporter (importEvents)');
  }
  return Object.assign(harness, { store });
}

/**
 * The contract of EventImporter (copying a ledger between stores): a verbatim copy, and the refusal
 * of anything that does not continue the target exactly, with nothing of the call written.
 */
export function testEventImporter(
  name: string,
  factory: EventStoreFactory,
  options: Pick<EventStoreContractOptions, 'skipReason' | 'timeoutMs'> = {},
): void {
  if (options.skipReason !== undefined && options.skipReason !== null) {
    skipLoudly(`EventImporter contract: ${name}`, options.skipReason);
    return;
  }
  const timeout = options.timeoutMs ?? 20_000;

  describe(`EventImporter contract: ${name}`, () => {
    let clock: ManualClock;
    let source: EventStoreHarness;
    let target: EventImporterHarness;

    beforeEach(async () => {
      clock = new ManualClock();
      source = await factory({ clock: clock.now });
      target = await importerHarness(factory, clock);
    }, timeout);

    afterEach(async () => {
      await Promise.all([source.cleanup(), target.cleanup()]);
    }, timeout);

    /** Six events on three streams: agreement-1 at revisions 0,1, then 2 (the fourth event), then 3. */
    async function recordHistory(store: EventStore): Promise<RecordedEvent[]> {
      await store.append('agreement-1', [newEvent('AgreementDrafted'), newEvent('DraftRevised')], {
        expectedRevision: 'no_stream',
      });
      clock.ms += 60_000;
      await store.append('project-1', [newEvent('CostShareDecided', { totalYen: '1200000' })], {
        expectedRevision: 'no_stream',
        idempotencyKey: 'import-key-1',
      });
      clock.ms += 60_000;
      await store.append('agreement-1', [newEvent('CouncilResolutionRecorded', { result: 'approved' })], {
        expectedRevision: 1n,
      });
      await store.append(
        'agreement-2',
        [newEvent('TextRecorded', { text: '\uFA19社と\u304B\u3099ら（青森市（以下「甲」という。））' })],
        { expectedRevision: 'no_stream' },
      );
      clock.ms += 60_000;
      await store.append('agreement-1', [newEvent('ProceedingConcluded', { on: '2019-12-25' })], {
        expectedRevision: 2n,
      });
      return readEverything(store);
    }

    /** The same event with its hash recomputed after a change (a forgery that verifies on its own). */
    const rehashed = (event: RecordedEvent, change: Partial<RecordedEvent>): RecordedEvent => {
      const changed = { ...event, ...change };
      return { ...changed, hash: computeEventHash(changed) };
    };

    it(
      'copies a ledger verbatim over several calls: the same events, hashes and chains; appends then continue it',
      async () => {
        const events = await recordHistory(source.store);
        expect(events).toHaveLength(6);
        await target.store.importEvents(events.slice(0, 2));
        await target.store.importEvents(events.slice(2));
        const copied = await readEverything(target.store);
        expect(copied).toEqual(asImported(target.store, events, copied));
        const stream = await target.store.readStream('agreement-1');
        expect(stream).toEqual(
          asImported(target.store, await source.store.readStream('agreement-1'), stream),
        );
        expect(await target.store.streamRevision('agreement-1')).toBe(3n);
        expectChainsVerify(await readEverything(target.store));
        const last = events.filter((e) => e.streamId === 'agreement-1').at(-1);
        const next = await target.store.append('agreement-1', [newEvent('AfterImport')], {
          expectedRevision: 3n,
        });
        expect(next.events[0]).toMatchObject({ revision: 4n, prevHash: last?.hash });
        expect((next.events[0]?.position ?? 0n) > (events.at(-1)?.position ?? 0n)).toBe(true);
        const reopened = await target.reopen();
        const again = (await readEverything(reopened)).slice(0, 6);
        expect(again).toEqual(asImported(reopened, events, again));
        expectChainsVerify(await readEverything(reopened));
      },
      timeout,
    );

    it(
      'an event copied to another position keeps the position its hash covers (hashedPosition)',
      async () => {
        if (!target.store.gapFreePositions) return;
        await target.store.append('elsewhere', [newEvent('AlreadyHere'), newEvent('AlreadyHere')], {
          expectedRevision: 'no_stream',
        });
        const events = (await recordHistory(source.store)).filter((e) => e.streamId === 'agreement-1');
        // Positions 3..6 here; the hashes cover 1, 2, 4 and 6 (the last one is where it was).
        const moved = events.map((e, i): RecordedEvent => {
          const position = BigInt(3 + i);
          return e.position === position ? e : { ...e, position, hashedPosition: e.position };
        });
        await target.store.importEvents(moved);
        const read = await target.store.readStream('agreement-1');
        expect(read).toEqual(moved);
        expect(read.map((e) => [e.position, e.hashedPosition])).toEqual([
          [3n, 1n],
          [4n, 2n],
          [5n, 4n],
          [6n, undefined],
        ]);
        expect(read.every((e) => verifyEvent(e))).toBe(true);
        expect(verifyStreamChain(read)).toEqual({ ok: true });
      },
      timeout,
    );

    const refusals: [string, (events: RecordedEvent[]) => unknown, boolean][] = [
      [
        'a tampered event (its hash no longer matches)',
        (e) => ({ ...e[3], data: { result: 'rejected' } }),
        false,
      ],
      [
        'a broken chain (prevHash not the previous hash)',
        (e) => rehashed(e[3] as RecordedEvent, { prevHash: 'f'.repeat(64) }),
        false,
      ],
      ['a skipped revision', (e) => rehashed(e[3] as RecordedEvent, { revision: 3n }), false],
      ['the wrong position', (e) => rehashed(e[3] as RecordedEvent, { position: 5n }), true],
      [
        'an event id already recorded',
        (e) => rehashed(e[3] as RecordedEvent, { eventId: e[0]?.eventId ?? '' }),
        false,
      ],
      ['something that is not an event', () => null, false],
    ];

    for (const [what, spoil, positional] of refusals) {
      it(
        `refuses ${what} with InvalidEvent, writing nothing of the call`,
        async () => {
          if (positional && !target.store.gapFreePositions) return;
          const events = await recordHistory(source.store);
          await target.store.importEvents(events.slice(0, 2));
          const before = await readEverything(target.store);
          const bad = [events[2], spoil(events)] as RecordedEvent[];
          const error = await rejection(target.store.importEvents(bad));
          expect(error).toBeInstanceOf(InvalidEventError);
          expect(await readEverything(target.store)).toEqual(before);
          expect(await target.store.streamRevision('project-1')).toBeNull();
          // The right events are accepted afterwards: the refusal left nothing behind.
          await target.store.importEvents(events.slice(2));
          const copied = await readEverything(target.store);
          expect(copied).toEqual(asImported(target.store, events, copied));
        },
        timeout,
      );
    }
  });
}

/**
 * What a store reads back after importing `events`: the very events where positions are gap-free
 * (the same positions); on a store that gives its own positions (EventStoreDB), those positions,
 * as read back in `read`, and everything else the same — the hashes cover the original positions.
 */
function asImported(
  store: EventStore,
  events: readonly RecordedEvent[],
  read: readonly RecordedEvent[],
): RecordedEvent[] {
  if (store.gapFreePositions) return [...events];
  return events.map((event, i) => ({ ...event, position: read[i]?.position ?? event.position }));
}

import {
  type EventStore,
  IdempotencyKeyReusedError,
  type NewEvent,
  WrongExpectedRevisionError,
} from '@kyoyaku/event-store';
import {
  contractSettings,
  type EventStoreContractOptions,
  type EventStoreFactory,
  freshHarnessEachTest,
  type ManualClock,
  newEvent,
  nth,
  readEverything,
  rejection,
} from '../contract-support';

/**
 * Idempotency keys: a retry replays the first result and writes nothing; the same key with other
 * events is refused; ids derived from a key are deterministic.
 */
export function testIdempotency(factory: EventStoreFactory, options: EventStoreContractOptions = {}): void {
  const settings = contractSettings('idempotency', options);
  if (settings === null) return;
  const { timeout } = settings;

  describe('idempotency', () => {
    let clock: ManualClock;
    let store: EventStore;
    freshHarnessEachTest(factory, timeout, (fresh) => ({ clock, store } = fresh));

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
      'the append of a key is found without appending again, as its retry would be answered',
      async () => {
        expect(await store.findIdempotentAppend('k-lookup')).toBeNull();
        await store.append('project-0', [newEvent('Opened')], { expectedRevision: 'no_stream' });
        // A refused attempt holds no key.
        await rejection(
          store.append('project-0', events(), { expectedRevision: 'no_stream', idempotencyKey: 'k-lookup' }),
        );
        expect(await store.findIdempotentAppend('k-lookup')).toBeNull();
        const digest = 'a'.repeat(64);
        const first = await store.append(
          'project-1',
          events().map((e) => ({ ...e, metadata: { ...e.metadata, requestDigest: digest } })),
          { expectedRevision: 'no_stream', idempotencyKey: 'k-lookup' },
        );
        const head = await store.headPosition();
        clock.ms += 60_000;
        const found = await store.findIdempotentAppend('k-lookup');
        expect(found).toEqual({ ...first, replayed: true });
        expect(found?.events.map((e) => e.metadata.requestDigest)).toEqual([digest, digest]);
        expect(await store.headPosition()).toBe(head);
        // The fingerprint is part of what the key stands for.
        const otherRequest = await rejection(
          store.append(
            'project-1',
            events().map((e) => ({ ...e, metadata: { ...e.metadata, requestDigest: 'b'.repeat(64) } })),
            { expectedRevision: 'no_stream', idempotencyKey: 'k-lookup' },
          ),
        );
        expect(otherRequest).toBeInstanceOf(IdempotencyKeyReusedError);
        expect(await store.findIdempotentAppend('k-other')).toBeNull();
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
}

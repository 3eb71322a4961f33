// The contract of EventImporter (copying a ledger between stores), which adapters that import pass.
import {
  computeEventHash,
  type EventImporter,
  type EventStore,
  InvalidEventError,
  type RecordedEvent,
  verifyEvent,
  verifyStreamChain,
} from '@kyoyaku/event-store';
import {
  type EventStoreContractOptions,
  type EventStoreFactory,
  type EventStoreHarness,
  expectChainsVerify,
  ManualClock,
  newEvent,
  readEverything,
  rejection,
  skipLoudly,
} from './contract-support';

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

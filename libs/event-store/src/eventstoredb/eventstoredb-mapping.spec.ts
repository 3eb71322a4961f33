import {
  ANY,
  DeadlineExceededError,
  type EventData,
  MaxAppendSizeExceededError,
  NO_STREAM,
  type RecordedEvent as EsdbRecordedEvent,
  START,
  STREAM_EXISTS,
  StreamNotFoundError as EsdbStreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import fc from 'fast-check';
import { computeEventHash, hashedPositionOf, verifyEvent, verifyStreamChain } from '../event-hash';
import { InvalidEventError, StoreUnavailableError, WrongExpectedRevisionError } from '../event-store.errors';
import type { ExpectedRevision, NewEvent, RecordedEvent } from '../event-store.port';
import { expectationMet, idempotentEventId, prepareAppend } from '../event-store.validation';
import { keyedGroups } from './eventstoredb-event-store';
import {
  actualRevisionOf,
  eventIdStreamName,
  fromEsdbEvent,
  idempotencyStreamName,
  isUnavailable,
  isWrongExpectedVersion,
  ledgerStreamId,
  ledgerStreamRegex,
  pinnedRevision,
  readPositionAfter,
  sealAppend,
  toEsdbEvent,
  toEsdbExpectedRevision,
  toStoreError,
  toWrongExpectedRevision,
  validateNamespace,
} from './eventstoredb-mapping';
import {
  decideKey,
  MalformedReservationError,
  RESERVATION_CLAIMED,
  RESERVATION_FULFILLED,
  RESERVATION_RELEASED,
  reservationState,
} from './eventstoredb-reservation';

const RECORDED_AT = '2026-11-27T09:00:00.000Z';

function newEvent(type: string, data: NewEvent['data'] = {}, causationId?: string): NewEvent {
  return {
    type,
    schemaVersion: 1,
    data,
    metadata: {
      actor: { id: 'clerk-hiranai', role: 'clerk', municipalityCode: '023019' },
      correlationId: 'corr-1',
      source: 'api',
      ...(causationId === undefined ? {} : { causationId }),
    },
  };
}

let nextId = 0;
const sequentialIds = (): string => `01936f0e-7a00-7000-8000-${(++nextId).toString(16).padStart(12, '0')}`;

/**
 * What the client hands back for an event it wrote: the EventData as stored (JSON through the wire)
 * with the stream, revision and log position the server gives it.
 */
function asStored(
  namespace: string,
  event: RecordedEvent,
  data: EventData,
  commit: bigint,
): EsdbRecordedEvent {
  return {
    streamId: `${namespace}${event.streamId}`,
    id: data.id,
    isJson: true,
    revision: event.revision,
    type: data.type,
    created: new Date(RECORDED_AT),
    data: JSON.parse(JSON.stringify(data.data)) as Record<string, unknown>,
    metadata: JSON.parse(JSON.stringify(data.metadata)) as Record<string, unknown>,
    position: { commit, prepare: commit },
  };
}

describe('EventStoreDB expected revisions', () => {
  it("maps the port's expectations one to one: 'no_stream' → NO_STREAM, 'exists' → STREAM_EXISTS, 'any' → ANY, a revision → itself", () => {
    expect(toEsdbExpectedRevision('no_stream')).toBe(NO_STREAM);
    expect(toEsdbExpectedRevision('exists')).toBe(STREAM_EXISTS);
    expect(toEsdbExpectedRevision('any')).toBe(ANY);
    expect(toEsdbExpectedRevision(0n)).toBe(0n);
    expect(toEsdbExpectedRevision(2n ** 63n - 1n)).toBe(2n ** 63n - 1n);
  });

  it('pins every write to the revision read: NO_STREAM for a missing stream, else that revision', () => {
    expect(pinnedRevision(null)).toBe(NO_STREAM);
    expect(pinnedRevision(0n)).toBe(0n);
    expect(pinnedRevision(41n)).toBe(41n);
  });

  it('checks an expectation against the revision read (property, against the definition)', () => {
    const expected = fc.oneof(
      fc.constant<ExpectedRevision>('no_stream'),
      fc.constant<ExpectedRevision>('exists'),
      fc.constant<ExpectedRevision>('any'),
      fc.bigInt({ min: 0n, max: 5n }),
    );
    const actual = fc.option(fc.bigInt({ min: 0n, max: 5n }), { nil: null });
    fc.assert(
      fc.property(expected, actual, (e, a) => {
        const holds = e === 'any' || (e === 'no_stream' ? a === null : e === 'exists' ? a !== null : a === e);
        expect(expectationMet(e, a)).toBe(holds);
      }),
    );
    expect(expectationMet('no_stream', 0n)).toBe(false);
    expect(expectationMet('exists', null)).toBe(false);
    expect(expectationMet(3n, null)).toBe(false);
  });
});

describe('EventStoreDB errors', () => {
  it('maps WrongExpectedVersionError to WrongExpectedRevision with what was expected and the actual revision', () => {
    const onExisting = new WrongExpectedVersionError(undefined, {
      streamName: 'agreement-1',
      expected: 0n,
      current: 3n,
    });
    expect(isWrongExpectedVersion(onExisting)).toBe(true);
    const mapped = toWrongExpectedRevision('agreement-1', 0n, onExisting);
    expect(mapped).toBeInstanceOf(WrongExpectedRevisionError);
    expect(mapped).toMatchObject({
      code: 'WrongExpectedRevision',
      streamId: 'agreement-1',
      expected: 0n,
      actual: 3n,
    });

    const onMissing = new WrongExpectedVersionError(undefined, {
      streamName: 'agreement-2',
      expected: 'stream_exists',
      current: 'no_stream',
    });
    expect(toWrongExpectedRevision('agreement-2', 'exists', onMissing)).toMatchObject({
      expected: 'exists',
      actual: null,
    });
    // Older servers report a missing stream as revision -1.
    expect(actualRevisionOf({ actualVersion: -1n })).toBeNull();
  });

  it('treats an unreachable or leaderless server as StoreUnavailable, and nothing else', () => {
    for (const error of [
      new UnavailableError(),
      new DeadlineExceededError(),
      Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 }),
      new Error('connect ECONNREFUSED 127.0.0.1:2113'),
    ]) {
      expect(isUnavailable(error)).toBe(true);
      const mapped = toStoreError(error, 'appending to s');
      expect(mapped).toBeInstanceOf(StoreUnavailableError);
      expect(mapped.message).toContain('cannot be reached (appending to s)');
    }
    expect(isUnavailable(new EsdbStreamNotFoundError(undefined, 's'))).toBe(false);
    expect(
      isUnavailable(new WrongExpectedVersionError(undefined, { streamName: 's', expected: 0n, current: 1n })),
    ).toBe(false);
    expect(isUnavailable('down')).toBe(false);
  });

  it('lets the port’s errors through and turns an append above MaxAppendSize into InvalidEvent', () => {
    const wrong = new WrongExpectedRevisionError('s', 0n, 1n);
    expect(toStoreError(wrong, 'x')).toBe(wrong);
    expect(toStoreError(new MaxAppendSizeExceededError(undefined, 1_048_576), 'x')).toBeInstanceOf(
      InvalidEventError,
    );
    expect(toStoreError(new Error('boom'), 'reading s')).toMatchObject({
      code: 'StoreUnavailable',
      message: expect.stringContaining('EventStoreDB failed (reading s): boom') as unknown,
    });
  });
});

describe('EventStoreDB streams and positions', () => {
  it('keeps ledger streams under the namespace and leaves system, reservation and other ledgers’ streams out', () => {
    const regex = new RegExp(ledgerStreamRegex('t1.a-'));
    for (const name of ['t1.a-agreement-aomori-hiranai', 't1.a-s', 't1.a-9']) {
      expect(regex.test(name)).toBe(true);
      expect(ledgerStreamId('t1.a-', name)).toBe(name.slice('t1.a-'.length));
    }
    const outside = [
      '$stats-127.0.0.1:2113',
      '$$t1.a-agreement-1',
      't1xa-agreement-1', // the dot is literal
      't2-agreement-1',
      idempotencyStreamName('t1.a-', 'clerk:key-1'),
      eventIdStreamName('t1.a-', '01936f0e-7a00-7000-8000-000000000001'),
    ];
    for (const name of outside) {
      expect({ name, matches: regex.test(name) }).toEqual({ name, matches: false });
      expect(ledgerStreamId('t1.a-', name)).toBeNull();
    }
    const plain = new RegExp(ledgerStreamRegex(''));
    expect(plain.test('agreement-1')).toBe(true);
    expect(plain.test('$all')).toBe(false);
    expect(plain.test(idempotencyStreamName('', 'k'))).toBe(false);
  });

  it('names a key’s reservation stream deterministically, one per key', () => {
    expect(idempotencyStreamName('', 'clerk-1:req-1')).toBe(idempotencyStreamName('', 'clerk-1:req-1'));
    expect(idempotencyStreamName('', 'clerk-1:req-1')).not.toBe(idempotencyStreamName('', 'clerk-1:req-2'));
    expect(idempotencyStreamName('', 'clerk-平内町:1')).toMatch(/^_idempotency-[0-9a-f-]{36}$/);
  });

  it('refuses a namespace that could not sit in a stream name or a regular expression', () => {
    expect(validateNamespace('ledger.prod-')).toBe('ledger.prod-');
    for (const bad of ['$x', 'a b', 'a*', 'x'.repeat(65)]) {
      expect(() => validateNamespace(bad)).toThrow(InvalidEventError);
    }
  });

  it('starts a read of $all at the start, or at the position after which events are wanted', () => {
    expect(readPositionAfter(0n)).toBe(START);
    expect(readPositionAfter(4096n)).toEqual({ commit: 4096n, prepare: 4096n });
  });
});

describe('EventStoreDB events', () => {
  const append = prepareAppend(
    'agreement-1',
    [
      newEvent('AgreementDrafted', { title: '青森市と\uFA19社との連携協約' }),
      newEvent('DraftRevised', { n: 1 }, 'cause-1'),
    ],
    { expectedRevision: 'no_stream' },
  );

  it('seals an append as a hash chain after the head, covering position 0 (unknown before the write)', () => {
    const sealed = sealAppend(append, null, RECORDED_AT, sequentialIds);
    expect(sealed.map((e) => [e.revision, e.position, e.hashedPosition])).toEqual([
      [0n, 0n, 0n],
      [1n, 0n, 0n],
    ]);
    expect(sealed[1]?.prevHash).toBe(sealed[0]?.hash);
    expect(sealed.every((e) => e.metadata.recordedAt === RECORDED_AT)).toBe(true);
    const next = sealAppend(
      prepareAppend('agreement-1', [newEvent('Concluded')], { expectedRevision: 1n }),
      { revision: 1n, hash: sealed[1]?.hash ?? '' },
      RECORDED_AT,
      sequentialIds,
    );
    expect(next[0]).toMatchObject({ revision: 2n, prevHash: sealed[1]?.hash });
    // Whatever commit position the server gives, the hashes hold.
    const placed = [...sealed, ...next].map((e, i) => ({ ...e, position: 1000n + 377n * BigInt(i) }));
    for (const event of placed) expect(verifyEvent(event)).toBe(true);
    expect(verifyStreamChain(placed)).toEqual({ ok: true });
  });

  it('stores the envelope’s metadata as the event’s, with $correlationId and $causationId, the rest under ledger', () => {
    const [first, second] = sealAppend(append, null, RECORDED_AT, sequentialIds);
    if (first === undefined || second === undefined) throw new Error('two events were sealed');
    const data = toEsdbEvent(first, 'attempt-1');
    expect(data).toMatchObject({
      id: first.eventId,
      type: 'AgreementDrafted',
      contentType: 'application/json',
    });
    expect(data.data).toEqual({ title: '青森市と\uFA19社との連携協約' });
    expect(data.metadata).toEqual({
      actor: { id: 'clerk-hiranai', role: 'clerk', municipalityCode: '023019' },
      correlationId: 'corr-1',
      source: 'api',
      recordedAt: RECORDED_AT,
      $correlationId: 'corr-1',
      $causationId: 'corr-1',
      ledger: {
        v: 1,
        schemaVersion: 1,
        prevHash: null,
        hash: first.hash,
        hashedPosition: '0',
        attempt: 'attempt-1',
      },
    });
    expect(toEsdbEvent(second, 'attempt-1').metadata).toMatchObject({
      causationId: 'cause-1',
      $causationId: 'cause-1',
      ledger: { prevHash: first.hash },
    });
  });

  it('reads a stored event back to exactly the envelope, its commit position as position', () => {
    const sealed = sealAppend(append, null, RECORDED_AT, sequentialIds);
    const read = sealed.map((event, i) =>
      fromEsdbEvent('ns-', asStored('ns-', event, toEsdbEvent(event, 'a'), 5120n + 310n * BigInt(i))),
    );
    expect(read).toEqual(sealed.map((event, i) => ({ ...event, position: 5120n + 310n * BigInt(i) })));
    expect(read.every(verifyEvent)).toBe(true);
    expect(read[0]?.data.title).toBe('青森市と\uFA19社との連携協約'); // never normalised
    const tampered = { ...read[0], data: { title: '改ざん' } } as RecordedEvent;
    expect(verifyEvent(tampered)).toBe(false);
  });

  it('reads `illustrative: true` back, so the hash of an invented fact still verifies', () => {
    const invented = newEvent('Drafted', { n: 1 });
    invented.metadata.illustrative = true;
    const [sealed] = sealAppend(
      prepareAppend('agreement-x', [invented], { expectedRevision: 'any' }),
      null,
      RECORDED_AT,
      sequentialIds,
    );
    if (sealed === undefined) throw new Error('nothing sealed');
    const read = fromEsdbEvent('ns-', asStored('ns-', sealed, toEsdbEvent(sealed, 'a'), 640n));
    expect(read.metadata.illustrative).toBe(true);
    expect(verifyEvent(read)).toBe(true);
  });

  it('keeps the position a migrated event’s hash covers, and says nothing when it is the position itself', () => {
    const [event] = sealAppend(append, null, RECORDED_AT, sequentialIds);
    if (event === undefined) throw new Error('no event');
    const migrated = { ...event, hashedPosition: 7n };
    const stored = asStored('', migrated, toEsdbEvent(migrated, 'a'), 9000n);
    expect(fromEsdbEvent('', stored).hashedPosition).toBe(7n);
    const same = asStored(
      '',
      { ...event, hashedPosition: 9000n },
      toEsdbEvent({ ...event, hashedPosition: 9000n }, 'a'),
      9000n,
    );
    expect(fromEsdbEvent('', same).hashedPosition).toBeUndefined();
  });

  it('refuses what it cannot resume from or did not write: no position, an explicit transaction, foreign data', () => {
    const [event] = sealAppend(append, null, RECORDED_AT, sequentialIds);
    if (event === undefined) throw new Error('no event');
    const stored = asStored('', event, toEsdbEvent(event, 'a'), 100n);
    expect(() => fromEsdbEvent('', { ...stored, position: undefined })).toThrow(/22\.6 or later/);
    expect(() => fromEsdbEvent('', { ...stored, position: { commit: 100n, prepare: 90n } })).toThrow(
      /explicit transaction/,
    );
    expect(() => fromEsdbEvent('', { ...stored, metadata: { $correlationId: 'x' } })).toThrow(
      StoreUnavailableError,
    );
    expect(() => fromEsdbEvent('other-', stored)).toThrow(/outside the ledger/);
  });
});

describe('EventStoreDB idempotency', () => {
  const events = (): NewEvent[] => [
    newEvent('CostShareDecided', { fiscalYear: 2024, totalYen: '1200000' }),
    newEvent('CostShareAllocated', { municipalityCode: '023019', amountYen: '400000' }),
  ];

  it('derives the event ids from the key, the same on every attempt and different for another key', () => {
    const first = prepareAppend('project-1', events(), {
      expectedRevision: 'no_stream',
      idempotencyKey: 'k-1',
    });
    const retry = prepareAppend('project-1', events(), { expectedRevision: 0n, idempotencyKey: 'k-1' });
    const other = prepareAppend('project-1', events(), {
      expectedRevision: 'no_stream',
      idempotencyKey: 'k-2',
    });
    expect(first.events.map((e) => e.eventId)).toEqual([
      idempotentEventId('k-1', 0),
      idempotentEventId('k-1', 1),
    ]);
    expect(retry.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
    expect(retry.digest).toBe(first.digest);
    expect(other.events.map((e) => e.eventId)).not.toEqual(first.events.map((e) => e.eventId));
    // The sealed events keep them, so EventStoreDB sees the same ids on a retry.
    const sealed = sealAppend(first, null, RECORDED_AT, () => {
      throw new Error('no id should be generated for a keyed append');
    });
    expect(sealed.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
  });

  it('decides from the key’s reservation: claim, go on with the same append, replay it, or refuse another', () => {
    const claim = { streamId: 'project-1', digest: 'd-1', observedRevision: '4' };
    const claimed = reservationState([{ revision: 0n, type: RESERVATION_CLAIMED, data: claim }]);
    expect(decideKey(reservationState([]), 'project-1', 'd-1')).toEqual({
      action: 'claim',
      expectedRevision: null,
    });
    expect(decideKey(claimed, 'project-1', 'd-1')).toEqual({
      action: 'proceed',
      claimRevision: 0n,
      observedRevision: 4n,
    });
    expect(decideKey(claimed, 'project-1', 'd-2')).toEqual({ action: 'reused' });
    expect(decideKey(claimed, 'project-2', 'd-1')).toEqual({ action: 'reused' });
    const fulfilled = reservationState([
      { revision: 0n, type: RESERVATION_CLAIMED, data: claim },
      { revision: 1n, type: RESERVATION_FULFILLED, data: { firstRevision: '5', lastRevision: '6' } },
    ]);
    expect(decideKey(fulfilled, 'project-1', 'd-1')).toEqual({
      action: 'replay',
      streamId: 'project-1',
      firstRevision: 5n,
      lastRevision: 6n,
    });
    expect(decideKey(fulfilled, 'project-1', 'd-2')).toEqual({ action: 'reused' });
    // A refused first attempt released its claim: the key is free again, after the release.
    const released = reservationState([
      { revision: 0n, type: RESERVATION_CLAIMED, data: claim },
      { revision: 1n, type: RESERVATION_RELEASED, data: {} },
    ]);
    expect(decideKey(released, 'project-1', 'd-2')).toEqual({ action: 'claim', expectedRevision: 1n });
  });

  it('refuses a reservation stream it did not write', () => {
    const claim = { streamId: 's', digest: null, observedRevision: null };
    expect(() =>
      reservationState([
        { revision: 0n, type: RESERVATION_CLAIMED, data: claim },
        { revision: 1n, type: RESERVATION_CLAIMED, data: claim },
      ]),
    ).toThrow(MalformedReservationError);
    expect(() => reservationState([{ revision: 0n, type: RESERVATION_RELEASED, data: {} }])).toThrow(
      MalformedReservationError,
    );
    expect(() => reservationState([{ revision: 0n, type: 'Something', data: {} }])).toThrow(
      MalformedReservationError,
    );
  });

  it('recomputes the digest of an imported idempotent append as the original append had it', () => {
    const keyed = prepareAppend('project-1', events(), {
      expectedRevision: 'no_stream',
      idempotencyKey: 'k-9',
    });
    const withGivenId = prepareAppend(
      'project-2',
      [{ ...newEvent('Given'), eventId: '01936f0e-7a00-7abc-8def-0123456789ab' }, newEvent('Derived')],
      { expectedRevision: 'no_stream', idempotencyKey: 'k-10' },
    );
    const plain = prepareAppend('project-1', [newEvent('Plain')], { expectedRevision: 'any' });
    const recorded = [
      ...sealAppend(keyed, null, RECORDED_AT, sequentialIds),
      ...sealAppend(plain, { revision: 1n, hash: 'f'.repeat(64) }, RECORDED_AT, sequentialIds),
      ...sealAppend(withGivenId, null, RECORDED_AT, sequentialIds),
    ];
    expect(keyedGroups(recorded)).toEqual([
      { key: 'k-9', streamId: 'project-1', digest: keyed.digest, firstRevision: 0n, lastRevision: 1n },
      { key: 'k-10', streamId: 'project-2', digest: withGivenId.digest, firstRevision: 0n, lastRevision: 1n },
    ]);
  });
});

describe('hashed position', () => {
  it('a hash covering position 0 verifies wherever the event lands; one covering its position does not move', () => {
    const [sealed] = sealAppend(
      prepareAppend('s', [newEvent('A')], { expectedRevision: 'any' }),
      null,
      RECORDED_AT,
      sequentialIds,
    );
    if (sealed === undefined) throw new Error('no event');
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 2n ** 62n }), (position) => {
        expect(verifyEvent({ ...sealed, position })).toBe(true);
      }),
    );
    const { hashedPosition: _omit, ...positioned } = { ...sealed, position: 3n };
    const own = { ...positioned, hash: computeEventHash(positioned) };
    expect(hashedPositionOf(own)).toBe(3n);
    expect(verifyEvent(own)).toBe(true);
    expect(verifyEvent({ ...own, position: 4n })).toBe(false);
    // A migrated event keeps the position it was hashed at, wherever it is now.
    expect(verifyEvent({ ...own, position: 9n, hashedPosition: 3n })).toBe(true);
  });
});

import {
  type EventMetadataInput,
  type EventStore,
  InvalidEventError,
  type JsonObject,
  type NewEvent,
} from '@kyoyaku/event-store';
import {
  bad,
  baseMetadata,
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

/** Bad arguments: each is refused with InvalidEvent and writes nothing. */
export function testBadArguments(factory: EventStoreFactory, options: EventStoreContractOptions = {}): void {
  const settings = contractSettings('bad arguments', options);
  if (settings === null) return;
  const { timeout } = settings;

  describe('bad arguments', () => {
    let store: EventStore;
    freshHarnessEachTest(factory, timeout, (fresh) => ({ store } = fresh));

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
        'a request digest that is not a hex SHA-256',
        () =>
          store.append('s', withMetadata({ ...baseMetadata, requestDigest: 'ABC' }), {
            expectedRevision: 'any',
          }),
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
      ['an expectedRevision beyond 64 bits', () => store.append('s', [ok], { expectedRevision: 2n ** 64n })],
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
        expect(duplicate?.status === 'rejected' ? duplicate.reason : null).toBeInstanceOf(InvalidEventError);
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
}

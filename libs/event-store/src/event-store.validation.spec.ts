import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { canonicalMetadataJson } from './event-hash';
import { InvalidEventError } from './event-store.errors';
import type { EventMetadata, EventMetadataInput, NewEvent } from './event-store.port';
import { canonicalEventData, idempotentEventId, prepareAppend } from './event-store.validation';

const metadata: EventMetadataInput = {
  actor: { id: 'u-1', role: 'clerk' },
  correlationId: 'c-1',
  source: 'api',
};
const event = (data: NewEvent['data'] = { a: 1 }, extra: Partial<EventMetadataInput> = {}): NewEvent => ({
  type: 'Recorded',
  schemaVersion: 1,
  data,
  metadata: { ...metadata, ...extra },
});

describe('canonicalEventData', () => {
  it('yields exactly what canonicalize yields, for any JSON object (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ unit: 'binary' }), fc.jsonValue({ noUnicodeString: false, maxDepth: 4 })),
        (data) => {
          // fc strings may hold lone surrogates: those are refused, everything else must match.
          let ours: string | Error;
          try {
            ours = canonicalEventData(data, 'data');
          } catch (error) {
            ours = error as Error;
          }
          if (ours instanceof Error) {
            expect(ours).toBeInstanceOf(InvalidEventError);
            expect(JSON.stringify(data)).toMatch(/\\ud[89a-f]/);
          } else {
            expect(ours).toBe(canonicalize(data));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('sorts keys by UTF-16 code units and writes numbers as ECMAScript does (RFC 8785 §3.2)', () => {
    const data = {
      '\u20ac': 1,
      '\r': 2,
      '\ufb33': 3,
      '1': 4,
      '\ud83d\ude00': 5,
      '\u0080': 6,
      '\u00f6': 7,
      a: 1e21,
      b: -0,
      c: 0.1 + 0.2,
    };
    expect(canonicalEventData(data, 'data')).toBe(
      '{"\\r":2,"1":4,"a":1e+21,"b":0,"c":0.30000000000000004,"\u0080":6,"ö":7,"€":1,"😀":5,"דּ":3}',
    );
  });

  it('names the member JSON cannot hold', () => {
    expect(() => canonicalEventData({ a: [{ b: Number.NaN }] }, 'data')).toThrow(/data\.a\[0\]\.b is NaN/);
    expect(() => canonicalEventData({ a: { b: undefined } }, 'data')).toThrow(/data\.a\.b is undefined/);
    expect(() => canonicalEventData({ a: 'x\uDC00' }, 'data')).toThrow(/lone UTF-16 surrogate/);
  });
});

describe('canonicalMetadataJson', () => {
  it('yields exactly what canonicalize yields (property)', () => {
    const text = fc.string({ minLength: 1, unit: 'grapheme' });
    fc.assert(
      fc.property(
        fc.record(
          {
            actor: fc.record(
              { id: text, role: fc.constantFrom('clerk', 'admin'), municipalityCode: fc.constant('023019') },
              { requiredKeys: ['id', 'role'] },
            ),
            correlationId: text,
            causationId: text,
            idempotencyKey: text,
            normalization: text,
            reason: text,
            recordedAt: fc.constant('2026-11-27T09:00:00.000Z'),
            requestDigest: fc.stringMatching(/^[0-9a-f]{64}$/),
            source: fc.constantFrom('api', 'cli', 'import'),
          },
          { requiredKeys: ['actor', 'correlationId', 'recordedAt', 'source'] },
        ),
        (m) => {
          expect(canonicalMetadataJson(m as EventMetadata)).toBe(canonicalize(m));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('falls back to the general form for members it does not know', () => {
    const odd = { ...metadata, recordedAt: 'x', extra: { b: 1, a: 2 } } as unknown as EventMetadata;
    expect(canonicalMetadataJson(odd)).toBe(canonicalize(odd));
  });
});

describe('prepareAppend', () => {
  it('snapshots data: later changes by the caller do not reach the store', () => {
    const data = { amountYen: '100', list: ['a'] };
    const prepared = prepareAppend('s', [event(data)], { expectedRevision: 'any' });
    data.amountYen = '999';
    data.list.push('b');
    expect(prepared.events[0]?.dataJson).toBe('{"amountYen":"100","list":["a"]}');
  });

  it('copies only known metadata members, and fills idempotencyKey from the options', () => {
    const prepared = prepareAppend('s', [event({}, { reason: undefined })], {
      expectedRevision: 'any',
      idempotencyKey: 'k',
    });
    expect(prepared.events[0]?.metadata).toEqual({ ...metadata, idempotencyKey: 'k' });
    expect(Object.keys(prepared.events[0]?.metadata ?? {})).not.toContain('reason');
  });

  it('keeps `illustrative: true` (an invented fact), hashes it as written, and refuses any other value', () => {
    const prepared = prepareAppend('s', [event({}, { illustrative: true })], { expectedRevision: 'any' });
    const kept = prepared.events[0]?.metadata;
    expect(kept).toEqual({ ...metadata, illustrative: true });
    const stamped = { ...kept, recordedAt: '2026-11-27T00:00:00.000Z' } as EventMetadata;
    expect(canonicalMetadataJson(stamped)).toBe(canonicalize(stamped));
    expect(canonicalMetadataJson(stamped)).toContain('"illustrative":true');
    for (const value of [false, 'true', 1]) {
      const bad = { ...event(), metadata: { ...metadata, illustrative: value } } as unknown as NewEvent;
      expect(() => prepareAppend('s', [bad], { expectedRevision: 'any' })).toThrow(
        /illustrative must be true/,
      );
    }
    const digest = (e: NewEvent): string | null =>
      prepareAppend('s', [e], { expectedRevision: 'any', idempotencyKey: 'k' }).digest;
    expect(digest(event({}, { illustrative: true }))).not.toBe(digest(event({})));
  });

  it('derives deterministic, distinct event ids from the key and the index', () => {
    const a = prepareAppend('s', [event(), event()], { expectedRevision: 'any', idempotencyKey: 'k' });
    const b = prepareAppend('s', [event(), event()], { expectedRevision: 'any', idempotencyKey: 'k' });
    expect(a.events.map((e) => e.eventId)).toEqual(b.events.map((e) => e.eventId));
    expect(a.events[0]?.eventId).toBe(idempotentEventId('k', 0));
    expect(new Set([...a.events.map((e) => e.eventId), idempotentEventId('k2', 0)]).size).toBe(3);
    expect(prepareAppend('s', [event()], { expectedRevision: 'any' }).events[0]?.eventId).toBeNull();
  });

  it('digests the stream and events but not per-request tracing ids', () => {
    const digest = (stream: string, e: NewEvent): string | null =>
      prepareAppend(stream, [e], { expectedRevision: 'any', idempotencyKey: 'k' }).digest;
    const base = digest('s', event());
    expect(digest('s', event({ a: 1 }, { correlationId: 'other', causationId: 'x' }))).toBe(base);
    expect(digest('s', event({ a: 2 }))).not.toBe(base);
    expect(digest('t', event())).not.toBe(base);
    expect(digest('s', event({ a: 1 }, { reason: 'r' }))).not.toBe(base);
    expect(digest('s', { ...event(), schemaVersion: 2 })).not.toBe(base);
    expect(prepareAppend('s', [event()], { expectedRevision: 'any' }).digest).toBeNull();
  });
});

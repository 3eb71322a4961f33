import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import {
  canonicalEnvelopeJson,
  canonicalEventBytes,
  canonicalEventJson,
  canonicalJson,
  computeEventHash,
  type HashableEvent,
  verifyEvent,
  verifyStreamChain,
} from './event-hash';
import type { JsonObject, RecordedEvent } from './event-store.port';

const base: HashableEvent = {
  eventId: '01936f0e-7a00-7000-8000-000000000001',
  streamId: 'agreement-aomori-hiranai',
  revision: 0n,
  position: 1n,
  type: 'AgreementDrafted',
  schemaVersion: 1,
  data: { title: '連携協約', parties: ['022012', '023019'], amountYen: '1000' },
  metadata: {
    actor: { id: 'u-1', role: 'secretariat' },
    correlationId: 'c-1',
    source: 'api',
    recordedAt: '2019-12-25T00:00:00.000Z',
  },
  prevHash: null,
};

function sealed(event: HashableEvent): RecordedEvent {
  return { ...event, hash: computeEventHash(event) };
}

/** A valid chain of `count` events in one stream. */
function chain(count: number): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  for (let i = 0; i < count; i++) {
    const previous = events[i - 1];
    events.push(
      sealed({
        ...base,
        eventId: `01936f0e-7a00-7000-8000-00000000000${i}`,
        revision: BigInt(i),
        position: BigInt(i * 3 + 1),
        data: { step: i },
        prevHash: previous === undefined ? null : previous.hash,
      }),
    );
  }
  return events;
}

describe('canonical event bytes', () => {
  it('are the RFC 8785 form of the envelope without hash, with prevHash and decimal-string revision/position', () => {
    // Written out by hand from RFC 8785: members sorted by UTF-16 code units, no whitespace.
    const expected =
      '{"data":{"amountYen":"1000","parties":["022012","023019"],"title":"連携協約"},' +
      '"eventId":"01936f0e-7a00-7000-8000-000000000001",' +
      '"metadata":{"actor":{"id":"u-1","role":"secretariat"},"correlationId":"c-1",' +
      '"recordedAt":"2019-12-25T00:00:00.000Z","source":"api"},' +
      '"position":"1","prevHash":null,"revision":"0","schemaVersion":1,' +
      '"streamId":"agreement-aomori-hiranai","type":"AgreementDrafted"}';
    expect(canonicalEventJson(base)).toBe(expected);
    expect(canonicalEventBytes(base).equals(Buffer.from(expected, 'utf8'))).toBe(true);
    expect(computeEventHash(base)).toBe(
      createHash('sha256').update(Buffer.from(expected, 'utf8')).digest('hex'),
    );
    // Pinned: a change of the canonical form must be a deliberate, visible decision.
    expect(computeEventHash(base)).toBe('64742df0737ab36d9ce777d92fa544c4922640fba38be20b338c33cdb4448e7e');
  });

  it('ignore the hash field and bind prevHash', () => {
    const withHash = { ...base, hash: 'f'.repeat(64) };
    expect(computeEventHash(withHash)).toBe(computeEventHash(base));
    expect(computeEventHash({ ...base, prevHash: 'a'.repeat(64) })).not.toBe(computeEventHash(base));
    expect(computeEventHash({ ...base, position: 2n })).not.toBe(computeEventHash(base));
    expect(computeEventHash({ ...base, revision: 1n })).not.toBe(computeEventHash(base));
  });

  it('do not normalise text: U+FA19 and U+795E (its NFC form) hash differently, bytes kept as given', () => {
    const compat = { ...base, data: { text: '\uFA19' } };
    const nfc = { ...base, data: { text: '\u795E' } };
    expect('\uFA19'.normalize('NFC')).toBe('\u795E');
    expect(computeEventHash(compat)).not.toBe(computeEventHash(nfc));
    expect(canonicalEventBytes(compat).includes(Buffer.from([0xef, 0xa8, 0x99]))).toBe(true);
    const combining = { ...base, data: { text: '\u304B\u3099' } };
    expect(canonicalEventBytes(combining).includes(Buffer.from('\u304B\u3099', 'utf8'))).toBe(true);
    expect(computeEventHash(combining)).not.toBe(computeEventHash({ ...base, data: { text: '\u304C' } }));
  });

  it('equal canonicalize() of the whole envelope for arbitrary events (property)', () => {
    const jsonObject = fc.dictionary(fc.string(), fc.jsonValue({ noUnicodeString: false }), {
      maxKeys: 6,
    }) as fc.Arbitrary<JsonObject>;
    fc.assert(
      fc.property(
        fc.record({
          eventId: fc.uuid(),
          streamId: fc.string({ minLength: 1 }),
          revision: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }),
          position: fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }),
          type: fc.string({ minLength: 1 }),
          schemaVersion: fc.integer({ min: 1, max: 1_000_000 }),
          data: jsonObject,
          reason: fc.option(fc.string(), { nil: undefined }),
          prevHash: fc.option(fc.stringMatching(/^[0-9a-f]{64}$/), { nil: null }),
        }),
        (e) => {
          const event: HashableEvent = {
            eventId: e.eventId,
            streamId: e.streamId,
            revision: e.revision,
            position: e.position,
            type: e.type,
            schemaVersion: e.schemaVersion,
            data: e.data,
            metadata: { ...base.metadata, ...(e.reason === undefined ? {} : { reason: e.reason }) },
            prevHash: e.prevHash,
          };
          const whole = canonicalize({
            ...event,
            revision: e.revision.toString(),
            position: e.position.toString(),
          });
          expect(canonicalEventJson(event)).toBe(whole);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('build the same text from pre-canonicalised parts as from the event', () => {
    expect(
      canonicalEnvelopeJson({
        ...base,
        dataJson: canonicalJson(base.data),
        metadataJson: canonicalJson(base.metadata),
      }),
    ).toBe(canonicalEventJson(base));
  });
});

describe('verifyEvent', () => {
  it('accepts an intact event and refuses any tampering', () => {
    const event = sealed(base);
    expect(verifyEvent(event)).toBe(true);
    expect(verifyEvent({ ...event, data: { ...event.data, amountYen: '1001' } })).toBe(false);
    expect(
      verifyEvent({ ...event, metadata: { ...event.metadata, recordedAt: '2019-12-26T00:00:00.000Z' } }),
    ).toBe(false);
    expect(verifyEvent({ ...event, prevHash: 'a'.repeat(64) })).toBe(false);
    expect(verifyEvent({ ...event, data: { title: '連携協約'.normalize('NFD') } })).toBe(false);
    expect(verifyEvent({ ...event, hash: event.hash.toUpperCase() })).toBe(false);
    expect(verifyEvent({ ...event, data: { bad: Number.NaN } })).toBe(false);
  });
});

describe('verifyStreamChain', () => {
  it('accepts a valid chain, and an empty one', () => {
    expect(verifyStreamChain(chain(4))).toEqual({ ok: true });
    expect(verifyStreamChain([])).toEqual({ ok: true });
  });

  it('reports a tampered event, a broken link, a gap, a foreign stream and a bad first link', () => {
    const events = chain(4);
    const [e0, e1, e2, e3] = events as [RecordedEvent, RecordedEvent, RecordedEvent, RecordedEvent];
    const kinds = (list: RecordedEvent[]): string[] => {
      const result = verifyStreamChain(list);
      return result.ok ? [] : result.problems.map((p) => `${p.kind}@${p.index}`);
    };
    expect(kinds([e0, { ...e1, data: { step: 99 } }, e2, e3])).toEqual(['hash-mismatch@1']);
    // A re-hashed forgery still breaks the next link.
    expect(kinds([e0, sealed({ ...e1, data: { step: 99 } }), e2, e3])).toEqual(['prev-hash-mismatch@2']);
    expect(kinds([e0, e1, e3])).toEqual(['revision-gap@2', 'prev-hash-mismatch@2']);
    expect(kinds([e0, e1, sealed({ ...e2, streamId: 'other' }), e3])).toEqual([
      'stream-mismatch@2',
      'prev-hash-mismatch@3',
    ]);
    expect(kinds([sealed({ ...e0, prevHash: 'a'.repeat(64) })])).toEqual(['prev-hash-mismatch@0']);
    expect(kinds([e0, sealed({ ...e1, position: 1n }), e2, e3])).toEqual([
      'position-order@1',
      'prev-hash-mismatch@2',
    ]);
  });

  it('checks the first link of a slice against previousHash when given', () => {
    const events = chain(3).slice(1);
    const head = chain(1)[0];
    expect(verifyStreamChain(events)).toEqual({ ok: true });
    expect(verifyStreamChain(events, { previousHash: head?.hash ?? null })).toEqual({ ok: true });
    expect(verifyStreamChain(events, { previousHash: 'b'.repeat(64) }).ok).toBe(false);
  });
});

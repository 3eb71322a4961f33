import { AGREEMENT_EVENT_TYPES } from '../agreement/agreement.events';
import { CONSULTATION_EVENT_TYPES } from '../consultation/consultation.events';
import { DOUBT_EVENT_TYPES } from '../doubt/doubt.events';
import { PROJECT_EVENT_TYPES } from '../project/project.events';
import { REGION_EVENT_TYPES } from '../region/region.events';
import type { Actor } from '../shared/actor';
import { EVENT_VISIBILITY, eventVisibility, type EventVisibility, mayReadEvent } from './event-visibility';

const STREAM_KINDS = {
  agreement: AGREEMENT_EVENT_TYPES,
  region: REGION_EVENT_TYPES,
  project: PROJECT_EVENT_TYPES,
  consultation: CONSULTATION_EVENT_TYPES,
  doubt: DOUBT_EVENT_TYPES,
};

describe('the visibility of each event type', () => {
  it('declares every event type of every stream, and nothing else', () => {
    const declared = Object.keys(EVENT_VISIBILITY).sort();
    expect(declared).toEqual(Object.values(STREAM_KINDS).flat().sort());
  });

  // A stream is shown whole or withheld whole: a withheld stub names no stream, so the chain of a
  // stream mixing both could not be checked from a filtered export.
  it.each(Object.entries(STREAM_KINDS))('gives every type of a %s stream one visibility', (_kind, types) => {
    expect(new Set(types.map(eventVisibility)).size).toBe(1);
  });

  it('keeps doubts and disputes for the parties, and everything else public', () => {
    expect(new Set(DOUBT_EVENT_TYPES.map(eventVisibility))).toEqual(new Set(['party-only']));
    expect(new Set(AGREEMENT_EVENT_TYPES.map(eventVisibility))).toEqual(new Set(['public']));
  });

  it('treats a type it does not know (newer software, an import) as admin-only', () => {
    expect(eventVisibility('SomethingNew')).toBe('admin-only');
    expect(eventVisibility('toString')).toBe('admin-only');
    expect(eventVisibility('__proto__')).toBe('admin-only');
  });
});

describe('mayReadEvent', () => {
  const parties = ['022012', '023035'];
  const callers: [string, Actor | null][] = [
    ['anonymous', null],
    ['reader', { id: 'r', role: 'reader' }],
    ['clerk of a party', { id: 'c1', role: 'clerk', municipalityCode: '023035' }],
    ['clerk of another municipality', { id: 'c2', role: 'clerk', municipalityCode: '023043' }],
    ['secretariat', { id: 's', role: 'secretariat' }],
    ['admin', { id: 'a', role: 'admin' }],
  ];
  const expected: Record<EventVisibility, readonly string[]> = {
    public: callers.map(([name]) => name),
    'party-only': ['clerk of a party', 'secretariat', 'admin'],
    'admin-only': ['admin'],
  };
  it.each(Object.entries(expected))(
    '%s events are read by exactly the expected callers',
    (visibility, who) => {
      const readers = callers
        .filter(([, actor]) => mayReadEvent(actor, visibility as EventVisibility, parties))
        .map(([name]) => name);
      expect(readers).toEqual(who);
    },
  );

  it('lets no clerk read a party-only event whose parties are unknown', () => {
    expect(mayReadEvent({ id: 'c', role: 'clerk', municipalityCode: '023035' }, 'party-only', null)).toBe(
      false,
    );
    expect(mayReadEvent({ id: 's', role: 'secretariat' }, 'party-only', null)).toBe(true);
  });
});

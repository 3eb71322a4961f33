import { describe, expect, it } from '@jest/globals';
import { en, ja, LANGUAGES, type MessageKey, placeholdersOf, translate } from './messages';
import {
  ACTOR_ROLES,
  AGREEMENT_EVENT_TYPES,
  REGION_EVENT_TYPES,
  ROLE_NAMES,
  eventTypeName,
} from '@kyoyaku/domain';
import { EVENT_TYPE_NAMES } from '@kyoyaku/legal-text';
import { eventTypeKey, isShownEventType, SHOWN_EVENT_TYPES } from './labels';

describe('the texts in both languages', () => {
  const keys = Object.keys(ja) as MessageKey[];

  it('has every key in Japanese and English, and no other', () => {
    expect(Object.keys(en).sort()).toEqual([...keys].sort());
  });

  it('has no empty text', () => {
    for (const lang of LANGUAGES) {
      for (const key of keys)
        expect({ lang, key, empty: translate(lang, key).trim() === '' }).toEqual({ lang, key, empty: false });
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const key of keys) {
      expect({ key, en: placeholdersOf(en[key]) }).toEqual({ key, en: placeholdersOf(ja[key]) });
    }
  });

  it('fills placeholders and leaves an unknown one visible', () => {
    expect(translate('ja', 'version.label', { n: 3 })).toBe('第3版');
    expect(translate('en', 'version.label', { n: 3 })).toBe('Version 3');
    expect(translate('en', 'version.label')).toBe('Version {n}');
  });
});

describe('event type names', () => {
  it('names every event type of an agreement and of its region in Japanese', () => {
    for (const type of [...AGREEMENT_EVENT_TYPES, ...REGION_EVENT_TYPES]) {
      const key = eventTypeKey(type);
      expect({ type, key }).toEqual({ type, key: `event.${type}` });
      expect(translate('ja', key)).toMatch(/^[^A-Za-z]+$/);
    }
    expect(translate('ja', eventTypeKey('AgreementOpened'))).toBe('協約案の登録');
    expect(translate('ja', eventTypeKey('SomethingNew'))).toBe('その他の記録');
  });

  it('names each type it shows from the shared table, and no other (not even a name every object has)', () => {
    for (const type of SHOWN_EVENT_TYPES) {
      expect({ type, name: translate('ja', eventTypeKey(type)) }).toEqual({
        type,
        name: EVENT_TYPE_NAMES[type],
      });
    }
    const named = (Object.keys(ja) as MessageKey[]).filter(
      (k) => k.startsWith('event.') && k !== 'event.other',
    );
    expect(named.sort()).toEqual(SHOWN_EVENT_TYPES.map((type) => `event.${type}`).sort());
    for (const type of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'other', 'DoubtResolved']) {
      expect({ type, key: eventTypeKey(type), shown: isShownEventType(type) }).toEqual({
        type,
        key: 'event.other',
        shown: false,
      });
    }
  });

  it('names each record as the refusals of the server do (one table, in legal-text)', () => {
    for (const type of [...AGREEMENT_EVENT_TYPES, ...REGION_EVENT_TYPES, 'CostShareDecided', 'DoubtRaised']) {
      expect({ type, name: translate('ja', eventTypeKey(type)) }).toEqual({
        type,
        name: eventTypeName(type),
      });
    }
  });
});

describe('role names', () => {
  it('labels each role as the refusals of the server name it', () => {
    for (const role of ACTOR_ROLES) {
      expect({ role, name: translate('ja', `role.${role}`) }).toEqual({ role, name: ROLE_NAMES[role] });
    }
  });
});

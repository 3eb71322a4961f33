import { describe, expect, it } from '@jest/globals';
import { en, ja, LANGUAGES, type MessageKey, placeholdersOf, translate } from './messages';
import { ACTOR_ROLES, RECORDED_EVENT_TYPES, ROLE_NAMES, eventTypeName } from '@kyoyaku/domain';
import { EVENT_TYPE_NAMES } from '@kyoyaku/legal-text';
import { eventTypeKey } from './labels';

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
  it('names every event type the product records in Japanese and in English, and names no other', () => {
    expect(Object.keys(EVENT_TYPE_NAMES).sort()).toEqual([...RECORDED_EVENT_TYPES].sort());
    for (const type of RECORDED_EVENT_TYPES) {
      const key = eventTypeKey(type);
      expect({ type, key }).toEqual({ type, key: `event.${type}` });
      expect({ type, ja: translate('ja', key) }).toEqual({ type, ja: EVENT_TYPE_NAMES[type] });
      const english = translate('en', key);
      expect({ type, english, other: english === translate('en', 'event.other') }).toEqual({
        type,
        english: expect.stringMatching(/^[A-Z][a-z]/),
        other: false,
      });
    }
  });

  it('has a message for each named type and no other (not even a name every object has)', () => {
    const named = (Object.keys(ja) as MessageKey[]).filter(
      (k) => k.startsWith('event.') && k !== 'event.other',
    );
    expect(named.sort()).toEqual(
      Object.keys(EVENT_TYPE_NAMES)
        .map((type) => `event.${type}`)
        .sort(),
    );
    for (const type of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'other', 'SomethingNew']) {
      expect({ type, key: eventTypeKey(type), ja: translate('ja', eventTypeKey(type)) }).toEqual({
        type,
        key: 'event.other',
        ja: 'その他の記録',
      });
    }
  });

  it('names each record as the refusals of the server do (one table, in legal-text)', () => {
    for (const type of RECORDED_EVENT_TYPES) {
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

import { describe, expect, it } from '@jest/globals';
import { mayRecord, partyOf } from './permissions';

describe('the forms a role is offered', () => {
  it('follows the API: clerks record resolutions, notices, 届出 and doubts; the secretariat everything', () => {
    expect(mayRecord('clerk', 'council-resolution')).toBe(true);
    expect(mayRecord('clerk', 'public-notice')).toBe(true);
    expect(mayRecord('clerk', 'conclusion')).toBe(false);
    expect(mayRecord('clerk', 'governor-notification')).toBe(true);
    expect(mayRecord('clerk', 'amendment')).toBe(false);
    expect(mayRecord('clerk', 'doubt')).toBe(true);
    expect(mayRecord('clerk', 'cost-share')).toBe(false);
    expect(mayRecord('clerk', 'consultation')).toBe(false);
    for (const step of [
      'council-resolution',
      'conclusion',
      'public-notice',
      'governor-notification',
      'amendment',
      'cost-share',
      'consultation',
      'doubt',
    ] as const) {
      expect(mayRecord('secretariat', step)).toBe(true);
      expect(mayRecord('admin', step)).toBe(true);
      expect(mayRecord('reader', step)).toBe(false);
      expect(mayRecord(undefined, step)).toBe(false);
    }
  });

  it("knows which party a clerk's municipality is", () => {
    const agreement = { coreCity: { code: '022012' }, partner: { code: '023019' } };
    expect(partyOf('022012', agreement)).toBe('core');
    expect(partyOf('023019', agreement)).toBe('partner');
    expect(partyOf('023035', agreement)).toBeUndefined();
    expect(partyOf(undefined, agreement)).toBeUndefined();
  });
});

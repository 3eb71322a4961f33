import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addDays } from './dates';
import { adjacentBoundaries, boundaryDates, type VersionSpan, versionInForceOn } from './version-boundaries';

/** 平内町 in the demo: concluded 2019, amended 2021, amended again with a 施行日 in 2027 (未施行 today). */
const HIRANAI: VersionSpan[] = [
  { number: 1, effectiveFrom: '2019-12-25', effectiveTo: '2021-04-01', neverInForce: false },
  { number: 2, effectiveFrom: '2021-04-01', effectiveTo: '2027-04-01', neverInForce: false },
  { number: 3, effectiveFrom: '2027-04-01', neverInForce: false },
];

describe('the version in force on a date', () => {
  it('is the one whose 施行日 has come and whose successor has not', () => {
    expect(versionInForceOn(HIRANAI, '2019-12-24')).toBeUndefined();
    expect(versionInForceOn(HIRANAI, '2019-12-25')?.number).toBe(1);
    expect(versionInForceOn(HIRANAI, '2021-03-31')?.number).toBe(1);
    expect(versionInForceOn(HIRANAI, '2021-04-01')?.number).toBe(2);
    expect(versionInForceOn(HIRANAI, '2027-03-31')?.number).toBe(2);
    expect(versionInForceOn(HIRANAI, '2027-04-01')?.number).toBe(3);
  });

  it('skips a version superseded before it came into force, and ends with an abolition', () => {
    const versions: VersionSpan[] = [
      { number: 1, effectiveFrom: '2020-04-01', effectiveTo: '2023-04-01', neverInForce: false },
      { number: 2, effectiveFrom: '2023-04-01', effectiveTo: '2023-04-01', neverInForce: true },
      { number: 3, effectiveFrom: '2023-04-01', effectiveTo: '2025-04-01', neverInForce: false },
    ];
    expect(versionInForceOn(versions, '2023-04-01')?.number).toBe(3);
    expect(versionInForceOn(versions, '2025-03-31')?.number).toBe(3);
    expect(versionInForceOn(versions, '2025-04-01')).toBeUndefined();
    expect(boundaryDates(versions)).toEqual(['2020-04-01', '2023-04-01', '2025-04-01']);
  });
});

describe('dates on which the text changes', () => {
  it('lists each 施行日 and end once, in order', () => {
    expect(boundaryDates(HIRANAI)).toEqual(['2019-12-25', '2021-04-01', '2027-04-01']);
  });

  it('finds the nearest change before and after a date (not the date itself)', () => {
    expect(adjacentBoundaries(HIRANAI, '2026-11-27')).toEqual({ previous: '2021-04-01', next: '2027-04-01' });
    expect(adjacentBoundaries(HIRANAI, '2021-04-01')).toEqual({ previous: '2019-12-25', next: '2027-04-01' });
    expect(adjacentBoundaries(HIRANAI, '2019-01-01')).toEqual({ next: '2019-12-25' });
    expect(adjacentBoundaries(HIRANAI, '2030-01-01')).toEqual({ previous: '2027-04-01' });
  });

  it('the version in force changes from one day to the next only on a boundary date', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4000 }), (offset) => {
        const day = addDays('2018-06-01', offset);
        const next = addDays(day, 1);
        const changed = versionInForceOn(HIRANAI, day)?.number !== versionInForceOn(HIRANAI, next)?.number;
        expect(changed).toBe(boundaryDates(HIRANAI).includes(next));
      }),
    );
  });
});

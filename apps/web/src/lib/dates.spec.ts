import { describe, expect, it } from '@jest/globals';
import {
  formatInstant,
  instantFromJapanLocal,
  japanLocalFromInstant,
  lastDayBefore,
  todayInJapan,
  warekiOf,
  withWareki,
} from './dates';

describe('和暦 beside ISO dates', () => {
  it('names the era and writes its first year as 元年', () => {
    expect(warekiOf('2019-12-25')).toBe('令和元年12月25日');
    expect(warekiOf('2021-04-01')).toBe('令和3年4月1日');
  });

  it('changes era on the first day of the new one', () => {
    expect(warekiOf('2019-04-30')).toBe('平成31年4月30日');
    expect(warekiOf('2019-05-01')).toBe('令和元年5月1日');
    expect(warekiOf('1989-01-07')).toBe('昭和64年1月7日');
    expect(warekiOf('1989-01-08')).toBe('平成元年1月8日');
  });

  it('gives nothing for what is not a date or lies before 昭和', () => {
    expect(warekiOf('2026-02-30')).toBe('');
    expect(warekiOf('2026-1-5')).toBe('');
    expect(warekiOf('')).toBe('');
    expect(warekiOf('1900-01-01')).toBe('');
  });

  it('shows the ISO date with its 和暦 in brackets, or the date alone', () => {
    expect(withWareki('2019-12-25')).toBe('2019-12-25（令和元年12月25日）');
    expect(withWareki('1900-01-01')).toBe('1900-01-01');
  });
});

describe('Japan time', () => {
  it('takes today from Japan, nine hours ahead of UTC', () => {
    expect(todayInJapan(new Date('2026-11-27T14:59:59Z'))).toBe('2026-11-27');
    expect(todayInJapan(new Date('2026-11-27T15:00:00Z'))).toBe('2026-11-28');
  });

  it('reads a datetime-local value as Japan time and writes it back', () => {
    expect(instantFromJapanLocal('2022-06-01T09:30')).toBe('2022-06-01T09:30:00+09:00');
    expect(instantFromJapanLocal('2022-06-01T09:30:15')).toBe('2022-06-01T09:30:15+09:00');
    expect(japanLocalFromInstant('2022-06-01T00:30:00Z')).toBe('2022-06-01T09:30');
    expect(japanLocalFromInstant(instantFromJapanLocal('2020-02-29T23:59') ?? '')).toBe('2020-02-29T23:59');
  });

  it('refuses what is not a time of day on a real date', () => {
    expect(instantFromJapanLocal('2022-02-30T09:00')).toBeUndefined();
    expect(instantFromJapanLocal('2022-06-01T24:00')).toBeUndefined();
    expect(instantFromJapanLocal('2022-06-01')).toBeUndefined();
    expect(japanLocalFromInstant('yesterday')).toBe('');
  });

  it('shows a recorded instant in Japan time with the 和暦 of that day', () => {
    expect(formatInstant('2019-12-24T15:00:00.000Z')).toBe('2019-12-25 00:00（令和元年12月25日）');
  });
});

describe('the last day of a span', () => {
  it('is the day before the next one begins, across month and leap days', () => {
    expect(lastDayBefore('2021-04-01')).toBe('2021-03-31');
    expect(lastDayBefore('2024-03-01')).toBe('2024-02-29');
    expect(lastDayBefore('2027-01-01')).toBe('2026-12-31');
  });
});

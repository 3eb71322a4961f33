/**
 * 年度 (DESIGN.md §2.3): 4月1日〜翌年3月31日, named after the year it starts in, and in 和暦 after
 * the era of that calendar year's end — 2019 is 令和元年度 (the era changed in May), 1988 昭和63年度.
 */
import { fiscalYearOf, toWarekiParts } from '@kyoyaku/legal-text';

export { fiscalYearOf };

/** 令和6年度 for 2024. */
export function fiscalYearLabel(fiscalYear: number): string {
  const { era, year } = toWarekiParts(`${String(fiscalYear).padStart(4, '0')}-12-31`);
  return `${era}${year === 1 ? '元' : year}年度`;
}

/** The years a register offers, newest first: from the first year with records to the current one. */
export function fiscalYearsFrom(first: number, today: string): number[] {
  const last = fiscalYearOf(today);
  const years: number[] = [];
  for (let year = last; year >= first; year--) years.push(year);
  return years;
}

/** A fiscal year from the address, or the current one. */
export function requestedFiscalYear(value: string | null, today: string): number {
  const year = Number(value);
  return value !== null && /^\d{4}$/.test(value) && year >= 1927 ? year : fiscalYearOf(today);
}

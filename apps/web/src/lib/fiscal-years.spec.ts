import { describe, expect, it } from '@jest/globals';
import { fiscalYearLabel, fiscalYearsFrom, requestedFiscalYear } from './fiscal-years';

describe('年度', () => {
  it('is named in 和暦 after the era at the end of its first calendar year', () => {
    expect(fiscalYearLabel(2024)).toBe('令和6年度');
    expect(fiscalYearLabel(2019)).toBe('令和元年度');
    expect(fiscalYearLabel(2020)).toBe('令和2年度');
    expect(fiscalYearLabel(1989)).toBe('平成元年度');
    expect(fiscalYearLabel(1988)).toBe('昭和63年度');
  });

  it('offers the years from the first one to the current one (which starts on 4月1日), newest first', () => {
    expect(fiscalYearsFrom(2019, '2021-03-31')).toEqual([2020, 2019]);
    expect(fiscalYearsFrom(2019, '2021-04-01')).toEqual([2021, 2020, 2019]);
  });

  it('reads the year from the address, or takes the current one', () => {
    expect(requestedFiscalYear('2023', '2026-11-27')).toBe(2023);
    expect(requestedFiscalYear(null, '2026-11-27')).toBe(2026);
    expect(requestedFiscalYear(null, '2027-03-31')).toBe(2026);
    expect(requestedFiscalYear('20x3', '2026-11-27')).toBe(2026);
    expect(requestedFiscalYear('1800', '2026-11-27')).toBe(2026);
  });
});

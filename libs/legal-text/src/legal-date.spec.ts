import fc from 'fast-check';
import {
  addDays,
  compareLegalDates,
  daysBetween,
  fiscalYearOf,
  fiscalYearRange,
  isLegalDate,
  toWareki,
  toWarekiParts,
} from './legal-date';

const dateArb = fc
  .date({ min: new Date('1926-12-25T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('isLegalDate', () => {
  it.each(['2019-12-25', '2020-02-29', '2000-02-29', '1989-01-08', '0001-01-01', '9999-12-31'])(
    'accepts %s',
    (s) => expect(isLegalDate(s)).toBe(true),
  );

  it.each([
    ['2019-02-29', 'not a leap year'],
    ['1900-02-29', 'century, not a leap year'],
    ['2019-13-01', 'month 13'],
    ['2019-00-10', 'month 0'],
    ['2019-04-31', 'April has 30 days'],
    ['2019-12-00', 'day 0'],
    ['2019-1-1', 'not zero-padded'],
    ['2019-12-25T00:00:00Z', 'has a time'],
    ['20191225', 'no separators'],
    [' 2019-12-25', 'leading space'],
    ['0000-01-01', 'year 0'],
    ['２０１９-１２-２５', 'full-width digits'],
    ['', 'empty'],
  ])('rejects %s (%s)', (s) => expect(isLegalDate(s)).toBe(false));

  it('agrees with the UTC calendar of Date for every day', () => {
    fc.assert(fc.property(dateArb, (d) => isLegalDate(d)));
  });
});

describe('compareLegalDates', () => {
  it('orders chronologically', () => {
    expect(compareLegalDates('2019-04-30', '2019-05-01')).toBe(-1);
    expect(compareLegalDates('2019-05-01', '2019-04-30')).toBe(1);
    expect(compareLegalDates('2019-12-25', '2019-12-25')).toBe(0);
    expect(compareLegalDates('1999-12-31', '2000-01-01')).toBe(-1);
  });

  it('refuses invalid dates rather than comparing strings', () => {
    expect(() => compareLegalDates('2019-02-29', '2019-03-01')).toThrow(RangeError);
    expect(() => compareLegalDates('2019-03-01', '2019-3-1')).toThrow('2019-3-1');
  });

  it('agrees with the order of the days since the epoch', () => {
    fc.assert(
      fc.property(dateArb, dateArb, (a, b) => {
        expect(compareLegalDates(a, b)).toBe(Math.sign(Date.parse(a) - Date.parse(b)));
      }),
    );
  });
});

describe('addDays', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2019-12-31', 1)).toBe('2020-01-01');
    expect(addDays('2020-02-28', 1)).toBe('2020-02-29');
    expect(addDays('2019-02-28', 1)).toBe('2019-03-01');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addDays('2020-03-01', -1)).toBe('2020-02-29');
    expect(addDays('2019-12-25', 0)).toBe('2019-12-25');
    expect(addDays('2019-12-25', 366)).toBe('2020-12-25');
  });

  it('refuses non-integer days, invalid dates and results beyond year 9999', () => {
    expect(() => addDays('2019-12-25', 0.5)).toThrow(RangeError);
    expect(() => addDays('2019-02-29', 1)).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
    expect(() => addDays('0001-01-01', -1)).toThrow(RangeError);
  });

  it('matches UTC day arithmetic and is inverted by daysBetween', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -40000, max: 40000 }), (d, n) => {
        const result = addDays(d, n);
        expect(isLegalDate(result)).toBe(true);
        expect(result).toBe(new Date(Date.parse(d) + n * 86_400_000).toISOString().slice(0, 10));
        expect(daysBetween(d, result)).toBe(n);
        expect(addDays(result, -n)).toBe(d);
      }),
    );
  });
});

describe('fiscalYearOf (年度)', () => {
  it('changes on April 1', () => {
    expect(fiscalYearOf('2025-03-31')).toBe(2024);
    expect(fiscalYearOf('2025-04-01')).toBe(2025);
    expect(fiscalYearOf('2025-01-01')).toBe(2024);
    expect(fiscalYearOf('2024-12-31')).toBe(2024);
    expect(fiscalYearOf('2019-12-25')).toBe(2019);
  });

  it('has a range from 04-01 to the next 03-31 that contains every date of that year', () => {
    expect(fiscalYearRange(2024)).toEqual({ start: '2024-04-01', end: '2025-03-31' });
    fc.assert(
      fc.property(dateArb, (d) => {
        const { start, end } = fiscalYearRange(fiscalYearOf(d));
        expect(compareLegalDates(start, d)).toBeLessThanOrEqual(0);
        expect(compareLegalDates(d, end)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it('refuses invalid input', () => {
    expect(() => fiscalYearOf('2025-3-31')).toThrow(RangeError);
    expect(() => fiscalYearRange(2024.5)).toThrow(RangeError);
  });
});

describe('toWareki (和暦)', () => {
  it.each([
    ['2019-12-25', '令和元年12月25日'],
    ['2019-05-01', '令和元年5月1日'],
    ['2019-04-30', '平成31年4月30日'],
    ['2020-01-01', '令和2年1月1日'],
    ['2019-01-01', '平成31年1月1日'],
    ['1989-01-08', '平成元年1月8日'],
    ['1989-01-07', '昭和64年1月7日'],
    ['1990-01-01', '平成2年1月1日'],
    ['1926-12-25', '昭和元年12月25日'],
    ['1927-01-01', '昭和2年1月1日'],
    ['2014-11-01', '平成26年11月1日'],
  ])('%s is %s', (date, wareki) => expect(toWareki(date)).toBe(wareki));

  it('writes kanji digits on request', () => {
    expect(toWareki('2019-12-25', { digits: 'kanji' })).toBe('令和元年十二月二十五日');
    expect(toWareki('2019-04-30', { digits: 'kanji' })).toBe('平成三十一年四月三十日');
    expect(toWareki('2020-10-10', { digits: 'kanji' })).toBe('令和二年十月十日');
    expect(toWareki('1989-01-07', { digits: 'kanji' })).toBe('昭和六十四年一月七日');
    expect(toWareki('2019-12-25', { digits: 'arabic' })).toBe('令和元年12月25日');
  });

  it('refuses dates before 昭和 with a clear error', () => {
    expect(() => toWareki('1926-12-24')).toThrow(/昭和元年12月25日（1926-12-25）より前/);
    expect(() => toWareki('1868-10-23')).toThrow(RangeError);
  });

  it('refuses invalid dates', () => {
    expect(() => toWareki('2019-02-29')).toThrow(RangeError);
  });

  it('gives parts whose era year counts from the era start year', () => {
    expect(toWarekiParts('2019-05-01')).toEqual({ era: '令和', year: 1, month: 5, day: 1 });
    fc.assert(
      fc.property(dateArb, (d) => {
        const { era, year } = toWarekiParts(d);
        const offset = { 昭和: 1925, 平成: 1988, 令和: 2018 }[era];
        expect(year + offset).toBe(Number(d.slice(0, 4)));
        expect(year).toBeGreaterThanOrEqual(1);
      }),
    );
  });
});

import { readFiscalYear, readLegalDate } from './legal-date';

describe('readLegalDate (dates as people type them)', () => {
  it.each([
    ['2026-04-01', '2026-04-01'],
    ['令和8年4月1日', '2026-04-01'],
    ['令和元年5月1日', '2019-05-01'],
    ['令和八年四月一日', '2026-04-01'],
    ['令和元年十二月二十五日', '2019-12-25'],
    ['R8.4.1', '2026-04-01'],
    ['r8/4/1', '2026-04-01'],
    ['令和８年４月１日', '2026-04-01'],
    ['平成31年4月30日', '2019-04-30'],
    ['昭和64年1月7日', '1989-01-07'],
    ['平成元年1月8日', '1989-01-08'],
    [' 令和 8 年 4 月 1 日 ', '2026-04-01'],
  ])('reads %s as %s', (input, expected) => {
    expect(readLegalDate(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['令和元年4月30日', '令和は令和元年5月1日からです'],
    ['平成31年5月1日', '平成は平成元年1月8日から平成31年4月30日までです'],
    ['昭和64年1月8日', '昭和は'],
    ['令和8年2月30日', '暦にありません'],
    ['令和0年4月1日', 'ありません'],
    ['平成32年1月1日', '平成32年はありません'],
    ['2026-02-30', '日付として読めません'],
    ['明治45年1月1日', '日付として読めません'],
    ['来年4月1日', '日付として読めません'],
  ])('refuses %s, saying why', (input, reason) => {
    const result = readLegalDate(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('suggests the 和暦 of the same day when the era is wrong', () => {
    const result = readLegalDate('令和元年4月30日');
    expect(result).toEqual({
      ok: false,
      reason:
        '令和元年4月30日はありません: 令和は令和元年5月1日からです（平成31年4月30日のことであれば、そう書いてください）',
    });
  });
});

describe('readFiscalYear (年度 as people type it)', () => {
  it.each([
    ['2026', 2026],
    ['2026年度', 2026],
    ['令和8年度', 2026],
    ['令和8', 2026],
    ['R8', 2026],
    ['r8年度', 2026],
    ['令和元年度', 2019],
    ['平成31年度', 2019],
    ['令和８年度', 2026],
    ['令和八年度', 2026],
  ])('reads %s as %d', (input, expected) => {
    expect(readFiscalYear(input)).toEqual({ ok: true, value: expected });
  });

  it.each(['令和', 'R', '8年度', '平成32年度', '来年度', ''])('refuses %p', (input) => {
    expect(readFiscalYear(input).ok).toBe(false);
  });
});

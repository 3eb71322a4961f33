/**
 * Legal dates (DESIGN.md §2.4): calendar dates in Japan, `YYYY-MM-DD`, with no time and no zone.
 * Plain strings so they compare, hash and serialise as themselves; all arithmetic is done on a
 * day count so no Date object (and no host time zone) is involved.
 */
import { parseNumeral } from './numbering';

/** An ISO calendar date `YYYY-MM-DD`. Validate with {@link isLegalDate}. */
export type LegalDate = string;

const LEGAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

interface DateParts {
  year: number;
  month: number;
  day: number;
}

function parse(date: string): DateParts | undefined {
  const match = LEGAL_DATE_PATTERN.exec(date);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  return { year, month, day };
}

function parseOrThrow(date: string): DateParts {
  const parts = parse(date);
  if (!parts) throw new RangeError(`不正な日付です（YYYY-MM-DD の暦日が必要です）: ${date}`);
  return parts;
}

/** True for a real calendar date written exactly `YYYY-MM-DD` (years 0001–9999). */
export function isLegalDate(s: string): boolean {
  return parse(s) !== undefined;
}

/** Compares two legal dates; throws on an invalid one. */
export function compareLegalDates(a: LegalDate, b: LegalDate): -1 | 0 | 1 {
  parseOrThrow(a);
  parseOrThrow(b);
  // Fixed-width zero-padded strings sort chronologically.
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

// Days since 0000-03-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
function toDayNumber({ year, month, day }: DateParts): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe;
}

function fromDayNumber(n: number): DateParts {
  const era = Math.floor(n / 146097);
  const doe = n - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

function format({ year, month, day }: DateParts): LegalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The date `n` days after `date` (before, when `n` is negative). `n` must be an integer. */
export function addDays(date: LegalDate, n: number): LegalDate {
  if (!Number.isInteger(n)) throw new RangeError(`日数は整数でなければなりません: ${n}`);
  const result = fromDayNumber(toDayNumber(parseOrThrow(date)) + n);
  if (result.year < 1 || result.year > 9999) {
    throw new RangeError(`日付が範囲外です（0001〜9999年）: ${date} + ${n}`);
  }
  return format(result);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LegalDate, to: LegalDate): number {
  return toDayNumber(parseOrThrow(to)) - toDayNumber(parseOrThrow(from));
}

/** 年度: the fiscal year runs 4月1日〜翌年3月31日 and is named after the year it starts in. */
export function fiscalYearOf(date: LegalDate): number {
  const { year, month } = parseOrThrow(date);
  return month >= 4 ? year : year - 1;
}

/** The first and last day of 年度 `fiscalYear`. */
export function fiscalYearRange(fiscalYear: number): { start: LegalDate; end: LegalDate } {
  if (!Number.isInteger(fiscalYear) || fiscalYear < 1 || fiscalYear > 9998) {
    throw new RangeError(`年度が範囲外です: ${fiscalYear}`);
  }
  return {
    start: format({ year: fiscalYear, month: 4, day: 1 }),
    end: format({ year: fiscalYear + 1, month: 3, day: 31 }),
  };
}

export type WarekiEraName = '昭和' | '平成' | '令和';

interface Era {
  name: WarekiEraName;
  /** First day of the era. */
  start: LegalDate;
}

/** Newest first. 昭和 is the earliest era supported. */
const ERAS: readonly Era[] = [
  { name: '令和', start: '2019-05-01' },
  { name: '平成', start: '1989-01-08' },
  { name: '昭和', start: '1926-12-25' },
];

export interface WarekiDate {
  era: WarekiEraName;
  /** 1 for 元年. */
  year: number;
  month: number;
  day: number;
}

/** Splits a legal date into era, era year, month and day. */
export function toWarekiParts(date: LegalDate): WarekiDate {
  const parts = parseOrThrow(date);
  const era = ERAS.find((e) => date >= e.start);
  if (!era) {
    throw new RangeError(`昭和元年12月25日（1926-12-25）より前の日付は和暦に変換できません: ${date}`);
  }
  const eraStartYear = Number(era.start.slice(0, 4));
  return { era: era.name, year: parts.year - eraStartYear + 1, month: parts.month, day: parts.day };
}

const KANJI_DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

/** 1–99 in kanji positional-counting style: 十二, 二十五, 三十一. */
function smallKanji(n: number): string {
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  const tensText = tens === 0 ? '' : tens === 1 ? '十' : `${KANJI_DIGITS[tens] ?? ''}十`;
  const onesText = ones === 0 ? '' : (KANJI_DIGITS[ones] ?? '');
  return tensText + onesText;
}

export interface WarekiOptions {
  /** `'arabic'` (default): 令和元年12月25日; `'kanji'`: 令和元年十二月二十五日. */
  digits?: 'arabic' | 'kanji';
}

/** 和暦: 令和元年12月25日, 平成31年4月30日, 昭和64年1月7日. The first year of an era is 元年. */
export function toWareki(date: LegalDate, options: WarekiOptions = {}): string {
  const { era, year, month, day } = toWarekiParts(date);
  const num = options.digits === 'kanji' ? smallKanji : String;
  const yearText = year === 1 ? '元' : num(year);
  return `${era}${yearText}年${num(month)}月${num(day)}日`;
}

/** The result of reading a date or a year a person typed: the value, or why it names no real date. */
export type ReadResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const ERA_LETTERS: Readonly<Record<string, WarekiEraName>> = { R: '令和', H: '平成', S: '昭和' };

/** The last day of each era (the day before the next one began). */
function eraEnd(name: WarekiEraName): LegalDate | undefined {
  const index = ERAS.findIndex((e) => e.name === name);
  const next = index > 0 ? ERAS[index - 1] : undefined;
  return next === undefined ? undefined : addDays(next.start, -1);
}

/** 8, ８, 八, 十二, 元 → a number; `undefined` for anything else. */
function readEraNumber(text: string): number | undefined {
  return text === '元' ? 1 : parseNumeral(text);
}

function eraOf(text: string): WarekiEraName | undefined {
  if (text === '令和' || text === '平成' || text === '昭和') return text;
  return ERA_LETTERS[text.toUpperCase()];
}

/** The western year of an era year (令和8 → 2026), checking the year is within the era. */
function westernYear(era: WarekiEraName, year: number): ReadResult<number> {
  const start = ERAS.find((e) => e.name === era)?.start ?? '';
  const first = Number(start.slice(0, 4));
  const end = eraEnd(era);
  const western = first + year - 1;
  if (year < 1 || (end !== undefined && western > Number(end.slice(0, 4)))) {
    return { ok: false, reason: `${era}${year}年はありません` };
  }
  return { ok: true, value: western };
}

const WAREKI_DATE_PATTERN =
  /^(令和|平成|昭和|[RHSrhs])\s*([0-9０-９]{1,2}|元|[〇一二三四五六七八九十]{1,3})\s*(?:年|[.．/／-])\s*([0-9０-９]{1,2}|[〇一二三四五六七八九十]{1,3})\s*(?:月|[.．/／-])\s*([0-9０-９]{1,2}|[〇一二三四五六七八九十]{1,3})\s*日?$/;

/**
 * Reads a date as people type it: `2026-04-01`, 令和8年4月1日, 令和元年5月1日, 令和八年四月一日, R8.4.1,
 * R8/4/1 (full-width digits too). A 和暦 date must fall within its era: 令和元年4月30日 (令和 began on
 * 2019-05-01) and 平成31年5月1日 (平成 ended on 2019-04-30) name no date.
 */
export function readLegalDate(input: string): ReadResult<LegalDate> {
  const text = input.trim();
  if (isLegalDate(text)) return { ok: true, value: text };
  const match = WAREKI_DATE_PATTERN.exec(text);
  const era = match ? eraOf(match[1] ?? '') : undefined;
  const numbers = match ? [match[2], match[3], match[4]].map((n) => readEraNumber(n ?? '')) : [];
  const [year, month, day] = numbers;
  if (!match || era === undefined || year === undefined || month === undefined || day === undefined) {
    return {
      ok: false,
      reason: `日付として読めません: 「${text}」（例: 2026-04-01、令和8年4月1日、R8.4.1）`,
    };
  }
  const western = westernYear(era, year);
  if (!western.ok) return western;
  const iso = `${String(western.value).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const yearText = year === 1 ? '元' : String(year);
  const written = `${era}${yearText}年${month}月${day}日`;
  if (!isLegalDate(iso)) return { ok: false, reason: `${written}は暦にありません` };
  const start = ERAS.find((e) => e.name === era)?.start ?? '';
  const end = eraEnd(era);
  if (iso < start || (end !== undefined && iso > end)) {
    const actual = iso >= '1926-12-25' ? `（${toWareki(iso)}のことであれば、そう書いてください）` : '';
    return {
      ok: false,
      reason: `${written}はありません: ${era}は${toWareki(start)}から${end === undefined ? '' : `${toWareki(end)}まで`}です${actual}`,
    };
  }
  return { ok: true, value: iso };
}

/**
 * Reads a fiscal year (年度, DESIGN.md §2.3) as people type it: 2026, 2026年度, 令和8年度, 令和8, R8,
 * 令和元年度 — the year in which the 年度 begins (令和8年度 = 2026-04-01..2027-03-31).
 */
export function readFiscalYear(input: string): ReadResult<number> {
  const text = input.trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  const western = /^(\d{4})(?:年度)?$/.exec(text);
  if (western) return { ok: true, value: Number(western[1]) };
  const match = /^(令和|平成|昭和|[RHSrhs])\s*(\d{1,2}|元|[〇一二三四五六七八九十]{1,3})(?:年度?)?$/.exec(
    text,
  );
  const era = match ? eraOf(match[1] ?? '') : undefined;
  const year = match ? readEraNumber(match[2] ?? '') : undefined;
  if (era === undefined || year === undefined) {
    return { ok: false, reason: `年度として読めません: 「${input.trim()}」（例: 2026、令和8年度、R8）` };
  }
  // 平成31年度 began on 2019-04-01 under 平成 and is the same 年度 as 令和元年度.
  return westernYear(era, year);
}

/**
 * Provision numbers and numerals. A ProvisionNumber is data (`"3-2"` = 第3条の2); this module
 * parses, orders and formats it, and converts numerals between arabic, full-width and kanji.
 */
import type { ProvisionNumber } from './document.model';

// 枝番号 start at 2: 第3条 is itself the first, so 第3条の1 does not exist.
const PROVISION_NUMBER_PATTERN = /^[1-9]\d*(?:-(?:[2-9]|[1-9]\d+))*$/;

/** Keeps numbers within a range where every arithmetic step stays exact. */
const MAX_COMPONENT = 99_999_999;

/** True for `"3"`, `"3-2"`, `"3-2-2"`; false for `"0"`, `"3-1"`, `"03"`, `"3-"`. */
export function isProvisionNumber(s: string): boolean {
  if (!PROVISION_NUMBER_PATTERN.test(s)) return false;
  return s.split('-').every((part) => Number(part) <= MAX_COMPONENT);
}

/** `"3-2"` → `[3, 2]`. Throws on an invalid number. */
export function parseProvisionNumber(number: ProvisionNumber): number[] {
  if (!isProvisionNumber(number)) {
    throw new RangeError(`不正な番号です（例: "3"、"3-2"）: ${JSON.stringify(number)}`);
  }
  return number.split('-').map(Number);
}

/** `[3, 2]` → `"3-2"`. Throws when the parts do not form a valid number. */
export function formatProvisionNumber(parts: readonly number[]): ProvisionNumber {
  const number = parts.join('-');
  if (parts.length === 0 || !parts.every(Number.isInteger) || !isProvisionNumber(number)) {
    throw new RangeError(`不正な番号です: [${parts.join(', ')}]`);
  }
  return number;
}

/** Document order: 第3条 < 第3条の2 < 第3条の2の2 < 第3条の3 < 第4条. */
export function compareProvisionNumbers(a: ProvisionNumber, b: ProvisionNumber): -1 | 0 | 1 {
  const pa = parseProvisionNumber(a);
  const pb = parseProvisionNumber(b);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  if (pa.length === pb.length) return 0;
  return pa.length < pb.length ? -1 : 1;
}

/**
 * The number for a provision inserted after `after` (or at the start, `null`) and before `before`
 * (or at the end, `null`), as 法制執務 does it: the next main number when it is free (after 第6条
 * at the end → 第7条), otherwise a 枝番号 (after 第3条 before 第4条 → 第3条の2; after 第3条の2 →
 * 第3条の3; after 第3条の2 before 第3条の3 → 第3条の2の2). `undefined` when no number fits without
 * renumbering (before 第1条, or between 第3条 and 第3条の2).
 */
export function numberBetween(
  after: ProvisionNumber | null,
  before: ProvisionNumber | null,
): ProvisionNumber | undefined {
  const fits = (candidate: ProvisionNumber): boolean =>
    (after === null || compareProvisionNumbers(after, candidate) < 0) &&
    (before === null || compareProvisionNumbers(candidate, before) < 0);
  if (after === null) {
    return fits('1') ? '1' : undefined;
  }
  const parts = parseProvisionNumber(after);
  const last = parts[parts.length - 1] ?? 0;
  if (last >= MAX_COMPONENT) return undefined;
  const next = formatProvisionNumber([...parts.slice(0, -1), last + 1]);
  if (fits(next)) return next;
  const branch = formatProvisionNumber([...parts, 2]);
  return fits(branch) ? branch : undefined;
}

const KANJI_DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;
const KANJI_UNITS = [
  [1000, '千'],
  [100, '百'],
  [10, '十'],
] as const;

function kanjiBelow10000(n: number): string {
  let out = '';
  let rest = n;
  for (const [value, unit] of KANJI_UNITS) {
    const digit = Math.floor(rest / value);
    rest %= value;
    // 法令 write 十, 百, 千 — not 一十, 一百, 一千.
    if (digit > 0) out += (digit === 1 ? '' : KANJI_DIGITS[digit]) + unit;
  }
  if (rest > 0) out += KANJI_DIGITS[rest];
  return out;
}

/** 23 → 二十三, 100 → 百, 1111 → 千百十一, 10000 → 一万. 0 → 〇. Up to 99,999,999. */
export function toKanjiNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > MAX_COMPONENT) {
    throw new RangeError(`漢数字にできない数です: ${n}`);
  }
  if (n === 0) return '〇';
  const man = Math.floor(n / 10000);
  const rest = n % 10000;
  return (man > 0 ? `${kanjiBelow10000(man)}万` : '') + kanjiBelow10000(rest);
}

const KANJI_VALUES: Readonly<Record<string, number>> = Object.fromEntries(
  KANJI_DIGITS.map((kanji, value) => [kanji, value]),
);
const KANJI_UNIT_VALUES: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };

/** The inverse of {@link toKanjiNumeral}; `undefined` unless `s` is written exactly that way. */
export function fromKanjiNumeral(s: string): number | undefined {
  if (s.length === 0) return undefined;
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  for (const ch of s) {
    const value = KANJI_VALUES[ch];
    const unit = KANJI_UNIT_VALUES[ch];
    if (value !== undefined) {
      if (digit !== undefined) return undefined;
      digit = value;
    } else if (unit !== undefined) {
      section += (digit ?? 1) * unit;
      digit = undefined;
    } else if (ch === '万') {
      total += (section + (digit ?? 0)) * 10000;
      section = 0;
      digit = undefined;
    } else {
      return undefined;
    }
  }
  const n = total + section + (digit ?? 0);
  // Only the canonical spelling is accepted (not 一十, 十十, 二〇).
  return n <= MAX_COMPONENT && toKanjiNumeral(n) === s ? n : undefined;
}

/** 12 → １２ (全角数字, for paragraph numbers in the vertical national style). */
export function toFullWidthDigits(n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`全角数字にできない数です: ${n}`);
  return String(n).replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
}

/** Parses arabic (half- or full-width) or kanji numerals: 12, １２, 十二. */
export function parseNumeral(s: string): number | undefined {
  const halfWidth = s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  if (/^[1-9]\d*$|^0$/.test(halfWidth)) {
    const n = Number(halfWidth);
    return n <= MAX_COMPONENT ? n : undefined;
  }
  return fromKanjiNumeral(s);
}

/** Sub-item marks of horizontal municipal texts: ア, イ, ウ … (ヲ and ン are not used). */
export const AIUEO_MARKS: readonly string[] = [
  ...'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ',
];

/** Sub-item marks of the vertical national style: イ, ロ, ハ … (いろは順). */
export const IROHA_MARKS: readonly string[] = [
  ...'イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス',
];

/** 1 → ア / イ; beyond the list, the number itself (no real text has that many sub-items). */
export function kanaMark(n: number, marks: readonly string[]): string {
  return marks[n - 1] ?? String(n);
}

/** ア → 1 (or イ → 1 with {@link IROHA_MARKS}); `undefined` if not a mark. */
export function fromKanaMark(mark: string, marks: readonly string[]): number | undefined {
  const index = marks.indexOf(mark);
  return index < 0 ? undefined : index + 1;
}

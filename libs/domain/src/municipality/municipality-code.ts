/**
 * 全国地方公共団体コード (DESIGN.md §2.4): six digits, the last a check digit. The first two digits are
 * the prefecture (`02` = 青森県), the next three the municipality (`000` for the prefecture itself).
 *
 * Check digit: weights 6,5,4,3,2 on the first five digits, r = sum mod 11, check = (11 − r) mod 10.
 * 青森県 020001, 青森市 022012, 平内町 023019, 今別町 023035, 蓬田村 023043, 外ヶ浜町 023078.
 */
import { DomainError } from '../shared/domain-error';

/** A six-digit 全国地方公共団体コード with a correct check digit (validate with {@link isMunicipalityCode}). */
export type MunicipalityCode = string;

const CODE_PATTERN = /^[0-9]{6}$/;
const BODY_PATTERN = /^[0-9]{5}$/;
const WEIGHTS = [6, 5, 4, 3, 2] as const;

/** The check digit for the first five digits of a code. Throws RangeError on anything else. */
export function municipalityCheckDigit(firstFive: string): number {
  if (!BODY_PATTERN.test(firstFive)) {
    throw new RangeError(`検査数字の計算には5桁の数字が必要です: ${firstFive}`);
  }
  let sum = 0;
  WEIGHTS.forEach((weight, index) => {
    sum += Number(firstFive.charAt(index)) * weight;
  });
  return (11 - (sum % 11)) % 10;
}

/** True for six digits whose last digit is the right check digit (and whose prefecture is 01–47). */
export function isMunicipalityCode(value: unknown): value is MunicipalityCode {
  if (typeof value !== 'string' || !CODE_PATTERN.test(value)) return false;
  const prefecture = Number(value.slice(0, 2));
  if (prefecture < 1 || prefecture > 47) return false;
  return municipalityCheckDigit(value.slice(0, 5)) === Number(value.charAt(5));
}

/** Why `value` is not a code, in Japanese; undefined when it is one. */
export function describeMunicipalityCodeProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || !CODE_PATTERN.test(value)) {
    return `全国地方公共団体コード「${String(value)}」は6桁の数字ではありません（例: 青森市 022012）。`;
  }
  const prefecture = Number(value.slice(0, 2));
  if (prefecture < 1 || prefecture > 47) {
    return `全国地方公共団体コード「${value}」の都道府県部分（先頭2桁）は01〜47でなければなりません。`;
  }
  const expected = municipalityCheckDigit(value.slice(0, 5));
  if (expected !== Number(value.charAt(5))) {
    return `全国地方公共団体コード「${value}」の検査数字が誤っています。先頭5桁「${value.slice(0, 5)}」の検査数字は ${expected} です（正: ${value.slice(0, 5)}${expected}）。`;
  }
  return undefined;
}

/**
 * Throws `InvalidMunicipalityCode` (invalid) unless `value` is a code with a correct check digit.
 * `field` names the command field for problem+json.
 */
export function assertMunicipalityCode(value: unknown, field = 'municipalityCode'): MunicipalityCode {
  const problem = describeMunicipalityCodeProblem(value);
  if (problem !== undefined) {
    throw new DomainError({ code: 'InvalidMunicipalityCode', kind: 'invalid', field, message: problem });
  }
  return value as MunicipalityCode;
}

/** A prefecture's own code has `000` as its municipality part (青森県 020001). */
export function isPrefectureCode(code: MunicipalityCode): boolean {
  return isMunicipalityCode(code) && code.slice(2, 5) === '000';
}

/** The two-digit prefecture part: `02` for 青森県 and every municipality in it. */
export function prefectureOf(code: MunicipalityCode): string {
  return code.slice(0, 2);
}

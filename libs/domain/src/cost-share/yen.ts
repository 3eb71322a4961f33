/**
 * Whole yen (DESIGN.md §4): decimal strings of digits in events and on the wire (they may exceed
 * 2^53), bigint in arithmetic. No sign, no decimals, no separators, no leading zeros.
 */
import { costShareError } from './cost-share.errors';

const YEN_PATTERN = /^(0|[1-9][0-9]{0,19})$/;

/** At most 20 digits (below 10^20 yen), which no municipal budget approaches. */
export function isYenAmount(value: unknown): value is string {
  return typeof value === 'string' && YEN_PATTERN.test(value);
}

/** `InvalidYenAmount` (invalid) unless `value` is whole yen written in digits. */
export function assertYenAmount(value: unknown, field: string, label: string): bigint {
  if (!isYenAmount(value)) {
    throw costShareError(
      'InvalidYenAmount',
      `${label}「${String(value)}」は金額として不正です。円単位の0以上の整数を数字の文字列で指定してください（例: "1500000"。符号・小数点・桁区切りは使えません）。`,
      { field },
    );
  }
  return BigInt(value);
}

/** 1,234,567円 (a negative amount keeps its sign: −1,000円 is written -1,000円). */
export function formatYen(amount: bigint | string): string {
  const value = typeof amount === 'bigint' ? amount : BigInt(amount);
  const digits = (value < 0n ? -value : value).toString();
  return `${value < 0n ? '-' : ''}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}円`;
}

/**
 * 年度 (fiscal year): 4月1日〜翌年3月31日, named after the year it starts in (DESIGN.md §12). The
 * arithmetic lives in legal-text (fiscalYearOf, fiscalYearRange); this adds the range the ledger
 * accepts and the label in 和暦.
 */
import { fiscalYearRange, toWareki, toWarekiParts, type LegalDate } from '@kyoyaku/legal-text';
import { costShareError } from './cost-share.errors';

/** 連携協約 exist since the 2014 amendment of 地方自治法: no cost share or consultation under one is older. */
export const EARLIEST_FISCAL_YEAR = 2014;
export const LATEST_FISCAL_YEAR = 9998;

export function isFiscalYear(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= EARLIEST_FISCAL_YEAR &&
    value <= LATEST_FISCAL_YEAR
  );
}

/** `FiscalYearOutOfRange` unless an integer year from 2014 on (and within `bounds` when given). */
export function assertFiscalYear(
  value: unknown,
  field: string,
  bounds: { earliest?: number; latest?: number; why?: string } = {},
): number {
  const earliest = Math.max(EARLIEST_FISCAL_YEAR, bounds.earliest ?? EARLIEST_FISCAL_YEAR);
  const latest = Math.min(LATEST_FISCAL_YEAR, bounds.latest ?? LATEST_FISCAL_YEAR);
  if (!isFiscalYear(value) || value < earliest || value > latest) {
    throw costShareError(
      'FiscalYearOutOfRange',
      `年度「${String(value)}」は範囲外です。${earliest}〜${latest}の整数（西暦の年度、例: 2024 = 2024年4月1日〜2025年3月31日）を指定してください${bounds.why === undefined ? '' : `（${bounds.why}）`}。`,
      { field, details: { earliest, latest } },
    );
  }
  return value;
}

/**
 * 令和2年度. A fiscal year is named in the era in force on 5月1日 of its first year, as budgets are:
 * 2019 is 令和元年度 (the era changed on 2019-05-01), 1988 is 昭和63年度.
 */
export function fiscalYearLabel(fiscalYear: number): string {
  const { era, year } = toWarekiParts(`${String(fiscalYear).padStart(4, '0')}-05-01`);
  return `${era}${year === 1 ? '元' : year}年度`;
}

export interface FiscalYearPeriod {
  fiscalYear: number;
  /** 令和2年度 */
  label: string;
  start: LegalDate;
  end: LegalDate;
  /** 令和2年4月1日 / 令和3年3月31日 */
  startWareki: string;
  endWareki: string;
}

export function fiscalYearPeriod(fiscalYear: number): FiscalYearPeriod {
  const { start, end } = fiscalYearRange(fiscalYear);
  return {
    fiscalYear,
    label: fiscalYearLabel(fiscalYear),
    start,
    end,
    startWareki: toWareki(start),
    endWareki: toWareki(end),
  };
}

/**
 * 費用分担の基準 (the basis of a cost share) and its result, as commands carry them and events store
 * them. JSON only: yen, populations, usage figures and ratio weights are strings of digits (bigint in
 * arithmetic), formula proportions are integer basis points (10,000 = 100%). No floats.
 */
import type { LegalDate } from '@kyoyaku/legal-text';

export const COST_SHARE_BASIS_KINDS = ['fixed', 'ratio', 'formula'] as const;
/** 定額 (fixed amounts), 負担割合 (ratio weights), 算定式 (a mix of 均等割・人口割・実績割). */
export type CostShareBasisKind = (typeof COST_SHARE_BASIS_KINDS)[number];

export const COST_SHARE_METHODS = ['equal', 'population', 'usage'] as const;
/** 均等割 / 人口割 / 実績割. */
export type CostShareMethod = (typeof COST_SHARE_METHODS)[number];

export const COST_SHARE_METHOD_NAMES: Readonly<Record<CostShareMethod, string>> = {
  equal: '均等割',
  population: '人口割',
  usage: '実績割',
};

/** The whole of a formula, in basis points. */
export const WHOLE_BASIS_POINTS = 10_000;

export interface MunicipalityAmount {
  municipalityCode: string;
  /** Whole yen, digits. */
  amount: string;
}

export interface MunicipalityFigure {
  municipalityCode: string;
  /** A non-negative integer, digits (a ratio weight, a population, a usage count). */
  value: string;
}

export interface FormulaComponent {
  method: CostShareMethod;
  /** Share of the total this method divides, in basis points (3000 = 30%). */
  proportionBasisPoints: number;
}

/** 人口割: the figures and where they come from (e.g. 国勢調査, 住民基本台帳) as of a date. */
export interface PopulationFigures {
  source: string;
  sourceDate: LegalDate;
  figures: MunicipalityFigure[];
}

/** 実績割: what was counted (相談件数, 利用者数 …), over which period, per municipality. */
export interface UsageFigures {
  unit: string;
  period?: string;
  figures: MunicipalityFigure[];
}

export type CostShareBasis =
  | { kind: 'fixed'; amounts: MunicipalityAmount[] }
  | { kind: 'ratio'; weights: MunicipalityFigure[] }
  | {
      kind: 'formula';
      components: FormulaComponent[];
      population?: PopulationFigures;
      usage?: UsageFigures;
    };

/** One municipality's share of a total. */
export interface Allocation {
  municipalityCode: string;
  name: string;
  /** Whole yen, digits. */
  amount: string;
  /**
   * The exact share of the total the basis gives (reduced fraction); absent for fixed amounts.
   * amount = ⌊total × numerator ÷ denominator⌋, plus 1 when `roundedUp`.
   */
  share?: { numerator: string; denominator: string };
  roundedUp?: boolean;
}

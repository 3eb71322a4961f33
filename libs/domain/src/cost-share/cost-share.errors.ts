/**
 * The rules of 費用分担 arithmetic (第4条): amounts, bases and fiscal years. The project aggregate
 * spreads these into its own table, so a broken rule has the same code wherever it is checked.
 */
import { COMMON_ERROR_KINDS } from '../shared/common.errors';
import { domainErrorFactory, type DomainErrorKind } from '../shared/domain-error';

export const COST_SHARE_ERROR_KINDS = {
  ...COMMON_ERROR_KINDS,
  /** A yen amount that is not a whole, non-negative number of yen written in digits ("1500000"). */
  InvalidYenAmount: 'invalid',
  /** A basis kind (fixed, ratio, formula) or a formula method (equal, population, usage) not known. */
  UnknownCostShareBasis: 'invalid',
  /** A fiscal year that is not an integer, before 2014, before the project's, or too far ahead. */
  FiscalYearOutOfRange: 'invalid',
  /** The basis names other municipalities than the ones sharing the cost (one missing, one extra). */
  BasisDoesNotMatchParticipants: 'invalid',
  /** A municipality named twice in a basis or in a list of participants. */
  DuplicateMunicipality: 'invalid',
  /** A ratio weight, population or usage figure that is not a non-negative integer. */
  InvalidBasisFigure: 'invalid',
  /** Every weight, population or usage figure is zero: nothing to divide by. */
  BasisFiguresSumToZero: 'invalid',
  /** A formula with no component, a method twice, figures missing for a method or given without it. */
  InvalidFormula: 'invalid',
  /** A formula's proportions (basis points) do not add up to the whole (10,000 = 100%). */
  FormulaProportionsDoNotSumToWhole: 'invalid',
  /** Fixed amounts whose sum differs from the total. */
  AllocationsDoNotSumToTotal: 'invalid',
} as const satisfies Record<string, DomainErrorKind>;

export type CostShareErrorCode = keyof typeof COST_SHARE_ERROR_KINDS;

export const costShareError = domainErrorFactory<CostShareErrorCode>(COST_SHARE_ERROR_KINDS);

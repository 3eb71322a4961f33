/**
 * 費用分担の按分: turns a total in whole yen and a basis into one whole-yen amount per municipality
 * that sum EXACTLY to the total.
 *
 * Rounding rule (最大剰余法, largest remainder):
 *   1. The basis gives each municipality an exact rational share nᵢ / D of the total (all shares over
 *      one common denominator D, Σnᵢ = D). A formula is combined into one share first — 均等割 1/N,
 *      人口割 popᵢ/Σpop, 実績割 useᵢ/Σuse, weighted by their proportions — and rounded ONCE, so no
 *      municipality drifts by more than one yen from its exact share.
 *   2. Each municipality gets ⌊total × nᵢ / D⌋ yen.
 *   3. The yen left over (fewer than the number of municipalities) go one each to the municipalities
 *      with the largest remainders (total × nᵢ mod D).
 *   4. Equal remainders are broken by a fixed order: the core city first, then by 全国地方公共団体コード
 *      ascending. The order of the input lists never matters.
 * Hence: every amount is ⌊exact⌋ or ⌊exact⌋ + 1 (strictly within one yen of the exact share, equal to
 * it when the share divides evenly), the amounts sum to the total, a larger share never gets fewer yen,
 * and the same input always gives the same amounts. (Like every largest-remainder method it is not
 * monotonic in the total: raising the total by a few yen can move a rounded yen elsewhere.)
 *
 * Fixed amounts (定額) are taken as given and must sum to the total.
 */
import { isMunicipalityCode } from '../municipality/municipality-code';
import { costShareError } from './cost-share.errors';
import {
  COST_SHARE_BASIS_KINDS,
  COST_SHARE_METHOD_NAMES,
  COST_SHARE_METHODS,
  WHOLE_BASIS_POINTS,
  type Allocation,
  type CostShareBasis,
  type CostShareMethod,
  type MunicipalityFigure,
} from './cost-share.types';
import { assertYenAmount, formatYen } from './yen';

export interface ShareParticipant {
  code: string;
  name: string;
}

export interface AllocationInput {
  total: bigint;
  basis: CostShareBasis;
  /** The municipalities sharing the cost (each exactly once). */
  participants: readonly ShareParticipant[];
  /** 全国地方公共団体コード of the core city: first in ties and in the result. */
  coreCityCode: string;
}

const FIGURE_PATTERN = /^(0|[1-9][0-9]{0,29})$/;

/** The tie order of step 4: the core city first, then codes ascending. */
export function compareForTies(coreCityCode: string): (a: string, b: string) => number {
  return (a, b) => {
    if (a === b) return 0;
    if (a === coreCityCode) return -1;
    if (b === coreCityCode) return 1;
    return a < b ? -1 : 1;
  };
}

/**
 * Largest remainder over shares `numerators[i] / denominator` (Σ numerators = denominator). Ties are
 * broken by index: callers list in tie order. Returns the amounts and which were rounded up.
 */
export function largestRemainder(
  total: bigint,
  numerators: readonly bigint[],
  denominator: bigint,
): { amounts: bigint[]; roundedUp: boolean[] } {
  if (total < 0n) throw new RangeError('total must not be negative');
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  if (numerators.some((n) => n < 0n)) throw new RangeError('numerators must not be negative');
  if (numerators.reduce((a, b) => a + b, 0n) !== denominator) {
    throw new RangeError('numerators must sum to the denominator');
  }
  const amounts = numerators.map((n) => (total * n) / denominator);
  const remainders = numerators.map((n) => (total * n) % denominator);
  let left = total - amounts.reduce((a, b) => a + b, 0n);
  const order = numerators
    .map((_, index) => index)
    .sort((a, b) => {
      const ra = remainders[a] ?? 0n;
      const rb = remainders[b] ?? 0n;
      return ra === rb ? a - b : ra > rb ? -1 : 1;
    });
  const roundedUp = numerators.map(() => false);
  for (const index of order) {
    if (left === 0n) break;
    amounts[index] = (amounts[index] ?? 0n) + 1n;
    roundedUp[index] = true;
    left -= 1n;
  }
  return { amounts, roundedUp };
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function fieldOf(basis: string, index: number, name: string): string {
  return `basis.${basis}[${index}].${name}`;
}

/** The codes of a list in the basis must be the participants' codes, each once. */
function assertCoversParticipants(
  codes: readonly string[],
  participants: readonly ShareParticipant[],
  field: string,
  what: string,
): void {
  const seen = new Set<string>();
  codes.forEach((code, index) => {
    if (seen.has(code)) {
      throw costShareError(
        'DuplicateMunicipality',
        `${what}に団体コード ${code} が2回あります。各団体は1回だけ指定してください。`,
        { field: `${field}[${index}].municipalityCode` },
      );
    }
    seen.add(code);
  });
  const expected = new Set(participants.map((p) => p.code));
  const missing = [...expected].filter((code) => !seen.has(code)).sort();
  const extra = [...seen].filter((code) => !expected.has(code)).sort();
  if (missing.length > 0 || extra.length > 0) {
    throw costShareError(
      'BasisDoesNotMatchParticipants',
      `${what}の団体が費用を分担する団体と一致しません。${missing.length > 0 ? `不足: ${missing.join('、')}。` : ''}${extra.length > 0 ? `分担しない団体: ${extra.join('、')}。` : ''}分担する団体（${[...expected].sort().join('、')}）をちょうど1回ずつ指定してください。`,
      { field, details: { missing: missing.join(','), extra: extra.join(',') } },
    );
  }
}

function figureValues(
  figures: readonly MunicipalityFigure[],
  participants: readonly ShareParticipant[],
  field: string,
  what: string,
): Map<string, bigint> {
  const list: unknown = figures;
  if (!Array.isArray(list)) {
    throw costShareError('InvalidFormula', `${what}の一覧がありません。`, { field });
  }
  figures.forEach((figure, index) => {
    if (typeof figure.value !== 'string' || !FIGURE_PATTERN.test(figure.value)) {
      throw costShareError(
        'InvalidBasisFigure',
        `${what}「${String(figure.value)}」は不正です。0以上の整数を数字の文字列で指定してください（例: "10430"）。`,
        { field: `${field}[${index}].value` },
      );
    }
  });
  assertCoversParticipants(
    figures.map((f) => f.municipalityCode),
    participants,
    field,
    what,
  );
  const values = new Map(figures.map((f) => [f.municipalityCode, BigInt(f.value)]));
  const sum = [...values.values()].reduce((a, b) => a + b, 0n);
  if (sum === 0n) {
    throw costShareError(
      'BasisFiguresSumToZero',
      `${what}がすべて0です。按分するには少なくとも1団体に0より大きい値が必要です。`,
      { field },
    );
  }
  return values;
}

/** Each participant's exact share over one common denominator, in `ordered` order. */
function exactShares(
  basis: Exclude<CostShareBasis, { kind: 'fixed' }>,
  ordered: readonly ShareParticipant[],
): { numerators: bigint[]; denominator: bigint } {
  if (basis.kind === 'ratio') {
    const weights = figureValues(basis.weights, ordered, 'basis.weights', '負担割合');
    const numerators = ordered.map((p) => weights.get(p.code) ?? 0n);
    return { numerators, denominator: numerators.reduce((a, b) => a + b, 0n) };
  }
  const components = basis.components;
  if (!Array.isArray(components) || components.length === 0) {
    throw costShareError(
      'InvalidFormula',
      '算定式に構成要素がありません。均等割・人口割・実績割のいずれかを割合（基準点、10000 = 100%）とともに指定してください。',
      { field: 'basis.components' },
    );
  }
  const seen = new Set<CostShareMethod>();
  let proportions = 0;
  components.forEach((component, index) => {
    if (!(COST_SHARE_METHODS as readonly string[]).includes(component.method)) {
      throw costShareError(
        'UnknownCostShareBasis',
        `算定方法「${String(component.method)}」は定義されていません。equal（均等割）・population（人口割）・usage（実績割）のいずれかを指定してください。`,
        { field: fieldOf('components', index, 'method') },
      );
    }
    if (seen.has(component.method)) {
      throw costShareError(
        'InvalidFormula',
        `算定式に${COST_SHARE_METHOD_NAMES[component.method]}が2回あります。各方法は1回だけ、割合をまとめて指定してください。`,
        { field: fieldOf('components', index, 'method') },
      );
    }
    seen.add(component.method);
    const bp = component.proportionBasisPoints;
    if (typeof bp !== 'number' || !Number.isInteger(bp) || bp < 1 || bp > WHOLE_BASIS_POINTS) {
      throw costShareError(
        'InvalidFormula',
        `${COST_SHARE_METHOD_NAMES[component.method]}の割合「${String(bp)}」は不正です。1〜10000の整数（基準点、3000 = 30%）で指定してください。`,
        { field: fieldOf('components', index, 'proportionBasisPoints') },
      );
    }
    proportions += bp;
  });
  if (proportions !== WHOLE_BASIS_POINTS) {
    throw costShareError(
      'FormulaProportionsDoNotSumToWhole',
      `算定式の割合の合計が${proportions}基準点です。合計が10000基準点（100%）になるように指定してください（例: 均等割3000 + 人口割7000）。`,
      { field: 'basis.components', details: { sum: proportions, whole: WHOLE_BASIS_POINTS } },
    );
  }
  for (const [method, figures, what] of [
    ['population', basis.population, '人口'],
    ['usage', basis.usage, '実績'],
  ] as const) {
    if (seen.has(method) && figures === undefined) {
      throw costShareError(
        'InvalidFormula',
        `算定式に${COST_SHARE_METHOD_NAMES[method]}がありますが、${what}の数値（basis.${method}）がありません。`,
        { field: `basis.${method}` },
      );
    }
    if (!seen.has(method) && figures !== undefined) {
      throw costShareError(
        'InvalidFormula',
        `${what}の数値（basis.${method}）が指定されていますが、算定式に${COST_SHARE_METHOD_NAMES[method]}がありません。割合を加えるか、数値を外してください。`,
        { field: `basis.${method}` },
      );
    }
  }
  const population =
    basis.population === undefined
      ? undefined
      : figureValues(basis.population.figures, ordered, 'basis.population.figures', '人口');
  const usage =
    basis.usage === undefined
      ? undefined
      : figureValues(basis.usage.figures, ordered, 'basis.usage.figures', '実績');
  const n = BigInt(ordered.length);
  const sumOf = (values: Map<string, bigint> | undefined) =>
    values === undefined ? 1n : [...values.values()].reduce((a, b) => a + b, 0n);
  const populationSum = sumOf(population);
  const usageSum = sumOf(usage);
  // Common denominator of every component's share: 10000 × N × Σpop × Σuse.
  const denominator = BigInt(WHOLE_BASIS_POINTS) * n * populationSum * usageSum;
  const numerators = ordered.map((p) =>
    components.reduce((sum, component) => {
      const bp = BigInt(component.proportionBasisPoints);
      switch (component.method) {
        case 'equal':
          return sum + bp * populationSum * usageSum;
        case 'population':
          return sum + bp * (population?.get(p.code) ?? 0n) * n * usageSum;
        case 'usage':
          return sum + bp * (usage?.get(p.code) ?? 0n) * n * populationSum;
      }
      return sum;
    }, 0n),
  );
  return { numerators, denominator };
}

/**
 * The allocation of `total` among `participants` by `basis` (see the module comment for the rule),
 * in tie order (core city first, then by code). Throws a DomainError naming the broken rule.
 */
export function allocateCostShare(input: AllocationInput): Allocation[] {
  const { total, basis, coreCityCode } = input;
  if (total < 0n) throw new RangeError('total must not be negative');
  const kind: unknown = (basis as { kind?: unknown } | undefined)?.kind;
  if (!(COST_SHARE_BASIS_KINDS as readonly unknown[]).includes(kind)) {
    throw costShareError(
      'UnknownCostShareBasis',
      `費用分担の基準「${String(kind)}」は定義されていません。fixed（定額）・ratio（負担割合）・formula（均等割・人口割・実績割の算定式）のいずれかを指定してください。`,
      { field: 'basis.kind' },
    );
  }
  for (const p of input.participants) {
    if (!isMunicipalityCode(p.code))
      throw new RangeError(`participant ${String(p.code)} is not a municipality code`);
  }
  const ordered = [...input.participants].sort((a, b) => compareForTies(coreCityCode)(a.code, b.code));

  if (basis.kind === 'fixed') {
    const list: unknown = basis.amounts;
    if (!Array.isArray(list)) {
      throw costShareError('BasisDoesNotMatchParticipants', '定額の一覧（basis.amounts）がありません。', {
        field: 'basis.amounts',
      });
    }
    const amounts = basis.amounts.map((a, index) =>
      assertYenAmount(a.amount, `basis.amounts[${index}].amount`, '負担額'),
    );
    assertCoversParticipants(
      basis.amounts.map((a) => a.municipalityCode),
      ordered,
      'basis.amounts',
      '定額',
    );
    const sum = amounts.reduce((a, b) => a + b, 0n);
    if (sum !== total) {
      throw costShareError(
        'AllocationsDoNotSumToTotal',
        `定額の合計（${formatYen(sum)}）が総額（${formatYen(total)}）と一致しません（差 ${formatYen(sum - total)}）。各団体の負担額の合計が総額と等しくなるように指定してください。`,
        { field: 'basis.amounts', details: { sum: sum.toString(), total: total.toString() } },
      );
    }
    const byCode = new Map(basis.amounts.map((a) => [a.municipalityCode, a.amount]));
    return ordered.map((p) => ({
      municipalityCode: p.code,
      name: p.name,
      amount: byCode.get(p.code) ?? '0',
    }));
  }

  const { numerators, denominator } = exactShares(basis, ordered);
  const { amounts, roundedUp } = largestRemainder(total, numerators, denominator);
  return ordered.map((p, index) => {
    const numerator = numerators[index] ?? 0n;
    const divisor = gcd(numerator, denominator);
    return {
      municipalityCode: p.code,
      name: p.name,
      amount: (amounts[index] ?? 0n).toString(),
      share: { numerator: (numerator / divisor).toString(), denominator: (denominator / divisor).toString() },
      roundedUp: roundedUp[index] ?? false,
    };
  });
}

/** Σ amounts, for the invariant check and for registers. */
export function sumOfAllocations(allocations: readonly Pick<Allocation, 'amount'>[]): bigint {
  return allocations.reduce((sum, a) => sum + BigInt(a.amount), 0n);
}

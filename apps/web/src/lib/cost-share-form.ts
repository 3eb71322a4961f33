/**
 * 費用分担の決定 (第4条) as the form holds it and as the API takes it (POST /projects/{pid}/cost-shares):
 * a 年度, a total in whole yen, the municipalities sharing it and the basis — fixed amounts that sum
 * to the total, ratio weights, or a formula of 均等割・人口割・実績割 in proportions that make 100 %
 * (10000 basis points) with the population or usage figures they divide by — decided at a held
 * consultation or, with the reason, without one. The browser checks what it can see; the API checks
 * it all again and computes the allocation.
 */
import { Checker, type Checked, isFigure, isWholeYen, LIMITS, normalizeDigits } from './form-validation';

export const BASIS_KINDS = ['fixed', 'ratio', 'formula'] as const;
export type BasisKind = (typeof BASIS_KINDS)[number];

export const FORMULA_METHODS = ['equal', 'population', 'usage'] as const;
export type FormulaMethod = (typeof FORMULA_METHODS)[number];

/** The whole of a formula: 10000 basis points = 100 %. */
export const WHOLE_BASIS_POINTS = 10_000;

/** Lengths of the cost-share request DTOs. */
const SOURCE_MAX = 200;

export interface CostShareValues {
  projectId: string;
  decisionId: string;
  fiscalYear: string;
  decidedOn: string;
  total: string;
  /** The municipalities sharing the cost (codes, in the project's order). */
  participants: string[];
  basisKind: string;
  /** fixed: yen per municipality code. */
  amounts: Record<string, string>;
  /** ratio: weight per municipality code. */
  weights: Record<string, string>;
  /** formula: the share of each method in percent ('' = not used). */
  proportions: Record<FormulaMethod, string>;
  populationSource: string;
  populationSourceDate: string;
  population: Record<string, string>;
  usageUnit: string;
  usagePeriod: string;
  usage: Record<string, string>;
  /** Decided at a held consultation, or without one (with the reason). */
  decidedAt: 'consultation' | 'without';
  consultationId: string;
  reasonWithoutConsultation: string;
}

export function emptyCostShare(fiscalYear: number): CostShareValues {
  return {
    projectId: '',
    decisionId: '',
    fiscalYear: String(fiscalYear),
    decidedOn: '',
    total: '',
    participants: [],
    basisKind: 'fixed',
    amounts: {},
    weights: {},
    proportions: { equal: '', population: '', usage: '' },
    populationSource: '',
    populationSourceDate: '',
    population: {},
    usageUnit: '',
    usagePeriod: '',
    usage: {},
    decidedAt: 'consultation',
    consultationId: '',
    reasonWithoutConsultation: '',
  };
}

type Figures = { municipalityCode: string; value: string }[];

export type CostShareBasisBody =
  | { kind: 'fixed'; amounts: { municipalityCode: string; amount: string }[] }
  | { kind: 'ratio'; weights: Figures }
  | {
      kind: 'formula';
      components: { method: FormulaMethod; proportionBasisPoints: number }[];
      population?: { source: string; sourceDate: string; figures: Figures };
      usage?: { unit: string; period?: string; figures: Figures };
    };

export interface CostShareBody {
  decisionId?: string;
  fiscalYear: number;
  decidedOn: string;
  total: string;
  participants: string[];
  basis: CostShareBasisBody;
  consultationId?: string;
  reasonWithoutConsultation?: string;
}

/**
 * A percentage as typed (`30`, `33.33`, `７０％`) in basis points (3000, 3333, 7000): at most two
 * decimals, from 0.01 % to 100 %. Undefined when it is not one.
 */
export function basisPointsOfPercent(value: string): number | undefined {
  const text = value
    .trim()
    .replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[%％]$/, '')
    .trim();
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text);
  if (match === null) return undefined;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(2, '0'));
  const points = whole * 100 + fraction;
  return points >= 1 && points <= WHOLE_BASIS_POINTS ? points : undefined;
}

/** 3000 → `30%`, 3333 → `33.33%`. */
export function percentOfBasisPoints(points: number): string {
  const whole = Math.floor(points / 100);
  const fraction = points % 100;
  return fraction === 0 ? `${whole}%` : `${whole}.${String(fraction).padStart(2, '0').replace(/0$/, '')}%`;
}

/** The methods the formula uses (a proportion given), in the API's order. */
export function usedMethods(v: Pick<CostShareValues, 'proportions'>): FormulaMethod[] {
  return FORMULA_METHODS.filter((m) => v.proportions[m].trim() !== '');
}

/**
 * The request field (as the API names it in errors[]) of each input: the per-municipality inputs
 * by the municipality's place among those sharing the cost, a method's proportion by its place
 * among the methods used. Keys: `amount:<code>`, `weight:<code>`, `population:<code>`,
 * `usage:<code>`, `proportion:<method>`.
 */
export function costShareFieldNames(v: CostShareValues): Record<string, string> {
  const names: Record<string, string> = {};
  v.participants.forEach((code, index) => {
    names[`amount:${code}`] = `basis.amounts.${index}.amount`;
    names[`weight:${code}`] = `basis.weights.${index}.value`;
    names[`population:${code}`] = `basis.population.figures.${index}.value`;
    names[`usage:${code}`] = `basis.usage.figures.${index}.value`;
  });
  const used = usedMethods(v);
  for (const method of FORMULA_METHODS) {
    const index = used.indexOf(method);
    names[`proportion:${method}`] =
      index < 0 ? `basis.components.${method}` : `basis.components.${index}.proportionBasisPoints`;
  }
  return names;
}

/** Every field the form places messages at: its inputs and the groups the API names as a whole. */
export function costShareFields(v: CostShareValues): string[] {
  return [
    'projectId',
    'decisionId',
    'fiscalYear',
    'decidedOn',
    'total',
    'participants',
    'basis',
    'basis.kind',
    'basis.amounts',
    'basis.weights',
    'basis.components',
    'basis.population',
    'basis.population.source',
    'basis.population.sourceDate',
    'basis.population.figures',
    'basis.usage',
    'basis.usage.unit',
    'basis.usage.period',
    'basis.usage.figures',
    'consultationId',
    'reasonWithoutConsultation',
    ...Object.values(costShareFieldNames(v)),
  ];
}

function figuresOf(
  c: Checker,
  v: CostShareValues,
  values: Record<string, string>,
  key: string,
  names: Record<string, string>,
  group: string,
): Figures {
  const figures = v.participants.map((code) => ({
    municipalityCode: code,
    value: c.figure(names[`${key}:${code}`] ?? group, values[code] ?? ''),
  }));
  const valid = figures.every((f) => isFigure(f.value));
  if (valid && figures.length > 0 && figures.every((f) => BigInt(f.value) === 0n))
    c.add(group, 'validation.figuresZero');
  return figures;
}

function checkBasis(c: Checker, v: CostShareValues, total: string): CostShareBasisBody {
  const names = costShareFieldNames(v);
  const kind = c.choice('basis.kind', v.basisKind, BASIS_KINDS);
  switch (kind) {
    case 'fixed': {
      const amounts = v.participants.map((code) => ({
        municipalityCode: code,
        amount: c.yen(names[`amount:${code}`] ?? 'basis.amounts', v.amounts[code] ?? ''),
      }));
      const valid = [total, ...amounts.map((a) => a.amount)].every(isWholeYen);
      if (valid && amounts.length > 0) {
        const sum = amounts.reduce((s, a) => s + BigInt(a.amount), 0n);
        if (sum !== BigInt(total))
          c.add('basis.amounts', 'validation.amountsSum', { sum: sum.toString(), total });
      }
      return { kind, amounts };
    }
    case 'ratio':
      return { kind, weights: figuresOf(c, v, v.weights, 'weight', names, 'basis.weights') };
    case 'formula': {
      const used = usedMethods(v);
      if (used.length === 0) c.add('basis.components', 'validation.formulaMethods');
      const components = used.map((method) => {
        const points = basisPointsOfPercent(v.proportions[method]);
        if (points === undefined)
          c.add(names[`proportion:${method}`] ?? 'basis.components', 'validation.percent');
        return { method, proportionBasisPoints: points ?? 0 };
      });
      const sum = components.reduce((s, x) => s + x.proportionBasisPoints, 0);
      if (
        used.length > 0 &&
        components.every((x) => x.proportionBasisPoints > 0) &&
        sum !== WHOLE_BASIS_POINTS
      )
        c.add('basis.components', 'validation.proportionsSum', { sum: percentOfBasisPoints(sum) });
      const basis: CostShareBasisBody = { kind, components };
      if (used.includes('population')) {
        basis.population = {
          source: c.text('basis.population.source', v.populationSource, SOURCE_MAX),
          sourceDate: c.date('basis.population.sourceDate', v.populationSourceDate),
          figures: figuresOf(c, v, v.population, 'population', names, 'basis.population.figures'),
        };
      }
      if (used.includes('usage')) {
        const period = c.optionalText('basis.usage.period', v.usagePeriod, SOURCE_MAX);
        basis.usage = {
          unit: c.text('basis.usage.unit', v.usageUnit, SOURCE_MAX),
          ...(period === undefined ? {} : { period }),
          figures: figuresOf(c, v, v.usage, 'usage', names, 'basis.usage.figures'),
        };
      }
      return basis;
    }
  }
}

export function checkCostShare(v: CostShareValues): Checked<CostShareBody> {
  const c = new Checker();
  if (v.projectId === '') c.add('projectId', 'validation.choose');
  const decisionId = c.optionalId('decisionId', v.decisionId);
  const fiscalYear = c.fiscalYear('fiscalYear', v.fiscalYear);
  const decidedOn = c.date('decidedOn', v.decidedOn);
  const total = c.yen('total', v.total);
  if (v.participants.length === 0) c.add('participants', 'validation.participantsRequired');
  const basis = checkBasis(c, v, total);
  let consultation: { consultationId: string } | { reasonWithoutConsultation: string };
  if (v.decidedAt === 'consultation') {
    if (v.consultationId === '') c.add('consultationId', 'validation.choose');
    consultation = { consultationId: v.consultationId };
  } else {
    consultation = {
      reasonWithoutConsultation: c.text(
        'reasonWithoutConsultation',
        v.reasonWithoutConsultation,
        LIMITS.reason,
      ),
    };
  }
  return c.result({
    ...(decisionId === undefined ? {} : { decisionId }),
    fiscalYear,
    decidedOn,
    total,
    participants: [...v.participants],
    basis,
    ...consultation,
  });
}

/** Sum of the fixed amounts typed so far (the valid ones), to show against the total as they are typed. */
export function sumOfAmounts(v: Pick<CostShareValues, 'participants' | 'amounts'>): bigint {
  let sum = 0n;
  for (const code of v.participants) {
    const amount = normalizeDigits(v.amounts[code] ?? '');
    if (isWholeYen(amount)) sum += BigInt(amount);
  }
  return sum;
}

/** The sum of the proportions typed so far, in basis points (the valid ones). */
export function sumOfProportions(v: Pick<CostShareValues, 'proportions'>): number {
  return usedMethods(v).reduce((s, m) => s + (basisPointsOfPercent(v.proportions[m]) ?? 0), 0);
}

/**
 * An allocation's exact share of the total as the API records it (a reduced fraction), with its
 * percentage to two decimals, rounded down: `1/3（33.33%）`.
 */
export function formatShare(share: { numerator: string; denominator: string }): string {
  const numerator = BigInt(share.numerator);
  const denominator = BigInt(share.denominator);
  if (denominator <= 0n) return `${share.numerator}/${share.denominator}`;
  const hundredths = (numerator * 10_000n) / denominator;
  const whole = hundredths / 100n;
  const fraction = (hundredths % 100n).toString().padStart(2, '0');
  return `${share.numerator}/${share.denominator}（${whole}.${fraction}%）`;
}

import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  basisPointsOfPercent,
  checkCostShare,
  costShareFieldNames,
  costShareFields,
  type CostShareValues,
  emptyCostShare,
  formatShare,
  percentOfBasisPoints,
  sumOfAmounts,
  sumOfProportions,
} from './cost-share-form';
import type { Issue } from './form-validation';
import { placeProblemErrors, toProblem } from './problem';

const AOMORI = '022012';
const HIRANAI = '023019';
const IMABETSU = '023035';

function issues<T>(
  checked: { ok: true; body: T } | { ok: false; issues: Issue[] },
): Record<string, string[]> {
  if (checked.ok) return {};
  const byField: Record<string, string[]> = {};
  for (const issue of checked.issues) (byField[issue.field] ??= []).push(issue.key);
  return byField;
}

/** A decision of 2027 for three municipalities at the 2026 consultation, with fixed amounts. */
const fixed: CostShareValues = {
  ...emptyCostShare(2027),
  projectId: 'aomori-tourism-route',
  decidedOn: '2026-11-25',
  total: '1,000,001',
  participants: [AOMORI, HIRANAI, IMABETSU],
  basisKind: 'fixed',
  amounts: { [AOMORI]: '600001', [HIRANAI]: '200000', [IMABETSU]: '２００，０００' },
  consultationId: 'aomori-2026-periodic',
};

describe('percent and basis points', () => {
  it('reads a percentage as typed into basis points (10000 = 100%)', () => {
    expect(basisPointsOfPercent('30')).toBe(3000);
    expect(basisPointsOfPercent('33.33')).toBe(3333);
    expect(basisPointsOfPercent('0.5')).toBe(50);
    expect(basisPointsOfPercent(' ７０％ ')).toBe(7000);
    expect(basisPointsOfPercent('100')).toBe(10000);
    for (const wrong of ['0', '0.00', '100.01', '33.333', '-5', '1e2', 'thirty', ''])
      expect({ wrong, points: basisPointsOfPercent(wrong) }).toEqual({ wrong, points: undefined });
  });

  it('writes basis points back as the percentage they are, and reads it again exactly', () => {
    expect(percentOfBasisPoints(3000)).toBe('30%');
    expect(percentOfBasisPoints(3350)).toBe('33.5%');
    expect(percentOfBasisPoints(3305)).toBe('33.05%');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10000 }), (points) => {
        expect(basisPointsOfPercent(percentOfBasisPoints(points))).toBe(points);
      }),
    );
  });
});

describe('費用分担の決定: fixed amounts', () => {
  it('builds the request the API takes: whole yen as digits (separators and full-width digits read)', () => {
    expect(checkCostShare(fixed)).toEqual({
      ok: true,
      body: {
        fiscalYear: 2027,
        decidedOn: '2026-11-25',
        total: '1000001',
        participants: [AOMORI, HIRANAI, IMABETSU],
        basis: {
          kind: 'fixed',
          amounts: [
            { municipalityCode: AOMORI, amount: '600001' },
            { municipalityCode: HIRANAI, amount: '200000' },
            { municipalityCode: IMABETSU, amount: '200000' },
          ],
        },
        consultationId: 'aomori-2026-periodic',
      },
    });
  });

  it('refuses amounts that do not sum to the total, and yen that are not whole', () => {
    expect(issues(checkCostShare({ ...fixed, total: '1000000' }))).toEqual({
      'basis.amounts': ['validation.amountsSum'],
    });
    const checked = checkCostShare({ ...fixed, total: '1000000' });
    expect(!checked.ok && checked.issues[0]?.params).toEqual({ sum: '1000001', total: '1000000' });
    expect(
      issues(checkCostShare({ ...fixed, total: '-5', amounts: { ...fixed.amounts, [HIRANAI]: '200000.5' } })),
    ).toEqual({ total: ['validation.yen'], 'basis.amounts.1.amount': ['validation.yen'] });
    expect(issues(checkCostShare({ ...fixed, amounts: { [AOMORI]: '1000001' } }))).toEqual({
      'basis.amounts.1.amount': ['validation.required'],
      'basis.amounts.2.amount': ['validation.required'],
    });
    expect(issues(checkCostShare({ ...fixed, total: '012' }))).toEqual({ total: ['validation.yen'] });
  });

  it('shows the sum of the amounts typed so far', () => {
    expect(sumOfAmounts(fixed)).toBe(1_000_001n);
    expect(sumOfAmounts({ ...fixed, amounts: { [AOMORI]: '5', [HIRANAI]: 'x' } })).toBe(5n);
  });
});

describe('費用分担の決定: ratio', () => {
  const ratio: CostShareValues = {
    ...fixed,
    basisKind: 'ratio',
    weights: { [AOMORI]: '2', [HIRANAI]: '1', [IMABETSU]: '0' },
  };

  it('sends integer weights, one per municipality sharing the cost', () => {
    const checked = checkCostShare(ratio);
    expect(checked.ok && checked.body.basis).toEqual({
      kind: 'ratio',
      weights: [
        { municipalityCode: AOMORI, value: '2' },
        { municipalityCode: HIRANAI, value: '1' },
        { municipalityCode: IMABETSU, value: '0' },
      ],
    });
  });

  it('refuses weights that are all zero or not whole numbers', () => {
    expect(
      issues(checkCostShare({ ...ratio, weights: { [AOMORI]: '0', [HIRANAI]: '0', [IMABETSU]: '0' } })),
    ).toEqual({ 'basis.weights': ['validation.figuresZero'] });
    expect(issues(checkCostShare({ ...ratio, weights: { ...ratio.weights, [HIRANAI]: '1.5' } }))).toEqual({
      'basis.weights.1.value': ['validation.figure'],
    });
  });
});

describe('費用分担の決定: a formula of 均等割・人口割・実績割', () => {
  const formula: CostShareValues = {
    ...fixed,
    basisKind: 'formula',
    proportions: { equal: '30', population: '', usage: '70' },
    usageUnit: '相談件数',
    usagePeriod: '',
    usage: { [AOMORI]: '120', [HIRANAI]: '30', [IMABETSU]: '10' },
  };

  it('sends the methods used in basis points, with the figures they divide by', () => {
    const checked = checkCostShare(formula);
    expect(checked.ok && checked.body.basis).toEqual({
      kind: 'formula',
      components: [
        { method: 'equal', proportionBasisPoints: 3000 },
        { method: 'usage', proportionBasisPoints: 7000 },
      ],
      usage: {
        unit: '相談件数',
        figures: [
          { municipalityCode: AOMORI, value: '120' },
          { municipalityCode: HIRANAI, value: '30' },
          { municipalityCode: IMABETSU, value: '10' },
        ],
      },
    });
  });

  it('needs the proportions to make 100% (10000 basis points), whatever is typed', () => {
    expect(
      issues(checkCostShare({ ...formula, proportions: { equal: '30', population: '', usage: '60' } })),
    ).toEqual({ 'basis.components': ['validation.proportionsSum'] });
    expect(sumOfProportions({ proportions: { equal: '30', population: '', usage: '60' } })).toBe(9000);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10000 }), { minLength: 1, maxLength: 3 }), (points) => {
        const [equal = '', population = '', usage = ''] = points.map(percentOfBasisPoints);
        const values: CostShareValues = {
          ...formula,
          proportions: { equal, population, usage },
          populationSource: '令和2年国勢調査',
          populationSourceDate: '2020-10-01',
          population: { [AOMORI]: '275192', [HIRANAI]: '10430', [IMABETSU]: '2451' },
        };
        const sum = points.reduce((s, p) => s + p, 0);
        const proportionIssues = issues(checkCostShare(values))['basis.components'] ?? [];
        expect(proportionIssues).toEqual(sum === 10000 ? [] : ['validation.proportionsSum']);
      }),
    );
  });

  it('asks for the population figures and their source when 人口割 is used', () => {
    const withPopulation = { ...formula, proportions: { equal: '', population: '40', usage: '60' } };
    expect(issues(checkCostShare(withPopulation))).toEqual({
      'basis.population.source': ['validation.required'],
      'basis.population.sourceDate': ['validation.required'],
      'basis.population.figures.0.value': ['validation.required'],
      'basis.population.figures.1.value': ['validation.required'],
      'basis.population.figures.2.value': ['validation.required'],
    });
  });

  it('needs at least one method, each in 0.01–100 %', () => {
    expect(
      issues(checkCostShare({ ...formula, proportions: { equal: '', population: '', usage: '' } })),
    ).toEqual({
      'basis.components': ['validation.formulaMethods'],
    });
    expect(
      issues(checkCostShare({ ...formula, proportions: { equal: '0', population: '', usage: '100' } })),
    ).toEqual({
      'basis.components.0.proportionBasisPoints': ['validation.percent'],
    });
  });

  it("names a method's proportion by its place among the methods used, as the API does", () => {
    const names = costShareFieldNames(formula);
    expect(names['proportion:equal']).toBe('basis.components.0.proportionBasisPoints');
    expect(names['proportion:usage']).toBe('basis.components.1.proportionBasisPoints');
    expect(names['proportion:population']).toBe('basis.components.population');
    expect(names[`usage:${HIRANAI}`]).toBe('basis.usage.figures.1.value');
  });
});

describe('費用分担の決定: the rest of the request', () => {
  it('names each missing or wrong field', () => {
    expect(
      issues(
        checkCostShare({
          ...emptyCostShare(2027),
          fiscalYear: '2013',
          decisionId: 'FY 2027',
          decidedOn: '2026-02-30',
        }),
      ),
    ).toEqual({
      projectId: ['validation.choose'],
      decisionId: ['validation.id'],
      fiscalYear: ['validation.fiscalYear'],
      decidedOn: ['validation.date'],
      total: ['validation.required'],
      participants: ['validation.participantsRequired'],
      consultationId: ['validation.choose'],
    });
  });

  it('sends the reason instead of a consultation when decided without one', () => {
    const checked = checkCostShare({
      ...fixed,
      decidedAt: 'without',
      consultationId: 'aomori-2026-periodic',
      reasonWithoutConsultation: '書面による協議のため',
    });
    expect(checked.ok && checked.body).toMatchObject({ reasonWithoutConsultation: '書面による協議のため' });
    expect(checked.ok && 'consultationId' in checked.body).toBe(false);
    expect(issues(checkCostShare({ ...fixed, decidedAt: 'without' }))).toEqual({
      reasonWithoutConsultation: ['validation.required'],
    });
  });

  it("puts the API's errors[] at the input of the municipality or the group they name", () => {
    const problem = toProblem(422, 'Unprocessable Content', {
      type: '/problems/AllocationsDoNotSumToTotal',
      title: 'Unprocessable Content',
      status: 422,
      detail: '定額の合計が総額と一致しません。',
      errors: [
        { field: 'basis.amounts[1].amount', rule: 'InvalidYenAmount', message: '金額として不正です' },
        { field: 'basis.amounts', rule: 'AllocationsDoNotSumToTotal', message: '合計が一致しません' },
        { field: 'participants[2]', rule: 'ParticipantNotInProject', message: '参加団体ではありません' },
      ],
    });
    const placed = placeProblemErrors(problem, costShareFields(fixed));
    expect(placed.byField).toEqual({
      'basis.amounts.1.amount': ['金額として不正です'],
      'basis.amounts': ['合計が一致しません'],
      participants: ['参加団体ではありません'],
    });
    expect(placed.general).toEqual([]);
  });
});

describe('an allocation as the API records it', () => {
  it('shows the exact share and its percentage, rounded down', () => {
    expect(formatShare({ numerator: '1', denominator: '3' })).toBe('1/3（33.33%）');
    expect(formatShare({ numerator: '2', denominator: '3' })).toBe('2/3（66.66%）');
    expect(formatShare({ numerator: '1', denominator: '1' })).toBe('1/1（100.00%）');
  });
});

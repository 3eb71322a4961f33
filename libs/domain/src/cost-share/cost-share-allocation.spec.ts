import { DomainError } from '../shared/domain-error';
import { allocateCostShare, largestRemainder, sumOfAllocations } from './cost-share-allocation';
import type { CostShareBasis } from './cost-share.types';
import { fiscalYearLabel, fiscalYearPeriod } from './fiscal-year';
import { formatYen, isYenAmount } from './yen';

const AOMORI = { code: '022012', name: '青森市' };
const HIRANAI = { code: '023019', name: '平内町' };
const IMABETSU = { code: '023035', name: '今別町' };
const YOMOGITA = { code: '023043', name: '蓬田村' };
const ALL = [YOMOGITA, IMABETSU, HIRANAI, AOMORI];

const allocate = (total: bigint, basis: CostShareBasis, participants = ALL) =>
  allocateCostShare({ total, basis, participants, coreCityCode: AOMORI.code });

const amounts = (basis: CostShareBasis, total: bigint, participants = ALL) =>
  Object.fromEntries(allocate(total, basis, participants).map((a) => [a.municipalityCode, a.amount]));

function rejects(run: () => unknown, code: string): DomainError {
  try {
    run();
  } catch (error: unknown) {
    if (error instanceof DomainError && error.code === code) return error as DomainError;
    throw error;
  }
  throw new Error(`expected ${code}`);
}

const equal = (codes = ALL): CostShareBasis => ({
  kind: 'ratio',
  weights: codes.map((p) => ({ municipalityCode: p.code, value: '1' })),
});

describe('largest remainder', () => {
  it('floors every share and gives the leftover yen to the largest remainders', () => {
    // 10 yen over 1/3, 1/3, 1/3: 3 each, one yen left; equal remainders → the first in tie order.
    expect(largestRemainder(10n, [1n, 1n, 1n], 3n)).toEqual({
      amounts: [4n, 3n, 3n],
      roundedUp: [true, false, false],
    });
    // 100 over 0.505/0.495: 50.5 → 51, 49.5 → 49? remainders equal (0.5): the first wins.
    expect(largestRemainder(100n, [101n, 99n], 200n).amounts).toEqual([51n, 49n]);
    // Larger remainder wins regardless of position.
    expect(largestRemainder(10n, [1n, 2n], 3n)).toEqual({ amounts: [3n, 7n], roundedUp: [false, true] });
  });

  it('refuses shares that are not a partition of the whole', () => {
    expect(() => largestRemainder(10n, [1n, 1n], 3n)).toThrow(RangeError);
    expect(() => largestRemainder(-1n, [1n], 1n)).toThrow(RangeError);
  });
});

describe('allocateCostShare', () => {
  it('splits equally with the core city first in ties (均等割)', () => {
    const result = allocate(10n, equal());
    expect(result.map((a) => [a.municipalityCode, a.amount, a.roundedUp])).toEqual([
      ['022012', '3', true],
      ['023019', '3', true],
      ['023035', '2', false],
      ['023043', '2', false],
    ]);
    expect(result[0]?.share).toEqual({ numerator: '1', denominator: '4' });
  });

  it('is independent of the order of the participants and of the figures', () => {
    const basis: CostShareBasis = {
      kind: 'ratio',
      weights: [
        { municipalityCode: '023043', value: '1' },
        { municipalityCode: '022012', value: '3' },
        { municipalityCode: '023035', value: '1' },
        { municipalityCode: '023019', value: '1' },
      ],
    };
    const a = allocate(1_000_001n, basis);
    const b = allocate(
      1_000_001n,
      { kind: 'ratio', weights: [...basis.weights].reverse() },
      [...ALL].reverse(),
    );
    expect(a).toEqual(b);
    expect(sumOfAllocations(a)).toBe(1_000_001n);
  });

  it('combines 均等割 and 人口割 into one exact share, rounded once', () => {
    const basis: CostShareBasis = {
      kind: 'formula',
      components: [
        { method: 'equal', proportionBasisPoints: 3000 },
        { method: 'population', proportionBasisPoints: 7000 },
      ],
      population: {
        source: '国勢調査（例示）',
        sourceDate: '2020-10-01',
        figures: [
          { municipalityCode: '022012', value: '275192' },
          { municipalityCode: '023019', value: '10430' },
          { municipalityCode: '023035', value: '2334' },
          { municipalityCode: '023043', value: '2650' },
        ],
      },
    };
    const total = 12_000_000n;
    const result = allocate(total, basis);
    expect(sumOfAllocations(result)).toBe(total);
    const figures: Record<string, bigint> = {
      '022012': 275192n,
      '023019': 10430n,
      '023035': 2334n,
      '023043': 2650n,
    };
    const popSum = Object.values(figures).reduce((a, b) => a + b, 0n);
    // Exact share: 0.3 × 1/4 + 0.7 × pop/Σpop = (3000·Σ + 7000·pop·4) / (10000·4·Σ); each amount is
    // within one yen of total × share.
    const denominator = 10000n * 4n * popSum;
    for (const a of result) {
      const exact = total * (3000n * popSum + 7000n * (figures[a.municipalityCode] ?? 0n) * 4n);
      const diff = BigInt(a.amount) * denominator - exact;
      expect(diff > -denominator && diff < denominator).toBe(true);
    }
    // 青森市: exact 8,854,456.55 → rounded up (largest remainder); 蓬田村 likewise.
    expect(amounts(basis, total)).toEqual({
      '022012': '8854457',
      '023019': '1201480',
      '023035': '967464',
      '023043': '976599',
    });
    expect(result.filter((a) => a.roundedUp).map((a) => a.municipalityCode)).toEqual(['022012', '023043']);
  });

  it('weighs 実績割 by the usage figures', () => {
    const basis: CostShareBasis = {
      kind: 'formula',
      components: [
        { method: 'equal', proportionBasisPoints: 5000 },
        { method: 'usage', proportionBasisPoints: 5000 },
      ],
      usage: {
        unit: '相談件数',
        figures: [
          { municipalityCode: '022012', value: '30' },
          { municipalityCode: '023035', value: '10' },
        ],
      },
    };
    expect(amounts(basis, 1_000_000n, [AOMORI, IMABETSU])).toEqual({
      '022012': '625000',
      '023035': '375000',
    });
  });

  it('takes fixed amounts as given, in tie order, and only when they sum to the total', () => {
    const basis: CostShareBasis = {
      kind: 'fixed',
      amounts: [
        { municipalityCode: '023019', amount: '100000' },
        { municipalityCode: '022012', amount: '600000' },
      ],
    };
    const result = allocate(700_000n, basis, [HIRANAI, AOMORI]);
    expect(result).toEqual([
      { municipalityCode: '022012', name: '青森市', amount: '600000' },
      { municipalityCode: '023019', name: '平内町', amount: '100000' },
    ]);
    const error = rejects(() => allocate(700_001n, basis, [HIRANAI, AOMORI]), 'AllocationsDoNotSumToTotal');
    expect(error.message).toContain('700,001円');
    expect(error.details).toMatchObject({ sum: '700000', total: '700001' });
  });

  it('handles totals beyond 2^53 exactly', () => {
    const total = 2n ** 60n + 7n;
    const result = allocate(total, equal());
    expect(sumOfAllocations(result)).toBe(total);
    expect(result.map((a) => a.amount)).toEqual([
      '288230376151711746',
      '288230376151711746',
      '288230376151711746',
      '288230376151711745',
    ]);
  });

  describe('rules', () => {
    it('UnknownCostShareBasis: a kind or method that is not defined', () => {
      rejects(() => allocate(1n, { kind: 'lottery' } as unknown as CostShareBasis), 'UnknownCostShareBasis');
      rejects(
        () =>
          allocate(1n, {
            kind: 'formula',
            components: [{ method: 'area', proportionBasisPoints: 10000 }],
          } as unknown as CostShareBasis),
        'UnknownCostShareBasis',
      );
    });

    it('InvalidYenAmount: a negative or fractional fixed amount', () => {
      for (const amount of ['-1', '1.5', '1e3', '01', '', '１００']) {
        rejects(
          () => allocate(0n, { kind: 'fixed', amounts: [{ municipalityCode: '022012', amount }] }, [AOMORI]),
          'InvalidYenAmount',
        );
      }
    });

    it('BasisDoesNotMatchParticipants / DuplicateMunicipality', () => {
      const missing = rejects(() => allocate(10n, equal([AOMORI, HIRANAI])), 'BasisDoesNotMatchParticipants');
      expect(missing.details).toMatchObject({ missing: '023035,023043', extra: '' });
      rejects(
        () => allocate(10n, equal([...ALL, { code: '023078', name: '外ヶ浜町' }])),
        'BasisDoesNotMatchParticipants',
      );
      rejects(() => allocate(10n, equal([...ALL, AOMORI])), 'DuplicateMunicipality');
    });

    it('InvalidBasisFigure / BasisFiguresSumToZero', () => {
      rejects(
        () =>
          allocate(10n, { kind: 'ratio', weights: [{ municipalityCode: '022012', value: '0.5' }] }, [AOMORI]),
        'InvalidBasisFigure',
      );
      rejects(
        () =>
          allocate(10n, { kind: 'ratio', weights: [{ municipalityCode: '022012', value: '-1' }] }, [AOMORI]),
        'InvalidBasisFigure',
      );
      rejects(
        () =>
          allocate(10n, { kind: 'ratio', weights: [{ municipalityCode: '022012', value: '0' }] }, [AOMORI]),
        'BasisFiguresSumToZero',
      );
    });

    it('FormulaProportionsDoNotSumToWhole / InvalidFormula', () => {
      const population = {
        source: '住民基本台帳',
        sourceDate: '2024-01-01',
        figures: [{ municipalityCode: '022012', value: '1' }],
      };
      const error = rejects(
        () =>
          allocate(
            10n,
            {
              kind: 'formula',
              components: [
                { method: 'equal', proportionBasisPoints: 3000 },
                { method: 'population', proportionBasisPoints: 6000 },
              ],
              population,
            },
            [AOMORI],
          ),
        'FormulaProportionsDoNotSumToWhole',
      );
      expect(error.details).toMatchObject({ sum: 9000, whole: 10000 });
      const bad = (basis: object) =>
        rejects(
          () => allocate(10n, { kind: 'formula', ...basis } as CostShareBasis, [AOMORI]),
          'InvalidFormula',
        );
      bad({ components: [] });
      bad({ components: [{ method: 'equal', proportionBasisPoints: 10000.5 }] });
      bad({
        components: [
          { method: 'equal', proportionBasisPoints: 5000 },
          { method: 'equal', proportionBasisPoints: 5000 },
        ],
      });
      bad({ components: [{ method: 'population', proportionBasisPoints: 10000 }] });
      bad({ components: [{ method: 'equal', proportionBasisPoints: 10000 }], population });
    });
  });
});

describe('yen and fiscal years', () => {
  it('accepts whole yen written in digits only', () => {
    expect(['0', '1', '1500000', '99999999999999999999'].every(isYenAmount)).toBe(true);
    expect(['-1', '1.0', '01', '1,000', ' 1', '100000000000000000000', 1].some(isYenAmount)).toBe(false);
    expect(formatYen(12000000n)).toBe('12,000,000円');
    expect(formatYen('-350000')).toBe('-350,000円');
  });

  it('names fiscal years in 和暦 and gives their range', () => {
    expect(fiscalYearLabel(2019)).toBe('令和元年度');
    expect(fiscalYearLabel(2020)).toBe('令和2年度');
    expect(fiscalYearLabel(2018)).toBe('平成30年度');
    expect(fiscalYearPeriod(2020)).toEqual({
      fiscalYear: 2020,
      label: '令和2年度',
      start: '2020-04-01',
      end: '2021-03-31',
      startWareki: '令和2年4月1日',
      endWareki: '令和3年3月31日',
    });
  });
});

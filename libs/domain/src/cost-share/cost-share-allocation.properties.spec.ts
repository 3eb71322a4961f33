/**
 * Properties of the allocation (DESIGN.md §10): over random totals, bases and figures, the amounts are
 * non-negative whole yen that sum exactly to the total, are the same for the same input in any order,
 * stay strictly within one yen of the exact share the stated proportions give, and never give a
 * larger share fewer yen.
 */
import fc from 'fast-check';
import { municipalityCheckDigit } from '../municipality/municipality-code';
import { DomainError } from '../shared/domain-error';
import { allocateCostShare, largestRemainder, type ShareParticipant } from './cost-share-allocation';
import type { Allocation, CostShareBasis, CostShareMethod, MunicipalityFigure } from './cost-share.types';

/** Twelve valid codes of 青森県 (the 青森圏域 and its neighbours' code space). */
const POOL: ShareParticipant[] = [201, 202, 203, 301, 303, 304, 307, 321, 323, 361, 362, 367].map((n) => {
  const body = `02${String(n).padStart(3, '0')}`;
  return { code: `${body}${municipalityCheckDigit(body)}`, name: `団体${n}` };
});
const CORE = POOL[0]?.code ?? '';

interface Case {
  total: bigint;
  participants: ShareParticipant[];
  coreCityCode: string;
  basis: Exclude<CostShareBasis, { kind: 'fixed' }>;
}

const figures = (participants: readonly ShareParticipant[], max: bigint) =>
  fc
    .array(fc.bigInt({ min: 0n, max }), { minLength: participants.length, maxLength: participants.length })
    .filter((values) => values.some((v) => v > 0n))
    .map((values): MunicipalityFigure[] =>
      participants.map((p, i) => ({ municipalityCode: p.code, value: (values[i] ?? 0n).toString() })),
    );

/** Proportions in basis points for the chosen methods, each ≥ 1, summing to 10,000. */
const proportions = (count: number) =>
  fc
    .uniqueArray(fc.integer({ min: 1, max: 9999 }), { minLength: count - 1, maxLength: count - 1 })
    .map((cuts) => {
      const points = [0, ...[...cuts].sort((a, b) => a - b), 10000];
      return points.slice(1).map((p, i) => p - (points[i] ?? 0));
    });

const participantsArb = fc
  .subarray(POOL, { minLength: 1 })
  .chain((ps) => fc.shuffledSubarray(ps, { minLength: ps.length }));

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    total: fc.oneof(fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 0n, max: 10n ** 20n - 1n })),
    participants: participantsArb,
    coreCityCode: fc.constantFrom(CORE, POOL[5]?.code ?? CORE),
  })
  .chain(({ total, participants, coreCityCode }) => {
    const ratio = figures(participants, 1000n).map((weights): Case['basis'] => ({ kind: 'ratio', weights }));
    const formula = fc
      .subarray(['equal', 'population', 'usage'] as CostShareMethod[], { minLength: 1 })
      .chain((methods) =>
        fc.record({
          methods: fc.constant(methods),
          points: proportions(methods.length),
          population: figures(participants, 10_000_000n),
          usage: figures(participants, 50_000n),
          sourceDate: fc.constant('2020-10-01'),
        }),
      )
      .map(({ methods, points, population, usage, sourceDate }): Case['basis'] => ({
        kind: 'formula',
        components: methods.map((method, i) => ({ method, proportionBasisPoints: points[i] ?? 0 })),
        ...(methods.includes('population')
          ? { population: { source: '人口', sourceDate, figures: population } }
          : {}),
        ...(methods.includes('usage') ? { usage: { unit: '件数', figures: usage } } : {}),
      }));
    return fc.record({
      total: fc.constant(total),
      participants: fc.constant(participants),
      coreCityCode: fc.constant(coreCityCode),
      basis: fc.oneof(ratio, formula),
    });
  });

/** The exact share of `code` the basis states, as a fraction, computed independently of the code under test. */
function statedShare(
  basis: Case['basis'],
  participants: readonly ShareParticipant[],
  code: string,
): [bigint, bigint] {
  const valueOf = (list: readonly MunicipalityFigure[]) => {
    const sum = list.reduce((s, f) => s + BigInt(f.value), 0n);
    return [BigInt(list.find((f) => f.municipalityCode === code)?.value ?? '0'), sum] as const;
  };
  if (basis.kind === 'ratio') {
    const [value, sum] = valueOf(basis.weights);
    return [value, sum];
  }
  // Σ p/10000 × a/b, accumulated as one fraction.
  let numerator = 0n;
  let denominator = 1n;
  for (const component of basis.components) {
    const [a, b] =
      component.method === 'equal'
        ? [1n, BigInt(participants.length)]
        : valueOf(
            (component.method === 'population' ? basis.population?.figures : basis.usage?.figures) ?? [],
          );
    const p = BigInt(component.proportionBasisPoints);
    numerator = numerator * 10000n * b + p * a * denominator;
    denominator = denominator * 10000n * b;
  }
  return [numerator, denominator];
}

const run = (c: Case): Allocation[] => allocateCostShare(c);

describe('cost-share allocation — properties', () => {
  it('amounts are non-negative whole yen that sum exactly to the total', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const result = run(c);
        expect(result).toHaveLength(c.participants.length);
        for (const a of result) expect(a.amount).toMatch(/^(0|[1-9][0-9]*)$/);
        expect(result.reduce((s, a) => s + BigInt(a.amount), 0n)).toBe(c.total);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic: the same input in any order gives the same amounts', () => {
    fc.assert(
      fc.property(caseArb, fc.func(fc.integer()), (c, key) => {
        const shuffle = <T>(list: readonly T[]) =>
          [...list]
            .map((item, i) => ({ item, k: key(i) }))
            .sort((a, b) => a.k - b.k)
            .map((x) => x.item);
        const basis: Case['basis'] =
          c.basis.kind === 'ratio'
            ? { kind: 'ratio', weights: shuffle(c.basis.weights) }
            : {
                ...c.basis,
                components: shuffle(c.basis.components),
                ...(c.basis.population
                  ? { population: { ...c.basis.population, figures: shuffle(c.basis.population.figures) } }
                  : {}),
                ...(c.basis.usage
                  ? { usage: { ...c.basis.usage, figures: shuffle(c.basis.usage.figures) } }
                  : {}),
              };
        expect(run({ ...c, basis, participants: shuffle(c.participants) })).toEqual(run(c));
        expect(run(c)).toEqual(run(c));
      }),
      { numRuns: 200 },
    );
  });

  it('follows the stated proportions within one yen per municipality', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        for (const a of run(c)) {
          const [n, d] = statedShare(c.basis, c.participants, a.municipalityCode);
          // The recorded share is the stated one …
          expect(BigInt(a.share?.numerator ?? '-1') * d).toBe(n * BigInt(a.share?.denominator ?? '0'));
          // … and |amount − total × n/d| < 1 yen; exact when the share divides evenly.
          const diff = BigInt(a.amount) * d - c.total * n;
          expect(diff > -d && diff < d).toBe(true);
          if ((c.total * n) % d === 0n) expect(diff).toBe(0n);
          expect(a.roundedUp).toBe(diff > 0n);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never gives a larger share fewer yen, and equal shares differ by at most one yen', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const result = run(c);
        for (const a of result) {
          for (const b of result) {
            const sa = BigInt(a.share?.numerator ?? '0') * BigInt(b.share?.denominator ?? '1');
            const sb = BigInt(b.share?.numerator ?? '0') * BigInt(a.share?.denominator ?? '1');
            if (sa > sb) expect(BigInt(a.amount) >= BigInt(b.amount)).toBe(true);
            if (sa === sb) expect(BigInt(a.amount) - BigInt(b.amount) <= 1n).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('breaks equal remainders for the core city first, then by code', () => {
    fc.assert(
      fc.property(participantsArb, fc.bigInt({ min: 0n, max: 10n ** 12n }), (participants, total) => {
        const result = run({
          total,
          participants,
          coreCityCode: CORE,
          basis: {
            kind: 'ratio',
            weights: participants.map((p) => ({ municipalityCode: p.code, value: '1' })),
          },
        });
        const codes = result.map((a) => a.municipalityCode);
        const expected = [...codes].sort((x, y) => (x === CORE ? -1 : y === CORE ? 1 : x < y ? -1 : 1));
        expect(codes).toEqual(expected);
        // With equal shares the rounded-up ones are exactly the first (total mod N) in that order.
        const up = Number(total % BigInt(participants.length));
        expect(result.map((a) => a.roundedUp)).toEqual(codes.map((_, i) => i < up));
      }),
    );
  });

  it('largestRemainder partitions any total over any partition of the whole', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 20 })
          .filter((ns) => ns.some((n) => n > 0n)),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        (numerators, total) => {
          const denominator = numerators.reduce((a, b) => a + b, 0n);
          const { amounts } = largestRemainder(total, numerators, denominator);
          expect(amounts.reduce((a, b) => a + b, 0n)).toBe(total);
          amounts.forEach((amount, i) => {
            const floor = (total * (numerators[i] ?? 0n)) / denominator;
            expect(amount === floor || amount === floor + 1n).toBe(true);
          });
        },
      ),
    );
  });

  it('fixed amounts are recorded as given exactly when they sum to the total', () => {
    fc.assert(
      fc.property(
        participantsArb,
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 15n }), { minLength: 12, maxLength: 12 }),
        fc.bigInt({ min: -3n, max: 3n }),
        (participants, values, offset) => {
          const amounts = participants.map((p, i) => ({
            municipalityCode: p.code,
            amount: (values[i] ?? 0n).toString(),
          }));
          const sum = amounts.reduce((s, a) => s + BigInt(a.amount), 0n);
          const total = sum + offset < 0n ? 0n : sum + offset;
          const attempt = () =>
            allocateCostShare({ total, participants, coreCityCode: CORE, basis: { kind: 'fixed', amounts } });
          if (total === sum) {
            const result = attempt();
            for (const a of amounts) {
              expect(result.find((r) => r.municipalityCode === a.municipalityCode)?.amount).toBe(a.amount);
            }
          } else {
            expect(attempt).toThrow(
              expect.objectContaining({ code: 'AllocationsDoNotSumToTotal' }) as DomainError,
            );
          }
        },
      ),
    );
  });
});

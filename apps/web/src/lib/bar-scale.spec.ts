import { describe, expect, it } from '@jest/globals';
import { formatYen, largestOf, shareOf } from './bar-scale';

describe('bars of decided and settled amounts', () => {
  it('measures each amount against the largest one on the chart', () => {
    const largest = largestOf(['13372675', '10348675', null, '70000']);
    expect(largest).toBe(13372675n);
    expect(shareOf('13372675', largest)).toBe(1);
    expect(shareOf('10348675', largest)).toBeCloseTo(0.773, 3);
    expect(shareOf(null, largest)).toBe(0);
    expect(shareOf('0', largest)).toBe(0);
  });

  it('stays exact for yen beyond 2^53', () => {
    const largest = largestOf(['90071992547409930', '45035996273704965']);
    expect(shareOf('45035996273704965', largest)).toBe(0.5);
  });

  it('draws nothing when there is nothing to compare', () => {
    expect(largestOf([null, null])).toBe(0n);
    expect(shareOf('100', 0n)).toBe(0);
  });

  it('writes yen with digits grouped by three', () => {
    expect(formatYen('13372675')).toBe('13,372,675円');
    expect(formatYen('-24000')).toBe('−24,000円');
    expect(formatYen('0')).toBe('0円');
    expect(formatYen('999')).toBe('999円');
  });
});

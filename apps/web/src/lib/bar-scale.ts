/**
 * Lengths of the bars comparing decided and settled amounts: each a share of the largest amount on
 * the chart, so the bars of one chart are comparable. Amounts are whole yen as digit strings
 * (possibly beyond 2^53); the division is done in integers and only the share becomes a number.
 */

/** The share of `amount` in `largest`, 0–1, to 0.1 % (0 when there is nothing to compare). */
export function shareOf(amount: string | null, largest: bigint): number {
  if (amount === null || largest <= 0n) return 0;
  const value = BigInt(amount);
  if (value <= 0n) return 0;
  return Number((value * 1000n) / largest) / 1000;
}

/** The largest of the amounts (nulls and negatives count as 0). */
export function largestOf(amounts: readonly (string | null)[]): bigint {
  let largest = 0n;
  for (const amount of amounts) {
    if (amount === null) continue;
    const value = BigInt(amount);
    if (value > largest) largest = value;
  }
  return largest;
}

/** 12,345,678円 (digits grouped by three, as Japanese documents write yen). */
export function formatYen(amount: string): string {
  const negative = amount.startsWith('-');
  const digits = negative ? amount.slice(1) : amount;
  return `${negative ? '−' : ''}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}円`;
}

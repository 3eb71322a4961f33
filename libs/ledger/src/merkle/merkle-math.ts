import { MerkleRangeError } from '../ledger.errors';

/**
 * Tree arithmetic on bigint only: positions and sizes are bigint at the event store port, and a
 * log must not break at 2^31 (32-bit shifts) or 2^53 (Number precision).
 */

/** Number of bits of a non-negative integer: 0 → 0, 1 → 1, 2^k → k + 1. */
export function bitLength(n: bigint): number {
  if (n < 0n) throw new MerkleRangeError(`bitLength of negative ${n.toString()}`);
  return n === 0n ? 0 : n.toString(2).length;
}

export function isPowerOfTwo(n: bigint): boolean {
  return n > 0n && (n & (n - 1n)) === 0n;
}

/** RFC 9162 §2.1.1 k: the largest power of two strictly smaller than n (n ≥ 2). */
export function largestPowerOfTwoBelow(n: bigint): bigint {
  if (n < 2n) throw new MerkleRangeError(`no power of two is below ${n.toString()} (need n ≥ 2)`);
  return 1n << BigInt(bitLength(n - 1n) - 1);
}

/** The largest power of two ≤ n (n ≥ 1). */
export function largestPowerOfTwoAtMost(n: bigint): bigint {
  if (n < 1n) throw new MerkleRangeError(`no power of two is at most ${n.toString()} (need n ≥ 1)`);
  return 1n << BigInt(bitLength(n) - 1);
}

/** A perfect subtree: level L, index i covers leaves [i·2^L, (i+1)·2^L). */
export interface NodeAddress {
  level: number;
  index: bigint;
}

/**
 * The perfect subtrees whose right fold is MTH(D[start:end]), largest first: one per set bit of
 * the length. Defined only when start is a multiple of the largest power of two ≤ the length — true
 * of every subtree that RFC 9162's recursion (MTH, PATH, SUBPROOF) visits — so each piece is a node
 * that a tree of size ≥ end has stored.
 */
export function perfectSubtreesOf(start: bigint, end: bigint): NodeAddress[] {
  if (start < 0n || end <= start) {
    throw new MerkleRangeError(`range [${start.toString()}, ${end.toString()}) is empty or negative`);
  }
  const length = end - start;
  if (start % largestPowerOfTwoAtMost(length) !== 0n) {
    throw new MerkleRangeError(
      `range [${start.toString()}, ${end.toString()}) is not a subtree of the RFC 9162 recursion`,
    );
  }
  const pieces: NodeAddress[] = [];
  let offset = start;
  for (let level = bitLength(length) - 1; level >= 0; level--) {
    const width = 1n << BigInt(level);
    if ((length & width) !== 0n) {
      pieces.push({ level, index: offset >> BigInt(level) });
      offset += width;
    }
  }
  return pieces;
}

/** Number of hashes in an RFC 9162 inclusion proof (PATH) of leaf `index` in a tree of `size`. */
export function inclusionProofLength(index: bigint, size: bigint): number {
  if (index < 0n || index >= size) {
    throw new MerkleRangeError(`leaf index ${index.toString()} is not below tree size ${size.toString()}`);
  }
  let length = 0;
  let m = index;
  let n = size;
  while (n > 1n) {
    const k = largestPowerOfTwoBelow(n);
    if (m < k) {
      n = k;
    } else {
      m -= k;
      n -= k;
    }
    length++;
  }
  return length;
}

/** Number of hashes in an RFC 9162 consistency proof (PROOF) from oldSize to newSize. */
export function consistencyProofLength(oldSize: bigint, newSize: bigint): number {
  if (oldSize < 0n || oldSize > newSize) {
    throw new MerkleRangeError(`old size ${oldSize.toString()} is not within [0, ${newSize.toString()}]`);
  }
  if (oldSize === 0n || oldSize === newSize) return 0;
  let length = 0;
  let m = oldSize;
  let n = newSize;
  let complete = true;
  while (m < n) {
    const k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      n = k;
    } else {
      m -= k;
      n -= k;
      complete = false;
    }
    length++;
  }
  return complete ? length : length + 1;
}

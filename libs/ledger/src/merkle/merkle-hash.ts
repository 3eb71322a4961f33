import { createHash, hash } from 'node:crypto';
import { largestPowerOfTwoBelow } from './merkle-math';

/**
 * RFC 9162 §2.1 hashing with SHA-256. The 0x00 / 0x01 prefixes separate leaves from interior
 * nodes, so no interior node can be passed off as a leaf (second-preimage attack).
 */

/** Bytes of a SHA-256 hash: every leaf hash, node hash, root and proof element. */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Buffer.of(0x00);
const NODE_PREFIX = Buffer.of(0x01);

/** H(0x00 ‖ leaf). The leaf of an event is its canonical bytes (`canonicalEventBytes`). */
export function leafHash(leaf: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(leaf).digest();
}

/** 0x01 ‖ left ‖ right, written into one reused buffer: the input of every interior node. */
const nodeInput = Buffer.alloc(1 + 2 * HASH_SIZE);
nodeInput[0] = 0x01;

/** H(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
    return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
  }
  // Two 32-byte hashes (every node of the tree): one-shot hashing of a reused buffer, no allocation
  // but the result's.
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_SIZE);
  return hash('sha256', nodeInput, 'buffer');
}

/** MTH({}) = SHA-256 of the empty string. */
export function emptyRoot(): Buffer {
  return createHash('sha256').digest();
}

/** True for a 32-byte hash (anything else is never a valid leaf hash, root or proof element). */
export function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}

/**
 * MTH(D[n]) computed naively from the leaves, straight from RFC 9162 §2.1.1: the reference the
 * stored-node algorithms are tested against. O(n) hashing; for tests and small inputs.
 */
export function merkleRootOf(leaves: readonly Uint8Array[]): Buffer {
  if (leaves.length === 0) return emptyRoot();
  return rootOfLeafHashes(leaves.map((leaf) => leafHash(leaf)));
}

/** MTH over leaf hashes already computed (non-empty). */
export function rootOfLeafHashes(hashes: readonly Buffer[]): Buffer {
  const first = hashes[0];
  if (first === undefined) return emptyRoot();
  if (hashes.length === 1) return first;
  const k = Number(largestPowerOfTwoBelow(BigInt(hashes.length)));
  return nodeHash(rootOfLeafHashes(hashes.slice(0, k)), rootOfLeafHashes(hashes.slice(k)));
}

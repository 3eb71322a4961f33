import { MerkleRangeError, MissingMerkleNodeError } from '../ledger.errors';
import { emptyRoot, HASH_SIZE, isHash, leafHash, nodeHash } from './merkle-hash';
import {
  consistencyProofLength,
  inclusionProofLength,
  isPowerOfTwo,
  largestPowerOfTwoBelow,
  perfectSubtreesOf,
} from './merkle-math';

/**
 * The append-only Merkle tree of RFC 9162 over stored perfect-subtree hashes (DESIGN.md §9).
 *
 * A node (level L, index i) is the hash of the perfect subtree over leaves [i·2^L, (i+1)·2^L);
 * level 0 holds the leaf hashes. Such a node never changes once its last leaf is appended, so a
 * store keeps it forever and any root or proof of any size needs O(log n) node reads — never a
 * recomputation from the leaves. Sizes and indexes are bigint throughout.
 */

/**
 * Reads stored nodes. Synchronous on purpose: the SQLite adapter reads inside its append
 * transaction (better-sqlite3 is synchronous), so it sees the nodes written earlier in the same
 * transaction. Must throw (MissingMerkleNodeError) for a node that is not stored.
 */
export interface MerkleNodeReader {
  node(level: number, index: bigint): Buffer;
}

export interface MerkleNode {
  level: number;
  index: bigint;
  hash: Buffer;
}

function assertLeafHash(hash: Uint8Array): void {
  if (!isHash(hash)) throw new MerkleRangeError(`a leaf hash has ${HASH_SIZE} bytes`);
}

/**
 * The nodes to store when the leaf `leafIndex` (= the tree size before the append) is appended:
 * the leaf node itself, then each parent the leaf completes (one per trailing 1-bit of the index).
 * Reads only the left siblings, which earlier appends stored.
 */
export function nodesToStoreOnAppend(
  leafIndex: bigint,
  leafHash: Buffer,
  reader: MerkleNodeReader,
): MerkleNode[] {
  if (leafIndex < 0n) throw new MerkleRangeError(`leaf index ${leafIndex.toString()} is negative`);
  assertLeafHash(leafHash);
  const nodes: MerkleNode[] = [{ level: 0, index: leafIndex, hash: leafHash }];
  let level = 0;
  let index = leafIndex;
  let hash = leafHash;
  while ((index & 1n) === 1n) {
    hash = nodeHash(reader.node(level, index - 1n), hash);
    level += 1;
    index >>= 1n;
    nodes.push({ level, index, hash });
  }
  return nodes;
}

/**
 * nodesToStoreOnAppend for several leaves appended in one transaction (a group commit): the nodes
 * of the earlier leaves of the batch are read from memory, so they may be written all at once after.
 */
export function nodesToStoreOnAppendBatch(
  firstLeafIndex: bigint,
  leafHashes: readonly Buffer[],
  reader: MerkleNodeReader,
): MerkleNode[] {
  const pending = new Map<string, Buffer>();
  const overlay: MerkleNodeReader = {
    node: (level, index) => pending.get(`${level}:${index.toString()}`) ?? reader.node(level, index),
  };
  const all: MerkleNode[] = [];
  leafHashes.forEach((hash, offset) => {
    for (const node of nodesToStoreOnAppend(firstLeafIndex + BigInt(offset), hash, overlay)) {
      pending.set(`${node.level}:${node.index.toString()}`, node.hash);
      all.push(node);
    }
  });
  return all;
}

/** MTH(D[start:end]) from stored perfect nodes (one read per set bit of the length). */
export function subtreeHash(reader: MerkleNodeReader, start: bigint, end: bigint): Buffer {
  const pieces = perfectSubtreesOf(start, end).map(({ level, index }) => reader.node(level, index));
  // Right fold: MTH of a range is H(largest perfect piece, MTH(the rest)).
  let hash = pieces.pop();
  if (hash === undefined) throw new MerkleRangeError('empty range');
  for (let i = pieces.length - 1; i >= 0; i--) {
    const left = pieces[i];
    if (left === undefined) throw new MerkleRangeError('internal: missing piece');
    hash = nodeHash(left, hash);
  }
  return hash;
}

/** The root of the tree of the first `size` leaves (size ≤ the leaves stored). */
export function rootAt(reader: MerkleNodeReader, size: bigint): Buffer {
  if (size < 0n) throw new MerkleRangeError(`tree size ${size.toString()} is negative`);
  return size === 0n ? emptyRoot() : subtreeHash(reader, 0n, size);
}

/**
 * RFC 9162 §2.1.3.1 PATH(index, D[size]): the sibling subtree hashes from the leaf up to the root.
 * Walks the recursion top-down (collecting the sibling at each split) and returns it bottom-up.
 */
export function inclusionProof(reader: MerkleNodeReader, index: bigint, size: bigint): Buffer[] {
  inclusionProofLength(index, size); // throws MerkleRangeError unless 0 ≤ index < size
  const topDown: Buffer[] = [];
  let start = 0n;
  let m = index;
  let n = size;
  while (n > 1n) {
    const k = largestPowerOfTwoBelow(n);
    if (m < k) {
      topDown.push(subtreeHash(reader, start + k, start + n));
      n = k;
    } else {
      topDown.push(subtreeHash(reader, start, start + k));
      start += k;
      m -= k;
      n -= k;
    }
  }
  return topDown.reverse();
}

/**
 * RFC 9162 §2.1.4.1 PROOF(oldSize, D[newSize]) = SUBPROOF(oldSize, D[newSize], true). Empty when
 * oldSize is 0 or equals newSize.
 */
export function consistencyProof(reader: MerkleNodeReader, oldSize: bigint, newSize: bigint): Buffer[] {
  consistencyProofLength(oldSize, newSize); // throws MerkleRangeError unless 0 ≤ oldSize ≤ newSize
  if (oldSize === 0n || oldSize === newSize) return [];
  const topDown: Buffer[] = [];
  let start = 0n;
  let m = oldSize;
  let n = newSize;
  let complete = true; // SUBPROOF's b: the old tree is a whole subtree so far
  while (m < n) {
    const k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      topDown.push(subtreeHash(reader, start + k, start + n));
      n = k;
    } else {
      topDown.push(subtreeHash(reader, start, start + k));
      start += k;
      m -= k;
      n -= k;
      complete = false;
    }
  }
  // SUBPROOF(m, D[m], false) = {MTH(D[m])}: the verifier cannot know this subtree's hash otherwise.
  const base = complete ? [] : [subtreeHash(reader, start, start + m)];
  return [...base, ...topDown.reverse()];
}

/**
 * Outcome of a proof check. Verification never throws for bad input: a malformed proof (wrong
 * length, an element that is not 32 bytes), an impossible index or size, or a mismatch all give
 * `{ ok: false, reason }`.
 */
export type ProofCheck = { ok: true } | { ok: false; reason: string };

const ok: ProofCheck = { ok: true };
const fail = (reason: string): ProofCheck => ({ ok: false, reason });

function isSize(value: unknown): value is bigint {
  return typeof value === 'bigint' && value >= 0n;
}

function checkElements(proof: readonly Uint8Array[], expected: number): ProofCheck {
  if (!Array.isArray(proof)) return fail('the proof is not an array');
  if (proof.length !== expected) {
    return fail(`the proof has ${proof.length} hashes; this proof must have ${expected}`);
  }
  const bad = proof.findIndex((element) => !isHash(element));
  return bad < 0 ? ok : fail(`proof element ${bad} is not a ${HASH_SIZE}-byte hash`);
}

/** RFC 9162 §2.1.3.2, with the reason of a failure. */
export function checkInclusion(
  leafHash: Uint8Array,
  index: bigint,
  size: bigint,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): ProofCheck {
  if (!isSize(index) || !isSize(size)) return fail('index and size must be non-negative bigints');
  if (index >= size) return fail(`leaf index ${index.toString()} is not below tree size ${size.toString()}`);
  if (!isHash(leafHash)) return fail(`the leaf hash is not a ${HASH_SIZE}-byte hash`);
  if (!isHash(root)) return fail(`the root is not a ${HASH_SIZE}-byte hash`);
  const shape = checkElements(proof, inclusionProofLength(index, size));
  if (!shape.ok) return shape;
  let fn = index;
  let sn = size - 1n;
  let r: Uint8Array = leafHash;
  for (const p of proof) {
    if (sn === 0n) return fail('the proof is longer than the path');
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      // Right edge: skip the levels where this subtree has no right sibling.
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) return fail('the proof is shorter than the path');
  return Buffer.from(r).equals(root) ? ok : fail('the proof leads to another root');
}

/** RFC 9162 §2.1.4.2, with the reason of a failure. */
export function checkConsistency(
  oldSize: bigint,
  newSize: bigint,
  proof: readonly Uint8Array[],
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
): ProofCheck {
  if (!isSize(oldSize) || !isSize(newSize)) return fail('sizes must be non-negative bigints');
  if (oldSize > newSize) return fail(`old size ${oldSize.toString()} exceeds new size ${newSize.toString()}`);
  if (!isHash(oldRoot) || !isHash(newRoot)) return fail(`a root is not a ${HASH_SIZE}-byte hash`);
  const shape = checkElements(proof, consistencyProofLength(oldSize, newSize));
  if (!shape.ok) return shape;
  if (oldSize === newSize) {
    return Buffer.from(oldRoot).equals(newRoot) ? ok : fail('equal sizes but different roots');
  }
  if (oldSize === 0n) {
    // Every tree extends the empty one; the old root must still be the empty tree's.
    return emptyRoot().equals(oldRoot) ? ok : fail('the old root of size 0 is not the empty root');
  }
  const path: Uint8Array[] = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
  let fn = oldSize - 1n;
  let sn = newSize - 1n;
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  const [first, ...rest] = path;
  if (first === undefined) return fail('the proof is empty');
  let fr: Uint8Array = first;
  let sr: Uint8Array = first;
  for (const c of rest) {
    if (sn === 0n) return fail('the proof is longer than the path');
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      // Right edge: skip the levels where this subtree has no right sibling.
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) return fail('the proof is shorter than the path');
  if (!Buffer.from(fr).equals(oldRoot)) return fail('the proof does not lead to the old root');
  if (!Buffer.from(sr).equals(newRoot)) return fail('the proof does not lead to the new root');
  return ok;
}

/**
 * RFC 9162 §2.1.3.2: true when `proof` proves the leaf hash at `index` in the tree of `size` with
 * this root. Never throws; false for any malformed input. The size is bound only through the root
 * (a checkpoint signs both), so always take size and root from the same signed checkpoint.
 */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: bigint,
  size: bigint,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  return checkInclusion(leafHash, index, size, proof, root).ok;
}

/** RFC 9162 §2.1.4.2: true when the tree of newSize extends the tree of oldSize. Never throws. */
export function verifyConsistency(
  oldSize: bigint,
  newSize: bigint,
  proof: readonly Uint8Array[],
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
): boolean {
  return checkConsistency(oldSize, newSize, proof, oldRoot, newRoot).ok;
}

/**
 * The frontier of a tree being built leaf by leaf: the roots of its perfect subtrees, one per set
 * bit of the size (at most 64 hashes whatever the size), which is all the root needs. For a pass
 * over every leaf (the offline verifier, the server's full verification) that must not hold the
 * whole tree: roots of earlier sizes are read as the pass reaches them.
 */
export class MerkleFrontier {
  /** Perfect subtrees, left to right, each with its height; heights strictly decrease. */
  private readonly subtrees: { level: number; hash: Buffer }[] = [];
  private leaves = 0n;

  /** Number of leaves appended. */
  get size(): bigint {
    return this.leaves;
  }

  /** Hashes held: one per set bit of the size. */
  get held(): number {
    return this.subtrees.length;
  }

  /** Appends a leaf given its leaf hash H(0x00 ‖ leaf). */
  appendLeafHash(hash: Uint8Array): void {
    let node: { level: number; hash: Buffer } = { level: 0, hash: Buffer.from(hash) };
    // Equal heights merge, as the binary size carries.
    for (let last = this.subtrees.at(-1); last?.level === node.level; last = this.subtrees.at(-1)) {
      this.subtrees.pop();
      node = { level: node.level + 1, hash: nodeHash(last.hash, node.hash) };
    }
    this.subtrees.push(node);
    this.leaves++;
  }

  /** The root of the leaves appended so far (RFC 9162: the subtrees folded from the right). */
  root(): Buffer {
    let root: Buffer | null = null;
    for (let i = this.subtrees.length - 1; i >= 0; i--) {
      const subtree = this.subtrees[i]?.hash ?? emptyRoot();
      root = root === null ? subtree : nodeHash(subtree, root);
    }
    return root ?? emptyRoot();
  }
}

/** One level of MemoryMerkleNodes: 32-byte slots in one growing buffer (no object per node). */
class LevelStore {
  private bytes = Buffer.alloc(HASH_SIZE * 16);
  count = 0;

  push(hash: Buffer): void {
    if ((this.count + 1) * HASH_SIZE > this.bytes.length) {
      const grown = Buffer.alloc(this.bytes.length * 2);
      this.bytes.copy(grown);
      this.bytes = grown;
    }
    hash.copy(this.bytes, this.count * HASH_SIZE);
    this.count++;
  }

  get(index: number): Buffer {
    // A copy: callers may keep or change it without touching the store.
    return Buffer.from(this.bytes.subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE));
  }
}

/**
 * An in-memory tree (tests, the offline verifier): stores every perfect-subtree node, 64 bytes
 * per leaf in all. Appends go through nodesToStoreOnAppend, like a persistent store's.
 */
export class MemoryMerkleNodes implements MerkleNodeReader {
  private readonly levels: LevelStore[] = [];
  private leaves = 0n;

  /** Number of leaves appended. */
  get size(): bigint {
    return this.leaves;
  }

  /** Appends a leaf (its content bytes, hashed here); returns its index. */
  append(leaf: Uint8Array): bigint {
    return this.appendLeafHash(leafHash(leaf));
  }

  /** Appends a leaf given its leaf hash H(0x00 ‖ leaf); returns its index. */
  appendLeafHash(hash: Uint8Array): bigint {
    const index = this.leaves;
    for (const node of nodesToStoreOnAppend(index, Buffer.from(hash), this)) {
      let level = this.levels[node.level];
      if (level === undefined) {
        level = new LevelStore();
        this.levels[node.level] = level;
      }
      // Nodes of a level complete strictly in index order.
      if (BigInt(level.count) !== node.index) {
        throw new MerkleRangeError(`node ${node.level}/${node.index.toString()} out of order`);
      }
      level.push(node.hash);
    }
    this.leaves = index + 1n;
    return index;
  }

  node(level: number, index: bigint): Buffer {
    const store = this.levels[level];
    if (store === undefined || index < 0n || index >= BigInt(store.count)) {
      throw new MissingMerkleNodeError(level, index);
    }
    return store.get(Number(index));
  }

  /** The root of the first `size` leaves (all of them by default). */
  root(size: bigint = this.leaves): Buffer {
    if (size > this.leaves) {
      throw new MerkleRangeError(`size ${size.toString()} exceeds the ${this.leaves.toString()} leaves`);
    }
    return rootAt(this, size);
  }
}

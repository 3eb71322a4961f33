import fc from 'fast-check';
import { MerkleRangeError, MissingMerkleNodeError } from '../ledger.errors';
import { EMPTY_MERKLE_VECTORS, loadMerkleVectors } from '@kyoyaku/ledger/testing';
import { emptyRoot, leafHash, nodeHash, rootOfLeafHashes } from './merkle-hash';
import { bitLength, largestPowerOfTwoBelow } from './merkle-math';
import {
  checkConsistency,
  checkInclusion,
  consistencyProof,
  inclusionProof,
  type MerkleNode,
  type MerkleNodeReader,
  MemoryMerkleNodes,
  MerkleFrontier,
  nodesToStoreOnAppend,
  nodesToStoreOnAppendBatch,
  rootAt,
  verifyConsistency,
  verifyInclusion,
} from './merkle-tree';

const loaded = loadMerkleVectors();
if (loaded.vectors === null)
  console.warn(`SKIPPED the RFC 6962 proof vectors of merkle-tree: ${loaded.reason}`);
const vectors = loaded.vectors;
const describeVectors = vectors === null ? describe.skip : describe;

const hex = (b: Buffer): string => b.toString('hex');
const unhex = (h: string): Buffer => Buffer.from(h, 'hex');

// ---- the naive reference: RFC 9162 §2.1 transcribed literally, recursion over leaf-hash arrays ----

const mth = (d: readonly Buffer[]): Buffer => (d.length === 0 ? emptyRoot() : rootOfLeafHashes(d));
const split = (n: number): number => Number(largestPowerOfTwoBelow(BigInt(n)));

function naivePath(m: number, d: readonly Buffer[]): Buffer[] {
  if (d.length === 1) return [];
  const k = split(d.length);
  return m < k
    ? [...naivePath(m, d.slice(0, k)), mth(d.slice(k))]
    : [...naivePath(m - k, d.slice(k)), mth(d.slice(0, k))];
}

function naiveSubproof(m: number, d: readonly Buffer[], b: boolean): Buffer[] {
  if (m === d.length) return b ? [] : [mth(d)];
  const k = split(d.length);
  return m <= k
    ? [...naiveSubproof(m, d.slice(0, k), b), mth(d.slice(k))]
    : [...naiveSubproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
}

const naiveProof = (m: number, d: readonly Buffer[]): Buffer[] => (m === 0 ? [] : naiveSubproof(m, d, true));

// ---- fixtures ------------------------------------------------------------------------------------

const MAX = 1024;
const leaves = Array.from({ length: MAX }, (_, i) => Buffer.from(`leaf ${i}`));
const hashes = leaves.map((leaf) => leafHash(leaf));
const full = new MemoryMerkleNodes();
for (const leaf of leaves) full.append(leaf);

/**
 * A view of the tree as it stood at `size` leaves: reading a node that was not complete then is an
 * error, so a root or proof of size n provably depends only on the first n leaves. Counts reads.
 */
function asOfSize(reader: MerkleNodeReader, size: bigint): MerkleNodeReader & { reads: number } {
  const view = {
    reads: 0,
    node(level: number, index: bigint): Buffer {
      if ((index + 1n) << BigInt(level) > size) {
        throw new Error(`node ${level}/${index} is not complete in a tree of ${size}`);
      }
      view.reads++;
      return reader.node(level, index);
    },
  };
  return view;
}

const sameProof = (a: readonly Buffer[], b: readonly Buffer[]): boolean =>
  a.length === b.length && a.every((x, i) => b[i]?.equals(x) === true);

const rootOf = (size: number): Buffer => rootAt(asOfSize(full, BigInt(size)), BigInt(size));

describeVectors('RFC 6962 proof vectors (transparency-dev/merkle)', () => {
  const v = vectors ?? EMPTY_MERKLE_VECTORS;
  const tree = new MemoryMerkleNodes();
  for (const input of v.leafInputsHex) tree.append(unhex(input));
  const root = (size: number): Buffer =>
    size === 0 ? emptyRoot() : unhex(v.rootsBySize[String(size)] ?? '');

  it('roots of every size from stored nodes', () => {
    for (const size of Object.keys(v.rootsBySize))
      expect(hex(rootAt(tree, BigInt(size)))).toBe(v.rootsBySize[size]);
  });

  it.each(v.inclusionProofs)(
    'inclusion of leaf $index in a tree of $treeSize',
    ({ index, treeSize, path }) => {
      const proof = inclusionProof(tree, BigInt(index), BigInt(treeSize));
      expect(proof.map(hex)).toEqual(path);
      const leaf = leafHash(unhex(v.leafInputsHex[index] ?? ''));
      expect(verifyInclusion(leaf, BigInt(index), BigInt(treeSize), path.map(unhex), root(treeSize))).toBe(
        true,
      );
    },
  );

  it.each(v.consistencyProofs)('consistency from $oldSize to $newSize', ({ oldSize, newSize, path }) => {
    const proof = consistencyProof(tree, BigInt(oldSize), BigInt(newSize));
    expect(proof.map(hex)).toEqual(path);
    const [old, next] = [root(oldSize), root(newSize)];
    expect(verifyConsistency(BigInt(oldSize), BigInt(newSize), path.map(unhex), old, next)).toBe(true);
    // The same proof does not make the tree of size oldSize − 1 (or any other root) consistent.
    expect(
      verifyConsistency(BigInt(oldSize), BigInt(newSize), path.map(unhex), root(oldSize - 1), next),
    ).toBe(false);
  });
});

describe('stored perfect-subtree nodes', () => {
  it('each append stores the leaf and each parent it completes, and nothing else', () => {
    const tree = new MemoryMerkleNodes();
    for (let n = 1; n <= 64; n++) {
      const index = BigInt(n - 1);
      const nodes = nodesToStoreOnAppend(index, leafHash(leaves[n - 1] ?? Buffer.alloc(0)), tree);
      // One node per trailing 1-bit of the index, plus the leaf.
      const trailingOnes = (n - 1).toString(2).split('').reverse().join('').search(/0|$/);
      expect(nodes).toHaveLength(trailingOnes + 1);
      for (const node of nodes) {
        const width = 2 ** node.level;
        const first = Number(node.index) * width;
        expect(first + width).toBe(n); // completed by this leaf
        expect(node.hash).toEqual(mth(hashes.slice(first, first + width)));
      }
      tree.appendLeafHash(leafHash(leaves[n - 1] ?? Buffer.alloc(0)));
    }
  });

  it('a batch gives the same nodes as appending one by one', () => {
    const tree = new MemoryMerkleNodes();
    for (const leaf of leaves.slice(0, 13)) tree.append(leaf);
    const batch = nodesToStoreOnAppendBatch(13n, hashes.slice(13, 40), tree);
    const oneByOne: MerkleNode[] = [];
    const copy = new MemoryMerkleNodes();
    for (const leaf of leaves.slice(0, 13)) copy.append(leaf);
    for (let i = 13; i < 40; i++) {
      oneByOne.push(...nodesToStoreOnAppend(BigInt(i), hashes[i] ?? Buffer.alloc(0), copy));
      copy.append(leaves[i] ?? Buffer.alloc(0));
    }
    expect(batch).toEqual(oneByOne);
  });

  it('reads only the left siblings on append', () => {
    const view = asOfSize(full, 255n);
    nodesToStoreOnAppend(255n, hashes[255] ?? Buffer.alloc(0), view);
    expect(view.reads).toBe(8); // 255 = 0b11111111: eight parents complete
  });

  it('every root and every proof up to 64 leaves equals the naive recomputation and verifies', () => {
    // Mismatches are collected and compared once: thousands of expect() calls would dominate.
    const wrong: string[] = [];
    for (let n = 1; n <= 64; n++) {
      const size = BigInt(n);
      const root = rootOf(n);
      if (!root.equals(mth(hashes.slice(0, n)))) wrong.push(`root ${n}`);
      for (let m = 0; m < n; m++) {
        const view = asOfSize(full, size);
        const proof = inclusionProof(view, BigInt(m), size);
        if (!sameProof(proof, naivePath(m, hashes.slice(0, n)))) wrong.push(`PATH(${m}, ${n})`);
        if (view.reads > 2 * bitLength(size)) wrong.push(`PATH(${m}, ${n}) read ${view.reads} nodes`);
        if (!verifyInclusion(hashes[m] ?? Buffer.alloc(0), BigInt(m), size, proof, root)) {
          wrong.push(`PATH(${m}, ${n}) does not verify`);
        }
      }
      for (let m = 0; m <= n; m++) {
        const view = asOfSize(full, size);
        const proof = consistencyProof(view, BigInt(m), size);
        if (!sameProof(proof, naiveProof(m, hashes.slice(0, n)))) wrong.push(`PROOF(${m}, ${n})`);
        if (view.reads > 2 * bitLength(size) + 1) wrong.push(`PROOF(${m}, ${n}) read ${view.reads} nodes`);
        if (!verifyConsistency(BigInt(m), size, proof, rootOf(m), root)) {
          wrong.push(`PROOF(${m}, ${n}) does not verify`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(rootOf(0)).toEqual(emptyRoot());
  });

  it('refuses impossible ranges and reports missing nodes', () => {
    expect(() => inclusionProof(full, 5n, 5n)).toThrow(MerkleRangeError);
    expect(() => inclusionProof(full, -1n, 5n)).toThrow(MerkleRangeError);
    expect(() => inclusionProof(full, 0n, 0n)).toThrow(MerkleRangeError);
    expect(() => consistencyProof(full, 6n, 5n)).toThrow(MerkleRangeError);
    expect(() => consistencyProof(full, -1n, 5n)).toThrow(MerkleRangeError);
    expect(() => rootAt(full, -1n)).toThrow(MerkleRangeError);
    expect(() => rootAt(full, BigInt(MAX) + 1n)).toThrow(MissingMerkleNodeError);
    expect(() => full.root(BigInt(MAX) + 1n)).toThrow(MerkleRangeError);
    expect(() => nodesToStoreOnAppend(0n, Buffer.alloc(31), full)).toThrow(MerkleRangeError);
    expect(() => new MemoryMerkleNodes().node(0, 0n)).toThrow(MissingMerkleNodeError);
  });
});

describe('verification refuses malformed input without throwing', () => {
  const root = rootOf(10);
  const proof = inclusionProof(full, 3n, 10n);
  const leaf = hashes[3] ?? Buffer.alloc(0);

  it('inclusion', () => {
    expect(checkInclusion(leaf, 3n, 10n, proof, root)).toEqual({ ok: true });
    expect(checkInclusion(leaf, 10n, 10n, proof, root)).toMatchObject({ ok: false, reason: /not below/ });
    expect(checkInclusion(leaf, 11n, 10n, proof, root).ok).toBe(false);
    expect(checkInclusion(leaf, -1n, 10n, proof, root).ok).toBe(false);
    expect(checkInclusion(leaf, 3n, 10n, proof.slice(1), root)).toMatchObject({
      ok: false,
      reason: /hashes/,
    });
    expect(checkInclusion(leaf, 3n, 10n, [...proof.slice(0, -1), Buffer.alloc(31)], root)).toMatchObject({
      ok: false,
      reason: /element/,
    });
    expect(checkInclusion(leaf.subarray(1), 3n, 10n, proof, root).ok).toBe(false);
    expect(checkInclusion(leaf, 3n, 10n, proof, root.subarray(0, 16)).ok).toBe(false);
    expect(verifyInclusion(leaf, 3n, 10n, 'nope' as unknown as Buffer[], root)).toBe(false);
    expect(verifyInclusion(leaf, 3 as unknown as bigint, 10n, proof, root)).toBe(false);
  });

  it('consistency', () => {
    const p = consistencyProof(full, 6n, 10n);
    const old = rootOf(6);
    expect(checkConsistency(6n, 10n, p, old, root)).toEqual({ ok: true });
    expect(checkConsistency(10n, 6n, p, root, old)).toMatchObject({ ok: false, reason: /exceeds/ });
    expect(checkConsistency(6n, 10n, [], old, root).ok).toBe(false);
    expect(checkConsistency(6n, 10n, [...p, p[0] ?? Buffer.alloc(32)], old, root).ok).toBe(false);
    expect(checkConsistency(10n, 10n, [], root, root)).toEqual({ ok: true });
    expect(checkConsistency(10n, 10n, [], old, root).ok).toBe(false);
    expect(checkConsistency(10n, 10n, p, root, root).ok).toBe(false);
    // Every tree extends the empty tree, whose root is fixed.
    expect(checkConsistency(0n, 10n, [], emptyRoot(), root)).toEqual({ ok: true });
    expect(checkConsistency(0n, 10n, [], old, root).ok).toBe(false);
    expect(checkConsistency(0n, 10n, p, emptyRoot(), root).ok).toBe(false);
    expect(verifyConsistency(-1n, 10n, p, old, root)).toBe(false);
  });
});

// ---- properties ----------------------------------------------------------------------------------

type Mutation =
  | { op: 'flip'; element: number; bit: number }
  | { op: 'drop-last' }
  | { op: 'drop-first' }
  | { op: 'append'; hash: Uint8Array }
  | { op: 'prepend'; hash: Uint8Array }
  | { op: 'swap'; a: number; b: number }
  | { op: 'replace'; element: number; node: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), element: fc.nat(), bit: fc.nat(255) }),
  fc.constant({ op: 'drop-last' as const }),
  fc.constant({ op: 'drop-first' as const }),
  fc.record({ op: fc.constant('append' as const), hash: fc.uint8Array({ minLength: 32, maxLength: 32 }) }),
  fc.record({ op: fc.constant('prepend' as const), hash: fc.uint8Array({ minLength: 32, maxLength: 32 }) }),
  fc.record({ op: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
  // Another real node hash of the tree: a plausible forgery, not random bytes.
  fc.record({ op: fc.constant('replace' as const), element: fc.nat(), node: fc.nat(MAX - 1) }),
);

/** The proof after a mutation, or null when the mutation does not apply (e.g. flip in an empty proof). */
function mutate(proof: readonly Buffer[], m: Mutation): Buffer[] | null {
  const copy: Buffer[] = proof.map((b) => Buffer.from(b));
  switch (m.op) {
    case 'flip': {
      const target = copy[m.element % Math.max(copy.length, 1)];
      if (target === undefined) return null;
      target[m.bit >> 3] = (target[m.bit >> 3] ?? 0) ^ (1 << (m.bit & 7));
      return copy;
    }
    case 'drop-last':
      return copy.length === 0 ? null : copy.slice(0, -1);
    case 'drop-first':
      return copy.length === 0 ? null : copy.slice(1);
    case 'append':
      return [...copy, Buffer.from(m.hash)];
    case 'prepend':
      return [Buffer.from(m.hash), ...copy];
    case 'swap': {
      if (copy.length < 2) return null;
      const [a, b] = [m.a % copy.length, m.b % copy.length];
      const [x, y] = [copy[a], copy[b]];
      if (x === undefined || y === undefined || x.equals(y)) return null;
      [copy[a], copy[b]] = [y, x];
      return copy;
    }
    case 'replace': {
      if (copy.length === 0) return null;
      const at = m.element % copy.length;
      const node = hashes[m.node] ?? Buffer.alloc(32);
      if (copy[at]?.equals(node) === true) return null;
      copy[at] = node;
      return copy;
    }
  }
}

describe('properties on random trees (fast-check)', () => {
  const sized = fc
    .integer({ min: 1, max: MAX })
    .chain((size) => fc.tuple(fc.constant(size), fc.nat(size - 1)));

  it('inclusion proofs from stored nodes verify; a mutated proof never does', () => {
    fc.assert(
      fc.property(sized, mutation, ([size, index], m) => {
        const proof = inclusionProof(asOfSize(full, BigInt(size)), BigInt(index), BigInt(size));
        const root = mth(hashes.slice(0, size));
        const leaf = hashes[index] ?? Buffer.alloc(0);
        expect(verifyInclusion(leaf, BigInt(index), BigInt(size), proof, root)).toBe(true);
        const bad = mutate(proof, m);
        if (bad !== null) expect(verifyInclusion(leaf, BigInt(index), BigInt(size), bad, root)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('a proof verifies for no other index, and for no other size with that size’s root', () => {
    fc.assert(
      fc.property(
        sized,
        fc.integer({ min: 1, max: MAX }),
        fc.nat(MAX),
        ([size, index], otherSize, otherIndex) => {
          const proof = inclusionProof(full, BigInt(index), BigInt(size));
          const leaf = hashes[index] ?? Buffer.alloc(0);
          const root = mth(hashes.slice(0, size));
          if (otherIndex !== index) {
            expect(verifyInclusion(leaf, BigInt(otherIndex), BigInt(size), proof, root)).toBe(false);
          }
          if (otherSize !== size) {
            const otherRoot = mth(hashes.slice(0, otherSize));
            expect(verifyInclusion(leaf, BigInt(index), BigInt(otherSize), proof, otherRoot)).toBe(false);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('consistency proofs verify; a mutated proof, or other sizes, verify only when the proof is theirs', () => {
    const pair = fc
      .integer({ min: 1, max: MAX })
      .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
    fc.assert(
      fc.property(pair, mutation, fc.nat(MAX), fc.nat(MAX), ([oldSize, newSize], m, otherOld, otherNew) => {
        const proof = consistencyProof(asOfSize(full, BigInt(newSize)), BigInt(oldSize), BigInt(newSize));
        const [oldRoot, newRoot] = [rootOf(oldSize), rootOf(newSize)];
        expect(verifyConsistency(BigInt(oldSize), BigInt(newSize), proof, oldRoot, newRoot)).toBe(true);
        const bad = mutate(proof, m);
        if (bad !== null) {
          expect(verifyConsistency(BigInt(oldSize), BigInt(newSize), bad, oldRoot, newRoot)).toBe(false);
        }
        // With other sizes (and their true roots) the proof verifies exactly when it is their proof
        // too: e.g. from size 0, or between equal sizes, the empty proof is everybody's.
        for (const [o, n] of [
          [otherOld, newSize],
          [oldSize, otherNew],
        ] as const) {
          if (o > n || (o === oldSize && n === newSize)) continue;
          const theirs = naiveProof(o, hashes.slice(0, n));
          const result = verifyConsistency(BigInt(o), BigInt(n), proof, rootOf(o), rootOf(n));
          expect(result).toBe(sameProof(theirs, proof));
        }
      }),
      { numRuns: 300 },
    );
  });
});

// ---- huge trees ----------------------------------------------------------------------------------

/**
 * A consistent tree of any size without materialising it: every leaf is the same filler except a
 * few distinct ones, so a perfect subtree without a distinct leaf has a per-level hash and only
 * the O(log n) nodes over the distinct leaves are computed. Refuses to read incomplete nodes.
 */
class SparseTree implements MerkleNodeReader {
  reads = 0;
  private readonly fillers: Buffer[] = [leafHash(Buffer.from('filler'))];
  private readonly memo = new Map<string, Buffer>();

  constructor(
    readonly size: bigint,
    private readonly special: ReadonlyMap<bigint, Buffer>,
  ) {}

  leaf(index: bigint): Buffer {
    return this.special.get(index) ?? this.filler(0);
  }

  node(level: number, index: bigint): Buffer {
    if ((index + 1n) << BigInt(level) > this.size) {
      throw new Error(`node ${level}/${index} is not complete in a tree of ${this.size}`);
    }
    this.reads++;
    return this.compute(level, index);
  }

  private filler(level: number): Buffer {
    for (let l = this.fillers.length; l <= level; l++) {
      const below = this.fillers[l - 1] ?? Buffer.alloc(0);
      this.fillers.push(nodeHash(below, below));
    }
    return this.fillers[level] ?? Buffer.alloc(0);
  }

  private compute(level: number, index: bigint): Buffer {
    if (level === 0) return this.leaf(index);
    const first = index << BigInt(level);
    const last = first + (1n << BigInt(level));
    if (![...this.special.keys()].some((i) => i >= first && i < last)) return this.filler(level);
    const key = `${level}/${index}`;
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    const hash = nodeHash(this.compute(level - 1, 2n * index), this.compute(level - 1, 2n * index + 1n));
    this.memo.set(key, hash);
    return hash;
  }
}

const special = (indexes: readonly bigint[]): Map<bigint, Buffer> =>
  new Map(indexes.map((i) => [i, leafHash(Buffer.from(`special ${i}`))]));

describe('huge trees (sizes beyond 2^31, 2^53, 2^63)', () => {
  it('the sparse model agrees with the naive root on small sizes', () => {
    const marks = special([1n, 5n, 6n, 17n]);
    for (let n = 1; n <= 20; n++) {
      const sparse = new SparseTree(BigInt(n), marks);
      const materialised = Array.from({ length: n }, (_, i) => sparse.leaf(BigInt(i)));
      expect(rootAt(sparse, BigInt(n))).toEqual(mth(materialised));
    }
  });

  const cases: { size: bigint; indexes: bigint[] }[] = [
    { size: 2n ** 31n + 1n, indexes: [0n, 2n ** 31n - 1n, 2n ** 31n] },
    { size: 2n ** 40n + 3n, indexes: [0n, 2n ** 39n + 7n, 2n ** 40n, 2n ** 40n + 1n, 2n ** 40n + 2n] },
    { size: 2n ** 53n + 3n, indexes: [2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 53n + 2n] },
    { size: 2n ** 62n, indexes: [0n, 2n ** 61n, 2n ** 62n - 1n] },
    { size: 2n ** 63n + 5n, indexes: [2n ** 63n - 1n, 2n ** 63n + 4n] },
  ];

  it.each(cases)('inclusion in a tree of $size leaves, with O(log n) reads', ({ size, indexes }) => {
    const tree = new SparseTree(size, special(indexes));
    const root = rootAt(tree, size);
    for (const index of indexes) {
      tree.reads = 0;
      const proof = inclusionProof(tree, index, size);
      expect(tree.reads).toBeLessThanOrEqual(2 * bitLength(size));
      expect(verifyInclusion(tree.leaf(index), index, size, proof, root)).toBe(true);
      // The neighbour is another leaf: the same proof does not place this leaf there.
      const other = index === 0n ? 1n : index - 1n;
      expect(verifyInclusion(tree.leaf(index), other, size, proof, root)).toBe(false);
    }
  });

  it.each(cases)('consistency within a tree of $size leaves', ({ size, indexes }) => {
    const tree = new SparseTree(size, special(indexes));
    const newRoot = rootAt(tree, size);
    for (const index of indexes) {
      const oldSize = index + 1n;
      tree.reads = 0;
      const proof = consistencyProof(tree, oldSize, size);
      expect(tree.reads).toBeLessThanOrEqual(2 * bitLength(size) + 1);
      const oldRoot = rootAt(tree, oldSize);
      expect(verifyConsistency(oldSize, size, proof, oldRoot, newRoot)).toBe(true);
      if (oldSize < size) expect(verifyConsistency(oldSize, size, proof, newRoot, newRoot)).toBe(false);
    }
  });

  it('appending the leaf that completes a tree of 2^40 stores 41 nodes', () => {
    const size = 2n ** 40n;
    const tree = new SparseTree(size - 1n, special([size - 1n]));
    const nodes = nodesToStoreOnAppend(size - 1n, tree.leaf(size - 1n), tree);
    expect(nodes).toHaveLength(41);
    expect(nodes.map((n) => n.level)).toEqual(Array.from({ length: 41 }, (_, i) => i));
    expect(nodes.at(-1)).toMatchObject({ level: 40, index: 0n });
    const complete = new SparseTree(size, special([size - 1n]));
    expect(nodes.at(-1)?.hash).toEqual(rootAt(complete, size));
  });
});

describe('MerkleFrontier (a pass over every leaf that keeps only what the root needs)', () => {
  it('has the root of every size, holding one hash per set bit of the size', () => {
    const frontier = new MerkleFrontier();
    expect(frontier.root().equals(emptyRoot())).toBe(true);
    for (const [i, hash] of hashes.entries()) {
      frontier.appendLeafHash(hash);
      const size = BigInt(i + 1);
      expect(hex(frontier.root())).toBe(hex(full.root(size)));
      expect(frontier.held).toBe(size.toString(2).replaceAll('0', '').length);
      expect(frontier.held).toBeLessThanOrEqual(bitLength(size));
    }
    expect(frontier.size).toBe(BigInt(MAX));
  });
});

describeVectors('MerkleFrontier against the RFC 6962 vectors', () => {
  it('gives every root of the vectors', () => {
    const v = vectors ?? EMPTY_MERKLE_VECTORS;
    const frontier = new MerkleFrontier();
    expect(hex(frontier.root())).toBe(v.emptyTreeRoot);
    const roots = v.leafInputsHex.map((leaf) => {
      frontier.appendLeafHash(leafHash(unhex(leaf)));
      return hex(frontier.root());
    });
    expect(roots).toEqual(Object.keys(v.rootsBySize).map((size) => v.rootsBySize[size]));
  });
});

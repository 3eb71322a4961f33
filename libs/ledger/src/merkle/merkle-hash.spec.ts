import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { envelopeHashes, envelopeLeafHash, sha256Hex } from '@kyoyaku/event-store';
import { MerkleRangeError } from '../ledger.errors';
import { EMPTY_MERKLE_VECTORS, loadMerkleVectors } from '@kyoyaku/ledger/testing';
import { emptyRoot, leafHash, merkleRootOf, nodeHash } from './merkle-hash';
import {
  bitLength,
  consistencyProofLength,
  inclusionProofLength,
  isPowerOfTwo,
  largestPowerOfTwoAtMost,
  largestPowerOfTwoBelow,
  perfectSubtreesOf,
} from './merkle-math';

const hex = (b: Buffer): string => b.toString('hex');
const loaded = loadMerkleVectors();
if (loaded.vectors === null) console.warn(`SKIPPED the RFC 6962 vectors of merkle-hash: ${loaded.reason}`);
const vectors = loaded.vectors;
const describeVectors = vectors === null ? describe.skip : describe;

describe('RFC 9162 hashing', () => {
  it('prefixes leaves with 0x00 and nodes with 0x01 (domain separation)', () => {
    const a = Buffer.from('a');
    expect(hex(leafHash(a))).toBe(
      createHash('sha256')
        .update(Buffer.from([0x00, 0x61]))
        .digest('hex'),
    );
    const l = leafHash(Buffer.from('l'));
    const r = leafHash(Buffer.from('r'));
    expect(nodeHash(l, r)).toEqual(
      createHash('sha256')
        .update(Buffer.concat([Buffer.of(1), l, r]))
        .digest(),
    );
    // A node is never the leaf hash of the concatenation of its children.
    expect(nodeHash(l, r)).not.toEqual(leafHash(Buffer.concat([l, r])));
  });

  it('a node hash is its own buffer: hashing the next node does not change the ones before', () => {
    const hashes = Array.from({ length: 8 }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));
    const reference = (l: Buffer, r: Buffer): Buffer =>
      createHash('sha256')
        .update(Buffer.concat([Buffer.of(1), l, r]))
        .digest();
    const nodes = hashes.slice(1).map((right, i) => nodeHash(hashes[i] ?? right, right));
    expect(nodes).toEqual(hashes.slice(1).map((right, i) => reference(hashes[i] ?? right, right)));
    // Inputs that are not 32-byte hashes are hashed as given, too.
    expect(nodeHash(Buffer.from('l'), Buffer.from('rr'))).toEqual(
      createHash('sha256')
        .update(Buffer.from([1, 0x6c, 0x72, 0x72]))
        .digest(),
    );
  });

  it('the leaf hash sealing hands the log (envelopeLeafHash, envelopeHashes) is leafHash of the stored bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40_000 }), (envelope) => {
        const bytes = Buffer.from(envelope, 'utf8');
        const expected = leafHash(bytes);
        const both = envelopeHashes(envelope);
        expect(both.leafHash).toEqual(expected);
        expect(both.hash).toBe(sha256Hex(bytes));
        expect(envelopeLeafHash(envelope)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
    // The reused encoding buffer does not leak one envelope's bytes into the next one's hashes.
    const long = `{"note":"${'議会の議決'.repeat(5000)}"}`;
    const short = '{"a":1}';
    expect(envelopeHashes(long).leafHash).toEqual(leafHash(Buffer.from(long, 'utf8')));
    expect(envelopeHashes(short).leafHash).toEqual(leafHash(Buffer.from(short, 'utf8')));
    expect(envelopeHashes(long).hash).toBe(sha256Hex(long));
  });

  it('the root of no leaves is SHA-256 of nothing; of one leaf, its leaf hash', () => {
    expect(hex(emptyRoot())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(merkleRootOf([])).toEqual(emptyRoot());
    expect(merkleRootOf([Buffer.from('x')])).toEqual(leafHash(Buffer.from('x')));
  });

  it('splits at the largest power of two below n (a tree of 3 is H(H(0,1), 2), not H(0, H(1,2)))', () => {
    const leaves = ['0', '1', '2'].map((s) => Buffer.from(s));
    const [h0, h1, h2] = leaves.map(leafHash) as [Buffer, Buffer, Buffer];
    expect(merkleRootOf(leaves)).toEqual(nodeHash(nodeHash(h0, h1), h2));
  });
});

describeVectors('RFC 6962 test vectors (transparency-dev/merkle)', () => {
  const v = vectors ?? EMPTY_MERKLE_VECTORS;
  const leaves = v.leafInputsHex.map((h) => Buffer.from(h, 'hex'));

  it('leaf hashes', () => {
    expect(leaves).toHaveLength(8);
    expect(leaves.map((leaf) => hex(leafHash(leaf)))).toEqual(v.leafHashes);
  });

  it('the empty root and the root of every size 1…8', () => {
    expect(hex(emptyRoot())).toBe(v.emptyTreeRoot);
    const sizes = Object.keys(v.rootsBySize);
    expect(sizes).toHaveLength(8);
    for (const size of sizes) {
      expect(hex(merkleRootOf(leaves.slice(0, Number(size))))).toBe(v.rootsBySize[size]);
    }
  });
});

describe('tree arithmetic on bigint', () => {
  it('largest power of two below n, for small n', () => {
    const expected: [bigint, bigint][] = [
      [2n, 1n],
      [3n, 2n],
      [4n, 2n],
      [5n, 4n],
      [8n, 4n],
      [9n, 8n],
    ];
    for (const [n, k] of expected) expect(largestPowerOfTwoBelow(n)).toBe(k);
    expect(() => largestPowerOfTwoBelow(1n)).toThrow(MerkleRangeError);
    expect(() => largestPowerOfTwoBelow(0n)).toThrow(MerkleRangeError);
  });

  it('does not break beyond 2^31, 2^32, 2^53 and 2^64', () => {
    expect(largestPowerOfTwoBelow(2n ** 31n + 1n)).toBe(2n ** 31n);
    expect(largestPowerOfTwoBelow(2n ** 32n)).toBe(2n ** 31n);
    expect(largestPowerOfTwoBelow(2n ** 32n + 1n)).toBe(2n ** 32n);
    expect(largestPowerOfTwoBelow(2n ** 40n + 3n)).toBe(2n ** 40n);
    // 2^53 + 1 is not representable as a Number: Math.log2 or Number() would round it to 2^53.
    expect(largestPowerOfTwoBelow(2n ** 53n + 1n)).toBe(2n ** 53n);
    expect(largestPowerOfTwoBelow(2n ** 53n)).toBe(2n ** 52n);
    expect(largestPowerOfTwoBelow(2n ** 62n)).toBe(2n ** 61n);
    expect(largestPowerOfTwoBelow(2n ** 64n + 1n)).toBe(2n ** 64n);
    expect(largestPowerOfTwoAtMost(2n ** 62n)).toBe(2n ** 62n);
    expect(largestPowerOfTwoAtMost(2n ** 62n - 1n)).toBe(2n ** 61n);
    expect(bitLength(2n ** 62n)).toBe(63);
    expect(bitLength(2n ** 64n - 1n)).toBe(64);
    expect(bitLength(0n)).toBe(0);
    expect(isPowerOfTwo(2n ** 62n)).toBe(true);
    expect(isPowerOfTwo(2n ** 62n + 2n ** 31n)).toBe(false);
    expect(isPowerOfTwo(0n)).toBe(false);
  });

  it('decomposes an RFC subtree range into perfect subtrees, largest first', () => {
    expect(perfectSubtreesOf(0n, 7n)).toEqual([
      { level: 2, index: 0n },
      { level: 1, index: 2n },
      { level: 0, index: 6n },
    ]);
    expect(perfectSubtreesOf(8n, 11n)).toEqual([
      { level: 1, index: 4n },
      { level: 0, index: 10n },
    ]);
    const huge = 2n ** 62n + 2n ** 40n + 3n;
    expect(perfectSubtreesOf(0n, huge)).toEqual([
      { level: 62, index: 0n },
      { level: 40, index: 2n ** 22n },
      { level: 1, index: (2n ** 62n + 2n ** 40n) / 2n },
      { level: 0, index: 2n ** 62n + 2n ** 40n + 2n },
    ]);
    // [1, 3) is not a subtree of any RFC 9162 tree: refused rather than hashed wrongly.
    expect(() => perfectSubtreesOf(1n, 3n)).toThrow(MerkleRangeError);
    expect(() => perfectSubtreesOf(3n, 3n)).toThrow(MerkleRangeError);
  });

  it('proof lengths, including huge trees', () => {
    expect(inclusionProofLength(0n, 1n)).toBe(0);
    expect(inclusionProofLength(0n, 8n)).toBe(3);
    expect(inclusionProofLength(2n, 3n)).toBe(1);
    expect(inclusionProofLength(2n ** 40n + 2n, 2n ** 40n + 3n)).toBe(2); // D[2^40:2^40+2], then D[0:2^40]
    expect(inclusionProofLength(0n, 2n ** 62n)).toBe(62);
    expect(inclusionProofLength(2n ** 53n + 1n, 2n ** 53n + 2n)).toBe(2);
    expect(consistencyProofLength(1n, 8n)).toBe(3);
    expect(consistencyProofLength(6n, 8n)).toBe(3);
    expect(consistencyProofLength(2n, 5n)).toBe(2);
    expect(consistencyProofLength(0n, 5n)).toBe(0);
    expect(consistencyProofLength(5n, 5n)).toBe(0);
    expect(consistencyProofLength(2n ** 61n, 2n ** 62n)).toBe(1);
    expect(() => inclusionProofLength(5n, 5n)).toThrow(MerkleRangeError);
    expect(() => consistencyProofLength(6n, 5n)).toThrow(MerkleRangeError);
  });
});

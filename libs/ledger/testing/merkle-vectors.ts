import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The shared test vectors (DESIGN.md §9: `../shared/vectors/` from the repository root), from
 * transparency-dev/merkle and the Go signed-note package. Indexes are 0-based. Tests-only.
 */
export interface MerkleVectors {
  leafInputsHex: string[];
  leafHashes: string[];
  emptyTreeRoot: string;
  rootsBySize: Record<string, string>;
  inclusionProofs: { index: number; treeSize: number; path: string[] }[];
  consistencyProofs: { oldSize: number; newSize: number; path: string[] }[];
  signedNote: { verifierKey: string; body: string; signatureBase64: string };
}

/** Stands in for absent vectors inside a skipped describe (its tests never run). */
export const EMPTY_MERKLE_VECTORS: MerkleVectors = {
  leafInputsHex: [],
  leafHashes: [],
  emptyTreeRoot: '',
  rootsBySize: {},
  inclusionProofs: [],
  consistencyProofs: [],
  signedNote: { verifierKey: '', body: '', signatureBase64: '' },
};

/** This file is libs/ledger/testing/: three levels below the repository root. */
export const MERKLE_VECTORS_FILE = join(
  resolve(__dirname, '../../..'),
  '..',
  'shared',
  'vectors',
  'merkle-rfc6962.json',
);

/**
 * The vectors, or why they are absent (then the caller warns and skips those tests, never passes
 * them silently). A file that exists but does not parse is an error, not an absence.
 */
export function loadMerkleVectors(): { vectors: MerkleVectors } | { vectors: null; reason: string } {
  if (!existsSync(MERKLE_VECTORS_FILE)) {
    return { vectors: null, reason: `${MERKLE_VECTORS_FILE} does not exist` };
  }
  const vectors = JSON.parse(readFileSync(MERKLE_VECTORS_FILE, 'utf8')) as MerkleVectors;
  for (const key of [
    'leafInputsHex',
    'leafHashes',
    'rootsBySize',
    'inclusionProofs',
    'consistencyProofs',
  ] as const) {
    if (typeof vectors[key] !== 'object' || vectors[key] === null) {
      throw new Error(`${MERKLE_VECTORS_FILE}: ${key} is missing`);
    }
  }
  return { vectors };
}

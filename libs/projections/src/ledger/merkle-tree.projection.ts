import { canonicalEventBytes, type RecordedEvent } from '@kyoyaku/event-store';
import {
  consistencyProof,
  inclusionProof,
  leafHash,
  type MerkleNodeReader,
  MissingMerkleNodeError,
  nodesToStoreOnAppend,
  rootAt,
} from '@kyoyaku/ledger';
import { padded } from '../agreement/agreement-read-models';
import type { Projection, ReadModelReader, ReadModelWriter } from '../read-model';

/**
 * The Merkle tree of a ledger whose store has positions with gaps (EventStoreDB), kept as read
 * models (DESIGN.md §9). The store cannot write the tree in the transaction of its events, so the
 * projector does, in the order it reads the events — the order every reader of the store sees —
 * and in the transaction that moves its checkpoint: leaf i is the i-th event the projector
 * applied, and the tree is never ahead of or behind the read models. Stores whose positions are
 * 1, 2, 3… (SQLite, PostgreSQL) keep their tree with the events instead; there leaf i is the event
 * at position i + 1 and none of this is used.
 *
 * Layout, as in the SQL logs: one document per leaf, keyed by its number (index + 1), holding the
 * hashes of the perfect subtrees that leaf completes, level 0 first; node (level L, index i) is the
 * L-th hash of leaf (i + 1)·2^L. A second collection maps each event's position to its leaf.
 */
export const MERKLE_TREE_COLLECTION = 'ledger-merkle-tree';
export const MERKLE_LEAVES_COLLECTION = 'ledger-merkle-leaves';

interface MerkleRowDoc {
  /** The store position of the leaf's event. */
  position: string;
  /** base64 hashes: the leaf, then each parent it completes. */
  hashes: string[];
}

interface MerkleLeafDoc {
  /** The leaf's number in the tree (index + 1). */
  leaf: string;
}

/** The tree as a reader of read models sees it: the active generation, or the batch being written. */
export class ReadModelMerkleTree implements MerkleNodeReader {
  constructor(private readonly reader: ReadModelReader) {}

  /** Leaves in the tree: the events applied so far. */
  leafCount(): bigint {
    const [last] = this.reader.list<MerkleRowDoc>(MERKLE_TREE_COLLECTION, { limit: 1, reverse: true });
    return last === undefined ? 0n : BigInt(last.key);
  }

  node(level: number, index: bigint): Buffer {
    const row = this.reader.get<MerkleRowDoc>(MERKLE_TREE_COLLECTION, padded((index + 1n) << BigInt(level)));
    const hash = row?.hashes[level];
    if (hash === undefined) throw new MissingMerkleNodeError(level, index);
    return Buffer.from(hash, 'base64');
  }

  root(size: bigint): Buffer {
    return rootAt(this, size);
  }

  inclusionProof(index: bigint, size: bigint): Buffer[] {
    return inclusionProof(this, index, size);
  }

  consistencyProof(oldSize: bigint, newSize: bigint): Buffer[] {
    return consistencyProof(this, oldSize, newSize);
  }

  /** The leaf index of the event at a store position, null if no event there is in the tree. */
  leafIndexOf(position: bigint): bigint | null {
    const doc = this.reader.get<MerkleLeafDoc>(MERKLE_LEAVES_COLLECTION, padded(position));
    return doc === null ? null : BigInt(doc.leaf) - 1n;
  }

  /** The store position of the event at a leaf index, null beyond the tree. */
  positionAt(index: bigint): bigint | null {
    if (index < 0n) return null;
    const row = this.reader.get<MerkleRowDoc>(MERKLE_TREE_COLLECTION, padded(index + 1n));
    return row === null ? null : BigInt(row.position);
  }
}

/** Appends the event as the next leaf (once: an event already in the tree is left as it is). */
export function appendToReadModelTree(tx: ReadModelWriter, event: RecordedEvent): void {
  if (tx.get<MerkleLeafDoc>(MERKLE_LEAVES_COLLECTION, padded(event.position)) !== null) return;
  const tree = new ReadModelMerkleTree(tx);
  const index = tree.leafCount();
  const nodes = nodesToStoreOnAppend(index, leafHash(canonicalEventBytes(event)), tree);
  const number = padded(index + 1n);
  tx.put<MerkleRowDoc>(MERKLE_TREE_COLLECTION, number, {
    position: event.position.toString(),
    hashes: nodes.map((node) => node.hash.toString('base64')),
  });
  tx.put<MerkleLeafDoc>(MERKLE_LEAVES_COLLECTION, padded(event.position), { leaf: (index + 1n).toString() });
}

/** Builds the tree as the projector applies the events; it must come before anything that signs roots. */
export const merkleTreeProjection: Projection = {
  name: 'ledger-merkle-tree',
  apply(event, tx) {
    appendToReadModelTree(tx, event);
  },
};

/**
 * The tree with an event in it, in the batch being written: the leaf number the tree projection
 * (applied before) gave the event — the size a checkpoint of that event covers.
 */
export function treeSizeInBatch(event: RecordedEvent, tx: ReadModelReader): bigint {
  const index = new ReadModelMerkleTree(tx).leafIndexOf(event.position);
  if (index === null)
    throw new Error(
      `event at position ${event.position} is not in the tree: apply merkleTreeProjection first`,
    );
  return index + 1n;
}

/** The tree as the integrity services read it: the active generation's, read anew on each call. */
export function readModelMerkleLog(readModels: { reader(): ReadModelReader }) {
  const tree = (): ReadModelMerkleTree => new ReadModelMerkleTree(readModels.reader());
  return {
    leafCount: (): bigint => tree().leafCount(),
    root: (size: bigint): Buffer => tree().root(size),
    inclusionProof: (index: bigint, size: bigint): Buffer[] => tree().inclusionProof(index, size),
    consistencyProof: (oldSize: bigint, newSize: bigint): Buffer[] =>
      tree().consistencyProof(oldSize, newSize),
    leafIndexOf: (position: bigint): bigint | null => tree().leafIndexOf(position),
    positionAt: (index: bigint): bigint | null => tree().positionAt(index),
  };
}

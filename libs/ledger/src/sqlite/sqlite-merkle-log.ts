import type Database from 'better-sqlite3';
import type { CommittedEnvelope, SqliteCommitParticipant } from '@kyoyaku/event-store';
import { MissingMerkleNodeError } from '../ledger.errors';
import { HASH_SIZE } from '../merkle/merkle-hash';
import {
  consistencyProof,
  inclusionProof,
  type MerkleNodeReader,
  nodesToStoreOnAppendBatch,
  rootAt,
} from '../merkle/merkle-tree';

/**
 * One row per event, keyed by its position: the hashes of the perfect subtrees that event completes,
 * level 0 (its leaf) first. Node (level L, index i) is completed by the leaf at position (i+1)·2^L, so
 * it is the L-th hash of that row. Rows are appended in position order, like the events, so a commit
 * touches only the table's last page or two — a table keyed by (level, index) would touch a page
 * per level and double what each commit must write and fsync.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS merkle_tree (
    position INTEGER PRIMARY KEY CHECK (position >= 1),
    hashes BLOB NOT NULL CHECK (length(hashes) % ${HASH_SIZE} = 0 AND length(hashes) > 0)
  ) STRICT;
`;

/** Whether `items` yields anything; reads one item at most, and closes the iteration. */
function hasAny(items: Iterable<unknown>): boolean {
  const iterator = items[Symbol.iterator]();
  const any = iterator.next().done !== true;
  iterator.return?.();
  return any;
}

/**
 * The RFC 9162 tree over the events, kept in the event store's SQLite file. As a commit participant
 * of the store, it writes each batch's nodes inside the same transaction as the events, so the tree
 * never lags or leads the log. Reads (roots, proofs) use the same connection.
 */
export class SqliteMerkleLog implements SqliteCommitParticipant, MerkleNodeReader {
  private statements: {
    db: Database.Database;
    insert: Database.Statement<[bigint, Buffer]>;
    read: Database.Statement<[bigint]>;
    size: Database.Statement<[]>;
  } | null = null;

  attach(db: Database.Database, envelopesAfter: (position: bigint) => Iterable<CommittedEnvelope>): void {
    db.exec(SCHEMA);
    this.statements = {
      db,
      insert: db.prepare<[bigint, Buffer]>('INSERT INTO merkle_tree (position, hashes) VALUES (?, ?)'),
      read: db.prepare<[bigint]>('SELECT hashes FROM merkle_tree WHERE position = ?').pluck(),
      size: db.prepare<[]>('SELECT COALESCE(MAX(position), 0) FROM merkle_tree').pluck().safeIntegers(true),
    };
    // Files written before the tree existed (or by a store without it) are caught up once. Another
    // process may commit events with their tree rows at any moment (the server, when a command line
    // opens its live file), so the tree's size and the events after it are read in one transaction:
    // read apart, they could disagree and the catch-up would write rows that exist. A complete tree,
    // the usual case, is seen in a read transaction; the repair re-reads under the write lock
    // (IMMEDIATE), so no commit can come between what it reads and what it writes.
    const anyMissing = db.transaction(() => hasAny(envelopesAfter(this.leafCount())));
    if (!anyMissing()) return;
    db.transaction(() => {
      const missing = [...envelopesAfter(this.leafCount())];
      if (missing.length > 0) this.onCommit(db, missing);
    }).immediate();
  }

  onCommit(db: Database.Database, written: readonly CommittedEnvelope[]): void {
    const first = written[0];
    if (first === undefined) return;
    const { insert } = this.attached(db);
    // The leaf hashes come from sealing, which hashed the same bytes for the events' own hashes.
    const nodes = nodesToStoreOnAppendBatch(
      first.position - 1n,
      written.map((e) => e.leafHash),
      this,
    );
    // nodesToStoreOnAppendBatch lists each leaf and then the parents it completes, in order.
    let row: { position: bigint; hashes: Buffer[] } | null = null;
    const flush = (): void => {
      if (row === null) return;
      const [only, ...more] = row.hashes;
      // Half the rows hold their leaf alone: no copy for those.
      if (only !== undefined) insert.run(row.position, more.length === 0 ? only : Buffer.concat(row.hashes));
    };
    for (const node of nodes) {
      if (node.level === 0) {
        flush();
        row = { position: node.index + 1n, hashes: [] };
      }
      row?.hashes.push(node.hash);
    }
    flush();
  }

  node(level: number, index: bigint): Buffer {
    const position = (index + 1n) << BigInt(level);
    const hashes = this.attached().read.get(position) as Buffer | undefined;
    const start = level * HASH_SIZE;
    if (hashes === undefined || hashes.length < start + HASH_SIZE)
      throw new MissingMerkleNodeError(level, index);
    return hashes.subarray(start, start + HASH_SIZE);
  }

  /** Number of leaves in the tree (= the store's head position once attached). */
  leafCount(): bigint {
    return this.attached().size.get() as bigint;
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

  private attached(db?: Database.Database): NonNullable<SqliteMerkleLog['statements']> {
    if (this.statements === null || (db !== undefined && this.statements.db !== db)) {
      throw new Error('the Merkle log is not attached to this connection');
    }
    return this.statements;
  }
}

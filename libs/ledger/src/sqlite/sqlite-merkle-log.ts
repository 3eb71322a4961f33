import type Database from 'better-sqlite3';
import type { SqliteCommitParticipant, CommittedEnvelope } from '@kyoyaku/event-store';
import { MissingMerkleNodeError } from '../ledger.errors';
import { leafHash } from '../merkle/merkle-hash';
import {
  consistencyProof,
  inclusionProof,
  type MerkleNodeReader,
  nodesToStoreOnAppendBatch,
  rootAt,
} from '../merkle/merkle-tree';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS merkle_nodes (
    level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 63),
    idx INTEGER NOT NULL CHECK (idx >= 0),
    hash BLOB NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (level, idx)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS ledger_checkpoints (
    size INTEGER PRIMARY KEY CHECK (size >= 0),
    note TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    reason TEXT NOT NULL
  ) STRICT;
`;

export interface StoredCheckpoint {
  size: bigint;
  note: string;
  issuedAt: string;
  reason: string;
}

/**
 * The RFC 9162 tree over the events, kept in the event store's SQLite file. As a commit participant
 * of the store, it writes the perfect-subtree nodes of each batch inside the same transaction as the
 * events, so the tree never lags or leads the log. Reads (roots, proofs) use the same connection.
 */
export class SqliteMerkleLog implements SqliteCommitParticipant, MerkleNodeReader {
  private db: Database.Database | null = null;
  private readNode: Database.Statement<[number, bigint]> | null = null;
  private insertNode: Database.Statement<[number, bigint, Buffer]> | null = null;

  attach(db: Database.Database, envelopesAfter: (position: bigint) => Iterable<CommittedEnvelope>): void {
    this.db = db;
    db.exec(SCHEMA);
    this.insertNode = db.prepare<[number, bigint, Buffer]>(
      'INSERT INTO merkle_nodes (level, idx, hash) VALUES (?, ?, ?)',
    );
    this.readNode = db
      .prepare<[number, bigint]>('SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?')
      .pluck();
    // Files written before the tree existed (or by a store without it) are caught up once.
    const leaves = this.leafCount();
    const missing = [...envelopesAfter(leaves)];
    if (missing.length > 0) db.transaction(() => this.onCommit(db, missing))();
  }

  onCommit(db: Database.Database, written: readonly CommittedEnvelope[]): void {
    const first = written[0];
    if (first === undefined) return;
    const insert =
      this.db === db && this.insertNode !== null
        ? this.insertNode
        : db.prepare<[number, bigint, Buffer]>(
            'INSERT INTO merkle_nodes (level, idx, hash) VALUES (?, ?, ?)',
          );
    const nodes = nodesToStoreOnAppendBatch(
      first.position - 1n,
      written.map((e) => leafHash(Buffer.from(e.envelope, 'utf8'))),
      this,
    );
    for (const node of nodes) insert.run(node.level, node.index, node.hash);
  }

  node(level: number, index: bigint): Buffer {
    if (this.readNode === null) throw new Error('the Merkle log is not attached to a store yet');
    const hash = this.readNode.get(level, index) as Buffer | undefined;
    if (hash === undefined) throw new MissingMerkleNodeError(level, index);
    return hash;
  }

  /** Number of leaves in the tree (= the store's head position once attached). */
  leafCount(): bigint {
    const count = this.connection()
      .prepare('SELECT COUNT(*) FROM merkle_nodes WHERE level = 0')
      .pluck()
      .safeIntegers(true)
      .get() as bigint;
    return count;
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

  saveCheckpoint(checkpoint: StoredCheckpoint): void {
    this.connection()
      .prepare('INSERT OR IGNORE INTO ledger_checkpoints (size, note, issued_at, reason) VALUES (?, ?, ?, ?)')
      .run(checkpoint.size, checkpoint.note, checkpoint.issuedAt, checkpoint.reason);
  }

  latestCheckpoint(): StoredCheckpoint | null {
    const row = this.connection()
      .prepare('SELECT size, note, issued_at, reason FROM ledger_checkpoints ORDER BY size DESC LIMIT 1')
      .safeIntegers(true)
      .get() as { size: bigint; note: string; issued_at: string; reason: string } | undefined;
    return row === undefined
      ? null
      : { size: row.size, note: row.note, issuedAt: row.issued_at, reason: row.reason };
  }

  private connection(): Database.Database {
    if (this.db === null) throw new Error('the Merkle log is not attached to a store yet');
    return this.db;
  }
}

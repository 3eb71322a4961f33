import type { Pool, PoolClient } from 'pg';
import type { CommittedEnvelope } from '../event-import';

/** What a commit participant is given when the store opens. */
export interface PostgresAttachContext {
  /** The database and schema, for error messages. */
  location: string;
  schema: string;
  /** The store's pool: the participant's later reads (roots, proofs) go through it. */
  pool: Pool;
  now: () => string;
  /** Events already stored after a position, in order, a page at a time (for a catch-up). */
  envelopesAfter(client: PoolClient, position: bigint, limit: number): Promise<CommittedEnvelope[]>;
}

/**
 * Something kept in the same database and committed in the same transaction as the events (the
 * Merkle log of libs/ledger), like SqliteCommitParticipant: it never lags or leads the events.
 */
export interface PostgresCommitParticipant {
  /**
   * Called once when the store opens, in a transaction that holds the append lock: migrate its
   * tables and catch up with events stored before it existed.
   */
  attach(client: PoolClient, context: PostgresAttachContext): Promise<void>;
  /**
   * Inside the commit transaction (or just before the statement that is it), once the batch's events
   * are known (what is written, in order): reads what it needs and returns the rows it writes with
   * them, or null. The store inserts those rows in the same transaction as the events — in the same
   * statement when the batch takes one — so they commit or roll back together.
   */
  onCommit(
    client: PoolClient,
    written: readonly CommittedEnvelope[],
  ): Promise<PostgresParticipantRows | null>;
  /**
   * Called after that transaction committed (not after a failed or uncertain one): what onCommit
   * prepared may now be remembered for the next batch.
   */
  afterCommit?(): void;
}

/**
 * Rows a commit participant writes with a batch: INSERT INTO table (columns) SELECT * FROM
 * unnest(one array per column). Declared rather than sent, so that the store can fold them into the
 * statement that writes the events.
 */
export interface PostgresParticipantRows {
  /** The table (in the store's schema). Constant for a participant: it names a prepared statement. */
  table: string;
  /** Each column's name and PostgreSQL type (e.g. ['position', 'bigint']), constant like the table. */
  columns: readonly (readonly [name: string, type: string])[];
  /** One array per column, all of one length. */
  values: readonly (readonly unknown[])[];
}

/** `INSERT … SELECT * FROM unnest(…)` of participant rows, its parameters numbered from `first`. */
export function participantInsertSql(rows: PostgresParticipantRows, first: number): string {
  const columns = rows.columns.map(([name]) => name).join(', ');
  const arrays = rows.columns.map(([, type], i) => `$${first + i}::${type}[]`).join(', ');
  return `INSERT INTO ${rows.table} (${columns}) SELECT * FROM unnest(${arrays})`;
}

/** Inserts participant rows on their own (a participant's catch-up when it attaches). */
export function insertParticipantRows(client: PoolClient, rows: PostgresParticipantRows): Promise<unknown> {
  return client.query({
    name: `ledger-insert-${rows.table}`,
    text: participantInsertSql(rows, 1),
    values: [...rows.values],
  });
}

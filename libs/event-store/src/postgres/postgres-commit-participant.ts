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
   * Inside the commit transaction, once the batch's events are known (what is written, in order):
   * reads what it needs, writes nothing yet, and returns the sending of its writes. The store calls
   * that right after sending the events' rows and right before COMMIT, so the writes travel with
   * them (one round trip) and commit or roll back with them; it must send every statement before
   * it returns.
   */
  onCommit(client: PoolClient, written: readonly CommittedEnvelope[]): Promise<PostgresParticipantWrites>;
  /**
   * Called after that transaction committed (not after a failed or uncertain one): what onCommit
   * prepared may now be remembered for the next batch.
   */
  afterCommit?(): void;
}

/** Sends a commit participant's writes on the connection and resolves when they are done. */
export type PostgresParticipantWrites = () => Promise<unknown>;

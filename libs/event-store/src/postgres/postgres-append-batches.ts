import type { Pool, PoolClient } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import {
  EventStoreError,
  IdempotencyKeyReusedError,
  InvalidEventError,
  StoreUnavailableError,
  WrongExpectedRevisionError,
} from '../event-store.errors';
import type { AppendResult, RecordedEvent } from '../event-store.port';
import { expectationMet, type PreparedAppend, sealEvent } from '../event-store.validation';
import type { QueuedAppend } from '../group-commit';
import {
  type BatchState,
  batchStatements,
  emptyBatchState,
  fitsOneStatement,
  type StreamHead,
} from './postgres-batch-state';
import type { PostgresCommitParticipant, PostgresParticipantRows } from './postgres-commit-participant';
import {
  describePostgresError,
  inOneWrite,
  isConnectionError,
  unavailable,
  withClient,
} from './postgres-connection';
import type { PostgresEventStoreHooks } from './postgres-event-store';
import { EVENT_COLUMNS, rowsToEvents } from './postgres-event-reader';

interface KnownState {
  head: bigint;
  /** recordedAt of the event at the head. */
  recordedAt: string | undefined;
  streams: Map<string, StreamHead | null>;
  /** Another writer had written since the batch before: the next batch does not speculate. */
  contended: boolean;
}

/** Streams remembered between batches; beyond this many the memory starts afresh. */
const KNOWN_STREAMS_LIMIT = 50_000;

export type Outcome =
  { ok: true; result: AppendResult; written: number } | { ok: false; error: EventStoreError };

/**
 * The append transactions of the PostgreSQL event store, one group-committed batch at a time
 * (see PostgresEventStore): under the append lock, each append of the batch is checked against
 * the state the earlier ones leave, then the rows, the commit participants' writes and COMMIT go
 * together. When nobody else wrote since this store's previous batch, the whole batch takes one
 * round trip.
 */
export class PostgresAppendBatches {
  /** Commits that took one round trip: nobody else had written since this store's previous one. */
  oneRoundTripCommits = 0;
  /**
   * What this store's last committed batch left — the head, its recordedAt, and the heads of the
   * streams it has seen (null: no such stream) — and whether anyone else had written before it.
   * Valid as long as nobody else writes: the next batch then runs on it in one round trip.
   */
  private known: KnownState | null = null;

  constructor(
    private readonly pool: Pool,
    /** The key of the append lock (pg_advisory_xact_lock). */
    private readonly appendLock: string,
    private readonly clock: () => Date,
    private readonly hooks: PostgresEventStoreHooks,
    private readonly participants: readonly PostgresCommitParticipant[],
  ) {}

  /** The log moved outside the group commit (an import): the next batch reads the facts under the lock. */
  forget(): void {
    this.known = null;
  }

  /**
   * One batch transaction. A connection that fails before anything was written (a pooled
   * connection the server closed while idle) is replaced once; later failures fail the batch.
   */
  async run(batch: readonly QueuedAppend[]): Promise<Outcome[]> {
    const known = this.known;
    this.known = null;
    // A fault-injection hook runs inside an explicit transaction: no one-statement batch then.
    if (known !== null && !known.contended && this.hooks.beforeCommit === undefined) {
      const outcomes = await withClient(this.pool, (client) => this.speculativeBatch(client, batch, known));
      if (outcomes !== null) return outcomes;
    }
    for (let attempt = 1; ; attempt++) {
      let started = false;
      try {
        return await withClient(this.pool, async (client) => {
          const state = await this.beginBatch(client, batch);
          started = true;
          const outcomes = await this.writeBatch(client, batch, state);
          this.remember(state, known?.head !== state.startHead ? null : known);
          return outcomes;
        });
      } catch (error) {
        if (started || attempt >= 2 || !isConnectionError(error)) throw error;
      }
    }
  }

  /**
   * The batch in one statement, on what this store knew after its last commit: it is checked
   * against that, and the append lock, the rows and the participants' rows go in one statement sent
   * outside a transaction — one round trip, one commit. If anyone else wrote meanwhile, the rows
   * collide with theirs (position is the primary key; so would the revision 0 of a stream guessed
   * new, an idempotency key or an event id already recorded): then the statement kept nothing, and
   * the batch runs again the ordinary way (null). A batch that writes nothing reads the head
   * instead: its refusals stand only if the head had not moved (that read is one consistent view
   * of the log, so they held then), and if they rest on no guess.
   */
  private async speculativeBatch(
    client: PoolClient,
    batch: readonly QueuedAppend[],
    known: KnownState,
  ): Promise<Outcome[] | null> {
    const state = emptyBatchState(known.head, known.recordedAt, this.stamp(known.recordedAt));
    // A stream this store has not seen is taken to be new: if it is not, its revision 0 collides.
    const guessed = new Set<string>();
    for (const { prepared } of batch) {
      const head = known.streams.get(prepared.streamId);
      if (head === undefined) guessed.add(prepared.streamId);
      state.streams.set(prepared.streamId, head ?? null);
    }
    const outcomes: Outcome[] = [];
    for (const pending of batch) outcomes.push(await this.applyAppend(client, pending.prepared, state));
    // A refusal on a guess (the stream may exist), or of an append with a key (it may be a retry to
    // answer from the first write), is left to the server's facts.
    const unsure = batch.some(
      ({ prepared }, i) =>
        outcomes[i]?.ok === false && (prepared.idempotencyKey !== null || guessed.has(prepared.streamId)),
    );
    if (unsure) return null;
    if (state.rows.length === 0) {
      const head = await client.query<{ position: string }>({
        name: 'ledger-head',
        text: 'SELECT position, recorded_at FROM events ORDER BY position DESC LIMIT 1',
      });
      if (BigInt(head.rows[0]?.position ?? '0') !== known.head) return null;
    } else {
      if (!fitsOneStatement(state)) return null;
      const rows = await this.participantRows(client, state);
      const [statement, ...more] = batchStatements(state, rows, this.appendLock);
      if (statement === undefined || more.length > 0) return null;
      try {
        await client.query(statement);
      } catch (error) {
        // The connection broke with the statement sent: the server may have committed it or not.
        if (isConnectionError(error)) throw new CommitOutcomeUnknown(error);
        // A collision (someone else wrote), or any other refusal: the statement kept nothing.
        return null;
      }
      for (const participant of this.participants) participant.afterCommit?.();
    }
    this.remember(state, known);
    this.oneRoundTripCommits++;
    return outcomes;
  }

  /** What the commit participants write with the batch's events. */
  private async participantRows(client: PoolClient, state: BatchState): Promise<PostgresParticipantRows[]> {
    const rows: PostgresParticipantRows[] = [];
    for (const participant of this.participants) {
      const mine = await participant.onCommit(client, state.written);
      if (mine !== null) rows.push(mine);
    }
    return rows;
  }

  /** recordedAt for a batch after one stamped `previous`: never back along the global order. */
  private stamp(previous: string | undefined): string {
    const now = this.clock();
    const nowMs = now.getTime();
    if (!Number.isFinite(nowMs)) throw new Error('the injected clock returned an invalid Date');
    return previous !== undefined && Date.parse(previous) > nowMs ? previous : now.toISOString();
  }

  /** After a commit: what the next batch may build on (with the streams known before, if still valid). */
  private remember(state: BatchState, before: KnownState | null): void {
    const streams =
      before !== null && before.streams.size < KNOWN_STREAMS_LIMIT
        ? before.streams
        : new Map<string, StreamHead | null>();
    for (const [streamId, head] of state.streams) streams.set(streamId, head);
    this.known = {
      head: state.head,
      recordedAt: state.headRecordedAt,
      streams,
      contended: before === null,
    };
  }

  /**
   * Opens the transaction, takes the append lock and reads under it everything the appends of the
   * batch are checked against: the head, the heads of their streams, their idempotency keys and
   * the event ids they give. The connection pipelines these statements: one round trip.
   */
  private async beginBatch(client: PoolClient, batch: readonly QueuedAppend[]): Promise<BatchState> {
    const streams = new Set<string>();
    const keys = new Set<string>();
    const givenIds = new Set<string>();
    for (const { prepared } of batch) {
      streams.add(prepared.streamId);
      if (prepared.idempotencyKey !== null) keys.add(prepared.idempotencyKey);
      for (const event of prepared.events) if (event.eventId !== null) givenIds.add(event.eventId);
    }
    const none = Promise.resolve({ rows: [] });
    // Named statements: each connection parses and plans them once.
    const [, , head, heads, records, taken] = await inOneWrite(client, () =>
      Promise.all([
        client.query('BEGIN'),
        client.query({
          name: 'ledger-append-lock',
          text: `SELECT pg_advisory_xact_lock(${this.appendLock})`,
        }),
        client.query<{ position: string; recorded_at: string }>({
          name: 'ledger-head',
          text: 'SELECT position, recorded_at FROM events ORDER BY position DESC LIMIT 1',
        }),
        client.query<{ stream_id: string; revision: string; hash: string }>({
          name: 'ledger-stream-heads',
          text: `SELECT s.stream_id, e.revision, e.hash
                 FROM unnest($1::text[]) AS s (stream_id)
                 CROSS JOIN LATERAL (
                   SELECT revision, hash FROM events WHERE events.stream_id = s.stream_id
                   ORDER BY revision DESC LIMIT 1
                 ) e`,
          values: [[...streams]],
        }),
        keys.size === 0
          ? none
          : client.query<{
              idempotency_key: string;
              digest: string;
              stream_id: string;
              first_position: string;
              last_position: string;
            }>({
              name: 'ledger-keys',
              text: `SELECT idempotency_key, digest, stream_id, first_position, last_position
                     FROM idempotency_keys WHERE idempotency_key = ANY($1::text[])`,
              values: [[...keys]],
            }),
        givenIds.size === 0
          ? none
          : client.query<{ event_id: string }>({
              name: 'ledger-ids',
              text: 'SELECT event_id FROM events WHERE event_id = ANY($1::text[])',
              values: [[...givenIds]],
            }),
      ]),
    );
    const headRow = head.rows[0];
    // recordedAt never goes back along the global order, whatever the clock does.
    const state = emptyBatchState(
      headRow === undefined ? 0n : BigInt(headRow.position),
      headRow?.recorded_at,
      this.stamp(headRow?.recorded_at),
    );
    for (const streamId of streams) state.streams.set(streamId, null);
    for (const row of heads.rows)
      state.streams.set(row.stream_id, { revision: BigInt(row.revision), hash: row.hash });
    for (const row of records.rows) {
      state.keys.set(row.idempotency_key, {
        digest: row.digest,
        streamId: row.stream_id,
        first: BigInt(row.first_position),
        last: BigInt(row.last_position),
      });
    }
    for (const row of taken.rows) state.takenIds.add(row.event_id);
    return state;
  }

  /**
   * Checks each append in turn, then sends the batch's rows (one statement, as a rule) and COMMIT
   * together: one round trip.
   */
  private async writeBatch(
    client: PoolClient,
    batch: readonly QueuedAppend[],
    state: BatchState,
  ): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    let participantRows: PostgresParticipantRows[] = [];
    try {
      for (const pending of batch) outcomes.push(await this.applyAppend(client, pending.prepared, state));
      if (state.rows.length > 0) participantRows = await this.participantRows(client, state);
      await this.hooks.beforeCommit?.({ appends: batch.length, client });
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    const statements = state.rows.length > 0 ? batchStatements(state, participantRows, null) : [];
    const settled = await Promise.allSettled(
      inOneWrite(client, () => [
        ...statements.map((statement) => client.query(statement)),
        client.query('COMMIT'),
      ]),
    );
    const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
    // The server refused a write: the transaction was aborted, and COMMIT rolled it back.
    const refused = failures.find((error) => !isConnectionError(error));
    if (refused !== undefined)
      throw refused instanceof Error ? refused : new Error(describePostgresError(refused));
    // The connection broke after COMMIT was sent: the server may have committed or not.
    if (failures.length > 0) throw new CommitOutcomeUnknown(failures[0]);
    if (state.rows.length > 0) for (const participant of this.participants) participant.afterCommit?.();
    return outcomes;
  }

  /** One append against the batch's state; a refusal writes nothing and changes no state. */
  private async applyAppend(client: PoolClient, append: PreparedAppend, state: BatchState): Promise<Outcome> {
    const { streamId, idempotencyKey } = append;
    if (idempotencyKey !== null) {
      const previous = state.keys.get(idempotencyKey);
      if (previous !== undefined) {
        if (previous.digest !== append.digest)
          return { ok: false, error: new IdempotencyKeyReusedError(idempotencyKey) };
        const events =
          previous.events ??
          rowsToEvents(
            await client.query<[string, string, string]>({
              text: `SELECT ${EVENT_COLUMNS} FROM events WHERE position BETWEEN $1 AND $2 ORDER BY position`,
              values: [previous.first.toString(), previous.last.toString()],
              rowMode: 'array',
            }),
          );
        const last = events[events.length - 1];
        if (last === undefined) throw new Error(`idempotency key ${idempotencyKey} points at no events`);
        return {
          ok: true,
          written: 0,
          result: {
            streamId: previous.streamId,
            nextExpectedRevision: last.revision,
            position: last.position,
            events,
            replayed: true,
          },
        };
      }
    }
    const current = state.streams.get(streamId) ?? null;
    const actual = current?.revision ?? null;
    if (!expectationMet(append.expectedRevision, actual)) {
      return { ok: false, error: new WrongExpectedRevisionError(streamId, append.expectedRevision, actual) };
    }
    for (const event of append.events) {
      if (event.eventId !== null && state.takenIds.has(event.eventId)) {
        return { ok: false, error: new InvalidEventError('an event id of this append is already recorded') };
      }
    }
    const recorded: RecordedEvent[] = [];
    let prevHash = current?.hash ?? null;
    let revision = actual === null ? 0n : actual + 1n;
    let position = state.head + 1n;
    for (const event of append.events) {
      const eventId = event.eventId ?? uuidv7();
      const sealed = sealEvent(
        event,
        { eventId, streamId, revision, position, prevHash, recordedAt: state.recordedAt },
        this.participants.length > 0,
      );
      state.rows.push(sealed.recorded, sealed.envelope);
      // Only commit participants (the Merkle log) take the written events.
      if (sealed.leafHash !== null) {
        state.written.push({ position, envelope: sealed.envelope, leafHash: sealed.leafHash });
      }
      state.takenIds.add(eventId);
      recorded.push(sealed.recorded);
      prevHash = sealed.recorded.hash;
      revision++;
      position++;
    }
    const first = state.head + 1n;
    const last = position - 1n;
    if (idempotencyKey !== null && append.digest !== null) {
      state.keys.set(idempotencyKey, { digest: append.digest, streamId, first, last, events: recorded });
      state.keyRows.push({
        key: idempotencyKey,
        digest: append.digest,
        streamId,
        first: first.toString(),
        last: last.toString(),
      });
    }
    state.head = last;
    state.headRecordedAt = state.recordedAt;
    if (prevHash !== null) state.streams.set(streamId, { revision: revision - 1n, hash: prevHash });
    return {
      ok: true,
      written: recorded.length,
      result: {
        streamId,
        nextExpectedRevision: revision - 1n,
        position: last,
        events: recorded,
        replayed: false,
      },
    };
  }
}

/** The error every append of a failed batch is rejected with. */
export function batchFailure(error: unknown): StoreUnavailableError {
  return error instanceof CommitOutcomeUnknown
    ? new StoreUnavailableError(
        `the connection was lost while committing, so whether the batch was kept is unknown ` +
          `(${describePostgresError(error.cause)}); a retry with the same idempotency key tells`,
        { cause: error.cause },
      )
    : unavailable('the batch could not be committed; none of it was kept', error);
}

/** COMMIT failed because the connection was lost: the server may or may not have committed. */
class CommitOutcomeUnknown extends Error {
  constructor(override readonly cause: unknown) {
    super('commit outcome unknown');
  }
}

import type { PoolClient } from 'pg';
import type { CommittedEnvelope } from '../event-import';
import type { RecordedEvent } from '../event-store.port';

/**
 * What one append transaction of the PostgreSQL adapter knows and writes: the head and the stream
 * heads as its appends leave them, and the rows it inserts at its end (an import writes its rows
 * the same way).
 */

export interface StreamHead {
  revision: bigint;
  hash: string;
}

export interface KeyRecord {
  digest: string;
  streamId: string;
  first: bigint;
  last: bigint;
  /** The events, when they were written by this batch. */
  events?: RecordedEvent[];
}

/** Rows to insert at the end of the batch, column by column (one multi-row INSERT … SELECT unnest). */
export class EventRows {
  readonly position: string[] = [];
  readonly streamId: string[] = [];
  readonly revision: string[] = [];
  readonly eventId: string[] = [];
  readonly type: string[] = [];
  readonly recordedAt: string[] = [];
  readonly hash: string[] = [];
  readonly prevHash: (string | null)[] = [];
  readonly envelope: string[] = [];

  get length(): number {
    return this.position.length;
  }

  push(event: Omit<RecordedEvent, 'data' | 'schemaVersion'>, envelope: string): void {
    this.position.push(event.position.toString());
    this.streamId.push(event.streamId);
    this.revision.push(event.revision.toString());
    this.eventId.push(event.eventId);
    this.type.push(event.type);
    this.recordedAt.push(event.metadata.recordedAt);
    this.hash.push(event.hash);
    this.prevHash.push(event.prevHash);
    this.envelope.push(envelope);
  }
}

/** Everything one batch transaction knows: the head and stream heads as this batch leaves them. */
export interface BatchState {
  /** The head when the batch began. */
  startHead: bigint;
  head: bigint;
  /** recordedAt of the batch's events. */
  recordedAt: string;
  /** recordedAt of the event at `head` (undefined: none). */
  headRecordedAt: string | undefined;
  streams: Map<string, StreamHead | null>;
  keys: Map<string, KeyRecord>;
  /** Event ids already recorded, or written by this batch. */
  takenIds: Set<string>;
  rows: EventRows;
  keyRows: { key: string; digest: string; streamId: string; first: string; last: string }[];
  written: CommittedEnvelope[];
}

export function emptyBatchState(
  head: bigint,
  headRecordedAt: string | undefined,
  recordedAt: string,
): BatchState {
  return {
    startHead: head,
    head,
    recordedAt,
    headRecordedAt,
    streams: new Map(),
    keys: new Map(),
    takenIds: new Set(),
    rows: new EventRows(),
    keyRows: [],
    written: [],
  };
}

/** A multi-row insert is sent once its envelopes reach this size (PostgreSQL caps a message at 1 GB). */
const INSERT_CHUNK_BYTES = 32 * 1024 * 1024;

/**
 * Writes the batch's events (in chunks of at most INSERT_CHUNK_BYTES) and idempotency keys. Every
 * statement is sent before this returns (nothing is awaited in between), so a COMMIT sent next
 * follows them on the connection.
 */
export function insertBatchRows(client: PoolClient, state: BatchState): Promise<unknown> {
  const rows = state.rows;
  const statements: Promise<unknown>[] = [];
  let start = 0;
  while (start < rows.length) {
    let end = start;
    let bytes = 0;
    while (end < rows.length && (end === start || bytes < INSERT_CHUNK_BYTES)) {
      bytes += rows.envelope[end]?.length ?? 0;
      end++;
    }
    const slice = <T>(column: T[]): T[] => column.slice(start, end);
    if (end - start === 1) {
      // One row (a lone append): plain parameters cost less to encode than one-element arrays.
      statements.push(
        client.query({
          name: 'ledger-insert-event',
          text: `INSERT INTO events (position, stream_id, revision, event_id, type, recorded_at, hash, prev_hash, envelope)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          values: [
            rows.position[start],
            rows.streamId[start],
            rows.revision[start],
            rows.eventId[start],
            rows.type[start],
            rows.recordedAt[start],
            rows.hash[start],
            rows.prevHash[start],
            rows.envelope[start],
          ],
        }),
      );
      start = end;
      continue;
    }
    statements.push(
      client.query({
        name: 'ledger-insert-events',
        text: `INSERT INTO events (position, stream_id, revision, event_id, type, recorded_at, hash, prev_hash, envelope)
               SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[],
                                    $7::text[], $8::text[], $9::text[])`,
        values: [
          slice(rows.position),
          slice(rows.streamId),
          slice(rows.revision),
          slice(rows.eventId),
          slice(rows.type),
          slice(rows.recordedAt),
          slice(rows.hash),
          slice(rows.prevHash),
          slice(rows.envelope),
        ],
      }),
    );
    start = end;
  }
  if (state.keyRows.length > 0) {
    statements.push(
      client.query({
        name: 'ledger-insert-keys',
        text: `INSERT INTO idempotency_keys (idempotency_key, digest, stream_id, first_position, last_position, recorded_at)
               SELECT k, d, s, f, l, $6 FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[])
                 AS t (k, d, s, f, l)`,
        values: [
          state.keyRows.map((r) => r.key),
          state.keyRows.map((r) => r.digest),
          state.keyRows.map((r) => r.streamId),
          state.keyRows.map((r) => r.first),
          state.keyRows.map((r) => r.last),
          state.recordedAt,
        ],
      }),
    );
  }
  return Promise.all(statements);
}

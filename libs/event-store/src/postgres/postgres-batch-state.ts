import type { CommittedEnvelope } from '../event-import';
import type { RecordedEvent } from '../event-store.port';
import { participantInsertSql, type PostgresParticipantRows } from './postgres-commit-participant';

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

const EVENT_COLUMNS_SQL =
  'position, stream_id, revision, event_id, type, recorded_at, hash, prev_hash, envelope';
const EVENT_TYPES = ['bigint', 'text', 'bigint', 'text', 'text', 'text', 'text', 'text', 'text'] as const;
const KEY_COLUMNS_SQL = 'idempotency_key, digest, stream_id, first_position, last_position, recorded_at';
const KEY_TYPES = ['text', 'text', 'text', 'bigint', 'bigint'] as const;

/** A statement to send, prepared once per connection under its name. */
export interface BatchStatement {
  name: string;
  text: string;
  values: unknown[];
}

/** The event columns of rows [start, end), one array per column. */
function eventColumns(rows: EventRows, start: number, end: number): unknown[][] {
  return [
    rows.position,
    rows.streamId,
    rows.revision,
    rows.eventId,
    rows.type,
    rows.recordedAt,
    rows.hash,
    rows.prevHash,
    rows.envelope,
  ].map((column: unknown[]) => column.slice(start, end));
}

function keyColumns(state: BatchState): unknown[][] {
  const keys = state.keyRows;
  return [
    keys.map((r) => r.key),
    keys.map((r) => r.digest),
    keys.map((r) => r.streamId),
    keys.map((r) => r.first),
    keys.map((r) => r.last),
  ];
}

/** True when the batch's rows go in one statement (their envelopes stay under the chunk size). */
export function fitsOneStatement(state: BatchState): boolean {
  let bytes = 0;
  for (const envelope of state.rows.envelope) bytes += envelope.length;
  return bytes < INSERT_CHUNK_BYTES;
}

/**
 * The statements writing the batch: its events, its idempotency keys and the participants' rows.
 * When the events fit in one chunk (the usual case) that is ONE statement, data-modifying CTEs
 * side by side; with `lock`, that statement first takes the append lock (every insert reads from
 * the CTE that takes it, so none runs before it), and sent alone outside a transaction it is a
 * whole append in one round trip — the lock, the rows and the commit. Larger batches are written
 * in several statements (chunks of INSERT_CHUNK_BYTES), without `lock`: inside a transaction that
 * already holds it.
 */
export function batchStatements(
  state: BatchState,
  participants: readonly PostgresParticipantRows[],
  lock: string | null,
): BatchStatement[] {
  const rows = state.rows;
  if (!fitsOneStatement(state)) {
    if (lock !== null) throw new Error('a batch larger than one statement must be written under the lock');
    return chunkedStatements(state, participants);
  }
  // One row (a lone append): plain parameters cost less to encode than one-element arrays.
  const values: unknown[] =
    rows.length === 1 ? eventColumns(rows, 0, 1).map(([value]) => value) : eventColumns(rows, 0, rows.length);
  const keys = state.keyRows.length > 0;
  if (keys) values.push(...keyColumns(state), state.recordedAt);
  for (const table of participants) values.push(...table.values);
  const shape = {
    lock,
    events: rows.length === 1 ? ('one' as const) : ('many' as const),
    keys,
    participants: participants.map(({ table, columns }) => ({ table, columns })),
  };
  const name = `ledger-batch-${lock === null ? '' : 'locked-'}${shape.events}-${keys ? 'keys-' : ''}${participants
    .map((t) => t.table)
    .join('-')}`;
  const cacheKey = `${lock ?? ''}:${name}`;
  let text = statementTexts.get(cacheKey);
  if (text === undefined) {
    text = batchStatementText(shape);
    statementTexts.set(cacheKey, text);
  }
  return [{ name, text, values }];
}

/** The text of each shape of batch statement (a handful), built once. */
const statementTexts = new Map<string, string>();

function batchStatementText(shape: {
  lock: string | null;
  events: 'one' | 'many';
  keys: boolean;
  participants: readonly Pick<PostgresParticipantRows, 'table' | 'columns'>[];
}): string {
  let next = 0;
  const param = (type: string): string => `$${++next}::${type}`;
  const from = shape.lock === null ? 'FROM ' : 'FROM locked, ';
  const inserts: string[] = [];
  if (shape.events === 'one') {
    inserts.push(
      `INSERT INTO events (${EVENT_COLUMNS_SQL}) ` +
        `SELECT ${EVENT_TYPES.map((type) => param(type)).join(', ')}${shape.lock === null ? '' : ' FROM locked'}`,
    );
  } else {
    inserts.push(
      `INSERT INTO events (${EVENT_COLUMNS_SQL}) ` +
        `SELECT e.* ${from}unnest(${EVENT_TYPES.map((type) => param(`${type}[]`)).join(', ')}) AS e`,
    );
  }
  if (shape.keys) {
    const arrays = KEY_TYPES.map((type) => param(`${type}[]`)).join(', ');
    inserts.push(
      `INSERT INTO idempotency_keys (${KEY_COLUMNS_SQL}) SELECT k.*, ${param('text')} ${from}unnest(${arrays}) AS k`,
    );
  }
  for (const table of shape.participants) {
    const columns = table.columns.map(([name]) => name).join(', ');
    const arrays = table.columns.map(([, type]) => param(`${type}[]`)).join(', ');
    inserts.push(`INSERT INTO ${table.table} (${columns}) SELECT t.* ${from}unnest(${arrays}) AS t`);
  }
  // The last insert is the statement itself (it returns no rows: nothing to describe or parse), the
  // others are CTEs beside it.
  const ctes = inserts.slice(0, -1).map((insert, i) => `write_${i} AS (${insert})`);
  if (shape.lock !== null) ctes.unshift(`locked AS (SELECT pg_advisory_xact_lock(${shape.lock}))`);
  return `${ctes.length === 0 ? '' : `WITH ${ctes.join(',\n')}\n`}${inserts[inserts.length - 1] ?? ''}`;
}

/** A batch over INSERT_CHUNK_BYTES: its events in chunks, then its keys, then each participant's rows. */
function chunkedStatements(
  state: BatchState,
  participants: readonly PostgresParticipantRows[],
): BatchStatement[] {
  const rows = state.rows;
  const statements: BatchStatement[] = [];
  let start = 0;
  while (start < rows.length) {
    let end = start;
    let bytes = 0;
    while (end < rows.length && (end === start || bytes < INSERT_CHUNK_BYTES)) {
      bytes += rows.envelope[end]?.length ?? 0;
      end++;
    }
    const arrays = EVENT_TYPES.map((type, i) => `$${i + 1}::${type}[]`).join(', ');
    statements.push({
      name: 'ledger-insert-events',
      text: `INSERT INTO events (${EVENT_COLUMNS_SQL}) SELECT * FROM unnest(${arrays})`,
      values: eventColumns(rows, start, end),
    });
    start = end;
  }
  if (state.keyRows.length > 0) {
    statements.push({
      name: 'ledger-insert-keys',
      text: `INSERT INTO idempotency_keys (${KEY_COLUMNS_SQL})
             SELECT k.*, $6::text FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[]) AS k`,
      values: [...keyColumns(state), state.recordedAt],
    });
  }
  for (const table of participants) {
    statements.push({
      name: `ledger-insert-${table.table}`,
      text: participantInsertSql(table, 1),
      values: [...table.values],
    });
  }
  return statements;
}

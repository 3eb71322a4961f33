import {
  ANY,
  type AppendExpectedRevision,
  ErrorType,
  type EventData,
  jsonEvent,
  NO_STREAM,
  type ReadPosition,
  type RecordedEvent as EsdbRecordedEvent,
  START,
  STREAM_EXISTS,
} from '@eventstore/db-client';
import { v5 as uuidv5 } from 'uuid';
import { InvalidEventError, StoreUnavailableError, WrongExpectedRevisionError } from '../event-store.errors';
import type { Actor, EventMetadata, ExpectedRevision, JsonObject, RecordedEvent } from '../event-store.port';
import { type PreparedAppend, sealEvent } from '../event-store.validation';

/**
 * How the ledger's envelope maps onto EventStoreDB (DESIGN.md §4, §6): pure functions, so they are
 * tested without a server.
 *
 * - A ledger stream is the EventStoreDB stream `<namespace><streamId>`, its revisions one to one.
 *   The namespace (empty by default) lets several ledgers, or test runs, share one server.
 * - The event's id, type and data are EventStoreDB's; the envelope's metadata is the event's
 *   metadata, with `$correlationId` and `$causationId` for EventStoreDB's own tools, and the rest of
 *   the envelope (schemaVersion, prevHash, hash, the position the hash covers) under `ledger`.
 * - `position` is the commit position of the event in the server's transaction log.
 */

/** Version of the `ledger` member of the stored metadata. */
export const LEDGER_METADATA_VERSION = 1;

/** Namespace of the reservation streams' names derived from an idempotency key (UUIDv5). */
const RESERVATION_NAMESPACE = 'a4f0c6e2-5b1d-4e8a-9c3f-7d2b6e1a0f95';

const NAMESPACE = /^[A-Za-z0-9._-]{0,64}$/;
const LEDGER_STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9_.:@-]*$/;

/** A namespace is up to 64 of A–Z a–z 0–9 . _ - (so that it can sit in a regular expression). */
export function validateNamespace(namespace: string): string {
  if (!NAMESPACE.test(namespace)) {
    throw new InvalidEventError(
      `the EventStoreDB namespace "${namespace}" may hold only up to 64 ASCII letters, digits and . _ -`,
    );
  }
  return namespace;
}

export function esdbStreamName(namespace: string, streamId: string): string {
  return `${namespace}${streamId}`;
}

/** The ledger stream an EventStoreDB stream holds, or null for any other stream (system, other ledgers). */
export function ledgerStreamId(namespace: string, streamName: string): string | null {
  if (!streamName.startsWith(namespace)) return null;
  const streamId = streamName.slice(namespace.length);
  return LEDGER_STREAM_ID.test(streamId) ? streamId : null;
}

/**
 * The server-side filter of the ledger's streams in $all: the namespace followed by a letter or a
 * digit, as every ledger stream id starts. System streams (`$…`), metadata streams (`$$…`) and the
 * adapter's own reservation streams (`<namespace>_…`) do not match.
 */
export function ledgerStreamRegex(namespace: string): string {
  return `^${namespace.replace(/[.-]/g, (c) => `\\${c}`)}[A-Za-z0-9]`;
}

/**
 * The stream that reserves an idempotency key across the whole ledger (EventStoreDB checks
 * uniqueness only within one stream, so the key gets a stream of its own). Not a ledger stream.
 */
export function idempotencyStreamName(namespace: string, idempotencyKey: string): string {
  return `${namespace}_idempotency-${uuidv5(idempotencyKey, RESERVATION_NAMESPACE)}`;
}

/** The stream that reserves an event id given by the caller (unique across the ledger, as on SQL stores). */
export function eventIdStreamName(namespace: string, eventId: string): string {
  return `${namespace}_event-id-${eventId}`;
}

// ---- expected revisions ------------------------------------------------------------------------

/** The port's expected revision in the client's terms, one to one. */
export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return expected;
  }
}

/**
 * The revision an append is pinned to: the one the adapter read, exactly. Each event names the hash
 * of its predecessor, so the write must land right after the event that was read — 'any' and
 * 'exists' are checked against that read and the append is retried if another writer came first.
 */
export function pinnedRevision(actual: bigint | null): AppendExpectedRevision {
  return toEsdbExpectedRevision(actual ?? 'no_stream');
}

/** The stream's revision a WrongExpectedVersionError reports (null: no stream). */
export function actualRevisionOf(error: { actualVersion: unknown }): bigint | null {
  const actual = error.actualVersion;
  return typeof actual === 'bigint' && actual >= 0n ? actual : null;
}

export function isWrongExpectedVersion(error: unknown): error is { actualVersion: unknown } {
  return (error as { type?: unknown } | null)?.type === ErrorType.WRONG_EXPECTED_VERSION;
}

/** WrongExpectedVersionError → the port's WrongExpectedRevision, with what the caller expected. */
export function toWrongExpectedRevision(
  streamId: string,
  expected: ExpectedRevision,
  error: { actualVersion: unknown },
): WrongExpectedRevisionError {
  return new WrongExpectedRevisionError(streamId, expected, actualRevisionOf(error));
}

// ---- errors ------------------------------------------------------------------------------------

/** gRPC status codes that mean the server cannot answer now (UNAVAILABLE, DEADLINE_EXCEEDED…). */
const UNAVAILABLE_GRPC_CODES = new Set([1, 4, 8, 10, 13, 14]);
const UNAVAILABLE_TYPES: ReadonlySet<unknown> = new Set([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.NOT_LEADER,
  ErrorType.CANCELLED,
  ErrorType.ACCESS_DENIED,
]);

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * True when the error says the server is unreachable or cannot serve now (down, no leader, a
 * deadline passed, the connection refused, no permission): the port's StoreUnavailable. The
 * client does not always wrap gRPC errors (an append to an unreachable server rejects with a plain
 * Error whose `code` is 14), so both its error types and the gRPC codes count.
 */
export function isUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { type, code } = error as { type?: unknown; code?: unknown };
  if (UNAVAILABLE_TYPES.has(type)) return true;
  if (typeof code === 'number' && UNAVAILABLE_GRPC_CODES.has(code)) return true;
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|No connection established/.test(errorMessage(error));
}

/** Errors of the port pass through; unreachable servers become StoreUnavailable; the rest too, described. */
export function toStoreError(error: unknown, action: string): Error {
  if (
    error instanceof WrongExpectedRevisionError ||
    error instanceof InvalidEventError ||
    error instanceof StoreUnavailableError
  ) {
    return error;
  }
  if (
    typeof error === 'object' &&
    error !== null &&
    (error as { type?: unknown }).type === ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED
  ) {
    return new InvalidEventError(
      `the append is larger than this EventStoreDB accepts at once (its MaxAppendSize): ${errorMessage(error)}`,
    );
  }
  const detail = isUnavailable(error)
    ? `EventStoreDB cannot be reached (${action}): ${errorMessage(error)}`
    : `EventStoreDB failed (${action}): ${errorMessage(error)}`;
  return new StoreUnavailableError(detail, { cause: error });
}

// ---- positions ---------------------------------------------------------------------------------

/** Where a read of $all starts to find the events after `after` (the read is inclusive: skip `after`). */
export function readPositionAfter(after: bigint): ReadPosition {
  return after === 0n ? START : { commit: after, prepare: after };
}

// ---- events ------------------------------------------------------------------------------------

/** The stored metadata of a ledger event (JSON). */
export interface StoredLedgerMetadata extends EventMetadata {
  $correlationId: string;
  $causationId: string;
  ledger: {
    v: number;
    schemaVersion: number;
    prevHash: string | null;
    hash: string;
    /** Decimal: the position the hash covers (0 for events appended here). */
    hashedPosition: string;
    /** Random per append call: tells a write of this call from one EventStoreDB found already done. */
    attempt: string;
  };
}

/**
 * The events of an append as they will be stored: revisions after `head`, each naming its
 * predecessor's hash, stamped `recordedAt`, hashed with position 0 — an append to EventStoreDB
 * cannot know the commit position its events will get, so their hash covers none
 * (`hashedPosition` 0n); the Merkle tree, built in the order the projector reads, binds their
 * global order instead. `position` stays 0n until the events are read back.
 */
export function sealAppend(
  append: PreparedAppend,
  head: { revision: bigint; hash: string } | null,
  recordedAt: string,
  newEventId: () => string,
): RecordedEvent[] {
  let prevHash = head?.hash ?? null;
  let revision = head === null ? 0n : head.revision + 1n;
  return append.events.map((event) => {
    const eventId = event.eventId ?? newEventId();
    const { recorded } = sealEvent(
      event,
      { eventId, streamId: append.streamId, revision, position: 0n, prevHash, recordedAt },
      false,
    );
    prevHash = recorded.hash;
    revision++;
    return { ...recorded, hashedPosition: 0n };
  });
}

/** An envelope as EventStoreDB event data (the client's jsonEvent). */
export function toEsdbEvent(event: RecordedEvent, attempt: string): EventData {
  const metadata: StoredLedgerMetadata = {
    ...event.metadata,
    // EventStoreDB's conventions (its projections and UI read them); the envelope's own fields stay as they are.
    $correlationId: event.metadata.correlationId,
    $causationId: event.metadata.causationId ?? event.metadata.correlationId,
    ledger: {
      v: LEDGER_METADATA_VERSION,
      schemaVersion: event.schemaVersion,
      prevHash: event.prevHash,
      hash: event.hash,
      hashedPosition: (event.hashedPosition ?? event.position).toString(),
      attempt,
    },
  };
  return jsonEvent({ id: event.eventId, type: event.type, data: event.data, metadata });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const HEX64 = /^[0-9a-f]{64}$/;
const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

function notLedger(streamName: string, revision: bigint, why: string): StoreUnavailableError {
  return new StoreUnavailableError(
    `event ${revision.toString()} of EventStoreDB stream ${streamName} is not a ledger event: ${why}`,
  );
}

function optionalString(source: Record<string, unknown>, key: string): string | undefined {
  const value = source[key];
  return typeof value === 'string' ? value : undefined;
}

/** The envelope's metadata out of the stored metadata: only the known members. */
function envelopeMetadata(stored: Record<string, unknown>): EventMetadata | null {
  const actor = stored.actor;
  if (!isRecord(actor) || typeof actor.id !== 'string' || typeof actor.role !== 'string') return null;
  const { correlationId, source, recordedAt } = stored;
  if (typeof correlationId !== 'string' || typeof source !== 'string' || typeof recordedAt !== 'string') {
    return null;
  }
  const metadataActor: Actor = { id: actor.id, role: actor.role as Actor['role'] };
  if (typeof actor.municipalityCode === 'string') metadataActor.municipalityCode = actor.municipalityCode;
  const metadata: EventMetadata = {
    actor: metadataActor,
    correlationId,
    source: source as EventMetadata['source'],
    recordedAt,
  };
  for (const key of ['causationId', 'idempotencyKey', 'reason', 'normalization', 'requestDigest'] as const) {
    const value = optionalString(stored, key);
    if (value !== undefined) metadata[key] = value;
  }
  if (stored.illustrative === true) metadata.illustrative = true;
  return metadata;
}

/**
 * A stored EventStoreDB event back to the envelope. Needs the event's log position, which the
 * server sends with stream reads from version 22.6 on; for an event the adapter wrote, its
 * commit and prepare positions are the same (each event is its own record of an implicit
 * transaction), so the commit position alone is the position to resume from.
 */
export function fromEsdbEvent(namespace: string, recorded: EsdbRecordedEvent): RecordedEvent {
  const { streamId: streamName, revision } = recorded;
  const streamId = ledgerStreamId(namespace, streamName);
  if (streamId === null) throw notLedger(streamName, revision, 'the stream is outside the ledger');
  const position = recorded.position;
  if (position === undefined) {
    throw new StoreUnavailableError(
      'EventStoreDB sent an event without its log position: the ledger needs EventStoreDB 22.6 or later',
    );
  }
  if (position.commit !== position.prepare) {
    throw notLedger(streamName, revision, 'it was written in an explicit transaction');
  }
  if (!recorded.isJson || !isRecord(recorded.data))
    throw notLedger(streamName, revision, 'its data is not a JSON object');
  const stored = recorded.metadata;
  if (!isRecord(stored) || !isRecord(stored.ledger))
    throw notLedger(streamName, revision, 'no ledger metadata');
  const { schemaVersion, prevHash, hash, hashedPosition } = stored.ledger;
  if (
    typeof schemaVersion !== 'number' ||
    typeof hash !== 'string' ||
    !HEX64.test(hash) ||
    (prevHash !== null && (typeof prevHash !== 'string' || !HEX64.test(prevHash))) ||
    typeof hashedPosition !== 'string' ||
    !DECIMAL.test(hashedPosition)
  ) {
    throw notLedger(streamName, revision, 'its ledger metadata is malformed');
  }
  const metadata = envelopeMetadata(stored);
  if (metadata === null) throw notLedger(streamName, revision, 'its envelope metadata is malformed');
  const event: RecordedEvent = {
    eventId: recorded.id,
    streamId,
    revision,
    position: position.commit,
    type: recorded.type,
    schemaVersion,
    data: recorded.data as JsonObject,
    metadata,
    hash,
    prevHash,
  };
  const covered = BigInt(hashedPosition);
  // The hash covers the position itself only by coincidence here; say so only when it differs.
  if (covered !== event.position) event.hashedPosition = covered;
  return event;
}

/** The adapter's own attempt marker of a stored event (to tell its own writes from earlier ones). */
export function attemptOf(recorded: EsdbRecordedEvent): string | null {
  const stored = recorded.metadata;
  if (!isRecord(stored) || !isRecord(stored.ledger)) return null;
  const attempt = stored.ledger.attempt;
  return typeof attempt === 'string' ? attempt : null;
}

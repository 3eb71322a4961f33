import {
  canonicalEventBytes,
  type EventMetadata,
  type JsonObject,
  type RecordedEvent,
} from '@kyoyaku/event-store';
import { decodeBase64Strict } from '../encoding';
import { leafHash } from '../merkle/merkle-hash';

/**
 * The export format (newline-delimited JSON): one line per event in global order, as the API
 * serialises it (apps/api/src/events/event.resource.ts: revision and position as decimal strings,
 * the rest as stored), then the last line `{"checkpoint":"<signed note>"}`. Defined here, once, so
 * the exporter (API/CLI) and the offline verifier agree.
 */
export interface ExportedEvent {
  eventId: string;
  streamId: string;
  revision: string;
  position: string;
  /** Only when the hash covers another position than `position` (see RecordedEvent.hashedPosition). */
  hashedPosition?: string;
  type: string;
  schemaVersion: number;
  data: JsonObject;
  metadata: EventMetadata;
  hash: string;
  prevHash: string | null;
}

export function toExportedEvent(event: RecordedEvent): ExportedEvent {
  return {
    eventId: event.eventId,
    streamId: event.streamId,
    revision: event.revision.toString(),
    position: event.position.toString(),
    ...(event.hashedPosition === undefined ? {} : { hashedPosition: event.hashedPosition.toString() }),
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    hash: event.hash,
    prevHash: event.prevHash,
  };
}

/**
 * An event the reader may not see, in its place: its position and its hashes, nothing of its content
 * (no stream, type, data or metadata). The leaf hash keeps the Merkle tree — inclusion and
 * consistency — checkable; the event hash lets whoever later holds the event match it to this place.
 */
export interface WithheldEvent {
  position: string;
  /** As on ExportedEvent: only when the hash covers another position. */
  hashedPosition?: string;
  withheld: true;
  /** The event's hash (64 hex digits). */
  hash: string;
  /** base64 of the RFC 9162 leaf hash SHA-256(0x00 ‖ canonical event). */
  leafHash: string;
}

export function toWithheldEvent(event: RecordedEvent): WithheldEvent {
  return {
    position: event.position.toString(),
    ...(event.hashedPosition === undefined ? {} : { hashedPosition: event.hashedPosition.toString() }),
    withheld: true,
    hash: event.hash,
    leafHash: leafHash(canonicalEventBytes(event)).toString('base64'),
  };
}

/** One export line for an event (without the newline). */
export function exportEventLine(event: RecordedEvent): string {
  return JSON.stringify(toExportedEvent(event));
}

/** The export line of an event withheld from the reader: its stub (without the newline). */
export function exportWithheldLine(event: RecordedEvent): string {
  return JSON.stringify(toWithheldEvent(event));
}

/**
 * The last line of an export cut short by a stored event that does not read as one: its position
 * and why (no checkpoint follows: nothing is signed over a ledger known to be corrupt).
 */
export function exportCorruptLine(position: bigint, problem: string): string {
  return JSON.stringify({ corrupt: { position: position.toString(), problem } });
}

/** The last export line: the signed checkpoint note of the exported events. */
export function exportCheckpointLine(note: string): string {
  return JSON.stringify({ checkpoint: note });
}

const EVENT_FIELDS = [
  'eventId',
  'streamId',
  'revision',
  'position',
  'type',
  'schemaVersion',
  'data',
  'metadata',
  'hash',
  'prevHash',
] as const;
const OPTIONAL_EVENT_FIELDS = ['hashedPosition'] as const;
const EVENT_FIELD_SET: ReadonlySet<string> = new Set([...EVENT_FIELDS, ...OPTIONAL_EVENT_FIELDS]);
const DECIMAL = /^(?:0|[1-9][0-9]*)$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An exported event (parsed JSON) back to a RecordedEvent, or the reason it is not one. Strict:
 * exactly the envelope's fields (an extra field would ride along unhashed), decimal strings
 * without leading zeros, hashes as 64 lower-case hex digits.
 */
export function parseExportedEvent(
  value: unknown,
): { ok: true; event: RecordedEvent } | { ok: false; reason: string } {
  const fail = (reason: string) => ({ ok: false as const, reason });
  if (!isPlainObject(value)) return fail('an event is a JSON object');
  const extra = Object.keys(value).filter((key) => !EVENT_FIELD_SET.has(key));
  if (extra.length > 0) return fail(`unknown field(s) ${extra.join(', ')}`);
  const missing = EVENT_FIELDS.filter((key) => !(key in value));
  if (missing.length > 0) return fail(`missing field(s) ${missing.join(', ')}`);
  const { eventId, streamId, revision, position, type, schemaVersion, data, metadata, hash, prevHash } =
    value;
  if (typeof eventId !== 'string' || typeof streamId !== 'string' || typeof type !== 'string') {
    return fail('eventId, streamId and type are strings');
  }
  if (typeof revision !== 'string' || !DECIMAL.test(revision)) return fail('revision is a decimal string');
  if (typeof position !== 'string' || !DECIMAL.test(position) || position === '0') {
    return fail('position is a decimal string ≥ 1');
  }
  const hashedPosition: unknown = value.hashedPosition;
  if (hashedPosition !== undefined && (typeof hashedPosition !== 'string' || !DECIMAL.test(hashedPosition))) {
    return fail('hashedPosition, when present, is a decimal string');
  }
  if (typeof schemaVersion !== 'number' || !Number.isSafeInteger(schemaVersion)) {
    return fail('schemaVersion is an integer');
  }
  if (!isPlainObject(data) || !isPlainObject(metadata)) return fail('data and metadata are JSON objects');
  if (typeof hash !== 'string' || !HEX_SHA256.test(hash)) return fail('hash is 64 lower-case hex digits');
  if (prevHash !== null && (typeof prevHash !== 'string' || !HEX_SHA256.test(prevHash))) {
    return fail('prevHash is null or 64 lower-case hex digits');
  }
  return {
    ok: true,
    event: {
      eventId,
      streamId,
      revision: BigInt(revision),
      position: BigInt(position),
      ...(hashedPosition === undefined ? {} : { hashedPosition: BigInt(hashedPosition) }),
      type,
      schemaVersion,
      // Parsed JSON: the hash check decides whether it is the content that was recorded.
      data: data as JsonObject,
      metadata: metadata as unknown as EventMetadata,
      hash,
      prevHash,
    },
  };
}

/** A withheld event's stub, parsed. */
export interface WithheldLine {
  position: bigint;
  hashedPosition?: bigint;
  hash: string;
  leafHash: Buffer;
}

const WITHHELD_FIELDS: ReadonlySet<string> = new Set([
  'position',
  'hashedPosition',
  'withheld',
  'hash',
  'leafHash',
]);

function parseWithheld(
  value: Record<string, unknown>,
): { ok: true; stub: WithheldLine } | { ok: false; reason: string } {
  const fail = (reason: string) => ({ ok: false as const, reason: `withheld event: ${reason}` });
  const extra = Object.keys(value).filter((key) => !WITHHELD_FIELDS.has(key));
  if (extra.length > 0) return fail(`unknown field(s) ${extra.join(', ')}`);
  const { position, hashedPosition, hash, leafHash: leaf } = value;
  if (typeof position !== 'string' || !DECIMAL.test(position) || position === '0') {
    return fail('position is a decimal string ≥ 1');
  }
  if (hashedPosition !== undefined && (typeof hashedPosition !== 'string' || !DECIMAL.test(hashedPosition))) {
    return fail('hashedPosition, when present, is a decimal string');
  }
  if (typeof hash !== 'string' || !HEX_SHA256.test(hash)) return fail('hash is 64 lower-case hex digits');
  const leafBytes = typeof leaf === 'string' ? decodeBase64Strict(leaf) : null;
  if (leafBytes?.length !== 32) return fail('leafHash is the base64 of 32 bytes');
  return {
    ok: true,
    stub: {
      position: BigInt(position),
      ...(hashedPosition === undefined ? {} : { hashedPosition: BigInt(hashedPosition) }),
      hash,
      leafHash: leafBytes,
    },
  };
}

export type ExportLine =
  | { kind: 'event'; event: RecordedEvent }
  | { kind: 'withheld'; stub: WithheldLine }
  | { kind: 'checkpoint'; note: string }
  | { kind: 'corrupt'; position: bigint; problem: string }
  | { kind: 'malformed'; reason: string };

/** Parses one export line (without its newline). */
export function parseExportLine(line: string): ExportLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'malformed', reason: 'not JSON' };
  }
  if (isPlainObject(value) && 'checkpoint' in value) {
    const keys = Object.keys(value);
    if (keys.length !== 1 || typeof value.checkpoint !== 'string') {
      return { kind: 'malformed', reason: 'a checkpoint line is {"checkpoint": "<signed note>"}' };
    }
    return { kind: 'checkpoint', note: value.checkpoint };
  }
  if (isPlainObject(value) && 'corrupt' in value) {
    const corrupt = value.corrupt;
    if (
      Object.keys(value).length !== 1 ||
      !isPlainObject(corrupt) ||
      typeof corrupt.position !== 'string' ||
      !DECIMAL.test(corrupt.position) ||
      typeof corrupt.problem !== 'string'
    ) {
      return {
        kind: 'malformed',
        reason: 'a corrupt line is {"corrupt": {"position": "<n>", "problem": "…"}}',
      };
    }
    return { kind: 'corrupt', position: BigInt(corrupt.position), problem: corrupt.problem };
  }
  if (isPlainObject(value) && 'withheld' in value) {
    if (value.withheld !== true) return { kind: 'malformed', reason: 'withheld event: withheld is true' };
    const stub = parseWithheld(value);
    return stub.ok ? { kind: 'withheld', stub: stub.stub } : { kind: 'malformed', reason: stub.reason };
  }
  const parsed = parseExportedEvent(value);
  return parsed.ok ? { kind: 'event', event: parsed.event } : { kind: 'malformed', reason: parsed.reason };
}

import canonicalize from 'canonicalize';
import { hash } from 'node:crypto';
import { CorruptEventError } from './event-store.errors';
import type {
  EventMetadata,
  EventMetadataInput,
  JsonObject,
  JsonValue,
  RecordedEvent,
} from './event-store.port';

/**
 * Canonical bytes and hashes of events (DESIGN.md §4, §9).
 *
 * The canonical form of an event is the RFC 8785 (JCS) serialisation of its envelope without
 * `hash`, with `prevHash` included (so each event binds its predecessor in the stream) and the
 * bigint `revision`/`position` rendered as decimal strings. `canonicalEnvelopeJson` is the one place
 * that defines those bytes: the stores hash and keep them, the Merkle log takes them as its leaves.
 * Events are hashed exactly as stored; nothing is normalised here.
 */

/** Everything of an event that is hashed: the envelope without `hash`. */
export type HashableEvent = Omit<RecordedEvent, 'hash'>;

/** An envelope whose `data` and `metadata` are already in canonical JSON (what the stores build). */
export interface CanonicalEnvelopeParts {
  eventId: string;
  streamId: string;
  revision: bigint;
  position: bigint;
  type: string;
  schemaVersion: number;
  /** RFC 8785 canonical JSON of the data object. */
  dataJson: string;
  /** RFC 8785 canonical JSON of the metadata object (recordedAt included). */
  metadataJson: string;
  prevHash: string | null;
}

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** RFC 8785 canonical JSON of a JSON value (the `canonicalize` package). */
export function canonicalJson(value: JsonValue | EventMetadataInput): string {
  const json = canonicalize(value);
  if (json === undefined) throw new TypeError('value has no JSON form');
  return json;
}

const METADATA_FIELDS = new Set([
  'actor',
  'causationId',
  'correlationId',
  'idempotencyKey',
  'normalization',
  'reason',
  'recordedAt',
  'requestDigest',
  'source',
]);
const ACTOR_FIELDS = new Set(['id', 'municipalityCode', 'role']);

/** Only known members, each a string or absent (`actor` aside): the shape the stores validate. */
function hasPlainShape(value: object, known: ReadonlySet<string>): boolean {
  for (const key in value) {
    if (!known.has(key)) return false;
    const member: unknown = (value as Record<string, unknown>)[key];
    if (member !== undefined && typeof member !== 'string' && key !== 'actor') return false;
  }
  return true;
}

/** `,"key":"value"`, or nothing for an absent member (as RFC 8785 omits it). */
function optionalMember(key: string, value: string | undefined): string {
  return value === undefined ? '' : `,"${key}":${JSON.stringify(value)}`;
}

/**
 * Canonical metadata JSON split around `recordedAt`, which a store stamps only at commit: the
 * whole is `before + ',"recordedAt":' + JSON.stringify(recordedAt) + after` (RFC 8785 order puts
 * recordedAt after actor…reason and before requestDigest and source).
 */
export interface MetadataTemplate {
  before: string;
  after: string;
}

const RECORDED_AT_PLACEHOLDER = '\u0000recordedAt\u0000';

export function canonicalMetadataTemplate(metadata: EventMetadataInput): MetadataTemplate {
  const actor: unknown = metadata.actor;
  if (
    typeof actor !== 'object' ||
    actor === null ||
    !hasPlainShape(metadata, METADATA_FIELDS) ||
    !hasPlainShape(actor, ACTOR_FIELDS) ||
    typeof metadata.actor.id !== 'string' ||
    typeof metadata.actor.role !== 'string' ||
    typeof metadata.correlationId !== 'string' ||
    typeof metadata.source !== 'string'
  ) {
    // Any other shape: the general serialiser, split at a placeholder recordedAt member.
    const json = canonicalJson({ ...metadata, recordedAt: RECORDED_AT_PLACEHOLDER });
    const marker = `,"recordedAt":${JSON.stringify(RECORDED_AT_PLACEHOLDER)}`;
    const at = json.indexOf(marker);
    return { before: json.slice(0, at), after: json.slice(at + marker.length) };
  }
  return {
    before:
      `{"actor":{"id":${JSON.stringify(metadata.actor.id)}` +
      optionalMember('municipalityCode', metadata.actor.municipalityCode) +
      `,"role":${JSON.stringify(metadata.actor.role)}}` +
      optionalMember('causationId', metadata.causationId) +
      `,"correlationId":${JSON.stringify(metadata.correlationId)}` +
      optionalMember('idempotencyKey', metadata.idempotencyKey) +
      optionalMember('normalization', metadata.normalization) +
      optionalMember('reason', metadata.reason),
    after:
      optionalMember('requestDigest', metadata.requestDigest) +
      `,"source":${JSON.stringify(metadata.source)}}`,
  };
}

export function fillMetadataTemplate(template: MetadataTemplate, recordedAt: string): string {
  return `${template.before},"recordedAt":${JSON.stringify(recordedAt)}${template.after}`;
}

/**
 * Canonical JSON of event metadata: the same text as `canonicalJson(metadata)` (unit tests check
 * it), written member by member in RFC 8785 order because the stores build it for every event.
 */
export function canonicalMetadataJson(metadata: EventMetadata): string {
  if (typeof metadata.recordedAt !== 'string') return canonicalJson(metadata);
  return fillMetadataTemplate(canonicalMetadataTemplate(metadata), metadata.recordedAt);
}

/**
 * The canonical envelope JSON. Members are written in RFC 8785 order (keys sorted by UTF-16 code
 * units: data < eventId < metadata < position < prevHash < revision < schemaVersion < streamId <
 * type); strings and numbers are serialised as JCS does (JSON.stringify), so the result equals
 * `canonicalize` of the whole envelope — the unit tests check that equality.
 */
export function canonicalEnvelopeJson(parts: CanonicalEnvelopeParts): string {
  return (
    `{"data":${parts.dataJson}` +
    `,"eventId":${JSON.stringify(parts.eventId)}` +
    `,"metadata":${parts.metadataJson}` +
    `,"position":"${parts.position.toString()}"` +
    `,"prevHash":${parts.prevHash === null ? 'null' : JSON.stringify(parts.prevHash)}` +
    `,"revision":"${parts.revision.toString()}"` +
    `,"schemaVersion":${JSON.stringify(parts.schemaVersion)}` +
    `,"streamId":${JSON.stringify(parts.streamId)}` +
    `,"type":${JSON.stringify(parts.type)}}`
  );
}

/** A stored envelope as JSON.parse returns it (revision and position are decimal strings). */
interface StoredEnvelope {
  eventId: string;
  streamId: string;
  revision: string;
  position: string;
  type: string;
  schemaVersion: number;
  data: JsonObject;
  metadata: EventMetadata;
  prevHash: string | null;
}

const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The stored envelope, or CorruptEventError naming the position: bytes changed on disk must never
 * surface as a JSON offset or a TypeError deep in a projection. Checks the shape only; whether the
 * content is what was recorded is the hash's business (the integrity check).
 */
function parseStoredEnvelope(position: bigint, envelopeJson: string): StoredEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(envelopeJson);
  } catch (error) {
    throw new CorruptEventError(
      position,
      `its stored JSON does not parse (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (!isObject(value)) throw new CorruptEventError(position, 'its stored JSON is not an object');
  const { eventId, streamId, revision, type, schemaVersion, data, metadata, prevHash } = value;
  const ok =
    typeof eventId === 'string' &&
    typeof streamId === 'string' &&
    typeof revision === 'string' &&
    DECIMAL.test(revision) &&
    typeof value.position === 'string' &&
    DECIMAL.test(value.position) &&
    typeof type === 'string' &&
    typeof schemaVersion === 'number' &&
    isObject(data) &&
    isObject(metadata) &&
    (prevHash === null || typeof prevHash === 'string');
  if (!ok) throw new CorruptEventError(position, 'its stored JSON lacks the fields of an event');
  return value as unknown as StoredEnvelope;
}

/**
 * An event from a stored row: its position column, hash and envelope (the hashed bytes). An event
 * copied from another store keeps in its envelope the position its hash covers: hashedPosition then.
 */
export function recordedEventFromEnvelope(
  position: bigint,
  hash: string,
  envelopeJson: string,
): RecordedEvent {
  const envelope = parseStoredEnvelope(position, envelopeJson);
  const hashed = BigInt(envelope.position);
  return {
    eventId: envelope.eventId,
    streamId: envelope.streamId,
    revision: BigInt(envelope.revision),
    position,
    ...(hashed === position ? {} : { hashedPosition: hashed }),
    type: envelope.type,
    schemaVersion: envelope.schemaVersion,
    data: envelope.data,
    metadata: envelope.metadata,
    hash,
    prevHash: envelope.prevHash,
  };
}

/**
 * The position an event's hash covers: `hashedPosition` when the event has one (0n on EventStoreDB,
 * which assigns positions only after the write; the first position of a migrated event), else its
 * position.
 */
export function hashedPositionOf(event: Pick<RecordedEvent, 'position' | 'hashedPosition'>): bigint {
  return event.hashedPosition ?? event.position;
}

/** Canonical JSON text of an event (without `hash`), with the position its hash covers. */
export function canonicalEventJson(event: HashableEvent): string {
  return canonicalEnvelopeJson({
    eventId: event.eventId,
    streamId: event.streamId,
    revision: event.revision,
    position: hashedPositionOf(event),
    type: event.type,
    schemaVersion: event.schemaVersion,
    dataJson: canonicalJson(event.data),
    metadataJson: canonicalJson(event.metadata),
    prevHash: event.prevHash,
  });
}

/** The canonical bytes of an event (UTF-8): what is hashed, and the Merkle log's leaf content. */
export function canonicalEventBytes(event: HashableEvent): Buffer {
  return Buffer.from(canonicalEventJson(event), 'utf8');
}

/** Hex SHA-256 of canonical JSON text (UTF-8) or bytes. */
export function sha256Hex(canonical: string | Uint8Array): string {
  // One-shot crypto.hash (Node ≥ 20.12): about half the cost of createHash for small inputs.
  return hash('sha256', canonical, 'hex');
}

/** Envelopes up to this many UTF-16 code units are encoded into one reused buffer (3 bytes each at most). */
const SCRATCH_CHARS = 16 * 1024;
const scratch = Buffer.allocUnsafe(1 + 3 * SCRATCH_CHARS);

/**
 * 0x00 ‖ the UTF-8 bytes of an envelope, in the reused buffer when it fits (the view is valid until
 * the next call): sealing encodes each envelope once, for both of its hashes.
 */
function leafInput(envelope: string): Buffer {
  const target = envelope.length <= SCRATCH_CHARS ? scratch : Buffer.allocUnsafe(1 + 3 * envelope.length);
  target[0] = 0x00;
  return target.subarray(0, 1 + target.write(envelope, 1, 'utf8'));
}

/**
 * The RFC 9162 §2.1 leaf hash of an envelope in the Merkle log: SHA-256 of 0x00 ‖ its canonical
 * bytes. The same as libs/ledger's leafHash of those bytes (the ledger's tests hold them equal);
 * it lives here so that sealing can hand it to the log with the envelope.
 */
export function envelopeLeafHash(envelope: string): Buffer {
  return hash('sha256', leafInput(envelope), 'buffer');
}

/**
 * Both hashes of a canonical envelope from one encoding of it: the event's hash (hex SHA-256 of
 * the bytes) and its Merkle leaf hash (envelopeLeafHash).
 */
export function envelopeHashes(envelope: string): { hash: string; leafHash: Buffer } {
  const input = leafInput(envelope);
  return { hash: hash('sha256', input.subarray(1), 'hex'), leafHash: hash('sha256', input, 'buffer') };
}

/** The event's hash: hex SHA-256 of its canonical bytes. */
export function computeEventHash(event: HashableEvent): string {
  return sha256Hex(canonicalEventJson(event));
}

/** True when the event's `hash` is the hash of its content (as returned, without normalisation). */
export function verifyEvent(event: RecordedEvent): boolean {
  if (typeof event.hash !== 'string' || !HEX_SHA256.test(event.hash)) return false;
  try {
    return computeEventHash(event) === event.hash;
  } catch {
    // Content that has no canonical form (NaN, undefined…) cannot match any stored hash.
    return false;
  }
}

export type ChainProblemKind =
  'hash-mismatch' | 'prev-hash-mismatch' | 'revision-gap' | 'stream-mismatch' | 'position-order';

export interface ChainProblem {
  kind: ChainProblemKind;
  /** Index in the array given. */
  index: number;
  eventId: string;
  revision: bigint;
  detail: string;
}

export type ChainVerification = { ok: true } | { ok: false; problems: ChainProblem[] };

export interface VerifyStreamChainOptions {
  /**
   * Hash of the event just before the first one given, when verifying a slice that does not start
   * at revision 0. Without it, a slice's first prevHash is taken on trust.
   */
  previousHash?: string | null;
}

/**
 * Verifies one stream's events in revision order: every hash, contiguous revisions, one stream,
 * increasing positions, and each prevHash equal to the hash before it (null at revision 0).
 */
export function verifyStreamChain(
  events: readonly RecordedEvent[],
  options: VerifyStreamChainOptions = {},
): ChainVerification {
  const problems: ChainProblem[] = [];
  const problem = (kind: ChainProblemKind, index: number, event: RecordedEvent, detail: string): void => {
    problems.push({ kind, index, eventId: event.eventId, revision: event.revision, detail });
  };
  let previous: RecordedEvent | undefined;
  const first = events[0]?.streamId;
  events.forEach((event, index) => {
    if (!verifyEvent(event)) problem('hash-mismatch', index, event, 'the hash does not match the content');
    if (previous === undefined) {
      const expectedPrev =
        event.revision === 0n
          ? null
          : options.previousHash !== undefined
            ? options.previousHash
            : event.prevHash;
      if (event.prevHash !== expectedPrev) {
        problem('prev-hash-mismatch', index, event, `prevHash should be ${String(expectedPrev)}`);
      }
    } else {
      if (event.streamId !== first) {
        problem('stream-mismatch', index, event, `stream ${event.streamId} in a chain of ${first}`);
      }
      if (event.revision !== previous.revision + 1n) {
        problem('revision-gap', index, event, `revision ${event.revision} follows ${previous.revision}`);
      }
      if (event.position <= previous.position) {
        problem('position-order', index, event, `position ${event.position} follows ${previous.position}`);
      }
      if (event.prevHash !== previous.hash) {
        problem(
          'prev-hash-mismatch',
          index,
          event,
          `prevHash should be the hash of revision ${previous.revision}`,
        );
      }
    }
    previous = event;
  });
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

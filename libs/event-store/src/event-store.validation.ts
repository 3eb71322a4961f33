import { v5 as uuidv5 } from 'uuid';
import {
  canonicalEnvelopeJson,
  canonicalJson,
  canonicalMetadataTemplate,
  envelopeHashes,
  fillMetadataTemplate,
  type MetadataTemplate,
  sha256Hex,
} from './event-hash';
import { InvalidEventError } from './event-store.errors';
import type {
  Actor,
  ActorRole,
  EventMetadataInput,
  EventSource,
  ExpectedRevision,
  JsonObject,
  JsonValue,
  RecordedEvent,
} from './event-store.port';

/**
 * Argument checks shared by every adapter, so they all refuse the same inputs with the same
 * InvalidEventError before anything is written. An append is also snapshotted here (data turned
 * into canonical JSON, metadata copied), so a caller mutating its objects after calling append
 * cannot change what a later group commit writes.
 */

export const EVENT_STORE_LIMITS = {
  streamIdMaxLength: 200,
  typeMaxLength: 100,
  eventsPerAppend: 10_000,
  /** Canonical data JSON of one event, in UTF-8 bytes. */
  eventDataBytes: 4 * 1024 * 1024,
  jsonDepth: 64,
  idempotencyKeyMaxLength: 512,
  shortTextMaxLength: 200,
  reasonMaxLength: 4000,
  readAllLimit: 10_000,
  /** Largest revision/position accepted (SQLite and PostgreSQL store signed 64-bit integers). */
  maxInt64: 2n ** 63n - 1n,
} as const;

const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9_.:@-]*$/;
const EVENT_TYPE = /^[A-Z][A-Za-z0-9]*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Printable text: callers scope header keys (e.g. `<actor id>:<Idempotency-Key>`), so not only ASCII. */
const IDEMPOTENCY_KEY = /^[^\p{Cc}]+$/u;
const MUNICIPALITY_CODE = /^[0-9]{6}$/;
const HEX_DIGEST = /^[0-9a-f]{64}$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const ROLES: readonly ActorRole[] = ['reader', 'clerk', 'secretariat', 'admin', 'system'];
const SOURCES: readonly EventSource[] = ['api', 'cli', 'import'];
const METADATA_KEYS = new Set([
  'actor',
  'correlationId',
  'causationId',
  'idempotencyKey',
  'source',
  'reason',
  'normalization',
  'illustrative',
  'requestDigest',
]);
const ACTOR_KEYS = new Set(['id', 'role', 'municipalityCode']);

/** Namespace of the deterministic event ids derived from an idempotency key (UUIDv5). */
export const IDEMPOTENT_EVENT_ID_NAMESPACE = '6f1b7a52-2d0e-4c39-9a57-0d1f3c6b8e21';

export interface PreparedEvent {
  /** Given by the caller, or derived from the idempotency key; null: the store generates a UUIDv7. */
  eventId: string | null;
  type: string;
  schemaVersion: number;
  /** RFC 8785 canonical JSON of data: the snapshot that is stored and hashed. */
  dataJson: string;
  /** A copy of data equal to JSON.parse(dataJson), for the events the append returns. */
  data: JsonObject;
  /** A validated copy holding only the known fields (no undefined members). */
  metadata: EventMetadataInput;
  /** Its canonical JSON, waiting for the recordedAt stamped at commit. */
  metadataTemplate: MetadataTemplate;
}

export interface PreparedAppend {
  streamId: string;
  events: PreparedEvent[];
  expectedRevision: ExpectedRevision;
  idempotencyKey: string | null;
  /** Digest of the stream and events for idempotency (null without a key). */
  digest: string | null;
}

function fail(detail: string): never {
  throw new InvalidEventError(detail);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  // Any realm's Object.prototype counts (structuredClone and vm contexts make objects of another realm).
  const proto: unknown = Object.getPrototypeOf(value);
  return (
    proto === null ||
    (Object.getPrototypeOf(proto) === null && Object.prototype.toString.call(value) === '[object Object]')
  );
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'object') {
    const ctor = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor;
    return `an object of class ${ctor?.name ?? 'unknown'}`;
  }
  return `a ${typeof value}`;
}

// String.prototype.isWellFormed is native from Node 20 (ES2024, not yet in this project's lib).
const nativeIsWellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed;

function isWellFormed(text: string): boolean {
  return nativeIsWellFormed === undefined ? !LONE_SURROGATE.test(text) : nativeIsWellFormed.call(text);
}

function requireText(value: unknown, path: string, maxLength: number): string {
  if (typeof value !== 'string') fail(`${path} must be a string, got ${describeValue(value)}`);
  if (value.length === 0) fail(`${path} must not be empty`);
  if (value.length > maxLength) fail(`${path} is longer than ${maxLength} characters`);
  if (!isWellFormed(value)) fail(`${path} contains a lone UTF-16 surrogate (not valid Unicode)`);
  return value;
}

function optionalText(value: unknown, path: string, maxLength: number): string | undefined {
  return value === undefined ? undefined : requireText(value, path, maxLength);
}

/** Stream ids: ASCII letters, digits and `_ . : @ -`, starting with a letter or digit, at most 200. */
export function validateStreamId(streamId: unknown): string {
  if (typeof streamId !== 'string') fail(`streamId must be a string, got ${describeValue(streamId)}`);
  if (streamId.length === 0) fail('streamId must not be empty');
  if (streamId.length > EVENT_STORE_LIMITS.streamIdMaxLength) {
    fail(`streamId is longer than ${EVENT_STORE_LIMITS.streamIdMaxLength} characters`);
  }
  if (!STREAM_ID.test(streamId)) {
    fail(
      `streamId "${streamId}" may hold only ASCII letters, digits and _ . : @ - (starting with a letter or digit)`,
    );
  }
  return streamId;
}

function checkBigint(value: unknown, path: string, min: bigint): bigint {
  if (typeof value !== 'bigint') fail(`${path} must be a bigint, got ${describeValue(value)}`);
  if (value < min || value > EVENT_STORE_LIMITS.maxInt64) fail(`${path} must be between ${min} and 2^63-1`);
  return value;
}

function checkCount(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    fail(`${path} must be an integer from ${min} to ${max}, got ${describeValue(value)}`);
  }
  return value;
}

export function validateExpectedRevision(value: unknown): ExpectedRevision {
  if (value === 'no_stream' || value === 'exists' || value === 'any') return value;
  if (typeof value === 'bigint') return checkBigint(value, 'expectedRevision', 0n);
  return fail(
    `expectedRevision must be 'no_stream', 'exists', 'any' or a bigint revision ≥ 0n, got ${describeValue(value)}`,
  );
}

/** Walks a JSON value, refusing anything JSON cannot hold exactly (undefined, NaN, classes, cycles…). */
function checkJson(value: unknown, path: string, depth: number): void {
  switch (typeof value) {
    case 'string':
      if (!isWellFormed(value)) fail(`${path} contains a lone UTF-16 surrogate (not valid Unicode)`);
      return;
    case 'number':
      if (!Number.isFinite(value)) fail(`${path} is ${describeValue(value)}; JSON numbers must be finite`);
      return;
    case 'boolean':
      return;
    case 'object': {
      if (value === null) return;
      if (depth >= EVENT_STORE_LIMITS.jsonDepth) {
        fail(`${path} is nested deeper than ${EVENT_STORE_LIMITS.jsonDepth} levels (or is circular)`);
      }
      if (Array.isArray(value)) {
        const items: unknown[] = value;
        for (let i = 0; i < items.length; i++) {
          checkJson(items[i], `${path}[${i}]`, depth + 1);
        }
        return;
      }
      if (!isPlainObject(value)) fail(`${path} is ${describeValue(value)}; only plain objects are JSON`);
      if (Object.getOwnPropertySymbols(value).length > 0) fail(`${path} has symbol keys`);
      for (const key of Object.keys(value)) {
        if (!isWellFormed(key)) fail(`${path} has a key with a lone UTF-16 surrogate`);
        checkJson(value[key], `${path}.${key}`, depth + 1);
      }
      return;
    }
    case 'undefined':
    case 'function':
    case 'symbol':
    case 'bigint':
      return fail(`${path} is ${describeValue(value)}, which JSON cannot hold`);
  }
}

/** Thrown by the fast serializer (one preallocated instance: no stack capture per refusal); the slow walk then names the offending member. */
const NOT_JSON = new Error('not JSON');

/**
 * RFC 8785 canonical JSON of a value that must be plain JSON, validated in the same walk (the
 * append path runs this for every event). It yields exactly what `canonicalize` yields for valid
 * input — the unit tests check that equality — and throws NOT_JSON for anything else.
 */
function canonicalData(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'string': {
      const json = JSON.stringify(value);
      // JSON.stringify writes a lone surrogate as \udXXX: only then is the slower check needed.
      if (json.includes('\\ud') && !isWellFormed(value)) throw NOT_JSON;
      return json;
    }
    case 'number':
      if (!Number.isFinite(value)) throw NOT_JSON;
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (depth >= EVENT_STORE_LIMITS.jsonDepth) throw NOT_JSON;
      if (Array.isArray(value)) {
        const items: unknown[] = value;
        let out = '[';
        for (let i = 0; i < items.length; i++) {
          if (i > 0) out += ',';
          out += canonicalData(items[i], depth + 1);
        }
        return `${out}]`;
      }
      if (!isPlainObject(value) || Object.getOwnPropertySymbols(value).length > 0) throw NOT_JSON;
      const keys = Object.keys(value).sort();
      let out = '{';
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        if (!isWellFormed(key)) throw NOT_JSON;
        if (i > 0) out += ',';
        out += `${JSON.stringify(key)}:${canonicalData(value[key], depth + 1)}`;
      }
      return `${out}}`;
    }
    case 'undefined':
    case 'function':
    case 'symbol':
    case 'bigint':
      throw NOT_JSON;
  }
}

/**
 * A deep copy of valid JSON equal to `JSON.parse` of its canonical form (members in canonical
 * order, -0 as 0), made without parsing: cheaper for the events an append returns.
 */
function copyJson(value: JsonValue): JsonValue {
  if (typeof value === 'number') return value === 0 ? 0 : value;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyJson);
  const copy: JsonObject = {};
  for (const key of Object.keys(value).sort()) copy[key] = copyJson(value[key] as JsonValue);
  return copy;
}

/** Canonical JSON of event data, or InvalidEventError naming what JSON cannot hold. */
export function canonicalEventData(data: unknown, path: string): string {
  if (!isPlainObject(data)) fail(`${path} must be a plain JSON object, got ${describeValue(data)}`);
  try {
    return canonicalData(data, 0);
  } catch (error) {
    if (error !== NOT_JSON) throw error;
    checkJson(data, path, 0);
    // checkJson agrees with canonicalData on what is JSON; this line is reached only if not.
    return fail(`${path} is not plain JSON`);
  }
}

function prepareActor(value: unknown, path: string): Actor {
  if (!isRecord(value))
    fail(`${path} must be an object {id, role, municipalityCode?}, got ${describeValue(value)}`);
  for (const key of Object.keys(value)) {
    if (!ACTOR_KEYS.has(key)) fail(`${path}.${key} is not a known field (id, role, municipalityCode)`);
  }
  const id = requireText(value.id, `${path}.id`, EVENT_STORE_LIMITS.shortTextMaxLength);
  const role = value.role;
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    fail(`${path}.role must be one of ${ROLES.join(', ')}, got ${describeValue(role)}`);
  }
  const actor: Actor = { id, role: role as ActorRole };
  if (value.municipalityCode !== undefined) {
    const code = value.municipalityCode;
    if (typeof code !== 'string' || !MUNICIPALITY_CODE.test(code)) {
      fail(`${path}.municipalityCode must be a 6-digit 全国地方公共団体コード, got ${describeValue(code)}`);
    }
    actor.municipalityCode = code;
  }
  return actor;
}

function prepareMetadata(value: unknown, path: string, idempotencyKey: string | null): EventMetadataInput {
  if (!isRecord(value)) fail(`${path} must be an object, got ${describeValue(value)}`);
  for (const key of Object.keys(value)) {
    if (key === 'recordedAt') fail(`${path}.recordedAt is stamped by the store; do not send it`);
    if (!METADATA_KEYS.has(key)) fail(`${path}.${key} is not a known metadata field`);
  }
  const short = EVENT_STORE_LIMITS.shortTextMaxLength;
  const source = value.source;
  if (typeof source !== 'string' || !(SOURCES as readonly string[]).includes(source)) {
    fail(`${path}.source must be one of ${SOURCES.join(', ')}, got ${describeValue(source)}`);
  }
  // Built field by field: only known members, never an undefined one (it would not be hashed).
  const metadata: EventMetadataInput = {
    actor: prepareActor(value.actor, `${path}.actor`),
    correlationId: requireText(value.correlationId, `${path}.correlationId`, short),
    source: source as EventSource,
  };
  const causationId = optionalText(value.causationId, `${path}.causationId`, short);
  if (causationId !== undefined) metadata.causationId = causationId;
  const reason = optionalText(value.reason, `${path}.reason`, EVENT_STORE_LIMITS.reasonMaxLength);
  if (reason !== undefined) metadata.reason = reason;
  const normalization = optionalText(value.normalization, `${path}.normalization`, short);
  if (normalization !== undefined) metadata.normalization = normalization;
  if (value.illustrative !== undefined) {
    if (value.illustrative !== true) {
      fail(
        `${path}.illustrative must be true when given (leave it out otherwise), got ${describeValue(value.illustrative)}`,
      );
    }
    metadata.illustrative = true;
  }
  if (value.requestDigest !== undefined) {
    if (typeof value.requestDigest !== 'string' || !HEX_DIGEST.test(value.requestDigest)) {
      fail(
        `${path}.requestDigest must be a lower-case hex SHA-256, got ${describeValue(value.requestDigest)}`,
      );
    }
    metadata.requestDigest = value.requestDigest;
  }
  if (value.idempotencyKey !== undefined) {
    if (idempotencyKey === null) {
      fail(`${path}.idempotencyKey is filled by the store: pass the key as AppendOptions.idempotencyKey`);
    }
    if (value.idempotencyKey !== idempotencyKey) {
      fail(`${path}.idempotencyKey differs from AppendOptions.idempotencyKey`);
    }
  }
  if (idempotencyKey !== null) metadata.idempotencyKey = idempotencyKey;
  return metadata;
}

type MetadataCache = Map<unknown, Pick<PreparedEvent, 'metadata' | 'metadataTemplate'>>;

function prepareEvent(
  value: unknown,
  index: number,
  idempotencyKey: string | null,
  metadataCache: MetadataCache,
): PreparedEvent {
  const path = `events[${index}]`;
  if (!isRecord(value)) fail(`${path} must be an object, got ${describeValue(value)}`);
  let eventId: string | null = null;
  if (value.eventId !== undefined) {
    if (typeof value.eventId !== 'string' || !UUID.test(value.eventId)) {
      fail(`${path}.eventId must be a lower-case UUID, got ${describeValue(value.eventId)}`);
    }
    eventId = value.eventId;
  }
  const type = value.type;
  if (typeof type !== 'string' || type.length > EVENT_STORE_LIMITS.typeMaxLength || !EVENT_TYPE.test(type)) {
    fail(
      `${path}.type must be a PascalCase name (e.g. CouncilResolutionRecorded), got ${JSON.stringify(type)}`,
    );
  }
  const schemaVersion = value.schemaVersion;
  if (typeof schemaVersion !== 'number' || !Number.isSafeInteger(schemaVersion) || schemaVersion < 1) {
    fail(`${path}.schemaVersion must be a positive integer, got ${describeValue(schemaVersion)}`);
  }
  const dataJson = canonicalEventData(value.data, `${path}.data`);
  const data = copyJson(value.data as JsonObject) as JsonObject;
  // One UTF-16 unit is at most 3 UTF-8 bytes: count bytes only when the limit can be reached.
  if (
    dataJson.length * 3 > EVENT_STORE_LIMITS.eventDataBytes &&
    Buffer.byteLength(dataJson, 'utf8') > EVENT_STORE_LIMITS.eventDataBytes
  ) {
    fail(`${path}.data is larger than ${EVENT_STORE_LIMITS.eventDataBytes} bytes as canonical JSON`);
  }
  // Events of one append often share one metadata object: check and serialise it once.
  let shared = metadataCache.get(value.metadata);
  if (shared === undefined) {
    const metadata = prepareMetadata(value.metadata, `${path}.metadata`, idempotencyKey);
    shared = { metadata, metadataTemplate: canonicalMetadataTemplate(metadata) };
    metadataCache.set(value.metadata, shared);
  }
  return { eventId, type, schemaVersion, dataJson, data, ...shared };
}

/** Digest of what an idempotent append asks for: the stream and each event without tracing ids. */
export function appendDigest(streamId: string, events: readonly PreparedEvent[]): string {
  const hash = sha256Hex(
    canonicalJson({
      streamId,
      // correlationId/causationId are per-request tracing ids: a retry may carry new ones.
      events: events.map((event) => ({
        eventId: event.eventId,
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: sha256Hex(event.dataJson),
        actor: { ...event.metadata.actor },
        source: event.metadata.source,
        reason: event.metadata.reason ?? null,
        normalization: event.metadata.normalization ?? null,
        ...(event.metadata.illustrative === true ? { illustrative: true } : {}),
        // Absent on appends made before requests were fingerprinted: their digests stay as stored.
        ...(event.metadata.requestDigest === undefined
          ? {}
          : { requestDigest: event.metadata.requestDigest }),
      })),
    }),
  );
  return hash;
}

/** Deterministic event id for the index-th event of an idempotent append (UUIDv5 of key and index). */
export function idempotentEventId(idempotencyKey: string, index: number): string {
  return uuidv5(`${idempotencyKey}\u0000${index}`, IDEMPOTENT_EVENT_ID_NAMESPACE);
}

export function validateIdempotencyKey(key: unknown): string {
  if (
    typeof key !== 'string' ||
    key.length === 0 ||
    key.length > EVENT_STORE_LIMITS.idempotencyKeyMaxLength ||
    !IDEMPOTENCY_KEY.test(key) ||
    !isWellFormed(key)
  ) {
    fail(
      `idempotencyKey must be 1 to ${EVENT_STORE_LIMITS.idempotencyKeyMaxLength} printable characters (no control characters), got ${describeValue(key)}`,
    );
  }
  return key;
}

/** Validates and snapshots an append; throws InvalidEventError, having touched nothing. */
export function prepareAppend(streamId: unknown, events: unknown, options: unknown): PreparedAppend {
  const stream = validateStreamId(streamId);
  if (!isRecord(options)) fail(`options must be an object {expectedRevision, idempotencyKey?}`);
  const expectedRevision = validateExpectedRevision(options.expectedRevision);
  const idempotencyKey =
    options.idempotencyKey === undefined ? null : validateIdempotencyKey(options.idempotencyKey);
  if (!Array.isArray(events)) fail(`events must be an array, got ${describeValue(events)}`);
  const list: unknown[] = events;
  if (list.length === 0) fail('events must hold at least one event');
  if (list.length > EVENT_STORE_LIMITS.eventsPerAppend) {
    fail(`an append holds at most ${EVENT_STORE_LIMITS.eventsPerAppend} events`);
  }
  const metadataCache: MetadataCache = new Map();
  const prepared = list.map((event, index) => prepareEvent(event, index, idempotencyKey, metadataCache));
  const ids = new Set<string>();
  for (const event of prepared) {
    if (event.eventId === null) continue;
    if (ids.has(event.eventId)) fail(`eventId ${event.eventId} appears twice in one append`);
    ids.add(event.eventId);
  }
  const digest = idempotencyKey === null ? null : appendDigest(stream, prepared);
  if (idempotencyKey !== null) {
    prepared.forEach((event, index) => {
      event.eventId ??= idempotentEventId(idempotencyKey, index);
    });
  }
  return { streamId: stream, events: prepared, expectedRevision, idempotencyKey, digest };
}

/** Whether a stream at `actual` (null: no stream) meets the expected revision of an append. */
export function expectationMet(expected: ExpectedRevision, actual: bigint | null): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === null;
    case 'exists':
      return actual !== null;
    default:
      return actual === expected;
  }
}

/** Where a prepared event lands: its id, stream, revision, position, predecessor and commit time. */
export interface EventPlacement {
  eventId: string;
  streamId: string;
  revision: bigint;
  position: bigint;
  prevHash: string | null;
  recordedAt: string;
}

/**
 * A prepared event sealed at its place: the canonical envelope (what is stored), the event with its
 * hash, and — when asked, for a store with commit participants — the Merkle leaf hash of the same
 * bytes, from the same encoding.
 */
export function sealEvent(
  event: PreparedEvent,
  place: EventPlacement,
  withLeafHash: boolean,
): { envelope: string; recorded: RecordedEvent; leafHash: Buffer | null } {
  const envelope = canonicalEnvelopeJson({
    eventId: place.eventId,
    streamId: place.streamId,
    revision: place.revision,
    position: place.position,
    type: event.type,
    schemaVersion: event.schemaVersion,
    dataJson: event.dataJson,
    metadataJson: fillMetadataTemplate(event.metadataTemplate, place.recordedAt),
    prevHash: place.prevHash,
  });
  const hashes = withLeafHash ? envelopeHashes(envelope) : { hash: sha256Hex(envelope), leafHash: null };
  const recorded: RecordedEvent = {
    eventId: place.eventId,
    streamId: place.streamId,
    revision: place.revision,
    position: place.position,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: { ...event.metadata, recordedAt: place.recordedAt },
    hash: hashes.hash,
    prevHash: place.prevHash,
  };
  return { envelope, recorded, leafHash: hashes.leafHash };
}

export interface ValidReadStreamOptions {
  direction: 'forward' | 'backward';
  fromRevision: bigint | null;
  /** null: no limit. */
  maxCount: number | null;
  upToPosition: bigint | null;
}

export function validateReadStreamOptions(options: unknown): ValidReadStreamOptions {
  if (options === undefined)
    return { direction: 'forward', fromRevision: null, maxCount: null, upToPosition: null };
  if (!isRecord(options)) fail(`readStream options must be an object, got ${describeValue(options)}`);
  const direction = options.direction ?? 'forward';
  if (direction !== 'forward' && direction !== 'backward') {
    fail(`direction must be 'forward' or 'backward', got ${describeValue(direction)}`);
  }
  return {
    direction,
    fromRevision:
      options.fromRevision === undefined ? null : checkBigint(options.fromRevision, 'fromRevision', 0n),
    maxCount:
      options.maxCount === undefined
        ? null
        : checkCount(options.maxCount, 'maxCount', 1, Number.MAX_SAFE_INTEGER),
    upToPosition:
      options.upToPosition === undefined ? null : checkBigint(options.upToPosition, 'upToPosition', 0n),
  };
}

export function validateReadAllOptions(options: unknown): { after: bigint; limit: number } {
  if (!isRecord(options))
    fail(`readAll options must be an object {after?, limit}, got ${describeValue(options)}`);
  return {
    after: options.after === undefined ? 0n : checkBigint(options.after, 'after', 0n),
    limit: checkCount(options.limit, 'limit', 1, EVENT_STORE_LIMITS.readAllLimit),
  };
}

export function validateSubscribeOptions(
  options: unknown,
  handler: unknown,
): { after: bigint; batchSize: number } {
  if (!isRecord(options))
    fail(`subscribe options must be an object {after, batchSize?}, got ${describeValue(options)}`);
  if (typeof handler !== 'function')
    fail(`the subscription handler must be a function, got ${describeValue(handler)}`);
  return {
    after: checkBigint(options.after, 'after', 0n),
    batchSize:
      options.batchSize === undefined
        ? 500
        : checkCount(options.batchSize, 'batchSize', 1, EVENT_STORE_LIMITS.readAllLimit),
  };
}

import { canonicalEventJson, envelopeLeafHash, sha256Hex } from './event-hash';
import { InvalidEventError } from './event-store.errors';
import type { RecordedEvent } from './event-store.port';
import { validateStreamId } from './event-store.validation';

/**
 * Copying recorded events into a store (EventImporter), shared by the adapters: the checks an
 * import must pass before anything is written, and what a commit hands to its participants.
 */

/**
 * An event as written to the store, as its commit participants get it: its position, the canonical
 * envelope (the hashed bytes) and the Merkle leaf hash of those bytes (envelopeLeafHash), which
 * sealing computed from the same encoding as the event's hash.
 */
export interface CommittedEnvelope {
  position: bigint;
  envelope: string;
  leafHash: Buffer;
}

/** A stored event as its commit participants get it, from its row (a catch-up, an import). */
export function committedEnvelope(position: bigint, envelope: string): CommittedEnvelope {
  return { position, envelope, leafHash: envelopeLeafHash(envelope) };
}

/** The head of a stream that an import continues. */
export interface ImportStreamHead {
  revision: bigint;
  hash: string;
}

/** An imported event and the canonical envelope stored for it (the bytes its hash covers). */
export interface PlannedImport {
  event: RecordedEvent;
  envelope: string;
}

const MAX_INT64 = 2n ** 63n - 1n;
const IMPORT_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const IMPORT_TYPE = /^[A-Z][A-Za-z0-9]*$/;

/**
 * The first half of an import check, shared by the adapters: the shape of each recorded event, and
 * the streams and event ids whose state in the target the check needs.
 */
export function importLookupKeys(events: unknown): { streamIds: string[]; eventIds: string[] } {
  if (!Array.isArray(events)) throw new InvalidEventError('importEvents takes an array of recorded events');
  const list: unknown[] = events;
  const streamIds = new Set<string>();
  const eventIds: string[] = [];
  list.forEach((value, index) => {
    const at = `events[${index}]`;
    if (typeof value !== 'object' || value === null)
      throw new InvalidEventError(`${at} is not a recorded event`);
    const event = value as Partial<Record<keyof RecordedEvent, unknown>>;
    streamIds.add(validateStreamId(event.streamId));
    if (typeof event.eventId !== 'string' || !IMPORT_UUID.test(event.eventId)) {
      throw new InvalidEventError(`${at}.eventId must be a lower-case UUID`);
    }
    eventIds.push(event.eventId);
    if (typeof event.revision !== 'bigint' || event.revision < 0n || event.revision > MAX_INT64) {
      throw new InvalidEventError(`${at}.revision must be a bigint from 0`);
    }
    if (typeof event.position !== 'bigint' || event.position < 1n || event.position > MAX_INT64) {
      throw new InvalidEventError(`${at}.position must be a bigint from 1`);
    }
    if (typeof event.type !== 'string' || !IMPORT_TYPE.test(event.type)) {
      throw new InvalidEventError(`${at}.type must be a PascalCase name`);
    }
    const recordedAt = (event.metadata as { recordedAt?: unknown } | null | undefined)?.recordedAt;
    if (typeof recordedAt !== 'string')
      throw new InvalidEventError(`${at}.metadata.recordedAt must be a string`);
  });
  return { streamIds: [...streamIds], eventIds };
}

/**
 * The second half, shared by the adapters: each event (shapes checked by importLookupKeys) must take
 * the target's next global position, continue its stream (next revision, prevHash = the stream's
 * last hash), carry a hash that recomputes from its envelope and an event id not yet recorded.
 * Throws InvalidEventError naming the first event that does not; returns what to write otherwise.
 */
export function checkImportedEvents(
  events: readonly RecordedEvent[],
  head: bigint,
  heads: ReadonlyMap<string, ImportStreamHead>,
  takenIds: ReadonlySet<string>,
): PlannedImport[] {
  const streams = new Map(heads);
  const seen = new Set<string>();
  let nextPosition = head + 1n;
  return events.map((event, index) => {
    const at = `events[${index}] (${event.streamId} revision ${event.revision.toString()})`;
    if (event.position !== nextPosition) {
      throw new InvalidEventError(
        `${at} has position ${event.position.toString()}; the next position here is ${nextPosition.toString()}`,
      );
    }
    let envelope: string;
    try {
      envelope = canonicalEventJson(event);
    } catch {
      throw new InvalidEventError(`${at} has no canonical form: its data or metadata is not plain JSON`);
    }
    if (sha256Hex(envelope) !== event.hash) {
      throw new InvalidEventError(`${at}: its hash does not match its content`);
    }
    const current = streams.get(event.streamId);
    const nextRevision = current === undefined ? 0n : current.revision + 1n;
    if (event.revision !== nextRevision) {
      throw new InvalidEventError(
        `${at} does not continue its stream, whose next revision is ${nextRevision.toString()}`,
      );
    }
    if (event.prevHash !== (current?.hash ?? null)) {
      throw new InvalidEventError(
        `${at}: prevHash is not the hash of the stream's previous event (a broken chain)`,
      );
    }
    if (takenIds.has(event.eventId) || seen.has(event.eventId)) {
      throw new InvalidEventError(`${at}: event id ${event.eventId} is already recorded`);
    }
    seen.add(event.eventId);
    streams.set(event.streamId, { revision: event.revision, hash: event.hash });
    nextPosition++;
    return { event, envelope };
  });
}

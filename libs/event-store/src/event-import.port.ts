import type { RecordedEvent } from './event-store.port';

/**
 * Copying a ledger from one store to another (the CLI's migrate and restore). An importer writes
 * recorded events verbatim — ids, stream revisions, metadata with recordedAt, prevHash and hash — so
 * the copy verifies against the same hash chains and Merkle root as the original.
 *
 * Each call is atomic. The events must continue the target exactly: the next revision of their
 * stream, the stream's last hash as prevHash, and a hash that recomputes from the envelope; anything
 * else is refused with InvalidEvent and nothing of the call is written. Adapters whose global
 * positions are gap-free also require each event's position to be the next one.
 */
export interface EventImporter {
  importEvents(events: readonly RecordedEvent[]): Promise<void>;
}

import type { DomainEvent } from '@kyoyaku/domain';
import type { RecordedEvent } from '@kyoyaku/event-store';

/**
 * A stored event as the domain sees it. Old shapes would be upcast here by schemaVersion; every
 * event type is at its first version so far.
 */
export function toDomainEvent<E extends DomainEvent>(event: RecordedEvent): E {
  return { type: event.type, schemaVersion: event.schemaVersion, data: event.data } as unknown as E;
}

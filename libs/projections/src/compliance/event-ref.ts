import type { RecordedEvent } from '@kyoyaku/event-store';

/** The event behind a fact of a register, so a reader can fetch it and check its proof. */
export interface LedgerEventRef {
  streamId: string;
  eventId: string;
  /** Global position, digits. */
  position: string;
  type: string;
  recordedAt: string;
}

export function eventRefOf(recorded: RecordedEvent): LedgerEventRef {
  return {
    streamId: recorded.streamId,
    eventId: recorded.eventId,
    position: recorded.position.toString(),
    type: recorded.type,
    recordedAt: recorded.metadata.recordedAt,
  };
}

/** `{ illustrative: true }` for an event whose metadata says its facts are invented, else nothing. */
export function illustrativeOf(recorded: Pick<RecordedEvent, 'metadata'>): { illustrative?: true } {
  return recorded.metadata.illustrative === true ? { illustrative: true } : {};
}

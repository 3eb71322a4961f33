import type { ExpectedRevision } from './event-store.port';

/** Base of the store's typed errors; `code` is stable and safe to show to API clients. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
}

export class WrongExpectedRevisionError extends EventStoreError {
  readonly code = 'WrongExpectedRevision';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's current revision, or null when the stream does not exist. */
    readonly actual: bigint | null,
  ) {
    super(
      `stream ${streamId}: expected revision ${String(expected)}, but the stream is at ${
        actual === null ? 'no_stream' : actual.toString()
      }`,
    );
    this.name = 'WrongExpectedRevisionError';
  }
}

export class StreamNotFoundError extends EventStoreError {
  readonly code = 'StreamNotFound';
  constructor(readonly streamId: string) {
    super(`stream ${streamId} does not exist`);
    this.name = 'StreamNotFoundError';
  }
}

export class InvalidEventError extends EventStoreError {
  readonly code = 'InvalidEvent';
  constructor(readonly detail: string) {
    super(`invalid event or argument: ${detail}`);
    this.name = 'InvalidEventError';
  }
}

export class IdempotencyKeyReusedError extends EventStoreError {
  readonly code = 'IdempotencyKeyReused';
  constructor(readonly idempotencyKey: string) {
    super(`idempotency key ${idempotencyKey} was already used for other events`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** The store cannot write now (disk full, read-only, server down); the caller may retry later. */
export class StoreUnavailableError extends EventStoreError {
  readonly code = 'StoreUnavailable';
  constructor(
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`the event store is unavailable: ${detail}`, options);
    this.name = 'StoreUnavailableError';
  }
}

/** The database was written by a newer version of this software; refuse rather than misread it. */
export class StoreSchemaTooNewError extends EventStoreError {
  readonly code = 'StoreSchemaTooNew';
  constructor(
    readonly location: string,
    readonly component: string,
    readonly foundVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `${location}: the ${component} schema is at version ${foundVersion}, but this software knows only up to ` +
        `version ${knownVersion}; upgrade the software (the data was left untouched)`,
    );
    this.name = 'StoreSchemaTooNewError';
  }
}

/**
 * A stored event that cannot be read back as an event (its JSON does not parse, or lacks the
 * envelope's fields): the bytes on disk were changed. Names the ledger position, never a JSON offset.
 */
export class CorruptEventError extends EventStoreError {
  readonly code = 'CorruptEvent';
  constructor(
    readonly position: bigint,
    readonly reason: string,
  ) {
    super(`the stored event at position ${position} is corrupt: ${reason}`);
    this.name = 'CorruptEventError';
  }
}

import type { Role } from '../state/access-token.repository';

/** Who carries out a command: recorded as the actor of every event it writes. */
export interface AuthenticatedActor {
  id: string;
  role: Role;
  municipalityCode?: string;
}

/** What every command carries besides its payload: who, which request, and HTTP preconditions. */
export interface CommandContext {
  actor: AuthenticatedActor;
  correlationId: string;
  /** Idempotency-Key of the request, scoped to the actor, forwarded to the store. */
  idempotencyKey?: string;
  /**
   * Fingerprint of the request (hex SHA-256 of method, path and body), recorded with the key: a
   * retry of the same request replays the events recorded under the key, another request is refused.
   */
  requestDigest?: string;
  /** If-Match: the stream revision the client read; a mismatch is 412. */
  expectedRevision?: bigint;
  /** How the API normalised text (e.g. NFC), recorded in the events' metadata. */
  normalization?: string;
  /** The command records invented facts (the shipped demo): its events carry `illustrative: true`. */
  illustrative?: boolean;
  source: 'api' | 'cli' | 'import';
}

/** What a command answers: where its events landed, so the client can read its own writes. */
export interface CommandResult {
  streamId: string;
  /** The stream's revision after the command (the new ETag). */
  revision: string;
  /** Global position of the last event written. */
  position: string;
  eventIds: string[];
  /** False if the projections had not caught up within the bounded wait. */
  projected: boolean;
  /** Set when the command was not decided again: its Idempotency-Key's events were recorded already. */
  replayed?: true;
}

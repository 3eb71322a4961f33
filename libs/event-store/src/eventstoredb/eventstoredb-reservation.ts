/**
 * Reservations: what EventStoreDB cannot check by itself (DESIGN.md §6). It checks an append only
 * against one stream, while the port promises two things across the whole ledger — an idempotency
 * key belongs to one append (the same key with other events, or on another stream, is
 * IdempotencyKeyReused) and an event id given by a caller is recorded once. So each key and each
 * such id gets a small stream of its own, written with an expected revision (EventStoreDB's
 * optimistic check is atomic per stream):
 *
 *   ReservationClaimed   {streamId, digest, observedRevision}   before the events are written
 *   ReservationFulfilled {firstRevision, lastRevision}          once they are
 *   ReservationReleased  {}                                     when the append was refused
 *
 * A claim is made with the revision read (no_stream first), so of two attempts with one key only
 * one claims it; an attempt with the same digest (the same stream and events: a retry) goes on and
 * writes with the deterministic event ids derived from the key — when a duplicate got there first,
 * EventStoreDB's own idempotent-write check answers without writing. A fulfilled reservation
 * replays the recorded events; a released one may be claimed again, so a refused first attempt
 * records no key. Pure: the adapter reads and writes the streams.
 */

export const RESERVATION_CLAIMED = 'ReservationClaimed';
export const RESERVATION_FULFILLED = 'ReservationFulfilled';
export const RESERVATION_RELEASED = 'ReservationReleased';

export interface ReservationClaim {
  /** The ledger stream the reserving append writes to. */
  streamId: string;
  /** Digest of the append (stream and events, as prepareAppend computes it); null for an event id. */
  digest: string | null;
  /** The stream's revision when the claim was made (null: no stream): the events come after it. */
  observedRevision: bigint | null;
}

export type ReservationState =
  /** No claim, or the last one was released; `revision` is the stream's last (null: no stream). */
  | { state: 'free'; revision: bigint | null }
  | { state: 'claimed'; revision: bigint; claim: ReservationClaim }
  | {
      state: 'fulfilled';
      revision: bigint;
      claim: ReservationClaim;
      firstRevision: bigint;
      lastRevision: bigint;
    };

export interface ReservationRecord {
  revision: bigint;
  type: string;
  data: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decimalOrNull(value: unknown): bigint | null {
  return typeof value === 'string' && /^(?:0|[1-9][0-9]*)$/.test(value) ? BigInt(value) : null;
}

export class MalformedReservationError extends Error {
  constructor(detail: string) {
    super(`a reservation stream holds an unexpected event: ${detail}`);
    this.name = 'MalformedReservationError';
  }
}

/** Folds a reservation stream's events (in revision order) into its state. */
export function reservationState(records: readonly ReservationRecord[]): ReservationState {
  let state: ReservationState = { state: 'free', revision: null };
  for (const record of records) {
    const data = isRecord(record.data) ? record.data : {};
    switch (record.type) {
      case RESERVATION_CLAIMED: {
        if (state.state !== 'free')
          throw new MalformedReservationError(`a claim at ${record.revision} over a claim`);
        if (typeof data.streamId !== 'string')
          throw new MalformedReservationError('a claim without its stream');
        state = {
          state: 'claimed',
          revision: record.revision,
          claim: {
            streamId: data.streamId,
            digest: typeof data.digest === 'string' ? data.digest : null,
            observedRevision: decimalOrNull(data.observedRevision),
          },
        };
        break;
      }
      case RESERVATION_FULFILLED: {
        const first = decimalOrNull(data.firstRevision);
        const last = decimalOrNull(data.lastRevision);
        if (state.state !== 'claimed' || first === null || last === null) {
          throw new MalformedReservationError(
            `a fulfilment at ${record.revision} without a claim or revisions`,
          );
        }
        state = {
          state: 'fulfilled',
          revision: record.revision,
          claim: state.claim,
          firstRevision: first,
          lastRevision: last,
        };
        break;
      }
      case RESERVATION_RELEASED:
        if (state.state !== 'claimed')
          throw new MalformedReservationError(`a release at ${record.revision} without a claim`);
        state = { state: 'free', revision: record.revision };
        break;
      default:
        throw new MalformedReservationError(`type ${record.type}`);
    }
  }
  return state;
}

export type KeyDecision =
  /** Claim the key: append a claim expecting this revision of the reservation stream (null: none). */
  | { action: 'claim'; expectedRevision: bigint | null }
  /** Claimed by an attempt of this very append (a retry, or one in flight): write, or find it written. */
  | { action: 'proceed'; claimRevision: bigint; observedRevision: bigint | null }
  /** Written already: answer with the recorded events. */
  | { action: 'replay'; streamId: string; firstRevision: bigint; lastRevision: bigint }
  /** Claimed for other events or another stream. */
  | { action: 'reused' };

/** What an append with an idempotency key does, given the key's reservation. */
export function decideKey(state: ReservationState, streamId: string, digest: string): KeyDecision {
  if (state.state === 'free') return { action: 'claim', expectedRevision: state.revision };
  const same = state.claim.streamId === streamId && state.claim.digest === digest;
  if (!same) return { action: 'reused' };
  if (state.state === 'fulfilled') {
    return {
      action: 'replay',
      streamId,
      firstRevision: state.firstRevision,
      lastRevision: state.lastRevision,
    };
  }
  return { action: 'proceed', claimRevision: state.revision, observedRevision: state.claim.observedRevision };
}

/** The data of a claim event (decimal strings: JSON has no bigint). */
export function claimData(claim: ReservationClaim): Record<string, string | null> {
  return {
    streamId: claim.streamId,
    digest: claim.digest,
    observedRevision: claim.observedRevision === null ? null : claim.observedRevision.toString(),
  };
}

export function fulfilmentData(firstRevision: bigint, lastRevision: bigint): Record<string, string> {
  return { firstRevision: firstRevision.toString(), lastRevision: lastRevision.toString() };
}

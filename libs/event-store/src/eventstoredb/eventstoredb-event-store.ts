import {
  type AllStreamRecordedEvent,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendExpectedRevision,
  BACKWARDS,
  END,
  ErrorType,
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  type Position,
  type ReadPosition,
  type ReadRevision,
  type RecordedEvent as EsdbRecordedEvent,
  START,
  type StreamingRead,
  streamNameFilter,
} from '@eventstore/db-client';
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import { canonicalJson, canonicalMetadataTemplate, hashedPositionOf, verifyEvent } from '../event-hash';
import { importLookupKeys } from '../event-import';
import type { EventImporter } from '../event-import.port';
import {
  IdempotencyKeyReusedError,
  InvalidEventError,
  StoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../event-store.errors';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from '../event-store.port';
import {
  appendDigest,
  expectationMet,
  idempotentEventId,
  type PreparedAppend,
  type PreparedEvent,
  prepareAppend,
  validateIdempotencyKey,
  validateReadAllOptions,
  validateReadStreamOptions,
  validateStreamId,
  validateSubscribeOptions,
} from '../event-store.validation';
import {
  attemptOf,
  esdbStreamName,
  eventIdStreamName,
  fromEsdbEvent,
  idempotencyStreamName,
  isUnavailable,
  isWrongExpectedVersion,
  ledgerStreamId,
  ledgerStreamRegex,
  pinnedRevision,
  readPositionAfter,
  sealAppend,
  toEsdbEvent,
  toStoreError,
  toWrongExpectedRevision,
  validateNamespace,
} from './eventstoredb-mapping';
import {
  claimData,
  decideKey,
  fulfilmentData,
  RESERVATION_CLAIMED,
  RESERVATION_FULFILLED,
  RESERVATION_RELEASED,
  type ReservationRecord,
  type ReservationState,
  reservationState,
} from './eventstoredb-reservation';

export interface EventStoreDbEventStoreOptions {
  /** `esdb://host:2113?tls=false`, or a cluster: `esdb+discover://…` or several hosts (EVENTSTORE_CONNECTION_STRING). */
  connectionString: string;
  /** Stamps recordedAt (default: real time). */
  clock?: () => Date;
  /** Prefix of every ledger stream's name on the server (default none): several ledgers may share one server. */
  namespace?: string;
  /** Events of $all read per request (default 500). */
  readPageSize?: number;
  /** Deadline of each request to the server (default 30 s). */
  deadlineMs?: number;
}

/** Appends with 'any' or 'exists' retry when another writer came between their read and their write. */
const MAX_APPEND_ATTEMPTS = 50;

/** A claimed reservation of an idempotency key, as the append that goes on with it sees it. */
interface KeyClaim {
  name: string;
  claimRevision: bigint;
  /** This call made the claim (and releases it if the append is refused). */
  claimedHere: boolean;
  observedRevision: bigint | null;
}

/** A claimed reservation of a caller's event id. */
interface IdClaim {
  name: string;
  claimRevision: bigint;
}

function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

function isStreamNotFound(error: unknown): boolean {
  return (error as { type?: unknown } | null)?.type === ErrorType.STREAM_NOT_FOUND;
}

function laterInstant(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/**
 * The event store on EventStoreDB / KurrentDB (DESIGN.md §6) through `@eventstore/db-client`.
 *
 * - Streams and revisions map one to one; the envelope's metadata is the event's metadata (with
 *   `$correlationId`/`$causationId`), see eventstoredb-mapping.ts.
 * - Positions are commit positions: in commit order, not gap-free (`gapFreePositions` false).
 *   An append cannot know them before the write, so the hash covers position 0 (`hashedPosition`
 *   0n); the Merkle tree, built by a projection in the order the projector reads, binds the order.
 * - Every append is pinned to the stream revision it read (its first event names the hash of the
 *   event it read): 'no_stream' and a revision are EventStoreDB's own checks; 'any' and 'exists'
 *   are checked against the read, and retried when another writer came first.
 * - Idempotency keys and caller-given event ids are reserved in streams of their own (see
 *   eventstoredb-reservation.ts); the events of a keyed append carry ids derived from the key, so
 *   EventStoreDB's idempotent-write check answers a duplicate that raced past the reservation.
 * - recordedAt never goes back along what this process wrote or read; across processes it is as
 *   good as their clocks (there is no transaction spanning the whole log to read the last stamp in).
 * - Any failure to reach the server is StoreUnavailable.
 */
export class EventStoreDbEventStore implements EventStore, EventImporter {
  readonly gapFreePositions = false;
  readonly namespace: string;

  private readonly client: EventStoreDBClient;
  private readonly clock: () => Date;
  private readonly readPageSize: number;
  private readonly deadlineMs: number;
  private readonly subscriptions = new Set<EventStoreDbSubscription>();
  /** The latest recordedAt this instance wrote or read (null until the first append loads it). */
  private highWater: string | null = null;
  private highWaterLoaded = false;
  private closed = false;
  private closing: Promise<void> | null = null;

  private constructor(options: EventStoreDbEventStoreOptions) {
    this.namespace = validateNamespace(options.namespace ?? '');
    this.clock = options.clock ?? ((): Date => new Date());
    this.readPageSize = options.readPageSize ?? 500;
    this.deadlineMs = options.deadlineMs ?? 30_000;
    try {
      this.client = EventStoreDBClient.connectionString(options.connectionString);
    } catch (error) {
      throw new StoreUnavailableError(
        `EVENTSTORE_CONNECTION_STRING is not a connection string (esdb://host:2113?tls=false): ${
          error instanceof Error ? error.message : String(error)
        }`,
        { cause: error },
      );
    }
  }

  /** Opens a client (it connects on first use; an unreachable server shows as StoreUnavailable then). */
  static connect(options: EventStoreDbEventStoreOptions): EventStoreDbEventStore {
    if (typeof options.connectionString !== 'string' || options.connectionString.trim() === '') {
      throw new InvalidEventError('EventStoreDbEventStore.connect needs a connection string');
    }
    return new EventStoreDbEventStore(options);
  }

  private name(streamId: string): string {
    return esdbStreamName(this.namespace, streamId);
  }

  // ---- writing ----------------------------------------------------------------------------------

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const prepared = prepareAppend(streamId, events, options);
    this.assertOpen();
    const key = prepared.idempotencyKey;
    let keyClaim: KeyClaim | null = null;
    if (key !== null) {
      const reserved = await this.reserveKey(prepared, key);
      if ('replayed' in reserved) return reserved;
      keyClaim = reserved;
    }
    // Ids derived from a key are the key's; only ids the caller chose need a reservation of their own.
    const givenIds =
      key === null
        ? prepared.events.flatMap((e) => (e.eventId === null ? [] : [{ eventId: e.eventId, streamId }]))
        : [];
    const idClaims = await this.reserveEventIds(givenIds, keyClaim);
    let result: AppendResult;
    try {
      result = await this.write(prepared, keyClaim);
    } catch (error) {
      await this.releaseAll(idClaims);
      if (keyClaim?.claimedHere === true) await this.release(keyClaim.name, keyClaim.claimRevision);
      throw error;
    }
    const first = result.events[0]?.revision ?? 0n;
    for (const claim of idClaims)
      await this.fulfil(
        claim.name,
        claim.claimRevision,
        prepared.streamId,
        null,
        first,
        result.nextExpectedRevision,
      );
    if (keyClaim !== null) {
      await this.fulfil(
        keyClaim.name,
        keyClaim.claimRevision,
        prepared.streamId,
        prepared.digest,
        first,
        result.nextExpectedRevision,
      );
    }
    return result;
  }

  /** Writes the events after the stream's current head, pinned to it; see the class comment. */
  private async write(prepared: PreparedAppend, keyClaim: KeyClaim | null): Promise<AppendResult> {
    const { streamId, expectedRevision } = prepared;
    const name = this.name(streamId);
    const attempt = uuidv4();
    for (let tries = 1; ; tries++) {
      if (keyClaim !== null) {
        const found = await this.findKeyedEvents(prepared, keyClaim.observedRevision);
        if (found !== null) return found;
      }
      const head = await this.streamHead(name);
      const actual = head?.revision ?? null;
      if (!expectationMet(expectedRevision, actual)) {
        throw new WrongExpectedRevisionError(streamId, expectedRevision, actual);
      }
      const sealed = sealAppend(prepared, head, await this.stamp(), uuidv7);
      try {
        await this.client.appendToStream(
          name,
          sealed.map((event) => toEsdbEvent(event, attempt)),
          { expectedRevision: pinnedRevision(actual), deadline: this.deadlineMs },
        );
      } catch (error) {
        if (!isWrongExpectedVersion(error)) throw toStoreError(error, `appending to ${streamId}`);
        const retryable = expectedRevision === 'any' || expectedRevision === 'exists';
        if (retryable && tries < MAX_APPEND_ATTEMPTS) continue;
        if (keyClaim !== null) {
          // A duplicate of this very append may have won the race.
          const found = await this.findKeyedEvents(prepared, keyClaim.observedRevision);
          if (found !== null) return found;
        }
        throw toWrongExpectedRevision(streamId, expectedRevision, error);
      }
      const firstRevision = actual === null ? 0n : actual + 1n;
      const stored = await this.readRange(name, firstRevision, sealed.length);
      if (stored.length !== sealed.length || stored.some((e, i) => e.id !== sealed[i]?.eventId)) {
        throw new StoreUnavailableError(
          `EventStoreDB acknowledged the append to ${streamId} but holds other events at revision ${firstRevision}`,
        );
      }
      // EventStoreDB answers a write it finds already done (same ids, same place) as a success:
      // the attempt marker tells whether this call wrote the events.
      const replayed = stored.some((e) => attemptOf(e) !== attempt);
      return this.resultOf(streamId, stored, replayed);
    }
  }

  private resultOf(streamId: string, stored: readonly EsdbRecordedEvent[], replayed: boolean): AppendResult {
    const events = stored.map((e) => this.toLedgerEvent(e));
    const last = events.at(-1);
    if (last === undefined) throw new StoreUnavailableError(`no events were read back from ${streamId}`);
    return { streamId, nextExpectedRevision: last.revision, position: last.position, events, replayed };
  }

  /** recordedAt for the next append: the clock, but never before what this instance saw last. */
  private async stamp(): Promise<string> {
    if (!this.highWaterLoaded) {
      const head = await this.lastLedgerEvent();
      this.highWater = laterInstant(this.highWater, head?.metadata.recordedAt ?? null);
      this.highWaterLoaded = true;
    }
    const now = this.clock();
    if (!Number.isFinite(now.getTime()))
      throw new StoreUnavailableError('the injected clock returned an invalid Date');
    const stamp = laterInstant(this.highWater, now.toISOString()) ?? now.toISOString();
    this.highWater = stamp;
    return stamp;
  }

  private toLedgerEvent(recorded: EsdbRecordedEvent): RecordedEvent {
    const event = fromEsdbEvent(this.namespace, recorded);
    this.highWater = laterInstant(this.highWater, event.metadata.recordedAt);
    return event;
  }

  // ---- reservations (eventstoredb-reservation.ts) -------------------------------------------------

  private async reserveKey(prepared: PreparedAppend, key: string): Promise<KeyClaim | AppendResult> {
    const name = idempotencyStreamName(this.namespace, key);
    const digest = prepared.digest ?? '';
    for (let tries = 1; ; tries++) {
      const decision = decideKey(await this.reservation(name), prepared.streamId, digest);
      switch (decision.action) {
        case 'reused':
          throw new IdempotencyKeyReusedError(key);
        case 'replay': {
          const count = Number(decision.lastRevision - decision.firstRevision + 1n);
          const stored = await this.readRange(this.name(decision.streamId), decision.firstRevision, count);
          if (stored.length !== count) {
            throw new StoreUnavailableError(
              `the events of idempotency key ${key} are no longer in ${decision.streamId}`,
            );
          }
          return this.resultOf(decision.streamId, stored, true);
        }
        case 'proceed':
          return {
            name,
            claimRevision: decision.claimRevision,
            claimedHere: false,
            observedRevision: decision.observedRevision,
          };
        case 'claim': {
          const observedRevision = (await this.streamHead(this.name(prepared.streamId)))?.revision ?? null;
          const claimed = await this.appendReservation(
            name,
            [
              {
                type: RESERVATION_CLAIMED,
                data: claimData({ streamId: prepared.streamId, digest, observedRevision }),
              },
            ],
            decision.expectedRevision,
          );
          if (claimed !== null) return { name, claimRevision: claimed, claimedHere: true, observedRevision };
          // Another attempt claimed (or released) it meanwhile: decide again on what it wrote.
          if (tries >= MAX_APPEND_ATTEMPTS)
            throw new StoreUnavailableError(`idempotency key ${key} is contended`);
        }
      }
    }
  }

  /**
   * Reserves event ids chosen by the caller (or copied by an import); an id reserved already is an
   * event id recorded (or being recorded) by another append: InvalidEvent, as on the SQL stores,
   * and nothing is written — the claims made here are released.
   */
  private async reserveEventIds(
    ids: readonly { eventId: string; streamId: string }[],
    keyClaim: KeyClaim | null,
  ): Promise<IdClaim[]> {
    const claims: IdClaim[] = [];
    try {
      for (const { eventId, streamId } of ids) {
        const name = eventIdStreamName(this.namespace, eventId);
        const state = await this.reservation(name);
        const claim = claimData({ streamId, digest: null, observedRevision: null });
        const claimed =
          state.state === 'free'
            ? await this.appendReservation(name, [{ type: RESERVATION_CLAIMED, data: claim }], state.revision)
            : null;
        if (claimed === null) throw new InvalidEventError(`event id ${eventId} is already recorded`);
        claims.push({ name, claimRevision: claimed });
      }
      return claims;
    } catch (error) {
      await this.releaseAll(claims);
      if (keyClaim?.claimedHere === true) await this.release(keyClaim.name, keyClaim.claimRevision);
      throw error;
    }
  }

  private async releaseAll(claims: readonly IdClaim[]): Promise<void> {
    for (const claim of claims) await this.release(claim.name, claim.claimRevision);
  }

  /** Releases a claim this call made; if the claim was fulfilled meanwhile (a duplicate wrote), it stays. */
  private async release(name: string, claimRevision: bigint): Promise<void> {
    await this.appendReservation(name, [{ type: RESERVATION_RELEASED, data: {} }], claimRevision).catch(
      () => undefined,
    );
  }

  /** Marks a reservation fulfilled; if it was released meanwhile, claims and fulfils it anew. */
  private async fulfil(
    name: string,
    claimRevision: bigint,
    streamId: string,
    digest: string | null,
    firstRevision: bigint,
    lastRevision: bigint,
  ): Promise<void> {
    const fulfilment = { type: RESERVATION_FULFILLED, data: fulfilmentData(firstRevision, lastRevision) };
    if ((await this.appendReservation(name, [fulfilment], claimRevision)) !== null) return;
    const state = await this.reservation(name);
    if (state.state !== 'free') return; // fulfilled by a duplicate, or claimed anew: nothing to add
    const claim = {
      type: RESERVATION_CLAIMED,
      data: claimData({ streamId, digest, observedRevision: null }),
    };
    await this.appendReservation(name, [claim, fulfilment], state.revision);
  }

  /** Appends to a reservation stream at an expected revision; null when another writer came first. */
  private async appendReservation(
    name: string,
    events: readonly { type: string; data: Record<string, string | null> }[],
    expectedRevision: bigint | null,
  ): Promise<bigint | null> {
    const expected: AppendExpectedRevision = expectedRevision ?? NO_STREAM;
    try {
      const result = await this.client.appendToStream(
        name,
        events.map((e) => jsonEvent({ type: e.type, data: e.data })),
        { expectedRevision: expected, deadline: this.deadlineMs },
      );
      return result.nextExpectedRevision;
    } catch (error) {
      if (isWrongExpectedVersion(error)) return null;
      throw toStoreError(error, `reserving ${name}`);
    }
  }

  private async reservation(name: string): Promise<ReservationState> {
    const records = await this.readRecords(
      name,
      { direction: FORWARDS, fromRevision: START },
      `reading ${name}`,
    );
    const list: ReservationRecord[] = (records ?? []).map((e) => ({
      revision: e.revision,
      type: e.type,
      data: e.data,
    }));
    return reservationState(list);
  }

  /**
   * The events of a keyed append if they are in the stream already (written by an earlier attempt
   * of the same append): found by the first id derived from the key, after the revision the
   * key's claim observed.
   */
  private async findKeyedEvents(
    prepared: PreparedAppend,
    observedRevision: bigint | null,
  ): Promise<AppendResult | null> {
    const firstId = prepared.events[0]?.eventId;
    if (firstId === null || firstId === undefined) return null;
    const name = this.name(prepared.streamId);
    let found: bigint | null = null;
    await this.visitStream(
      name,
      { direction: FORWARDS, fromRevision: observedRevision === null ? START : observedRevision + 1n },
      (event) => {
        if (event.id !== firstId) return 'continue';
        found = event.revision;
        return 'stop';
      },
      `looking for the events of an idempotent append in ${prepared.streamId}`,
    );
    if (found === null) return null;
    const stored = await this.readRange(name, found, prepared.events.length);
    if (
      stored.length !== prepared.events.length ||
      stored.some((e, i) => e.id !== prepared.events[i]?.eventId)
    ) {
      throw new StoreUnavailableError(`stream ${prepared.streamId} holds only part of an idempotent append`);
    }
    return this.resultOf(prepared.streamId, stored, true);
  }

  // ---- importing (EventImporter) ----------------------------------------------------------------

  /**
   * Writes recorded events verbatim (migrate): ids, revisions, metadata with recordedAt, prevHash
   * and hash; positions are the server's, and each event keeps the position its hash covers.
   * Everything is checked before anything is written. Consecutive events of one stream are one
   * atomic append; EventStoreDB has no transaction across streams, so a call that fails at the
   * server may leave its earlier runs written (migrate then stops: it refuses a non-empty target).
   * Event ids and idempotency keys are reserved as for appends, so the copy refuses the same
   * duplicates and replays the same retries as the original.
   */
  async importEvents(events: readonly RecordedEvent[]): Promise<void> {
    this.assertOpen();
    const heads = new Map<string, { revision: bigint; hash: string } | null>();
    const ids = new Set<string>();
    const runs: RecordedEvent[][] = [];
    importLookupKeys(events);
    for (const [index, recorded] of events.entries()) {
      if (!verifyEvent(recorded))
        throw new InvalidEventError(`events[${index}]: the hash does not match the content`);
      if (ids.has(recorded.eventId))
        throw new InvalidEventError(`events[${index}]: event id ${recorded.eventId} twice`);
      ids.add(recorded.eventId);
      if (!heads.has(recorded.streamId)) {
        heads.set(recorded.streamId, await this.streamHead(this.name(recorded.streamId)));
      }
      const head = heads.get(recorded.streamId) ?? null;
      const revision = head === null ? 0n : head.revision + 1n;
      if (recorded.revision !== revision || recorded.prevHash !== (head?.hash ?? null)) {
        throw new InvalidEventError(
          `events[${index}]: stream ${recorded.streamId} continues at revision ${revision} after ${head?.hash ?? 'nothing'}`,
        );
      }
      heads.set(recorded.streamId, { revision, hash: recorded.hash });
      const run = runs.at(-1);
      if (run !== undefined && run[0]?.streamId === recorded.streamId) run.push(recorded);
      else runs.push([recorded]);
    }
    const claims = await this.reserveEventIds(
      events.map((e) => ({ eventId: e.eventId, streamId: e.streamId })),
      null,
    );
    const attempt = uuidv4();
    let written = 0;
    try {
      for (const run of runs) {
        const first = run[0];
        if (first === undefined) continue;
        try {
          await this.client.appendToStream(
            this.name(first.streamId),
            run.map((event) => toEsdbEvent({ ...event, hashedPosition: hashedPositionOf(event) }, attempt)),
            {
              expectedRevision: pinnedRevision(first.revision === 0n ? null : first.revision - 1n),
              deadline: this.deadlineMs,
            },
          );
        } catch (error) {
          if (isWrongExpectedVersion(error)) {
            throw new InvalidEventError(`stream ${first.streamId} changed while it was being imported`);
          }
          throw toStoreError(error, `importing into ${first.streamId}`);
        }
        written += run.length;
        for (const event of run) this.highWater = laterInstant(this.highWater, event.metadata.recordedAt);
      }
    } finally {
      // The ids of the events written stay reserved (fulfilled); the others are released.
      for (const [index, claim] of claims.entries()) {
        const event = events[index];
        if (event === undefined) continue;
        if (index < written) {
          await this.fulfil(
            claim.name,
            claim.claimRevision,
            event.streamId,
            null,
            event.revision,
            event.revision,
          );
        } else {
          await this.release(claim.name, claim.claimRevision);
        }
      }
    }
    for (const group of keyedGroups(events)) {
      const name = idempotencyStreamName(this.namespace, group.key);
      const claim = {
        type: RESERVATION_CLAIMED,
        data: claimData({ streamId: group.streamId, digest: group.digest, observedRevision: null }),
      };
      const fulfilment = {
        type: RESERVATION_FULFILLED,
        data: fulfilmentData(group.firstRevision, group.lastRevision),
      };
      await this.appendReservation(name, [claim, fulfilment], null);
    }
  }

  // ---- reading ----------------------------------------------------------------------------------

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const stream = validateStreamId(streamId);
    const o = validateReadStreamOptions(options);
    this.assertOpen();
    const name = this.name(stream);
    const upTo = o.upToPosition;
    const limit = o.maxCount ?? Number.POSITIVE_INFINITY;
    const taken: EsdbRecordedEvent[] = [];
    const fromRevision: ReadRevision = o.fromRevision ?? (o.direction === 'forward' ? START : END);
    const exists = await this.visitStream(
      name,
      { direction: o.direction === 'forward' ? FORWARDS : BACKWARDS, fromRevision },
      (event) => {
        const position = event.position?.commit;
        if (upTo !== null && position !== undefined && position > upTo) {
          // Forward, every later event is later still; backward, skip to the ones known by then.
          return o.direction === 'forward' ? 'stop' : 'continue';
        }
        taken.push(event);
        return taken.length >= limit ? 'stop' : 'continue';
      },
      `reading ${stream}`,
    );
    if (!exists) throw new StreamNotFoundError(stream);
    if (taken.length === 0) {
      const [first] = await this.readRange(name, 0n, 1);
      const start = first?.position?.commit;
      if (first === undefined || (upTo !== null && start !== undefined && start > upTo)) {
        throw new StreamNotFoundError(stream);
      }
    }
    return taken.map((e) => this.toLedgerEvent(e));
  }

  async streamRevision(streamId: string): Promise<bigint | null> {
    const stream = validateStreamId(streamId);
    this.assertOpen();
    return (await this.streamHead(this.name(stream)))?.revision ?? null;
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const { after, limit } = validateReadAllOptions(options);
    this.assertOpen();
    // A read must start where a record begins. `after` is one when it came from the store; else
    // the next record may begin at after + 1 (callers looking up the event at p ask for p − 1);
    // else the events after it are found from the start.
    const starts: ReadPosition[] =
      after === 0n ? [START] : [readPositionAfter(after), readPositionAfter(after + 1n), START];
    for (const [index, start] of starts.entries()) {
      try {
        return await this.readAllFrom(start, after, limit);
      } catch (error) {
        const refusedStart = !(error instanceof StoreUnavailableError) && !isUnavailable(error);
        if (!refusedStart || index === starts.length - 1) throw toStoreError(error, 'reading $all');
      }
    }
    return [];
  }

  private async readAllFrom(from: ReadPosition, after: bigint, limit: number): Promise<RecordedEvent[]> {
    const found: RecordedEvent[] = [];
    let cursor = from;
    let skipThrough: Position | null = after === 0n ? null : { commit: after, prepare: after };
    for (;;) {
      let count = 0;
      let last: Position | null = null;
      const read: StreamingRead<AllStreamResolvedEvent> = this.client.readAll({
        fromPosition: cursor,
        direction: FORWARDS,
        maxCount: this.readPageSize,
        deadline: this.deadlineMs,
      });
      // Client errors pass through as they are: readAll tells a refused start from an unreachable server.
      for await (const resolved of read) {
        count++;
        const event = resolved.event;
        if (event === undefined) continue;
        last = event.position;
        // The read starts at its position, inclusive: skip what was delivered already.
        if (skipThrough !== null && comparePositions(event.position, skipThrough) <= 0) continue;
        if (!this.isLedgerEvent(event)) continue;
        if (found.length < limit) found.push(this.toLedgerEvent(event));
      }
      if (found.length >= limit || count < this.readPageSize || last === null) return found;
      cursor = last;
      skipThrough = last;
    }
  }

  private isLedgerEvent(event: AllStreamRecordedEvent): boolean {
    return ledgerStreamId(this.namespace, event.streamId) !== null && !event.type.startsWith('$');
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return (await this.lastLedgerEvent())?.position ?? 0n;
  }

  /**
   * From the key's reservation: a fulfilled one names the events; a claim still open may belong
   * to an attempt that wrote its events and died before fulfilling it, so its stream is searched
   * for the ids derived from the key, after the revision the claim observed.
   */
  async findIdempotentAppend(idempotencyKey: string): Promise<AppendResult | null> {
    const key = validateIdempotencyKey(idempotencyKey);
    this.assertOpen();
    const state = await this.reservation(idempotencyStreamName(this.namespace, key));
    if (state.state === 'free') return null;
    const { streamId, observedRevision } = state.claim;
    const name = this.name(streamId);
    if (state.state === 'fulfilled') {
      const count = Number(state.lastRevision - state.firstRevision + 1n);
      const stored = await this.readRange(name, state.firstRevision, count);
      if (stored.length !== count) {
        throw new StoreUnavailableError(`the events of idempotency key ${key} are no longer in ${streamId}`);
      }
      return this.resultOf(streamId, stored, true);
    }
    const stored: EsdbRecordedEvent[] = [];
    await this.visitStream(
      name,
      { direction: FORWARDS, fromRevision: observedRevision === null ? START : observedRevision + 1n },
      (event) => {
        if (event.id === idempotentEventId(key, stored.length)) stored.push(event);
        else if (stored.length > 0) return 'stop';
        return 'continue';
      },
      `looking for the events of idempotency key ${key} in ${streamId}`,
    );
    return stored.length === 0 ? null : this.resultOf(streamId, stored, true);
  }

  /** The last ledger event in $all, read backwards past system and other events. */
  private async lastLedgerEvent(): Promise<RecordedEvent | null> {
    let cursor: ReadPosition = END;
    let skipFrom: Position | null = null;
    // Small pages first: the last ledger event is nearly always among the last few records.
    let pageSize = Math.min(16, this.readPageSize);
    for (;;) {
      let count = 0;
      let last: Position | null = null;
      let found: AllStreamRecordedEvent | null = null;
      const read: StreamingRead<AllStreamResolvedEvent> = this.client.readAll({
        fromPosition: cursor,
        direction: BACKWARDS,
        maxCount: pageSize,
        deadline: this.deadlineMs,
      });
      try {
        for await (const resolved of read) {
          count++;
          const event = resolved.event;
          if (event === undefined || found !== null) continue;
          last = event.position;
          if (skipFrom !== null && comparePositions(event.position, skipFrom) >= 0) continue;
          if (this.isLedgerEvent(event)) found = event;
        }
      } catch (error) {
        throw toStoreError(error, 'reading the end of $all');
      }
      if (found !== null) return this.toLedgerEvent(found);
      if (count < pageSize || last === null) return null;
      cursor = last;
      skipFrom = last;
      pageSize = Math.min(pageSize * 4, this.readPageSize);
    }
  }

  /** The last event of an EventStoreDB stream as the ledger sees it (revision and hash), null if none. */
  private async streamHead(name: string): Promise<{ revision: bigint; hash: string } | null> {
    const [last] =
      (await this.readRecords(
        name,
        { direction: BACKWARDS, fromRevision: END, maxCount: 1 },
        `reading ${name}`,
      )) ?? [];
    if (last === undefined) return null;
    const event = this.toLedgerEvent(last);
    return { revision: event.revision, hash: event.hash };
  }

  /** `count` events of a stream from a revision (fewer if the stream ends first). */
  private async readRange(name: string, fromRevision: bigint, count: number): Promise<EsdbRecordedEvent[]> {
    return (
      (await this.readRecords(
        name,
        { direction: FORWARDS, fromRevision, maxCount: count },
        `reading ${name}`,
      )) ?? []
    );
  }

  /** A bounded read of a stream; null when the stream does not exist. */
  private async readRecords(
    name: string,
    options: { direction: typeof FORWARDS | typeof BACKWARDS; fromRevision: ReadRevision; maxCount?: number },
    what: string,
  ): Promise<EsdbRecordedEvent[] | null> {
    const records: EsdbRecordedEvent[] = [];
    const exists = await this.visitStream(
      name,
      options,
      (event) => {
        records.push(event);
        return 'continue';
      },
      what,
    );
    return exists ? records : null;
  }

  /**
   * Reads a stream event by event until `visit` says stop (the read is then cancelled). Resolves
   * false when the stream does not exist.
   */
  private async visitStream(
    name: string,
    options: { direction: typeof FORWARDS | typeof BACKWARDS; fromRevision: ReadRevision; maxCount?: number },
    visit: (event: EsdbRecordedEvent) => 'continue' | 'stop',
    what: string,
  ): Promise<boolean> {
    const read = this.client.readStream(name, { ...options, deadline: this.deadlineMs });
    let stopped = false;
    try {
      for await (const resolved of read) {
        if (resolved.event === undefined) continue;
        if (visit(resolved.event) === 'stop') {
          stopped = true;
          break;
        }
      }
      return true;
    } catch (error) {
      if (isStreamNotFound(error)) return false;
      throw toStoreError(error, what);
    } finally {
      if (stopped) await read.cancel().catch(() => undefined);
    }
  }

  // ---- subscriptions ----------------------------------------------------------------------------

  subscribe(options: SubscribeOptions, handler: SubscriptionHandler): Subscription {
    const { after } = validateSubscribeOptions(options, handler);
    this.assertOpen();
    const subscription = new EventStoreDbSubscription(
      async () =>
        this.client.subscribeToAll({
          fromPosition: await this.subscriptionStart(after),
          filter: streamNameFilter({ regex: ledgerStreamRegex(this.namespace) }),
        }),
      after,
      (event) => (this.isLedgerEvent(event) ? this.toLedgerEvent(event) : null),
      handler,
    );
    this.subscriptions.add(subscription);
    void subscription.done.finally(() => this.subscriptions.delete(subscription)).catch(() => undefined);
    return subscription;
  }

  /**
   * Where a subscription after `after` starts: there when a record begins there (a position the
   * store gave), else from the start — the events up to `after` are skipped either way.
   */
  private async subscriptionStart(after: bigint): Promise<ReadPosition> {
    if (after === 0n) return START;
    try {
      for await (const _ of this.client.readAll({
        fromPosition: readPositionAfter(after),
        maxCount: 1,
        deadline: this.deadlineMs,
      })) {
        // One record read from there: it is a record's start.
      }
      return readPositionAfter(after);
    } catch (error) {
      if (isUnavailable(error)) throw error;
      return START;
    }
  }

  /** Stops subscriptions, then closes the client. */
  close(): Promise<void> {
    this.closing ??= this.closeNow();
    return this.closing;
  }

  private async closeNow(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose().catch(() => undefined);
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError('the store is closed');
  }
}

/**
 * Idempotent appends among imported events: consecutive events of one stream carrying one key,
 * with the digest their append had (recomputed as prepareAppend did, the derived ids left out).
 */
export function keyedGroups(
  events: readonly RecordedEvent[],
): { key: string; streamId: string; digest: string; firstRevision: bigint; lastRevision: bigint }[] {
  const groups: { key: string; streamId: string; events: RecordedEvent[] }[] = [];
  for (const event of events) {
    const key = event.metadata.idempotencyKey;
    if (key === undefined) continue;
    const group = groups.at(-1);
    const last = group?.events.at(-1);
    const continues =
      group !== undefined &&
      group.key === key &&
      group.streamId === event.streamId &&
      last !== undefined &&
      event.revision === last.revision + 1n &&
      event.eventId !== idempotentEventId(key, 0);
    if (continues) group.events.push(event);
    else groups.push({ key, streamId: event.streamId, events: [event] });
  }
  return groups.map((group) => {
    const prepared: PreparedEvent[] = group.events.map((event, index) => {
      const { recordedAt: _recordedAt, ...metadata } = event.metadata;
      return {
        eventId: event.eventId === idempotentEventId(group.key, index) ? null : event.eventId,
        type: event.type,
        schemaVersion: event.schemaVersion,
        dataJson: canonicalJson(event.data),
        data: event.data,
        metadata,
        metadataTemplate: canonicalMetadataTemplate(metadata),
      };
    });
    return {
      key: group.key,
      streamId: group.streamId,
      digest: appendDigest(group.streamId, prepared),
      firstRevision: group.events[0]?.revision ?? 0n,
      lastRevision: group.events.at(-1)?.revision ?? 0n,
    };
  });
}

/** Carries a handler's error out of the subscription loop, told apart from the source's errors. */
class HandlerFailure extends Error {
  constructor(readonly failure: unknown) {
    super('the subscription handler failed');
  }
}

/**
 * A catch-up subscription to $all, filtered on the server to the ledger's streams. Each event is
 * handed over only after the handler settled for the one before (the loop awaits it).
 */
class EventStoreDbSubscription implements Subscription {
  readonly done: Promise<void>;
  private stopped = false;
  private source: AllStreamSubscription | null = null;

  constructor(
    private readonly open: () => Promise<AllStreamSubscription>,
    private readonly after: bigint,
    private readonly toEvent: (event: AllStreamRecordedEvent) => RecordedEvent | null,
    private readonly handler: SubscriptionHandler,
  ) {
    this.done = this.run();
    // The rejection (a handler error) belongs to whoever awaits `done`; never an unhandled one.
    this.done.catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.end();
    await this.done.catch(() => undefined);
  }

  /** Cancels the call; the client does not end the stream it reads, so end it too (the loop returns). */
  private async end(): Promise<void> {
    const source = this.source;
    if (source === null) return;
    await source.unsubscribe().catch(() => undefined);
    source.destroy();
  }

  private async run(): Promise<void> {
    try {
      this.source = await this.open();
      if (this.stopped) return;
      for await (const resolved of this.source) {
        if (this.stopped) return;
        const recorded = resolved.event;
        if (recorded === undefined || recorded.position.commit <= this.after) continue;
        const event = this.toEvent(recorded);
        if (event === null) continue;
        try {
          await this.handler(event);
        } catch (error) {
          throw new HandlerFailure(error);
        }
      }
    } catch (error) {
      // A handler's error ends the subscription as it is; the source's, as StoreUnavailable.
      if (error instanceof HandlerFailure) throw error.failure;
      if (this.stopped) return;
      throw toStoreError(error, 'following $all');
    } finally {
      // Also when stop() came while the call was being opened: it found no source to end.
      this.stopped = true;
      await this.end();
    }
  }
}

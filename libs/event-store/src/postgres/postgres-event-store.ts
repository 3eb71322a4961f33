import type { Pool, PoolClient, QueryResult } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { recordedEventFromEnvelope } from '../event-hash';
import {
  EventStoreError,
  IdempotencyKeyReusedError,
  InvalidEventError,
  StoreSchemaTooNewError,
  StoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../event-store.errors';
import { checkImportedEvents, type CommittedEnvelope, importLookupKeys } from '../event-import';
import type { EventImporter } from '../event-import.port';
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
  expectationMet,
  type PreparedAppend,
  sealEvent,
  validateReadAllOptions,
  validateReadStreamOptions,
  validateStreamId,
  validateSubscribeOptions,
} from '../event-store.validation';
import { EVENT_STORE_SCHEMA_COMPONENT } from '../event-store.schema';
import {
  GroupCommitQueue,
  type GroupCommitReport,
  type GroupCommitStats,
  type QueuedAppend,
} from '../group-commit';
import { CommitSignal, PollingSubscription } from '../polling-subscription';
import {
  advisoryLockKey,
  createPostgresPool,
  describePostgresError,
  ensureSchema,
  inOneWrite,
  inTransaction,
  isConnectionError,
  type PostgresConnectionOptions,
  unavailable,
  validSchemaName,
  withClient,
} from './postgres-connection';
import { migratePostgres, POSTGRES_EVENT_STORE_MIGRATIONS } from './postgres-migrations';

/** What a commit participant is given when the store opens. */
export interface PostgresAttachContext {
  /** The database and schema, for error messages. */
  location: string;
  schema: string;
  /** The store's pool: the participant's later reads (roots, proofs) go through it. */
  pool: Pool;
  now: () => string;
  /** Events already stored after a position, in order, a page at a time (for a catch-up). */
  envelopesAfter(client: PoolClient, position: bigint, limit: number): Promise<CommittedEnvelope[]>;
}

/**
 * Something kept in the same database and committed in the same transaction as the events (the
 * Merkle log of libs/ledger), like SqliteCommitParticipant: it never lags or leads the events.
 */
export interface PostgresCommitParticipant {
  /**
   * Called once when the store opens, in a transaction that holds the append lock: migrate its
   * tables and catch up with events stored before it existed.
   */
  attach(client: PoolClient, context: PostgresAttachContext): Promise<void>;
  /**
   * Inside the commit transaction, once the batch's events are known (what is written, in order):
   * reads what it needs, writes nothing yet, and returns the sending of its writes. The store calls
   * that right after sending the events' rows and right before COMMIT, so the writes travel with
   * them (one round trip) and commit or roll back with them; it must send every statement before
   * it returns.
   */
  onCommit(client: PoolClient, written: readonly CommittedEnvelope[]): Promise<PostgresParticipantWrites>;
  /**
   * Called after that transaction committed (not after a failed or uncertain one): what onCommit
   * prepared may now be remembered for the next batch.
   */
  afterCommit?(): void;
}

/** Sends a commit participant's writes on the connection and resolves when they are done. */
export type PostgresParticipantWrites = () => Promise<unknown>;

export interface PostgresEventStoreHooks {
  /**
   * Fault injection for tests: awaited inside the group-commit transaction just before COMMIT.
   * Throwing makes that commit fail.
   */
  beforeCommit?(batch: { appends: number; client: PoolClient }): void | Promise<void>;
}

export interface PostgresEventStoreOptions extends PostgresConnectionOptions {
  /** Stamps recordedAt at commit (default: real time). */
  clock?: () => Date;
  /** How often subscriptions look for events written by other processes (default 200 ms). */
  pollIntervalMs?: number;
  /** Most appends sharing one group commit (default 1000). */
  maxBatchAppends?: number;
  hooks?: PostgresEventStoreHooks;
  /** Written in the same transaction as each batch of events. */
  participants?: readonly PostgresCommitParticipant[];
}

/** Counters of the group commit (what it did, not what it was asked). */
export interface PostgresEventStoreStats extends GroupCommitStats {
  /** Commits that took one round trip: nobody else had written since this store's previous one. */
  oneRoundTripCommits: number;
}

type Outcome = { ok: true; result: AppendResult; written: number } | { ok: false; error: EventStoreError };

interface StreamHead {
  revision: bigint;
  hash: string;
}

interface KnownState {
  head: bigint;
  /** recordedAt of the event at the head. */
  recordedAt: string | undefined;
  streams: Map<string, StreamHead | null>;
  /** Another writer had written since the batch before: the next batch does not speculate. */
  contended: boolean;
}

/** Streams remembered between batches; beyond this many the memory starts afresh. */
const KNOWN_STREAMS_LIMIT = 50_000;

interface KeyRecord {
  digest: string;
  streamId: string;
  first: bigint;
  last: bigint;
  /** The events, when they were written by this batch. */
  events?: RecordedEvent[];
}

/** Rows to insert at the end of the batch, column by column (one multi-row INSERT … SELECT unnest). */
class EventRows {
  readonly position: string[] = [];
  readonly streamId: string[] = [];
  readonly revision: string[] = [];
  readonly eventId: string[] = [];
  readonly type: string[] = [];
  readonly recordedAt: string[] = [];
  readonly hash: string[] = [];
  readonly prevHash: (string | null)[] = [];
  readonly envelope: string[] = [];

  get length(): number {
    return this.position.length;
  }

  push(event: Omit<RecordedEvent, 'data' | 'schemaVersion'>, envelope: string): void {
    this.position.push(event.position.toString());
    this.streamId.push(event.streamId);
    this.revision.push(event.revision.toString());
    this.eventId.push(event.eventId);
    this.type.push(event.type);
    this.recordedAt.push(event.metadata.recordedAt);
    this.hash.push(event.hash);
    this.prevHash.push(event.prevHash);
    this.envelope.push(envelope);
  }
}

/** Everything one batch transaction knows: the head and stream heads as this batch leaves them. */
interface BatchState {
  /** The head when the batch began. */
  startHead: bigint;
  head: bigint;
  /** recordedAt of the batch's events. */
  recordedAt: string;
  /** recordedAt of the event at `head` (undefined: none). */
  headRecordedAt: string | undefined;
  streams: Map<string, StreamHead | null>;
  keys: Map<string, KeyRecord>;
  /** Event ids already recorded, or written by this batch. */
  takenIds: Set<string>;
  rows: EventRows;
  keyRows: { key: string; digest: string; streamId: string; first: string; last: string }[];
  written: CommittedEnvelope[];
}

function emptyBatchState(head: bigint, headRecordedAt: string | undefined, recordedAt: string): BatchState {
  return {
    startHead: head,
    head,
    recordedAt,
    headRecordedAt,
    streams: new Map(),
    keys: new Map(),
    takenIds: new Set(),
    rows: new EventRows(),
    keyRows: [],
    written: [],
  };
}

/** A multi-row insert is sent once its envelopes reach this size (PostgreSQL caps a message at 1 GB). */
const INSERT_CHUNK_BYTES = 32 * 1024 * 1024;
const MAX_INT64 = 2n ** 63n - 1n;

function rowsToEvents(result: QueryResult<[string, string, string]>): RecordedEvent[] {
  return result.rows.map(([position, hash, envelope]) =>
    recordedEventFromEnvelope(BigInt(position), hash, envelope),
  );
}

/** postgresql://user@host:port/database with the password left out, for messages. */
export function describePostgresLocation(connectionString: string, schema: string): string {
  try {
    const url = new URL(connectionString);
    url.password = '';
    return `${url.toString()} (schema ${schema})`;
  } catch {
    return `the PostgreSQL database (schema ${schema})`;
  }
}

const EVENT_COLUMNS = 'position, hash, envelope';

/**
 * The event store on PostgreSQL (DESIGN.md §6), for several API processes on one database.
 *
 * Global positions are gap-free and in commit order because appends are serialised: every append
 * transaction first takes one transaction-level advisory lock (pg_advisory_xact_lock), then reads
 * the head and writes head + 1…. The lock is released by COMMIT or ROLLBACK (or by the server when
 * the connection dies, so a killed writer cannot wedge the ledger). Why not the alternatives: a
 * sequence or an identity column hands out numbers at insert time, so a rolled-back append leaves
 * a gap and two transactions can commit out of number order — a reader could see position 11
 * before 10 exists and a subscription would skip 10 for ever; SERIALIZABLE would make concurrent
 * appends fail and retry instead of wait; LOCK TABLE would also block autovacuum and DDL. Readers
 * take no lock at all: they see whole, ordered prefixes of the log.
 *
 * Serialising writers costs little because appends are group-committed, as on SQLite: every append
 * that arrives while a batch is in flight (or in the same turn of the event loop) joins the next
 * transaction, one WAL flush for all of them. Each append is checked on its own, in arrival order,
 * against the state the earlier ones of the batch leave, and everything that could refuse it (the
 * expected revision, an idempotency key, an event id already recorded) is read under the lock before
 * anything is written, so a refused append leaves no trace and does not refuse its neighbours. The
 * rows of the batch are then written with one multi-row INSERT. The connection pipelines the
 * statements that do not wait on each other, so a batch costs two round trips (the reads under the
 * lock; the writes with COMMIT) and one WAL flush. Every promise settles after COMMIT; a failed
 * batch rejects all of its appends with StoreUnavailable.
 *
 * The pool recovers by itself from a server restart: a connection that failed is destroyed instead
 * of being returned, so the next append or read connects afresh. Subscriptions poll (readAll from a
 * cursor, like the SQLite adapter) and simply wait out a server that is away.
 */
export class PostgresEventStore implements EventStore, EventImporter {
  /** Positions are assigned under the append lock, one transaction at a time: 1,2,3… */
  readonly gapFreePositions = true;
  /** Where the events live (password left out), for messages. */
  readonly location: string;
  readonly schema: string;

  private readonly clock: () => Date;
  private readonly pollIntervalMs: number;
  private readonly hooks: PostgresEventStoreHooks;
  private readonly participants: readonly PostgresCommitParticipant[];
  private readonly appendLock: string;
  private readonly signal = new CommitSignal();
  private readonly subscriptions = new Set<PollingSubscription>();
  /** Commits that took one round trip (the rest of the counters are the group commit's). */
  private oneRoundTripCommits = 0;
  /**
   * What this store's last committed batch left — the head, its recordedAt, and the heads of the
   * streams it has seen (null: no such stream) — and whether anyone else had written before it.
   * Valid as long as nobody else writes: the next batch then runs on it in one round trip.
   */
  private known: KnownState | null = null;
  private closed = false;
  private closing: Promise<void> | null = null;
  private readonly groupCommit: GroupCommitQueue<Outcome>;

  private constructor(
    private readonly pool: Pool,
    location: string,
    schema: string,
    options: PostgresEventStoreOptions,
  ) {
    this.location = location;
    this.schema = schema;
    this.clock = options.clock ?? ((): Date => new Date());
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.hooks = options.hooks ?? {};
    this.participants = options.participants ?? [];
    this.appendLock = advisoryLockKey('append', schema).toString();
    this.groupCommit = new GroupCommitQueue<Outcome>({
      maxBatchAppends: options.maxBatchAppends ?? 1000,
      assertOpen: () => this.assertOpen(),
      commit: (batch) => this.runBatch(batch),
      eventsWritten: (outcome) => outcome.written,
      failure: (error) =>
        error instanceof CommitOutcomeUnknown
          ? new StoreUnavailableError(
              `the connection was lost while committing, so whether the batch was kept is unknown ` +
                `(${describePostgresError(error.cause)}); a retry with the same idempotency key tells`,
              { cause: error.cause },
            )
          : unavailable('the batch could not be committed; none of it was kept', error),
      signal: this.signal,
    });
  }

  /**
   * Connects, creates the schema if needed and migrates the tables; the commit participants attach.
   * Throws StoreSchemaTooNewError for tables written by newer software, StoreUnavailableError when
   * the server cannot be reached or refuses.
   */
  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    if (typeof options.connectionString !== 'string' || options.connectionString.length === 0) {
      throw new InvalidEventError('PostgresEventStore.open needs a postgresql:// connection string');
    }
    const schema = validSchemaName(options.schema);
    const location = describePostgresLocation(options.connectionString, schema);
    const pool = createPostgresPool({ applicationName: 'kyoyaku-ledger events', ...options, pipeline: true });
    const store = new PostgresEventStore(pool, location, schema, options);
    try {
      await ensureSchema(pool, schema);
      const encoding = await pool.query<{ server_encoding: string }>('SHOW server_encoding');
      const found = encoding.rows[0]?.server_encoding;
      if (found !== 'UTF8') {
        throw new StoreUnavailableError(
          `${location}: the database's encoding is ${String(found)}; the ledger keeps Japanese text and needs ` +
            'a UTF8 database (createdb --encoding=UTF8 --template=template0 …)',
        );
      }
      const now = (): string => store.clock().toISOString();
      await inTransaction(pool, (client) =>
        migratePostgres(
          client,
          location,
          schema,
          EVENT_STORE_SCHEMA_COMPONENT,
          POSTGRES_EVENT_STORE_MIGRATIONS,
          now,
        ),
      );
      if (store.participants.length > 0) {
        await inTransaction(pool, async (client) => {
          await client.query(`SELECT pg_advisory_xact_lock(${store.appendLock})`);
          const context: PostgresAttachContext = {
            location,
            schema,
            pool,
            now,
            envelopesAfter: (c, position, limit) => store.envelopesAfter(c, position, limit),
          };
          for (const participant of store.participants) await participant.attach(client, context);
        });
        for (const participant of store.participants) participant.afterCommit?.();
      }
      return store;
    } catch (error) {
      await pool.end().catch(() => undefined);
      if (error instanceof StoreSchemaTooNewError || error instanceof StoreUnavailableError) throw error;
      throw unavailable(`cannot open ${location}`, error);
    }
  }

  /** A copy of the group-commit counters. */
  get stats(): PostgresEventStoreStats {
    return { ...this.groupCommit.stats, oneRoundTripCommits: this.oneRoundTripCommits };
  }

  /**
   * Calls `observer` after each group commit, once its appends are answered (metrics, health). An
   * observer that throws is ignored: it can neither fail nor delay a commit. Returns the way to stop.
   */
  observeCommits(observer: (report: GroupCommitReport) => void): () => void {
    return this.groupCommit.observeCommits(observer);
  }

  // ---- writing ----------------------------------------------------------------------------------

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return this.groupCommit.append(streamId, events, options);
  }

  /**
   * One batch transaction. A connection that fails before anything was written (a pooled
   * connection the server closed while idle) is replaced once; later failures fail the batch.
   */
  private async runBatch(batch: readonly QueuedAppend[]): Promise<Outcome[]> {
    const known = this.known;
    this.known = null;
    if (known !== null && !known.contended) {
      const outcomes = await withClient(this.pool, (client) => this.speculativeBatch(client, batch, known));
      if (outcomes !== null) return outcomes;
    }
    for (let attempt = 1; ; attempt++) {
      let started = false;
      try {
        return await withClient(this.pool, async (client) => {
          const state = await this.beginBatch(client, batch);
          started = true;
          const outcomes = await this.writeBatch(client, batch, state);
          this.remember(state, known?.head !== state.startHead ? null : known);
          return outcomes;
        });
      } catch (error) {
        if (started || attempt >= 2 || !isConnectionError(error)) throw error;
      }
    }
  }

  /**
   * The batch in one round trip, on what this store knew after its last commit: it is checked
   * against that, and BEGIN, the append lock, the rows, the participants' writes and COMMIT are
   * sent together. If anyone else wrote meanwhile, the rows collide with theirs (position is the
   * primary key; so would the revision 0 of a stream guessed new, an idempotency key or an event
   * id already recorded): then nothing was kept, and the batch runs again the ordinary way (null).
   * A batch that writes nothing reads the head under the lock instead: its refusals stand only if
   * the head had not moved, and if they rest on no guess.
   */
  private async speculativeBatch(
    client: PoolClient,
    batch: readonly QueuedAppend[],
    known: KnownState,
  ): Promise<Outcome[] | null> {
    const state = emptyBatchState(known.head, known.recordedAt, this.stamp(known.recordedAt));
    // A stream this store has not seen is taken to be new: if it is not, its revision 0 collides.
    const guessed = new Set<string>();
    for (const { prepared } of batch) {
      const head = known.streams.get(prepared.streamId);
      if (head === undefined) guessed.add(prepared.streamId);
      state.streams.set(prepared.streamId, head ?? null);
    }
    const outcomes: Outcome[] = [];
    for (const pending of batch) outcomes.push(await this.applyAppend(client, pending.prepared, state));
    // A refusal on a guess (the stream may exist), or of an append with a key (it may be a retry to
    // answer from the first write), is left to the server's facts.
    const unsure = batch.some(
      ({ prepared }, i) =>
        outcomes[i]?.ok === false && (prepared.idempotencyKey !== null || guessed.has(prepared.streamId)),
    );
    if (unsure) return null;
    const participantWrites: PostgresParticipantWrites[] = [];
    if (state.written.length > 0) {
      for (const participant of this.participants) {
        participantWrites.push(await participant.onCommit(client, state.written));
      }
    }
    const hook = this.hooks.beforeCommit?.bind(this.hooks);
    const { statements, head } = inOneWrite(client, () => {
      const sent: Promise<unknown>[] = [
        client.query('BEGIN'),
        client.query({
          name: 'ledger-append-lock',
          text: `SELECT pg_advisory_xact_lock(${this.appendLock})`,
        }),
      ];
      // Rows collide if anyone else wrote; a batch that writes nothing reads the head to tell.
      const headRead =
        state.written.length > 0
          ? null
          : client.query<{ position: string }>({
              name: 'ledger-head',
              text: 'SELECT position, recorded_at FROM events ORDER BY position DESC LIMIT 1',
            });
      if (headRead !== null) sent.push(headRead);
      sent.push(this.insertRows(client, state), ...participantWrites.map((send) => send()));
      if (hook === undefined) sent.push(client.query('COMMIT'));
      return { statements: sent, head: headRead };
    });
    if (hook !== undefined) {
      try {
        await hook({ appends: batch.length, client });
      } catch (error) {
        await Promise.allSettled(statements);
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      statements.push(client.query('COMMIT'));
    }
    const settled = await Promise.allSettled(statements);
    const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
    // The connection broke after COMMIT was sent: the server may have committed or not.
    if (failures.length > 0 && failures.every((error) => isConnectionError(error))) {
      throw new CommitOutcomeUnknown(failures[0]);
    }
    // A collision (someone else wrote), or any other refusal: COMMIT rolled the batch back.
    if (failures.length > 0) return null;
    if (head !== null && BigInt((await head).rows[0]?.position ?? '0') !== known.head) return null;
    if (state.written.length > 0) for (const participant of this.participants) participant.afterCommit?.();
    this.remember(state, known);
    this.oneRoundTripCommits++;
    return outcomes;
  }

  /** recordedAt for a batch after one stamped `previous`: never back along the global order. */
  private stamp(previous: string | undefined): string {
    const now = this.clock();
    const nowMs = now.getTime();
    if (!Number.isFinite(nowMs)) throw new Error('the injected clock returned an invalid Date');
    return previous !== undefined && Date.parse(previous) > nowMs ? previous : now.toISOString();
  }

  /** After a commit: what the next batch may build on (with the streams known before, if still valid). */
  private remember(state: BatchState, before: KnownState | null): void {
    const streams =
      before !== null && before.streams.size < KNOWN_STREAMS_LIMIT
        ? before.streams
        : new Map<string, StreamHead | null>();
    for (const [streamId, head] of state.streams) streams.set(streamId, head);
    this.known = {
      head: state.head,
      recordedAt: state.headRecordedAt,
      streams,
      contended: before === null,
    };
  }

  /**
   * Opens the transaction, takes the append lock and reads under it everything the appends of the
   * batch are checked against: the head, the heads of their streams, their idempotency keys and
   * the event ids they give. The connection pipelines these statements: one round trip.
   */
  private async beginBatch(client: PoolClient, batch: readonly QueuedAppend[]): Promise<BatchState> {
    const streams = new Set<string>();
    const keys = new Set<string>();
    const givenIds = new Set<string>();
    for (const { prepared } of batch) {
      streams.add(prepared.streamId);
      if (prepared.idempotencyKey !== null) keys.add(prepared.idempotencyKey);
      for (const event of prepared.events) if (event.eventId !== null) givenIds.add(event.eventId);
    }
    const none = Promise.resolve({ rows: [] });
    // Named statements: each connection parses and plans them once.
    const [, , head, heads, records, taken] = await inOneWrite(client, () =>
      Promise.all([
        client.query('BEGIN'),
        client.query({
          name: 'ledger-append-lock',
          text: `SELECT pg_advisory_xact_lock(${this.appendLock})`,
        }),
        client.query<{ position: string; recorded_at: string }>({
          name: 'ledger-head',
          text: 'SELECT position, recorded_at FROM events ORDER BY position DESC LIMIT 1',
        }),
        client.query<{ stream_id: string; revision: string; hash: string }>({
          name: 'ledger-stream-heads',
          text: `SELECT s.stream_id, e.revision, e.hash
                 FROM unnest($1::text[]) AS s (stream_id)
                 CROSS JOIN LATERAL (
                   SELECT revision, hash FROM events WHERE events.stream_id = s.stream_id
                   ORDER BY revision DESC LIMIT 1
                 ) e`,
          values: [[...streams]],
        }),
        keys.size === 0
          ? none
          : client.query<{
              idempotency_key: string;
              digest: string;
              stream_id: string;
              first_position: string;
              last_position: string;
            }>({
              name: 'ledger-keys',
              text: `SELECT idempotency_key, digest, stream_id, first_position, last_position
                     FROM idempotency_keys WHERE idempotency_key = ANY($1::text[])`,
              values: [[...keys]],
            }),
        givenIds.size === 0
          ? none
          : client.query<{ event_id: string }>({
              name: 'ledger-ids',
              text: 'SELECT event_id FROM events WHERE event_id = ANY($1::text[])',
              values: [[...givenIds]],
            }),
      ]),
    );
    const headRow = head.rows[0];
    // recordedAt never goes back along the global order, whatever the clock does.
    const state = emptyBatchState(
      headRow === undefined ? 0n : BigInt(headRow.position),
      headRow?.recorded_at,
      this.stamp(headRow?.recorded_at),
    );
    for (const streamId of streams) state.streams.set(streamId, null);
    for (const row of heads.rows)
      state.streams.set(row.stream_id, { revision: BigInt(row.revision), hash: row.hash });
    for (const row of records.rows) {
      state.keys.set(row.idempotency_key, {
        digest: row.digest,
        streamId: row.stream_id,
        first: BigInt(row.first_position),
        last: BigInt(row.last_position),
      });
    }
    for (const row of taken.rows) state.takenIds.add(row.event_id);
    return state;
  }

  /**
   * Checks each append in turn, then sends the batch's rows, the participants' writes and COMMIT
   * together: one round trip.
   */
  private async writeBatch(
    client: PoolClient,
    batch: readonly QueuedAppend[],
    state: BatchState,
  ): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    const participantWrites: PostgresParticipantWrites[] = [];
    try {
      for (const pending of batch) outcomes.push(await this.applyAppend(client, pending.prepared, state));
      if (state.written.length > 0) {
        for (const participant of this.participants) {
          participantWrites.push(await participant.onCommit(client, state.written));
        }
      }
      await this.hooks.beforeCommit?.({ appends: batch.length, client });
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    const settled = await Promise.allSettled(
      inOneWrite(client, () => [
        this.insertRows(client, state),
        ...participantWrites.map((send) => send()),
        client.query('COMMIT'),
      ]),
    );
    const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
    // The server refused a write: the transaction was aborted, and COMMIT rolled it back.
    const refused = failures.find((error) => !isConnectionError(error));
    if (refused !== undefined)
      throw refused instanceof Error ? refused : new Error(describePostgresError(refused));
    // The connection broke after COMMIT was sent: the server may have committed or not.
    if (failures.length > 0) throw new CommitOutcomeUnknown(failures[0]);
    if (state.written.length > 0) for (const participant of this.participants) participant.afterCommit?.();
    return outcomes;
  }

  /** One append against the batch's state; a refusal writes nothing and changes no state. */
  private async applyAppend(client: PoolClient, append: PreparedAppend, state: BatchState): Promise<Outcome> {
    const { streamId, idempotencyKey } = append;
    if (idempotencyKey !== null) {
      const previous = state.keys.get(idempotencyKey);
      if (previous !== undefined) {
        if (previous.digest !== append.digest)
          return { ok: false, error: new IdempotencyKeyReusedError(idempotencyKey) };
        const events =
          previous.events ??
          rowsToEvents(
            await client.query<[string, string, string]>({
              text: `SELECT ${EVENT_COLUMNS} FROM events WHERE position BETWEEN $1 AND $2 ORDER BY position`,
              values: [previous.first.toString(), previous.last.toString()],
              rowMode: 'array',
            }),
          );
        const last = events[events.length - 1];
        if (last === undefined) throw new Error(`idempotency key ${idempotencyKey} points at no events`);
        return {
          ok: true,
          written: 0,
          result: {
            streamId: previous.streamId,
            nextExpectedRevision: last.revision,
            position: last.position,
            events,
            replayed: true,
          },
        };
      }
    }
    const current = state.streams.get(streamId) ?? null;
    const actual = current?.revision ?? null;
    if (!expectationMet(append.expectedRevision, actual)) {
      return { ok: false, error: new WrongExpectedRevisionError(streamId, append.expectedRevision, actual) };
    }
    for (const event of append.events) {
      if (event.eventId !== null && state.takenIds.has(event.eventId)) {
        return { ok: false, error: new InvalidEventError('an event id of this append is already recorded') };
      }
    }
    const recorded: RecordedEvent[] = [];
    let prevHash = current?.hash ?? null;
    let revision = actual === null ? 0n : actual + 1n;
    let position = state.head + 1n;
    for (const event of append.events) {
      const eventId = event.eventId ?? uuidv7();
      const sealed = sealEvent(event, {
        eventId,
        streamId,
        revision,
        position,
        prevHash,
        recordedAt: state.recordedAt,
      });
      state.rows.push(sealed.recorded, sealed.envelope);
      state.written.push({ position, envelope: sealed.envelope });
      state.takenIds.add(eventId);
      recorded.push(sealed.recorded);
      prevHash = sealed.recorded.hash;
      revision++;
      position++;
    }
    const first = state.head + 1n;
    const last = position - 1n;
    if (idempotencyKey !== null && append.digest !== null) {
      state.keys.set(idempotencyKey, { digest: append.digest, streamId, first, last, events: recorded });
      state.keyRows.push({
        key: idempotencyKey,
        digest: append.digest,
        streamId,
        first: first.toString(),
        last: last.toString(),
      });
    }
    state.head = last;
    state.headRecordedAt = state.recordedAt;
    if (prevHash !== null) state.streams.set(streamId, { revision: revision - 1n, hash: prevHash });
    return {
      ok: true,
      written: recorded.length,
      result: {
        streamId,
        nextExpectedRevision: revision - 1n,
        position: last,
        events: recorded,
        replayed: false,
      },
    };
  }

  /**
   * Writes the batch's events (in chunks of at most INSERT_CHUNK_BYTES) and idempotency keys. Every
   * statement is sent before this returns (nothing is awaited in between), so a COMMIT sent next
   * follows them on the connection.
   */
  private insertRows(client: PoolClient, state: BatchState): Promise<unknown> {
    const rows = state.rows;
    const statements: Promise<unknown>[] = [];
    let start = 0;
    while (start < rows.length) {
      let end = start;
      let bytes = 0;
      while (end < rows.length && (end === start || bytes < INSERT_CHUNK_BYTES)) {
        bytes += rows.envelope[end]?.length ?? 0;
        end++;
      }
      const slice = <T>(column: T[]): T[] => column.slice(start, end);
      if (end - start === 1) {
        // One row (a lone append): plain parameters cost less to encode than one-element arrays.
        statements.push(
          client.query({
            name: 'ledger-insert-event',
            text: `INSERT INTO events (position, stream_id, revision, event_id, type, recorded_at, hash, prev_hash, envelope)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
            values: [
              rows.position[start],
              rows.streamId[start],
              rows.revision[start],
              rows.eventId[start],
              rows.type[start],
              rows.recordedAt[start],
              rows.hash[start],
              rows.prevHash[start],
              rows.envelope[start],
            ],
          }),
        );
        start = end;
        continue;
      }
      statements.push(
        client.query({
          name: 'ledger-insert-events',
          text: `INSERT INTO events (position, stream_id, revision, event_id, type, recorded_at, hash, prev_hash, envelope)
                 SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[],
                                      $7::text[], $8::text[], $9::text[])`,
          values: [
            slice(rows.position),
            slice(rows.streamId),
            slice(rows.revision),
            slice(rows.eventId),
            slice(rows.type),
            slice(rows.recordedAt),
            slice(rows.hash),
            slice(rows.prevHash),
            slice(rows.envelope),
          ],
        }),
      );
      start = end;
    }
    if (state.keyRows.length > 0) {
      statements.push(
        client.query({
          name: 'ledger-insert-keys',
          text: `INSERT INTO idempotency_keys (idempotency_key, digest, stream_id, first_position, last_position, recorded_at)
                 SELECT k, d, s, f, l, $6 FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[])
                   AS t (k, d, s, f, l)`,
          values: [
            state.keyRows.map((r) => r.key),
            state.keyRows.map((r) => r.digest),
            state.keyRows.map((r) => r.streamId),
            state.keyRows.map((r) => r.first),
            state.keyRows.map((r) => r.last),
            state.recordedAt,
          ],
        }),
      );
    }
    return Promise.all(statements);
  }

  // ---- importing --------------------------------------------------------------------------------

  /**
   * Writes recorded events verbatim (EventImporter), in one transaction under the append lock:
   * each must verify (its hash recomputes from the envelope), continue its stream (next revision,
   * prevHash = the stream's last hash) and take the next global position, with an event id not yet
   * recorded. Anything else is refused with InvalidEvent and nothing of the call is written.
   * Idempotency keys in the events' metadata are kept there but are not made answerable again.
   */
  async importEvents(events: readonly RecordedEvent[]): Promise<void> {
    this.assertOpen();
    const { streamIds, eventIds } = importLookupKeys(events);
    if (events.length === 0) return;
    try {
      await inTransaction(this.pool, async (client) => {
        await client.query(`SELECT pg_advisory_xact_lock(${this.appendLock})`);
        const head = await client.query<{ head: string }>(
          'SELECT coalesce(max(position), 0) AS head FROM events',
        );
        const heads = await client.query<{ stream_id: string; revision: string; hash: string }>(
          `SELECT s.stream_id, e.revision, e.hash FROM unnest($1::text[]) AS s (stream_id)
             CROSS JOIN LATERAL (SELECT revision, hash FROM events WHERE events.stream_id = s.stream_id
                                 ORDER BY revision DESC LIMIT 1) e`,
          [streamIds],
        );
        const taken = await client.query<{ event_id: string }>(
          'SELECT event_id FROM events WHERE event_id = ANY($1::text[])',
          [eventIds],
        );
        const plan = checkImportedEvents(
          events,
          BigInt(head.rows[0]?.head ?? '0'),
          new Map(heads.rows.map((r) => [r.stream_id, { revision: BigInt(r.revision), hash: r.hash }])),
          new Set(taken.rows.map((r) => r.event_id)),
        );
        const state = emptyBatchState(0n, undefined, '');
        for (const { event, envelope } of plan) {
          state.rows.push(event, envelope);
          state.written.push({ position: event.position, envelope });
        }
        const sends: PostgresParticipantWrites[] = [];
        for (const participant of this.participants)
          sends.push(await participant.onCommit(client, state.written));
        await Promise.all([this.insertRows(client, state), ...sends.map((send) => send())]);
      });
    } catch (error) {
      if (error instanceof EventStoreError) throw error;
      throw unavailable('the import could not be committed; none of it was kept', error);
    }
    for (const participant of this.participants) participant.afterCommit?.();
    this.known = null;
    this.signal.notify();
  }

  // ---- reading ----------------------------------------------------------------------------------

  private async envelopesAfter(
    client: PoolClient,
    position: bigint,
    limit: number,
  ): Promise<CommittedEnvelope[]> {
    const result = await client.query<[string, string]>({
      text: 'SELECT position, envelope FROM events WHERE position > $1 ORDER BY position LIMIT $2',
      values: [position.toString(), limit],
      rowMode: 'array',
    });
    return result.rows.map(([p, envelope]) => ({ position: BigInt(p), envelope }));
  }

  /** A read on the pool; a pooled connection the server closed while idle is replaced once. */
  private async read<T>(what: string, work: (pool: Pool) => Promise<T>): Promise<T> {
    this.assertOpen();
    try {
      return await work(this.pool);
    } catch (error) {
      if (error instanceof EventStoreError) throw error;
      if (!isConnectionError(error) || this.closed) throw unavailable(`${what} failed`, error);
      try {
        return await work(this.pool);
      } catch (retryError) {
        if (retryError instanceof EventStoreError) throw retryError;
        throw unavailable(`${what} failed`, retryError);
      }
    }
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const stream = validateStreamId(streamId);
    const o = validateReadStreamOptions(options);
    const upTo = o.upToPosition ?? MAX_INT64;
    const forward = o.direction === 'forward';
    return this.read('readStream', async (pool) => {
      const rows = await pool.query<[string, string, string]>({
        text: `SELECT ${EVENT_COLUMNS} FROM events
                WHERE stream_id = $1 AND revision ${forward ? '>=' : '<='} $2 AND position <= $3
                ORDER BY revision ${forward ? 'ASC' : 'DESC'} LIMIT $4`,
        values: [
          stream,
          (o.fromRevision ?? (forward ? 0n : MAX_INT64)).toString(),
          upTo.toString(),
          o.maxCount,
        ],
        rowMode: 'array',
      });
      if (rows.rows.length === 0) {
        const start = await pool.query<{ position: string }>(
          'SELECT position FROM events WHERE stream_id = $1 AND revision = 0',
          [stream],
        );
        const first = start.rows[0]?.position;
        if (first === undefined || BigInt(first) > upTo) throw new StreamNotFoundError(stream);
      }
      return rowsToEvents(rows);
    });
  }

  async streamRevision(streamId: string): Promise<bigint | null> {
    const stream = validateStreamId(streamId);
    return this.read('streamRevision', async (pool) => {
      const result = await pool.query<{ revision: string }>(
        'SELECT revision FROM events WHERE stream_id = $1 ORDER BY revision DESC LIMIT 1',
        [stream],
      );
      const revision = result.rows[0]?.revision;
      return revision === undefined ? null : BigInt(revision);
    });
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const { after, limit } = validateReadAllOptions(options);
    return this.read('readAll', async (pool) =>
      rowsToEvents(
        await pool.query<[string, string, string]>({
          text: `SELECT ${EVENT_COLUMNS} FROM events WHERE position > $1 ORDER BY position LIMIT $2`,
          values: [after.toString(), limit],
          rowMode: 'array',
        }),
      ),
    );
  }

  async headPosition(): Promise<bigint> {
    return this.read('headPosition', async (pool) => {
      const result = await pool.query<{ head: string }>(
        'SELECT coalesce(max(position), 0) AS head FROM events',
      );
      return BigInt(result.rows[0]?.head ?? '0');
    });
  }

  subscribe(options: SubscribeOptions, handler: SubscriptionHandler): Subscription {
    const { after, batchSize } = validateSubscribeOptions(options, handler);
    this.assertOpen();
    const subscription = new PollingSubscription(
      {
        after,
        batchSize,
        pollIntervalMs: this.pollIntervalMs,
        // A server that is away is waited out: "nothing new yet", and the next poll tries again.
        readAll: (o) =>
          this.readAll(o).catch((error: unknown) => {
            if (error instanceof StoreUnavailableError && !this.closed) return [];
            throw error;
          }),
        signal: this.signal,
        isClosed: () => this.closed,
      },
      handler,
    );
    this.subscriptions.add(subscription);
    void subscription.done.finally(() => this.subscriptions.delete(subscription)).catch(() => undefined);
    return subscription;
  }

  /** Stops subscriptions, commits the appends already accepted, then closes the pool. */
  close(): Promise<void> {
    this.closing ??= this.closeNow();
    return this.closing;
  }

  private async closeNow(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.groupCommit.drain(() => {
      this.closed = true;
      this.signal.notify();
    });
    await this.pool.end();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError('the store is closed');
  }
}

/** COMMIT failed because the connection was lost: the server may or may not have committed. */
class CommitOutcomeUnknown extends Error {
  constructor(override readonly cause: unknown) {
    super('commit outcome unknown');
  }
}

import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { recordedEventFromEnvelope } from '../event-hash';
import {
  checkImportedEvents,
  type CommittedEnvelope,
  committedEnvelope,
  type ImportStreamHead,
  importLookupKeys,
} from '../event-import';
import type { EventImporter } from '../event-import.port';
import {
  EventStoreError,
  IdempotencyKeyReusedError,
  InvalidEventError,
  StoreSchemaTooNewError,
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
  expectationMet,
  type PreparedAppend,
  sealEvent,
  validateReadAllOptions,
  validateReadStreamOptions,
  validateIdempotencyKey,
  validateStreamId,
  validateSubscribeOptions,
} from '../event-store.validation';
import {
  GroupCommitQueue,
  type GroupCommitReport,
  type GroupCommitStats,
  type QueuedAppend,
} from '../group-commit';
import { CommitSignal, PollingSubscription } from '../polling-subscription';
import { EVENT_STORE_SCHEMA_COMPONENT } from '../event-store.schema';
import { EVENT_STORE_MIGRATIONS, migrateSqlite } from './sqlite-event-store.migrations';

export interface SqliteEventStoreHooks {
  /**
   * Fault injection for tests: called inside the group-commit transaction just before COMMIT.
   * Throwing (e.g. an error with code SQLITE_IOERR) makes that commit fail.
   */
  beforeCommit?(batch: { appends: number }): void;
  /** Called with the adapter's own connection once it is open (tests use it to provoke engine errors). */
  onConnectionOpened?(db: Database.Database): void;
}

/**
 * Something kept in the same file and committed in the same transaction as the events (the Merkle
 * log of libs/ledger): it can never lag or lead the events it is derived from.
 */
export interface SqliteCommitParticipant {
  /**
   * Called once the connection is open (and again after a reconnect): create tables, and catch up
   * with events stored before the participant existed (`envelopesAfter(position)` lists them).
   */
  attach(db: Database.Database, envelopesAfter: (position: bigint) => Iterable<CommittedEnvelope>): void;
  /** Inside the commit transaction, after every append of the batch: what was written, in order. */
  onCommit(db: Database.Database, written: readonly CommittedEnvelope[]): void;
}

export interface SqliteEventStoreOptions {
  /** The ledger file; its folder is created if needed. Read models may live in the same file. */
  file: string;
  /** Stamps recordedAt at commit (default: real time). */
  clock?: () => Date;
  /** How often subscriptions look for events written by other processes (default 200 ms). */
  pollIntervalMs?: number;
  /** How long a commit waits for another process's write lock (default 5000 ms). */
  busyTimeoutMs?: number;
  /** Most appends sharing one group commit (default 1000). */
  maxBatchAppends?: number;
  hooks?: SqliteEventStoreHooks;
  /** Written in the same transaction as each batch of events. */
  participants?: readonly SqliteCommitParticipant[];
}

/** Counters of the group commit (what it did, not what it was asked). */
export type SqliteEventStoreStats = GroupCommitStats;

type Outcome =
  { ok: true; result: AppendResult; written: CommittedEnvelope[] } | { ok: false; error: EventStoreError };

interface BatchContext {
  head: number;
  recordedAt: string;
}

interface StreamHead {
  revision: number;
  hash: string;
}

/** Stream heads remembered between batches; beyond this many the memory is simply dropped. */
const STREAM_HEAD_CACHE_LIMIT = 50_000;

/** A row of the read statements, in raw (array) mode: [hash, envelope]. */
type EventRow = [position: number, hash: string, envelope: string];

/**
 * Settings of every connection of the adapter (after journal_mode = WAL). synchronous=FULL: a
 * legal record must survive power loss. A 64 MiB page cache keeps the stream index in memory.
 */
export const SQLITE_CONNECTION_PRAGMAS: readonly string[] = [
  'synchronous = FULL',
  'foreign_keys = ON',
  'cache_size = -65536',
];

const EVENT_COLUMNS = 'position, hash, envelope';
const NO_LIMIT = -1;
const MAX_INT64 = 2n ** 63n - 1n;

function toRecordedEvent(row: EventRow): RecordedEvent {
  return recordedEventFromEnvelope(BigInt(row[0]), row[1], row[2]);
}

/** Runs synchronous work and reports its result or error through a promise. */
/** A row of idempotency_keys: where the first append made with a key landed. */
interface KeyRow {
  digest: string;
  stream_id: string;
  first_position: number;
  last_position: number;
}

function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    // Errors pass through as thrown (SqliteError may come from another realm: no instanceof).
    return Promise.reject(
      typeof error === 'object' && error !== null ? (error as Error) : new Error(String(error)),
    );
  }
}

function sqliteCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

/**
 * The message of an error without `instanceof Error`: better-sqlite3's native part builds its
 * errors with the SqliteError class registered last, which under Jest may come from another
 * module registry (another realm), where `instanceof Error` is false.
 */
function errorMessage(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}

function describeError(error: unknown): string {
  const code = sqliteCode(error);
  const message = errorMessage(error);
  return code === null ? message : `${code}: ${message}`;
}

function isEventIdConflict(error: unknown): boolean {
  return sqliteCode(error) === 'SQLITE_CONSTRAINT_UNIQUE' && errorMessage(error).includes('events.event_id');
}

function prepareStatements(db: Database.Database) {
  return {
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    savepoint: db.prepare('SAVEPOINT append'),
    release: db.prepare('RELEASE append'),
    rollbackTo: db.prepare('ROLLBACK TO append'),
    headRow: db.prepare('SELECT position, recorded_at FROM events ORDER BY position DESC LIMIT 1'),
    dataVersion: db.prepare('PRAGMA data_version').pluck(),
    head: db.prepare('SELECT coalesce(max(position), 0) AS head FROM events').pluck(),
    streamHead: db.prepare(
      'SELECT revision, hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
    ),
    streamStart: db.prepare('SELECT position FROM events WHERE stream_id = ? AND revision = 0').pluck(),
    eventIdTaken: db.prepare('SELECT 1 FROM events WHERE event_id = ?').pluck(),
    insert: db.prepare(
      `INSERT INTO events (position, stream_id, revision, event_id, type, recorded_at, hash, prev_hash, envelope)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    idempotencyGet: db.prepare(
      'SELECT digest, stream_id, first_position, last_position FROM idempotency_keys WHERE idempotency_key = ?',
    ),
    idempotencyPut: db.prepare(
      `INSERT INTO idempotency_keys (idempotency_key, digest, stream_id, first_position, last_position, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    range: db
      .prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position BETWEEN ? AND ? ORDER BY position`)
      .raw(),
    readAll: db
      .prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`)
      .raw(),
    readForward: db
      .prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? AND position <= ?
         ORDER BY revision ASC LIMIT ?`,
      )
      .raw(),
    readBackward: db
      .prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? AND position <= ?
         ORDER BY revision DESC LIMIT ?`,
      )
      .raw(),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

/**
 * The embedded event store (DESIGN.md §6): one SQLite file in WAL mode with synchronous=FULL.
 *
 * Appends are group-committed: every append that arrives before the next turn of the event loop
 * joins one transaction (one fsync). Each append is checked on its own, in arrival order (so two
 * appends to one stream see each other), before it writes anything, and one whose insert can still
 * fail runs in a SAVEPOINT: a refused append leaves no trace and does not refuse its neighbours.
 * Every promise settles only after the transaction committed; if the commit fails, all of the
 * batch is rejected with StoreUnavailableError, nothing of it is kept, and the next batch starts
 * clean. better-sqlite3 is synchronous: a commit (its fsync) holds the event loop meanwhile.
 */
export class SqliteEventStore implements EventStore, EventImporter {
  /** Positions are assigned inside the commit transaction, one writer at a time: 1,2,3… */
  readonly gapFreePositions = true;
  /** Absolute path of the database file (read models open their own connection to it). */
  readonly file: string;

  private db: Database.Database;
  private readonly clock: () => Date;
  private readonly pollIntervalMs: number;
  private readonly busyTimeoutMs: number;
  private readonly hooks: SqliteEventStoreHooks;
  private readonly signal = new CommitSignal();
  private readonly subscriptions = new Set<PollingSubscription>();
  /**
   * What the last committed batch left (global head, stream heads), valid while no other
   * connection has written: PRAGMA data_version tells, read under the write lock.
   */
  private cachedHead: { position: number; recordedAt: string } | null = null;
  private readonly streamHeads = new Map<string, StreamHead>();
  private cachedDataVersion: number | null = null;
  private closed = false;
  private closing: Promise<void> | null = null;
  /** Set when the connection could not be recovered after a failed commit. */
  private broken: StoreUnavailableError | null = null;
  private statements: Statements;
  private readonly participants: readonly SqliteCommitParticipant[];
  private readonly groupCommit: GroupCommitQueue<Outcome>;

  private constructor(file: string, options: SqliteEventStoreOptions) {
    this.file = file;
    this.clock = options.clock ?? ((): Date => new Date());
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.busyTimeoutMs = Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000));
    this.hooks = options.hooks ?? {};
    this.participants = options.participants ?? [];
    this.groupCommit = new GroupCommitQueue<Outcome>({
      maxBatchAppends: options.maxBatchAppends ?? 1000,
      assertOpen: () => this.assertOpen(),
      commit: (batch) => this.commitBatch(batch),
      eventsWritten: (outcome) => (outcome.result.replayed ? 0 : outcome.result.events.length),
      failure: (error) =>
        new StoreUnavailableError(
          `the batch could not be committed; none of it was kept (${describeError(error)})`,
          {
            cause: error,
          },
        ),
      broken: () => this.broken,
      signal: this.signal,
    });
    this.db = new Database(file);
    try {
      const journal = this.db.pragma('journal_mode = WAL', { simple: true });
      if (journal !== 'wal') throw new Error(`journal_mode is ${String(journal)}, WAL is required`);
      for (const pragma of SQLITE_CONNECTION_PRAGMAS) this.db.pragma(pragma);
      this.db.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
      migrateSqlite(this.db, file, EVENT_STORE_SCHEMA_COMPONENT, EVENT_STORE_MIGRATIONS, () =>
        this.clock().toISOString(),
      );
      this.statements = prepareStatements(this.db);
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.hooks.onConnectionOpened?.(this.db);
    this.attachParticipants();
  }

  /**
   * Opens (creating the file and its folder if needed) and migrates the ledger file. Throws
   * StoreSchemaTooNewError for a file written by newer software, StoreUnavailableError otherwise.
   */
  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    if (typeof options.file !== 'string' || options.file.length === 0) {
      throw new InvalidEventError('SqliteEventStore.open needs a file path');
    }
    const file = resolve(options.file);
    try {
      mkdirSync(dirname(file), { recursive: true });
      return new SqliteEventStore(file, options);
    } catch (error) {
      if (error instanceof StoreSchemaTooNewError) throw error;
      throw new StoreUnavailableError(`cannot open ${file}: ${describeError(error)}`, { cause: error });
    }
  }

  /** A copy of the group-commit counters. */
  get stats(): SqliteEventStoreStats {
    return this.groupCommit.stats;
  }

  /**
   * Calls `observer` after each group commit, once its appends are answered (metrics). An observer
   * that throws is ignored: it can neither fail nor delay a commit. Returns the way to stop.
   */
  observeCommits(observer: (report: GroupCommitReport) => void): () => void {
    return this.groupCommit.observeCommits(observer);
  }

  // ---- writing ----------------------------------------------------------------------------------

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return this.groupCommit.append(streamId, events, options);
  }

  /**
   * One group commit: every append of the batch in one transaction, with the commit participants.
   * An engine error rolls all of it back and fails the batch (the queue rejects its appends).
   */
  private commitBatch(batch: readonly QueuedAppend[]): Outcome[] {
    const s = this.statements;
    const outcomes: Outcome[] = [];
    try {
      s.begin.run();
      const context = this.batchContext();
      for (const pending of batch) outcomes.push(this.applyAppend(pending.prepared, context));
      const written = outcomes.flatMap((outcome) => (outcome.ok ? outcome.written : []));
      for (const participant of this.participants) participant.onCommit(this.db, written);
      this.hooks.beforeCommit?.({ appends: batch.length });
      s.commit.run();
      this.cachedHead = { position: context.head, recordedAt: context.recordedAt };
    } catch (error) {
      this.forgetCaches();
      this.abandonTransaction();
      throw error;
    }
    return outcomes;
  }

  /** After a failed batch: roll back whatever SQLite kept open, so the next batch starts clean. */
  private abandonTransaction(): void {
    if (!this.db.inTransaction) return;
    try {
      this.statements.rollback.run();
    } catch {
      // The connection cannot roll back: replace it rather than leave a half-open transaction.
      try {
        this.reconnect();
      } catch (error) {
        this.broken = new StoreUnavailableError(`the connection was lost: ${describeError(error)}`, {
          cause: error,
        });
      }
    }
  }

  private reconnect(): void {
    try {
      this.db.close();
    } catch {
      // Closing a broken connection may fail too; the new one is what matters.
    }
    this.db = new Database(this.file);
    this.db.pragma('journal_mode = WAL');
    for (const pragma of SQLITE_CONNECTION_PRAGMAS) this.db.pragma(pragma);
    this.db.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
    this.statements = prepareStatements(this.db);
    this.forgetCaches();
    this.attachParticipants();
  }

  /** Hands the connection to the commit participants; they catch up with events stored before them. */
  private attachParticipants(): void {
    const envelopes = this.db.prepare(
      'SELECT position, envelope FROM events WHERE position > ? ORDER BY position',
    );
    for (const participant of this.participants) {
      participant.attach(this.db, function* (after: bigint): Iterable<CommittedEnvelope> {
        for (const row of envelopes.safeIntegers(true).iterate(after) as Iterable<{
          position: bigint;
          envelope: string;
        }>) {
          yield committedEnvelope(row.position, row.envelope);
        }
      });
    }
  }

  private forgetCaches(): void {
    this.cachedHead = null;
    this.streamHeads.clear();
    this.cachedDataVersion = null;
  }

  private batchContext(): BatchContext {
    const version = this.statements.dataVersion.get() as number;
    if (version !== this.cachedDataVersion) this.forgetCaches();
    this.cachedDataVersion = version;
    if (this.streamHeads.size > STREAM_HEAD_CACHE_LIMIT) this.streamHeads.clear();
    const row =
      this.cachedHead === null
        ? (this.statements.headRow.get() as { position: number; recorded_at: string } | undefined)
        : { position: this.cachedHead.position, recorded_at: this.cachedHead.recordedAt };
    const now = this.clock();
    const nowMs = now.getTime();
    if (!Number.isFinite(nowMs)) throw new Error('the injected clock returned an invalid Date');
    // recordedAt never goes back along the global order, whatever the clock does.
    const recordedAt =
      row !== undefined && Date.parse(row.recorded_at) > nowMs ? row.recorded_at : now.toISOString();
    return { head: row?.position ?? 0, recordedAt };
  }

  private streamHead(streamId: string): StreamHead | undefined {
    const cached = this.streamHeads.get(streamId);
    if (cached !== undefined) return cached;
    return this.statements.streamHead.get(streamId) as StreamHead | undefined;
  }

  /** The first append made with a key, as its retry is answered. */
  private replayOf(idempotencyKey: string, row: KeyRow): AppendResult {
    const events = (this.statements.range.all(row.first_position, row.last_position) as EventRow[]).map(
      toRecordedEvent,
    );
    const last = events[events.length - 1];
    if (last === undefined) throw new Error(`idempotency key ${idempotencyKey} points at no events`);
    return {
      streamId: row.stream_id,
      nextExpectedRevision: last.revision,
      position: last.position,
      events,
      replayed: true,
    };
  }

  /**
   * One append inside the batch transaction. Refusals come back as outcomes (the savepoint undone);
   * engine errors are thrown and fail the whole batch.
   */
  private applyAppend(append: PreparedAppend, context: BatchContext): Outcome {
    const s = this.statements;
    const { streamId, idempotencyKey } = append;
    if (idempotencyKey !== null) {
      const previous = s.idempotencyGet.get(idempotencyKey) as KeyRow | undefined;
      if (previous !== undefined) {
        if (previous.digest !== append.digest)
          return { ok: false, error: new IdempotencyKeyReusedError(idempotencyKey) };
        return { ok: true, written: [], result: this.replayOf(idempotencyKey, previous) };
      }
    }
    const current = this.streamHead(streamId);
    const actual = current?.revision ?? null;
    const actualRevision = actual === null ? null : BigInt(actual);
    if (!expectationMet(append.expectedRevision, actualRevision)) {
      return {
        ok: false,
        error: new WrongExpectedRevisionError(streamId, append.expectedRevision, actualRevision),
      };
    }
    // Only an event id given by the caller (or derived from an idempotency key) can make an insert
    // fail half-way (UNIQUE event_id): such appends run in a savepoint, to be undone alone. Ids the
    // store generates (UUIDv7) cannot collide, and every other check came before any write; an
    // engine error fails the whole batch anyway.
    const guarded = append.events.some((event) => event.eventId !== null);
    if (guarded) s.savepoint.run();
    try {
      const recorded: RecordedEvent[] = [];
      const written: CommittedEnvelope[] = [];
      let prevHash = current?.hash ?? null;
      let revision = actual === null ? 0 : actual + 1;
      let position = context.head + 1;
      for (const event of append.events) {
        const eventId = event.eventId ?? uuidv7();
        const sealed = sealEvent(
          event,
          {
            eventId,
            streamId,
            revision: BigInt(revision),
            position: BigInt(position),
            prevHash,
            recordedAt: context.recordedAt,
          },
          this.participants.length > 0,
        );
        const { envelope, recorded: recordedEvent, leafHash } = sealed;
        s.insert.run(
          position,
          streamId,
          revision,
          eventId,
          event.type,
          context.recordedAt,
          recordedEvent.hash,
          prevHash,
          envelope,
        );
        // Only commit participants (the Merkle log) take the written events.
        if (leafHash !== null) written.push({ position: recordedEvent.position, envelope, leafHash });
        recorded.push(recordedEvent);
        prevHash = recordedEvent.hash;
        revision++;
        position++;
      }
      const first = context.head + 1;
      const last = position - 1;
      if (idempotencyKey !== null) {
        s.idempotencyPut.run(idempotencyKey, append.digest, streamId, first, last, context.recordedAt);
      }
      if (guarded) s.release.run();
      context.head = last;
      // Remembered for the next batch only if this one commits (a failed batch forgets all).
      if (prevHash !== null) this.streamHeads.set(streamId, { revision: revision - 1, hash: prevHash });
      return {
        ok: true,
        written,
        result: {
          streamId,
          nextExpectedRevision: BigInt(revision - 1),
          position: BigInt(last),
          events: recorded,
          replayed: false,
        },
      };
    } catch (error) {
      if (!guarded) throw error;
      try {
        s.rollbackTo.run();
        s.release.run();
      } catch {
        // SQLite already rolled the whole transaction back (e.g. SQLITE_FULL): the batch fails below.
        throw error;
      }
      if (isEventIdConflict(error)) {
        return { ok: false, error: new InvalidEventError(`an event id of this append is already recorded`) };
      }
      throw error;
    }
  }

  // ---- importing --------------------------------------------------------------------------------

  /**
   * Writes recorded events verbatim (EventImporter) in one transaction, with the commit
   * participants: each must continue the file exactly (checkImportedEvents); anything else is
   * refused with InvalidEvent and nothing of the call is written. Idempotency keys in the events'
   * metadata stay there but are not made answerable again.
   */
  importEvents(events: readonly RecordedEvent[]): Promise<void> {
    return settle(() => {
      this.assertOpen();
      const { streamIds, eventIds } = importLookupKeys(events);
      if (events.length === 0) return;
      const s = this.statements;
      try {
        s.begin.run();
        const heads = new Map<string, ImportStreamHead>();
        for (const streamId of streamIds) {
          const row = s.streamHead.get(streamId) as StreamHead | undefined;
          if (row !== undefined) heads.set(streamId, { revision: BigInt(row.revision), hash: row.hash });
        }
        const taken = new Set(eventIds.filter((id) => s.eventIdTaken.get(id) !== undefined));
        const plan = checkImportedEvents(events, BigInt(s.head.get() as number), heads, taken);
        for (const { event, envelope } of plan) {
          s.insert.run(
            event.position,
            event.streamId,
            event.revision,
            event.eventId,
            event.type,
            event.metadata.recordedAt,
            event.hash,
            event.prevHash,
            envelope,
          );
        }
        const written = plan.map(({ event, envelope }) => committedEnvelope(event.position, envelope));
        for (const participant of this.participants) participant.onCommit(this.db, written);
        s.commit.run();
      } catch (error) {
        this.abandonTransaction();
        if (error instanceof EventStoreError) throw error;
        throw new StoreUnavailableError(
          `the import could not be committed; none of it was kept (${describeError(error)})`,
          { cause: error },
        );
      } finally {
        // The file changed under the caches of the group commit (same connection: data_version does not tell).
        this.forgetCaches();
      }
      this.signal.notify();
    });
  }

  // ---- reading ----------------------------------------------------------------------------------

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return settle(() => this.readStreamNow(streamId, options));
  }

  private readStreamNow(streamId: string, options: ReadStreamOptions | undefined): RecordedEvent[] {
    const stream = validateStreamId(streamId);
    const o = validateReadStreamOptions(options);
    this.assertOpen();
    const s = this.statements;
    const upTo = o.upToPosition ?? MAX_INT64;
    const limit = o.maxCount ?? NO_LIMIT;
    const rows = (
      o.direction === 'forward'
        ? s.readForward.all(stream, o.fromRevision ?? 0n, upTo, limit)
        : s.readBackward.all(stream, o.fromRevision ?? MAX_INT64, upTo, limit)
    ) as EventRow[];
    if (rows.length === 0) {
      const start = s.streamStart.get(stream) as number | undefined;
      if (start === undefined || BigInt(start) > upTo) throw new StreamNotFoundError(stream);
    }
    return rows.map(toRecordedEvent);
  }

  streamRevision(streamId: string): Promise<bigint | null> {
    return settle(() => {
      const stream = validateStreamId(streamId);
      this.assertOpen();
      const row = this.statements.streamHead.get(stream) as { revision: number } | undefined;
      return row === undefined ? null : BigInt(row.revision);
    });
  }

  readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return settle(() => {
      const { after, limit } = validateReadAllOptions(options);
      this.assertOpen();
      return (this.statements.readAll.all(after, limit) as EventRow[]).map(toRecordedEvent);
    });
  }

  findIdempotentAppend(idempotencyKey: string): Promise<AppendResult | null> {
    return settle(() => {
      const key = validateIdempotencyKey(idempotencyKey);
      this.assertOpen();
      const row = this.statements.idempotencyGet.get(key) as KeyRow | undefined;
      return row === undefined ? null : this.replayOf(key, row);
    });
  }

  headPosition(): Promise<bigint> {
    return settle(() => {
      this.assertOpen();
      return BigInt(this.statements.head.get() as number);
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
        readAll: (o) => this.readAll(o),
        signal: this.signal,
        isClosed: () => this.closed,
      },
      handler,
    );
    this.subscriptions.add(subscription);
    void subscription.done.finally(() => this.subscriptions.delete(subscription)).catch(() => undefined);
    return subscription;
  }

  /** Stops subscriptions, commits the appends already accepted, then closes the connection. */
  close(): Promise<void> {
    this.closing ??= this.closeNow();
    return this.closing;
  }

  private async closeNow(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.groupCommit.drain(() => {
      this.closed = true;
      this.signal.notify();
      if (this.db.open) this.db.close();
    });
  }

  private assertOpen(): void {
    if (this.broken !== null) throw this.broken;
    if (this.closed) throw new StoreUnavailableError('the store is closed');
  }
}

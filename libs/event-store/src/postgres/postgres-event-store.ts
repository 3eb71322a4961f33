import type { Pool, PoolClient } from 'pg';
import { importLookupKeys } from '../event-import';
import type { EventImporter } from '../event-import.port';
import { InvalidEventError, StoreSchemaTooNewError, StoreUnavailableError } from '../event-store.errors';
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
import { EVENT_STORE_SCHEMA_COMPONENT } from '../event-store.schema';
import { validateSubscribeOptions } from '../event-store.validation';
import { GroupCommitQueue, type GroupCommitReport, type GroupCommitStats } from '../group-commit';
import { CommitSignal, PollingSubscription } from '../polling-subscription';
import { batchFailure, type Outcome, PostgresAppendBatches } from './postgres-append-batches';
import type { PostgresAttachContext, PostgresCommitParticipant } from './postgres-commit-participant';
import {
  advisoryLockKey,
  createPostgresPool,
  ensureSchema,
  inTransaction,
  type PostgresConnectionOptions,
  unavailable,
  validSchemaName,
} from './postgres-connection';
import { envelopesAfter, PostgresEventReader } from './postgres-event-reader';
import { importIntoPostgres } from './postgres-event-importer';
import { migratePostgres, POSTGRES_EVENT_STORE_MIGRATIONS } from './postgres-migrations';
import { ledgerChannel, type PostgresSession } from './postgres-session';

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
  /**
   * How often subscriptions look for events written by other processes (default 200 ms), each on
   * its own. With a `session`, they are woken by its notifications instead, and this is how often
   * the store looks once for all of them in case a notification was missed (default 5000 ms).
   */
  pollIntervalMs?: number;
  /**
   * The process's LISTEN connection: every append commits a NOTIFY on the ledger's `appended`
   * channel (whether or not anyone listens), and with a session the subscriptions of this store
   * wake on it — one connection per process instead of one poll per subscriber.
   */
  session?: PostgresSession;
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
 * lock; the writes with COMMIT) and one WAL flush — or, when nobody else wrote since this store's
 * last commit, one statement that takes the lock and writes everything, committed by itself
 * (PostgresAppendBatches). Every promise settles after COMMIT; a failed batch rejects all of its
 * appends with StoreUnavailable.
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
  private readonly participants: readonly PostgresCommitParticipant[];
  private readonly appendLock: string;
  private readonly appendedChannel: string;
  private readonly signal = new CommitSignal();
  private readonly subscriptions = new Set<PollingSubscription>();
  /** Reads of subscriptions in flight, by page: subscribers at the same position share one. */
  private readonly sharedReads = new Map<string, Promise<RecordedEvent[]>>();
  private readonly session: PostgresSession | null;
  private stopWaking: (() => void)[] = [];
  private fallbackTimer: NodeJS.Timeout | null = null;
  /** The head the fallback poll last saw (-1: none yet). */
  private polledHead = -1n;
  private closed = false;
  private closing: Promise<void> | null = null;
  private readonly groupCommit: GroupCommitQueue<Outcome>;
  private readonly batches: PostgresAppendBatches;
  private readonly reader: PostgresEventReader;

  private constructor(
    private readonly pool: Pool,
    location: string,
    schema: string,
    options: PostgresEventStoreOptions,
  ) {
    this.location = location;
    this.schema = schema;
    this.clock = options.clock ?? ((): Date => new Date());
    this.session = options.session ?? null;
    this.pollIntervalMs = options.pollIntervalMs ?? (this.session === null ? 200 : 5000);
    this.participants = options.participants ?? [];
    this.appendedChannel = ledgerChannel('appended', schema);
    this.appendLock = advisoryLockKey('append', schema).toString();
    this.batches = new PostgresAppendBatches(
      pool,
      this.appendLock,
      this.clock,
      options.hooks ?? {},
      this.participants,
    );
    this.reader = new PostgresEventReader(
      pool,
      () => this.assertOpen(),
      () => this.closed,
    );
    this.groupCommit = new GroupCommitQueue<Outcome>({
      maxBatchAppends: options.maxBatchAppends ?? 1000,
      assertOpen: () => this.assertOpen(),
      commit: async (batch) => {
        const outcomes = await this.batches.run(batch);
        if (outcomes.some((outcome) => outcome.ok && outcome.written > 0)) this.announceAppended();
        return outcomes;
      },
      eventsWritten: (outcome) => outcome.written,
      failure: batchFailure,
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
      {
        await inTransaction(pool, async (client) => {
          await client.query(`SELECT pg_advisory_xact_lock(${store.appendLock})`);
          const context: PostgresAttachContext = {
            location,
            schema,
            pool,
            now,
            envelopesAfter,
          };
          for (const participant of store.participants) await participant.attach(client, context);
        });
        for (const participant of store.participants) participant.afterCommit?.();
      }
      store.wakeOnNotifications();
      return store;
    } catch (error) {
      await pool.end().catch(() => undefined);
      if (error instanceof StoreSchemaTooNewError || error instanceof StoreUnavailableError) throw error;
      throw unavailable(`cannot open ${location}`, error);
    }
  }

  /** A copy of the group-commit counters. */
  get stats(): PostgresEventStoreStats {
    return { ...this.groupCommit.stats, oneRoundTripCommits: this.batches.oneRoundTripCommits };
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
    await importIntoPostgres(this.pool, this.appendLock, this.participants, events, { streamIds, eventIds });
    this.batches.forget();
    this.signal.notify();
    this.announceAppended();
  }

  /**
   * Wakes the other processes (their projector, read-your-writes waits and event streams) once a
   * batch has committed: sent after the commit, so only committed appends wake anyone, and not
   * awaited, so the writer does not wait for it — the append itself stays one statement. A lost
   * notification costs a listener its fallback poll, nothing else.
   */
  private announceAppended(): void {
    if (this.closed) return;
    this.pool
      .query({
        name: 'ledger-append-notify',
        text: 'SELECT pg_notify($1, $2)',
        values: [this.appendedChannel, ''],
      })
      .catch(() => undefined);
  }

  // ---- reading ----------------------------------------------------------------------------------

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.reader.readStream(streamId, options);
  }

  streamRevision(streamId: string): Promise<bigint | null> {
    return this.reader.streamRevision(streamId);
  }

  readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.reader.readAll(options);
  }

  headPosition(): Promise<bigint> {
    return this.reader.headPosition();
  }

  findIdempotentAppend(idempotencyKey: string): Promise<AppendResult | null> {
    return this.reader.findIdempotentAppend(idempotencyKey);
  }

  subscribe(options: SubscribeOptions, handler: SubscriptionHandler): Subscription {
    const { after, batchSize } = validateSubscribeOptions(options, handler);
    this.assertOpen();
    const subscription = new PollingSubscription(
      {
        after,
        batchSize,
        pollIntervalMs: this.session === null ? this.pollIntervalMs : null,
        // A server that is away is waited out: "nothing new yet", and the next poll tries again.
        readAll: (o) =>
          this.sharedRead(o).catch((error: unknown) => {
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

  /**
   * With a session: subscriptions wake on the `appended` notifications (of every process, this one
   * included) and on a reconnect, and one fallback poll of the head every pollIntervalMs stands in
   * for a notification missed — one query per process, however many subscribers.
   */
  private wakeOnNotifications(): void {
    const session = this.session;
    if (session === null) return;
    this.stopWaking = [
      session.listen('appended', () => this.signal.notify()),
      session.onReconnect(() => this.signal.notify()),
    ];
    const poll = (): void => {
      this.fallbackTimer = null;
      if (this.closed) return;
      const check =
        this.subscriptions.size === 0
          ? Promise.resolve()
          : this.headPosition().then((head) => {
              if (head !== this.polledHead) {
                this.polledHead = head;
                this.signal.notify();
              }
            });
      void check
        .catch(() => undefined)
        .finally(() => {
          if (!this.closed) {
            this.fallbackTimer = setTimeout(poll, this.pollIntervalMs);
            this.fallbackTimer.unref();
          }
        });
    };
    this.fallbackTimer = setTimeout(poll, this.pollIntervalMs);
    this.fallbackTimer.unref();
  }

  /**
   * readAll for subscriptions: woken together, subscribers at the same position read the same page
   * once (one query fans out to every live stream of the process).
   */
  private sharedRead(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const key = `${String(options.after)}:${String(options.limit)}`;
    const inFlight = this.sharedReads.get(key);
    if (inFlight !== undefined) return inFlight;
    const read = this.readAll(options).finally(() => this.sharedReads.delete(key));
    this.sharedReads.set(key, read);
    return read;
  }

  private async closeNow(): Promise<void> {
    for (const stop of this.stopWaking) stop();
    if (this.fallbackTimer !== null) clearTimeout(this.fallbackTimer);
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

import type { AppendOptions, AppendResult, NewEvent } from './event-store.port';
import { type PreparedAppend, prepareAppend } from './event-store.validation';
import type { CommitSignal } from './polling-subscription';

/** One group commit as observers see it (metrics): what it answered and wrote, or that it failed. */
export interface GroupCommitReport {
  committed: boolean;
  /** Appends in the batch (answered, refused or failed). */
  appends: number;
  /** Events written by each append that succeeded (0 for an idempotent replay). */
  eventsPerAppend: readonly number[];
}

/** A store that reports its group commits (SQLite and PostgreSQL do; EventStoreDB does not). */
export interface CommitObservable {
  observeCommits(observer: (report: GroupCommitReport) => void): () => void;
}

export function observesCommits<S extends object>(store: S): store is S & CommitObservable {
  return typeof (store as Partial<CommitObservable>).observeCommits === 'function';
}

/**
 * The observers of a store's group commits (metrics, health). An observer that throws is ignored:
 * it can neither fail nor delay a commit.
 */
export class CommitObservers {
  private readonly observers = new Set<(report: GroupCommitReport) => void>();

  /** Adds an observer; returns the way to stop. */
  add(observer: (report: GroupCommitReport) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  report(report: GroupCommitReport): void {
    for (const observer of this.observers) {
      try {
        observer(report);
      } catch {
        // Observation is best effort by design.
      }
    }
  }
}

/** Counters of the group commit (what it did, not what it was asked). */
export interface GroupCommitStats {
  /** Transactions committed that held at least one append. */
  commits: number;
  /** Group-commit transactions that failed (every append in them was rejected). */
  failedCommits: number;
  /** Appends that were answered by a committed transaction (replays included). */
  appendsCommitted: number;
  /** Events written. */
  eventsWritten: number;
}

/** An append waiting for its group commit: what was asked, validated and snapshotted. */
export interface QueuedAppend {
  readonly prepared: PreparedAppend;
}

interface PendingAppend extends QueuedAppend {
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/** What a committed batch answers one of its appends: its result, or why it was refused. */
export type GroupCommitOutcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

export interface GroupCommitQueueOptions<O extends GroupCommitOutcome> {
  /** Most appends sharing one group commit. */
  maxBatchAppends: number;
  /** Throws when the store takes no more appends (closed): the append is rejected with that. */
  assertOpen(): void;
  /**
   * Commits a batch in one transaction and returns one outcome per append, in order. It may
   * commit synchronously (SQLite) or return a promise (PostgreSQL): while that promise is pending,
   * appends arriving meanwhile wait for the next batch. If it throws or rejects, the transaction
   * kept nothing and every append of the batch is rejected with `failure(error)`.
   */
  commit(batch: readonly QueuedAppend[]): O[] | Promise<O[]>;
  /** Events an answered append wrote (0 for an idempotent replay). */
  eventsWritten(outcome: Extract<O, { ok: true }>): number;
  /** The error the appends of a failed batch are rejected with. */
  failure(error: unknown): unknown;
  /**
   * Why the store can commit nothing any more (a connection that could not be recovered), or
   * null: when set, queued appends are rejected with it instead of committed.
   */
  broken?(): unknown;
  /** Told after a commit that wrote events (it wakes the subscriptions). */
  signal: CommitSignal;
}

/**
 * The group commit of the SQLite and PostgreSQL adapters: every append that arrives before the
 * next turn of the event loop (or while a batch is in flight) joins one transaction, up to
 * `maxBatchAppends`; batches commit one at a time, in arrival order. Each append's promise settles
 * only once its batch committed (or failed), and each commit is reported to the observers.
 */
export class GroupCommitQueue<O extends GroupCommitOutcome> {
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private inFlight: Promise<void> | null = null;
  private readonly counters: GroupCommitStats = {
    commits: 0,
    failedCommits: 0,
    appendsCommitted: 0,
    eventsWritten: 0,
  };
  private readonly commitObservers = new CommitObservers();

  constructor(private readonly options: GroupCommitQueueOptions<O>) {}

  /** A copy of the counters. */
  get stats(): GroupCommitStats {
    return { ...this.counters };
  }

  /**
   * Calls `observer` after each group commit, once its appends are answered (metrics, health). An
   * observer that throws is ignored: it can neither fail nor delay a commit. Returns the way to stop.
   */
  observeCommits(observer: (report: GroupCommitReport) => void): () => void {
    return this.commitObservers.add(observer);
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return new Promise<AppendResult>((resolvePromise, rejectPromise) => {
      // Validated and snapshotted now; a refused argument never reaches the batch.
      const prepared = prepareAppend(streamId, events, options);
      this.options.assertOpen();
      this.queue.push({ prepared, resolve: resolvePromise, reject: rejectPromise });
      this.scheduleFlush();
    });
  }

  /**
   * Commits every append already accepted, batch after batch, then calls `drained` in the same
   * turn as the last check that none is left (the store marks itself closed there, so no append
   * slips in between).
   */
  async drain(drained: () => void): Promise<void> {
    for (;;) {
      if (this.inFlight !== null) await this.inFlight;
      else if (this.queue.length > 0) this.flush();
      else break;
    }
    drained();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.inFlight !== null) return;
    this.flushScheduled = true;
    // setImmediate, not a microtask: every caller of this turn (and their awaits) joins the batch.
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  /** Starts the next batch unless one is in flight; appends arriving meanwhile wait for the next. */
  private flush(): void {
    if (this.inFlight !== null || this.queue.length === 0) return;
    const broken = this.options.broken?.() ?? null;
    if (broken !== null) {
      const failed = this.queue;
      this.queue = [];
      for (const pending of failed) pending.reject(broken);
      return;
    }
    const batch = this.queue.slice(0, this.options.maxBatchAppends);
    this.queue = this.queue.slice(batch.length);
    let outcomes: O[] | Promise<O[]>;
    try {
      outcomes = this.options.commit(batch);
    } catch (error) {
      this.failed(batch, error);
      if (this.queue.length > 0) this.scheduleFlush();
      return;
    }
    if (outcomes instanceof Promise) {
      this.inFlight = outcomes
        .then(
          (answered) => this.settle(batch, answered),
          (error: unknown) => this.failed(batch, error),
        )
        .finally(() => {
          this.inFlight = null;
          if (this.queue.length > 0) this.scheduleFlush();
        });
      return;
    }
    this.settle(batch, outcomes);
    if (this.queue.length > 0) this.scheduleFlush();
  }

  /** The batch committed: each append gets its outcome. */
  private settle(batch: readonly PendingAppend[], outcomes: readonly O[]): void {
    let written = 0;
    const eventsPerAppend: number[] = [];
    outcomes.forEach((outcome, index) => {
      const pending = batch[index];
      if (pending === undefined) return;
      if (outcome.ok) {
        const events = this.options.eventsWritten(outcome as Extract<O, { ok: true }>);
        written += events;
        eventsPerAppend.push(events);
        this.counters.appendsCommitted++;
        pending.resolve(outcome.result);
      } else {
        pending.reject(outcome.error);
      }
    });
    this.counters.commits++;
    this.counters.eventsWritten += written;
    if (written > 0) this.options.signal.notify();
    this.commitObservers.report({ committed: true, appends: batch.length, eventsPerAppend });
  }

  /** The batch failed: none of it was kept, and every append of it is rejected. */
  private failed(batch: readonly PendingAppend[], error: unknown): void {
    this.counters.failedCommits++;
    const failure = this.options.failure(error);
    for (const pending of batch) pending.reject(failure);
    this.commitObservers.report({ committed: false, appends: batch.length, eventsPerAppend: [] });
  }
}

import type { ReadAllOptions, RecordedEvent, Subscription, SubscriptionHandler } from './event-store.port';

/**
 * Wakes subscriptions when this process commits. A counter, not an event: a subscriber compares
 * the version it saw before reading with the current one, so a commit that lands between its read
 * and its wait is never missed.
 */
export class CommitSignal {
  private currentVersion = 0;
  private readonly waiters = new Set<() => void>();

  get version(): number {
    return this.currentVersion;
  }

  notify(): void {
    this.currentVersion++;
    for (const wake of [...this.waiters]) wake();
  }

  /**
   * Resolves on the next commit after `sinceVersion` (at once if one happened), a timeout (none:
   * null), or cancel.
   */
  wait(sinceVersion: number, timeoutMs: number | null): { promise: Promise<void>; cancel: () => void } {
    let cancel = (): void => undefined;
    const promise = new Promise<void>((resolve) => {
      if (this.currentVersion !== sinceVersion) {
        resolve();
        return;
      }
      const timer = timeoutMs === null ? null : setTimeout(() => done(), timeoutMs);
      // Polling alone must not keep a CLI or a test process alive.
      timer?.unref();
      const done = (): void => {
        if (timer !== null) clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      this.waiters.add(done);
      cancel = done;
    });
    return { promise, cancel: () => cancel() };
  }
}

export interface PollingSubscriptionOptions {
  after: bigint;
  batchSize: number;
  /**
   * How often to look for events written by other processes; null: never on its own (the signal
   * is also notified for them, as on PostgreSQL by LISTEN/NOTIFY and one fallback poll per store).
   */
  pollIntervalMs: number | null;
  /** Reads committed events in global order. */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  signal: CommitSignal;
  /** True once the store is closed: the subscription then ends quietly. */
  isClosed(): boolean;
}

/**
 * Catch-up and live delivery are one loop over `readAll` from a cursor (the last delivered
 * position): the switch from stored to live events cannot skip or repeat one. Each handler call
 * is awaited before the next event (back-pressure).
 */
export class PollingSubscription implements Subscription {
  readonly done: Promise<void>;
  private stopped = false;
  private cancelWait: (() => void) | null = null;

  constructor(
    private readonly options: PollingSubscriptionOptions,
    private readonly handler: SubscriptionHandler,
  ) {
    this.done = this.run();
    // The rejection (a handler error) belongs to whoever awaits `done`; never an unhandled one.
    this.done.catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelWait?.();
    // Do not call and await stop() from inside the handler: it waits for that very handler.
    await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    const { batchSize, pollIntervalMs, signal } = this.options;
    let cursor = this.options.after;
    while (!this.stopped) {
      const seen = signal.version;
      let page: RecordedEvent[];
      try {
        page = await this.options.readAll({ after: cursor, limit: batchSize });
      } catch (error) {
        if (this.options.isClosed()) return;
        throw error;
      }
      for (const event of page) {
        if (this.stopped) return;
        await this.handler(event);
        cursor = event.position;
      }
      if (page.length < batchSize && !this.stopped) {
        const wait = signal.wait(seen, pollIntervalMs);
        this.cancelWait = wait.cancel;
        await wait.promise;
        this.cancelWait = null;
      }
    }
  }
}

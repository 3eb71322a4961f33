import { CommitSignal, type EventStore, type RecordedEvent } from '@kyoyaku/event-store';
import type { Projection } from './read-model';
import { readModelFormatProjection, readModelsOutdated } from './read-model-format';
import { GenerationBehindError, GenerationReplacedError, type ReadModelStore } from './read-model-store';

/**
 * Where several processes share the read models (PostgreSQL): one of them is elected to project,
 * the others follow its checkpoint; notifications say when to look again.
 */
export interface ProjectorCoordination {
  /** Takes the projector role if no live process holds it; true while this process holds it. */
  tryLead(): Promise<boolean>;
  /** Whether this process holds the role now (false as soon as its session is lost). */
  leading(): boolean;
  /** Gives the role back (a graceful stop: another process takes it at once). */
  resign(): Promise<void>;
  /** Events were committed, by any process (also called after a lost connection came back). */
  onAppended(wake: () => void): () => void;
  /** The read models moved, by any process (also called after a lost connection came back). */
  onProjected(wake: () => void): () => void;
}

export interface ProjectorOptions {
  /** Events read and applied per transaction. */
  batchSize?: number;
  /**
   * How often to look for events written by other processes (ms): 200 by default; with
   * `coordination`, 5000 — a fallback for a notification missed, not the way events are found.
   */
  pollIntervalMs?: number;
  /** Shared read models: elect one projector, follow it otherwise (see ProjectorCoordination). */
  coordination?: ProjectorCoordination;
  /** How often a follower tries to take over the role (default 1000 ms). */
  takeoverIntervalMs?: number;
  /** Longest a read waits to bring this process's view in step with the durable read models. */
  readSyncMs?: number;
  onError?: (error: unknown) => void;
  /** Told when read models of an earlier format were found and replaced by a rebuild. */
  onOutdatedRebuilt?: (rebuilt: { generation: number; checkpoint: bigint }) => void;
  /**
   * Awaited before each batch is applied: loads what the projections will read synchronously
   * from elsewhere (the Merkle roots the checkpoint projection signs, on a server-side log).
   */
  beforeBatch?: (events: readonly RecordedEvent[]) => Promise<void>;
}

/** Swaps attempted before a rebuild gives up racing a projector that keeps moving the old generation. */
const SWAP_ATTEMPTS = 10;

/**
 * Reads the store in global order from its checkpoint and applies each page of events to the read
 * models in the same transaction as the checkpoint move (DESIGN.md §7): a crash between two pages
 * loses nothing and applies nothing twice; a restart continues from the checkpoint.
 *
 * One run at a time: catch-up and rebuild share a lock, so the swap of a rebuilt generation never
 * races a live batch.
 */
export class Projector {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private pending: Promise<bigint> | null = null;
  private stopped = false;
  /** Notified whenever this process's view of the read models may have moved (followers wait on it). */
  private readonly moved = new CommitSignal();
  private unsubscribe: (() => void)[] = [];
  private ticking: Promise<void> | null = null;
  private tickAgain = false;
  /** Started with coordination: until then (a command line, a test) this process projects alone. */
  private coordinated = false;
  private markStarted: () => void = () => undefined;
  /** Settled once the active read models are known to be of the current format (see currentFormat). */
  private formatChecked: Promise<void> | null = null;
  private readonly startedPromise = new Promise<void>((resolve) => (this.markStarted = resolve));

  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModelStore,
    private readonly projections: readonly Projection[],
    private readonly options: ProjectorOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? (options.coordination === undefined ? 200 : 5000);
  }

  /**
   * What this process does: `projector` applies the events (alone, or elected among processes
   * sharing the read models), `follower` takes the elected one's batches.
   */
  role(): 'projector' | 'follower' {
    const coordination = this.options.coordination;
    return !this.coordinated || coordination === undefined || coordination.leading()
      ? 'projector'
      : 'follower';
  }

  /**
   * Catches up now, then keeps following the store. With coordination: tries to be elected; the
   * projector wakes on every append (and polls rarely, in case a notification was missed), a
   * follower brings its view in step on every batch projected and keeps trying to take over.
   */
  async start(): Promise<void> {
    this.stopped = false;
    await this.currentFormat();
    const coordination = this.options.coordination;
    if (coordination !== undefined) {
      this.coordinated = true;
      this.unsubscribe = [
        coordination.onAppended(() => {
          if (coordination.leading()) this.wake();
        }),
        coordination.onProjected(() => {
          this.moved.notify();
          if (!coordination.leading()) this.wake();
        }),
      ];
      await this.tick(coordination);
      this.schedule(coordination);
      this.markStarted();
      return;
    }
    await this.catchUp();
    this.markStarted();
    const tick = (): void => {
      if (this.stopped) return;
      this.catchUp()
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.pollIntervalMs);
        });
    };
    this.timer = setTimeout(tick, this.pollIntervalMs);
  }

  /** Resolves once start() has run its first step (so role() says whether this process was elected). */
  started(): Promise<void> {
    return this.startedPromise;
  }

  /** Stops following; resolves once the batch in flight has committed (and the role is given back). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    for (const stop of this.unsubscribe) stop();
    this.unsubscribe = [];
    await this.ticking?.catch(() => undefined);
    await this.running.catch(() => undefined);
    if (this.coordinated) await this.options.coordination?.resign();
    this.coordinated = false;
  }

  /** Whether a read must first bring this process's view up to date (several processes share it). */
  syncsReads(): boolean {
    return this.coordinated;
  }

  /**
   * Before a read: brings this process's view of shared read models in step with what is durable
   * now, so that a write answered by another process is seen (read-your-writes across processes).
   * Bounded: when the storage is slow or away, the read goes on with the view it has.
   */
  async syncForRead(): Promise<void> {
    if (!this.syncsReads()) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.readModels.refresh().catch(() => undefined),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.readSyncMs ?? 1000))),
    ]);
    clearTimeout(timer);
  }

  /** One step of a coordinated process: lead and catch up, or follow. */
  private tick(coordination: ProjectorCoordination): Promise<void> {
    if (this.ticking !== null) {
      this.tickAgain = true;
      return this.ticking;
    }
    this.ticking = (async () => {
      do {
        this.tickAgain = false;
        try {
          if (await coordination.tryLead()) await this.catchUp();
          else await this.readModels.refresh();
        } catch (error) {
          this.options.onError?.(error);
        } finally {
          this.moved.notify();
        }
      } while (this.tickAgain && !this.stopped);
    })().finally(() => (this.ticking = null));
    return this.ticking;
  }

  private schedule(coordination: ProjectorCoordination): void {
    if (this.stopped) return;
    const delay = coordination.leading() ? this.pollIntervalMs : (this.options.takeoverIntervalMs ?? 1000);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.tick(coordination).finally(() => {
        if (this.timer === null) this.schedule(coordination);
      });
    }, delay);
  }

  /** A notification: step now (the timer is set again afterwards). */
  private wake(): void {
    const coordination = this.options.coordination;
    if (this.stopped || coordination === undefined) return;
    void this.tick(coordination);
  }

  checkpoint(): bigint {
    return this.readModels.checkpoint(this.readModels.activeGeneration());
  }

  /**
   * Applies every stored event not yet applied; concurrent callers share one run (and one more
   * run is queued if events may have arrived since it started). Resolves to the new checkpoint.
   */
  catchUp(): Promise<bigint> {
    if (this.pending !== null) return this.pending;
    const run = this.currentFormat().then(() =>
      this.exclusive(async () => {
        this.pending = null;
        for (;;) {
          try {
            // What other processes projected (or swapped in) first: their batches are not redone.
            await this.readModels.refresh();
            return await this.applyFrom(this.readModels.activeGeneration());
          } catch (error) {
            // A rebuild elsewhere swapped the generation out under us: continue on the new one.
            if (!(error instanceof GenerationReplacedError)) throw error;
          }
        }
      }),
    );
    this.pending = run;
    return run;
  }

  /**
   * Read-your-writes: waits until the read models include `position`, at most `timeoutMs`. The
   * projector catches up itself; a follower waits for the elected one's batches.
   */
  async waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.checkpoint() >= position) return true;
      if (this.role() === 'follower') {
        const seen = this.moved.version;
        await this.readModels.refresh();
        if (this.checkpoint() >= position) return true;
        if (Date.now() >= deadline) return false;
        // Woken by the projector's notification; a short fallback in case it is missed.
        await this.moved.wait(seen, Math.min(200, Math.max(1, deadline - Date.now()))).promise;
        continue;
      }
      await this.catchUp();
      if (this.checkpoint() >= position) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /**
   * Read models written by an earlier format (READ_MODEL_FORMAT: an upgrade) are replayed into a
   * fresh generation and swapped in before this projector applies anything: applied to, they would
   * be marked current and keep their older documents for good. Checked once per projector, whoever
   * runs it (the API at start, a command line's catch-up); a failed check is tried again next time.
   */
  private currentFormat(): Promise<void> {
    this.formatChecked ??= (async () => {
      // Projections that do not mark the format (a test's own) have no format to keep.
      if (!this.projections.includes(readModelFormatProjection)) return;
      if (!(await readModelsOutdated(this.readModels))) return;
      const rebuilt = await this.rebuild(); // not inside `?.(…)`: without a listener it would not run
      this.options.onOutdatedRebuilt?.(rebuilt);
    })().catch((error: unknown) => {
      this.formatChecked = null;
      throw error;
    });
    return this.formatChecked;
  }

  /**
   * Replays the whole store into a fresh generation while queries keep reading the active one,
   * then catches the new one up and swaps it in.
   */
  async rebuild(): Promise<{ generation: number; checkpoint: bigint }> {
    const generation = await this.readModels.createGeneration();
    // The long replay runs outside the lock so live catch-up goes on meanwhile.
    await this.applyFrom(generation);
    return this.exclusive(async () => {
      for (let attempt = 1; ; attempt++) {
        const checkpoint = await this.applyFrom(generation);
        try {
          await this.readModels.activate(generation);
          return { generation, checkpoint };
        } catch (error) {
          // Another process moved the old generation past this one meanwhile: catch up again.
          if (!(error instanceof GenerationBehindError) || attempt >= SWAP_ATTEMPTS) throw error;
        }
      }
    });
  }

  private async applyFrom(generation: number): Promise<bigint> {
    for (;;) {
      // Read each time: a batch may have been taken from another process instead of applied here.
      const checkpoint = this.readModels.checkpoint(generation);
      const events = await this.store.readAll({ after: checkpoint, limit: this.batchSize });
      const last = events.at(-1);
      if (last === undefined) return checkpoint;
      await this.options.beforeBatch?.(events);
      await this.readModels.applyBatch(generation, last.position, (tx) => {
        for (const event of events) this.applyOne(event, tx);
      });
      const moved = this.readModels.checkpoint(generation);
      if (moved <= checkpoint) {
        throw new Error(`read-model generation ${generation} did not move past ${checkpoint.toString()}`);
      }
      // A short page was the end of the log when it was read; later events are the next run's.
      if (events.length < this.batchSize) return moved;
    }
  }

  private applyOne(event: RecordedEvent, tx: Parameters<Projection['apply']>[1]): void {
    for (const projection of this.projections) projection.apply(event, tx);
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.running.then(work, work);
    this.running = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

import type { EventStore, RecordedEvent } from '@kyoyaku/event-store';
import type { Projection } from './read-model';
import { GenerationBehindError, GenerationReplacedError, type ReadModelStore } from './read-model-store';

export interface ProjectorOptions {
  /** Events read and applied per transaction. */
  batchSize?: number;
  /** How often to look for events written by other processes (ms). */
  pollIntervalMs?: number;
  onError?: (error: unknown) => void;
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

  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModelStore,
    private readonly projections: readonly Projection[],
    private readonly options: ProjectorOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
  }

  /** Catches up now, then keeps following the store. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.catchUp();
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

  /** Stops following; resolves once the batch in flight has committed. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.running.catch(() => undefined);
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
    const run = this.exclusive(async () => {
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
    });
    this.pending = run;
    return run;
  }

  /** Read-your-writes: waits until the read models include `position`, at most `timeoutMs`. */
  async waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.checkpoint() >= position) return true;
      await this.catchUp();
      if (this.checkpoint() >= position) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
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

import type { ReadModelReader, ReadModelWriter } from './read-model';

/**
 * What query code reads the read models through: the active generation's documents, and a version
 * of their content to cache what it derives from them under. SqliteReadModels provides it (and
 * PostgresReadModels, through its replica).
 */
export interface ReadModelSource {
  /** Queries read the active generation. */
  reader(): ReadModelReader;
  /**
   * Identifies the current content: it changes whenever a batch commits or a rebuild swaps
   * generations, so anything derived from the read models can be cached under it.
   */
  contentVersion(): string;
}

/**
 * What the projector and the queries need of the read models' storage, whichever holds them:
 * SqliteReadModels keeps them in the ledger file, PostgresReadModels in PostgreSQL with a
 * synchronous replica in each process. Projections stay synchronous over a synchronous reader
 * (ReadModelWriter), so a rebuild is deterministic on either.
 *
 * An abstract class rather than an interface only so that it can be a DI token.
 */
export abstract class ReadModelStore implements ReadModelSource {
  /** The generation queries read. */
  abstract activeGeneration(): number;
  /**
   * Identifies the current content: it changes whenever a batch commits or a rebuild swaps
   * generations, so anything derived from the read models can be cached under it.
   */
  abstract contentVersion(): string;
  /** Queries read the active generation. */
  abstract reader(): ReadModelReader;
  /** Position up to which a generation has applied the events. */
  abstract checkpoint(generation: number): bigint;
  /**
   * Brings this process's view in step with what other processes committed (their batches, a
   * swapped generation); a no-op where reads go to the durable storage itself.
   */
  abstract refresh(): Promise<void>;
  /**
   * Runs `work` for the events up to `checkpoint` and moves the generation's checkpoint there,
   * atomically and at most once: if another process already applied this batch, its result is
   * taken instead. Throws GenerationReplacedError when a rebuild elsewhere replaced the generation.
   */
  abstract applyBatch(
    generation: number,
    checkpoint: bigint,
    work: (tx: ReadModelWriter) => void,
  ): void | Promise<void>;
  /** A fresh, inactive generation for a rebuild (any earlier unfinished one is discarded). */
  abstract createGeneration(): number | Promise<number>;
  /**
   * Makes `generation` the active one and drops the old one, atomically. May throw
   * GenerationBehindError: the old generation has moved further meanwhile; catch up and retry.
   */
  abstract activate(generation: number): void | Promise<void>;
  /** Canonical dump of a generation (every document in order), to prove a rebuild is identical. */
  abstract dump(generation: number): string;
  abstract close(): void | Promise<void>;
}

/** The active generation applied events the rebuilt one has not yet: catch it up before the swap. */
export class GenerationBehindError extends Error {
  constructor(
    readonly generation: number,
    readonly checkpoint: bigint,
    readonly activeCheckpoint: bigint,
  ) {
    super(
      `read-model generation ${generation} is at ${checkpoint.toString()}, behind the active one ` +
        `(${activeCheckpoint.toString()}); catch it up before the swap`,
    );
    this.name = 'GenerationBehindError';
  }
}

/** The generation a batch was applied to was swapped out by a rebuild: catch up on the active one. */
export class GenerationReplacedError extends Error {
  constructor(readonly generation: number) {
    super(`read-model generation ${generation} was replaced by a rebuild; catch up on the active one`);
    this.name = 'GenerationReplacedError';
  }
}

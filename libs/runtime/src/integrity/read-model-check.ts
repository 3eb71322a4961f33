import type { EventStore } from '@kyoyaku/event-store';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Projection, Projector, type ProjectorOptions, SqliteReadModels } from '@kyoyaku/projections';

export interface ReadModelCheckState {
  /** ok: a replay of the events gives the very documents the queries read; drift: it does not. */
  status: 'not-yet-checked' | 'ok' | 'drift';
  checkedAt?: string;
  /** The position both were compared at (the live read models' checkpoint). */
  checkpoint?: string;
  documents?: number;
  /** The first documents that differ (`collection/key`), at most ten. */
  differences?: string[];
  problem?: string;
}

const DIFFERENCES_SHOWN = 10;

/** Where the replay is written, and how much of it SQLite keeps in memory. */
export interface ReadModelCheckOptions extends Pick<ProjectorOptions, 'beforeBatch'> {
  /** A directory for the scratch file (default: the OS temporary directory); deleted afterwards. */
  scratchDir?: string;
  /** Bytes of the scratch file's pages SQLite keeps in memory (default 16 MiB). */
  cacheBytes?: number;
}

/** The live documents' generation in the scratch file (the replay is its active generation). */
const LIVE_COPY = -2;

/**
 * Replays the events up to the live read models' checkpoint into fresh read models and compares
 * every document byte for byte: a read model changed on disk (or by a bug) is drift. Projections
 * are deterministic (DESIGN.md §7), so an honest ledger always compares equal. The live documents
 * are copied and the replay written into one scratch file, and compared there by SQLite: the
 * memory it takes is the page cache, whatever the ledger's size.
 */
export async function compareReadModels(
  store: EventStore,
  live: SqliteReadModels,
  projections: readonly Projection[],
  options: ReadModelCheckOptions,
  now: () => Date,
): Promise<ReadModelCheckState> {
  const parent = options.scratchDir ?? tmpdir();
  mkdirSync(parent, { recursive: true, mode: 0o700 });
  const dir = mkdtempSync(join(parent, 'kyoyaku-read-model-check-'));
  const file = join(dir, 'replay.sqlite');
  const cacheBytes = options.cacheBytes ?? 16 * 1024 * 1024;
  try {
    SqliteReadModels.openScratch(file, { cacheBytes }).close();
    const checkpoint = live.copyActiveTo(file, LIVE_COPY);
    const replayed = SqliteReadModels.openScratch(file, { cacheBytes });
    try {
      // The store as of the checkpoint: later events are the live projector's next batch.
      const upToCheckpoint: EventStore = Object.create(store) as EventStore;
      upToCheckpoint.readAll = async (read) =>
        read.after !== undefined && read.after >= checkpoint
          ? []
          : (await store.readAll(read)).filter((event) => event.position <= checkpoint);
      await new Projector(
        upToCheckpoint,
        replayed,
        projections,
        options.beforeBatch === undefined ? {} : { beforeBatch: options.beforeBatch },
      ).catchUp();
      const generation = replayed.activeGeneration();
      const documents = replayed.count(generation);
      const { count, first } = replayed.differences(generation, LIVE_COPY, DIFFERENCES_SHOWN);
      const checkedAt = now().toISOString();
      if (count === 0) return { status: 'ok', checkedAt, checkpoint: checkpoint.toString(), documents };
      return {
        status: 'drift',
        checkedAt,
        checkpoint: checkpoint.toString(),
        documents,
        differences: first,
        problem:
          `${count} read-model document(s) differ from a replay of the events up to position ` +
          `${checkpoint}: ${first.join(', ')}. Run \`npm run cli -- rebuild\`.`,
      };
    } finally {
      replayed.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

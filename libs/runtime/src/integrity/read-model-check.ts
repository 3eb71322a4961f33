import type { EventStore } from '@kyoyaku/event-store';
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

/**
 * Replays the events up to the live read models' checkpoint into fresh in-memory read models and
 * compares every document byte for byte: a read model changed on disk (or by a bug) is drift.
 * Projections are deterministic (DESIGN.md §7), so an honest ledger always compares equal.
 */
export async function compareReadModels(
  store: EventStore,
  live: SqliteReadModels,
  projections: readonly Projection[],
  options: Pick<ProjectorOptions, 'beforeBatch'>,
  now: () => Date,
): Promise<ReadModelCheckState> {
  const { checkpoint, dump } = live.snapshot();
  const replayed = SqliteReadModels.open(':memory:');
  try {
    // The store as of the checkpoint: later events are the live projector's next batch.
    const upToCheckpoint: EventStore = Object.create(store) as EventStore;
    upToCheckpoint.readAll = async (read) =>
      read.after !== undefined && read.after >= checkpoint
        ? []
        : (await store.readAll(read)).filter((event) => event.position <= checkpoint);
    await new Projector(upToCheckpoint, replayed, projections, options).catchUp();
    const expected = replayed.dump(replayed.activeGeneration());
    const liveDocs = new Set(dump === '' ? [] : dump.split('\n'));
    const expectedDocs = new Set(expected === '' ? [] : expected.split('\n'));
    const differences = new Set<string>();
    const keyOf = (line: string) => line.split('\t', 2).join('/');
    for (const line of liveDocs) if (!expectedDocs.has(line)) differences.add(keyOf(line));
    for (const line of expectedDocs) if (!liveDocs.has(line)) differences.add(keyOf(line));
    const checkedAt = now().toISOString();
    if (differences.size === 0) {
      return { status: 'ok', checkedAt, checkpoint: checkpoint.toString(), documents: expectedDocs.size };
    }
    const shown = [...differences].sort().slice(0, DIFFERENCES_SHOWN);
    return {
      status: 'drift',
      checkedAt,
      checkpoint: checkpoint.toString(),
      documents: expectedDocs.size,
      differences: shown,
      problem:
        `${differences.size} read-model document(s) differ from a replay of the events up to position ` +
        `${checkpoint}: ${shown.join(', ')}. Run \`npm run cli -- rebuild\`.`,
    };
  } finally {
    replayed.close();
  }
}

import { SqliteEventStore } from '@kyoyaku/event-store';
import { ALL_PROJECTIONS, COLLECTIONS, Projector, SqliteReadModels } from '@kyoyaku/projections';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordAomoriFixture } from '../../../../test/support/record-aomori-fixture';
import { compareReadModels } from './read-model-check';

describe('compareReadModels: a replay of the events against the live read models, on disk', () => {
  let dir: string;
  let store: SqliteEventStore;
  let live: SqliteReadModels;
  const now = (): Date => new Date('2026-12-07T00:00:00Z');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kyoyaku-read-model-check-test-'));
    store = SqliteEventStore.open({ file: join(dir, 'ledger.sqlite') });
    await recordAomoriFixture(store);
    live = SqliteReadModels.open(store.file);
    await new Projector(store, live, ALL_PROJECTIONS).catchUp();
  });
  afterEach(async () => {
    live.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('replays into a scratch file of the given directory, with a bounded page cache, and deletes it afterwards', async () => {
    const scratchDir = join(dir, 'scratch');
    const seen: { files: string[]; size: number }[] = [];
    const result = await compareReadModels(
      store,
      live,
      ALL_PROJECTIONS,
      {
        scratchDir,
        cacheBytes: 128 * 1024,
        beforeBatch: async () => {
          const [check] = readdirSync(scratchDir);
          const files = check === undefined ? [] : readdirSync(join(scratchDir, check));
          const size = check === undefined ? 0 : statSync(join(scratchDir, check, 'replay.sqlite')).size;
          seen.push({ files, size });
          await Promise.resolve();
        },
      },
      now,
    );
    expect(result).toMatchObject({ status: 'ok', checkpoint: (await store.headPosition()).toString() });
    expect(result.documents).toBe(live.count(live.activeGeneration()));
    // During the replay, the live copy was already in the file (the replay's pages beside it).
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]?.files).toContain('replay.sqlite');
    expect(seen[0]?.size).toBeGreaterThan(100_000);
    expect(readdirSync(scratchDir)).toEqual([]);
  });

  it('names the documents that differ: changed, missing or added', async () => {
    const generation = live.activeGeneration();
    const checkpoint = live.checkpoint(generation);
    const [changed, deleted] = live
      .reader()
      .list<Record<string, unknown>>(COLLECTIONS.summaries, { limit: 2 })
      .map((d) => ({ key: d.key, doc: d.doc }))
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    if (changed === undefined || deleted === undefined) throw new Error('the fixture has two agreements');
    live.applyBatch(generation, checkpoint, (tx) => {
      tx.put(COLLECTIONS.summaries, changed.key, { ...changed.doc, title: '改ざん' });
      tx.delete(COLLECTIONS.summaries, deleted.key);
      tx.put('stray', 'x', { added: true });
    });
    const result = await compareReadModels(store, live, ALL_PROJECTIONS, { scratchDir: dir }, now);
    expect(result.status).toBe('drift');
    expect(result.differences).toEqual([
      `${COLLECTIONS.summaries}/${changed.key}`,
      `${COLLECTIONS.summaries}/${deleted.key}`,
      'stray/x',
    ]);
    expect(result.problem).toMatch(/^3 read-model document\(s\) differ/);
  });
});

import { SqliteEventStore } from '@kyoyaku/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordAomoriFixture } from '../../../test/support/record-aomori-fixture';
import { ALL_PROJECTIONS } from './all-projections';
import { COLLECTIONS, type ProceedingDoc } from './agreement/agreement-read-models';
import { Projector } from './projector';
import type { Projection } from './read-model';
import { READ_MODEL_FORMAT, readModelsOutdated, rebuildOutdatedReadModels } from './read-model-format';
import { SqliteReadModels } from './local-read-models';

describe('read models of an earlier format are rebuilt before the projector starts', () => {
  let dir: string;
  let store: SqliteEventStore;
  let readModels: SqliteReadModels;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kyoyaku-format-'));
    store = SqliteEventStore.open({ file: join(dir, 'ledger.sqlite') });
    await recordAomoriFixture(store);
    readModels = SqliteReadModels.open(store.file);
  });
  afterAll(async () => {
    readModels.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('read models not built yet need nothing; projected ones carry the current format', async () => {
    expect(await readModelsOutdated(readModels)).toBe(false);
    await new Projector(store, readModels, ALL_PROJECTIONS).catchUp();
    expect(readModels.reader().get('read-model-format', 'format')).toEqual({ format: READ_MODEL_FORMAT });
    expect(await readModelsOutdated(readModels)).toBe(false);
    expect(
      await rebuildOutdatedReadModels(new Projector(store, readModels, ALL_PROJECTIONS), readModels),
    ).toBeNull();
  });

  it('read models written without the current format are replayed from the events and swapped in', async () => {
    // What an earlier version left: its documents, no format marker (a projection set without it).
    const earlier: Projection[] = ALL_PROJECTIONS.filter((p) => p.name !== 'read-model-format');
    await new Projector(store, readModels, earlier).rebuild();
    const stale = readModels.activeGeneration();
    readModels.applyBatch(stale, readModels.checkpoint(stale), (tx) => {
      const doc = tx.get<ProceedingDoc>(COLLECTIONS.proceedings('aomori-hiranai'), 'hiranai-conclusion-2019');
      if (doc === null) throw new Error('no proceeding');
      const { notifications: _now, ...older } = doc;
      tx.put(COLLECTIONS.proceedings('aomori-hiranai'), 'hiranai-conclusion-2019', {
        ...older,
        notification: {},
      });
    });
    expect(await readModelsOutdated(readModels)).toBe(true);

    const rebuilt = await rebuildOutdatedReadModels(
      new Projector(store, readModels, ALL_PROJECTIONS),
      readModels,
    );
    expect(rebuilt).toMatchObject({ checkpoint: await store.headPosition() });
    expect(readModels.activeGeneration()).not.toBe(stale);
    expect(await readModelsOutdated(readModels)).toBe(false);
    const proceeding = readModels
      .reader()
      .get<ProceedingDoc>(COLLECTIONS.proceedings('aomori-hiranai'), 'hiranai-conclusion-2019');
    expect(proceeding).not.toHaveProperty('notification');
    expect(proceeding?.notifications.core).toMatchObject({ filedBy: ['core', 'partner'] });
  });
});

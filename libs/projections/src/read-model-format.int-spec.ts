import { SqliteEventStore } from '@kyoyaku/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordAomoriFixture } from '../../../test/support/record-aomori-fixture';
import { ALL_PROJECTIONS } from './all-projections';
import { COLLECTIONS, type ProceedingDoc } from './agreement/agreement-read-models';
import { Projector } from './projector';
import type { Projection } from './read-model';
import { READ_MODEL_FORMAT, readModelsOutdated } from './read-model-format';
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
    const active = readModels.activeGeneration();
    await new Projector(store, readModels, ALL_PROJECTIONS).catchUp();
    expect(readModels.activeGeneration()).toBe(active);
  });

  /** What an earlier version left: its documents, in an older shape, and no format marker. */
  async function leaveEarlierReadModels(): Promise<number> {
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
    return stale;
  }

  function expectCurrentShape(): void {
    const proceeding = readModels
      .reader()
      .get<ProceedingDoc>(COLLECTIONS.proceedings('aomori-hiranai'), 'hiranai-conclusion-2019');
    expect(proceeding).not.toHaveProperty('notification');
    expect(proceeding?.notifications.core).toMatchObject({ filedBy: ['core', 'partner'] });
  }

  it.each([
    ['started (the API)', (projector: Projector) => projector.start()],
    [
      'caught up (a command line: head, check-read-models, rotate-key)',
      (projector: Projector) => projector.catchUp(),
    ],
  ])(
    'read models written without the current format are replayed from the events and swapped in when a projector is %s',
    async (_how, run) => {
      const stale = await leaveEarlierReadModels();
      const projector = new Projector(store, readModels, ALL_PROJECTIONS);
      try {
        await run(projector);
      } finally {
        await projector.stop();
      }
      expect(readModels.activeGeneration()).not.toBe(stale);
      expect(readModels.checkpoint(readModels.activeGeneration())).toBe(await store.headPosition());
      expect(await readModelsOutdated(readModels)).toBe(false);
      expectCurrentShape();
    },
  );

  it('an event recorded after an upgrade does not pass the earlier read models off as the current format', async () => {
    await leaveEarlierReadModels();
    const head = await store.headPosition();
    // Another region declared as the fixture's was: an event the earlier read models never saw.
    const [declared] = await store.readStream('region-aomori');
    if (declared === undefined) throw new Error('no region declared');
    await store.append(
      'region-format-check',
      [
        {
          type: declared.type,
          schemaVersion: declared.schemaVersion,
          data: { ...declared.data, regionId: 'format-check' },
          metadata: {
            actor: declared.metadata.actor,
            correlationId: 'format-check',
            source: declared.metadata.source,
          },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    await new Projector(store, readModels, ALL_PROJECTIONS).catchUp();
    expect(readModels.checkpoint(readModels.activeGeneration())).toBe(head + 1n);
    expectCurrentShape();
  });
});

import { agreementStreamId } from '@kyoyaku/domain';
import { SqliteEventStore } from '@kyoyaku/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordAomoriFixture } from '../../../test/support/record-aomori-fixture';
import { ALL_PROJECTIONS } from './all-projections';
import {
  COLLECTIONS,
  type StoredAgreementEvent,
  type TimelineEntryDoc,
} from './agreement/agreement-read-models';
import { Projector } from './projector';
import type { Projection } from './read-model';
import { SqliteReadModels } from './local-read-models';

describe('Projector on a real SQLite file', () => {
  let dir: string;
  let store: SqliteEventStore;
  let readModels: SqliteReadModels;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kyoyaku-projector-'));
    store = SqliteEventStore.open({ file: join(dir, 'ledger.sqlite') });
    await recordAomoriFixture(store);
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    readModels = SqliteReadModels.open(store.file);
  });
  afterEach(() => {
    readModels.close();
  });

  it('applies every event once and moves the checkpoint to the head', async () => {
    const projector = new Projector(store, readModels, ALL_PROJECTIONS, { batchSize: 7 });
    const checkpoint = await projector.catchUp();
    expect(checkpoint).toBe(await store.headPosition());
    const positions = readModels
      .reader()
      .all<StoredAgreementEvent>(COLLECTIONS.events('aomori-hiranai'))
      .map((d) => d.doc.position);
    expect(new Set(positions).size).toBe(positions.length);
    expect(positions.length).toBe((await store.readStream(agreementStreamId('aomori-hiranai'))).length);
  });

  it('a projector killed mid-batch resumes from its checkpoint with no duplicate and no gap', async () => {
    // A fresh generation, so this test starts from position 0.
    const generation = readModels.createGeneration();
    readModels.activate(generation);
    let applied = 0;
    const failing: Projection = {
      name: 'crashes-after-20',
      apply: () => {
        applied++;
        if (applied === 20) throw new Error('simulated crash in the middle of a batch');
      },
    };
    const crashing = new Projector(store, readModels, [...ALL_PROJECTIONS, failing], { batchSize: 8 });
    await expect(crashing.catchUp()).rejects.toThrow('simulated crash');
    // Batches 1–2 (16 events) committed; the third rolled back entirely.
    expect(readModels.checkpoint(readModels.activeGeneration())).toBe(16n);

    const resumed = new Projector(store, readModels, ALL_PROJECTIONS, { batchSize: 8 });
    await resumed.catchUp();
    const timelines = readModels
      .reader()
      .all<TimelineEntryDoc>(COLLECTIONS.timeline('aomori-hiranai'))
      .map((d) => d.doc.position);
    const expected = (await store.readStream(agreementStreamId('aomori-hiranai'))).map((e) =>
      e.position.toString(),
    );
    expect(timelines).toEqual(expected);
    // One document per stream revision: an event applied twice, or one lost, would show here.
    const events = readModels.reader().all<StoredAgreementEvent>(COLLECTIONS.events('aomori-hiranai'));
    expect(events.map((d) => d.doc.position)).toEqual(expected);

    const fresh = SqliteReadModels.open(store.file);
    const reference = fresh.createGeneration();
    await new Projector(store, fresh, ALL_PROJECTIONS).rebuild();
    expect(fresh.dump(fresh.activeGeneration())).toBe(readModels.dump(readModels.activeGeneration()));
    expect(reference).toBe(fresh.activeGeneration());
    fresh.close();
  });

  it('a rebuild yields byte-identical read models and swaps them in while reads go on', async () => {
    const projector = new Projector(store, readModels, ALL_PROJECTIONS, { batchSize: 5 });
    await projector.catchUp();
    const before = readModels.dump(readModels.activeGeneration());
    const oldGeneration = readModels.activeGeneration();

    const rebuilding = projector.rebuild();
    // Reads during the rebuild still answer from the active generation.
    expect(readModels.reader().get(COLLECTIONS.summaries, 'aomori-hiranai')).not.toBeNull();
    const { generation, checkpoint } = await rebuilding;

    expect(generation).not.toBe(oldGeneration);
    expect(readModels.activeGeneration()).toBe(generation);
    expect(checkpoint).toBe(await store.headPosition());
    expect(readModels.dump(generation)).toBe(before);
    expect(readModels.dump(oldGeneration)).toBe('');
  });
});

describe('a rebuild in another process while this one projects', () => {
  it('rolls back a batch aimed at a replaced generation, then continues on the new one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kyoyaku-projector-swap-'));
    const store = SqliteEventStore.open({ file: join(dir, 'ledger.sqlite') });
    try {
      await recordAomoriFixture(store);
      const serverSide = SqliteReadModels.open(store.file);
      const cliSide = SqliteReadModels.open(store.file);
      const oldGeneration = serverSide.activeGeneration();
      await new Projector(store, cliSide, ALL_PROJECTIONS).rebuild();
      expect(() => serverSide.applyBatch(oldGeneration, 1n, (tx) => tx.put('x', 'y', {}))).toThrow(
        'was replaced by a rebuild',
      );
      expect(serverSide.dump(oldGeneration)).toBe('');
      await store.append(
        'misc-swap-test',
        [
          {
            type: 'Noted',
            schemaVersion: 1,
            data: {},
            metadata: { actor: { id: 't', role: 'admin' }, correlationId: 'c', source: 'cli' },
          },
        ],
        { expectedRevision: 'no_stream' },
      );
      const projector = new Projector(store, serverSide, ALL_PROJECTIONS);
      expect(await projector.catchUp()).toBe(await store.headPosition());
      serverSide.close();
      cliSide.close();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

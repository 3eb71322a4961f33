import { SqliteEventStore } from '@kyoyaku/event-store';
import {
  ALL_PROJECTIONS,
  type ConsultationCitation,
  consultationCitationsCollection,
  DOUBT_COLLECTIONS,
  type DoubtListItem,
  type DoubtView,
  Projector,
  SqliteReadModels,
} from '@kyoyaku/projections';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGREEMENT_IDS, CONSULTATION_IDS, DOUBT_IDS } from '../../../../test/fixtures/aomori';
import { loadConfig } from '@kyoyaku/runtime';
import { seedDemoIfEmpty } from '@kyoyaku/runtime/demo';

/** The doubt read models of the demo, on a real SQLite file. */
describe('doubt read models (demo history, real store)', () => {
  let dir: string;
  let store: SqliteEventStore;
  let readModels: SqliteReadModels;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kyoyaku-doubts-'));
    await seedDemoIfEmpty({ ...loadConfig({}), dataDir: dir, seedDemo: false });
    store = SqliteEventStore.open({ file: join(dir, 'ledger.sqlite') });
    readModels = SqliteReadModels.open(store.file);
  }, 60_000);
  afterAll(async () => {
    readModels.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a rebuild from position 0 yields byte-identical read models', async () => {
    const mine = (dump: string) =>
      dump
        .split('\n')
        .filter((line) => /^(doubts|doubt-streams|doubts-by-agreement:|consultation-citations:)/.test(line))
        .join('\n');
    const seeded = mine(readModels.dump(readModels.activeGeneration()));
    expect(seeded).toContain(`doubts\t${DOUBT_IDS.imabetsuMigration}\t`);
    const projector = new Projector(store, readModels, ALL_PROJECTIONS, { batchSize: 7 });
    const { generation } = await projector.rebuild();
    expect(mine(readModels.dump(generation))).toBe(seeded);
  });

  it('holds each demo doubt, each agreement’s list, and the citations of the consultations back', () => {
    const reader = readModels.reader();
    const statuses = Object.values(DOUBT_IDS).map(
      (id) => reader.get<DoubtView>(DOUBT_COLLECTIONS.doubts, id)?.status,
    );
    expect(statuses).toEqual(['resolved', 'resolved', 'settled']);
    const imabetsu = reader
      .all<DoubtListItem>(DOUBT_COLLECTIONS.byAgreement(AGREEMENT_IDS.imabetsu))
      .map((d) => d.doc.doubtId);
    expect(imabetsu).toEqual([DOUBT_IDS.imabetsuMigration]);
    const fy2024 = reader
      .all<ConsultationCitation>(consultationCitationsCollection(CONSULTATION_IDS.fy2024))
      .map((d) => d.doc)
      .filter((c) => c.kind.startsWith('doubt-'))
      .map((c) => [c.kind, c.ref.doubtId]);
    expect(fy2024).toEqual([
      ['doubt-discussion', DOUBT_IDS.hiranaiPublicity],
      ['doubt-discussion', DOUBT_IDS.sotogahamaCostShare],
      ['doubt-resolution', DOUBT_IDS.hiranaiPublicity],
    ]);
  });
});

import { SqliteEventStore } from '@kyoyaku/event-store';
import {
  ALL_PROJECTIONS,
  CONSULTATION_COLLECTIONS,
  type ConsultationCitation,
  consultationCitationsCollection,
  type ConsultationView,
  type CostShareDecisionView,
  PROJECT_COLLECTIONS,
  type ProjectView,
  Projector,
  SqliteReadModels,
} from '@kyoyaku/projections';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AOMORI_COOPERATION_STEPS, CONSULTATION_IDS } from '../../../../test/fixtures/aomori';
import { loadConfig } from '@kyoyaku/runtime';
import { seedDemoIfEmpty } from '@kyoyaku/runtime/demo';

/** The project and consultation read models of the demo, on a real SQLite file. */
describe('project and consultation read models (demo history, real store)', () => {
  let dir: string;
  let store: SqliteEventStore;
  let readModels: SqliteReadModels;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kyoyaku-cooperation-'));
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
        .filter((line) =>
          /^(projects|region-projects:|cost-shares:|settlements:|consultations|region-consultations:|consultation-citations:)/.test(
            line,
          ),
        )
        .join('\n');
    const seeded = mine(readModels.dump(readModels.activeGeneration()));
    expect(seeded).toContain('consultation-citations:aomori-fy2019-periodic\t');
    expect(seeded).toContain('settlements:aomori-tourism-route\t2020\t');
    const projector = new Projector(store, readModels, ALL_PROJECTIONS, { batchSize: 13 });
    const first = await projector.rebuild();
    const rebuilt = readModels.dump(first.generation);
    expect(mine(rebuilt)).toBe(seeded);
    const second = await projector.rebuild();
    expect(readModels.dump(second.generation)).toBe(rebuilt);
  });

  it('holds every project and consultation of the demo, and a citation for each decision naming a consultation', () => {
    const reader = readModels.reader();
    const projects = reader.all<ProjectView>(PROJECT_COLLECTIONS.regionProjects('aomori')).map((d) => d.doc);
    const registered = AOMORI_COOPERATION_STEPS.filter((s) => s.command.type === 'RegisterProject');
    expect(projects).toHaveLength(registered.length);
    const consultations = reader
      .all<ConsultationView>(CONSULTATION_COLLECTIONS.regionConsultations('aomori'))
      .map((d) => d.doc);
    expect(consultations.map((c) => c.consultationId).sort()).toEqual(Object.values(CONSULTATION_IDS).sort());

    const decisions = projects.flatMap((p) =>
      reader.all<CostShareDecisionView>(PROJECT_COLLECTIONS.costShares(p.projectId)).map((d) => d.doc),
    );
    for (const c of consultations) {
      const citations = reader
        .all<ConsultationCitation>(consultationCitationsCollection(c.consultationId))
        .map((d) => d.doc)
        // Other features (doubts) cite consultations too.
        .filter((x) => x.kind.startsWith('cost-share-'));
      const citing = decisions.filter((d) => d.consultationId === c.consultationId);
      expect(citations.map((x) => x.eventId).sort()).toEqual(citing.map((d) => d.event.eventId).sort());
      // In the order they were recorded.
      expect(citations.map((x) => BigInt(x.position))).toEqual(
        [...citations.map((x) => BigInt(x.position))].sort((a, b) => (a < b ? -1 : 1)),
      );
    }
  });
});

import { doubtStreamId } from '@kyoyaku/domain';
import { type JsonObject, SqliteEventStore } from '@kyoyaku/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_PROJECTIONS } from '../all-projections';
import { Projector } from '../projector';
import { SqliteReadModels } from '../local-read-models';
import { DOUBT_COLLECTIONS, type DoubtView } from './doubt-read-models';

/**
 * A dispute recorded before the steps taken outside the parties carried their document (every doubt
 * event at schemaVersion 1), as a real store holds it: read through the upcaster, the appointment and
 * the 処理方策 keep their meaning and say that no document was recorded; the stored events stay as
 * they were written.
 */
describe('doubt events of schemaVersion 1 in a real store', () => {
  let dir: string;
  let store: SqliteEventStore;
  let readModels: SqliteReadModels;
  const DOUBT = 'd-v1';
  const parties = { core: { code: '022012', name: '青森市' }, partner: { code: '023019', name: '平内町' } };
  const metadata = {
    actor: { id: 'secretariat-1', role: 'secretariat' as const, municipalityCode: '022012' },
    correlationId: 'v1',
    source: 'import' as const,
  };
  const v1 = (type: string, data: JsonObject) => ({ type, schemaVersion: 1, data, metadata });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kyoyaku-doubt-v1-'));
    store = SqliteEventStore.open({ file: join(dir, 'ledger.sqlite') });
    await store.append(
      doubtStreamId(DOUBT),
      [
        v1('DoubtRaised', {
          doubtId: DOUBT,
          agreementId: 'aomori-hiranai',
          regionId: 'aomori',
          parties,
          raisedBy: { role: 'partner', ...parties.partner },
          raisedOn: '2024-05-20',
          citation: { kind: 'unspecified', label: '定めのない事項' },
          question: '広報物の表記について',
          pinned: {
            versionNumber: 1,
            proceedingId: 'conclusion',
            effectiveFrom: '2019-12-25',
            ledgerPosition: '1',
            citedText: '',
          },
        }),
        v1('DisputeApplicationFiled', {
          doubtId: DOUBT,
          applicationNumber: 1,
          appliedOn: '2024-06-17',
          applicant: { role: 'partner', ...parties.partner },
          recipient: 'prefectural-governor',
          documentNumber: '平企第210号',
          summary: '処理方策の提示を求める。',
        }),
        v1('DisputeCommissionersAppointed', {
          doubtId: DOUBT,
          applicationNumber: 1,
          appointedOn: '2024-07-01',
          commissioners: [
            { name: '委員 一郎', title: '弁護士' },
            { name: '委員 二郎', title: '大学教授' },
            { name: '委員 三子', title: '公認会計士' },
          ],
        }),
        v1('SettlementProposalPresented', {
          doubtId: DOUBT,
          applicationNumber: 1,
          presentedOn: '2024-10-15',
          proposal: '甲及び乙は改めて協議すること。',
        }),
        v1('SettlementProposalPublished', {
          doubtId: DOUBT,
          applicationNumber: 1,
          publishedOn: '2024-10-22',
          medium: '青森県報',
        }),
      ],
      { expectedRevision: 'no_stream' },
    );
    readModels = SqliteReadModels.open(store.file);
    await new Projector(store, readModels, ALL_PROJECTIONS).catchUp();
  });
  afterAll(async () => {
    readModels.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the appointment and the 処理方策 as steps recorded without their document', () => {
    const view = readModels.reader().get<DoubtView>(DOUBT_COLLECTIONS.doubts, DOUBT);
    expect(view?.status).toBe('escalated');
    expect(view?.applications[0]).toMatchObject({
      appointment: { appointedOn: '2024-07-01', evidence: null },
      proposal: {
        presentedOn: '2024-10-15',
        evidence: null,
        publishedOn: '2024-10-22',
        medium: '青森県報',
        publicationEvidence: null,
      },
    });
    const summaries = view?.timeline.map((t) => t.summary) ?? [];
    expect(summaries[2]).toBe('自治紛争処理委員3人を任命（令和6年7月1日：委員 一郎、委員 二郎、委員 三子）');
    expect(summaries[4]).toBe('処理方策を公表（令和6年10月22日、青森県報）');
  });

  it('leaves the stored events as they were written (schemaVersion 1, no evidence)', async () => {
    const stored = await store.readStream(doubtStreamId(DOUBT));
    expect(stored.map((e) => e.schemaVersion)).toEqual([1, 1, 1, 1, 1]);
    expect(stored.every((e) => !('evidence' in e.data))).toBe(true);
  });
});

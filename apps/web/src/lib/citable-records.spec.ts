import { describe, expect, it } from '@jest/globals';
import { translate } from '../i18n/messages';
import {
  citableFor,
  type CitableRecord,
  citableRecords,
  type CitableSources,
  citedRecordName,
  citeKey,
  groupRecords,
} from './citable-records';

const ja = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
  translate('ja', key, params);
const en = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
  translate('en', key, params);

const AOMORI = { code: '022012', name: '青森市' };
const HIRANAI = { code: '023019', name: '平内町' };
const HIRANAI_AGREEMENT = 'aomori-hiranai';

const sources: CitableSources = {
  agreements: [
    {
      summary: {
        agreementId: HIRANAI_AGREEMENT,
        title: '連携中枢都市圏の形成に係る連携協約',
        coreCity: AOMORI,
        partner: HIRANAI,
      },
      history: [
        { eventId: 'e-opened', type: 'AgreementOpened', revision: 0 },
        { eventId: 'e-proc', type: 'ProceedingOpened', revision: 20, proceedingId: 'amend-2026' },
        { eventId: 'e-draft', type: 'DraftRecorded', revision: 21, proceedingId: 'amend-2026' },
        { eventId: 'e-vote', type: 'CouncilResolutionRecorded', revision: 22, proceedingId: 'amend-2026' },
        { eventId: 'e-concl', type: 'ProceedingConcluded', revision: 24, proceedingId: 'amend-2026' },
      ],
      proceedings: [
        {
          proceedingId: 'amend-2026',
          agreementId: HIRANAI_AGREEMENT,
          kind: 'amendment',
          openedOn: '2026-06-01',
          status: 'concluded',
          drafts: [{ draftNumber: 1, draftedOn: '2026-06-01', revision: 21 }],
          resolutions: [],
          conclusion: {
            concludedOn: '2026-10-01',
            effectiveOn: '2027-04-01',
            signatories: { core: { title: '青森市長', name: '' }, partner: { title: '平内町長', name: '' } },
            versionNumber: 3,
          },
          notices: {},
          notifications: {},
          completed: true,
          missingSteps: [],
        },
      ],
      doubts: [
        {
          doubtId: 'hiranai-2024-publicity',
          raisedBy: { ...HIRANAI, role: 'partner' },
          raisedOn: '2024-04-25',
          citation: { label: '定めのない事項' },
          statusLabel: '解決（協議）',
          raisedAt: { eventId: 'e-doubt' },
        },
      ],
    },
  ],
  projects: [
    {
      projectId: 'aomori-digital-platform',
      name: '行政手続オンライン化共同システム事業',
      decisions: [
        {
          fiscalYear: 2021,
          kind: 'decision',
          decidedOn: '2021-05-21',
          event: { streamId: 'project-aomori-digital-platform', eventId: 'e-cs', position: '76' },
        },
        {
          fiscalYear: 2021,
          kind: 'revision',
          decidedOn: '2021-10-01',
          event: { streamId: 'project-aomori-digital-platform', eventId: 'e-csr', position: '80' },
        },
      ],
    },
  ],
};

const AGREEMENT_NAME = '青森市・平内町 連携中枢都市圏の形成に係る連携協約';
const PROJECT_NAME = '事業「行政手続オンライン化共同システム事業」';

describe('citableRecords', () => {
  const records = citableRecords(ja, sources);

  it('names each record as the history and the registers do, never by its ids', () => {
    expect(records.map((r) => [r.group, r.label])).toEqual([
      [AGREEMENT_NAME, '手続の開始：変更（令和8年6月1日）'],
      [AGREEMENT_NAME, '案の記録：変更（令和8年6月1日） 第1案（令和8年6月1日）'],
      [AGREEMENT_NAME, '締結：変更（令和8年6月1日） 第3版（令和8年10月1日）'],
      [AGREEMENT_NAME, '疑義の提起：平内町（令和6年4月25日、定めのない事項）— 解決（協議）'],
      [PROJECT_NAME, '費用分担の決定：令和3年度（令和3年5月21日）'],
      [PROJECT_NAME, '費用分担の改定：令和3年度（令和3年10月1日）'],
    ]);
    for (const r of records) expect(`${r.group}${r.label}`).not.toMatch(/aomori-|e-[a-z]+|project-|doubt-/);
    expect(records.map(citeKey)).toEqual([
      'agreement-aomori-hiranai e-proc',
      'agreement-aomori-hiranai e-draft',
      'agreement-aomori-hiranai e-concl',
      'doubt-hiranai-2024-publicity e-doubt',
      'project-aomori-digital-platform e-cs',
      'project-aomori-digital-platform e-csr',
    ]);
  });

  it('names them in English too (recorded texts and 和暦 dates stay as recorded)', () => {
    expect(citableRecords(en, sources).map((r) => r.label)).toEqual([
      'Proceeding opened: Amendment (令和8年6月1日)',
      'Draft recorded: Amendment (令和8年6月1日), draft 1 (令和8年6月1日)',
      'Conclusion: Amendment (令和8年6月1日), version 3 (令和8年10月1日)',
      'Doubt raised: 平内町 (令和6年4月25日, 定めのない事項) — 解決（協議）',
      'Cost-share decision: 令和3年度 (令和3年5月21日)',
      'Cost-share revision: 令和3年度 (令和3年10月1日)',
    ]);
  });

  it('offers per outcome kind only what the API accepts (the consultation decider’s CITABLE_EVENTS)', () => {
    const keys = (kind: string) => citableFor(kind, records).map((r) => r.eventId);
    expect(keys('cost-share-decision')).toEqual(['e-cs', 'e-csr']);
    expect(keys('amendment')).toEqual(['e-proc', 'e-draft', 'e-concl']);
    expect(keys('doubt-resolution')).toEqual(['e-doubt']);
    expect(keys('other')).toEqual(['e-proc', 'e-draft', 'e-concl', 'e-doubt', 'e-cs', 'e-csr']);
    expect(keys('unknown')).toEqual([]);
  });

  it('groups them by agreement and project, in order', () => {
    expect(groupRecords(records).map((g) => [g.group, g.records.length])).toEqual([
      [AGREEMENT_NAME, 4],
      [PROJECT_NAME, 2],
    ]);
  });

  it('names a recorded citation by the record, else by its kind of event', () => {
    const concluded = records[2] as CitableRecord;
    expect(citedRecordName(ja, records, concluded)).toBe(
      `${AGREEMENT_NAME} 締結：変更（令和8年6月1日） 第3版（令和8年10月1日）`,
    );
    expect(citedRecordName(ja, [], { streamId: 'doubt-x', eventId: 'e', type: 'DoubtRaised' })).toBe(
      '疑義の提起',
    );
  });
});

import { SOTOGAHAMA, AOMORI_CITY, CONSULTATION_IDS, PROJECT_IDS } from '../fixtures/aomori';
import { CooperationApi } from '../support/cooperation-api';
import { startTestApp, type TestApp } from '../support/test-app';

interface EventRef {
  streamId: string;
  eventId: string;
  position: string;
  type: string;
}

/** GET /agreements/{id}/compliance on the 青森圏域 demo (today = 2026-11-27). */
describe('compliance of an agreement in a fiscal year', () => {
  let t: TestApp;
  let api: CooperationApi;

  beforeAll(async () => {
    t = await startTestApp({}, { demo: true });
    api = new CooperationApi(t);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  /** Every cited event exists at its position in the global feed. */
  async function expectRealEvents(refs: EventRef[]): Promise<void> {
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const res = await api.get(`/events?after=${BigInt(ref.position) - 1n}&limit=1`).expect(200);
      expect(res.body.items[0]).toMatchObject({
        eventId: ref.eventId,
        streamId: ref.streamId,
        type: ref.type,
      });
    }
  }

  it('flags the year without a periodic consultation, and the cost share decided without one', async () => {
    const res = await api.get('/agreements/aomori-yomogita/compliance?fiscalYear=2023').expect(200);
    expect(res.body).toMatchObject({
      agreementId: 'aomori-yomogita',
      fiscalYear: 2023,
      period: {
        label: '令和5年度',
        start: '2023-04-01',
        end: '2024-03-31',
        startWareki: '令和5年4月1日',
        endWareki: '令和6年3月31日',
      },
      yearEnded: true,
      inForce: { duringYear: true },
      consultations: { held: [], periodicHeld: false },
      compliant: false,
    });
    expect(res.body.consultations.notHeld).toEqual([
      expect.objectContaining({
        consultationId: CONSULTATION_IDS.fy2023,
        status: 'cancelled',
        reasons: [
          '延期: 各町村の議会日程と重なったため（例示）',
          '中止: 大雨災害への対応を優先するため（例示）',
        ],
      }),
    ]);
    expect(res.body.costShares.withConsultation).toEqual([]);
    expect(res.body.costShares.withoutConsultation).toEqual([
      expect.objectContaining({
        projectId: PROJECT_IDS.tourism,
        decisionId: 'tourism-route-fy2023',
        consultationId: null,
      }),
    ]);
    const findings = res.body.findings as {
      code: string;
      severity: string;
      message: string;
      events: EventRef[];
    }[];
    expect(findings.map((f) => [f.code, f.severity])).toEqual([
      ['NoPeriodicConsultationHeld', 'violation'],
      ['CostShareDecidedWithoutConsultation', 'notice'],
    ]);
    expect(findings[0]?.message).toContain('令和5年度（令和5年4月1日〜令和6年3月31日）');
    // Records named as the registers name them, not by their ids.
    expect(findings[0]?.message).toMatch(/予定されていた協議: 定期的な協議（令和5年\d+月\d+日）（中止）。$/);
    expect(findings[0]?.message).not.toContain(CONSULTATION_IDS.fy2023);
    expect(findings[1]?.message).toMatch(/の費用分担（令和5年\d+月\d+日の決定、/);
    expect(findings[1]?.message).not.toContain('tourism-route-fy2023');
    expect(findings[0]?.events.map((e) => e.type)).toEqual([
      'ConsultationScheduled',
      'ConsultationPostponed',
      'ConsultationCancelled',
    ]);
    await expectRealEvents([...(findings[0]?.events ?? []), ...(findings[1]?.events ?? [])]);
  });

  it('shows a compliant year: the consultation both parties attended and the cost shares it decided', async () => {
    const res = await api.get('/agreements/aomori-sotogahama/compliance?fiscalYear=2022').expect(200);
    expect(res.body).toMatchObject({ compliant: true, findings: [], consultations: { periodicHeld: true } });
    expect(res.body.consultations.held).toEqual([
      expect.objectContaining({
        consultationId: CONSULTATION_IDS.fy2022,
        kind: 'periodic',
        heldOn: '2022-05-20',
        heldOnWareki: '令和4年5月20日',
        attendees: [
          { municipalityCode: AOMORI_CITY.code, municipalityName: '青森市', title: '青森市企画部長' },
          { municipalityCode: SOTOGAHAMA.code, municipalityName: '外ヶ浜町', title: '外ヶ浜町総務課長' },
        ],
      }),
    ]);
    const decided = res.body.costShares.withConsultation as {
      projectId: string;
      partnerAmount: string;
      coreAmount: string;
      events: EventRef[];
    }[];
    expect(decided.map((c) => c.projectId).sort()).toEqual([PROJECT_IDS.migration, PROJECT_IDS.tourism]);
    await expectRealEvents([...res.body.consultations.held[0].events, ...decided.flatMap((c) => c.events)]);
  });

  it('lists a revision and its superseded decision, and nothing for a year the agreement was not in force', async () => {
    const fy2021 = await api.get('/agreements/aomori-hiranai/compliance?fiscalYear=2021').expect(200);
    const tourism = fy2021.body.costShares.withConsultation.filter(
      (c: { projectId: string }) => c.projectId === PROJECT_IDS.tourism,
    );
    expect(
      tourism.map((c: { kind: string; status: string; consultationId: string }) => [
        c.kind,
        c.status,
        c.consultationId,
      ]),
    ).toEqual([
      ['decision', 'superseded', CONSULTATION_IDS.fy2021],
      ['revision', 'in-force', CONSULTATION_IDS.fy2021Extraordinary],
    ]);
    expect(fy2021.body.consultations.held.map((c: { consultationId: string }) => c.consultationId)).toEqual([
      CONSULTATION_IDS.fy2021,
      CONSULTATION_IDS.fy2021Extraordinary,
    ]);
    const abolished = await api.get('/agreements/aomori-hamanasudai/compliance?fiscalYear=2024').expect(200);
    expect(abolished.body).toMatchObject({
      inForce: { duringYear: false, versions: [] },
      findings: [],
      compliant: true,
    });
    const fy2023 = await api.get('/agreements/aomori-hamanasudai/compliance?fiscalYear=2023').expect(200);
    expect(fy2023.body.findings.map((f: { code: string }) => f.code)).toEqual(['NoPeriodicConsultationHeld']);
  });

  it('flags a proceeding concluded in the year but missing a 告示 and the 届出, with its events', async () => {
    const id = 'aomori-sotogahama';
    const p = 'sotogahama-amendment-2026';
    await api.proposeAmendment(id, p, '2026-09-01', [
      {
        op: 'changeMeasureRole',
        id: 'm12',
        party: 'partner',
        role: '外ヶ浜町は陸奥湾の環境保全活動を共同で実施する',
      },
    ]);
    const base = `/agreements/${id}/proceedings/${p}`;
    for (const [party, code] of [
      ['core', AOMORI_CITY.code],
      ['partner', SOTOGAHAMA.code],
    ] as const) {
      await api
        .post(
          `${base}/council-resolutions`,
          { party, decision: 'approved', resolvedOn: '2026-09-18' },
          api.clerk(code),
        )
        .expect(201);
    }
    await api
      .post(`${base}/conclusion`, {
        concludedOn: '2026-10-01',
        effectiveOn: '2027-04-01',
        signatories: {
          core: { title: '青森市長', name: '（甲）' },
          partner: { title: '外ヶ浜町長', name: '（乙）' },
        },
      })
      .expect(201);
    await api
      .post(
        `${base}/public-notices`,
        { party: 'core', noticeNumber: '青森市告示第510号', publishedOn: '2026-10-02' },
        api.clerk(AOMORI_CITY.code),
      )
      .expect(201);

    const res = await api.get(`/agreements/${id}/compliance?fiscalYear=2026`).expect(200);
    expect(res.body).toMatchObject({
      yearEnded: false,
      compliant: false,
      consultations: { periodicHeld: true },
    });
    const item = res.body.proceedings.missingSteps[0];
    expect(item).toMatchObject({ proceedingId: p, kind: 'amendment', concludedOn: '2026-10-01' });
    expect(item.missingSteps.map((s: { step: string; party?: string }) => [s.step, s.party])).toEqual([
      ['public-notice', 'partner'],
      ['governor-notification', 'core'],
      ['governor-notification', 'partner'],
    ]);
    expect(item.events.map((e: EventRef) => e.type)).toEqual([
      'ProceedingOpened',
      'DraftRecorded',
      'CouncilResolutionRecorded',
      'CouncilResolutionRecorded',
      'ProceedingConcluded',
      'PublicNoticeRecorded',
    ]);
    await expectRealEvents(item.events);
    const finding = res.body.findings.find((f: { code: string }) => f.code === 'ProceedingMissingSteps');
    expect(finding).toMatchObject({ severity: 'violation' });
    expect(finding.message).toContain('2026-10-01に締結された変更手続（令和8年9月1日開始）に、');
    expect(finding.message).not.toContain(p);
    expect(finding.message).toContain(
      '乙（外ヶ浜町）の告示・甲（青森市）の届出（青森県知事）・乙（外ヶ浜町）の届出（青森県知事）',
    );
    // The same year is not a finding for another agreement.
    const hiranai = await api.get('/agreements/aomori-hiranai/compliance?fiscalYear=2026').expect(200);
    expect(hiranai.body).toMatchObject({ proceedings: { missingSteps: [] }, compliant: true });
  });

  it('answers bad input with problem+json', async () => {
    await api.refused(() => api.get('/agreements/aomori-hiranai/compliance'), 400, 'ValidationFailed');
    const bad = await api.refused(
      () => api.get('/agreements/aomori-hiranai/compliance?fiscalYear=FY2023'),
      400,
      'ValidationFailed',
    );
    expect(CooperationApi.rules(bad)).toEqual(['FiscalYearOutOfRange']);
    await api.refused(() => api.get('/agreements/nope/compliance?fiscalYear=2023'), 404, 'AgreementNotFound');
    await api.refused(
      () => api.get('/agreements/Bad_Id/compliance?fiscalYear=2023'),
      400,
      'ValidationFailed',
    );
  });
});

import {
  AOMORI_CITY,
  CONSULTATION_IDS,
  DOUBT_IDS,
  HIRANAI,
  IMABETSU,
  PROJECT_IDS,
  SOTOGAHAMA,
} from '../fixtures/aomori';
import { CooperationApi } from '../support/cooperation-api';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Recorded facts (議決, 締結, 告示, 届出, a consultation held or postponed, a cost-share decision, a
 * 決算, every step of a doubt and its dispute, and corrections of those dates) are never dated after
 * today in Japan; planned dates (施行日, a consultation's scheduled date) may be. A 決算 comes only after
 * its 年度 has ended. On the demo app, whose clock is at 2026-11-27T03:00Z (2026-11-27 12:00 in Japan).
 */
describe('recorded facts are dated on or before today in Japan (demo app)', () => {
  let t: TestApp;
  let api: CooperationApi;
  const TODAY = '2026-11-27';
  const NOON_IN_JAPAN = '2026-11-27T03:00:00.000Z';

  beforeAll(async () => {
    t = await startTestApp({}, { demo: true });
    api = new CooperationApi(t);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });
  afterEach(() => {
    t.clock.set(NOON_IN_JAPAN);
  });

  /** Refused with the rule, naming the date and today, and nothing written. */
  async function refusedAsFuture(
    attempt: () => Promise<import('supertest').Response>,
    code: string,
    date: string,
    today = TODAY,
  ): Promise<void> {
    const body = await api.refused(attempt, 422, code);
    expect(body.detail).toContain(date);
    expect(body.detail).toContain(today);
    expect(body.errors?.[0]?.rule).toBe(code);
  }

  describe('the steps of 第252条の2 on a new amendment of 青森市 × 今別町', () => {
    const ID = 'aomori-imabetsu';
    const P = 'imabetsu-amendment-2026';
    const base = `/agreements/${ID}/proceedings/${P}`;
    const coreClerk = () => api.clerk(AOMORI_CITY.code);
    const partnerClerk = () => api.clerk(IMABETSU.code);
    let partnerResolution = '';
    const amendment = (draftedOn: string) => ({
      kind: 'amendment',
      proceedingId: P,
      draftedOn,
      operations: [{ op: 'reviseMeasure', id: 'm13', changes: { name: '移住・定住の促進' } }],
    });
    const signatories = {
      core: { title: '青森市長', name: '署名者氏名（例示）' },
      partner: { title: '今別町長', name: '署名者氏名（例示）' },
    };

    it('refuses a draft dated after today; a draft of today opens the proceeding', async () => {
      await refusedAsFuture(
        () => api.post(`/agreements/${ID}/proceedings`, amendment('2026-11-28')),
        'DraftDateInFuture',
        '2026-11-28',
      );
      await api.post(`/agreements/${ID}/proceedings`, amendment('2026-11-20')).expect(201);
    });

    it('refuses a 議決 dated 2026-12-17; one dated today is recorded', async () => {
      await refusedAsFuture(
        () =>
          api.post(
            `${base}/council-resolutions`,
            { party: 'core', decision: 'approved', resolvedOn: '2026-12-17' },
            coreClerk(),
          ),
        'CouncilResolutionDateInFuture',
        '2026-12-17',
      );
      await api
        .post(
          `${base}/council-resolutions`,
          { party: 'core', decision: 'approved', resolvedOn: TODAY },
          coreClerk(),
        )
        .expect(201);
      const partner = await api
        .post(
          `${base}/council-resolutions`,
          { party: 'partner', decision: 'approved', resolvedOn: '2026-11-26' },
          partnerClerk(),
        )
        .expect(201);
      partnerResolution = (partner.body.eventIds as string[])[0] ?? '';
    });

    it('refuses a 締結 dated 2026-12-27; one dated today with a 施行日 still ahead (a plan) is recorded', async () => {
      await refusedAsFuture(
        () =>
          api.post(`${base}/conclusion`, {
            concludedOn: '2026-12-27',
            effectiveOn: '2027-04-01',
            signatories,
          }),
        'ConclusionDateInFuture',
        '2026-12-27',
      );
      await api
        .post(`${base}/conclusion`, { concludedOn: TODAY, effectiveOn: '2027-04-01', signatories })
        .expect(201);
      const versions = await api.get(`/agreements/${ID}/versions`).expect(200);
      expect(versions.body.items.at(-1)).toMatchObject({
        effectiveFrom: '2027-04-01',
        statusToday: 'not-yet-in-force',
      });
    });

    it('refuses a 告示 and a 届出 dated after today', async () => {
      await refusedAsFuture(
        () =>
          api.post(
            `${base}/public-notices`,
            { party: 'core', noticeNumber: '青森市告示第700号', publishedOn: '2026-11-28' },
            coreClerk(),
          ),
        'PublicNoticeDateInFuture',
        '2026-11-28',
      );
      await refusedAsFuture(
        () =>
          api.post(`${base}/governor-notification`, {
            filedBy: ['core', 'partner'],
            documentNumber: '青企第9号',
            notifiedOn: '2026-12-01',
          }),
        'GovernorNotificationDateInFuture',
        '2026-12-01',
      );
    });

    it('refuses a correction that moves a 告示日 a month ahead; corrections to a date not after today are recorded', async () => {
      const notice = await api
        .post(
          `${base}/public-notices`,
          { party: 'core', noticeNumber: '青森市告示第700号', publishedOn: TODAY },
          coreClerk(),
        )
        .expect(201);
      const [eventId] = notice.body.eventIds as string[];
      await refusedAsFuture(
        () =>
          api.post(`/agreements/${ID}/corrections`, {
            correctsEventId: eventId,
            correction: { field: 'publishedOn', value: '2026-12-27' },
            reason: '告示日の転記誤り',
          }),
        'CorrectedDateInFuture',
        '2026-12-27',
      );
      // A 議決日 corrected to today is recorded.
      await api
        .post(`/agreements/${ID}/corrections`, {
          correctsEventId: partnerResolution,
          correction: { field: 'resolvedOn', value: TODAY },
          reason: '議決日の転記誤り',
        })
        .expect(201);
    });

    it('takes today in Japan, not in UTC: a 告示 of 2026-11-28 is refused at 23:59:59 on 2026-11-27 in Japan and recorded from 00:00 on 2026-11-28 (15:00Z the day before)', async () => {
      t.clock.set('2026-11-27T14:59:59.000Z');
      await refusedAsFuture(
        () =>
          api.post(
            `${base}/public-notices`,
            { party: 'partner', noticeNumber: '今別町告示第90号', publishedOn: '2026-11-28' },
            partnerClerk(),
          ),
        'PublicNoticeDateInFuture',
        '2026-11-28',
      );
      t.clock.set('2026-11-27T15:00:00.000Z');
      await api
        .post(
          `${base}/public-notices`,
          { party: 'partner', noticeNumber: '今別町告示第90号', publishedOn: '2026-11-28' },
          partnerClerk(),
        )
        .expect(201);
    });
  });

  describe('consultations, cost shares and 決算', () => {
    const extraordinary = `/consultations/${CONSULTATION_IDS.fy2026Extraordinary}`;
    const tourism = `/projects/${PROJECT_IDS.tourism}`;
    const held = (heldOn: string) => ({
      heldOn,
      attendees: [
        { municipalityCode: AOMORI_CITY.code, title: '青森市企画部長' },
        { municipalityCode: HIRANAI.code, title: '平内町企画政策課長' },
      ],
      minutes: '令和9年度の連携事業の見直しを協議した（例示）。',
      outcomes: [{ kind: 'other', summary: '見直しの方針を確認した。' }],
    });

    it('refuses a consultation recorded as held on its scheduled date still ahead (2027-02-05), and a postponement decided next month', async () => {
      await refusedAsFuture(
        () => api.post(`${extraordinary}/record`, held('2027-02-05')),
        'ConsultationDateInFuture',
        '2027-02-05',
      );
      await refusedAsFuture(
        () =>
          api.post(`${extraordinary}/postponement`, {
            postponedOn: '2026-12-01',
            rescheduledTo: '2027-03-05',
            reason: '議会日程と重なるため（例示）',
          }),
        'ConsultationDateInFuture',
        '2026-12-01',
      );
      // A postponement decided today to a new date still ahead (a plan) is recorded.
      await api
        .post(`${extraordinary}/postponement`, {
          postponedOn: TODAY,
          rescheduledTo: '2027-03-05',
          reason: '議会日程と重なるため（例示）',
        })
        .expect(201);
    });

    it('refuses a 連携中枢都市宣言, a ビジョン and a project registration dated after today', async () => {
      await refusedAsFuture(
        () =>
          api.post('/regions', {
            regionId: 'hachinohe',
            name: '八戸圏域連携中枢都市圏',
            coreCity: { code: '022039', name: '八戸市' },
            declaredOn: '2026-11-28',
          }),
        'RegionDeclarationDateInFuture',
        '2026-11-28',
      );
      await refusedAsFuture(
        () =>
          api.post('/regions/aomori/visions', {
            title: '第2期青森圏域連携中枢都市圏ビジョン',
            adoptedOn: '2026-12-01',
          }),
        'VisionAdoptionDateInFuture',
        '2026-12-01',
      );
      const project = {
        projectId: 'school-exchange',
        name: '圏域児童生徒交流事業',
        measureId: 'm09',
        participants: [HIRANAI.code, AOMORI_CITY.code],
        description: '圏域の児童生徒の交流事業を実施する。',
      };
      await refusedAsFuture(
        () => api.post('/regions/aomori/projects', { ...project, registeredOn: '2026-12-01' }),
        'ProjectRegistrationDateInFuture',
        '2026-12-01',
      );
      // Registered today, it is recorded.
      await api.post('/regions/aomori/projects', { ...project, registeredOn: TODAY }).expect(201);
    });

    it('refuses a cost-share decision dated after today', async () => {
      await refusedAsFuture(
        () =>
          api.post(`${tourism}/cost-shares`, {
            decisionId: 'tourism-route-fy2027',
            fiscalYear: 2027,
            decidedOn: '2026-12-10',
            total: '14000000',
            basis: {
              kind: 'ratio',
              weights: [
                { municipalityCode: AOMORI_CITY.code, value: '2' },
                { municipalityCode: HIRANAI.code, value: '1' },
                { municipalityCode: IMABETSU.code, value: '1' },
                { municipalityCode: '023043', value: '1' },
                { municipalityCode: SOTOGAHAMA.code, value: '1' },
              ],
            },
            reasonWithoutConsultation: '書面による持ち回り協議のため（例示）',
          }),
        'CostShareDecisionDateInFuture',
        '2026-12-10',
      );
    });

    it('refuses a 決算 dated 2028-05-31, and one of 令和8年度 before the year has ended (which would block its revisions)', async () => {
      await refusedAsFuture(
        () =>
          api.post(`${tourism}/settlements`, {
            fiscalYear: 2025,
            settledOn: '2028-05-31',
            total: '13000000',
          }),
        'SettlementDateInFuture',
        '2028-05-31',
      );
      const early = await api.refused(
        () => api.post(`${tourism}/settlements`, { fiscalYear: 2026, settledOn: TODAY, total: '13900000' }),
        422,
        'SettlementBeforeFiscalYearEnd',
      );
      expect(early.detail).toContain('令和8年度');
      expect(early.detail).toContain('2027-03-31');
      // 令和7年度 has ended: its 決算 of today is recorded.
      await api
        .post(`${tourism}/settlements`, { fiscalYear: 2025, settledOn: TODAY, total: '13200000' })
        .expect(201);
      // 令和8年度 is not settled, so its decision can still be revised.
      await api
        .post(`${tourism}/cost-shares/tourism-route-fy2026/revisions`, {
          decisionId: 'tourism-route-fy2026-r1',
          reason: '周遊バスの運行経費の増加のため（例示）',
          decidedOn: TODAY,
          total: '14200000',
          basis: {
            kind: 'ratio',
            weights: [
              { municipalityCode: AOMORI_CITY.code, value: '2' },
              { municipalityCode: HIRANAI.code, value: '1' },
              { municipalityCode: IMABETSU.code, value: '1' },
              { municipalityCode: '023043', value: '1' },
              { municipalityCode: SOTOGAHAMA.code, value: '1' },
            ],
          },
          reasonWithoutConsultation: '書面による持ち回り協議のため（例示）',
        })
        .expect(201);
    });

    it('settles 令和8年度 on 2027-04-01, the day after it ends, and not on 2027-03-31', async () => {
      t.clock.set('2027-03-31T03:00:00.000Z');
      const body = await api.refused(
        () =>
          api.post(`${tourism}/settlements`, {
            fiscalYear: 2026,
            settledOn: '2027-03-31',
            total: '13900000',
          }),
        422,
        'SettlementBeforeFiscalYearEnd',
      );
      expect(body.detail).toContain('2027-04-01');
      t.clock.set('2027-04-01T03:00:00.000Z');
      await api
        .post(`${tourism}/settlements`, { fiscalYear: 2026, settledOn: '2027-04-01', total: '13900000' })
        .expect(201);
    });
  });

  describe('a dispute: the steps taken outside the parties carry their evidence', () => {
    const DOUBT = 'hiranai-2026-training';
    const path = `/doubts/${DOUBT}`;
    const evidence = (documentNumber: string, documentDate = TODAY) => ({ documentNumber, documentDate });
    const commissioners = [
      { name: '委員氏名D（例示）', title: '弁護士' },
      { name: '委員氏名E（例示）', title: '大学教授（行政法）' },
      { name: '委員氏名F（例示）', title: '公認会計士' },
    ];

    beforeAll(async () => {
      await api
        .post(
          '/agreements/aomori-hiranai/doubts',
          {
            doubtId: DOUBT,
            raisedBy: HIRANAI.code,
            raisedOn: '2026-11-20',
            citation: { kind: 'provision', label: '第4条第2項' },
            question: '研修事業の費用分担は協議を経たものか（例示）。',
          },
          api.clerk(HIRANAI.code),
        )
        .expect(201);
    });

    it('refuses an application dated after today; one of today is recorded', async () => {
      const application = (appliedOn: string) => ({
        step: 'application',
        appliedOn,
        applicant: HIRANAI.code,
        recipient: 'prefectural-governor',
        documentNumber: '平企第300号（例示）',
        summary: '自治紛争処理委員による処理方策の提示を求める（例示）。',
      });
      await refusedAsFuture(
        () => api.post(`${path}/escalation`, application('2026-11-30'), api.clerk(HIRANAI.code)),
        'DisputeStepDateInFuture',
        '2026-11-30',
      );
      await api.post(`${path}/escalation`, application(TODAY), api.clerk(HIRANAI.code)).expect(201);
    });

    it('records the 知事’s appointment only by the secretariat, with the appointment’s 文書番号 and date, never after today', async () => {
      const appointment = (o: Record<string, unknown> = {}) => ({
        step: 'appointment',
        appointedOn: TODAY,
        commissioners,
        evidence: evidence('青森県指令市第100号（例示）'),
        ...o,
      });
      // A party's clerk (even the core city's) does not record the 知事's act.
      await api.refused(
        () => api.post(`${path}/escalation`, appointment(), api.clerk(AOMORI_CITY.code)),
        403,
        'DisputeStepRecordedBySecretariatOnly',
      );
      const missing = await api.refused(
        () => api.post(`${path}/escalation`, appointment({ evidence: undefined })),
        400,
        'ValidationFailed',
      );
      expect(CooperationApi.rules(missing).length).toBeGreaterThan(0);
      expect(missing.errors?.[0]?.field).toBe('evidence');
      await refusedAsFuture(
        () => api.post(`${path}/escalation`, appointment({ appointedOn: '2026-12-01' })),
        'DisputeStepDateInFuture',
        '2026-12-01',
      );
      await refusedAsFuture(
        () =>
          api.post(
            `${path}/escalation`,
            appointment({ evidence: evidence('青森県指令市第100号（例示）', '2026-12-02') }),
          ),
        'DisputeStepDateInFuture',
        '2026-12-02',
      );
      await api.post(`${path}/escalation`, appointment()).expect(201);
    });

    it('records the 処理方策 presented, notified and published with their documents', async () => {
      await refusedAsFuture(
        () =>
          api.post(`${path}/settlement-proposal`, {
            step: 'presented',
            presentedOn: '2026-12-15',
            proposal: '甲及び乙は改めて協議すること（例示）。',
            evidence: evidence('青森県自治紛争処理委員第1号（例示）'),
          }),
        'DisputeStepDateInFuture',
        '2026-12-15',
      );
      await api
        .post(`${path}/settlement-proposal`, {
          step: 'presented',
          presentedOn: TODAY,
          proposal: '甲及び乙は改めて協議すること（例示）。',
          evidence: evidence('青森県自治紛争処理委員第1号（例示）'),
        })
        .expect(201);
      await api
        .post(`${path}/settlement-proposal`, {
          step: 'notified',
          notifiedOn: TODAY,
          evidence: evidence('青森県自治紛争処理委員第2号（例示）'),
        })
        .expect(201);
      await api.refused(
        () =>
          api.post(`${path}/settlement-proposal`, {
            step: 'published',
            publishedOn: TODAY,
            medium: '青森県報',
          }),
        400,
        'ValidationFailed',
      );
      await api
        .post(`${path}/settlement-proposal`, {
          step: 'published',
          publishedOn: TODAY,
          medium: '青森県報（例示）',
          evidence: evidence('青森県報第3000号（例示）'),
        })
        .expect(201);
    });

    it('shows in the dossier who took each step, who recorded it and the document that proves it, citing 第251条の3の2', async () => {
      const read = (accept: string) =>
        api.get(`${path}/dossier`).set('authorization', `Bearer ${api.secretariat}`).set('accept', accept);
      const dossier = (await read('application/json').expect(200)).body;
      expect(dossier.legalBasis).toEqual(['地方自治法第252条の2第7項', '地方自治法第251条の3の2']);
      const [application] = dossier.escalation;
      expect(application.appointment.evidence).toEqual(evidence('青森県指令市第100号（例示）'));
      expect(application.proposal.evidence).toEqual(evidence('青森県自治紛争処理委員第1号（例示）'));
      expect(application.proposal.notificationEvidence).toEqual(
        evidence('青森県自治紛争処理委員第2号（例示）'),
      );
      expect(application.proposal.publicationEvidence).toEqual(evidence('青森県報第3000号（例示）'));
      expect(
        application.stepsOutsideTheParties.map(
          (s: { step: string; takenBy: string; recordedBy: { role: string } }) => [
            s.step,
            s.takenBy,
            s.recordedBy.role,
          ],
        ),
      ).toEqual([
        ['appointment', '都道府県知事', 'secretariat'],
        ['proposal-presented', '自治紛争処理委員', 'secretariat'],
        ['proposal-notified', '自治紛争処理委員', 'secretariat'],
        ['proposal-published', '自治紛争処理委員', 'secretariat'],
      ]);
      const html = (await read('text/html').expect(200)).text;
      expect(html).toContain('地方自治法第252条の2第7項、第251条の3の2');
      expect(html).toContain('青森県指令市第100号（例示）');
      expect(html).toContain('青森県報第3000号（例示）');
    });

    it('shows the demo dispute’s steps with their (illustrative) documents', async () => {
      const dossier = (
        await api
          .get(`/doubts/${DOUBT_IDS.sotogahamaCostShare}/dossier`)
          .set('authorization', `Bearer ${api.secretariat}`)
          .expect(200)
      ).body;
      const [application] = dossier.escalation;
      expect(application.appointment.evidence.documentNumber).toContain('例示');
      expect(application.proposal.publicationEvidence.documentNumber).toContain('例示');
    });
  });
});

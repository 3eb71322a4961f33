import request from 'supertest';
import {
  AOMORI_CITY,
  CONSULTATION_IDS,
  FICTIONAL_HAMANASUDAI,
  HIRANAI,
  IMABETSU,
  PROJECT_IDS,
  foldCooperation,
} from '../fixtures/aomori';
import { CooperationApi, parseCsv } from '../support/cooperation-api';
import { startTestApp, type TestApp } from '../support/test-app';
import { getBytes } from '../support/documents';

/** Projects and cost shares (第4条) over HTTP, on the 青森圏域 demo history. */
describe('projects and cost shares', () => {
  let t: TestApp;
  let api: CooperationApi;
  const folded = foldCooperation();

  beforeAll(async () => {
    t = await startTestApp({}, { demo: true });
    api = new CooperationApi(t);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  const problem = CooperationApi.problem;
  const NEW = 'aomori-school-exchange';
  const tourism = `/projects/${PROJECT_IDS.tourism}`;

  describe('reads of the demo', () => {
    it('lists the region’s projects by id, paginated', async () => {
      const all = await api.get('/regions/aomori/projects').expect(200);
      expect(all.body.items.map((p: { projectId: string }) => p.projectId)).toEqual(
        Object.values(PROJECT_IDS).sort(),
      );
      const page = await api.get('/regions/aomori/projects?limit=2').expect(200);
      expect(page.body.items).toHaveLength(2);
      const next = await api
        .get(`/regions/aomori/projects?limit=2&after=${page.body.nextCursor}`)
        .expect(200);
      expect(next.body.items.map((p: { projectId: string }) => p.projectId)).toEqual(
        Object.values(PROJECT_IDS).sort().slice(2),
      );
      expect(next.body.nextCursor).toBeNull();
      problem(await api.get('/regions/nowhere/projects'), 404, 'RegionNotFound');
      problem(await api.get('/regions/aomori/projects?limit=0'), 400, 'ValidationFailed');
    });

    it('reads a project with its ETag', async () => {
      const res = await api.get(tourism).expect(200);
      expect(res.headers.etag).toBe(`"${res.body.revision}"`);
      expect(res.body).toMatchObject({
        projectId: PROJECT_IDS.tourism,
        regionId: 'aomori',
        measure: { measureId: 'm04', name: '戦略的な観光施策の展開' },
        fiscalYears: [2020, 2021, 2022, 2023, 2024, 2025, 2026],
      });
      expect(res.body.participants.map((p: { code: string }) => p.code)).toEqual([
        '022012',
        '023019',
        '023035',
        '023043',
        '023078',
      ]);
      problem(await api.get('/projects/nope'), 404, 'ProjectNotFound');
    });

    it('gives the register by fiscal year: decisions, the superseded one, the settlement and its differences', async () => {
      const res = await api.get(`${tourism}/cost-shares`).expect(200);
      const years = res.body.fiscalYears as {
        fiscalYear: number;
        period: { label: string };
        inForce: string;
        decisions: {
          decisionId: string;
          status: string;
          allocations: { municipalityCode: string; amount: string }[];
          total: string;
        }[];
        settlement: {
          total: string;
          decidedTotal: string;
          difference: string;
          differences: { difference: string }[];
        } | null;
      }[];
      expect(years.map((y) => y.fiscalYear)).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
      expect(years[0]?.period.label).toBe('令和2年度');
      const fy2021 = years[1];
      expect(fy2021?.decisions.map((d) => [d.decisionId, d.status])).toEqual([
        ['tourism-route-fy2021', 'superseded'],
        ['tourism-route-fy2021-r1', 'in-force'],
      ]);
      expect(fy2021?.inForce).toBe('tourism-route-fy2021-r1');
      expect(years[0]?.settlement).toMatchObject({
        total: '11437000',
        decidedTotal: '12000000',
        difference: '-563000',
      });
      const differences = years[0]?.settlement?.differences ?? [];
      expect(differences.reduce((s, d) => s + BigInt(d.difference), 0n)).toBe(-563000n);
      // The amounts are those of the pure fold of the same fixture, and sum to the total.
      const state = folded.projects[`project-${PROJECT_IDS.tourism}`];
      if (state?.status !== 'registered') throw new Error('tourism not folded');
      for (const year of years) {
        for (const d of year.decisions) {
          const expected = state.decisions.find((x) => x.decisionId === d.decisionId);
          expect(d.allocations.map((a) => a.amount)).toEqual(expected?.allocations.map((a) => a.amount));
          expect(d.allocations.reduce((s, a) => s + BigInt(a.amount), 0n)).toBe(BigInt(d.total));
        }
      }
      const one = await api.get(`${tourism}/cost-shares?fiscalYear=2021`).expect(200);
      expect(one.body.fiscalYears.map((y: { fiscalYear: number }) => y.fiscalYear)).toEqual([2021]);
      problem(await api.get(`${tourism}/cost-shares?fiscalYear=20x1`), 400, 'ValidationFailed');
    });

    it('serves the project register as CSV: BOM, CRLF, Japanese intact, one row per share', async () => {
      const res = await getBytes(api, `${tourism}/cost-shares?fiscalYear=2021`, 'text/csv').expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="cost-shares-${PROJECT_IDS.tourism}-2021.csv"`,
      );
      const bytes = res.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parseCsv(bytes.toString('utf8'));
      expect(rows[0]?.slice(0, 6)).toEqual(['年度', '年度（和暦）', '事業ID', '事業名', '連携施策', '区分']);
      const body = rows.slice(1);
      // Decision (5) + revision (5) + settlement (5).
      expect(body).toHaveLength(15);
      expect(body.map((r) => r[5])).toEqual([
        ...Array<string>(5).fill('決定'),
        ...Array<string>(5).fill('変更'),
        ...Array<string>(5).fill('決算'),
      ]);
      expect(body[0]).toEqual(
        expect.arrayContaining(['令和3年度', '広域観光周遊ルート形成事業', '変更済', '青森市']),
      );
      expect(body[0]?.[17]).toBe('均等割30%・人口割70%（平成27年国勢調査人口（例示の数値） 2015-10-01）');
      const revised = body.filter((r) => r[5] === '変更');
      expect(revised.reduce((s, r) => s + BigInt(r[15] ?? '0'), 0n)).toBe(13_800_000n);
    });

    it('sums the region’s year per project, municipality and measure, decided versus settled (JSON and CSV)', async () => {
      const res = await api.get('/regions/aomori/cost-shares?fiscalYear=2021').expect(200);
      expect(res.body.period).toMatchObject({ label: '令和3年度', start: '2021-04-01', end: '2022-03-31' });
      expect(
        res.body.projects.map(
          (p: { projectId: string; decided: string; settled: string | null; revised: boolean }) => [
            p.projectId,
            p.decided,
            p.settled,
            p.revised,
          ],
        ),
      ).toEqual([
        [PROJECT_IDS.digital, '4500000', null, false],
        [PROJECT_IDS.training, '950000', '912000', false],
        [PROJECT_IDS.tourism, '13800000', '13800000', true],
      ]);
      expect(res.body.totals).toEqual({
        decided: '19250000',
        settled: '14712000',
        difference: '-38000',
        projects: 3,
        settledProjects: 2,
      });
      const hamanasudai = res.body.byMunicipality.find(
        (m: { municipalityCode: string }) => m.municipalityCode === FICTIONAL_HAMANASUDAI.code,
      );
      expect(hamanasudai).toMatchObject({
        decided: '70000',
        settled: '67200',
        difference: '-2800',
        projects: 1,
      });
      expect(res.body.byMunicipality[0].municipalityCode).toBe(AOMORI_CITY.code);
      const sumBy = (list: { decided: string }[]) => list.reduce((s, m) => s + BigInt(m.decided), 0n);
      expect(sumBy(res.body.byMunicipality)).toBe(19_250_000n);
      expect(sumBy(res.body.byMeasure)).toBe(19_250_000n);
      expect(res.body.byMeasure.map((m: { measureId: string }) => m.measureId)).toEqual([
        'm04',
        'm15',
        'm16',
      ]);

      const csv = await api
        .get('/regions/aomori/cost-shares?fiscalYear=2021')
        .set('accept', 'text/csv')
        .expect(200);
      const rows = parseCsv(csv.text);
      expect(rows[0]).toEqual([
        '年度',
        '年度（和暦）',
        '集計区分',
        'コード・ID',
        '名称',
        '決定額（円）',
        '決算額（円）',
        '差額（円）',
        '事業数',
        '決算済み事業数',
      ]);
      expect(rows.at(-1)).toEqual([
        '2021',
        '令和3年度',
        '合計',
        'aomori',
        '令和3年度合計',
        '19250000',
        '14712000',
        '-38000',
        '3',
        '2',
      ]);
      expect(rows.filter((r) => r[2] === '団体別')).toHaveLength(6);
      problem(await api.get('/regions/aomori/cost-shares'), 400, 'ValidationFailed');
      problem(await api.get('/regions/nowhere/cost-shares?fiscalYear=2021'), 404, 'RegionNotFound');
    });
  });

  describe('writes', () => {
    const schoolProject = {
      projectId: NEW,
      name: '圏域児童生徒交流事業',
      measureId: 'm09',
      participants: [HIRANAI.code, AOMORI_CITY.code],
      description: '圏域の児童生徒の交流事業を実施する。',
      registeredOn: '2026-06-01',
    };
    const fixed = (aomori: string, hiranai: string) => ({
      kind: 'fixed',
      amounts: [
        { municipalityCode: AOMORI_CITY.code, amount: aomori },
        { municipalityCode: HIRANAI.code, amount: hiranai },
      ],
    });
    const decision = {
      decisionId: 'school-fy2026',
      fiscalYear: 2026,
      decidedOn: '2026-06-10',
      total: '1000001',
      basis: {
        kind: 'ratio',
        weights: [
          { municipalityCode: AOMORI_CITY.code, value: '1' },
          { municipalityCode: HIRANAI.code, value: '1' },
        ],
      },
      consultationId: CONSULTATION_IDS.fy2026,
    };

    it('registers a project (201, Location, ETag) and refuses one twice', async () => {
      const res = await api.post('/regions/aomori/projects', schoolProject).expect(201);
      expect(res.headers.location).toBe(`/projects/${NEW}`);
      expect(res.headers.etag).toBe('"0"');
      expect(res.body).toMatchObject({ streamId: `project-${NEW}`, revision: '0', projected: true });
      const project = await api.get(`/projects/${NEW}`).expect(200);
      expect(project.body.participants.map((p: { code: string; name: string }) => p.name)).toEqual([
        '青森市',
        '平内町',
      ]);
      expect(project.body.measure).toMatchObject({ measureId: 'm09', name: '教育・文化・スポーツ' });
      await api.refused(
        () => api.post('/regions/aomori/projects', schoolProject),
        409,
        'ProjectAlreadyRegistered',
      );
    });

    it('refuses a participant not in force under the measure, an unknown measure or region', async () => {
      const body = await api.refused(
        () =>
          api.post('/regions/aomori/projects', {
            ...schoolProject,
            projectId: 'with-hamanasudai',
            participants: [AOMORI_CITY.code, FICTIONAL_HAMANASUDAI.code],
          }),
        422,
        'MunicipalityNotInForceUnderMeasure',
      );
      expect(body.errors?.[0]?.field).toBe('participants[1]');
      await api.refused(
        () =>
          api.post('/regions/aomori/projects', {
            ...schoolProject,
            projectId: 'no-measure',
            measureId: 'm99',
          }),
        422,
        'MeasureNotInForce',
      );
      await api.refused(
        () => api.post('/regions/nowhere/projects', { ...schoolProject, projectId: 'x' }),
        404,
        'RegionNotFound',
      );
      const bad = await api.refused(
        () =>
          api.post('/regions/aomori/projects', {
            ...schoolProject,
            participants: ['022013'],
            registeredOn: '2026-02-30',
          }),
        400,
        'ValidationFailed',
      );
      expect(bad.errors?.map((e) => e.field).sort()).toEqual(['participants', 'registeredOn']);
    });

    it('decides a cost share at a held consultation: exact allocation, cited back from the consultation', async () => {
      const res = await api.post(`/projects/${NEW}/cost-shares`, decision).expect(201);
      const decided = await api.get(`/projects/${NEW}/cost-shares?fiscalYear=2026`).expect(200);
      const entry = decided.body.fiscalYears[0].decisions[0];
      expect(
        entry.allocations.map((a: { municipalityCode: string; amount: string; roundedUp: boolean }) => [
          a.municipalityCode,
          a.amount,
          a.roundedUp,
        ]),
      ).toEqual([
        ['022012', '500001', true],
        ['023019', '500000', false],
      ]);
      expect(entry.event).toMatchObject({
        eventId: res.body.eventIds[0],
        position: res.body.position,
        streamId: `project-${NEW}`,
      });
      const consultation = await api.get(`/consultations/${CONSULTATION_IDS.fy2026}`).expect(200);
      expect(consultation.body.citedBy).toContainEqual({
        kind: 'cost-share-decision',
        streamId: `project-${NEW}`,
        eventId: res.body.eventIds[0],
        position: res.body.position,
        summary: '令和8年度「圏域児童生徒交流事業」の費用分担の決定（総額1,000,001円、2026-06-10）',
        ref: { projectId: NEW, decisionId: 'school-fy2026', fiscalYear: 2026 },
      });
    });

    it('answers each broken rule of a decision with problem+json and writes nothing', async () => {
      const post = (body: object) => () =>
        api.post(`/projects/${NEW}/cost-shares`, {
          ...decision,
          decisionId: 'other',
          fiscalYear: 2027,
          ...body,
        });
      const rulesOf = async (body: object) =>
        CooperationApi.rules(await api.refused(post(body), 400, 'ValidationFailed'));
      expect(await rulesOf({ total: '-100' })).toEqual(['InvalidYenAmount']);
      expect(await rulesOf({ total: '100.5' })).toEqual(['InvalidYenAmount']);
      expect(await rulesOf({ total: 1000 })).toEqual(['InvalidYenAmount']);
      expect(await rulesOf({ basis: { kind: 'lottery' } })).toEqual(['UnknownCostShareBasis']);
      expect(
        await rulesOf({
          basis: { kind: 'formula', components: [{ method: 'area', proportionBasisPoints: 10000 }] },
        }),
      ).toEqual(['UnknownCostShareBasis']);
      expect(await rulesOf({ basis: { ...fixed('1', '1'), weights: [] } })).toContain('basisFieldForKind');
      expect(await rulesOf({ fiscalYear: 2013 })).toEqual(['FiscalYearOutOfRange']);
      expect(await rulesOf({ fiscalYear: 2026.5 })).toEqual(['FiscalYearOutOfRange']);
      // Rules the domain decides (422 / 409 / 404), each named.
      await api.refused(post({ fiscalYear: 2040 }), 422, 'FiscalYearOutOfRange');
      await api.refused(post({ fiscalYear: 2025 }), 422, 'FiscalYearOutOfRange');
      await api.refused(post({ basis: fixed('600000', '400000') }), 422, 'AllocationsDoNotSumToTotal');
      await api.refused(
        post({ basis: { kind: 'formula', components: [{ method: 'equal', proportionBasisPoints: 6000 }] } }),
        422,
        'FormulaProportionsDoNotSumToWhole',
      );
      await api.refused(
        post({ participants: [AOMORI_CITY.code, IMABETSU.code] }),
        422,
        'ParticipantNotInProject',
      );
      // A consultation that exists is named by its kind and date, its id kept in a machine field.
      const notHeld = await api.refused(
        post({ consultationId: CONSULTATION_IDS.fy2026Extraordinary }),
        409,
        'ConsultationNotHeld',
      );
      expect(notHeld.detail).toContain('協議（令和9年2月5日）は開催済みではありません（開催予定）');
      expect(notHeld.detail).not.toContain(CONSULTATION_IDS.fy2026Extraordinary);
      expect(notHeld.consultationId).toBe(CONSULTATION_IDS.fy2026Extraordinary);
      // One that does not exist is quoted as sent, with where to find the registered ones.
      const unknown = await api.refused(
        post({ consultationId: 'no-such-consultation' }),
        404,
        'ConsultationNotFound',
      );
      expect(unknown.detail).toContain('協議「no-such-consultation」は登録されていません');
      expect(unknown.detail).toContain('「定期的な協議」');
      await api.refused(post({ consultationId: undefined }), 422, 'ConsultationOrReasonRequired');
      await api.refused(post({ reasonWithoutConsultation: 'x' }), 422, 'ConsultationAndReasonBothGiven');
      await api.refused(post({ decidedOn: '2026-05-21' }), 422, 'StepDateBeforePreviousStep');
      await api.refused(post({ decisionId: 'school-fy2026' }), 409, 'DecisionAlreadyExists');
      const decided = await api.refused(post({ fiscalYear: 2026 }), 409, 'CostShareAlreadyDecided');
      expect(decided.detail).toContain('令和8年度の費用分担は令和8年6月10日の決定で決定済みです');
      expect(decided.detail).toContain('「決定の見直し」');
      expect(decided.decisionId).toBe('school-fy2026');
      expect(decided.detail).not.toContain('school-fy2026');
      await api.refused(() => api.post('/projects/nope/cost-shares', decision), 404, 'ProjectNotFound');
    });

    it('refuses to allocate to a municipality not in force under the measure on the decision date', async () => {
      // 圏域職員合同研修: はまなす台町（架空） takes part in the project, but its agreement ended 2024-04-01.
      const body = await api.refused(
        () =>
          api.post(`/projects/${PROJECT_IDS.training}/cost-shares`, {
            decisionId: 'training-fy2026',
            fiscalYear: 2026,
            decidedOn: '2026-06-10',
            total: '100',
            basis: {
              kind: 'ratio',
              weights: [
                { municipalityCode: AOMORI_CITY.code, value: '1' },
                { municipalityCode: FICTIONAL_HAMANASUDAI.code, value: '1' },
              ],
            },
            participants: [AOMORI_CITY.code, FICTIONAL_HAMANASUDAI.code],
            reasonWithoutConsultation: '書面協議',
          }),
        422,
        'MunicipalityNotInForceUnderMeasure',
      );
      expect(body.detail).toContain('029998');
    });

    it('revises the decision in force (with If-Match), never a superseded one', async () => {
      const etag = (await api.get(`/projects/${NEW}`).expect(200)).headers.etag as string;
      const revision = {
        decisionId: 'school-fy2026-r1',
        reason: '参加児童数の増加のため',
        decidedOn: '2026-09-01',
        total: '1200000',
        basis: fixed('700000', '500000'),
        reasonWithoutConsultation: '書面による持ち回り協議のため',
      };
      const stale = await api.refused(
        () =>
          api.post(`/projects/${NEW}/cost-shares/school-fy2026/revisions`, revision, api.secretariat, {
            'if-match': '"0"',
          }),
        412,
        'RevisionMismatch',
      );
      expect(stale.currentRevision).toBe(etag.replace(/"/g, ''));
      const ok = await api
        .post(`/projects/${NEW}/cost-shares/school-fy2026/revisions`, revision, api.secretariat, {
          'if-match': etag,
        })
        .expect(201);
      expect(ok.headers.etag).toBe(`"${ok.body.revision}"`);
      const superseded = await api.refused(
        () =>
          api.post(`/projects/${NEW}/cost-shares/school-fy2026/revisions`, {
            ...revision,
            decisionId: 'school-fy2026-r2',
          }),
        409,
        'DecisionAlreadySuperseded',
      );
      // Both decisions named by year, kind and date; their ids only in machine fields.
      expect(superseded.detail).toBe(
        '令和8年度の費用分担の決定（令和8年6月10日）は既に見直されています。見直せるのは現に有効な決定（令和8年度の費用分担の決定の見直し（令和8年9月1日））だけです。',
      );
      expect(superseded).toMatchObject({
        decisionId: 'school-fy2026',
        supersededBy: 'school-fy2026-r1',
        decisionInForce: 'school-fy2026-r1',
      });
      await api.refused(
        () =>
          api.post(`/projects/${NEW}/cost-shares/nope/revisions`, {
            ...revision,
            decisionId: 'school-fy2026-r2',
          }),
        404,
        'DecisionNotFound',
      );
      const bad = await api.refused(
        () =>
          api.post(`/projects/${NEW}/cost-shares/school-fy2026-r1/revisions`, { ...revision, reason: '' }),
        400,
        'ValidationFailed',
      );
      expect(bad.errors?.[0]?.field).toBe('reason');
      const register = await api.get(`/projects/${NEW}/cost-shares`).expect(200);
      expect(
        register.body.fiscalYears[0].decisions.map(
          (d: {
            decisionId: string;
            status: string;
            supersedes: string | null;
            revisionReason: string | null;
          }) => [d.decisionId, d.status, d.supersedes, d.revisionReason],
        ),
      ).toEqual([
        ['school-fy2026', 'superseded', null, null],
        ['school-fy2026-r1', 'in-force', 'school-fy2026', '参加児童数の増加のため'],
      ]);
    });

    it('settles a year once, by the decision’s basis when none is given, and replays a retried POST', async () => {
      const settlement = {
        fiscalYear: 2026,
        settledOn: '2027-04-01',
        total: '1080000',
        note: '交流行事の一部を縮小',
      };
      // 令和8年度 ends on 2027-03-31: its 決算 is recorded from 2027-04-01, never during the year.
      await api.refused(
        () => api.post(`/projects/${NEW}/settlements`, { ...settlement, settledOn: '2026-11-27' }),
        422,
        'SettlementBeforeFiscalYearEnd',
      );
      t.clock.set('2027-04-01T03:00:00.000Z');
      const first = await api
        .post(`/projects/${NEW}/settlements`, settlement, api.secretariat, {
          'idempotency-key': 'settle-school-2026',
        })
        .expect(201);
      const head = await api.head();
      const again = await api
        .post(`/projects/${NEW}/settlements`, settlement, api.secretariat, {
          'idempotency-key': 'settle-school-2026',
        })
        .expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await api.head()).toBe(head);
      await api.refused(
        () =>
          api.post(`/projects/${NEW}/settlements`, { ...settlement, total: '1' }, api.secretariat, {
            'idempotency-key': 'settle-school-2026',
          }),
        422,
        'IdempotencyKeyReused',
      );
      const register = await api.get(`/projects/${NEW}/cost-shares?fiscalYear=2026`).expect(200);
      expect(register.body.fiscalYears[0].settlement).toMatchObject({
        decisionId: 'school-fy2026-r1',
        total: '1080000',
        decidedTotal: '1200000',
        difference: '-120000',
        basisFromDecision: true,
        basis: { kind: 'ratio' },
        differences: [
          { municipalityCode: '022012', decided: '700000', settled: '630000', difference: '-70000' },
          { municipalityCode: '023019', decided: '500000', settled: '450000', difference: '-50000' },
        ],
      });
      await api.refused(
        () => api.post(`/projects/${NEW}/settlements`, settlement),
        409,
        'SettlementAlreadyRecorded',
      );
      await api.refused(
        () => api.post(`/projects/${NEW}/settlements`, { ...settlement, fiscalYear: 2027 }),
        409,
        'SettlementRequiresDecision',
      );
      await api.refused(
        () =>
          api.post(`/projects/${NEW}/cost-shares/school-fy2026-r1/revisions`, {
            reason: 'r',
            decidedOn: '2026-11-27',
            total: '1',
            basis: fixed('1', '0'),
            reasonWithoutConsultation: 'r',
          }),
        409,
        'FiscalYearAlreadySettled',
      );
      const bad = await api.refused(
        () =>
          api.post(`/projects/${NEW}/settlements`, {
            ...settlement,
            total: '1,080,000',
            fiscalYear: 'FY2026',
          }),
        400,
        'ValidationFailed',
      );
      expect(CooperationApi.rules(bad).sort()).toEqual(['FiscalYearOutOfRange', 'InvalidYenAmount']);
    });

    it('lets only secretariat and admin write; anyone may read', async () => {
      const server = t.app.getHttpServer() as Parameters<typeof request>[0];
      await api.refused(() => request(server).post(`/projects/${NEW}/settlements`).send({}), 401);
      await api.refused(
        () => api.post(`/projects/${NEW}/cost-shares`, decision, t.token('reader')),
        403,
        'RoleNotAllowed',
      );
      await api.refused(
        () => api.post('/regions/aomori/projects', schoolProject, t.token('clerk', HIRANAI.code)),
        403,
        'RoleNotAllowed',
      );
      await api.refused(
        () => api.post(`/projects/${NEW}/cost-shares`, { ...decision, surprise: 1 }),
        400,
        'ValidationFailed',
      );
    });
  });
});

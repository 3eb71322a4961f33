/**
 * Illustrative facts: every event the shipped 青森圏域 demo records with invented facts carries
 * `illustrative: true` in its metadata, and the API says so on the agreements, versions, proceedings
 * and register rows built from them — never on facts recorded through the API.
 */
import {
  AGREEMENT_IDS,
  AOMORI_CITY,
  DOUBT_IDS,
  HIRANAI,
  PROCEEDING_IDS,
  PROJECT_IDS,
} from '../fixtures/aomori';
import { DoubtApi } from '../support/doubt-api';
import { startTestApp, type TestApp } from '../support/test-app';

interface FeedEvent {
  streamId: string;
  position: string;
  metadata: { illustrative?: boolean; source: string };
}

/** Every event of the ledger, through the public feed. */
/** Every event in full: read as the secretariat, who may read the doubts' events too. */
async function allEvents(api: DoubtApi): Promise<FeedEvent[]> {
  const events: FeedEvent[] = [];
  let after = '0';
  for (;;) {
    const page = await api.read(`/events?after=${after}&limit=500`, api.secretariat).expect(200);
    events.push(...(page.body.items as FeedEvent[]));
    if (page.body.nextCursor === null) return events;
    after = page.body.nextCursor as string;
  }
}

const flagOf = (row: { illustrative?: unknown }) => row.illustrative;

describe('the shipped demo says which facts are invented', () => {
  let t: TestApp;
  let api: DoubtApi;

  beforeAll(async () => {
    t = await startTestApp({}, { demo: true });
    api = new DoubtApi(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('marks every event it recorded illustrative, but the region’s two known facts (宣言, ビジョン)', async () => {
    const events = await allEvents(api);
    const known = events.filter((e) => e.metadata.illustrative !== true);
    expect(known.map((e) => e.streamId)).toEqual(['region-aomori', 'region-aomori']);
    expect(events.length).toBeGreaterThan(100);
    expect(
      events.filter((e) => e.metadata.illustrative === true).every((e) => e.metadata.source === 'import'),
    ).toBe(true);
  });

  it('flags the agreements, their versions, proceedings and the text in force', async () => {
    const list = await api.get('/agreements?limit=50').expect(200);
    expect(list.body.items.map(flagOf)).toEqual(list.body.items.map(() => true));
    const agreement = await api.get(`/agreements/${AGREEMENT_IDS.hiranai}`).expect(200);
    expect(agreement.body.illustrative).toBe(true);
    const versions = await api.get(`/agreements/${AGREEMENT_IDS.hiranai}/versions`).expect(200);
    expect(versions.body.items.map(flagOf)).toEqual([true, true, true]);
    const version = await api.get(`/agreements/${AGREEMENT_IDS.hiranai}/versions/1`).expect(200);
    expect(version.body.illustrative).toBe(true);
    const proceedings = await api.get(`/agreements/${AGREEMENT_IDS.hiranai}/proceedings`).expect(200);
    expect(proceedings.body.map(flagOf)).toEqual(proceedings.body.map(() => true));
    const proceeding = await api
      .get(`/agreements/${AGREEMENT_IDS.hamanasudai}/proceedings/${PROCEEDING_IDS.hamanasudaiAbolition}`)
      .expect(200);
    expect(proceeding.body.illustrative).toBe(true);
    const text = await api.get(`/agreements/${AGREEMENT_IDS.hiranai}/text?asOf=2020-01-01`).expect(200);
    expect(text.body.version).toMatchObject({ number: 1, illustrative: true });
    const history = await api.get(`/agreements/${AGREEMENT_IDS.hiranai}/history`).expect(200);
    const entries = history.body.items as { illustrative?: boolean }[];
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.illustrative === true)).toBe(true);
  });

  it('flags the rows of the registers: projects, cost shares, consultations, doubts', async () => {
    const projects = await api.get('/regions/aomori/projects').expect(200);
    expect(projects.body.items.map(flagOf)).toEqual(projects.body.items.map(() => true));
    const register = await api.get(`/projects/${PROJECT_IDS.tourism}/cost-shares`).expect(200);
    const decisions = register.body.fiscalYears.flatMap(
      (y: { decisions: { illustrative?: boolean }[] }) => y.decisions,
    );
    expect(decisions.length).toBeGreaterThan(0);
    expect(decisions.map(flagOf)).toEqual(decisions.map(() => true));
    const settled = register.body.fiscalYears.find((y: { settlement: unknown }) => y.settlement !== null) as {
      settlement: { illustrative?: boolean };
    };
    expect(settled.settlement.illustrative).toBe(true);
    const year = await api.get('/regions/aomori/cost-shares?fiscalYear=2021').expect(200);
    expect(year.body.projects.length).toBeGreaterThan(0);
    expect(year.body.projects.map(flagOf)).toEqual(year.body.projects.map(() => true));
    const consultations = await api.get('/regions/aomori/consultations?limit=100').expect(200);
    expect(consultations.body.items.map(flagOf)).toEqual(consultations.body.items.map(() => true));
    const doubts = await api
      .read(`/agreements/${AGREEMENT_IDS.imabetsu}/doubts`, api.secretariat)
      .expect(200);
    expect(doubts.body.items.length).toBeGreaterThan(0);
    expect(doubts.body.items.map(flagOf)).toEqual(doubts.body.items.map(() => true));
    const doubt = await api.read(`/doubts/${DOUBT_IDS.imabetsuMigration}`, api.secretariat).expect(200);
    expect(doubt.body.illustrative).toBe(true);
  });

  it('does not flag what is recorded through the API, even beside the demo’s facts', async () => {
    const head = BigInt(await api.head());
    await api
      .post('/regions/aomori/projects', {
        projectId: 'real-exchange',
        name: '圏域児童生徒交流事業',
        measureId: 'm09',
        participants: [AOMORI_CITY.code, HIRANAI.code],
        description: '圏域の児童生徒の交流事業を実施する。',
        registeredOn: '2026-06-01',
      })
      .expect(201);
    await api
      .post('/projects/real-exchange/cost-shares', {
        decisionId: 'real-exchange-fy2026',
        fiscalYear: 2026,
        decidedOn: '2026-06-10',
        total: '1000000',
        basis: {
          kind: 'fixed',
          amounts: [
            { municipalityCode: AOMORI_CITY.code, amount: '600000' },
            { municipalityCode: HIRANAI.code, amount: '400000' },
          ],
        },
        reasonWithoutConsultation: '年度途中の新規事業のため、持ち回りで決定した',
      })
      .expect(201);
    await api.consultation('real-consultation', '2026-12-10');

    const project = await api.get('/projects/real-exchange').expect(200);
    expect(project.body).not.toHaveProperty('illustrative');
    const register = await api.get('/projects/real-exchange/cost-shares').expect(200);
    expect(register.body.fiscalYears[0].decisions[0]).not.toHaveProperty('illustrative');
    const year = await api.get('/regions/aomori/cost-shares?fiscalYear=2026').expect(200);
    const line = year.body.projects.find((l: { projectId: string }) => l.projectId === 'real-exchange');
    expect(line).toBeDefined();
    expect(line).not.toHaveProperty('illustrative');
    const consultation = await api.get('/consultations/real-consultation').expect(200);
    expect(consultation.body).not.toHaveProperty('illustrative');
    const written = (await allEvents(api)).filter((e) => BigInt(e.position) > head);
    expect(written.length).toBeGreaterThanOrEqual(3);
    expect(written.every((e) => e.metadata.illustrative === undefined)).toBe(true);
  });
});

describe('a ledger without the demo has no illustrative fact', () => {
  let t: TestApp;
  let api: DoubtApi;

  beforeAll(async () => {
    t = await startTestApp();
    api = new DoubtApi(t);
    await api.concludedAgreement();
    await api.consultation('c-2020-06', '2020-06-10', { heldOn: '2020-06-10' });
    await api
      .post(
        '/agreements/aomori-hiranai/doubts',
        {
          doubtId: 'real-doubt',
          raisedBy: HIRANAI.code,
          raisedOn: '2020-05-20',
          citation: { kind: 'provision', label: '第4条第2項' },
          question: '事業ごとの費用分担を定めるまでの間、乙は既に実施した事業の費用を負担するか。',
        },
        api.clerk(HIRANAI.code),
      )
      .expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  it('leaves the flag out of every row and every event', async () => {
    const reads = [
      (await api.get('/agreements').expect(200)).body.items[0],
      (await api.get('/agreements/aomori-hiranai').expect(200)).body,
      (await api.get('/agreements/aomori-hiranai/versions').expect(200)).body.items[0],
      (await api.get('/agreements/aomori-hiranai/versions/1').expect(200)).body,
      (await api.get('/agreements/aomori-hiranai/proceedings').expect(200)).body[0],
      (await api.get('/agreements/aomori-hiranai/text?asOf=2020-01-01').expect(200)).body.version,
      (await api.get('/regions/aomori/consultations').expect(200)).body.items[0],
      (await api.read('/agreements/aomori-hiranai/doubts', api.secretariat).expect(200)).body.items[0],
      (await api.read('/doubts/real-doubt', api.secretariat).expect(200)).body,
    ] as object[];
    for (const row of reads) {
      expect(row).toBeDefined();
      expect(row).not.toHaveProperty('illustrative');
    }
    expect((await allEvents(api)).some((e) => 'illustrative' in e.metadata)).toBe(false);
  });
});

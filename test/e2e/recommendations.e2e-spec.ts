/**
 * 勧告 (地方自治法 第252条の2第5項) over HTTP: recorded on the region by the secretariat, listed in the
 * region's history, and in the history of the agreement between the municipalities it names once that
 * agreement is concluded; every refusal a problem+json that writes nothing.
 */
import request from 'supertest';
import { AOMORI_CITY, HIRANAI, IMABETSU } from '../fixtures/aomori';
import { AgreementApi } from '../support/agreement-api';
import { startTestApp, type TestApp } from '../support/test-app';

const AOMORI_PREFECTURE = { code: '020001', name: '青森県' };

interface Entry {
  type: string;
  summary: string;
  position: string;
  streamId?: string;
}

const RECOMMENDATION = {
  recommender: { kind: 'prefectural-governor', prefectureCode: '020001' },
  addressees: [AOMORI_CITY, HIRANAI],
  recommendedOn: '2019-10-01',
  documentNumber: '青市第100号',
  content: '圏域の公共交通を確保するため、青森市と平内町が連携協約を締結するよう勧告する。',
};
const SUMMARY = '青森県知事が青森市及び平内町に連携協約の締結を勧告（令和元年10月1日、青市第100号）';

describe('勧告 (第252条の2第5項) on the region', () => {
  let t: TestApp;
  let api: AgreementApi;
  const recommend = (body: object, token?: string) =>
    api.post('/regions/aomori/recommendations', body, token);
  const agreementHistory = async (id: string): Promise<Entry[]> =>
    (await api.get(`/agreements/${id}/history`).expect(200)).body.items as Entry[];

  function expectProblem(res: request.Response, status: number, code?: string): void {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, detail: expect.any(String) });
    if (code !== undefined) expect(res.body).toMatchObject({ code, rule: code });
  }

  beforeAll(async () => {
    t = await startTestApp();
    api = new AgreementApi(t);
    t.clock.set('2019-11-18T01:00:00Z');
    await api.declareRegion();
    t.clock.set('2019-11-20T01:00:00Z'); // the draft is recorded on the day it is made
    await api.openAgreement('aomori-hiranai', 'conclusion');
  });
  afterAll(async () => {
    await t.close();
  });

  it('records the 勧告 and lists it on the region and in the region’s history', async () => {
    t.clock.set('2019-11-20T02:00:00Z');
    const res = await recommend(RECOMMENDATION).expect(201);
    expect(res.headers.location).toBe('/regions/aomori/history');
    const region = await api.get('/regions/aomori').expect(200);
    expect(region.body.recommendations).toEqual([
      {
        ...RECOMMENDATION,
        recommenderName: '青森県知事',
        eventId: expect.any(String),
        position: res.body.position,
      },
    ]);
    const history = await api.get('/regions/aomori/history').expect(200);
    expect(history.body.items.map((e: Entry) => [e.type, e.summary])).toEqual([
      ['RegionDeclared', '青森市が連携中枢都市宣言（青森圏域連携中枢都市圏、令和元年11月18日）'],
      ['RecommendationRecorded', SUMMARY],
    ]);
    expect(history.body.nextCursor).toBeNull();
  });

  it('shows it in the agreement’s history only once the agreement is concluded', async () => {
    expect((await agreementHistory('aomori-hiranai')).map((e) => e.type)).not.toContain(
      'RecommendationRecorded',
    );
    t.clock.set('2019-12-25T03:00:00Z'); // the steps are recorded on the day of the last of them
    await api.carryThrough('aomori-hiranai', 'conclusion', {
      resolvedOn: '2019-12-12',
      concludedOn: '2019-12-25',
      effectiveOn: '2019-12-25',
    });
    const entries = await agreementHistory('aomori-hiranai');
    const shown = entries.filter((e) => e.type === 'RecommendationRecorded');
    expect(shown).toEqual([expect.objectContaining({ summary: SUMMARY, streamId: 'region-aomori' })]);
    // In the global order, where it was recorded: before the agreement's councils resolved.
    const positions = entries.map((e) => BigInt(e.position));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(entries.findIndex((e) => e.type === 'RecommendationRecorded')).toBeLessThan(
      entries.findIndex((e) => e.type === 'CouncilResolutionRecorded'),
    );
  });

  it('a 勧告 recorded after the conclusion appears there too; one naming other municipalities does not', async () => {
    t.clock.set('2021-05-11T01:00:00Z');
    await recommend({ ...RECOMMENDATION, documentNumber: '青市第200号', recommendedOn: '2021-05-10' }).expect(
      201,
    );
    await recommend({
      ...RECOMMENDATION,
      addressees: [AOMORI_CITY, IMABETSU],
      documentNumber: '青市第201号',
      recommendedOn: '2021-05-10',
    }).expect(201);
    const shown = (await agreementHistory('aomori-hiranai')).filter(
      (e) => e.type === 'RecommendationRecorded',
    );
    expect(shown.map((e) => e.summary)).toEqual([
      SUMMARY,
      '青森県知事が青森市及び平内町に連携協約の締結を勧告（令和3年5月10日、青市第200号）',
    ]);
  });

  it('refuses, writing nothing: the wrong recommender, too few municipalities, a date after today, a repeat', async () => {
    const head = await api.head();
    const minister = await recommend({
      ...RECOMMENDATION,
      recommender: { kind: 'minister-of-internal-affairs' },
    });
    expectProblem(minister, 422, 'WrongRecommender');
    expectProblem(
      await recommend({
        ...RECOMMENDATION,
        recommender: { kind: 'prefectural-governor', prefectureCode: '030007' },
      }),
      422,
      'WrongRecommender',
    );
    expectProblem(
      await recommend({
        ...RECOMMENDATION,
        addressees: [AOMORI_CITY, AOMORI_PREFECTURE],
        documentNumber: '青市第300号',
      }),
      422,
      'WrongRecommender',
    );
    expectProblem(
      await recommend({
        ...RECOMMENDATION,
        addressees: [AOMORI_CITY, { ...AOMORI_CITY }],
        documentNumber: '青市第301号',
      }),
      422,
      'RecommendationNeedsTwoParties',
    );
    t.clock.set('2026-11-27T03:00:00Z'); // 2026-11-27 12:00 in Japan
    const future = await recommend({
      ...RECOMMENDATION,
      recommendedOn: '2026-11-28',
      documentNumber: '青市第302号',
    });
    expectProblem(future, 422, 'RecommendationDateInFuture');
    expect(future.body.errors).toEqual([expect.objectContaining({ field: 'recommendedOn' })]);
    expectProblem(await recommend(RECOMMENDATION), 409, 'RecommendationAlreadyRecorded');
    const nowhere = await api.post('/regions/nowhere/recommendations', RECOMMENDATION);
    expectProblem(nowhere, 404, 'RegionNotFound');
    const clerk = await recommend(
      { ...RECOMMENDATION, documentNumber: '青市第303号' },
      api.clerk(AOMORI_CITY.code),
    );
    expectProblem(clerk, 403);
    const badCode = await recommend({
      ...RECOMMENDATION,
      recommender: { kind: 'prefectural-governor', prefectureCode: '020002' },
    });
    expectProblem(badCode, 400);
    expect(badCode.body.errors.map((e: { field: string }) => e.field)).toContain(
      'recommender.prefectureCode',
    );
    expect(await api.head()).toBe(head);
  });

  it('records a 勧告 dated today, by the 総務大臣 where a prefecture is concerned', async () => {
    t.clock.set('2026-11-27T03:00:00Z');
    await recommend({
      ...RECOMMENDATION,
      recommender: { kind: 'minister-of-internal-affairs' },
      addressees: [AOMORI_CITY, AOMORI_PREFECTURE],
      recommendedOn: '2026-11-27',
      documentNumber: '総行市第1号',
    }).expect(201);
    const history = await api.get('/regions/aomori/history?limit=2').expect(200);
    expect(history.body.nextCursor).not.toBeNull();
    const rest = await api
      .get(`/regions/aomori/history?after=${history.body.nextCursor as string}`)
      .expect(200);
    expect(rest.body.items.at(-1).summary).toBe(
      '総務大臣が青森市及び青森県に連携協約の締結を勧告（令和8年11月27日、総行市第1号）',
    );
  });

  it('the history of an unknown region is a problem+json 404', async () => {
    const res = await api.get('/regions/nowhere/history');
    expectProblem(res, 404);
    expect(res.body.code).toBe('RegionNotFound');
  });
});

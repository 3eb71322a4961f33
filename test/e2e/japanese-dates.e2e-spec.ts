import { CooperationApi } from '../support/cooperation-api';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Dates and 年度 as legal staff write them: every date a request carries may be written in 和暦
 * (令和8年11月20日, 令和元年5月1日, R8.11.20) beside YYYY-MM-DD, and every 年度 as 令和5年度, 令和5 or R5;
 * the ledger stores and answers the canonical form. A 和暦 date outside its era names no day and is
 * refused with the reason. On the demo app (today in Japan: 2026-11-27).
 */
describe('和暦 dates and 年度 in requests (demo app)', () => {
  let t: TestApp;
  let api: CooperationApi;

  beforeAll(async () => {
    t = await startTestApp({}, { demo: true });
    api = new CooperationApi(t);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('reads 令和5年度, 令和5 and R5 as the 年度 2023', async () => {
    const iso = await api.get('/agreements/aomori-yomogita/compliance?fiscalYear=2023').expect(200);
    for (const written of ['令和5年度', '令和5', 'R5']) {
      const res = await api
        .get(`/agreements/aomori-yomogita/compliance?fiscalYear=${encodeURIComponent(written)}`)
        .expect(200);
      expect(res.body).toEqual(iso.body);
    }
  });

  it('reads a 和暦 date in a query: the text in force on 令和4年5月1日 is the one of 2022-05-01', async () => {
    const iso = await api.get('/agreements/aomori-imabetsu/text?asOf=2022-05-01').expect(200);
    const wareki = await api
      .get(`/agreements/aomori-imabetsu/text?asOf=${encodeURIComponent('令和4年5月1日')}`)
      .expect(200);
    expect(wareki.body.version).toEqual(iso.body.version);
    expect(wareki.body.asOf).toBe('2022-05-01');
  });

  it('records a draft dated 令和8年11月20日 as 2026-11-20', async () => {
    await api
      .post('/agreements/aomori-imabetsu/proceedings', {
        kind: 'amendment',
        proceedingId: 'imabetsu-amendment-wareki',
        draftedOn: '令和8年11月20日',
        operations: [{ op: 'reviseMeasure', id: 'm13', changes: { name: '移住・定住の促進' } }],
      })
      .expect(201);
    const proceeding = await api
      .get('/agreements/aomori-imabetsu/proceedings/imabetsu-amendment-wareki')
      .expect(200);
    expect(JSON.stringify(proceeding.body)).toContain('"draftedOn":"2026-11-20"');
    expect(JSON.stringify(proceeding.body)).not.toContain('令和8年11月20日');
  });

  it.each([
    ['令和元年4月30日', '令和は令和元年5月1日からです'],
    ['平成31年5月1日', '平成は平成元年1月8日から平成31年4月30日までです'],
    ['令和8年2月30日', '暦にありません'],
  ])('refuses the draft date %s, saying why, and writes nothing', async (written, reason) => {
    const body = await api.refused(
      () =>
        api.post('/agreements/aomori-yomogita/proceedings', {
          kind: 'amendment',
          proceedingId: 'yomogita-amendment-wareki',
          draftedOn: written,
          operations: [{ op: 'reviseMeasure', id: 'm10', changes: { name: '地域振興の推進' } }],
        }),
      400,
    );
    const error = body.errors?.find((e) => e.field === 'draftedOn');
    expect(error?.message).toContain(reason);
  });

  it('refuses 平成32年度, a 年度 that never was', async () => {
    const res = await api.get(
      `/agreements/aomori-yomogita/compliance?fiscalYear=${encodeURIComponent('平成32年度')}`,
    );
    const body = CooperationApi.problem(res, 400);
    expect(JSON.stringify(body.errors)).toContain('平成32年はありません');
  });
});

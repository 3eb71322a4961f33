import { AgreementApi } from '../support/agreement-api';
import { startTestApp, type TestApp } from '../support/test-app';

const ID = 'aomori-hiranai';
const REVISE_PURPOSE = {
  op: 'replaceWords' as const,
  target: { kind: 'provision' as const, path: { article: '2' } },
  from: '対等な立場で',
  to: '対等な立場で、かつ、誠実に',
};

describe('the life of an agreement through HTTP', () => {
  let t: TestApp;
  let api: AgreementApi;

  beforeAll(async () => {
    t = await startTestApp();
    api = new AgreementApi(t);
    t.clock.set('2019-11-18T01:00:00Z');
    await api.declareRegion();
    t.clock.set('2019-11-20T01:00:00Z');
    await api.openAgreement(ID, 'conclusion');
  });
  afterAll(async () => {
    await t.close();
  });

  it('a draft opens the conclusion proceeding and lists what is missing', async () => {
    const res = await api.get(`/agreements/${ID}`).expect(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.body).toMatchObject({
      agreementId: ID,
      status: 'negotiating',
      latestVersion: null,
      coreCity: { code: '022012', name: '青森市' },
      partner: { code: '023019', name: '平内町' },
    });
    const open = res.body.openProceedings[0];
    expect(open.proceedingId).toBe('conclusion');
    expect(open.missingSteps.map((s: { step: string }) => s.step)).toEqual([
      'council-resolution',
      'council-resolution',
      'conclusion',
      'public-notice',
      'public-notice',
      'governor-notification',
      'governor-notification',
    ]);
    await api.get(`/agreements/${ID}/text?asOf=2019-12-25`).expect(404);
  });

  it('conclusion is refused before both councils approved, with the rule named', async () => {
    // On the conclusion day (a conclusion dated after today would be refused for that first).
    t.clock.set('2019-12-25T03:00:00Z');
    const head = await api.head();
    const res = await api
      .post(`/agreements/${ID}/proceedings/conclusion/conclusion`, {
        concludedOn: '2019-12-25',
        effectiveOn: '2019-12-25',
        signatories: { core: { title: '青森市長', name: 'A' }, partner: { title: '平内町長', name: 'B' } },
      })
      .expect(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 409, code: 'ConclusionRequiresBothCouncilApprovals' });
    expect(await api.head()).toBe(head);
  });

  it('carried through, the agreement is in force from its 施行日 and its text can be read', async () => {
    t.clock.set('2019-12-25T03:00:00Z');
    await api.carryThrough(ID, 'conclusion', {
      resolvedOn: '2019-12-12',
      concludedOn: '2019-12-25',
      effectiveOn: '2019-12-25',
    });
    const summary = await api.get(`/agreements/${ID}`).expect(200);
    expect(summary.body).toMatchObject({ status: 'concluded', latestVersion: 1, openProceedings: [] });

    const text = await api.get(`/agreements/${ID}/text?asOf=2020-01-01`).expect(200);
    expect(text.body.version).toMatchObject({ number: 1, effectiveFrom: '2019-12-25' });
    expect(text.body.asOfWareki).toBe('令和2年1月1日');
    expect(text.body.text).toContain('第1条');
    const kanji = await api.get(`/agreements/${ID}/text?asOf=2020-01-01&style=kanji`).expect(200);
    expect(kanji.body.text).toContain('第一条');
    const plain = await api
      .get(`/agreements/${ID}/text?asOf=2020-01-01`)
      .set('accept', 'text/plain')
      .expect(200);
    expect(plain.headers['content-type']).toMatch(/^text\/plain/);
    expect(plain.text).toBe(text.body.text);

    const before = await api.get(`/agreements/${ID}/text?asOf=2019-12-24`).expect(404);
    expect(before.body.code).toBe('NoVersionInForce');
  });

  it('a prospective amendment is 未施行 until its 施行日; asOf answers the old text before it', async () => {
    t.clock.set('2021-02-01T03:00:00Z');
    await api.proposeAmendment(ID, 'amendment-2021', '2021-02-01', [REVISE_PURPOSE]);
    t.clock.set('2021-03-20T03:00:00Z');
    await api.carryThrough(ID, 'amendment-2021', {
      resolvedOn: '2021-03-10',
      concludedOn: '2021-03-20',
      effectiveOn: '2021-04-01',
    });

    const versions = await api.get(`/agreements/${ID}/versions`).expect(200);
    expect(
      versions.body.items.map((v: { number: number; effectiveFrom: string; effectiveTo?: string }) => [
        v.number,
        v.effectiveFrom,
        v.effectiveTo,
      ]),
    ).toEqual([
      [1, '2019-12-25', '2021-04-01'],
      [2, '2021-04-01', undefined],
    ]);
    const old = await api.get(`/agreements/${ID}/text?asOf=2021-03-31`).expect(200);
    expect(old.body.version.number).toBe(1);
    expect(old.body.text).not.toContain('誠実に');
    const next = await api.get(`/agreements/${ID}/text?asOf=2021-04-01`).expect(200);
    expect(next.body.version.number).toBe(2);
    expect(next.body.text).toContain('対等な立場で、かつ、誠実に');
  });

  it('a retroactive amendment changes asOf answers only from the position it was recorded at (knownAt)', async () => {
    t.clock.set('2022-06-01T03:00:00Z');
    const headBefore = await api.head();
    await api.proposeAmendment(ID, 'amendment-2022', '2022-06-01', [
      {
        op: 'replaceWords',
        target: { kind: 'provision', path: { article: '2' } },
        from: '誠実に',
        to: '誠実かつ積極的に',
      },
    ]);
    t.clock.set('2022-06-20T03:00:00Z');
    await api.carryThrough(ID, 'amendment-2022', {
      resolvedOn: '2022-06-10',
      concludedOn: '2022-06-20',
      effectiveOn: '2022-04-01',
      retroactive: { reason: '年度当初に遡って適用するため' },
    });

    const now = await api.get(`/agreements/${ID}/text?asOf=2022-05-01`).expect(200);
    expect(now.body.version).toMatchObject({
      number: 3,
      retroactive: { reason: '年度当初に遡って適用するため' },
    });
    const thenByPosition = await api
      .get(`/agreements/${ID}/text?asOf=2022-05-01&atPosition=${headBefore}`)
      .expect(200);
    expect(thenByPosition.body.version.number).toBe(2);
    const thenByInstant = await api
      .get(`/agreements/${ID}/text?asOf=2022-05-01&knownAt=2022-05-31T00:00:00Z`)
      .expect(200);
    expect(thenByInstant.body.version.number).toBe(2);
    expect(thenByInstant.body.knownAt).toBe('2022-05-31T00:00:00Z');
  });

  it('serves the timeline with Japanese one-line summaries, paginated', async () => {
    const page1 = await api.get(`/agreements/${ID}/history?limit=3`).expect(200);
    expect(page1.body.items).toHaveLength(3);
    expect(page1.body.items[0].summary).toBe('青森市と平内町の連携協約を登録');
    expect(page1.body.nextCursor).toBe(page1.body.items[2].position);
    const page2 = await api
      .get(`/agreements/${ID}/history?limit=100&after=${page1.body.nextCursor}`)
      .expect(200);
    const summaries: string[] = page2.body.items.map((i: { summary: string }) => i.summary);
    expect(summaries).toEqual(expect.arrayContaining(['平内町議会が可決（令和元年12月12日）']));
    expect(page2.body.nextCursor).toBeNull();
  });

  it('lists proceedings with their steps and the measures with their history', async () => {
    const proceedings = await api.get(`/agreements/${ID}/proceedings`).expect(200);
    expect(proceedings.body.map((p: { proceedingId: string }) => p.proceedingId)).toEqual([
      'conclusion',
      'amendment-2021',
      'amendment-2022',
    ]);
    expect(proceedings.body[1]).toMatchObject({
      kind: 'amendment',
      status: 'concluded',
      completed: true,
      missingSteps: [],
    });
    const measures = await api.get(`/agreements/${ID}/measures?asOf=2020-01-01`).expect(200);
    expect(measures.body.measures).toHaveLength(15);
    const first = measures.body.measures[0];
    const history = await api.get(`/agreements/${ID}/measures/${first.id}/history`).expect(200);
    expect(history.body.entries.map((e: { change: string }) => e.change)).toEqual([
      'added',
      'unchanged',
      'unchanged',
    ]);
  });

  it('shows the region with its member and measures matrix as of a date', async () => {
    const before = await api.get('/regions/aomori?asOf=2019-12-24').expect(200);
    expect(before.body.members).toEqual([]);
    const after = await api.get('/regions/aomori?asOf=2020-01-01').expect(200);
    expect(after.body.members.map((m: { code: string }) => m.code)).toEqual(['023019']);
    expect(after.body.measuresMatrix.rows).toHaveLength(15);
  });
});

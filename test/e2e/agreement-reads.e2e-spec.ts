import request from 'supertest';
import { AgreementApi } from '../support/agreement-api';
import { startTestApp, type TestApp } from '../support/test-app';

describe('reads on the 青森圏域 demo history', () => {
  let t: TestApp;
  let api: AgreementApi;

  beforeAll(async () => {
    t = await startTestApp({}, { demo: true });
    api = new AgreementApi(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists the five agreements, filtered by party and by status today', async () => {
    const all = await api.get('/agreements').expect(200);
    expect(all.body.items.map((a: { agreementId: string }) => a.agreementId)).toEqual([
      'aomori-hamanasudai',
      'aomori-hiranai',
      'aomori-imabetsu',
      'aomori-sotogahama',
      'aomori-yomogita',
    ]);
    const hiranai = await api.get('/agreements?party=023019').expect(200);
    expect(hiranai.body.items.map((a: { agreementId: string }) => a.agreementId)).toEqual(['aomori-hiranai']);
    const abolished = await api.get('/agreements?status=abolished').expect(200);
    expect(abolished.body.items.map((a: { agreementId: string }) => a.agreementId)).toEqual([
      'aomori-hamanasudai',
    ]);
    const page = await api.get('/agreements?limit=2').expect(200);
    expect(page.body.nextCursor).toBe('aomori-hiranai');
    const next = await api.get(`/agreements?limit=2&after=${page.body.nextCursor}`).expect(200);
    expect(next.body.items[0].agreementId).toBe('aomori-imabetsu');
  });

  it('pages the 沿革 as every list pages: limit, after = the nextCursor, oldest first in 施行日 order', async () => {
    type Item = { number: number; effectiveFrom: string };
    const whole = await api.get('/agreements/aomori-hiranai/versions').expect(200);
    const all = whole.body.items as Item[];
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(whole.body.nextCursor).toBeNull();
    expect(all.map((v) => v.effectiveFrom)).toEqual([...all.map((v) => v.effectiveFrom)].sort());
    const walked: Item[] = [];
    let after: string | null = null;
    do {
      const query: string = after === null ? '?limit=1' : `?limit=1&after=${after}`;
      const page = await api.get(`/agreements/aomori-hiranai/versions${query}`).expect(200);
      expect(page.body.items).toHaveLength(1);
      expect(page.body.today).toBe(whole.body.today);
      walked.push(...(page.body.items as Item[]));
      after = page.body.nextCursor as string | null;
      if (after !== null) expect(after).toBe(String(walked.at(-1)?.number));
    } while (after !== null && walked.length <= all.length);
    expect(walked).toEqual(all);
    // The abolition ends the 沿革: every page of an abolished agreement carries it.
    const abolished = await api.get('/agreements/aomori-hamanasudai/versions?limit=1').expect(200);
    expect(abolished.body.abolition).toMatchObject({ label: expect.any(String) });
    // The limit is the lists' own: 1 to 500.
    const tooMany = await api.get('/agreements/aomori-hiranai/versions?limit=501').expect(400);
    expect(tooMany.headers['content-type']).toContain('application/problem+json');
    expect(tooMany.body.errors).toEqual([expect.objectContaining({ field: 'limit' })]);
    // A cursor that names no version of the agreement says which versions there are.
    const unknown = await api.get('/agreements/aomori-hiranai/versions?after=99').expect(404);
    expect(unknown.body).toMatchObject({ code: 'VersionNotFound' });
    expect(unknown.body.detail).toContain('第99版はありません');
  });

  it('marks a concluded amendment whose 施行日 is ahead as 未施行 (not-yet-in-force)', async () => {
    const versions = await api.get('/agreements/aomori-hiranai/versions').expect(200);
    const last = versions.body.items.at(-1);
    expect(last).toMatchObject({ effectiveFrom: '2027-04-01', statusToday: 'not-yet-in-force' });
    const inForce = versions.body.items.filter((v: { statusToday: string }) => v.statusToday === 'in-force');
    expect(inForce).toHaveLength(1);
    const version = await api
      .get(`/agreements/aomori-hiranai/versions/${last.number}?style=kanji`)
      .expect(200);
    expect(version.body.text).toContain('第一条');
  });

  it('answers the retroactive amendment by transaction time: before its recording, the old version', async () => {
    const history = await api.get('/agreements/aomori-imabetsu/versions').expect(200);
    const retro = history.body.items.find((v: { retroactive?: unknown }) => v.retroactive !== undefined);
    expect(retro).toMatchObject({ effectiveFrom: '2022-04-01', concludedOn: '2022-06-30' });
    const now = await api.get('/agreements/aomori-imabetsu/text?asOf=2022-05-01').expect(200);
    expect(now.body.version.number).toBe(retro.number);
    const before = await api
      .get(
        `/agreements/aomori-imabetsu/text?asOf=2022-05-01&atPosition=${BigInt(retro.recordedAtPosition) - 1n}`,
      )
      .expect(200);
    expect(before.body.version.number).toBe(retro.number - 1);
    const known = await api
      .get(`/agreements/aomori-imabetsu/text?asOf=2022-05-01&knownAt=${retro.recordedAt}`)
      .expect(200);
    expect(known.body.version.number).toBe(retro.number);
  });

  it('shows the region on a date: members with an agreement in force and the measures matrix', async () => {
    const region = await api.get('/regions/aomori?asOf=2020-06-01').expect(200);
    expect(region.body.members.map((m: { code: string }) => m.code)).toEqual([
      '023019',
      '023035',
      '023043',
      '023078',
      '029998',
    ]);
    const later = await api.get('/regions/aomori?asOf=2024-06-01').expect(200);
    expect(later.body.members.map((m: { code: string }) => m.code)).not.toContain('029998');
    const regions = await api.get('/regions').expect(200);
    expect(regions.body[0]).toMatchObject({ regionId: 'aomori', declaredOn: '2019-11-18' });
  });

  it('shows the correction in the timeline, with the original still there', async () => {
    const timeline = await api.get('/agreements/aomori-yomogita/history?limit=500').expect(200);
    const summaries: string[] = timeline.body.items.map((i: { summary: string }) => i.summary);
    expect(summaries.some((s) => s.startsWith('誤記訂正'))).toBe(true);
    expect(summaries.some((s) => s.includes('第45号'))).toBe(true);
  });

  it.each([
    ['/agreements/aomori-hiranai/text?asOf=2020-02-30', 400, 'asOf'],
    ['/agreements/aomori-hiranai/text?asOf=20200101', 400, 'asOf'],
    ['/agreements/aomori-hiranai/text?style=vertical', 400, 'style'],
    ['/agreements/aomori-hiranai/text?knownAt=yesterday', 400, 'knownAt'],
    ['/agreements/aomori-hiranai/text?atPosition=-1', 400, 'atPosition'],
    ['/agreements/aomori-hiranai/text?knownAt=2020-01-01T00:00:00Z&atPosition=3', 400, 'atPosition'],
    ['/agreements/aomori-hiranai/versions/zero', 400, 'n'],
    ['/agreements/aomori-hiranai/versions/99', 404, null],
    ['/agreements/NOT_AN_ID', 400, 'agreementId'],
    ['/agreements/no-such-agreement', 404, null],
    ['/agreements/no-such-agreement/text', 404, null],
    ['/agreements/aomori-hiranai/proceedings/nope', 404, null],
    ['/agreements/aomori-hiranai/measures/nope/history', 404, null],
    ['/agreements?party=022013', 400, 'party'],
    ['/agreements?status=alive', 400, 'status'],
    ['/agreements/aomori-hiranai/history?limit=0', 400, 'limit'],
    ['/regions/aomori?asOf=tomorrow', 400, 'asOf'],
    ['/regions/nowhere', 404, null],
    ['/agreements/aomori-hiranai/text?asOf=2019-01-01', 404, null],
  ])('GET %s → %i problem+json', async (path, status, field) => {
    const res = await api.get(path).expect(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.status).toBe(status);
    if (field !== null) expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  // The web app shows a refusal's detail to the officer: Japanese, naming an agreement that exists by
  // its parties, quoting only what was sent when it names nothing recorded.
  it.each([
    [
      '/agreements/aomori-hiranai/versions/99',
      /^青森市と平内町の連携協約の版は第1版から第\d+版までです。第99版はありません。$/,
    ],
    [
      '/agreements/no-such-agreement',
      /^連携協約「no-such-agreement」は台帳にありません。.*「圏域と協約の一覧」/,
    ],
    ['/agreements/aomori-hiranai/proceedings/nope', /^青森市と平内町の連携協約に手続「nope」はありません。/],
    [
      '/agreements/aomori-hiranai/measures/nope/history',
      /^青森市と平内町の連携協約のどの版にも取組「nope」はありません。/,
    ],
    [
      '/agreements/aomori-hiranai/text?asOf=2019-01-01',
      /^平成31年1月1日（2019-01-01）に施行されている青森市と平内町の連携協約の版はありません。その日は.+です。$/,
    ],
  ])('GET %s → a Japanese detail', async (path, detail) => {
    const res = await api.get(path).expect(404);
    expect(res.body.detail).toMatch(detail);
    expect(res.body.detail).not.toMatch(/\b(?:No|Agreement|has|is|version|in force)\b/);
  });

  it('streams events as server-sent events, resumable with Last-Event-ID', async () => {
    const received: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = request(t.app.getHttpServer())
        .get('/events/stream')
        .set('last-event-id', '100')
        .buffer(false)
        .parse((res, callback) => {
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            received.push(...[...chunk.matchAll(/^id: (\d+)$/gm)].map((m) => m[1] ?? ''));
            if (received.length >= 4) {
              resolve();
              (res as unknown as { destroy(): void }).destroy();
            }
          });
          res.on('error', () => undefined);
          res.on('end', () => callback(null, null));
        });
      req.end((error) => {
        if (error !== null && received.length < 4)
          reject(error instanceof Error ? error : new Error(String(error)));
      });
    });
    expect(received.slice(0, 4)).toEqual(['101', '102', '103', '104']);
  });
});

describe('LEDGER_READ_ACCESS=token', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ readAccess: 'token' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses anonymous reads (401 with WWW-Authenticate) and serves a reader token', async () => {
    const anonymous = await request(t.app.getHttpServer()).get('/agreements').expect(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer');
    expect(anonymous.body.code).toBe('Unauthorized');
    await request(t.app.getHttpServer())
      .get('/agreements')
      .set('authorization', `Bearer ${t.token('reader')}`)
      .expect(200);
  });
});

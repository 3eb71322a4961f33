import request from 'supertest';
import type { Role } from '@kyoyaku/runtime';
import { agreementDocument, AOMORI_CITY, HIRANAI } from '../fixtures/aomori';
import { AgreementApi } from '../support/agreement-api';
import { startTestApp, type TestApp } from '../support/test-app';

const ID = 'aomori-hiranai';
const P = `/agreements/${ID}/proceedings/conclusion`;

/** Every write endpoint, the roles allowed on it, and a body that breaks a rule of its DTO. */
const WRITES: { path: string; roles: Role[]; badBody: Record<string, unknown>; badField: string }[] = [
  {
    path: '/regions',
    roles: ['secretariat', 'admin'],
    badBody: {
      regionId: 'x',
      name: 'n',
      coreCity: { code: '022013', name: '青森市' },
      declaredOn: '2019-11-18',
    },
    badField: 'coreCity.code',
  },
  {
    // A nested object that is missing must be refused by validation, not reach the handler.
    path: '/regions',
    roles: ['secretariat', 'admin'],
    badBody: { regionId: 'x', name: 'n', declaredOn: '2019-11-18' },
    badField: 'coreCity',
  },
  {
    path: '/regions/aomori/visions',
    roles: ['secretariat', 'admin'],
    badBody: { title: 'v', adoptedOn: '2020-02-30' },
    badField: 'adoptedOn',
  },
  {
    path: '/agreements',
    roles: ['secretariat', 'admin'],
    badBody: {
      regionId: 'aomori',
      coreCity: AOMORI_CITY,
      partner: { code: 23019, name: '平内町' },
      draftedOn: '2019-11-20',
      document: agreementDocument('平内町'),
    },
    badField: 'partner.code',
  },
  {
    path: `/agreements/${ID}/drafts`,
    roles: ['secretariat', 'admin'],
    badBody: { proceedingId: 'conclusion', draftedOn: '2019-11-21', kind: 'conclusion' },
    badField: 'document',
  },
  {
    path: `/agreements/${ID}/proceedings`,
    roles: ['secretariat', 'admin'],
    badBody: { kind: 'merger', draftedOn: '2020-01-01' },
    badField: 'kind',
  },
  {
    path: `${P}/council-resolutions`,
    roles: ['clerk', 'secretariat', 'admin'],
    badBody: { party: 'core', decision: 'maybe', resolvedOn: '2019-12-12' },
    badField: 'decision',
  },
  {
    path: `${P}/conclusion`,
    roles: ['secretariat', 'admin'],
    badBody: {
      concludedOn: '2019-12-25',
      effectiveOn: '2019/12/25',
      signatories: { core: { title: 'a', name: 'b' }, partner: { title: 'c', name: 'd' } },
    },
    badField: 'effectiveOn',
  },
  {
    path: `${P}/conclusion`,
    roles: ['secretariat', 'admin'],
    badBody: { concludedOn: '2019-12-25', effectiveOn: '2019-12-25', signatories: 'both mayors' },
    badField: 'signatories',
  },
  {
    path: `${P}/public-notices`,
    roles: ['clerk', 'secretariat', 'admin'],
    badBody: { party: 'core', noticeNumber: '', publishedOn: '2019-12-25' },
    badField: 'noticeNumber',
  },
  {
    path: `${P}/governor-notification`,
    roles: ['clerk', 'secretariat', 'admin'],
    badBody: { filedBy: ['core', 'mayor'], documentNumber: '青企第1号', notifiedOn: '2019-12-26' },
    badField: 'filedBy',
  },
  {
    path: `${P}/governor-notification`,
    roles: ['clerk', 'secretariat', 'admin'],
    badBody: {
      filedBy: ['core'],
      documentNumber: '青企第1号',
      notifiedOn: '2019-12-26',
      addressee: { kind: 'emperor' },
    },
    badField: 'addressee.kind',
  },
  {
    path: '/regions/aomori/recommendations',
    roles: ['secretariat', 'admin'],
    badBody: {
      recommender: { kind: 'prefectural-governor', prefectureCode: '020001' },
      addressees: [AOMORI_CITY, HIRANAI],
      recommendedOn: '2019-02-30',
      documentNumber: '青市第100号',
      content: '連携協約の締結を勧告する。',
    },
    badField: 'recommendedOn',
  },
  {
    path: '/regions/aomori/recommendations',
    roles: ['secretariat', 'admin'],
    badBody: {
      recommender: { kind: 'prefectural-governor', prefectureCode: '020001' },
      addressees: [AOMORI_CITY],
      recommendedOn: '2019-10-01',
      documentNumber: '青市第100号',
      content: '連携協約の締結を勧告する。',
    },
    badField: 'addressees',
  },
  {
    path: `${P}/withdrawal`,
    roles: ['secretariat', 'admin'],
    badBody: { withdrawnOn: '2019-12-01' },
    badField: 'reason',
  },
  {
    path: `/agreements/${ID}/corrections`,
    roles: ['secretariat', 'admin'],
    badBody: {
      correctsEventId: 'not-a-uuid',
      correction: { field: 'noticeNumber', value: 'x' },
      reason: 'r',
    },
    badField: 'correctsEventId',
  },
];

const ROLES: Role[] = ['reader', 'clerk', 'secretariat', 'admin'];

describe('writes: bad input, access, preconditions and idempotency — nothing written on refusal', () => {
  let t: TestApp;
  let api: AgreementApi;
  const server = () => t.app.getHttpServer() as Parameters<typeof request>[0];
  const tokenOf = (role: Role) => t.token(role, role === 'clerk' ? HIRANAI.code : undefined);

  beforeAll(async () => {
    t = await startTestApp({ bodyLimit: 64 * 1024 });
    api = new AgreementApi(t);
    t.clock.set('2019-11-20T01:00:00Z');
    await api.declareRegion();
    await api.openAgreement(ID, 'conclusion');
    // The steps below are dated up to 2019-12-27: they are recorded once they have happened.
    t.clock.set('2019-12-31T01:00:00Z');
  });
  afterAll(async () => {
    await t.close();
  });

  function expectProblem(res: request.Response, status: number): void {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status,
      type: expect.any(String),
      title: expect.any(String),
      detail: expect.any(String),
    });
  }

  describe.each(WRITES)('POST $path', ({ path, roles, badBody, badField }) => {
    it('refuses a missing token (401), a malformed one (401) and each role not allowed (403)', async () => {
      const head = await api.head();
      expectProblem(await request(server()).post(path).send(badBody), 401);
      expectProblem(
        await request(server()).post(path).set('authorization', 'Bearer nope!').send(badBody),
        401,
      );
      expectProblem(
        await request(server()).post(path).set('authorization', 'Bearer kl_unknown').send(badBody),
        401,
      );
      for (const role of ROLES.filter((r) => !roles.includes(r))) {
        const res = await api.post(path, badBody, tokenOf(role));
        expectProblem(res, 403);
        expect(res.body.code).toBe('RoleNotAllowed');
      }
      expect(await api.head()).toBe(head);
    });

    it('lets each allowed role past the access check (to validation)', async () => {
      for (const role of roles) expectProblem(await api.post(path, {}, tokenOf(role)), 400);
    });

    it('answers bad input with problem+json naming the field, and writes nothing', async () => {
      const head = await api.head();
      const missing = await api.post(path, {});
      expectProblem(missing, 400);
      expect(missing.body.errors.length).toBeGreaterThan(0);

      const bad = await api.post(path, badBody);
      expectProblem(bad, 400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain(badField);

      const unknown = await api.post(path, { ...badBody, surprise: 1 });
      expectProblem(unknown, 400);
      expect(unknown.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'surprise', rule: 'unknownField' })]),
      );

      const malformed = await request(server())
        .post(path)
        .set('authorization', `Bearer ${api.secretariat}`)
        .set('content-type', 'application/json')
        .send('{"draftedOn": ');
      expectProblem(malformed, 400);
      expect(malformed.body.code).toBe('MalformedJson');

      const oversized = await api.post(path, { ...badBody, padding: 'あ'.repeat(40 * 1024) });
      expectProblem(oversized, 413);

      const notJson = await request(server())
        .post(path)
        .set('authorization', `Bearer ${api.secretariat}`)
        .set('content-type', 'text/plain')
        .send('hello');
      expectProblem(notJson, 415);
      expect(await api.head()).toBe(head);
    });
  });

  it('refuses out-of-order steps with the rule, and writes nothing', async () => {
    const head = await api.head();
    const notice = await api.post(`${P}/public-notices`, {
      party: 'core',
      noticeNumber: '青森市告示第1号',
      publishedOn: '2019-12-25',
    });
    expectProblem(notice, 409);
    expect(notice.body.rule).toBe(notice.body.code);
    // The proceeding is named by its kind and the day it was opened; its id is a machine field.
    expect(notice.body.detail).toContain('締結手続（令和元年11月20日開始）はまだ締結されていません');
    expect(notice.body.detail).not.toContain('「conclusion」');
    expect(notice.body.proceedingId).toBe('conclusion');
    const notification = await api.post(`${P}/governor-notification`, {
      filedBy: ['core', 'partner'],
      documentNumber: '青企第1号',
      notifiedOn: '2019-12-26',
    });
    expectProblem(notification, 409);
    const early = await api.post(`${P}/council-resolutions`, {
      party: 'core',
      decision: 'approved',
      resolvedOn: '2019-11-01',
    });
    expectProblem(early, 422);
    const unknown = await api.post(`/agreements/${ID}/proceedings/nope/conclusion`, {
      concludedOn: '2019-12-25',
      effectiveOn: '2019-12-25',
      signatories: { core: { title: 'a', name: 'b' }, partner: { title: 'c', name: 'd' } },
    });
    expectProblem(unknown, 404);
    expect(await api.head()).toBe(head);
  });

  it('refuses an agreement outside a declared region, or whose 甲 is not its core city', async () => {
    const head = await api.head();
    const body = {
      agreementId: 'elsewhere',
      regionId: 'nowhere',
      coreCity: AOMORI_CITY,
      partner: HIRANAI,
      draftedOn: '2019-11-20',
      document: agreementDocument(HIRANAI.name),
    };
    const undeclared = await api.post('/agreements', body);
    expectProblem(undeclared, 404);
    expect(undeclared.body.code).toBe('RegionNotFound');
    const swapped = await api.post('/agreements', {
      ...body,
      regionId: 'aomori',
      coreCity: HIRANAI,
      partner: AOMORI_CITY,
    });
    expectProblem(swapped, 422);
    expect(swapped.body.code).toBe('AgreementOutsideRegion');
    expect(await api.head()).toBe(head);
  });

  it("refuses a clerk recording another municipality's council resolution (403), allows its own", async () => {
    const head = await api.head();
    const other = await api.post(
      `${P}/council-resolutions`,
      { party: 'core', decision: 'approved', resolvedOn: '2019-12-12' },
      api.clerk(HIRANAI.code),
    );
    expectProblem(other, 403);
    expect(await api.head()).toBe(head);
    await api
      .post(
        `${P}/council-resolutions`,
        { party: 'partner', decision: 'rejected', resolvedOn: '2019-12-12' },
        api.clerk(HIRANAI.code),
      )
      .expect(201);
  });

  it('honours If-Match: a stale revision is 412 with the current one, the right one is recorded', async () => {
    const current = await api.get(`/agreements/${ID}`).expect(200);
    const etag = current.headers.etag as string;
    const stale = await api.post(
      `${P}/council-resolutions`,
      { party: 'core', decision: 'approved', resolvedOn: '2019-12-12' },
      api.clerk(AOMORI_CITY.code),
      { 'if-match': '"1"' },
    );
    expectProblem(stale, 412);
    expect(stale.body.currentRevision).toBe(etag.replace(/"/g, ''));
    const ok = await api.post(
      `${P}/council-resolutions`,
      { party: 'core', decision: 'approved', resolvedOn: '2019-12-12' },
      api.clerk(AOMORI_CITY.code),
      { 'if-match': etag },
    );
    expect(ok.status).toBe(201);
    expect(ok.headers.etag).toBe(`"${Number(etag.replace(/"/g, '')) + 1}"`);
    expectProblem(
      await api.post(`${P}/withdrawal`, { withdrawnOn: '2019-12-20', reason: 'r' }, api.secretariat, {
        'if-match': 'banana',
      }),
      400,
    );
  });

  it('replays an idempotent retry and refuses the key with another body', async () => {
    const body = { party: 'partner', decision: 'approved', resolvedOn: '2019-12-20' };
    const first = await api
      .post(`${P}/council-resolutions`, body, api.clerk(HIRANAI.code), { 'idempotency-key': 'retry-0001' })
      .expect(201);
    const head = await api.head();
    const again = await api
      .post(`${P}/council-resolutions`, body, api.clerk(HIRANAI.code), { 'idempotency-key': 'retry-0001' })
      .expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await api.head()).toBe(head);
    const other = await api.post(
      `${P}/council-resolutions`,
      { ...body, resolvedOn: '2019-12-21' },
      api.clerk(HIRANAI.code),
      { 'idempotency-key': 'retry-0001' },
    );
    expectProblem(other, 422);
    expect(other.body.code).toBe('IdempotencyKeyReused');
    expect(await api.head()).toBe(head);
  });

  it('concurrent writes without If-Match are both recorded, one after the other', async () => {
    await api
      .post(`${P}/conclusion`, {
        concludedOn: '2019-12-25',
        effectiveOn: '2019-12-25',
        signatories: { core: { title: '青森市長', name: 'A' }, partner: { title: '平内町長', name: 'B' } },
      })
      .expect(201);
    const [a, b] = await Promise.all([
      api.post(
        `${P}/public-notices`,
        { party: 'core', noticeNumber: '青森市告示第1号', publishedOn: '2019-12-25' },
        api.clerk(AOMORI_CITY.code),
      ),
      api.post(
        `${P}/public-notices`,
        { party: 'partner', noticeNumber: '平内町告示第1号', publishedOn: '2019-12-25' },
        api.clerk(HIRANAI.code),
      ),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const proceeding = await api.get(P).expect(200);
    expect(proceeding.body.notices.core.noticeNumber).toBe('青森市告示第1号');
    expect(proceeding.body.notices.partner.noticeNumber).toBe('平内町告示第1号');
  });

  it('concurrent writes with the same If-Match: exactly one wins, the other is 412', async () => {
    const etag = (await api.get(`/agreements/${ID}`).expect(200)).headers.etag as string;
    const results = await Promise.all([
      api.post(
        `${P}/governor-notification`,
        { filedBy: ['core', 'partner'], documentNumber: '青企第1号', notifiedOn: '2019-12-26' },
        api.secretariat,
        { 'if-match': etag },
      ),
      api.post(
        `/agreements/${ID}/corrections`,
        {
          correctsEventId: '00000000-0000-7000-8000-000000000000',
          correction: { field: 'noticeNumber', value: 'x' },
          reason: 'r',
        },
        api.secretariat,
        { 'if-match': etag },
      ),
      api.post(
        `${P}/governor-notification`,
        { filedBy: ['core', 'partner'], documentNumber: '青企第2号', notifiedOn: '2019-12-27' },
        api.secretariat,
        { 'if-match': etag },
      ),
    ]);
    const statuses = [results[0]?.status, results[2]?.status].sort();
    expect(statuses).toEqual([201, 412]);
    expect(results[1]?.status).toBe(404);
  });
});

describe('text at the boundary', () => {
  let t: TestApp;
  let api: AgreementApi;
  beforeAll(async () => {
    t = await startTestApp();
    api = new AgreementApi(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('records NFC text, keeps compatibility ideographs, and says so in the metadata', async () => {
    await api
      .post('/regions', {
        regionId: 'kami',
        name: '\uFA19\u304B\u3099圏域',
        coreCity: AOMORI_CITY,
        declaredOn: '2019-11-18',
      })
      .expect(201);
    const feed = await api.get('/events').expect(200);
    const [event] = feed.body.items;
    expect(event.data.name).toBe('\uFA19\u304C圏域');
    expect(event.metadata.normalization).toBe('NFC (CJK compatibility ideographs kept): 1 string(s) changed');
  });

  it('refuses a body nested deeper than any request needs, with 400 and nothing written', async () => {
    const head = await api.head();
    let deep: unknown = 'x';
    for (let i = 0; i < 2000; i++) deep = { subItems: [deep] };
    const res = await api.post('/agreements', { regionId: 'aomori', document: deep });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('TooDeeplyNested');
    expect(await api.head()).toBe(head);
  });
});

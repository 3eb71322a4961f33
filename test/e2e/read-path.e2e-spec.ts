import { QueryBus } from '@nestjs/cqrs';
import request from 'supertest';
import { AGREEMENT_IDS, AOMORI_CITY, AOMORI_REGION_ID } from '../fixtures/aomori';
import { IdempotencyInterceptor } from '../../apps/api/src/idempotency/idempotency.interceptor';
import { apiStateSql } from '../support/api-state-sql';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The read path: public reads answered from serialized bodies cached by URL, Accept,
 * the read models' content version and today's date, with a strong ETag and 304 for If-None-Match;
 * a write is read back at once; what depends on the caller is never served from the cache; the
 * idempotency interceptor wraps writes only.
 */
const TEXT = `/agreements/${AGREEMENT_IDS.hiranai}/text?asOf=2020-04-01`;
const KNOWN_AT_TEXT = `/agreements/${AGREEMENT_IDS.hiranai}/text?asOf=2020-04-01&knownAt=2025-01-01T00:00:00Z`;

/** Headers that differ between any two answers, cached or not. */
const PER_ANSWER = new Set(['date', 'x-request-id', 'connection', 'keep-alive']);
const comparable = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !PER_ANSWER.has(name)));

describe('the cached read path', () => {
  let t: TestApp;
  const server = () => t.app.getHttpServer() as Parameters<typeof request>[0];
  const get = (path: string) => request(server()).get(path);
  /** How many queries the Nest pipeline ran while `work` ran: 0 means the cache answered. */
  const queriesDuring = async (work: () => Promise<unknown>): Promise<number> => {
    const execute = jest.spyOn(QueryBus.prototype, 'execute');
    try {
      await work();
      return execute.mock.calls.length;
    } finally {
      execute.mockRestore();
    }
  };

  beforeAll(async () => {
    t = await startTestApp({}, { demo: true });
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('answers a public GET with a strong ETag, and 304 to If-None-Match — from the Nest route and from the cache', async () => {
    const first = await get(`${TEXT}&style=kanji`).expect(200);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{16,}"$/);
    const again = await get(`${TEXT}&style=kanji`).expect(200);
    expect(again.headers.etag).toBe(etag);
    expect(again.text).toBe(first.text);

    const notModified = await get(`${TEXT}&style=kanji`).set('if-none-match', etag).expect(304);
    expect(notModified.text).toBe('');
    expect(notModified.headers.etag).toBe(etag);
    // A list of tags, and W/ (If-None-Match compares weakly), match too; another tag does not.
    await get(`${TEXT}&style=kanji`).set('if-none-match', `"other", W/${etag}`).expect(304);
    await get(`${TEXT}&style=kanji`).set('if-none-match', '"other"').expect(200);
  });

  it('keeps a knownAt read like the others: replayed once from the read models, then served from the cache', async () => {
    let first = '';
    expect(await queriesDuring(async () => (first = (await get(KNOWN_AT_TEXT).expect(200)).text))).toBe(1);
    const again = await get(KNOWN_AT_TEXT).expect(200);
    const etag = String(again.headers.etag);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{16,}"$/);
    expect(again.text).toBe(first);
    expect(await queriesDuring(() => get(KNOWN_AT_TEXT).set('if-none-match', etag).expect(304))).toBe(0);
    expect(await queriesDuring(() => get(KNOWN_AT_TEXT).expect(200))).toBe(0);
  });

  it('answers a repeated public GET without running the Nest pipeline, the same bytes each time', async () => {
    const path = `/agreements/${AGREEMENT_IDS.imabetsu}/versions`;
    let body = '';
    expect(await queriesDuring(async () => (body = (await get(path).expect(200)).text))).toBe(1);
    expect(await queriesDuring(async () => expect((await get(path).expect(200)).text).toBe(body))).toBe(0);
  });

  it('gives a cached answer the same headers as the uncached one, for each representation', async () => {
    for (const [path, accept] of [
      [`/agreements/${AGREEMENT_IDS.hiranai}/text?asOf=2022-04-01`, 'application/json'],
      [`/agreements/${AGREEMENT_IDS.hiranai}/text?asOf=2022-04-01`, 'text/plain'],
      [`/agreements/${AGREEMENT_IDS.hiranai}/comparison?from=1&to=2`, 'text/html'],
      [`/regions/${AOMORI_REGION_ID}/cost-shares?fiscalYear=2024`, 'text/csv'],
    ] as const) {
      let uncached = { text: '', headers: {} as Record<string, string> };
      expect(
        await queriesDuring(async () => {
          const res = await get(path).set('accept', accept);
          expect([path, accept, res.status]).toEqual([path, accept, 200]);
          uncached = { text: res.text, headers: res.headers };
        }),
      ).toBeGreaterThan(0);
      let cached = { text: '', headers: {} as Record<string, string> };
      expect(
        await queriesDuring(async () => {
          const res = await get(path).set('accept', accept);
          expect([path, accept, res.status]).toEqual([path, accept, 200]);
          cached = { text: res.text, headers: res.headers };
        }),
      ).toBe(0);
      expect([path, accept, cached.text]).toEqual([path, accept, uncached.text]);
      expect(comparable(cached.headers)).toEqual(comparable(uncached.headers));
      expect(cached.headers['content-security-policy']).toContain("default-src 'self'");
      expect(cached.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(cached.headers['x-request-id']).not.toBe(uncached.headers['x-request-id']);
    }
    // Representations are cached apart: text/plain is the text alone.
    const plain = await get(`/agreements/${AGREEMENT_IDS.hiranai}/text?asOf=2022-04-01`).set(
      'accept',
      'text/plain',
    );
    expect(plain.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(plain.text.startsWith('{')).toBe(false);
  });

  it('reads a write back at once, never a body cached before it; errors are not cached', async () => {
    const before = await get('/regions').expect(200);
    await get('/regions').expect(200);
    await get('/regions/cache-test').expect(404);
    await request(server())
      .post('/regions')
      .set('authorization', `Bearer ${t.token('secretariat')}`)
      .send({
        regionId: 'cache-test',
        name: 'キャッシュ試験圏域',
        coreCity: AOMORI_CITY,
        declaredOn: '2019-11-18',
      })
      .expect(201);
    const after = await get('/regions').expect(200);
    expect(after.text).not.toBe(before.text);
    expect(JSON.stringify(after.body)).toContain('cache-test');
    expect(after.headers.etag).not.toBe(before.headers.etag);
    await get('/regions/cache-test').expect(200);
    // The ETag read before the write no longer matches.
    await get('/regions').set('if-none-match', String(before.headers.etag)).expect(200);
  });

  it('answers as of today in Japan: a new day is not served the day before’s body', async () => {
    const path = `/agreements/${AGREEMENT_IDS.sotogahama}/versions`;
    await get(path).expect(200);
    expect(await queriesDuring(() => get(path).expect(200))).toBe(0);
    t.clock.advance(24 * 3600 * 1000);
    try {
      expect(await queriesDuring(() => get(path).expect(200))).toBe(1);
    } finally {
      t.clock.advance(-24 * 3600 * 1000);
    }
  });

  it('never serves what depends on the caller from the cache: the feed withholds doubts from anonymous readers', async () => {
    const path = '/events?limit=500';
    const anonymous = await get(path).expect(200);
    await get(path).expect(200);
    const secretariat = await get(path)
      .set('authorization', `Bearer ${t.token('secretariat')}`)
      .expect(200);
    expect(secretariat.text).not.toBe(anonymous.text);
    expect(anonymous.text).not.toContain('"DoubtRaised"');
    expect(secretariat.text).toContain('"DoubtRaised"');
    expect((await get(path).expect(200)).text).not.toContain('"DoubtRaised"');
  });

  it('wraps only writes in the idempotency interceptor: a GET with an Idempotency-Key runs none and records nothing', async () => {
    const intercept = jest.spyOn(IdempotencyInterceptor.prototype, 'intercept');
    const records = () =>
      Number(
        (apiStateSql(t.config, 'SELECT count(*) AS n FROM idempotency_records')[0] as { n: number | string })
          .n,
      );
    try {
      const before = records();
      for (const key of ['get-key-0001', 'not a valid key!']) {
        await get(`/agreements/${AGREEMENT_IDS.hiranai}`)
          .set('authorization', `Bearer ${t.token('reader')}`)
          .set('idempotency-key', key)
          .expect(200);
      }
      expect(intercept).not.toHaveBeenCalled();
      expect(records()).toBe(before);

      const post = () =>
        request(server())
          .post('/regions')
          .set('authorization', `Bearer ${t.token('secretariat')}`)
          .set('idempotency-key', 'region-key-0001')
          .send({
            regionId: 'idem-test',
            name: '冪等試験圏域',
            coreCity: AOMORI_CITY,
            declaredOn: '2019-11-18',
          });
      const first = await post().expect(201);
      const replay = await post().expect(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual(first.body);
      expect(intercept).toHaveBeenCalledTimes(2);
      expect(records()).toBe(before + 1);
    } finally {
      intercept.mockRestore();
    }
  });
});

describe('the cached read path where reading needs a token (LEDGER_READ_ACCESS=token)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ readAccess: 'token' }, { demo: true });
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('refuses an anonymous reader a body a token holder had cached', async () => {
    const server = t.app.getHttpServer() as Parameters<typeof request>[0];
    for (let i = 0; i < 2; i++) {
      await request(server)
        .get(TEXT)
        .set('authorization', `Bearer ${t.token('reader')}`)
        .expect(200);
    }
    const refused = await request(server).get(TEXT).expect(401);
    expect(refused.headers['content-type']).toContain('application/problem+json');
  });
});

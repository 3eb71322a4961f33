import { PinoLogger } from 'nestjs-pino';
import request from 'supertest';
import { AGREEMENT_IDS } from '../fixtures/aomori';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * A read answered from the read cache (issue 20) does per request only what its answer needs: the
 * rate limits and the access check, the request id, the headers merged when the answer was kept, and
 * its log line — not Nest's middleware, not a date formatted for the cache's day. Counted, not timed.
 */
const TEXT = `/agreements/${AGREEMENT_IDS.hiranai}/text?asOf=2020-04-01`;

/** How many calls the spy saw while `work` ran. */
async function callsDuring(spyOn: () => jest.SpyInstance, work: () => Promise<unknown>): Promise<number> {
  const spy = spyOn();
  try {
    await work();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

describe('a read cache hit', () => {
  let t: TestApp;
  const get = (path: string) => request(t.app.getHttpServer()).get(path);

  beforeAll(async () => {
    t = await startTestApp({}, { demo: true });
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('runs none of Nest’s middleware: the request log builds no logger for it', async () => {
    await get(`${TEXT}&style=kanji`).expect(200);
    const children = await callsDuring(
      () => jest.spyOn(PinoLogger.root, 'child'),
      async () => {
        await get(`${TEXT}&style=kanji`).expect(200);
        await get(`${TEXT}&style=kanji`).expect(200);
      },
    );
    expect(children).toBe(0);
  });

  it('formats no date for the cache’s day', async () => {
    await get(TEXT).set('accept', 'text/plain').expect(200);
    const formatted = await callsDuring(
      () =>
        jest.spyOn(
          // `format` is a getter (it returns a bound function): each date formatted reads it once.
          Intl.DateTimeFormat.prototype as unknown as { readonly format: unknown },
          'format',
          'get',
        ),
      async () => {
        await get(TEXT).set('accept', 'text/plain').expect(200);
      },
    );
    expect(formatted).toBe(0);
  });
});

describe('a read cache hit under the rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ rateLimit: { perAddress: 4, perToken: 0, windowSeconds: 60 } }, { demo: true });
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('is counted once, and refused past the limit with 429 like any request', async () => {
    const server = t.app.getHttpServer() as Parameters<typeof request>[0];
    // One answer from the Nest route, three from the cache: four requests, within the limit.
    for (let i = 0; i < 4; i++) await request(server).get(TEXT).expect(200);
    const refused = await request(server).get(TEXT).expect(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.headers['x-request-id']).toBeDefined();
  });
});

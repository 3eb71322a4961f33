import { PinoLogger } from 'nestjs-pino';
import { Counter, Histogram } from 'prom-client';
import request from 'supertest';
import { RateLimiter } from '../../apps/api/src/http/rate-limit';
import { LedgerMetrics } from '../../apps/api/src/observability/ledger-metrics';
import { AGREEMENT_IDS } from '../fixtures/aomori';
import type { LedgerConfig } from '@kyoyaku/runtime';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * A read answered from the read cache does per request only what its answer needs: the
 * rate limits and the access check, the request id, the headers merged when the answer was kept, and
 * its log line — not Nest's middleware, not a date formatted for the cache's day. Counted, not timed.
 */
const TEXT = `/agreements/${AGREEMENT_IDS.hiranai}/text?asOf=2020-04-01`;

/**
 * The demo app with these settings, started before the tests of the describe block that calls this
 * and closed after them; `get` sends it a GET.
 */
function demoApp(overrides: Partial<LedgerConfig> = {}): { app(): TestApp; get(path: string): request.Test } {
  let started: TestApp | undefined;
  beforeAll(async () => {
    started = await startTestApp(overrides, { demo: true });
  }, 120_000);
  afterAll(async () => {
    await started?.close();
  });
  const app = (): TestApp => {
    if (started === undefined) throw new Error('the demo app has not started');
    return started;
  };
  return { app, get: (path) => request(app().app.getHttpServer()).get(path) };
}

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
  // The per-address limit off, as behind a gateway that limits (and as bench:api runs).
  const { app, get } = demoApp({ rateLimit: { windowSeconds: 60, perAddress: 0, perToken: 1200 } });

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

  it('admits an anonymous read at once with the per-address limit off: no limiter, no token looked up; a token is still checked', async () => {
    await get(`${TEXT}&style=municipal`).expect(200);
    const admitted = await callsDuring(
      () => jest.spyOn(RateLimiter.prototype, 'admit'),
      async () => {
        await get(`${TEXT}&style=municipal`).expect(200);
        await get(`${TEXT}&style=municipal`).expect(200);
      },
    );
    expect(admitted).toBe(0);
    // With a token the hit waits for its check: an unknown one is refused as on the Nest route.
    const refused = await get(`${TEXT}&style=municipal`)
      .set('authorization', 'Bearer not-a-token')
      .expect(401);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    await get(`${TEXT}&style=municipal`)
      .set('authorization', `Bearer ${app().token('reader')}`)
      .expect(200);
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

/** Fastify's Reply, whose send() runs the onSend hooks, serialisation and the onResponse hooks. */
const Reply = jest.requireActual<{ prototype: { send(payload?: unknown): unknown } }>('fastify/lib/reply');

/** One sample of a scrape: the value of `name` with exactly these labels (0 if absent). */
function sample(scrape: string, name: string, labels: string): number {
  const line = scrape.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('a read cache hit written as kept', () => {
  const { app, get } = demoApp();

  it('bypasses Fastify’s reply: send() runs for none of its answers, 200 or 304', async () => {
    const miss = await get(`${TEXT}&style=kanji`).expect(200);
    const sends = await callsDuring(
      () => jest.spyOn(Reply.prototype, 'send'),
      async () => {
        await get(`${TEXT}&style=kanji`).expect(200);
        await get(`${TEXT}&style=kanji`).set('if-none-match', String(miss.headers.etag)).expect(304);
      },
    );
    expect(sends).toBe(0);
  });

  it('carries the headers of the answer it was kept from, its own request id and the body’s length', async () => {
    const path = `${TEXT}&style=municipal`;
    const miss = await get(path).expect(200);
    const hit = await get(path).set('x-request-id', 'hit-7').expect(200);
    expect(hit.text).toBe(miss.text);
    expect(hit.headers['x-request-id']).toBe('hit-7');
    const comparable = (headers: Record<string, string>) => {
      const { date: _date, 'x-request-id': _id, ...rest } = headers;
      return rest;
    };
    expect(comparable(hit.headers)).toEqual(comparable(miss.headers));
    expect(hit.headers['content-length']).toBe(String(Buffer.byteLength(miss.text)));
    expect(hit.headers['x-frame-options']).toBe('SAMEORIGIN');
    const revalidated = await get(path).set('if-none-match', String(miss.headers.etag)).expect(304);
    expect(revalidated.headers.etag).toBe(miss.headers.etag);
    expect(revalidated.headers['content-security-policy']).toBe(miss.headers['content-security-policy']);
    expect(revalidated.headers['content-type']).toBeUndefined();
    expect(revalidated.text).toBe('');
  });

  it('says the answer varies with Accept (Vary) on the miss, the hit and the 304, for each form', async () => {
    for (const accept of ['application/json', 'text/plain']) {
      const path = `${TEXT}&style=kanji`;
      const miss = await get(path).set('accept', accept).expect(200);
      const hit = await get(path).set('accept', accept).expect(200);
      const revalidated = await get(path)
        .set('accept', accept)
        .set('if-none-match', String(miss.headers.etag))
        .expect(304);
      expect([accept, miss.headers.vary, hit.headers.vary, revalidated.headers.vary]).toEqual([
        accept,
        'Accept',
        'Accept',
        'Accept',
      ]);
    }
  });

  it('counts itself in the request metrics, without a prom-client label lookup', async () => {
    const { registry } = app().app.get(LedgerMetrics);
    const requests = registry.getSingleMetric('kyoyaku_http_requests_total');
    const latency = registry.getSingleMetric('kyoyaku_http_request_duration_seconds');
    if (!(requests instanceof Counter) || !(latency instanceof Histogram))
      throw new Error('no request metrics');
    const path = TEXT;
    const miss = await get(path).expect(200);
    const labels = 'method="GET",route="/agreements/:agreementId/text",status=';
    const before = await registry.metrics();
    const inc = jest.spyOn(requests, 'inc');
    const observe = jest.spyOn(latency, 'observe');
    try {
      await get(path).expect(200);
      await get(path).expect(200);
      await get(path).set('if-none-match', String(miss.headers.etag)).expect(304);
      expect(inc).not.toHaveBeenCalled();
      expect(observe).not.toHaveBeenCalled();
    } finally {
      inc.mockRestore();
      observe.mockRestore();
    }
    const after = await registry.metrics();
    for (const [status, answers] of [
      ['"200"', 2],
      ['"304"', 1],
    ] as const) {
      expect(
        sample(after, 'kyoyaku_http_requests_total', labels + status) -
          sample(before, 'kyoyaku_http_requests_total', labels + status),
      ).toBe(answers);
      expect(
        sample(after, 'kyoyaku_http_request_duration_seconds_count', labels + status) -
          sample(before, 'kyoyaku_http_request_duration_seconds_count', labels + status),
      ).toBe(answers);
    }
  });
});

describe('a read cache hit for a browser origin LEDGER_CORS_ORIGINS allows', () => {
  const { get } = demoApp({ corsOrigins: ['https://portal.example.jp'] });

  it('carries the CORS headers, as the answer it was kept from did', async () => {
    const ask = () => get(TEXT).set('origin', 'https://portal.example.jp').expect(200);
    const miss = await ask();
    const hit = await ask();
    expect(miss.headers['access-control-allow-origin']).toBe('https://portal.example.jp');
    expect(hit.headers['access-control-allow-origin']).toBe('https://portal.example.jp');
    expect(hit.headers['access-control-expose-headers']).toBe(miss.headers['access-control-expose-headers']);
    expect(miss.headers.vary).toBe('Origin, Accept');
    expect(hit.headers.vary).toBe(miss.headers.vary);
    expect(hit.headers.etag).toBe(miss.headers.etag);
  });
});

describe('a read cache hit under the rate limit', () => {
  const { get } = demoApp({ rateLimit: { perAddress: 4, perToken: 0, windowSeconds: 60 } });

  it('is counted once, and refused past the limit with 429 like any request', async () => {
    // One answer from the Nest route, three from the cache: four requests, within the limit.
    for (let i = 0; i < 4; i++) await get(TEXT).expect(200);
    const refused = await get(TEXT).expect(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.headers['x-request-id']).toBeDefined();
  });
});

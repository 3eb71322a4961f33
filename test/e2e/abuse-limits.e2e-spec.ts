/**
 * Abuse limits: rate limits per client address and per bearer token (429 problem+json with
 * Retry-After), body size and request time limits, tokens compared in constant time (that they are
 * never logged is tested with the log, in observability.e2e-spec.ts), security headers whose CSP still lets the app's own pages render, CORS closed unless
 * configured — and the configuration errors that guard them.
 */
import { EVENT_STORE, type EventStore } from '@kyoyaku/event-store';
import crypto from 'node:crypto';
import { existsSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import request from 'supertest';
import { AccessTokenRepository, ConfigError, type LedgerConfig, loadConfig } from '@kyoyaku/runtime';
import { defaultWebRoot } from '../../apps/api/src/web/web-app.plugin';
import { AOMORI_CITY } from '../fixtures/aomori';
import { apiStateSql } from '../support/api-state-sql';
import { startTestApp, type TestApp } from '../support/test-app';

type Server = Parameters<typeof request>[0];

const region = (regionId: string) => ({
  regionId,
  name: '青森圏域連携中枢都市圏',
  coreCity: AOMORI_CITY,
  declaredOn: '2019-11-18',
});

function expectProblem(res: request.Response, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code });
}

async function head(t: TestApp): Promise<bigint> {
  return t.app.get<EventStore>(EVENT_STORE).headPosition();
}

const limits = (perAddress: number, perToken: number): Partial<LedgerConfig> => ({
  rateLimit: { windowSeconds: 60, perAddress, perToken },
});

describe('rate limits', () => {
  it('per client address: past the limit every route answers 429 problem+json with Retry-After, and a refused write records nothing', async () => {
    const t = await startTestApp(limits(4, 0));
    try {
      const server: Server = t.app.getHttpServer();
      const token = t.token('secretariat');
      // The limit counts across routes: four different requests use it up.
      await request(server).get('/health').expect(200);
      await request(server).get('/regions').expect(200);
      await request(server).get('/events').expect(200);
      await request(server)
        .post('/regions')
        .set('authorization', `Bearer ${token}`)
        .send(region('aomori'))
        .expect(201);
      const before = await head(t);
      const refused = await request(server)
        .post('/regions')
        .set('authorization', `Bearer ${token}`)
        .send(region('hachinohe'));
      expectProblem(refused, 429, 'RateLimited');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(refused.body.detail).toMatch(/client address/);
      expect(await head(t)).toBe(before);
      expectProblem(await request(server).get('/agreements'), 429, 'RateLimited');
    } finally {
      await t.close();
    }
  });

  it('counts guesses at tokens too: the limit applies before the token is checked', async () => {
    const t = await startTestApp(limits(3, 0));
    try {
      const server: Server = t.app.getHttpServer();
      for (let i = 0; i < 3; i++) {
        await request(server).get('/regions').set('authorization', `Bearer kl_guess-${i}`).expect(401);
      }
      expectProblem(
        await request(server)
          .get('/regions')
          .set('authorization', `Bearer ${t.token('admin')}`),
        429,
        'RateLimited',
      );
    } finally {
      await t.close();
    }
  });

  it('per bearer token: one token past its limit is refused while another token and anonymous readers go on', async () => {
    const t = await startTestApp(limits(0, 3));
    try {
      const server: Server = t.app.getHttpServer();
      const busy = t.token('reader');
      const other = t.token('secretariat');
      for (let i = 0; i < 3; i++)
        await request(server).get('/regions').set('authorization', `Bearer ${busy}`).expect(200);
      const refused = await request(server).get('/regions').set('authorization', `Bearer ${busy}`);
      expectProblem(refused, 429, 'RateLimited');
      expect(refused.body.detail).toMatch(/bearer token/);
      expect(refused.headers['retry-after']).toBeDefined();
      await request(server).get('/regions').set('authorization', `Bearer ${other}`).expect(200);
      for (let i = 0; i < 10; i++) await request(server).get('/regions').expect(200);
    } finally {
      await t.close();
    }
  });

  it('per bearer token: the token is counted, however its header spells the scheme', async () => {
    const t = await startTestApp(limits(0, 3));
    try {
      const server: Server = t.app.getHttpServer();
      const busy = t.token('reader');
      for (const scheme of ['Bearer', 'bearer', 'BEARER'])
        await request(server).get('/regions').set('authorization', `${scheme} ${busy}`).expect(200);
      expectProblem(
        await request(server).get('/regions').set('authorization', `bEaReR ${busy}`),
        429,
        'RateLimited',
      );
    } finally {
      await t.close();
    }
  });

  it('behind a trusted proxy (LEDGER_TRUST_PROXY) each forwarded client address has its own count', async () => {
    const t = await startTestApp({ ...limits(2, 0), trustProxy: ['127.0.0.1', '::1'] });
    try {
      const server: Server = t.app.getHttpServer();
      for (let i = 0; i < 2; i++)
        await request(server).get('/regions').set('x-forwarded-for', '192.0.2.10').expect(200);
      expectProblem(
        await request(server).get('/regions').set('x-forwarded-for', '192.0.2.10'),
        429,
        'RateLimited',
      );
      await request(server).get('/regions').set('x-forwarded-for', '192.0.2.11').expect(200);
    } finally {
      await t.close();
    }
  });

  it('is configured with LEDGER_RATE_LIMIT_*: defaults, 0 to turn a limit off, and clear errors', () => {
    expect(loadConfig({}).rateLimit).toEqual({ windowSeconds: 60, perAddress: 1200, perToken: 1200 });
    expect(
      loadConfig({
        LEDGER_RATE_LIMIT_WINDOW_SECONDS: '10',
        LEDGER_RATE_LIMIT_PER_ADDRESS: '0',
        LEDGER_RATE_LIMIT_PER_TOKEN: '50',
      }).rateLimit,
    ).toEqual({ windowSeconds: 10, perAddress: 0, perToken: 50 });
    expect(() => loadConfig({ LEDGER_RATE_LIMIT_PER_ADDRESS: '-1' })).toThrow(
      new ConfigError('LEDGER_RATE_LIMIT_PER_ADDRESS=-1 must be an integer from 0 to 1000000'),
    );
    expect(() => loadConfig({ LEDGER_RATE_LIMIT_WINDOW_SECONDS: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ LEDGER_TRUST_PROXY: 'proxy.example' })).toThrow(
      /LEDGER_TRUST_PROXY: proxy.example/,
    );
    expect(loadConfig({ LEDGER_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).trustProxy).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
    ]);
  });
});

/** Opens a raw connection, sends `bytes`, and collects what comes back until the server closes it. */
function rawExchange(
  port: number,
  bytes: string,
): { socket: Socket; closed: Promise<{ text: string; afterMs: number }> } {
  const started = Date.now();
  const socket = connect(port, '127.0.0.1');
  let text = '';
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  const closed = new Promise<{ text: string; afterMs: number }>((resolve) => {
    socket.on('close', () => resolve({ text, afterMs: Date.now() - started }));
    socket.on('error', () => undefined);
  });
  if (bytes !== '') socket.write(bytes);
  return { socket, closed };
}

describe('size and time limits', () => {
  it('a body over LEDGER_BODY_LIMIT is 413 problem+json and records nothing', async () => {
    const t = await startTestApp({ bodyLimit: 2048 });
    try {
      const before = await head(t);
      const res = await request(t.app.getHttpServer())
        .post('/regions')
        .set('authorization', `Bearer ${t.token('secretariat')}`)
        .send({ ...region('aomori'), name: '圏'.repeat(1000) });
      expectProblem(res, 413, 'PayloadTooLarge');
      expect(await head(t)).toBe(before);
    } finally {
      await t.close();
    }
  });

  it('a client that does not finish sending its request within LEDGER_REQUEST_TIMEOUT_MS gets 408 problem+json and is disconnected', async () => {
    const t = await startTestApp({ requestTimeoutMs: 300 });
    try {
      await t.app.listen(0, '127.0.0.1');
      const { port } = t.app.getHttpServer().address() as AddressInfo;
      // Headers sent, then nothing: a slow sender (with a token: an anonymous one gets 401 at once).
      const { closed } = rawExchange(
        port,
        `POST /regions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${t.token('secretariat')}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"re`,
      );
      const { text, afterMs } = await closed;
      expect(text).toMatch(/^HTTP\/1\.1 408 /);
      expect(text).toMatch(/content-type: application\/problem\+json/i);
      expect(text).toContain('"code":"RequestTimeout"');
      expect(afterMs).toBeLessThan(5000);
    } finally {
      await t.close();
    }
  });

  it('an anonymous slow sender is answered 401 at once, without waiting for its body, and disconnected by the request timeout', async () => {
    const t = await startTestApp({ requestTimeoutMs: 300 });
    try {
      await t.app.listen(0, '127.0.0.1');
      const { port } = t.app.getHttpServer().address() as AddressInfo;
      const { socket, closed } = rawExchange(
        port,
        'POST /regions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"re',
      );
      let firstAnswerMs = Number.POSITIVE_INFINITY;
      const started = Date.now();
      socket.once('data', () => {
        firstAnswerMs = Date.now() - started;
      });
      const { text, afterMs } = await closed;
      expect(text).toMatch(/^HTTP\/1\.1 401 /);
      expect(text.match(/HTTP\/1\.1/g)).toHaveLength(1);
      expect(firstAnswerMs).toBeLessThan(300);
      expect(afterMs).toBeLessThan(5000);
    } finally {
      await t.close();
    }
  });

  it('a connection silent for LEDGER_IDLE_TIMEOUT_MS is closed, but a server-sent event stream is not', async () => {
    const t = await startTestApp({ idleTimeoutMs: 300 });
    try {
      await t.app.listen(0, '127.0.0.1');
      const { port } = t.app.getHttpServer().address() as AddressInfo;
      const idle = rawExchange(port, '');
      expect((await idle.closed).afterMs).toBeLessThan(5000);

      const stream = rawExchange(
        port,
        'GET /events/stream HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n',
      );
      let open = true;
      void stream.closed.then(() => {
        open = false;
      });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(open).toBe(true);
      stream.socket.destroy();
    } finally {
      await t.close();
    }
  });

  it('headers larger than Node accepts are 431 problem+json', async () => {
    const t = await startTestApp();
    try {
      await t.app.listen(0, '127.0.0.1');
      const { port } = t.app.getHttpServer().address() as AddressInfo;
      const { text } = await rawExchange(
        port,
        `GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'x'.repeat(20_000)}\r\n\r\n`,
      ).closed;
      expect(text).toMatch(/^HTTP\/1\.1 431 /);
      expect(text).toContain('"code":"HeadersTooLarge"');
    } finally {
      await t.close();
    }
  });

  it('LEDGER_REQUEST_TIMEOUT_MS and LEDGER_IDLE_TIMEOUT_MS are read and checked', () => {
    expect(loadConfig({}).requestTimeoutMs).toBe(30000);
    expect(loadConfig({}).idleTimeoutMs).toBe(120000);
    expect(loadConfig({ LEDGER_REQUEST_TIMEOUT_MS: '5000', LEDGER_IDLE_TIMEOUT_MS: '60000' })).toMatchObject({
      requestTimeoutMs: 5000,
      idleTimeoutMs: 60000,
    });
    expect(() => loadConfig({ LEDGER_REQUEST_TIMEOUT_MS: '10' })).toThrow(
      'LEDGER_REQUEST_TIMEOUT_MS=10 must be an integer from 100 to 600000',
    );
  });
});

describe('request bodies the fuzzer found slipping through', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  /** Exactly these bytes as the body (supertest would serialise a Buffer as JSON). */
  const post = async (body: Buffer | string): Promise<{ status: number; body: Record<string, unknown> }> => {
    const server = t.app.getHttpServer();
    if (!server.listening) await t.app.listen(0, '127.0.0.1');
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/regions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.token('secretariat')}`, 'content-type': 'application/json' },
      body,
    });
    expect(res.headers.get('content-type') ?? '').toMatch(/^application\/(problem\+)?json/);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('bytes that are not UTF-8 are refused, not recorded as U+FFFD', async () => {
    const before = await head(t);
    const [start = '', end = ''] = JSON.stringify(region('aomori')).split('青森圏域');
    for (const bad of [[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe3, 0x81]]) {
      const res = await post(Buffer.concat([Buffer.from(start), Buffer.from(bad), Buffer.from(end)]));
      expect(res).toMatchObject({ status: 400, body: { code: 'InvalidUtf8' } });
    }
    expect(await head(t)).toBe(before);
    expect((await post(JSON.stringify(region('aomori')))).status).toBe(201);
  });

  it('fields named like the object machinery (constructor, toString, prototype …) are refused as unknown, not ignored', async () => {
    const before = await head(t);
    for (const [key, at] of [
      ['constructor', 'constructor'],
      ['toString', 'toString'],
      ['hasOwnProperty', 'hasOwnProperty'],
      ['prototype', 'prototype'],
    ] as const) {
      const res = await post(JSON.stringify({ ...region('hirosaki'), [key]: 1 }));
      expect(res).toMatchObject({ status: 400, body: { code: 'ValidationFailed' } });
      expect(res.body.errors).toEqual([expect.objectContaining({ field: at, rule: 'unknownField' })]);
    }
    const nested = await post(
      JSON.stringify({ ...region('hirosaki'), coreCity: { ...AOMORI_CITY, valueOf: 'x' } }),
    );
    expect(nested.body.errors).toEqual([expect.objectContaining({ field: 'coreCity.valueOf' })]);
    expect(await head(t)).toBe(before);
  });
});

describe('bearer tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('are stored only as SHA-256 hashes', () => {
    const token = t.token('reader');
    const rows = apiStateSql(t.config, 'SELECT * FROM access_tokens') as Record<string, unknown>[];
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(token);
    expect(stored).toContain(crypto.createHash('sha256').update(token).digest('hex'));
  });

  it('are compared in constant time with every active token: no lookup by the secret, no early exit', async () => {
    const tokens = t.app.get(AccessTokenRepository);
    t.token('reader');
    t.token('secretariat');
    t.token('admin');
    const active = (await tokens.list()).filter((r) => r.revokedAt === null).length;
    const spy = jest.spyOn(crypto, 'timingSafeEqual');
    try {
      expect((await tokens.authenticate(t.token('admin')))?.role).toBe('admin');
      expect(spy).toHaveBeenCalledTimes(active);
      spy.mockClear();
      expect(await tokens.authenticate(`${t.token('admin')}x`)).toBeNull();
      expect(await tokens.authenticate('kl_unknown')).toBeNull();
      expect(spy).toHaveBeenCalledTimes(2 * active);
    } finally {
      spy.mockRestore();
    }
  });

  it('issued before this version (a data folder with hashed tokens) still work, and revoked ones do not', async () => {
    const tokens = t.app.get(AccessTokenRepository);
    const legacy = 'kl_issued-by-an-earlier-version';
    apiStateSql(
      t.config,
      `INSERT INTO access_tokens (id, token_hash, role, municipality_code, label, created_at)
         VALUES ('legacy', ?, 'secretariat', NULL, 'earlier version', '2025-01-01T00:00:00.000Z')`,
      [crypto.createHash('sha256').update(legacy, 'utf8').digest('hex')],
    );
    expect((await tokens.authenticate(legacy))?.id).toBe('legacy');
    await tokens.revoke('legacy', new Date());
    expect(await tokens.authenticate(legacy)).toBeNull();
  });
});

const CHROMIUM = '/usr/bin/chromium';

describe('security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { demo: true });
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('are set on every answer, with a CSP that allows no inline or foreign script', async () => {
    for (const path of ['/health', '/no-such-route', '/agreements/aomori-hiranai/comparison?from=1&to=2']) {
      const res = await request(t.app.getHttpServer()).get(path).set('accept', 'text/html');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).not.toContain('upgrade-insecure-requests');
    }
  });

  const describeBrowser = existsSync(CHROMIUM) ? it : it.skip;
  if (!existsSync(CHROMIUM)) {
    console.warn(
      `abuse-limits.e2e-spec: the CSP browser check is SKIPPED — ${CHROMIUM} not found (Debian chromium)`,
    );
  }
  describeBrowser(
    "lets the app's own pages render in a browser: /docs, the 新旧対照表 HTML and the web app, with no CSP violation",
    async () => {
      await t.app.listen(0, '127.0.0.1');
      const { port } = t.app.getHttpServer().address() as AddressInfo;
      const base = `http://127.0.0.1:${port}`;
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--no-first-run',
          '--disable-background-networking',
        ],
      });
      try {
        const pages: { path: string; rendered: string }[] = [
          { path: '/docs', rendered: '.swagger-ui .info' },
          { path: '/agreements/aomori-hiranai/comparison?from=1&to=2', rendered: 'table' },
        ];
        if (existsSync(join(defaultWebRoot(), 'index.html')))
          pages.push({ path: '/app/', rendered: '#root > *' });
        else
          console.warn(
            'abuse-limits.e2e-spec: the web app is not built (npm run build); /app/ is not loaded',
          );
        for (const { path, rendered } of pages) {
          const page = await browser.newPage({ extraHTTPHeaders: { accept: 'text/html' } });
          const violations: string[] = [];
          page.on('console', (message) => {
            if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
          });
          await page.goto(base + path);
          await page.waitForSelector(rendered, { timeout: 20_000 });
          expect({ path, violations }).toEqual({ path, violations: [] });
          await page.close();
        }
      } finally {
        await browser.close();
      }
    },
    90_000,
  );
});

describe('CORS', () => {
  it('is closed by default: no browser origin is allowed, a preflight is not answered', async () => {
    const t = await startTestApp();
    try {
      const server: Server = t.app.getHttpServer();
      const res = await request(server)
        .get('/regions')
        .set('origin', 'https://portal.example.jp')
        .expect(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await request(server)
        .options('/regions')
        .set('origin', 'https://portal.example.jp')
        .set('access-control-request-method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      // No route takes OPTIONS: a 405 naming the methods the path takes, not a preflight's 204.
      expect(preflight.status).toBe(405);
      expect(preflight.headers.allow).toBe('GET, HEAD, POST');
    } finally {
      await t.close();
    }
  });

  it('LEDGER_CORS_ORIGINS allows the listed origins, with the headers a client needs, and no others', async () => {
    const t = await startTestApp({
      corsOrigins: loadConfig({ LEDGER_CORS_ORIGINS: 'https://portal.example.jp, http://localhost:5173' })
        .corsOrigins,
    });
    try {
      const server: Server = t.app.getHttpServer();
      const allowed = await request(server)
        .get('/regions')
        .set('origin', 'https://portal.example.jp')
        .expect(200);
      expect(allowed.headers['access-control-allow-origin']).toBe('https://portal.example.jp');
      expect(allowed.headers['access-control-expose-headers']).toMatch(/ETag/);
      expect(allowed.headers['access-control-expose-headers']).toMatch(/X-Request-Id/);
      const preflight = await request(server)
        .options('/regions')
        .set('origin', 'http://localhost:5173')
        .set('access-control-request-method', 'POST')
        .set('access-control-request-headers', 'authorization, content-type, idempotency-key');
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('http://localhost:5173');
      expect(String(preflight.headers['access-control-allow-headers']).toLowerCase()).toContain(
        'authorization',
      );
      expect(String(preflight.headers['access-control-allow-methods'])).toContain('POST');
      const other = await request(server).get('/regions').set('origin', 'https://evil.example').expect(200);
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await t.close();
    }
  });

  it('refuses a malformed LEDGER_CORS_ORIGINS at start', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ LEDGER_CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
    expect(() => loadConfig({ LEDGER_CORS_ORIGINS: 'portal.example.jp' })).toThrow(
      /LEDGER_CORS_ORIGINS: portal\.example\.jp is not an origin/,
    );
    expect(() => loadConfig({ LEDGER_CORS_ORIGINS: 'https://portal.example.jp/path' })).toThrow(ConfigError);
    expect(() => loadConfig({ LEDGER_CORS_ORIGINS: '*, https://portal.example.jp' })).toThrow(/mixes \*/);
  });
});

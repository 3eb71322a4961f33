/**
 * Cheap rejection first: the token, the route's roles and the rate limits are
 * checked before the body is read, so an anonymous caller cannot make the server parse, walk or
 * normalise a body; bodies of authorised callers are bounded in depth and in element count while
 * they are parsed; legitimate large bodies (a whole agreement document, a 100 KB proposed text) pass.
 */
import type { AgreementDocument } from '@kyoyaku/legal-text';
import { loadConfig, ConfigError, type LedgerConfig } from '@kyoyaku/runtime';
import request from 'supertest';
import { agreementDocument, AOMORI_CITY, HIRANAI } from '../fixtures/aomori';
import { AgreementApi } from '../support/agreement-api';
import { startTestApp, type TestApp } from '../support/test-app';

type Server = Parameters<typeof request>[0];

function expectProblem(res: request.Response, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code });
}

/** `{"regionId":"x","filler":[0,0,…]}` with `count` array elements, as raw JSON text. */
function manyElements(count: number): string {
  return `{"regionId":"x","filler":[${new Array<string>(count).fill('0').join(',')}]}`;
}

/** `depth` arrays nested inside each other around a 0, under one key of an object (so depth + 1 levels). */
function nested(depth: number): string {
  return `{"regionId":${'['.repeat(depth)}0${']'.repeat(depth)}}`;
}

const postJson = (server: Server, path: string, body: string, token?: string): request.Test => {
  const req = request(server).post(path).set('content-type', 'application/json');
  if (token !== undefined) void req.set('authorization', `Bearer ${token}`);
  return req.send(body);
};

describe('the token, the roles and the rate limits are checked before the body is read', () => {
  let t: TestApp;
  let server: Server;
  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it('an anonymous write with a body that is not JSON gets 401, not 400: the body was never parsed', async () => {
    const res = await postJson(server, '/regions', '{"regionId": not json at all');
    expectProblem(res, 401, 'Unauthorized');
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('an unknown token and a malformed Authorization header get 401 before the body is parsed', async () => {
    expectProblem(await postJson(server, '/regions', '{broken', 'kl_unknown-token'), 401, 'Unauthorized');
    const malformed = await request(server)
      .post('/regions')
      .set('content-type', 'application/json')
      .set('authorization', 'Basic abc')
      .send('{broken');
    expectProblem(malformed, 401, 'Unauthorized');
  });

  it('a token whose role may not write gets 403 RoleNotAllowed before the body is parsed', async () => {
    const res = await postJson(server, '/regions', '{broken', t.token('reader'));
    expectProblem(res, 403, 'RoleNotAllowed');
    expect(res.body.detail).toBe('閲覧者はこの操作を行えません（行える役割: 事務局、管理者）。');
  });

  it('every write the OpenAPI document lists refuses an anonymous caller before reading its body', async () => {
    const openapi = await request(server).get('/docs-json').expect(200);
    const paths = openapi.body.paths as Record<string, Record<string, unknown>>;
    const writes = Object.entries(paths).flatMap(([path, item]) =>
      ['post', 'put', 'patch', 'delete']
        .filter((method) => method in item)
        .map((method) => ({ method, url: path.replace(/\{[^}]+\}/g, 'x') })),
    );
    expect(writes.length).toBeGreaterThan(20);
    const refused = await Promise.all(
      writes.map(async ({ method, url }) => {
        const res = await request(server)
          [method as 'post'](url)
          .set('content-type', 'application/json')
          .send('{broken');
        return `${method.toUpperCase()} ${url} ${res.status} ${String(res.body.code)}`;
      }),
    );
    expect(refused.filter((line) => !line.endsWith(' 401 Unauthorized'))).toEqual([]);
  });

  it('an authorised caller still gets 400 MalformedJson for the same body', async () => {
    expectProblem(
      await postJson(server, '/regions', '{broken', t.token('secretariat')),
      400,
      'MalformedJson',
    );
  });

  it('an anonymous 800 KB body of 400,000 elements costs the server a few milliseconds of CPU, not a second', async () => {
    const body = `[${new Array<string>(400_000).fill('0').join(',')}]`;
    expect(body.length).toBeGreaterThan(790_000);
    await postJson(server, '/regions', body).expect(401); // warm-up
    const rounds = 5;
    const before = process.cpuUsage();
    for (let i = 0; i < rounds; i++)
      expectProblem(await postJson(server, '/regions', body), 401, 'Unauthorized');
    const used = process.cpuUsage(before);
    // Client and server share this process: the bound holds both (parsing this body took 0.7–1.5 s).
    const perRequestMs = (used.user + used.system) / 1000 / rounds;
    // A bound on the work done, with room for a loaded machine; not a speed target.
    expect(perRequestMs).toBeLessThan(200);
  });
});

describe('rate limits apply before the body is read', () => {
  it('a client past its limit gets 429 for a broken body, not 400', async () => {
    const t = await startTestApp({ rateLimit: { windowSeconds: 60, perAddress: 1, perToken: 0 } });
    try {
      const server: Server = t.app.getHttpServer();
      await request(server).get('/health').expect(200);
      const res = await postJson(server, '/regions', '{broken', t.token('secretariat'));
      expectProblem(res, 429, 'RateLimited');
      expect(res.headers['retry-after']).toBeDefined();
    } finally {
      await t.close();
    }
  });
});

describe('bodies are bounded in depth and in element count while they are parsed', () => {
  let t: TestApp;
  let server: Server;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer();
    token = t.token('secretariat');
  });
  afterAll(async () => {
    await t.close();
  });

  it('more than 100,000 elements is 413 TooManyElements naming the limit, and nothing is recorded', async () => {
    const head = await new AgreementApi(t).head();
    const res = await postJson(server, '/regions', manyElements(100_001), token);
    expectProblem(res, 413, 'TooManyElements');
    expect(res.body.detail).toMatch(/100000 .*LEDGER_BODY_MAX_ELEMENTS/);
    expect(await new AgreementApi(t).head()).toBe(head);
    // At the limit the body is parsed and refused by validation instead.
    expectProblem(await postJson(server, '/regions', manyElements(99_990), token), 400, 'ValidationFailed');
  });

  it('more than 32 levels of nesting is 400 TooDeeplyNested; 32 levels are parsed', async () => {
    expectProblem(await postJson(server, '/regions', nested(32), token), 400, 'TooDeeplyNested');
    expectProblem(await postJson(server, '/regions', nested(31), token), 400, 'ValidationFailed');
  });

  it('brackets, commas and escaped quotes inside strings are text, not structure', async () => {
    const name = `青森圏域 ${'['.repeat(40)} \\" ${','.repeat(100)} \\\\`;
    const body = `{"regionId":"brackets","name":"${name}","coreCity":${JSON.stringify(AOMORI_CITY)},"declaredOn":"2019-11-18"}`;
    const res = await postJson(server, '/regions', body, token);
    expect(res.status).toBe(201);
  });

  it('a whole agreement document of 120 articles (about 400 KB) is recorded', async () => {
    const api = new AgreementApi(t);
    await api.declareRegion();
    const base = agreementDocument(HIRANAI.name);
    const sentence =
      '甲及び乙は、この連携協約に基づく取組の推進及び見直しのため、定期的に協議を行うものとする。';
    const document: AgreementDocument = {
      ...base,
      articles: Array.from({ length: 120 }, (_, i) => ({
        number: String(i + 1),
        caption: `条の見出し${i + 1}`,
        deleted: false,
        paragraphs: Array.from({ length: 5 }, (_, p) => ({
          number: p + 1,
          text: sentence.repeat(5),
          items: [],
        })),
      })),
    };
    const body = {
      agreementId: 'aomori-hiranai',
      regionId: 'aomori',
      coreCity: AOMORI_CITY,
      partner: HIRANAI,
      proceedingId: 'conclusion',
      draftedOn: '2019-11-20',
      document,
    };
    expect(JSON.stringify(body).length).toBeGreaterThan(150_000);
    await api.post('/agreements', body).expect(201);
  });
});

describe('a proposed text of 100 KB is previewed (demo app)', () => {
  it('POST /agreements/{id}/drafts/preview with a 100 KB text answers 200', async () => {
    const t = await startTestApp({}, { demo: true });
    try {
      const api = new AgreementApi(t);
      const printed = await api
        .get('/agreements/aomori-imabetsu/text')
        .set('accept', 'text/plain')
        .expect(200);
      const added = '甲及び乙は、協議を行うものとする。'.repeat(2000);
      const edited = printed.text.replace(
        '定期的に協議を行うものとする。',
        `定期的に協議を行うものとする。${added}`,
      );
      expect(Buffer.byteLength(edited)).toBeGreaterThan(100_000);
      const res = await api.post('/agreements/aomori-imabetsu/drafts/preview', { text: edited });
      expect(res.status).toBe(200);
      expect(res.body.source).toBe('text');
    } finally {
      await t.close();
    }
  }, 60_000);
});

describe('LEDGER_BODY_MAX_ELEMENTS', () => {
  it('defaults to 100000, can be set, and refuses nonsense', () => {
    expect(loadConfig({}).bodyMaxElements).toBe(100_000);
    expect(loadConfig({ LEDGER_BODY_MAX_ELEMENTS: '5000' }).bodyMaxElements).toBe(5000);
    expect(() => loadConfig({ LEDGER_BODY_MAX_ELEMENTS: '0' })).toThrow(ConfigError);
  });

  it('a configured limit is applied', async () => {
    const overrides: Partial<LedgerConfig> = { bodyMaxElements: 50 };
    const t = await startTestApp(overrides);
    try {
      const res = await postJson(t.app.getHttpServer(), '/regions', manyElements(51), t.token('secretariat'));
      expectProblem(res, 413, 'TooManyElements');
      expect(res.body.detail).toMatch(/\b50\b/);
    } finally {
      await t.close();
    }
  });
});

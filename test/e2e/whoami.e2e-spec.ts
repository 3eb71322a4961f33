/**
 * GET /auth/whoami: the actor of the presented bearer token (id, role, municipality code) — never
 * the token — and 401 problem+json for a missing, malformed, unknown or revoked one, whether reads
 * are public or not.
 */
import request from 'supertest';
import { AccessTokenRepository, type Role } from '@kyoyaku/runtime';
import { HIRANAI } from '../fixtures/aomori';
import { CooperationApi } from '../support/cooperation-api';
import { startTestApp, type TestApp } from '../support/test-app';

describe('GET /auth/whoami', () => {
  let t: TestApp;
  let api: CooperationApi;
  const server = () => t.app.getHttpServer() as Parameters<typeof request>[0];
  const whoami = (authorization?: string) => {
    const req = request(server()).get('/auth/whoami');
    return authorization === undefined ? req : req.set('authorization', authorization);
  };

  beforeAll(async () => {
    t = await startTestApp();
    api = new CooperationApi(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers each role with the actor its token stands for, never the token, not to be cached', async () => {
    const tokens = t.app.get(AccessTokenRepository);
    const cases: { role: Role; code?: string }[] = [
      { role: 'reader' },
      { role: 'clerk', code: HIRANAI.code },
      { role: 'secretariat' },
      { role: 'admin' },
    ];
    for (const { role, code } of cases) {
      const token = t.token(role, code);
      const res = await whoami(`Bearer ${token}`).expect(200);
      const record = await tokens.authenticate(token);
      expect(res.body).toEqual({ id: record?.id, role, municipalityCode: code ?? null });
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).not.toContain(token);
    }
  });

  it('takes one or more spaces between Bearer and the token (RFC 6750 §2.1: 1*SP), not a tab', async () => {
    const token = t.token('reader');
    for (const authorization of [`Bearer ${token}`, `Bearer  ${token}`, `bearer    ${token}`]) {
      expect((await whoami(authorization).expect(200)).body).toMatchObject({ role: 'reader' });
    }
    for (const authorization of [
      `Bearer\t${token}`,
      `Bearer \t${token}`,
      `Bearer${token}`,
      `Bearer =${token}`,
    ]) {
      const body = await api.refused(() => whoami(authorization), 401, 'Unauthorized');
      expect(body.detail).toMatch(/must be "Bearer <token>"/);
    }
  });

  it('refuses a request without a valid token with 401 problem+json, and writes nothing', async () => {
    const issued = t.token('secretariat');
    const { record, token: revoked } = await t.app
      .get(AccessTokenRepository)
      .issue({ role: 'reader', label: 'revoked', now: t.clock.now() });
    await t.app.get(AccessTokenRepository).revoke(record.id, t.clock.now());
    for (const [authorization, detail] of [
      [undefined, /Authorization: Bearer <token>/],
      [`Basic ${Buffer.from('a:b').toString('base64')}`, /must be "Bearer <token>"/],
      [`Bearer ${issued}x`, /unknown or revoked/],
      [`Bearer ${revoked}`, /unknown or revoked/],
    ] as const) {
      const body = await api.refused(() => whoami(authorization), 401, 'Unauthorized');
      expect(body.detail).toMatch(detail);
      expect(JSON.stringify(body)).not.toContain(issued);
    }
    const res = await whoami();
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('is documented in the OpenAPI document with its answer and its problems', async () => {
    const spec = (await request(server()).get('/docs-json').expect(200)).body as {
      paths: Record<string, { get?: { responses: Record<string, { content?: Record<string, unknown> }> } }>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const responses = spec.paths['/auth/whoami']?.get?.responses ?? {};
    expect(Object.keys(responses)).toEqual(expect.arrayContaining(['200', '401']));
    expect(responses['200']?.content?.['application/json']).toEqual({
      schema: { $ref: '#/components/schemas/WhoamiResource' },
    });
    expect(responses['401']?.content?.['application/problem+json']).toBeDefined();
    expect(Object.keys(spec.components.schemas['WhoamiResource']?.properties ?? {}).sort()).toEqual([
      'id',
      'municipalityCode',
      'role',
    ]);
  });
});

describe('GET /auth/whoami when reads need a token (LEDGER_READ_ACCESS=token)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ readAccess: 'token' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers a token and refuses an anonymous request', async () => {
    const server = t.app.getHttpServer() as Parameters<typeof request>[0];
    const res = await request(server)
      .get('/auth/whoami')
      .set('authorization', `Bearer ${t.token('clerk', HIRANAI.code)}`)
      .expect(200);
    expect(res.body).toMatchObject({ role: 'clerk', municipalityCode: HIRANAI.code });
    const refused = await request(server).get('/auth/whoami').expect(401);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 401, code: 'Unauthorized' });
  });
});

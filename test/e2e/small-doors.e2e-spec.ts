import { EVENT_STORE, type EventStore, withDefaultUser } from '@kyoyaku/event-store';
import { LedgerIntegrity } from '@kyoyaku/runtime';
import Database from 'better-sqlite3';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app';

/** Small doors a client could push on — the Authorization header, text fields, /health — each checked closed. */
describe('the smaller doors', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({});
  });
  afterAll(async () => {
    await t.close();
  });
  const server = () => t.app.getHttpServer();

  /** A GET with raw headers: a header given as a list is sent as that many header lines. */
  const getWithHeaders = async (path: string, headers: Record<string, string | string[]>) => {
    if (!t.app.getHttpServer().listening) await t.app.listen(0, '127.0.0.1');
    const url = new URL(path, await t.app.getUrl());
    return new Promise<{ status: number; contentType: string; body: Record<string, unknown> }>(
      (resolve, reject) => {
        const req = httpRequest(url, { method: 'GET', headers }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              contentType: res.headers['content-type'] ?? '',
              body: JSON.parse(text) as Record<string, unknown>,
            }),
          );
        });
        req.on('error', reject);
        req.end();
      },
    );
  };

  describe('the Authorization header', () => {
    it.each(['Bearer', 'bearer', 'BEARER', 'bEaReR'])(
      'takes the scheme in any case (RFC 9110 §11.1): %s',
      async (scheme) => {
        const res = await request(server())
          .get('/auth/whoami')
          .set('authorization', `${scheme} ${t.token('reader')}`)
          .expect(200);
        expect(res.body.role).toBe('reader');
      },
    );

    it('refuses two Authorization headers with 400 problem+json, whichever comes first', async () => {
      for (const pair of [
        [`Bearer ${t.token('reader')}`, `Bearer ${t.token('admin')}`],
        [`Bearer ${t.token('admin')}`, 'Bearer not-a-token'],
      ]) {
        const res = await getWithHeaders('/auth/whoami', { authorization: pair });
        expect(res.status).toBe(400);
        expect(res.contentType).toMatch(/^application\/problem\+json/);
        expect(res.body).toMatchObject({ code: 'DuplicateAuthorization' });
        expect(res.body.detail).toMatch(/one Authorization header/);
      }
    });
  });

  describe('text fields', () => {
    const declare = (name: string) =>
      request(server())
        .post('/regions')
        .set('authorization', `Bearer ${t.token('secretariat')}`)
        .send({
          regionId: `r-${Math.random().toString(36).slice(2, 8)}`,
          name,
          coreCity: { code: '022012', name: '青森市' },
          declaredOn: '2019-11-18',
        });

    it.each([
      ['U+0000', '青森\u0000圏域'],
      ['U+202E (right-to-left override)', '青森\u202E域圏'],
      ['U+202A (left-to-right embedding)', '\u202A青森圏域'],
      ['U+2066 (left-to-right isolate)', '青森圏域\u2066'],
      ['U+2069 (pop directional isolate)', '青森\u2069圏域'],
    ])('refuses %s with 400 naming the field, and records nothing', async (_name, text) => {
      const store = t.app.get<EventStore>(EVENT_STORE);
      const before = await store.headPosition();
      const res = await declare(text).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        code: 'ForbiddenCharacter',
        errors: [expect.objectContaining({ field: 'name', rule: 'noControlOrBidiCharacters' })],
      });
      expect(res.body.detail).toMatch(/name/);
      expect(await store.headPosition()).toBe(before);
    });

    it('names a nested field by its path', async () => {
      const res = await request(server())
        .post('/regions')
        .set('authorization', `Bearer ${t.token('secretariat')}`)
        .send({ regionId: 'r-nested', name: '圏域', coreCity: { code: '022012', name: '青森\u202E市' } })
        .expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'coreCity.name' })]);
    });
  });

  it('reports status degraded on /health while the integrity check has failed', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    await store.append(
      'probe-integrity',
      [
        {
          type: 'ProbeRecorded',
          schemaVersion: 1,
          data: { note: 'original' },
          metadata: { actor: { id: 'test', role: 'admin' }, correlationId: 'probe', source: 'cli' },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    const integrity = t.app.get(LedgerIntegrity);
    expect((await integrity.reverify()).status).toBe('ok');
    expect((await request(server()).get('/health').expect(200)).body.status).toBe('ok');
    // The stored bytes rewritten behind the ledger's back, in whichever store the app runs on.
    const rewrite = `UPDATE events SET envelope = replace(envelope, '"original"', '"rewritten"')`;
    if (t.config.store === 'postgres' && t.config.postgresUrl !== undefined) {
      const client = new Client({ connectionString: withDefaultUser(t.config.postgresUrl) });
      await client.connect();
      try {
        await client.query(rewrite);
      } finally {
        await client.end();
      }
    } else {
      const db = new Database(join(t.dataDir, 'ledger.sqlite'));
      try {
        db.prepare(rewrite).run();
      } finally {
        db.close();
      }
    }
    expect((await integrity.reverify()).status).toBe('failing');
    const health = (await request(server()).get('/health').expect(200)).body;
    expect(health).toMatchObject({ status: 'degraded', integrity: { verification: { status: 'failing' } } });
  });
});

import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app';

describe('the HTTP platform: health, events feed, errors as problem+json, access', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });
  /** The app's port, for requests written byte by byte (it listens from the first such test on). */
  const listening = async (): Promise<number> => {
    if (!t.app.getHttpServer().listening) await t.app.listen(0, '127.0.0.1');
    return (t.app.getHttpServer().address() as AddressInfo).port;
  };

  it('GET /health reports the store, its head position and the projection lag', async () => {
    const res = await request(t.app.getHttpServer()).get('/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      store: { kind: t.config.store, headPosition: '0' },
      projection: { role: 'projector', checkpoint: '0', lag: 0 },
      integrity: { lastCheckpoint: null },
    });
    expect(['not-yet-checked', 'ok']).toContain(res.body.integrity.verification.status);
  });

  it('sets security headers: helmet’s set, with the policy the README states', async () => {
    for (const path of ['/health', '/agreements', '/no-such-route']) {
      const res = await request(t.app.getHttpServer()).get(path);
      expect(res.headers).toMatchObject({
        'content-security-policy':
          "default-src 'self';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';img-src 'self' data:;font-src 'self' data:;connect-src 'self';object-src 'none';base-uri 'self';form-action 'self';frame-ancestors 'self'",
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'origin-agent-cluster': '?1',
        'referrer-policy': 'no-referrer',
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
        'x-content-type-options': 'nosniff',
        'x-dns-prefetch-control': 'off',
        'x-download-options': 'noopen',
        'x-frame-options': 'SAMEORIGIN',
        'x-permitted-cross-domain-policies': 'none',
        'x-xss-protection': '0',
      });
    }
  });

  it('an unknown route is a 404 problem document', async () => {
    const res = await request(t.app.getHttpServer()).get('/no-such-thing').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 404,
      code: 'NotFound',
      title: 'Not Found',
      instance: '/no-such-thing',
    });
  });

  it('a method a route does not take is a 405 problem document naming the methods it does (Allow), never a 404', async () => {
    const server = t.app.getHttpServer();
    const cases: [string, string, string][] = [
      ['delete', '/agreements/aomori-hiranai', 'GET, HEAD'],
      ['put', '/regions', 'GET, HEAD, POST'],
      ['post', '/health', 'GET, HEAD'],
      ['patch', '/agreements/aomori-hiranai/versions/1', 'GET, HEAD'],
      ['get', '/agreements/aomori-hiranai/proceedings/p/conclusion', 'POST'],
      ['options', '/agreements', 'GET, HEAD, POST'],
    ];
    const before = (await request(server).get('/health').expect(200)).body.store.headPosition;
    for (const [method, path, allow] of cases) {
      const res = await request(server)[method as 'get'](path).expect(405);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['allow']).toBe(allow);
      expect(res.body).toMatchObject({ status: 405, code: 'MethodNotAllowed', title: 'Method Not Allowed' });
      expect(res.body.detail).toContain(method.toUpperCase());
      expect(res.body.detail).toContain(allow);
    }
    expect((await request(server).get('/health').expect(200)).body.store.headPosition).toBe(before);
    // A path no route has is still a 404, whatever the method.
    await request(server).delete('/no-such-thing').expect(404);
  });

  it('a body with a content coding is a 415 (RFC 9110 §15.5.16), one with a transfer coding besides chunked a 501 (RFC 9112 §6.1); nothing is recorded', async () => {
    const server = t.app.getHttpServer();
    const region = JSON.stringify({
      regionId: 'coded',
      name: '青森圏域連携中枢都市圏',
      coreCity: { code: '022012', name: '青森市' },
      declaredOn: '2019-11-18',
    });
    const gzipped = gzipSync(region);
    const head = async () =>
      ((await request(server).get('/health').expect(200)).body as { store: { headPosition: string } }).store
        .headPosition;
    const before = await head();
    for (const coding of ['gzip', 'br', 'GZIP', 'identity, gzip']) {
      const res = await request(server)
        .post('/regions')
        .set('authorization', `Bearer ${t.token('secretariat')}`)
        .set('content-type', 'application/json')
        .set('content-encoding', coding)
        .send(coding === 'br' ? region : gzipped);
      expect(res.status).toBe(415);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['accept-encoding']).toBe('identity');
      expect(res.body).toMatchObject({ status: 415, code: 'UnsupportedContentEncoding' });
      expect(res.body.detail).toContain('without Content-Encoding');
    }
    expect(await head()).toBe(before);
    // Without a body the header says nothing, and identity is no coding at all.
    await request(server).get('/agreements').set('content-encoding', 'gzip').expect(200);
    const identity = await request(server)
      .post('/regions')
      .set('authorization', `Bearer ${t.token('secretariat')}`)
      .set('content-type', 'application/json')
      .set('content-encoding', 'identity')
      .send({ regionId: 'coded' });
    expect(identity.body).toMatchObject({ status: 400, code: 'ValidationFailed' });

    const port = await listening();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          `POST /regions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${t.token('secretariat')}\r\n` +
            'Content-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n' +
            `${gzipped.length.toString(16)}\r\n`,
        );
        socket.write(gzipped);
        socket.write('\r\n0\r\n\r\n');
      });
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    const [status = '', body = ''] = answer.split('\r\n\r\n');
    expect(status).toMatch(/^HTTP\/1\.1 501 /);
    expect(status.toLowerCase()).toContain('content-type: application/problem+json');
    expect(JSON.parse(body)).toMatchObject({ status: 501, code: 'UnsupportedTransferCoding' });
    expect(JSON.parse(body).detail).toContain('Transfer-Encoding: gzip, chunked');
    expect(await head()).toBe(before);
  });

  it('an HTTP/1.1 request without Host is a 400 problem document (RFC 9112 §3.2), not an empty 400', async () => {
    const port = await listening();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () =>
        socket.write('GET /agreements HTTP/1.1\r\nConnection: close\r\n\r\n'),
      );
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(head.toLowerCase()).toContain('content-type: application/problem+json');
    expect(JSON.parse(body)).toMatchObject({ status: 400, code: 'MissingHost', title: 'Bad Request' });
    expect(JSON.parse(body).detail).toContain('Host');
  });

  it('GET /events validates its cursor and limit', async () => {
    const bad = await request(t.app.getHttpServer()).get('/events?limit=100000').expect(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'limit', rule: 'isDecimalInteger' })]),
    );
    const unknown = await request(t.app.getHttpServer()).get('/events?foo=1').expect(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'foo', rule: 'unknownField' })]);
    // One past the largest position a store can hold: refused as bad input, not passed to the store.
    const tooFar = await request(t.app.getHttpServer()).get('/events?after=9223372036854775808').expect(400);
    expect(tooFar.body.errors).toEqual([expect.objectContaining({ field: 'after', rule: 'isPosition' })]);
    const ok = await request(t.app.getHttpServer()).get('/events?limit=10').expect(200);
    expect(ok.body).toEqual({ items: [], nextCursor: null });
  });

  it('serves the OpenAPI document at /docs-json and the UI at /docs', async () => {
    const spec = await request(t.app.getHttpServer()).get('/docs-json').expect(200);
    expect(spec.body.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/health', '/events']));
    await request(t.app.getHttpServer()).get('/docs').expect(200);
  });
});

/**
 * How the API serves the web application: the page shell for any page under /app/ that a browser
 * asks for, hashed assets cached for a year, / redirecting browsers to /app/ — while every API route
 * answers as before and unknown paths (an unknown asset too) stay problem+json 404. Without a build
 * the API starts all the same and says so in its log.
 */
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { readdirSync, readFileSync } from 'node:fs';
import { type AddressInfo, connect } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import { serveWebApp, WEB_APP_PREFIX } from '../../apps/api/src/web/web-app.plugin';
import { startTestApp, type TestApp } from '../support/test-app';
import { ensureWebBuild, WEB_BUILD } from './web-build';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('the web application served by the API', () => {
  let t: TestApp;
  const server = () => t.app.getHttpServer();

  beforeAll(async () => {
    await ensureWebBuild();
    t = await startTestApp({}, { demo: true });
  }, 180_000);

  afterAll(async () => {
    await t?.close();
  });

  it('answers a page under /app/ with the shell, never cached, on any client route', async () => {
    const shell = readFileSync(join(WEB_BUILD, 'index.html'), 'utf8');
    for (const path of [
      '/app',
      '/app/',
      '/app/agreements/aomori-hiranai/comparison?from=1&to=2',
      '/app/no/such/page',
    ]) {
      const res = await request(server()).get(path).set('accept', HTML).expect(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toBe(shell);
    }
    // The shell loads same-origin assets only, with no inline script (the Content-Security-Policy).
    expect(shell).toMatch(
      /<script type="module" crossorigin src="\/app\/assets\/index-[\w-]+\.js"><\/script>/,
    );
    expect(shell).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const head = await request(server()).get('/app/').set('accept', HTML);
    expect(head.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('serves the hashed assets for a year, and an unknown asset is a problem+json 404', async () => {
    const script = readdirSync(join(WEB_BUILD, 'assets')).find((name) => name.endsWith('.js'));
    const res = await request(server())
      .get(`${WEB_APP_PREFIX}/assets/${script ?? ''}`)
      .expect(200);
    expect(res.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const missing = await request(server()).get('/app/assets/index-missing.js').expect(404);
    expect(missing.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(missing.body).toMatchObject({ status: 404, code: 'NotFound' });
  });

  it('refuses what the file server cannot serve as a problem+json 4xx, never a 500: a folder, a range past the end', async () => {
    const script = readdirSync(join(WEB_BUILD, 'assets')).find((name) => name.endsWith('.js')) ?? '';
    const asset = `${WEB_APP_PREFIX}/assets/${script}`;
    const folder = await request(server()).get('/app/assets/').expect(404);
    expect(folder.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(folder.body).toMatchObject({ status: 404, code: 'NotFound' });
    for (const path of [asset, '/docs/swagger-ui.css']) {
      for (const range of ['bytes=99999999-', 'bytes=abc']) {
        const res = await request(server()).get(path).set('range', range).expect(416);
        expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
        expect(res.body).toMatchObject({ status: 416, code: 'RangeNotSatisfiable' });
        expect(res.body.detail).toContain('Range');
        expect(res.headers['content-range']).toMatch(/^bytes \*\/\d+$/);
      }
    }
    // A range within the file is still served as a part.
    await request(server()).get(asset).set('range', 'bytes=0-9').expect(206);
    // The shell is small and never cached: a Range is ignored and the whole page sent.
    const shell = await request(server())
      .get('/app/ledger')
      .set('accept', HTML)
      .set('range', 'bytes=99999999-')
      .expect(200);
    expect(shell.text).toBe(readFileSync(join(WEB_BUILD, 'index.html'), 'utf8'));
  });

  it('refuses a file path with a NUL or a dot-segment as a 400 problem saying so, and serves nothing outside the build', async () => {
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    /** The answer to a GET of `path` sent as written (an HTTP client would remove dot-segments first). */
    const get = (path: string) =>
      new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () =>
          socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`),
        );
        let text = '';
        socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        socket.on('error', reject);
        socket.on('close', () => {
          const [head = '', body = ''] = text.split('\r\n\r\n');
          resolve({
            status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]),
            type: /^content-type: (.*)$/im.exec(head)?.[1] ?? '',
            body,
          });
        });
      });
    const shell = readFileSync(join(WEB_BUILD, 'index.html'), 'utf8');
    const cases: [string, RegExp][] = [
      ['/app/assets/%00', /NUL character/],
      ['/app/assets/index%00.js', /NUL character/],
      ['/docs/../x', /'\.\.' segment/],
      ['/docs/%2e%2e/x', /'\.\.' segment/],
      ['/app/assets/../index.html', /'\.\.' segment/],
      ['/app/assets/./x.js', /plain form/],
      ['/app/assets//x.js', /plain form/],
      ['/app/assets/a%5cb.js', /plain form/],
    ];
    for (const [url, detail] of cases) {
      const res = await get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
      expect(res.type).toBe('application/problem+json; charset=utf-8');
      const body = JSON.parse(res.body) as { code: string; detail: string };
      expect(body).toMatchObject({ status: 400, code: 'BadFilePath' });
      expect(body.detail).toMatch(detail);
      expect(res.body).not.toContain(shell.slice(0, 40));
      expect(res.body).not.toContain('"devDependencies"');
    }
    // A '..' hidden in one encoded segment is resolved by no route: a 404, and nothing read either.
    const hidden = await get('/app/assets/..%2f..%2fpackage.json');
    expect(hidden.status).toBe(404);
    expect(hidden.body).not.toContain('"devDependencies"');
  });

  it('keeps every API path the API’s: its routes answer JSON, unknown ones problem+json 404', async () => {
    const agreements = await request(server()).get('/agreements').set('accept', HTML).expect(200);
    expect(agreements.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(agreements.body.items.length).toBeGreaterThan(0);
    for (const path of ['/no-such-route', '/agreements/aomori-hiranai/no-such-page']) {
      const res = await request(server()).get(path).set('accept', HTML).expect(404);
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(res.body).toMatchObject({ status: 404, code: 'NotFound' });
    }
  });

  it('redirects a browser from / to /app/; a client asking for JSON gets a page only as a 404', async () => {
    const root = await request(server()).get('/').set('accept', HTML).expect(302);
    expect(root.headers['location']).toBe('/app/');
    const json = await request(server()).get('/app/ledger').set('accept', 'application/json').expect(404);
    expect(json.body).toMatchObject({ status: 404, code: 'NotFound' });
    await request(server()).get('/').set('accept', 'application/json').expect(404);
  });
});

describe('the API without a web build', () => {
  @Module({})
  class EmptyModule {}

  it('starts, says in its log that the web application is not built, and serves no page', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const app = await NestFactory.create<NestFastifyApplication>(EmptyModule, new FastifyAdapter(), {
      logger: false,
    });
    try {
      await expect(serveWebApp(app, join(WEB_BUILD, 'no-such-build'))).resolves.toBe(false);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('The web application is not built'));
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
      await request(app.getHttpServer()).get('/app/').set('accept', HTML).expect(404);
    } finally {
      warn.mockRestore();
      await app.close();
    }
  });
});

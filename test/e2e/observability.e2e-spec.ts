/**
 * Observability: the JSON log (one line per request, with its request id; never a token), request
 * and correlation ids carried from the request into the response and into the events it writes, and
 * the Prometheus metrics at /metrics — who may read them, and that they move with real requests.
 */
import { type GroupCommitReport, type NewEvent, SqliteEventStore } from '@kyoyaku/event-store';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import request from 'supertest';
import { createApp } from '../../apps/api/src/app.factory';
import { requestLogFields } from '../../apps/api/src/observability/logging';
import {
  AccessTokenRepository,
  SqliteAccessTokenRepository,
  type Role,
  ConfigError,
  type LedgerConfig,
  loadConfig,
  LedgerIntegrity,
} from '@kyoyaku/runtime';
import { AOMORI_CITY } from '../fixtures/aomori';
import { startTestApp, TestClock, type TestApp } from '../support/test-app';

type Server = Parameters<typeof request>[0];

const region = (regionId: string) => ({
  regionId,
  name: '青森圏域連携中枢都市圏',
  coreCity: AOMORI_CITY,
  declaredOn: '2019-11-18',
});

interface LoggedApp {
  app: NestFastifyApplication;
  server: Server;
  /** The JSON lines written so far. */
  lines: Record<string, unknown>[];
  raw: string[];
  token(role: Role): string;
  close(): Promise<void>;
}

/** The real app on a fresh data folder, its log written to memory instead of stdout. */
async function startLoggedApp(overrides: Partial<LedgerConfig> = {}): Promise<LoggedApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kyoyaku-log-'));
  const raw: string[] = [];
  const destination = new PassThrough();
  destination.on('data', (chunk: Buffer) => raw.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  const config: LedgerConfig = {
    ...loadConfig({}),
    dataDir,
    seedDemo: false,
    logLevel: 'info',
    ...overrides,
  };
  const app = await createApp(config, new TestClock(), { logDestination: destination });
  await app.getHttpAdapter().getInstance().ready();
  const issued = new Map<Role, string>();
  return {
    app,
    server: app.getHttpServer(),
    raw,
    get lines() {
      return raw.map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    token(role) {
      const existing = issued.get(role);
      if (existing !== undefined) return existing;
      // These apps run on SQLite (no LEDGER_TEST_STORE): its repository issues synchronously.
      const tokens = app.get(AccessTokenRepository);
      if (!(tokens instanceof SqliteAccessTokenRepository)) throw new Error('a logged app runs on SQLite');
      const { token } = tokens.issueSync({ role, label: `log ${role}`, now: new Date() });
      issued.set(role, token);
      return token;
    },
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Lets the log stream deliver what was written during the last request. */
const flushed = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface LoggedRequest {
  req: { id: string; method: string; url: string };
  res: { statusCode: number };
  responseTime: number;
  level: number;
  time: string;
}

describe('the JSON log', () => {
  let t: LoggedApp;
  beforeAll(async () => {
    t = await startLoggedApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const requestLines = (): LoggedRequest[] =>
    t.lines.filter((l): l is LoggedRequest & Record<string, unknown> => typeof l.req === 'object');

  it('writes one structured line per request, with the request id the response names', async () => {
    const res = await request(t.server).get('/regions').expect(200);
    await flushed();
    const id = String(res.headers['x-request-id']);
    const line = requestLines().find((l) => l.req.id === id);
    expect(line).toMatchObject({
      level: 30,
      req: { id, method: 'GET', url: '/regions' },
      res: { statusCode: 200 },
    });
    expect(Number.isNaN(Date.parse(String(line?.time)))).toBe(false);
    expect(typeof line?.responseTime).toBe('number');
  });

  it('writes its line for a read answered from the read cache too, and for a 304', async () => {
    const path = '/regions?limit=7';
    const first = await request(t.server).get(path).expect(200);
    const cached = await request(t.server).get(path).expect(200);
    const revalidated = await request(t.server)
      .get(path)
      .set('if-none-match', String(first.headers.etag))
      .expect(304);
    await flushed();
    for (const [res, statusCode] of [
      [first, 200],
      [cached, 200],
      [revalidated, 304],
    ] as const) {
      const id = String(res.headers['x-request-id']);
      expect(requestLines().filter((l) => l.req.id === id)).toEqual([
        expect.objectContaining({
          level: 30,
          req: expect.objectContaining({ id, method: 'GET', url: path }),
          res: { statusCode },
        }),
      ]);
    }
  });

  it('writes a read cache hit’s line without the request log’s serializers, with the fields of any other line', async () => {
    const path = '/regions?limit=9';
    const token = t.token('secretariat');
    const first = await request(t.server).get(path).expect(200);
    const req = jest.spyOn(requestLogFields, 'req');
    const res = jest.spyOn(requestLogFields, 'res');
    let hits: [request.Response, 200 | 304][];
    try {
      hits = [
        [await request(t.server).get(path).set('authorization', `Bearer ${token}`).expect(200), 200],
        [await request(t.server).get(path).set('if-none-match', String(first.headers.etag)).expect(304), 304],
      ];
      expect(req).not.toHaveBeenCalled();
      expect(res).not.toHaveBeenCalled();
      // The spies do see a line the request log's middleware writes.
      await request(t.server).get('/health').expect(200);
      expect(req).toHaveBeenCalled();
    } finally {
      req.mockRestore();
      res.mockRestore();
    }
    await flushed();
    const lineOf = (response: request.Response) =>
      t.lines.find((l) => (l.req as { id?: unknown } | undefined)?.id === response.headers['x-request-id']);
    const missLine = lineOf(first);
    for (const [hit, statusCode] of hits) {
      const line = lineOf(hit);
      expect(Object.keys(line ?? {})).toEqual(Object.keys(missLine ?? {}));
      expect(line).toMatchObject({
        level: 30,
        req: { id: hit.headers['x-request-id'], method: 'GET', url: path, remoteAddress: expect.any(String) },
        res: { statusCode },
        msg: 'request completed',
      });
      expect(Object.keys((line?.req as object | undefined) ?? {})).toEqual(
        Object.keys((missLine?.req as object | undefined) ?? {}),
      );
    }
    for (const line of t.raw) expect(line).not.toContain(token.slice('kl_'.length));
  });

  it('honours a sane X-Request-Id and replaces one that is not', async () => {
    const sane = await request(t.server).get('/health').set('x-request-id', 'lb-7f3a:42').expect(200);
    expect(sane.headers['x-request-id']).toBe('lb-7f3a:42');
    const insane = await request(t.server).get('/health').set('x-request-id', 'x'.repeat(300)).expect(200);
    expect(insane.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const injected = await request(t.server).get('/health').set('x-request-id', 'a"b{c}').expect(200);
    expect(injected.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const problem = await request(t.server).get('/no-such-route').set('x-request-id', 'req-404').expect(404);
    expect(problem.headers['x-request-id']).toBe('req-404');
    await flushed();
    expect(requestLines().some((l) => l.req.id === 'lb-7f3a:42')).toBe(true);
    expect(requestLines().some((l) => l.req.id === 'req-404' && l.res.statusCode === 404)).toBe(true);
  });

  it('never holds a bearer token, whether the request was accepted or refused', async () => {
    const token = t.token('secretariat');
    await request(t.server)
      .post('/regions')
      .set('authorization', `Bearer ${token}`)
      .send(region('aomori'))
      .expect(201);
    await request(t.server)
      .post('/regions')
      .set('authorization', `Bearer ${token}`)
      .send({ bad: true })
      .expect(400);
    await request(t.server).get('/regions').set('authorization', `Bearer ${token}x`).expect(401);
    await request(t.server).get('/regions').set('authorization', `Basic ${token}`).expect(401);
    await flushed();
    // The log did capture these requests …
    expect(requestLines().filter((l) => l.req.url === '/regions').length).toBeGreaterThanOrEqual(4);
    // … and no line holds the token, or the part after its prefix.
    const secret = token.slice('kl_'.length);
    for (const line of t.raw) {
      expect(line).not.toContain(secret);
      expect(line.toLowerCase()).not.toContain('authorization');
    }
  });

  it('follows LEDGER_LOG_LEVEL: at warn, answered requests are not logged', async () => {
    const quiet = await startLoggedApp({ logLevel: 'warn' });
    try {
      await request(quiet.server).get('/regions').expect(200);
      await request(quiet.server).get('/no-such-route').expect(404);
      await flushed();
      expect(quiet.raw).toEqual([]);
    } finally {
      await quiet.close();
    }
    expect(loadConfig({}).logLevel).toBe('info');
    expect(loadConfig({ LEDGER_LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
    expect(() => loadConfig({ LEDGER_LOG_LEVEL: 'loud' })).toThrow(
      new ConfigError(
        'LEDGER_LOG_LEVEL=loud is not allowed; use one of: fatal, error, warn, info, debug, trace, silent',
      ),
    );
  });
});

describe('request and correlation ids in the events a request writes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  async function correlationOf(position: string): Promise<unknown> {
    const res = await request(t.app.getHttpServer())
      .get(`/events?after=${BigInt(position) - 1n}&limit=1`)
      .expect(200);
    return (res.body as { items: { metadata: { correlationId?: unknown } }[] }).items[0]?.metadata
      .correlationId;
  }

  const declare = (regionId: string, headers: Record<string, string>) => {
    const req = request(t.app.getHttpServer())
      .post('/regions')
      .set('authorization', `Bearer ${t.token('secretariat')}`);
    for (const [name, value] of Object.entries(headers)) void req.set(name, value);
    return req.send(region(regionId)).expect(201);
  };

  it('the correlation id of a write is its request id: the one the client sent, or the one the server gave', async () => {
    const sent = await declare('aomori', { 'x-request-id': 'portal-req-0001' });
    expect(sent.headers['x-request-id']).toBe('portal-req-0001');
    expect(await correlationOf(sent.body.position as string)).toBe('portal-req-0001');

    const given = await declare('hachinohe', {});
    expect(await correlationOf(given.body.position as string)).toBe(given.headers['x-request-id']);
  });

  it('X-Correlation-Id, when the client sends a sane one, ties the write to the client’s own process instead', async () => {
    const res = await declare('hirosaki', {
      'x-request-id': 'req-1',
      'x-correlation-id': 'workflow-2026-04:step-3',
    });
    expect(await correlationOf(res.body.position as string)).toBe('workflow-2026-04:step-3');
    const insane = await declare('goshogawara', { 'x-request-id': 'req-2', 'x-correlation-id': 'a b <c>' });
    expect(await correlationOf(insane.body.position as string)).toBe('req-2');
  });
});

/** The value of a sample in the Prometheus text format (0 when the series is absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})?\s+(\S+)$/.exec(line);
    if (match === null || match[1] !== name) continue;
    const present = (match[3] ?? '').split(',');
    if (wanted.every((w) => present.includes(w))) return Number(match[4]);
  }
  return 0;
}

describe('GET /metrics', () => {
  let t: TestApp;
  let server: Server;
  beforeAll(async () => {
    t = await startTestApp({}, { demo: true });
    server = t.app.getHttpServer();
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  const scrape = async (): Promise<string> => {
    const res = await request(server)
      .get('/metrics')
      .set('authorization', `Bearer ${t.token('admin')}`)
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text;
  };

  it('needs an admin token by default (LEDGER_METRICS_ACCESS=admin)', async () => {
    const anonymous = await request(server).get('/metrics').expect(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
    const reader = await request(server)
      .get('/metrics')
      .set('authorization', `Bearer ${t.token('reader')}`)
      .expect(403);
    expect(reader.body.code).toBe('RoleNotAllowed');
    // For people: the roles by the names the screens use, as every refusal of a role says it.
    expect(reader.body.detail).toBe('閲覧者はこの操作を行えません（行える役割: 管理者）。');
    expect(await scrape()).toContain('kyoyaku_http_requests_total');
  });

  it('counts requests by route pattern and status, with their latency', async () => {
    const before = await scrape();
    const route = { method: 'GET', route: '/agreements/:agreementId/text', status: '200' };
    const missing = { method: 'GET', route: '/agreements/:agreementId/text', status: '404' };
    await request(server).get('/agreements/aomori-hiranai/text?asOf=2020-04-01').expect(200);
    await request(server).get('/agreements/aomori-imabetsu/text').expect(200);
    await request(server).get('/agreements/no-such-agreement/text').expect(404);
    await request(server).get('/no/such/route').expect(404);
    const after = await scrape();
    expect(
      sample(after, 'kyoyaku_http_requests_total', route) -
        sample(before, 'kyoyaku_http_requests_total', route),
    ).toBe(2);
    expect(
      sample(after, 'kyoyaku_http_requests_total', missing) -
        sample(before, 'kyoyaku_http_requests_total', missing),
    ).toBe(1);
    expect(
      sample(after, 'kyoyaku_http_request_duration_seconds_count', route) -
        sample(before, 'kyoyaku_http_request_duration_seconds_count', route),
    ).toBe(2);
    expect(sample(after, 'kyoyaku_http_request_duration_seconds_sum', route)).toBeGreaterThan(
      sample(before, 'kyoyaku_http_request_duration_seconds_sum', route),
    );
    // Route patterns, never raw URLs: the ids asked for do not become series.
    expect(after).not.toContain('aomori-hiranai');
    expect(after).not.toContain('no-such-agreement');
    expect(
      sample(after, 'kyoyaku_http_requests_total', { route: '(unmatched)', status: '404' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('counts appends, events per append and group-commit batch sizes; the head and the projection lag follow', async () => {
    const before = await scrape();
    const token = t.token('secretariat');
    // Five writes at once: they share group commits.
    await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((x) =>
        request(server)
          .post('/regions')
          .set('authorization', `Bearer ${token}`)
          .send(region(`metrics-${x}`))
          .expect(201),
      ),
    );
    const after = await scrape();
    const delta = (name: string): number => sample(after, name) - sample(before, name);
    expect(delta('kyoyaku_event_appends_total')).toBe(5);
    expect(delta('kyoyaku_events_appended_total')).toBe(5);
    expect(delta('kyoyaku_events_per_append_count')).toBe(5);
    expect(delta('kyoyaku_events_per_append_sum')).toBe(5);
    expect(delta('kyoyaku_group_commit_appends_sum')).toBe(5);
    expect(delta('kyoyaku_group_commit_appends_count')).toBeGreaterThanOrEqual(1);
    expect(delta('kyoyaku_group_commit_appends_count')).toBeLessThanOrEqual(5);
    const health = await request(server).get('/health').expect(200);
    expect(sample(after, 'kyoyaku_store_head_position')).toBe(Number(health.body.store.headPosition));
    expect(sample(after, 'kyoyaku_projection_checkpoint_position')).toBe(
      Number(health.body.store.headPosition),
    );
    expect(sample(after, 'kyoyaku_projection_lag_events')).toBe(0);
    expect(sample(after, 'kyoyaku_group_commits_failed_total')).toBe(0);
  });

  it('reports the integrity re-verifications: how many, by result, the last status and when', async () => {
    const integrity = t.app.get(LedgerIntegrity);
    const before = await scrape();
    t.clock.set('2026-11-27T04:00:00.000Z');
    await integrity.reverify();
    const after = await scrape();
    expect(
      sample(after, 'kyoyaku_integrity_checks_total', { result: 'ok' }) -
        sample(before, 'kyoyaku_integrity_checks_total', { result: 'ok' }),
    ).toBe(1);
    expect(sample(after, 'kyoyaku_integrity_checks_total', { result: 'failed' })).toBe(0);
    expect(sample(after, 'kyoyaku_integrity_status', { status: 'ok' })).toBe(1);
    expect(sample(after, 'kyoyaku_integrity_status', { status: 'failing' })).toBe(0);
    expect(sample(after, 'kyoyaku_integrity_last_check_timestamp_seconds')).toBe(
      Date.parse('2026-11-27T04:00:00.000Z') / 1000,
    );
  });

  it('LEDGER_METRICS_ACCESS=open serves them without a token', async () => {
    const open = await startTestApp({ metricsAccess: 'open' });
    try {
      const res = await request(open.app.getHttpServer()).get('/metrics').expect(200);
      expect(res.text).toContain('kyoyaku_store_head_position 0');
    } finally {
      await open.close();
    }
    expect(loadConfig({}).metricsAccess).toBe('admin');
    expect(() => loadConfig({ LEDGER_METRICS_ACCESS: 'public' })).toThrow(ConfigError);
  });
});

describe('the embedded store reports each group commit to its observers (the source of the append metrics)', () => {
  const event = (i: number): NewEvent => ({
    type: 'Appended',
    schemaVersion: 1,
    data: { i },
    metadata: { actor: { id: 'tester', role: 'system' }, correlationId: `c-${i}`, source: 'cli' },
  });

  it('committed batches with the events of each append, failed ones as failed; an observer that throws changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kyoyaku-commits-'));
    let failNext = false;
    const store = SqliteEventStore.open({
      file: join(dir, 'ledger.sqlite'),
      hooks: {
        beforeCommit: () => {
          if (!failNext) return;
          failNext = false;
          throw Object.assign(new Error('disk I/O error (injected)'), { code: 'SQLITE_IOERR' });
        },
      },
    });
    try {
      const reports: GroupCommitReport[] = [];
      store.observeCommits((report) => reports.push(report));
      const stopThrowing = store.observeCommits(() => {
        throw new Error('an observer that fails');
      });
      await Promise.all([
        store.append('a', [event(1), event(2)], { expectedRevision: 'no_stream' }),
        store.append('b', [event(3)], { expectedRevision: 'no_stream' }),
        // Refused (wrong expected revision): in the batch, writing nothing.
        store.append('c', [event(4)], { expectedRevision: 5n }).catch(() => undefined),
      ]);
      failNext = true;
      await expect(store.append('d', [event(5)], { expectedRevision: 'any' })).rejects.toThrow(
        /SQLITE_IOERR/,
      );
      stopThrowing();
      await store.append('d', [event(5)], { expectedRevision: 'any' });
      expect(reports).toEqual([
        { committed: true, appends: 3, eventsPerAppend: [2, 1] },
        { committed: false, appends: 1, eventsPerAppend: [] },
        { committed: true, appends: 1, eventsPerAppend: [1] },
      ]);
      expect(await store.headPosition()).toBe(4n);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

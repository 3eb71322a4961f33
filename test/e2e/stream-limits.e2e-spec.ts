import { AccessTokenRepository, ConfigError, loadConfig } from '@kyoyaku/runtime';
import { get, type IncomingMessage } from 'node:http';
import { OpenStreams } from '../../apps/api/src/http/open-streams';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The caps on long answers: event streams and exports share
 * LEDGER_STREAMS_PER_ADDRESS and LEDGER_STREAMS_TOTAL; past them a 429 problem says which cap and
 * when to retry; a slot is given back however the connection ends — the client leaves, the token is
 * revoked, the server closes. (A client that stops reading is closed by LEDGER_STREAM_WRITE_TIMEOUT_MS:
 * test/ops/slow-readers.e2e-spec.ts, against a ledger larger than the kernel's socket buffers.)
 */

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  /** Resolves with the text received once the connection has closed. */
  closed: Promise<string>;
  /** Resolves with the body so far once the first bytes of it have come. */
  firstBytes: Promise<string>;
  /** The body received so far. */
  received(): string;
  abort(): void;
}

function open(url: string, path: string, token?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = get(
      `${url}${path}`,
      { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } },
      (res) => {
        let text = '';
        let gotBytes: (text: string) => void = () => undefined;
        const firstBytes = new Promise<string>((r) => (gotBytes = r));
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          gotBytes(text);
        });
        const closed = new Promise<string>((r) => res.on('close', () => r(text)));
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          closed,
          firstBytes,
          received: () => text,
          abort: () => req.destroy(),
        });
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET') reject(error);
    });
  });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe('caps on event streams and exports', () => {
  let t: TestApp;
  let url: string;
  let streams: OpenStreams;
  beforeAll(async () => {
    t = await startTestApp({ streams: { perAddress: 2, total: 3, writeTimeoutMs: 30_000 } }, { demo: true });
    await t.app.listen(0, '127.0.0.1');
    url = await t.app.getUrl();
    streams = t.app.get(OpenStreams);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('past the per-address cap a stream or an export is a 429 problem saying the cap and when to retry; a slot comes back when its client leaves', async () => {
    const first = await open(url, '/events/stream');
    const second = await open(url, '/events/stream');
    expect([first.status, second.status]).toEqual([200, 200]);
    await first.firstBytes;
    expect(streams.count).toBe(2);

    for (const path of ['/events/stream', '/ledger/export']) {
      const refused = await open(url, path);
      expect(refused.status).toBe(429);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
      const problem = JSON.parse(await refused.closed) as { code: string; detail: string };
      expect(problem.code).toBe('TooManyStreams');
      expect(problem.detail).toContain(
        '2 open streams from this client address (LEDGER_STREAMS_PER_ADDRESS)',
      );
      expect(problem.detail).toMatch(/retry after \d+ s/);
    }
    // A refusal takes no slot.
    expect(streams.count).toBe(2);

    first.abort();
    await until(() => streams.count === 1, 'the slot of the aborted stream');
    const third = await open(url, '/ledger/export');
    expect(third.status).toBe(200);
    // The whole export: its last line is the signed checkpoint.
    expect((await third.closed).trimEnd().split('\n').at(-1)).toMatch(/^\{"checkpoint":/);
    await until(() => streams.count === 1, 'the slot of the finished export');
    second.abort();
    await until(() => streams.count === 0, 'every slot');
  });

  it('a stream whose token is revoked gives its slot back', async () => {
    const tokens = t.app.get(AccessTokenRepository);
    const { token, record } = await tokens.issue({ role: 'reader', label: 'cap test', now: t.clock.now() });
    const stream = await open(url, '/events/stream', token);
    expect(stream.status).toBe(200);
    await stream.firstBytes;
    expect(streams.count).toBe(1);
    await tokens.revoke(record.id, t.clock.now());
    expect(await stream.closed).toMatch(/event: token-revoked\n/);
    await until(() => streams.count === 0, 'the slot of the revoked stream');
  });

  it('LEDGER_STREAMS_PER_ADDRESS, LEDGER_STREAMS_TOTAL and LEDGER_STREAM_WRITE_TIMEOUT_MS are read and checked', () => {
    expect(loadConfig({}).streams).toEqual({ perAddress: 4, total: 64, writeTimeoutMs: 30_000 });
    expect(
      loadConfig({
        LEDGER_STREAMS_PER_ADDRESS: '8',
        LEDGER_STREAMS_TOTAL: '200',
        LEDGER_STREAM_WRITE_TIMEOUT_MS: '5000',
      }).streams,
    ).toEqual({ perAddress: 8, total: 200, writeTimeoutMs: 5000 });
    expect(() => loadConfig({ LEDGER_STREAMS_PER_ADDRESS: '0' })).toThrow(
      new ConfigError('LEDGER_STREAMS_PER_ADDRESS=0 must be an integer from 1 to 100000'),
    );
    expect(() => loadConfig({ LEDGER_STREAM_WRITE_TIMEOUT_MS: '10' })).toThrow(ConfigError);
  });
});

describe('closing the server', () => {
  it('ends open event streams and gives every slot back', async () => {
    const t = await startTestApp(
      { streams: { perAddress: 4, total: 4, writeTimeoutMs: 30_000 } },
      { demo: true },
    );
    await t.app.listen(0, '127.0.0.1');
    const url = await t.app.getUrl();
    const streams = t.app.get(OpenStreams);
    const opened = [await open(url, '/events/stream'), await open(url, '/events/stream?after=5')];
    // Each stream has sent an event before the server closes (on a loaded machine that takes a while).
    await until(() => opened.every((o) => o.received().includes('id: ')), 'an event on each stream');
    expect(streams.count).toBe(2);
    await t.close();
    const texts = await Promise.all(opened.map((o) => o.closed));
    expect(texts.every((text) => text.includes('id: '))).toBe(true);
    expect(streams.count).toBe(0);
  }, 60_000);
});

import { SqliteEventStore, verifyEvent } from '@kyoyaku/event-store';
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { type ClientRequest, type IncomingMessage, request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteAccessTokenRepository, LEDGER_FILE_NAME, ApiStateDatabase } from '@kyoyaku/runtime';
import { type ApiProcess, startApiProcess } from './support/ts-process';

/**
 * Graceful shutdown of the real server process (apps/api/src/main.ts in a child `node`): SIGTERM
 * while a slow client is still sending a write. The write is answered and recorded, new connections
 * are refused meanwhile, an open event stream does not hold the shutdown up, the process exits 0 and
 * the store reopens cleanly. A request that never ends makes the bound (LEDGER_SHUTDOWN_TIMEOUT_MS)
 * hit: exit 1, and nothing half-written.
 */

const REGION = (regionId: string): string =>
  JSON.stringify({
    regionId,
    name: '青森圏域連携中枢都市圏',
    coreCity: { code: '022012', name: '青森市' },
    declaredOn: '2019-11-18',
  });

function issueToken(dataDir: string): string {
  const state = ApiStateDatabase.open(dataDir);
  try {
    return new SqliteAccessTokenRepository(state).issueSync({
      role: 'secretariat',
      label: 'shutdown test',
      now: new Date(),
    }).token;
  } finally {
    state.close();
  }
}

/** A POST whose body is sent in two parts: the request is in flight until `finish()`. */
function slowPost(
  api: ApiProcess,
  token: string,
  body: string,
): { finish: () => void; response: Promise<{ status: number; body: string }>; req: ClientRequest } {
  const bytes = Buffer.from(body);
  const req = request(`${api.baseUrl}/regions`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'content-length': String(bytes.length),
    },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res: IncomingMessage) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
  });
  req.write(bytes.subarray(0, 20));
  return { finish: () => req.end(bytes.subarray(20)), response, req };
}

/** Resolves with the error code of a new TCP connection to the port ('connected' if it was accepted). */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

async function headOf(dataDir: string): Promise<bigint> {
  const store = SqliteEventStore.open({ file: join(dataDir, LEDGER_FILE_NAME) });
  try {
    const events = await store.readAll({ after: 0n, limit: 1000 });
    expect(events.filter((e) => !verifyEvent(e))).toEqual([]);
    return await store.headPosition();
  } finally {
    await store.close();
  }
}

describe('graceful shutdown of the server process', () => {
  let dataDir: string;
  let api: ApiProcess | null = null;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kyoyaku-shutdown-'));
  });
  afterEach(async () => {
    if (api !== null && api.child.exitCode === null && api.child.signalCode === null) {
      api.child.kill('SIGKILL');
      await api.exited;
    }
    api = null;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('SIGTERM: the write in flight is answered and recorded, new connections are refused, an event stream ends, exit 0, the store reopens cleanly', async () => {
    const token = issueToken(dataDir);
    api = await startApiProcess({ LEDGER_DATA_DIR: dataDir, LEDGER_SEED_DEMO: 'false' });
    const running = api;

    // An event stream is open: it never ends by itself, so the shutdown has to end it.
    const stream = new Promise<string>((resolve, reject) => {
      const req = request(`${running.baseUrl}/events/stream`, { headers: { accept: 'text/event-stream' } });
      req.on('response', (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve('ended'));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });

    const slow = slowPost(running, token, REGION('shutdown-in-flight'));
    await new Promise((r) => setTimeout(r, 300)); // the server has the headers and waits for the body
    running.child.kill('SIGTERM');
    await running.waitForStdout('SIGTERM: refusing new connections');
    // The listening socket closes as the shutdown starts; the slow request is still open.
    for (let i = 0; i < 50 && (await tryConnect(running.port)) === 'connected'; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await tryConnect(running.port)).toBe('ECONNREFUSED');

    slow.finish();
    const answer = await slow.response;
    expect(answer.status).toBe(201);
    const position = BigInt((JSON.parse(answer.body) as { position: string }).position);
    await expect(stream).resolves.toBe('ended');

    const exit = await running.exited;
    expect({ exit, stderr: running.stderr() }).toEqual({ exit: { code: 0, signal: null }, stderr: '' });
    expect(running.stdout()).toContain('stopped cleanly');

    // Closed cleanly: the last connection checkpointed the WAL and removed it.
    expect(existsSync(join(dataDir, `${LEDGER_FILE_NAME}-wal`))).toBe(false);
    const db = new Database(join(dataDir, LEDGER_FILE_NAME), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    expect(await headOf(dataDir)).toBe(position);
  }, 90_000);

  it('a request that never ends makes the bound hit: exit 1 after LEDGER_SHUTDOWN_TIMEOUT_MS, nothing half-written', async () => {
    const token = issueToken(dataDir);
    api = await startApiProcess({
      LEDGER_DATA_DIR: dataDir,
      LEDGER_SEED_DEMO: 'false',
      LEDGER_SHUTDOWN_TIMEOUT_MS: '700',
    });
    const running = api;
    const before = await fetch(`${running.baseUrl}/health`).then(
      async (res) => ((await res.json()) as { store: { headPosition: string } }).store.headPosition,
    );

    const slow = slowPost(running, token, REGION('never-finished'));
    slow.req.on('error', () => undefined);
    void slow.response.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    const signalled = Date.now();
    running.child.kill('SIGTERM');
    const exit = await running.exited;
    const took = Date.now() - signalled;

    expect(exit).toEqual({ code: 1, signal: null });
    expect(running.stderr()).toContain('did not finish within 700 ms (LEDGER_SHUTDOWN_TIMEOUT_MS)');
    expect(took).toBeGreaterThanOrEqual(650);
    expect(took).toBeLessThan(5000);
    expect((await headOf(dataDir)).toString()).toBe(before);
  }, 90_000);

  it('SIGINT on an idle server stops it cleanly too', async () => {
    api = await startApiProcess({ LEDGER_DATA_DIR: dataDir, LEDGER_SEED_DEMO: 'false' });
    api.child.kill('SIGINT');
    expect(await api.exited).toEqual({ code: 0, signal: null });
    expect(api.stdout()).toContain('SIGINT: refusing new connections');
    expect(api.stdout()).toContain('stopped cleanly');
  }, 90_000);
});

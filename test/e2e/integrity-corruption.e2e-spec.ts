import Database from 'better-sqlite3';
import { LEDGER_FILE_NAME, LedgerIntegrity } from '@kyoyaku/runtime';
import { get } from 'node:http';
import { join } from 'node:path';
import { AgreementApi } from '../support/agreement-api';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * An event whose stored JSON no longer parses: the integrity check names its
 * position in /health, no read answers 500, and nothing is signed while the ledger is known bad.
 * The bytes are broken in the SQLite file itself, as someone with access to the disk could.
 */
describe('an event whose stored JSON no longer parses', () => {
  const CORRUPT = 12;
  let t: TestApp;
  let api: AgreementApi;
  let url: string;

  /** Everything /events/stream sends within `ms` (or until it ends). */
  const streamText = (path: string, ms: number) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = get(`${url}${path}`, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        const timer = setTimeout(() => req.destroy(), ms);
        res.on('close', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, text });
        });
      });
      req.on('error', reject);
    });

  beforeAll(async () => {
    t = await startTestApp({ store: 'sqlite' }, { demo: true });
    await t.app.listen(0, '127.0.0.1');
    url = await t.app.getUrl();
    api = new AgreementApi(t);
    // The check at start runs over the intact ledger; once it is done, one event's bytes are cut short.
    const integrity = t.app.get(LedgerIntegrity);
    while (integrity.checks.ok + integrity.checks.failed === 0) await new Promise((r) => setTimeout(r, 20));
    expect(integrity.integrityState.status).toBe('ok');
    const db = new Database(join(t.dataDir, LEDGER_FILE_NAME));
    db.prepare('UPDATE events SET envelope = substr(envelope, 1, 40) WHERE position = ?').run(CORRUPT);
    db.close();
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  const expectProblemNaming = (res: { status: number; headers: Record<string, string>; body: unknown }) => {
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'LedgerCorrupted', position: String(CORRUPT) });
    expect((res.body as { detail: string }).detail).toContain(`position ${CORRUPT}`);
  };

  it('GET /events answers a problem naming the position, and reads past it', async () => {
    expectProblemNaming(await api.get('/events?after=0&limit=50'));
    const after = await api.get(`/events?after=${CORRUPT}&limit=5`).expect(200);
    expect(after.body.items[0].position).toBe(String(CORRUPT + 1));
  });

  it('GET /events/stream ends with a ledger-corrupted message naming the position', async () => {
    const { status, text } = await streamText('/events/stream', 3000);
    expect(status).toBe(200);
    expect(text).toMatch(/event: ledger-corrupted/);
    expect(text).toContain(`"position":"${CORRUPT}"`);
  });

  it('GET /ledger/export, before the check has run, ends with a line naming the position', async () => {
    const res = await api.get('/ledger/export').expect(200);
    const lines = res.text.trim().split('\n');
    expect(JSON.parse(lines.at(-1) ?? '')).toMatchObject({ corrupt: { position: String(CORRUPT) } });
    expect(lines.some((line) => line.includes('"checkpoint"'))).toBe(false);
  });

  it('the integrity check reports it as failing at that position; the service is degraded, not ready', async () => {
    await t.app.get(LedgerIntegrity).reverify();
    const health = await api.get('/health').expect(200);
    expect(health.body.status).toBe('degraded');
    expect(health.body.integrity.verification).toMatchObject({
      status: 'failing',
      position: String(CORRUPT),
    });
    expect(health.body.integrity.verification.problem).toContain(`position ${CORRUPT}`);
    const ready = await api.get('/health/ready').expect(503);
    expect(ready.body.detail).toContain(`position ${CORRUPT}`);
    await api.get('/health/live').expect(200);
  });

  it('while failing, nothing is signed: checkpoint, proofs and export answer a problem naming the position', async () => {
    for (const path of [
      '/ledger/checkpoint',
      '/ledger/proofs/consistency?from=1&to=20',
      '/ledger/proofs/inclusion?position=1&treeSize=20',
      '/ledger/export',
    ]) {
      const res = await api.get(path);
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'IntegrityFailing', position: String(CORRUPT) });
    }
    // The key stays published: earlier checkpoints can still be checked with it.
    await api.get('/ledger/verifier-key').expect(200);
  });
});

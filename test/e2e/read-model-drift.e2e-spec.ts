import Database from 'better-sqlite3';
import { LEDGER_FILE_NAME, LedgerIntegrity } from '@kyoyaku/runtime';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { seedDemoIfEmpty } from '@kyoyaku/runtime/demo';
import { loadConfig } from '@kyoyaku/runtime';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * One flipped byte in a read model changes an answer: the check at start
 * rebuilds the read models aside, compares, and /health reports the drift (status degraded).
 */
describe('a read model changed on disk', () => {
  let t: TestApp;
  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kyoyaku-e2e-drift-'));
    await seedDemoIfEmpty({ ...loadConfig({}), dataDir, store: 'sqlite' });
    const db = new Database(join(dataDir, LEDGER_FILE_NAME));
    db.prepare(
      `UPDATE rm_documents SET doc = replace(doc, '平内町', '平内村')
       WHERE rowid = (SELECT min(rowid) FROM rm_documents WHERE doc LIKE '%平内町%')`,
    ).run();
    db.close();
    t = await startTestApp({ store: 'sqlite' }, { dataDir });
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('is reported as drift in /health; the service is degraded', async () => {
    const integrity = t.app.get(LedgerIntegrity);
    for (let i = 0; i < 500 && integrity.readModelCheck.status === 'not-yet-checked'; i++)
      await new Promise((r) => setTimeout(r, 20));
    const health = await request(t.app.getHttpServer()).get('/health').expect(200);
    expect(health.body.status).toBe('degraded');
    expect(health.body.integrity.verification.status).toBe('ok');
    expect(health.body.integrity.readModels).toMatchObject({ status: 'drift' });
    expect(health.body.integrity.readModels.differences).toHaveLength(1);
  });
});

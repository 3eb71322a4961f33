import Database from 'better-sqlite3';
import {
  canonicalEventBytes,
  computeEventHash,
  type RecordedEvent,
  SqliteEventStore,
} from '@kyoyaku/event-store';
import { IntegrityFailingError, LEDGER_FILE_NAME, LedgerIntegrity, openLedger } from '@kyoyaku/runtime';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * A rewrite below a checkpoint the server signed: content, hashes, chain and
 * the whole Merkle tree recomputed, so the log is consistent with itself. The server must hold it to
 * the checkpoints it signed before: the check fails, and it neither signs another root for a size it
 * signed nor serves a proof from a root it never signed.
 */
describe('a history rewritten below a signed checkpoint, tree and all', () => {
  let first: TestApp;
  let second: TestApp | null = null;
  let dataDir: string;
  let signedSize: bigint;

  const waitForFirstCheck = async (t: TestApp) => {
    const integrity = t.app.get(LedgerIntegrity);
    while (integrity.checks.ok + integrity.checks.failed === 0) await new Promise((r) => setTimeout(r, 20));
    return integrity;
  };

  /** Rewrites the last five events with fresh valid hashes and chains, and drops the tree to be rebuilt. */
  const rewriteTail = async () => {
    const file = join(dataDir, LEDGER_FILE_NAME);
    const store = SqliteEventStore.open({ file });
    const head = await store.headPosition();
    const tail = await store.readAll({ after: head - 5n, limit: 5 });
    await store.close();
    const db = new Database(file);
    const prevOf = new Map<string, string | null>();
    const streamEvent = db.prepare('SELECT hash FROM events WHERE stream_id = ? AND revision = ?').pluck();
    db.transaction(() => {
      for (const event of tail) {
        const prevHash =
          event.revision === 0n
            ? null
            : (prevOf.get(event.streamId) ??
              (streamEvent.get(event.streamId, event.revision - 1n) as string | undefined) ??
              null);
        const forged: RecordedEvent = { ...event, data: { ...event.data, forged: true }, prevHash };
        const hash = computeEventHash(forged);
        db.prepare('UPDATE events SET envelope = ?, hash = ?, prev_hash = ? WHERE position = ?').run(
          canonicalEventBytes(forged).toString('utf8'),
          hash,
          prevHash,
          forged.position,
        );
        prevOf.set(event.streamId, hash);
      }
      db.prepare('DELETE FROM merkle_tree').run();
    })();
    db.close();
  };

  beforeAll(async () => {
    first = await startTestApp({ store: 'sqlite' }, { demo: true });
    dataDir = first.dataDir;
    expect((await waitForFirstCheck(first)).integrityState.status).toBe('ok');
    const checkpoint = await request(first.app.getHttpServer()).get('/ledger/checkpoint').expect(200);
    signedSize = BigInt(checkpoint.body.size);
    await first.app.close();
    await rewriteTail();
  }, 60_000);
  afterAll(async () => {
    await second?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the signed checkpoints append-only', () => {
    const db = new Database(join(dataDir, LEDGER_FILE_NAME));
    try {
      const count = db.prepare('SELECT count(*) FROM signed_checkpoints').pluck().get() as number;
      expect(count).toBeGreaterThan(1);
      expect(() => db.prepare('DELETE FROM signed_checkpoints').run()).toThrow(/append-only/);
      expect(() => db.prepare('UPDATE signed_checkpoints SET note = note').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });

  it('refuses to sign another root for a size it signed, even before any check has run', async () => {
    const ledger = await openLedger(first.config, first.clock);
    try {
      await expect(ledger.integrity.checkpoint(signedSize)).rejects.toThrow(IntegrityFailingError);
      expect(ledger.integrity.integrityState).toMatchObject({ status: 'failing' });
      expect(ledger.integrity.integrityState.problem).toMatch(/was rewritten/);
    } finally {
      await ledger.close();
    }
  });

  it('the background check fails; /health is degraded; checkpoint and proofs answer 503', async () => {
    second = await startTestApp({ store: 'sqlite' }, { demo: false, dataDir });
    const integrity = await waitForFirstCheck(second);
    expect(integrity.integrityState.status).toBe('failing');
    expect(integrity.integrityState.problem).toMatch(/rewritten/);
    const server = second.app.getHttpServer();
    const health = await request(server).get('/health').expect(200);
    expect(health.body).toMatchObject({
      status: 'degraded',
      integrity: { verification: { status: 'failing' } },
    });
    await request(server).get('/health/ready').expect(503);
    for (const path of [
      '/ledger/checkpoint',
      `/ledger/proofs/consistency?from=${signedSize - 10n}&to=${signedSize}`,
      `/ledger/proofs/inclusion?position=1&treeSize=${signedSize}`,
      '/ledger/export',
    ]) {
      const res = await request(server).get(path);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'IntegrityFailing' });
    }
  });
});

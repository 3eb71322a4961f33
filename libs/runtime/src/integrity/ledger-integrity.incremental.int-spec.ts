import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/ledger-config';
import { seedDemoIfEmpty } from '../demo';
import { LEDGER_FILE_NAME, type OpenLedger, openLedger } from '../open-ledger/open-ledger';
import { systemClock } from '../open-ledger/clock';
import type { VerifiedMark } from './ledger-integrity';

/**
 * The incremental re-verification: new leaves since the last verified size plus a
 * rotating window of older ones, instead of the whole ledger every hour. A corrupt event among the
 * new leaves or in the window is found at once; one elsewhere is found when the window reaches it
 * (or by the full check of a newly elected process).
 */
describe('incremental integrity verification', () => {
  let dataDir: string;
  let ledger: OpenLedger;
  let db: Database.Database;
  let size: bigint;

  const corrupt = (position: number): (() => void) => {
    const row = db.prepare('SELECT envelope FROM events WHERE position = ?').get(position) as {
      envelope: string;
    };
    // Still JSON, still the same shape: only the content no longer matches the hash.
    const changed = row.envelope.replace(
      /"recordedAt":"(\d)/,
      (_m, d: string) => `"recordedAt":"${d === '1' ? '2' : '1'}`,
    );
    expect(changed).not.toBe(row.envelope);
    db.prepare('UPDATE events SET envelope = ? WHERE position = ?').run(changed, position);
    return () => db.prepare('UPDATE events SET envelope = ? WHERE position = ?').run(row.envelope, position);
  };
  /** Roots of the intact ledger, read before anything is corrupted (nothing is signed meanwhile). */
  const roots = new Map<bigint, Buffer>();
  const markAt = (at: bigint, sampleFrom: bigint): VerifiedMark => {
    const root = roots.get(at);
    if (root === undefined) throw new Error(`no root read at ${at}`);
    return { size: at, root, sampleFrom };
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kyoyaku-incremental-'));
    const config = { ...loadConfig({}), dataDir, store: 'sqlite' as const };
    await seedDemoIfEmpty(config);
    ledger = await openLedger(config, systemClock);
    db = new Database(join(dataDir, LEDGER_FILE_NAME));
    size = await ledger.integrity.treeSize();
    expect(size).toBeGreaterThan(100n);
    for (const at of [100n, size]) {
      roots.set(at, Buffer.from((await ledger.integrity.checkpoint(at)).root, 'base64'));
    }
  }, 120_000);
  afterAll(async () => {
    db.close();
    await ledger.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('checks the leaves since the mark and a window of older ones, and moves the window on', async () => {
    const full = await ledger.integrity.reverifyFull();
    expect(full.state).toMatchObject({ status: 'ok', size: size.toString() });
    expect(full.mark?.size).toBe(size);
    const next = await ledger.integrity.reverifySince(markAt(100n, 0n), 10);
    expect(next.state).toMatchObject({ status: 'ok', size: size.toString() });
    expect(next.mark).toEqual({ size, root: full.mark?.root, sampleFrom: 10n });
  });

  it('finds a corrupt event among the new leaves', async () => {
    const restore = corrupt(150);
    try {
      const result = await ledger.integrity.reverifySince(markAt(100n, 0n), 10);
      expect(result.state).toMatchObject({ status: 'failing', position: '150' });
      expect(result.state.problem).toMatch(/hash mismatch/);
      expect(result.mark).toBeNull();
    } finally {
      restore();
    }
  });

  it('finds a corrupt older event when the rotating window reaches it, and the full check at once', async () => {
    const restore = corrupt(37);
    try {
      // Outside the window [0, 10): not this run.
      let result = await ledger.integrity.reverifySince(markAt(size, 0n), 10);
      expect(result.state.status).toBe('ok');
      // Runs later, the window has moved over it.
      let runs = 1;
      while (result.mark !== null && runs < 20) {
        result = await ledger.integrity.reverifySince(result.mark, 10);
        runs++;
      }
      expect(result.state).toMatchObject({ status: 'failing', position: '37' });
      expect(runs).toBe(4); // windows [0,10), [10,20), [20,30), [30,40)
      expect((await ledger.integrity.reverifyFull()).state).toMatchObject({
        status: 'failing',
        position: '37',
      });
    } finally {
      restore();
    }
    expect((await ledger.integrity.reverifyFull()).state.status).toBe('ok');
  });

  it('finds a tree rewritten below the mark', async () => {
    const mark = markAt(size, 0n);
    const result = await ledger.integrity.reverifySince({ ...mark, root: Buffer.alloc(32) }, 10);
    expect(result.state).toMatchObject({ status: 'failing' });
    expect(result.state.problem).toMatch(/was rewritten/);
  });
});

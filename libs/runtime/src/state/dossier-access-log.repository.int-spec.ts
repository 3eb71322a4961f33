import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiStateDatabase } from './api-state.database';
import { type DossierAccess, SqliteDossierAccessLogRepository } from './dossier-access-log.repository';

const access = (doubtId: string, n: number, extra: Partial<DossierAccess> = {}): DossierAccess => ({
  doubtId,
  actor: { id: `clerk-${n}`, role: 'clerk', municipalityCode: '023019' },
  format: n % 2 === 0 ? 'html' : 'json',
  outcome: 'granted',
  accessedAt: `2026-11-27T03:00:0${n}.000Z`,
  treeSize: String(100 + n),
  ...extra,
});

describe('the dossier access log on a real SQLite file', () => {
  let dir: string;
  let state: ApiStateDatabase;
  let log: SqliteDossierAccessLogRepository;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kyoyaku-access-log-'));
    state = ApiStateDatabase.open(dir);
    log = new SqliteDossierAccessLogRepository(state);
  });
  afterEach(() => {
    state.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('appends entries chained by their hashes and lists one dossier’s, oldest first', async () => {
    const first = await log.append(access('d-1', 1));
    const second = await log.append(access('d-2', 2));
    const third = await log.append(
      access('d-1', 3, { outcome: 'refused', actor: { id: 'reader-1', role: 'reader' } }),
    );
    expect([first.sequence, second.sequence, third.sequence]).toEqual([1, 2, 3]);
    expect(first.prevHash).toBeNull();
    expect(second.prevHash).toBe(first.hash);
    expect(third.prevHash).toBe(second.hash);
    expect((await log.list('d-1', { limit: 10 })).map((e) => [e.sequence, e.outcome])).toEqual([
      [1, 'granted'],
      [3, 'refused'],
    ]);
    expect((await log.list('d-1', { after: 1, limit: 10 })).map((e) => e.sequence)).toEqual([3]);
    expect((await log.list('d-1', { limit: 10 }))[1]).toEqual({
      ...third,
      actor: { id: 'reader-1', role: 'reader' },
    });
    expect(await log.verifyChain()).toEqual({ ok: true, entries: 3, checked: 3 });
  });

  it('verifies incrementally: the entries appended since the last check, and that the last checked one is unchanged', async () => {
    for (let n = 1; n <= 500; n++) await log.append(access('d-1', n % 10));
    expect(await log.verifyChain()).toEqual({ ok: true, entries: 500, checked: 500 });
    for (let n = 1; n <= 3; n++) await log.append(access('d-2', n));
    expect(await log.verifyChain()).toEqual({ ok: true, entries: 503, checked: 3 });
    expect(await log.verifyChain()).toEqual({ ok: true, entries: 503, checked: 0 });
    // A new entry changed around the triggers is found…
    await log.append(access('d-2', 4));
    state.db.exec('DROP TRIGGER dossier_access_log_no_update');
    state.db.prepare(`UPDATE dossier_access_log SET actor_id = 'x' WHERE sequence = 504`).run();
    expect(await log.verifyChain()).toEqual({
      ok: false,
      sequence: 504,
      problem: 'the entry does not match its hash',
    });
  });

  it('finds the last checked entry changed or gone since its check', async () => {
    for (let n = 1; n <= 3; n++) await log.append(access('d-1', n));
    expect(await log.verifyChain()).toMatchObject({ ok: true, checked: 3 });
    state.db.exec('DROP TRIGGER dossier_access_log_no_update');
    state.db
      .prepare(
        `UPDATE dossier_access_log SET hash = replace(hash, substr(hash, 1, 1), 'z') WHERE sequence = 3`,
      )
      .run();
    expect(await log.verifyChain()).toEqual({
      ok: false,
      sequence: 3,
      problem: 'the entry checked last has changed since',
    });
  });

  it('refuses UPDATE and DELETE in the database itself', async () => {
    await log.append(access('d-1', 1));
    expect(() => state.db.prepare(`UPDATE dossier_access_log SET actor_id = 'someone-else'`).run()).toThrow(
      /append-only/,
    );
    expect(() => state.db.prepare('DELETE FROM dossier_access_log').run()).toThrow(/append-only/);
    expect(await log.list('d-1', { limit: 10 })).toHaveLength(1);
  });

  it('shows a change made around the triggers: the chain no longer verifies from that entry', async () => {
    for (let n = 1; n <= 4; n++) await log.append(access('d-1', n));
    state.db.exec('DROP TRIGGER dossier_access_log_no_update');
    state.db.prepare(`UPDATE dossier_access_log SET actor_id = 'someone-else' WHERE sequence = 3`).run();
    expect(await log.verifyChain()).toEqual({
      ok: false,
      sequence: 3,
      problem: 'the entry does not match its hash',
    });
  });

  it('keeps its entries when the database is opened again', async () => {
    await log.append(access('d-1', 1));
    state.close();
    state = ApiStateDatabase.open(dir);
    log = new SqliteDossierAccessLogRepository(state);
    expect(await log.verifyChain()).toEqual({ ok: true, entries: 1, checked: 1 });
    expect((await log.append(access('d-1', 2))).sequence).toBe(2);
  });
});

import {
  createTestDatabase,
  postgresUnavailableReason,
  skipLoudly,
  type TestDatabase,
} from '@kyoyaku/event-store/testing';
import { Client } from 'pg';
import { withDefaultUser } from '@kyoyaku/event-store';
import { openApiState, type ApiState } from './api-state';
import type { DossierAccess } from './dossier-access-log.repository';

/**
 * The API state on PostgreSQL as two processes see it: two states opened on one database (each with
 * its own pool, as two API processes have) share tokens, idempotency answers and one access-log chain.
 */
const skipReason = postgresUnavailableReason();

const access = (n: number): DossierAccess => ({
  doubtId: n % 2 === 0 ? 'd-even' : 'd-odd',
  actor: { id: `clerk-${n}`, role: 'clerk', municipalityCode: '023019' },
  format: 'json',
  outcome: 'granted',
  accessedAt: `2026-11-27T03:00:00.${String(n).padStart(3, '0')}Z`,
  treeSize: String(100 + n),
});

if (skipReason !== null) {
  skipLoudly('the API state on PostgreSQL', skipReason);
} else {
  describe('the API state on PostgreSQL, opened by two processes', () => {
    let database: TestDatabase;
    let a: ApiState;
    let b: ApiState;

    beforeEach(async () => {
      database = await createTestDatabase();
      const config = {
        store: 'postgres' as const,
        postgresUrl: database.url,
        dataDir: '/nonexistent/never-used',
        idempotencyRecordHours: 24,
      };
      [a, b] = await Promise.all([openApiState(config), openApiState(config)]);
    });
    afterEach(async () => {
      await a.close();
      await b.close();
      await database.drop();
    });

    it('a token issued by one is authenticated by the other; revoked by one, refused by the other', async () => {
      const { token, record } = await a.tokens.issue({ role: 'secretariat', label: 'x', now: new Date() });
      expect((await b.tokens.authenticate(token))?.id).toBe(record.id);
      expect(await b.tokens.list()).toEqual([record]);
      expect(await b.tokens.revoke(record.id, new Date())).toBe(true);
      expect(await a.tokens.authenticate(token)).toBeNull();
      expect((await a.tokens.find(record.id))?.revokedAt).not.toBeNull();
      expect(await a.tokens.revoke(record.id, new Date())).toBe(false);
    });

    it('keeps the first answer of a key whichever process saves first, and replays it on the other', async () => {
      const now = new Date('2026-11-27T03:00:00.000Z');
      const answer = (body: string) => ({ requestDigest: 'd', status: 201, headers: { etag: '"0"' }, body });
      await a.idempotency.save('actor', 'key-0001', answer('first'), now);
      await b.idempotency.save('actor', 'key-0001', answer('second'), now);
      expect(await b.idempotency.find('actor', 'key-0001', now)).toEqual(answer('first'));
      // Past the retention period it is gone, and a new answer may take its place.
      const later = new Date(now.getTime() + 24 * 3_600_000 + 1000);
      expect(await a.idempotency.find('actor', 'key-0001', later)).toBeNull();
      await b.idempotency.save('actor', 'key-0001', answer('after expiry'), later);
      expect(await a.idempotency.find('actor', 'key-0001', later)).toEqual(answer('after expiry'));
    });

    it('appends of both processes at once make one chain, which each verifies', async () => {
      const entries = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).accessLog.append(access(i + 1))),
      );
      expect(entries.map((e) => e.sequence).sort((x, y) => x - y)).toEqual(
        Array.from({ length: 40 }, (_, i) => i + 1),
      );
      expect(await a.accessLog.verifyChain()).toEqual({ ok: true, entries: 40, checked: 40 });
      expect(await b.accessLog.verifyChain()).toEqual({ ok: true, entries: 40, checked: 40 });
      await b.accessLog.append(access(41));
      expect(await a.accessLog.verifyChain()).toEqual({ ok: true, entries: 41, checked: 1 });
      const odd = await b.accessLog.list('d-odd', { limit: 100 });
      expect(odd).toHaveLength(21); // 1, 3, … 41
      expect(odd.every((e) => e.doubtId === 'd-odd')).toBe(true);
      expect(odd.map((e) => e.sequence)).toEqual(odd.map((e) => e.sequence).sort((x, y) => x - y));
    });

    it('refuses UPDATE, DELETE and TRUNCATE of the access log in the database itself; a change around the trigger shows', async () => {
      for (let n = 1; n <= 3; n++) await a.accessLog.append(access(n));
      const client = new Client({ connectionString: withDefaultUser(database.url) });
      await client.connect();
      try {
        for (const sql of [
          `UPDATE dossier_access_log SET actor_id = 'someone-else'`,
          'DELETE FROM dossier_access_log',
          'TRUNCATE dossier_access_log',
        ]) {
          await expect(client.query(sql)).rejects.toThrow(/append-only/);
        }
        await client.query('ALTER TABLE dossier_access_log DISABLE TRIGGER dossier_access_log_no_change');
        await client.query(`UPDATE dossier_access_log SET actor_id = 'someone-else' WHERE sequence = 2`);
      } finally {
        await client.end();
      }
      expect(await b.accessLog.verifyChain()).toEqual({
        ok: false,
        sequence: 2,
        problem: 'the entry does not match its hash',
      });
    });
  });
}

import {
  createTestDatabase,
  postgresUnavailableReason,
  skipLoudly,
  type TestDatabase,
} from '@kyoyaku/event-store/testing';
import { CorruptEventError, withDefaultUser } from '@kyoyaku/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '../config/ledger-config';
import { seedDemoIfEmpty } from '../demo';
import { openLedger } from '../open-ledger/open-ledger';
import { systemClock } from '../open-ledger/clock';

/**
 * The integrity check's signed checkpoints and its corrupt-event finding on PostgreSQL, where the store differs: the envelope is read by another
 * adapter, and the signed checkpoints live in a table of the store's own database.
 */
const skipReason = postgresUnavailableReason();
if (skipReason !== null) {
  skipLoudly('LedgerIntegrity on PostgreSQL', skipReason);
} else {
  describe('LedgerIntegrity on PostgreSQL', () => {
    let database: TestDatabase;
    let dataDir: string;
    const config = () => ({
      ...loadConfig({}),
      dataDir,
      store: 'postgres' as const,
      postgresUrl: database.url,
    });
    const sql = async (text: string, values: unknown[] = []) => {
      const client = new Client({ connectionString: withDefaultUser(database.url) });
      await client.connect();
      try {
        return await client.query(text, values);
      } finally {
        await client.end();
      }
    };

    beforeAll(async () => {
      database = await createTestDatabase();
      dataDir = mkdtempSync(join(tmpdir(), 'kyoyaku-pg-integrity-'));
      await seedDemoIfEmpty(config());
    }, 120_000);
    afterAll(async () => {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('records each signed checkpoint append-only, and refuses another root for a signed size', async () => {
      const ledger = await openLedger(config(), systemClock);
      try {
        const checkpoint = await ledger.integrity.checkpoint();
        const rows = await sql('SELECT size, note FROM signed_checkpoints WHERE size = $1', [
          checkpoint.size,
        ]);
        expect(rows.rows).toEqual([{ size: checkpoint.size, note: checkpoint.note }]);
        await expect(sql('DELETE FROM signed_checkpoints')).rejects.toThrow(/append-only/);
        await expect(sql('UPDATE signed_checkpoints SET note = note')).rejects.toThrow(/append-only/);
        await expect(sql('TRUNCATE signed_checkpoints')).rejects.toThrow(/append-only/);
        expect(() => ledger.integrity.sign(BigInt(checkpoint.size), Buffer.alloc(32))).toThrow(/rewritten/);
      } finally {
        await ledger.close();
      }
    });

    it('a stored event whose JSON no longer parses is named by its position, and the check fails there', async () => {
      await sql(`UPDATE events SET envelope = substr(envelope, 1, 40) WHERE position = 12`);
      const ledger = await openLedger(config(), systemClock);
      try {
        await expect(ledger.store.readAll({ after: 0n, limit: 50 })).rejects.toThrow(CorruptEventError);
        await expect(ledger.store.readAll({ after: 0n, limit: 50 })).rejects.toThrow(
          /position 12 is corrupt/,
        );
        const state = await ledger.integrity.reverify();
        expect(state).toMatchObject({ status: 'failing', position: '12' });
      } finally {
        await ledger.close();
      }
    });
  });
}

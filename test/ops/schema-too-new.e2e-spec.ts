import { EVENT_STORE_MIGRATIONS, EVENT_STORE_SCHEMA_COMPONENT, SqliteEventStore } from '@kyoyaku/event-store';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LEDGER_FILE_NAME } from '../../apps/api/src/infrastructure/open-ledger';
import { startApiProcess } from './support/ts-process';

/**
 * Upgrade safety: a data folder written by a newer version of the software (a higher schema version
 * in schema_migrations) is refused at start-up — exit code 1 and one clear line on stderr, no stack
 * trace — and the file is left exactly as it was.
 */
describe('start-up refuses a data folder written by a newer schema version', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kyoyaku-schema-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('exits 1 naming the versions, and leaves the file untouched', async () => {
    const file = join(dataDir, LEDGER_FILE_NAME);
    await SqliteEventStore.open({ file }).close();
    const db = new Database(file);
    db.prepare(
      "INSERT INTO schema_migrations (component, version, name, applied_at) VALUES (?, 99, 'from the future', '2030-01-01T00:00:00Z')",
    ).run(EVENT_STORE_SCHEMA_COMPONENT);
    db.close();
    const digest = (): string => createHash('sha256').update(readFileSync(file)).digest('hex');
    const before = digest();

    const started = startApiProcess({ LEDGER_DATA_DIR: dataDir, LEDGER_SEED_DEMO: 'true' });
    await expect(started).rejects.toThrow(/exited before serving \(\{"code":1,"signal":null\}\)/);
    const message = await started.catch((error: Error) => error.message);
    expect(message).toContain(
      `cannot start: ${file}: the event-store schema is at version 99, but this software knows only up to ` +
        `version ${EVENT_STORE_MIGRATIONS.length}`,
    );
    expect(message).toContain('restore a backup made by it');
    expect(message).not.toMatch(/\n\s+at /); // one clear line, not a stack trace
    expect(digest()).toBe(before);
  }, 90_000);
});

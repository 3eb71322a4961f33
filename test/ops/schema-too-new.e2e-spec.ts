import { EVENT_STORE_MIGRATIONS, EVENT_STORE_SCHEMA_COMPONENT, SqliteEventStore } from '@kyoyaku/event-store';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LEDGER_FILE_NAME,
  API_STATE_FILE_NAME,
  API_STATE_SCHEMA_COMPONENT,
  API_STATE_SCHEMA_VERSION,
  ApiStateDatabase,
} from '@kyoyaku/runtime';
import { startApiProcess } from './support/ts-process';

/**
 * Upgrade safety: a data folder written by a newer version of the software (a higher schema version
 * in the ledger file's schema_migrations, or in api.sqlite's user_version) is refused at start-up —
 * exit code 1 and one clear line on stderr, no stack trace — and the file is left exactly as it was.
 * With LEDGER_SEED_DEMO=true the files are first opened by the demo loader; with false, inside
 * NestFactory.create, whose own error handling must not take over the message or the exit.
 */
describe('start-up refuses a data folder written by a newer schema version', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kyoyaku-schema-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const digestOf = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

  /** Starts the API on `dataDir`; resolves to its output once it has exited 1 as it must. */
  async function refusedStart(seedDemo: 'true' | 'false'): Promise<string> {
    const started = startApiProcess({ LEDGER_DATA_DIR: dataDir, LEDGER_SEED_DEMO: seedDemo });
    await expect(started).rejects.toThrow(/exited before serving \(\{"code":1,"signal":null\}\)/);
    return started.then(
      () => 'it served',
      (error: Error) => error.message,
    );
  }

  function expectOneClearLine(message: string): void {
    expect(message).toContain('restore a backup made by it');
    expect(message).not.toMatch(/\n\s+at /); // one clear line, not a stack trace
    expect(message.match(/cannot start:/g)).toHaveLength(1);
  }

  it.each(['true', 'false'] as const)(
    'the ledger file: exits 1 naming the versions, and leaves the file untouched (LEDGER_SEED_DEMO=%s)',
    async (seedDemo) => {
      const file = join(dataDir, LEDGER_FILE_NAME);
      await SqliteEventStore.open({ file }).close();
      const db = new Database(file);
      db.prepare(
        "INSERT INTO schema_migrations (component, version, name, applied_at) VALUES (?, 99, 'from the future', '2030-01-01T00:00:00Z')",
      ).run(EVENT_STORE_SCHEMA_COMPONENT);
      db.close();
      const before = digestOf(file);

      const message = await refusedStart(seedDemo);
      expect(message).toContain(
        `cannot start: ${file}: the event-store schema is at version 99, but this software knows only up to ` +
          `version ${EVENT_STORE_MIGRATIONS.length}`,
      );
      expectOneClearLine(message);
      expect(digestOf(file)).toBe(before);
    },
    90_000,
  );

  it.each(['true', 'false'] as const)(
    'api.sqlite: exits 1 naming the versions, and leaves the file untouched (LEDGER_SEED_DEMO=%s)',
    async (seedDemo) => {
      ApiStateDatabase.open(dataDir).close();
      const file = join(dataDir, API_STATE_FILE_NAME);
      const db = new Database(file);
      db.pragma('user_version = 99');
      db.close();
      const before = digestOf(file);

      const message = await refusedStart(seedDemo);
      expect(message).toContain(
        `cannot start: ${file}: the ${API_STATE_SCHEMA_COMPONENT} schema is at version 99, but this software ` +
          `knows only up to version ${API_STATE_SCHEMA_VERSION}`,
      );
      expectOneClearLine(message);
      expect(digestOf(file)).toBe(before);
    },
    90_000,
  );
});

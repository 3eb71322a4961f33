import { StoreUnavailableError } from '@kyoyaku/event-store';
import {
  createTestDatabase,
  postgresUnavailableReason,
  skipLoudly,
  type TestDatabase,
} from '@kyoyaku/event-store/testing';
import { openCheckpoint } from '@kyoyaku/ledger';
import { PostgresReadModels } from '@kyoyaku/projections';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, systemClock, openLedger, READ_MODELS_FILE_NAME } from '@kyoyaku/runtime';

/**
 * LEDGER_STORE=eventstoredb as the API opens it, on this machine where no EventStoreDB runs: the
 * client connects lazily, so the ledger opens, its read store (SQLite or PostgreSQL) holds the
 * projector's state and the Merkle tree, and every use of the store says StoreUnavailable.
 */
async function unreachable(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `esdb://127.0.0.1:${address.port}?tls=false`;
}

describe('LEDGER_STORE=eventstoredb, its server unreachable', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kyoyaku-esdb-wiring-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('opens with its read models in the data folder, signs the empty tree, and answers StoreUnavailable', async () => {
    const config = loadConfig({
      LEDGER_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: await unreachable(),
      LEDGER_DATA_DIR: dataDir,
    });
    const ledger = await openLedger(config, systemClock);
    try {
      expect(ledger.store.gapFreePositions).toBe(false);
      expect(existsSync(join(dataDir, READ_MODELS_FILE_NAME))).toBe(true);
      expect(existsSync(join(dataDir, 'ledger.sqlite'))).toBe(false);
      expect(ledger.projector.checkpoint()).toBe(0n);
      // The tree lives with the read models: empty, and signed as such without the server.
      expect(await ledger.integrity.treeSize()).toBe(0n);
      const checkpoint = await ledger.integrity.checkpoint();
      expect(openCheckpoint(checkpoint.note, ledger.integrity.verifierKey).size).toBe(0n);
      await expect(ledger.projector.catchUp()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(
        ledger.store.append(
          'agreement-1',
          [
            {
              type: 'AgreementDrafted',
              schemaVersion: 1,
              data: {},
              metadata: { actor: { id: 'a', role: 'admin' }, correlationId: 'c', source: 'cli' },
            },
          ],
          { expectedRevision: 'no_stream' },
        ),
      ).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      await ledger.close();
    }
  }, 30_000);
});

const postgresSkip = postgresUnavailableReason();
if (postgresSkip !== null) {
  skipLoudly('LEDGER_STORE=eventstoredb with LEDGER_READ_STORE=postgres', postgresSkip);
} else {
  describe('LEDGER_STORE=eventstoredb with LEDGER_READ_STORE=postgres, its server unreachable', () => {
    let dataDir: string;
    let database: TestDatabase;

    beforeEach(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'kyoyaku-esdb-wiring-'));
      database = await createTestDatabase();
    });
    afterEach(async () => {
      rmSync(dataDir, { recursive: true, force: true });
      await database.drop();
    });

    it('keeps the read models in PostgreSQL, not in the data folder', async () => {
      const config = loadConfig({
        LEDGER_STORE: 'eventstoredb',
        EVENTSTORE_CONNECTION_STRING: await unreachable(),
        LEDGER_READ_STORE: 'postgres',
        LEDGER_POSTGRES_URL: database.url,
        LEDGER_DATA_DIR: dataDir,
      });
      const ledger = await openLedger(config, systemClock);
      try {
        expect(ledger.readModelStore).toBeInstanceOf(PostgresReadModels);
        expect(existsSync(join(dataDir, READ_MODELS_FILE_NAME))).toBe(false);
        expect(await ledger.integrity.treeSize()).toBe(0n);
        await expect(ledger.store.headPosition()).rejects.toBeInstanceOf(StoreUnavailableError);
      } finally {
        await ledger.close();
      }
    }, 30_000);
  });
}

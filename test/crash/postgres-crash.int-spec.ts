import {
  createTestDatabase,
  postgresUnavailableReason,
  skipLoudly,
  type TestDatabase,
} from '@kyoyaku/event-store/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childScript, expectIntactLedger, readAcks, startChild } from './postgres-crash.support';

/**
 * Crash test on PostgreSQL: a child process appends through the PostgresEventStore (single,
 * concurrent and idempotent appends, the Merkle log in the same transactions) and is SIGKILLed at
 * a random moment, five times. After each kill: every acknowledged append is there with the same
 * hash, nothing is torn or doubled, positions run 1..head, the chains and the tree verify — and the
 * killed writer's transaction and append lock are gone (the server ends them with its connection),
 * so the next writer is not held up.
 */
const ROUNDS = 5;
const skipReason = postgresUnavailableReason();

if (skipReason !== null) {
  skipLoudly('PostgresEventStore survives SIGKILL of the writer', skipReason);
} else {
  describe('PostgresEventStore survives SIGKILL of the writer at any moment', () => {
    let database: TestDatabase;
    const folder = mkdtempSync(join(tmpdir(), 'kyoyaku-pg-crash-'));
    const ackFile = join(folder, 'acks.jsonl');

    beforeAll(async () => {
      database = await createTestDatabase();
    }, 30_000);
    afterAll(async () => {
      await database.drop();
      rmSync(folder, { recursive: true, force: true });
    }, 30_000);

    it(`keeps every acknowledged append, whole, once and verifiable, across ${ROUNDS} kills`, async () => {
      const script = childScript();
      let acknowledged = 0;
      for (let round = 1; round <= ROUNDS; round++) {
        const child = startChild(script, {
          CRASH_PG_URL: database.url,
          CRASH_PG_SCHEMA: 'crash',
          CRASH_ACK_FILE: ackFile,
          CRASH_ROUND: String(round),
        });
        await child.ready;
        await new Promise((resolve) => setTimeout(resolve, 250 + Math.floor(Math.random() * 900)));
        child.kill();
        const result = await child.exited;
        // Killed by us, not failed by itself.
        expect({ round, signal: result.signal, stderr: result.stderr }).toEqual({
          round,
          signal: 'SIGKILL',
          stderr: '',
        });

        const acks = readAcks(ackFile);
        expect(acks.length).toBeGreaterThan(acknowledged); // the round made progress
        acknowledged = acks.length;
        const started = Date.now();
        await expectIntactLedger(database.url, 'crash', acks);
        // Opening, reading everything and writing did not wait for the dead writer's lock.
        expect(Date.now() - started).toBeLessThan(10_000);
      }
      expect(acknowledged).toBeGreaterThan(ROUNDS * 10);
    }, 120_000);
  });
}

import {
  createTestDatabase,
  postgresUnavailableReason,
  skipLoudly,
  type TestDatabase,
} from '@kyoyaku/event-store/testing';
import {
  generateSignerKey,
  openCheckpoint,
  parseSignerKey,
  signCheckpoint,
  verifierKeyOf,
  verifyExport,
  verifyKeyHistory,
} from '@kyoyaku/ledger';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LedgerConfig, loadConfig } from '../config/ledger-config';
import { seedDemoIfEmpty } from '../demo';
import type { VerifierKeyHistory } from '../integrity/ledger-integrity';
import type { Clock } from './clock';
import { openLedger, type OpenLedger } from './open-ledger';
import { rotateSigningKey } from './rotate-signing-key';
import { NEXT_SIGNING_KEY_FILE, SIGNING_KEY_FILE, SigningKeyError, writeNextSigningKey } from './signing-key';

/**
 * The signing key changes only by an explicit rotation, which the
 * retiring key signs; the ledger keeps the history of its keys, and every checkpoint it ever signed
 * still verifies through that chain, each with the key valid at its size.
 */
class SteppingClock implements Clock {
  private at = Date.parse('2026-11-27T03:00:00.000Z');
  now(): Date {
    this.at += 1000;
    return new Date(this.at);
  }
}

async function withLedger<T>(config: LedgerConfig, clock: Clock, work: (l: OpenLedger) => Promise<T>) {
  const ledger = await openLedger(config, clock);
  try {
    return await work(ledger);
  } finally {
    await ledger.close();
  }
}

let streams = 0;
async function appendNotes(ledger: OpenLedger, count: number): Promise<void> {
  await ledger.store.append(
    `test-rotation-${++streams}`,
    Array.from({ length: count }, (_, i) => ({
      type: 'RotationTestNoted',
      schemaVersion: 1,
      data: { i },
      metadata: {
        actor: { id: 'tester', role: 'system' as const },
        correlationId: `c-${i}`,
        source: 'cli' as const,
      },
    })),
    { expectedRevision: 'no_stream' },
  );
}

async function exportOf(ledger: OpenLedger): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of ledger.integrity.exportLines()) lines.push(line.trimEnd());
  return lines;
}

function chainOf(history: VerifierKeyHistory, pinned?: string) {
  const report = verifyKeyHistory(
    history.keys.map((k) => ({ ...k, fromSize: BigInt(k.from.treeSize) })),
    pinned,
  );
  if (!report.ok) throw new Error(report.problem);
  return report.chain;
}

function rotationSuite(
  name: string,
  configure: () => Promise<{ config: LedgerConfig; drop(): Promise<void> }>,
) {
  describe(`rotating the signing key (${name})`, () => {
    let config: LedgerConfig;
    let drop: () => Promise<void>;
    const clock = new SteppingClock();
    let oldSignerKey: string;
    let oldKey: string;
    let earlier: { size: bigint; note: string };
    let rotationSize: bigint;
    const keyFile = () => join(config.dataDir, SIGNING_KEY_FILE);
    const history = () => withLedger(config, clock, (ledger) => ledger.integrity.verifierKeys());

    beforeAll(async () => {
      ({ config, drop } = await configure());
      await seedDemoIfEmpty(config);
      earlier = await withLedger(config, clock, async (ledger) => {
        await ledger.projector.catchUp();
        const checkpoint = await ledger.integrity.checkpoint();
        await appendNotes(ledger, 3);
        return { size: BigInt(checkpoint.size), note: checkpoint.note };
      });
      oldSignerKey = readFileSync(keyFile(), 'utf8').trim();
      oldKey = verifierKeyOf(oldSignerKey);
      const rotation = await rotateSigningKey(config, clock);
      expect(rotation).toMatchObject({ previousKey: oldKey, size: earlier.size + 3n, keyFile: keyFile() });
      rotationSize = rotation.size;
      await withLedger(config, clock, async (ledger) => {
        await appendNotes(ledger, 5);
        await ledger.projector.catchUp();
        await ledger.integrity.checkpoint();
      });
    }, 180_000);
    afterAll(async () => {
      await drop();
      rmSync(config.dataDir, { recursive: true, force: true });
    });

    it('replaces the key file with the new key, and records both keys with their periods', async () => {
      const newKey = verifierKeyOf(readFileSync(keyFile(), 'utf8').trim());
      expect(newKey).not.toBe(oldKey);
      expect(existsSync(join(config.dataDir, NEXT_SIGNING_KEY_FILE))).toBe(false);
      const { keys, current } = await history();
      expect(keys).toEqual([
        {
          verifierKey: oldKey,
          keyId: oldKey.split('+').slice(0, 2).join('+'),
          from: { treeSize: '0', at: expect.any(String) as unknown },
          to: { treeSize: rotationSize.toString(), at: keys[1]?.from.at },
          rotationStatement: null,
        },
        {
          verifierKey: newKey,
          keyId: newKey.split('+').slice(0, 2).join('+'),
          from: { treeSize: rotationSize.toString(), at: expect.any(String) as unknown },
          to: null,
          rotationStatement: expect.stringContaining(
            `\nkey rotation\n${rotationSize.toString()}\n`,
          ) as unknown,
        },
      ]);
      expect(current).toBe(newKey);
      expect(chainOf(await history(), oldKey).periods).toHaveLength(2);
    });

    it('keeps the earlier checkpoints verifiable through the chain, and signs the new ones with the new key', async () => {
      const lines = await withLedger(config, clock, exportOf);
      const report = await verifyExport(lines, {
        verifierKey: chainOf(await history(), oldKey),
        olderCheckpoint: earlier.note,
      });
      expect(report).toMatchObject({ ok: true, olderCheckpoint: { size: earlier.size } });
      expect(report.ok && report.checkpoint.size).toBe(rotationSize + 5n);
      // The old key alone does not open the current checkpoint: a verifier needs the statement.
      expect(await verifyExport(lines, { verifierKey: oldKey })).toMatchObject({
        ok: false,
        kind: 'checkpoint-unknown-key',
      });
    });

    it('serves the old key’s note for a size it signed before the rotation, and signs no earlier size anew', async () => {
      await withLedger(config, clock, async (ledger) => {
        const before = await ledger.integrity.checkpoint(earlier.size);
        expect(before.note).toBe(earlier.note);
        // At the rotation's size both keys are valid: served with the current key, as verifier-key says.
        const atRotation = await ledger.integrity.checkpoint(rotationSize);
        expect(openCheckpoint(atRotation.note, ledger.integrity.verifierKey).size).toBe(rotationSize);
        await expect(ledger.integrity.checkpoint(rotationSize - 1n)).rejects.toThrow(
          /the current key signs only sizes from/,
        );
      });
    });

    it('passes its own integrity check, which follows the chain', async () => {
      const state = await withLedger(config, clock, (ledger) => ledger.integrity.reverify());
      expect(state).toMatchObject({ status: 'ok' });
    });

    it('refuses a checkpoint signed by the old key after the rotation size', async () => {
      const old = parseSignerKey(oldSignerKey);
      const lines = await withLedger(config, clock, exportOf);
      const size = rotationSize + 2n;
      const root = await withLedger(config, clock, async (ledger) =>
        Buffer.from((await ledger.integrity.consistency(size, size)).newRoot, 'base64'),
      );
      const report = await verifyExport(lines, {
        verifierKey: chainOf(await history(), oldKey),
        olderCheckpoint: signCheckpoint({ origin: old.name, size, root }, old),
      });
      expect(report).toMatchObject({ ok: false, kind: 'older-checkpoint-key-period' });
      expect(!report.ok && report.problem).toContain(
        `is signed by ${oldKey.split('+').slice(0, 2).join('+')}, whose period is tree sizes 0–${rotationSize.toString()} (retired by the rotation at size ${rotationSize.toString()})`,
      );
    });

    it('without a rotation, a deleted key still refuses to start (and cannot be rotated), nor does the old key start it', async () => {
      const current = readFileSync(keyFile(), 'utf8');
      unlinkSync(keyFile());
      await expect(openLedger(config, clock)).rejects.toThrow(SigningKeyError);
      await expect(openLedger(config, clock)).rejects.toThrow(
        /is missing, but this ledger has signed checkpoints/,
      );
      await expect(rotateSigningKey(config, clock)).rejects.toThrow(SigningKeyError);
      expect(existsSync(keyFile())).toBe(false);
      writeFileSync(keyFile(), `${oldSignerKey}\n`);
      await expect(openLedger(config, clock)).rejects.toThrow(/is not this ledger's current signing key/);
      await expect(
        openLedger({ ...config, signingKey: generateSignerKey(config.logName) }, clock),
      ).rejects.toThrow(/is not this ledger's current signing key/);
      writeFileSync(keyFile(), current);
      await withLedger(config, clock, () => Promise.resolve());
    });

    it('finishes at the next start a rotation cut short after the history recorded it', async () => {
      const next = generateSignerKey(config.logName);
      await withLedger(config, clock, async (ledger) => {
        writeNextSigningKey(config, next);
        await ledger.integrity.rotate(parseSignerKey(next));
        // The process dies here, before the new key is renamed into place.
      });
      await withLedger(config, clock, (ledger) => {
        expect(ledger.integrity.verifierKey).toBe(verifierKeyOf(next));
        return Promise.resolve();
      });
      expect(readFileSync(keyFile(), 'utf8').trim()).toBe(next);
      expect(chainOf(await history(), oldKey).periods).toHaveLength(3);
    });
  });
}

rotationSuite('SQLite', () =>
  Promise.resolve({
    config: { ...loadConfig({}), dataDir: mkdtempSync(join(tmpdir(), 'kyoyaku-rotate-')) },
    drop: () => Promise.resolve(),
  }),
);

const skipReason = postgresUnavailableReason();
if (skipReason !== null) {
  skipLoudly('rotating the signing key (PostgreSQL)', skipReason);
} else {
  rotationSuite('PostgreSQL', async () => {
    const database: TestDatabase = await createTestDatabase();
    return {
      config: {
        ...loadConfig({}),
        dataDir: mkdtempSync(join(tmpdir(), 'kyoyaku-rotate-pg-')),
        store: 'postgres',
        postgresUrl: database.url,
      },
      drop: () => database.drop(),
    };
  });
}

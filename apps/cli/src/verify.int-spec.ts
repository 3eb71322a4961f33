import {
  canonicalEventBytes,
  computeEventHash,
  type RecordedEvent,
  SqliteEventStore,
} from '@kyoyaku/event-store';
import { generateSignerKey, SqliteMerkleLog, verifierKeyOf } from '@kyoyaku/ledger';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AOMORI_DEMO_STEPS, withDoubtSteps } from '../../../test/fixtures/aomori';
import {
  loadConfig,
  loadSigningKey,
  LedgerIntegrity,
  systemClock,
  LEDGER_FILE_NAME,
  openLedger,
} from '@kyoyaku/runtime';
import { runCli } from './cli';

/** The streams the demo records to, as its fixture states them (agreements, regions, projects, …). */
const DEMO_STREAMS = new Set(withDoubtSteps(AOMORI_DEMO_STEPS).map((step) => step.streamId)).size;

/**
 * Tampering with the SQLite file itself, as someone with access to the server's disk could: the
 * export of the tampered ledger must fail offline verification and name where.
 */
describe('verify: an export of a tampered ledger file is refused', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let olderCheckpoint: string;
  /** The events the seeded store holds, read from the store rather than from the export. */
  let seededEvents: bigint;
  let n = 0;
  const run = async (...argv: string[]): Promise<{ code: number; output: string }> => {
    let output = '';
    const code = await runCli(argv, env, { out: (text) => (output += text) });
    return { code, output };
  };
  const exportAndVerify = async (...options: string[]): Promise<{ code: number; output: string }> => {
    const file = join(dataDir, `export-${++n}.ndjson`);
    expect((await run('export', file)).code).toBe(0);
    return run('verify', file, ...options);
  };
  const ledgerFile = (): Database.Database => new Database(join(dataDir, LEDGER_FILE_NAME));

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kyoyaku-verify-'));
    env = { LEDGER_DATA_DIR: dataDir };
    expect((await run('seed')).code).toBe(0);
    const ledger = await openLedger(loadConfig(env), systemClock);
    seededEvents = await ledger.store.headPosition();
    olderCheckpoint = join(dataDir, 'older.note');
    writeFileSync(olderCheckpoint, (await ledger.integrity.checkpoint()).note);
    await ledger.close();
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('accepts the untouched export, also against the older checkpoint', async () => {
    const result = await exportAndVerify('--checkpoint', olderCheckpoint);
    expect(result.output.split(';')[0]).toBe(`OK: ${seededEvents} events in ${DEMO_STREAMS} streams`);
    expect(result.code).toBe(0);
  });

  it('accepts an export filtered for a reader (the doubts withheld as stubs), also against the older checkpoint', async () => {
    const ledger = await openLedger(loadConfig(env), systemClock);
    const lines: string[] = [];
    for await (const line of ledger.integrity.exportLines((e) => e.streamId.startsWith('doubt-')))
      lines.push(line);
    await ledger.close();
    const withheld = lines.filter((line) => line.includes('"withheld":true')).length;
    expect(withheld).toBeGreaterThan(10);
    const file = join(dataDir, 'filtered.ndjson');
    writeFileSync(file, lines.join(''));
    const result = await run('verify', file, '--checkpoint', olderCheckpoint);
    expect(result.output.split(';')[0]).toBe(
      `OK: ${seededEvents} events in ${DEMO_STREAMS - 3} streams (${withheld} withheld from this export: in the tree by their leaf hash only)`,
    );
    expect(result.code).toBe(0);
  });

  it('names the position of one edited byte', async () => {
    const db = ledgerFile();
    db.prepare(
      `UPDATE events SET envelope = replace(envelope, '"source":"import"', '"source":"imporT"') WHERE position = 12`,
    ).run();
    db.close();
    const result = await exportAndVerify();
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/^FAILED at position 12 .*hash/);
  });

  it('names the position of a deleted event', async () => {
    const db = ledgerFile();
    db.prepare('DELETE FROM events WHERE position = 20').run();
    db.close();
    const result = await exportAndVerify();
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/^FAILED at position 20 /);
  });

  it('names the position of two swapped events', async () => {
    const db = ledgerFile();
    const rows = db
      .prepare('SELECT position, envelope, hash FROM events WHERE position IN (30, 31)')
      .all() as {
      position: number;
      envelope: string;
      hash: string;
    }[];
    const [a, b] = rows;
    if (a === undefined || b === undefined) throw new Error('fixture too short');
    const swap = db.prepare('UPDATE events SET envelope = ?, hash = ? WHERE position = ?');
    db.transaction(() => {
      swap.run(b.envelope, b.hash, a.position);
      swap.run(a.envelope, a.hash, b.position);
    })();
    db.close();
    const result = await exportAndVerify();
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/^FAILED at position 30 /);
  });

  it('a tail rewritten with fresh valid hashes and tree is not signed again, and fails against a checkpoint taken before', async () => {
    const store = SqliteEventStore.open({ file: join(dataDir, LEDGER_FILE_NAME) });
    const head = await store.headPosition();
    const tail = await store.readAll({ after: head - 5n, limit: 5 });
    await store.close();
    const db = ledgerFile();
    const prevOf = new Map<string, string | null>();
    const streamEvents = db.prepare('SELECT hash FROM events WHERE stream_id = ? AND revision = ?').pluck();
    db.transaction(() => {
      for (const event of tail) {
        const prevHash =
          event.revision === 0n
            ? null
            : (prevOf.get(event.streamId) ??
              (streamEvents.get(event.streamId, event.revision - 1n) as string | undefined) ??
              null);
        const forged: RecordedEvent = { ...event, data: { ...event.data, forged: true }, prevHash };
        const hash = computeEventHash(forged);
        const envelope = canonicalEventBytes(forged).toString('utf8');
        db.prepare('UPDATE events SET envelope = ?, hash = ?, prev_hash = ? WHERE position = ?').run(
          envelope,
          hash,
          prevHash,
          forged.position,
        );
        prevOf.set(event.streamId, hash);
      }
      // The forger also rebuilds the tree, so the server signs the forged root.
      db.prepare('DELETE FROM merkle_tree').run();
    })();
    db.close();
    // The server signed that size before, with another root: it refuses to sign the forged one.
    const file = join(dataDir, 'forged.ndjson');
    const exported = await run('export', file);
    expect(exported.code).toBe(1);
    expect(exported.output).toMatch(/^FAILED at .*history up to position \d+ was rewritten/);
    // Whoever holds the key and signs the forged tree without the record passes alone, but not
    // against a checkpoint taken before.
    const log = new SqliteMerkleLog();
    const forgedStore = SqliteEventStore.open({ file: join(dataDir, LEDGER_FILE_NAME), participants: [log] });
    const forger = new LedgerIntegrity(forgedStore, log, loadSigningKey(loadConfig(env)), () => new Date());
    let lines = '';
    for await (const line of forger.exportLines()) lines += line;
    await forgedStore.close();
    writeFileSync(file, lines);
    expect((await run('verify', file)).output).toMatch(/^OK/);
    const against = await run('verify', file, '--checkpoint', olderCheckpoint);
    expect(against.code).toBe(1);
    expect(against.output).toMatch(/^FAILED.*older checkpoint/i);
  });

  it('refuses an export checked with another key', async () => {
    const other = verifierKeyOf(generateSignerKey('kyoyaku-ledger'));
    const result = await exportAndVerify('--key', other);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/^FAILED/);
    const malformed = await exportAndVerify('--key', 'not-a-key');
    expect(malformed.code).toBe(2);
  });
});

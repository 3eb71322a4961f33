import { SqliteEventStore } from '@kyoyaku/event-store';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childScript, expectIntactEvents, readAcks, readEverything, REPO_ROOT } from './crash-checks.support';

/**
 * Crash test: a child process appends through the SqliteEventStore (single, concurrent and
 * idempotent appends on several streams) and is SIGKILLed at a random moment, five times. After
 * each kill the file is reopened: every acknowledged append is there with the same hash, the
 * chains verify, positions run 1..head without a gap, and no append is torn.
 */

const ROUNDS = 5;

interface RoundResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs the child until it is ready, lets it append for `runMs`, then SIGKILLs it. */
function runAndKill(script: string, env: Record<string, string>, runMs: number): Promise<RoundResult> {
  return new Promise((resolveRound, rejectRound) => {
    const child = spawn(process.execPath, ['-e', script], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let killTimer: NodeJS.Timeout | null = null;
    const startupTimer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      if (killTimer === null && chunk.toString().includes('ready')) {
        clearTimeout(startupTimer);
        killTimer = setTimeout(() => child.kill('SIGKILL'), runMs);
      }
    });
    child.on('error', rejectRound);
    child.on('exit', (code, signal) => {
      clearTimeout(startupTimer);
      if (killTimer !== null) clearTimeout(killTimer);
      resolveRound({ code, signal, stderr });
    });
  });
}

describe('SqliteEventStore survives SIGKILL at any moment', () => {
  const folder = mkdtempSync(join(tmpdir(), 'kyoyaku-crash-'));
  const file = join(folder, 'ledger.sqlite');
  const ackFile = join(folder, 'acks.jsonl');

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it(`keeps every acknowledged append, whole and verifiable, across ${ROUNDS} kills`, async () => {
    const script = childScript('append-loop.child.ts');
    let acknowledged = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const runMs = 250 + Math.floor(Math.random() * 900);
      const result = await runAndKill(
        script,
        { CRASH_DB_FILE: file, CRASH_ACK_FILE: ackFile, CRASH_ROUND: String(round) },
        runMs,
      );
      // Killed by us, not crashed by itself.
      expect({ round, signal: result.signal, stderr: result.stderr }).toEqual({
        round,
        signal: 'SIGKILL',
        stderr: '',
      });

      const acks = readAcks(ackFile);
      expect(acks.length).toBeGreaterThan(acknowledged); // the round made progress
      acknowledged = acks.length;

      const store = SqliteEventStore.open({ file });
      try {
        const all = await readEverything(store);
        expect(await store.headPosition()).toBe(BigInt(all.length));
        expectIntactEvents(all, acks);
      } finally {
        await store.close();
      }
      const db = new Database(file, { readonly: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.pragma('foreign_key_check')).toEqual([]);
      } finally {
        db.close();
      }
    }
    expect(acknowledged).toBeGreaterThan(ROUNDS * 10);
  }, 60_000);
});

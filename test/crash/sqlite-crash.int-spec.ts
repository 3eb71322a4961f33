import { type RecordedEvent, SqliteEventStore, verifyEvent, verifyStreamChain } from '@kyoyaku/event-store';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';
import type { Ack } from './append-loop.child';

/**
 * Crash test: a child process appends through the SqliteEventStore (single, concurrent and
 * idempotent appends on several streams) and is SIGKILLed at a random moment, five times. After
 * each kill the file is reopened: every acknowledged append is there with the same hash, the
 * chains verify, positions run 1..head without a gap, and no append is torn.
 */

const ROOT = resolve(__dirname, '..', '..');
const ROUNDS = 5;

/** node -e script: the transpiled .ts hook, then the child (see ts-register.hook.ts). */
function childScript(): string {
  const hook = ts.transpileModule(readFileSync(join(__dirname, 'ts-register.hook.ts'), 'utf8'), {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  }).outputText;
  return `${hook}\nregisterTypeScript(${JSON.stringify(ROOT)});\nrequire(${JSON.stringify(
    join(__dirname, 'append-loop.child.ts'),
  )});\n`;
}

interface RoundResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs the child until it is ready, lets it append for `runMs`, then SIGKILLs it. */
function runAndKill(script: string, env: Record<string, string>, runMs: number): Promise<RoundResult> {
  return new Promise((resolveRound, rejectRound) => {
    const child = spawn(process.execPath, ['-e', script], {
      cwd: ROOT,
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

function readAcks(ackFile: string): Ack[] {
  if (!existsSync(ackFile)) return [];
  const lines = readFileSync(ackFile, 'utf8').split('\n');
  const acks: Ack[] = [];
  for (const line of lines) {
    if (line.length === 0) continue;
    try {
      acks.push(JSON.parse(line) as Ack);
    } catch {
      // Only the very last line can be torn by the kill (a write cut between two pages).
      expect(line).toBe(lines.filter((l) => l.length > 0).pop());
    }
  }
  return acks;
}

async function readEverything(store: SqliteEventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after: BigInt(all.length), limit: 1000 });
    all.push(...page);
    if (page.length < 1000) return all;
  }
}

describe('SqliteEventStore survives SIGKILL at any moment', () => {
  const folder = mkdtempSync(join(tmpdir(), 'kyoyaku-crash-'));
  const file = join(folder, 'ledger.sqlite');
  const ackFile = join(folder, 'acks.jsonl');

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it(`keeps every acknowledged append, whole and verifiable, across ${ROUNDS} kills`, async () => {
    const script = childScript();
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
        // Positions 1..head, no gap; head counts every event.
        expect(all.map((e) => e.position)).toEqual(all.map((_, i) => BigInt(i + 1)));
        expect(await store.headPosition()).toBe(BigInt(all.length));
        // Every acknowledged event is there, unchanged.
        for (const ack of acks) {
          const event = all[Number(ack.p) - 1];
          expect({
            s: event?.streamId,
            r: event?.revision.toString(),
            h: event?.hash,
            id: event?.eventId,
          }).toEqual({
            s: ack.s,
            r: ack.r,
            h: ack.h,
            id: ack.id,
          });
        }
        // Every event verifies; every stream is an unbroken chain from revision 0.
        expect(all.filter((e) => !verifyEvent(e)).map((e) => e.position)).toEqual([]);
        const streams = new Map<string, RecordedEvent[]>();
        for (const event of all) streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event]);
        for (const [streamId, events] of streams) {
          expect({ streamId, chain: verifyStreamChain(events) }).toEqual({ streamId, chain: { ok: true } });
        }
        // No torn append: each append's events are all there, consecutive in its stream.
        const appends = new Map<string, RecordedEvent[]>();
        for (const event of all) {
          const key = JSON.stringify(event.data.append);
          appends.set(key, [...(appends.get(key) ?? []), event]);
        }
        for (const [append, events] of appends) {
          const count = events[0]?.data.count;
          expect({ append, count: events.length }).toEqual({ append, count });
          expect(events.map((e) => e.data.index)).toEqual(events.map((_, i) => i));
          expect(events.map((e) => e.revision - (events[0]?.revision ?? 0n))).toEqual(
            events.map((_, i) => BigInt(i)),
          );
        }
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

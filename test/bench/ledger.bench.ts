/**
 * `npm run bench:ledger` (not a test): the cost of the Merkle log on appends (the same store with and
 * without it, in the same run), proof generation and verification on a tree of 1,000,000 leaves, and
 * the offline verification of an export of 1,000,000 events.
 *
 *   BENCH_APPEND=50000 BENCH_REPEAT=3 BENCH_TREE=1000000 BENCH_EXPORT=1000000 npm run bench:ledger
 *   BENCH_TREE=0 npm run bench:ledger        # the append rows alone (BENCH_EXPORT=0: no export)
 */
import Database from 'better-sqlite3';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { canonicalEventBytes, computeEventHash } from '../../libs/event-store/src/event-hash';
import { type CommittedEnvelope, committedEnvelope } from '../../libs/event-store/src/event-import';
import type { NewEvent, RecordedEvent } from '../../libs/event-store/src/event-store.port';
import { SqliteEventStore } from '../../libs/event-store/src/sqlite/sqlite-event-store';
import { leafHash } from '../../libs/ledger/src/merkle/merkle-hash';
import {
  MemoryMerkleNodes,
  verifyConsistency,
  verifyInclusion,
} from '../../libs/ledger/src/merkle/merkle-tree';
import { generateSignerKey, signCheckpoint, verifierKeyOf } from '../../libs/ledger/src/note/signed-note';
import { SqliteMerkleLog } from '../../libs/ledger/src/sqlite/sqlite-merkle-log';
import { exportCheckpointLine, exportEventLine } from '../../libs/ledger/src/verify/export-format';
import { verifyExport } from '../../libs/ledger/src/verify/export-verifier';

const APPEND = Number(process.env.BENCH_APPEND ?? 50_000);
const TREE = BigInt(process.env.BENCH_TREE ?? 1_000_000);
const EXPORT = Number(process.env.BENCH_EXPORT ?? 1_000_000);
const CONCURRENCY = 64;
const PROOFS = 20_000;
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);

const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;
const rows: string[][] = [];

function newEvent(i: number): NewEvent {
  return {
    type: 'CouncilResolutionRecorded',
    schemaVersion: 1,
    data: {
      proceedingId: `p-${i % 97}`,
      decision: 'approved',
      resolvedOn: '2019-12-12',
      note: '議会の議決'.repeat(20),
    },
    metadata: { actor: { id: 'bench', role: 'admin' }, correlationId: `c-${i}`, source: 'cli' },
  };
}

/**
 * Appends through two stores, one with the tree and one without, in alternating slices (which side
 * goes first alternates too) so that the disk's fsync noise falls on both alike; returns each
 * side's events per second.
 */
async function appendRates(dir: string, repetition: number): Promise<{ plain: number; withTree: number }> {
  const stores = {
    plain: SqliteEventStore.open({ file: join(dir, `append-plain-${repetition}.sqlite`) }),
    withTree: SqliteEventStore.open({
      file: join(dir, `append-tree-${repetition}.sqlite`),
      participants: [new SqliteMerkleLog()],
    }),
  };
  const elapsed = { plain: 0, withTree: 0 };
  const SLICE = 2_000;
  for (let done = 0, slice = 0; done < APPEND; done += SLICE, slice++) {
    const sides = slice % 2 === 0 ? (['plain', 'withTree'] as const) : (['withTree', 'plain'] as const);
    for (const side of sides) {
      const store = stores[side];
      const start = process.hrtime.bigint();
      let next = done;
      const end = Math.min(done + SLICE, APPEND);
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async (_, worker) => {
          for (;;) {
            const i = next++;
            if (i >= end) return;
            await store.append(`stream-${worker}-${i % 16}`, [newEvent(i)], { expectedRevision: 'any' });
          }
        }),
      );
      elapsed[side] += seconds(start);
    }
  }
  await stores.plain.close();
  await stores.withTree.close();
  return { plain: APPEND / elapsed.plain, withTree: APPEND / elapsed.withTree };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** `median [min–max]` of several values. */
function medianAndRange(values: readonly number[], format: (n: number) => string): string {
  const range = values.length < 2 ? '' : ` [${format(Math.min(...values))}–${format(Math.max(...values))}]`;
  return `${format(median(values))}${range}`;
}

function buildTree(dir: string): SqliteMerkleLog {
  const db = new Database(join(dir, 'tree.sqlite'));
  db.pragma('journal_mode = WAL');
  const log = new SqliteMerkleLog();
  log.attach(db, () => []);
  const batch = 10_000n;
  for (let start = 0n; start < TREE; start += batch) {
    const end = start + batch < TREE ? start + batch : TREE;
    const written: CommittedEnvelope[] = [];
    for (let p = start + 1n; p <= end; p++) written.push(committedEnvelope(p, `{"leaf":${p.toString()}}`));
    db.transaction(() => log.onCommit(db, written))();
  }
  return log;
}

function proofRates(log: SqliteMerkleLog): void {
  const size = TREE;
  const root = log.root(size);
  const indexes = Array.from({ length: PROOFS }, (_, i) => BigInt((i * 7919) % Number(size)));
  let start = process.hrtime.bigint();
  const proofs = indexes.map((index) => log.inclusionProof(index, size));
  const generate = seconds(start);
  start = process.hrtime.bigint();
  let ok = 0;
  indexes.forEach((index, i) => {
    const leaf = leafHash(Buffer.from(`{"leaf":${(index + 1n).toString()}}`));
    if (verifyInclusion(leaf, index, size, proofs[i] ?? [], root)) ok++;
  });
  const verify = seconds(start);
  if (ok !== PROOFS) throw new Error(`only ${ok} of ${PROOFS} inclusion proofs verified`);
  rows.push([
    'inclusion proof, generate',
    `${(PROOFS / generate).toFixed(0)}/s`,
    `${((generate / PROOFS) * 1e3).toFixed(3)} ms each`,
  ]);
  rows.push([
    'inclusion proof, verify',
    `${(PROOFS / verify).toFixed(0)}/s`,
    `${((verify / PROOFS) * 1e3).toFixed(3)} ms each`,
  ]);
  const olds = Array.from({ length: 2000 }, (_, i) => BigInt(1 + ((i * 104729) % Number(size - 1n))));
  start = process.hrtime.bigint();
  const consistency = olds.map((old) => ({
    old,
    root: log.root(old),
    proof: log.consistencyProof(old, size),
  }));
  const cgen = seconds(start);
  start = process.hrtime.bigint();
  for (const c of consistency)
    if (!verifyConsistency(c.old, size, c.proof, c.root, root)) throw new Error('consistency');
  const cver = seconds(start);
  rows.push([
    'consistency proof + old root, generate',
    `${(olds.length / cgen).toFixed(0)}/s`,
    `${((cgen / olds.length) * 1e3).toFixed(3)} ms each`,
  ]);
  rows.push([
    'consistency proof, verify',
    `${(olds.length / cver).toFixed(0)}/s`,
    `${((cver / olds.length) * 1e3).toFixed(3)} ms each`,
  ]);
}

async function exportVerification(dir: string): Promise<void> {
  const file = join(dir, 'export.ndjson');
  const out = createWriteStream(file);
  const tree = new MemoryMerkleNodes();
  const heads = new Map<string, { revision: bigint; hash: string }>();
  const signer = generateSignerKey('kyoyaku-ledger-bench');
  for (let i = 1; i <= EXPORT; i++) {
    const streamId = `agreement-${i % 1000}`;
    const head = heads.get(streamId);
    const base = newEvent(i);
    const event: RecordedEvent = {
      eventId: `00000000-0000-7000-8000-${i.toString().padStart(12, '0')}`,
      streamId,
      revision: head === undefined ? 0n : head.revision + 1n,
      position: BigInt(i),
      type: base.type,
      schemaVersion: 1,
      data: base.data,
      metadata: { ...base.metadata, recordedAt: '2026-11-27T00:00:00.000Z' },
      hash: '',
      prevHash: head?.hash ?? null,
    };
    event.hash = computeEventHash(event);
    heads.set(streamId, { revision: event.revision, hash: event.hash });
    tree.append(canonicalEventBytes(event));
    if (!out.write(`${exportEventLine(event)}\n`)) await once(out, 'drain');
  }
  out.end(
    `${exportCheckpointLine(signCheckpoint({ origin: 'kyoyaku-ledger-bench', size: tree.size, root: tree.root() }, signer))}\n`,
  );
  await once(out, 'finish');
  const start = process.hrtime.bigint();
  const report = await verifyExport(
    createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity }),
    {
      verifierKey: verifierKeyOf(signer),
    },
  );
  const took = seconds(start);
  if (!report.ok) throw new Error(`export did not verify: ${report.problem}`);
  rows.push([
    `verify an export of ${EXPORT.toLocaleString('en')} events`,
    `${took.toFixed(1)} s`,
    `${(EXPORT / took).toFixed(0)} events/s`,
  ]);
}

function printRows(): void {
  console.log(
    `\nledger benchmark (node ${process.version}, a shared machine: figures move from run to run); ` +
      `${TREE === 0n ? 'appends only (BENCH_TREE=0)' : `proofs on a tree of ${TREE.toLocaleString('en')} leaves (target < 1 ms)`}\n`,
  );
  console.log('| measure | result | note |');
  console.log('|---|---:|---|');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kyoyaku-bench-ledger-'));
  try {
    const runs: { plain: number; withTree: number }[] = [];
    for (let repetition = 0; repetition < REPEAT; repetition++) runs.push(await appendRates(dir, repetition));
    const rate = (n: number): string => n.toFixed(0);
    const percent = (n: number): string => `${(n * 100).toFixed(1)}%`;
    const costs = runs.map((run) => 1 - run.withTree / run.plain);
    rows.push([
      `append, ${CONCURRENCY} concurrent, without the tree`,
      `${medianAndRange(
        runs.map((run) => run.plain),
        rate,
      )} events/s`,
      `${REPEAT} repetitions (BENCH_REPEAT) of ${APPEND.toLocaleString('en')} events, sides alternating; median [range]`,
    ]);
    const cost = median(costs);
    rows.push([
      `append, ${CONCURRENCY} concurrent, with the tree`,
      `${medianAndRange(
        runs.map((run) => run.withTree),
        rate,
      )} events/s`,
      `tree costs ${medianAndRange(costs, percent)} (target ≤ 15% ${cost <= 0.15 ? 'ok' : 'MISSED'})`,
    ]);
    if (TREE === 0n) {
      printRows();
      return;
    }
    const start = process.hrtime.bigint();
    const log = buildTree(dir);
    rows.push([
      `build a tree of ${TREE.toLocaleString('en')} leaves in SQLite`,
      `${seconds(start).toFixed(1)} s`,
      '',
    ]);
    proofRates(log);
    if (EXPORT > 0) await exportVerification(dir);
    printRows();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * Event store benchmark (not a test): the SQLite adapter against a plain better-sqlite3 loop on
 * the same schema and pragmas (WAL, synchronous=FULL), in the same run, on the same disk.
 *
 *   npm run bench:store                       # 100,000 events over 1,000 streams
 *   BENCH_EVENTS=20000 npm run bench:store    # a quicker run
 *
 * Plain and adapter runs alternate in chunks so that disk noise (other processes' fsyncs) hits
 * both sides alike. Imports are relative: the build does not rewrite path aliases.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalEventBytes, canonicalJson } from '../../libs/event-store/src/event-hash';
import type { JsonObject, NewEvent, RecordedEvent } from '../../libs/event-store/src/event-store.port';
import {
  SQLITE_CONNECTION_PRAGMAS,
  SqliteEventStore,
} from '../../libs/event-store/src/sqlite/sqlite-event-store';
import { EVENT_STORE_SCHEMA_COMPONENT } from '../../libs/event-store/src/event-store.schema';
import {
  EVENT_STORE_MIGRATIONS,
  migrateSqlite,
} from '../../libs/event-store/src/sqlite/sqlite-event-store.migrations';

const TOTAL = Number(process.env.BENCH_EVENTS ?? 100_000);
const STREAMS = 1000;
const CONCURRENCY = 64;
const PLAIN_BATCH = 100;
/** Events per alternation between the plain loop and the adapter. */
const SLICE = { a: 250, b: 2000 };
const PAGE = 1000;
const TARGETS = { a: 0.8, b: 0.5, c: 0.7 };

const NOTE =
  '青森市と平内町は、圏域全体の経済成長のけん引、高次の都市機能の集積・強化に連携して取り組む。'.repeat(3);

function payload(i: number): JsonObject {
  return {
    agreementId: `agreement-${(i % STREAMS).toString().padStart(4, '0')}`,
    municipalityCode: '023019',
    fiscalYear: 2024 + (i % 3),
    amountYen: String(1_000_000 + i),
    basis: 'population',
    note: NOTE,
    sequence: i,
  };
}

const metadata = {
  actor: { id: 'bench', role: 'system' as const },
  correlationId: 'bench',
  source: 'cli' as const,
};

function newEvent(i: number): NewEvent {
  return { type: 'CostShareDecided', schemaVersion: 1, data: payload(i), metadata };
}

const PLACEHOLDER_HASH = 'f'.repeat(64);

const streamName = (s: number): string => `project-${s.toString().padStart(4, '0')}`;

function openPlain(file: string): Database.Database {
  const db = new Database(file);
  // The adapter's own settings (WAL, synchronous=FULL, cache size…): the same ground for both.
  db.pragma('journal_mode = WAL');
  for (const pragma of SQLITE_CONNECTION_PRAGMAS) db.pragma(pragma);
  migrateSqlite(db, file, EVENT_STORE_SCHEMA_COMPONENT, EVENT_STORE_MIGRATIONS, () =>
    new Date().toISOString(),
  );
  return db;
}

/**
 * The plain loop: rows of the same columns and sizes (a JSON envelope with the same members, a
 * 64-hex hash and prev_hash), but no validation, no canonical form, no hashing, no revision checks.
 */
class PlainWriter {
  private readonly insert: Database.Statement;
  private position = 0;
  private readonly revisions = new Map<string, number>();

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(
      `INSERT INTO events (position, stream_id, revision, event_id, type, recorded_at, hash, prev_hash, envelope)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  private row(i: number): void {
    const stream = streamName(i % STREAMS);
    const revision = (this.revisions.get(stream) ?? -1) + 1;
    this.revisions.set(stream, revision);
    this.position++;
    const recordedAt = new Date().toISOString();
    const eventId = `00000000-0000-7000-8000-${this.position.toString(16).padStart(12, '0')}`;
    const envelope = JSON.stringify({
      data: payload(i),
      eventId,
      metadata: { ...metadata, recordedAt },
      position: String(this.position),
      prevHash: PLACEHOLDER_HASH,
      revision: String(revision),
      schemaVersion: 1,
      streamId: stream,
      type: 'CostShareDecided',
    });
    this.insert.run(
      this.position,
      stream,
      revision,
      eventId,
      'CostShareDecided',
      recordedAt,
      PLACEHOLDER_HASH,
      PLACEHOLDER_HASH,
      envelope,
    );
  }

  /** `count` rows, `perTransaction` rows per transaction. Returns seconds. */
  write(from: number, count: number, perTransaction: number): number {
    const started = process.hrtime.bigint();
    for (let i = from; i < from + count; i += perTransaction) {
      this.db.exec('BEGIN IMMEDIATE');
      for (let j = i; j < Math.min(i + perTransaction, from + count); j++) this.row(j);
      this.db.exec('COMMIT');
    }
    return Number(process.hrtime.bigint() - started) / 1e9;
  }
}

/** (a) One event per append, each awaited before the next. */
async function sequentialAppends(store: SqliteEventStore, from: number, count: number): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = from; i < from + count; i++) {
    await store.append(streamName(i % STREAMS), [newEvent(i)], { expectedRevision: 'any' });
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** (b) 64 appenders, each on its own streams, each awaiting its append before the next. */
async function concurrentAppends(
  store: SqliteEventStore,
  revisions: Map<number, bigint>,
  from: number,
  count: number,
): Promise<number> {
  const started = process.hrtime.bigint();
  let next = from;
  const worker = async (w: number): Promise<void> => {
    const mine = Array.from({ length: STREAMS }, (_, s) => s).filter((s) => s % CONCURRENCY === w);
    let turn = 0;
    while (next < from + count) {
      const i = next++;
      const s = mine[turn++ % mine.length] ?? w;
      const expected = revisions.get(s) ?? 'no_stream';
      const result = await store.append(streamName(s), [newEvent(i)], { expectedRevision: expected });
      revisions.set(s, result.nextExpectedRevision);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  return Number(process.hrtime.bigint() - started) / 1e9;
}

interface Fold {
  streams: Map<string, { count: number; chars: number }>;
  events: number;
}

function foldInto(fold: Fold, streamId: string, data: JsonObject): void {
  const entry = fold.streams.get(streamId) ?? { count: 0, chars: 0 };
  entry.count++;
  entry.chars += typeof data.note === 'string' ? data.note.length : 0;
  fold.streams.set(streamId, entry);
  fold.events++;
}

interface ReadRun {
  seconds: number;
  fold: Fold;
  peakRss: number;
  peakHeap: number;
}

function memorySampler(): { sample(): void; peakRss(): number; peakHeap(): number } {
  const base = process.memoryUsage();
  let rss = 0;
  let heap = 0;
  return {
    sample() {
      const m = process.memoryUsage();
      rss = Math.max(rss, m.rss - base.rss);
      heap = Math.max(heap, m.heapUsed - base.heapUsed);
    },
    peakRss: () => rss,
    peakHeap: () => heap,
  };
}

function plainReadAll(file: string): ReadRun {
  const db = new Database(file, { readonly: true });
  const memory = memorySampler();
  const fold: Fold = { streams: new Map(), events: 0 };
  const started = process.hrtime.bigint();
  let n = 0;
  for (const envelope of db.prepare('SELECT envelope FROM events ORDER BY position').pluck().iterate()) {
    const event = JSON.parse(envelope as string) as { streamId: string; data: JsonObject };
    foldInto(fold, event.streamId, event.data);
    if (++n % PAGE === 0) memory.sample();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  memory.sample();
  db.close();
  return { seconds, fold, peakRss: memory.peakRss(), peakHeap: memory.peakHeap() };
}

async function storeReadAll(file: string): Promise<ReadRun> {
  const store = SqliteEventStore.open({ file });
  const memory = memorySampler();
  const fold: Fold = { streams: new Map(), events: 0 };
  const started = process.hrtime.bigint();
  let after = 0n;
  for (;;) {
    const page: RecordedEvent[] = await store.readAll({ after, limit: PAGE });
    for (const event of page) foldInto(fold, event.streamId, event.data);
    memory.sample();
    const last = page[page.length - 1];
    if (last === undefined || page.length < PAGE) break;
    after = last.position;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  return { seconds, fold, peakRss: memory.peakRss(), peakHeap: memory.peakHeap() };
}

function progress(scenario: string, done: number): void {
  if (process.stdout.isTTY) process.stdout.write(`  (${scenario}) ${fmt(done)} / ${fmt(TOTAL)} events\r`);
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const pct = (r: number): string => `${(r * 100).toFixed(0)}%`;

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'kyoyaku-bench-'));
  console.log(
    `event store bench: ${fmt(TOTAL)} events over ${STREAMS} streams, WAL, synchronous=FULL, in ${folder}`,
  );
  try {
    // (a) sequential single-event appends vs one insert per transaction.
    const plainA = new PlainWriter(openPlain(join(folder, 'plain-a.sqlite')));
    const storeA = SqliteEventStore.open({ file: join(folder, 'store-a.sqlite') });
    let plainASeconds = 0;
    let storeASeconds = 0;
    for (let from = 0; from < TOTAL; from += SLICE.a) {
      const count = Math.min(SLICE.a, TOTAL - from);
      plainASeconds += plainA.write(from, count, 1);
      storeASeconds += await sequentialAppends(storeA, from, count);
      progress('a', from + count);
    }
    const [sample] = await storeA.readAll({ limit: 1 });
    if (sample !== undefined) {
      console.log(
        `event size: data ${Buffer.byteLength(canonicalJson(sample.data))} B, ` +
          `canonical envelope ${canonicalEventBytes(sample).length} B`,
      );
    }
    await storeA.close();

    // (b) 64 concurrent appenders vs 100 inserts per transaction.
    const plainBFile = join(folder, 'plain-b.sqlite');
    const storeBFile = join(folder, 'store-b.sqlite');
    const plainBDb = openPlain(plainBFile);
    const plainB = new PlainWriter(plainBDb);
    const storeB = SqliteEventStore.open({ file: storeBFile });
    const revisions = new Map<number, bigint>();
    let plainBSeconds = 0;
    let storeBSeconds = 0;
    for (let from = 0; from < TOTAL; from += SLICE.b) {
      const count = Math.min(SLICE.b, TOTAL - from);
      plainBSeconds += plainB.write(from, count, PLAIN_BATCH);
      storeBSeconds += await concurrentAppends(storeB, revisions, from, count);
      progress('b', from + count);
    }
    process.stdout.write('\n');
    const statsB = storeB.stats;
    await storeB.close();
    plainBDb.close();

    // (c) read everything and fold: best of five each, alternating which goes first.
    let plainC: ReadRun | null = null;
    let storeC: ReadRun | null = null;
    for (let r = 0; r < 5; r++) {
      const storeFirst = r % 2 === 1;
      const s1 = storeFirst ? await storeReadAll(storeBFile) : null;
      const p = plainReadAll(storeBFile);
      const s = s1 ?? (await storeReadAll(storeBFile));
      if (plainC === null || p.seconds < plainC.seconds) plainC = p;
      if (storeC === null || s.seconds < storeC.seconds) storeC = s;
    }
    if (plainC === null || storeC === null) throw new Error('no read run');
    if (plainC.fold.events !== TOTAL || storeC.fold.events !== TOTAL) {
      throw new Error(`read ${plainC.fold.events} / ${storeC.fold.events} events, expected ${TOTAL}`);
    }

    const rows = [
      {
        scenario: '(a) 1 event/append, awaited in turn',
        ceiling: `${fmt(TOTAL / plainASeconds)} ev/s (1 insert/tx)`,
        ours: `${fmt(TOTAL / storeASeconds)} ev/s`,
        ratio: plainASeconds / storeASeconds,
        target: TARGETS.a,
      },
      {
        scenario: `(b) ${CONCURRENCY} concurrent appenders`,
        ceiling: `${fmt(TOTAL / plainBSeconds)} ev/s (${PLAIN_BATCH} inserts/tx)`,
        ours: `${fmt(TOTAL / storeBSeconds)} ev/s (${(statsB.eventsWritten / statsB.commits).toFixed(1)} ev/commit)`,
        ratio: plainBSeconds / storeBSeconds,
        target: TARGETS.b,
      },
      {
        scenario: `(c) read all (pages of ${PAGE}) + fold`,
        ceiling: `${fmt(TOTAL / plainC.seconds)} ev/s (iterate + JSON.parse)`,
        ours: `${fmt(TOTAL / storeC.seconds)} ev/s`,
        ratio: plainC.seconds / storeC.seconds,
        target: TARGETS.c,
      },
    ];
    const widths = [40, 38, 34, 7, 8];
    const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 10)).join(' | ');
    console.log('');
    console.log(line(['scenario', 'plain better-sqlite3 (ceiling)', 'SqliteEventStore', 'ratio', 'target']));
    console.log(widths.map((w) => '-'.repeat(w)).join('-+-'));
    for (const row of rows) {
      console.log(
        line([
          row.scenario,
          row.ceiling,
          row.ours,
          pct(row.ratio),
          `≥${pct(row.target)} ${row.ratio >= row.target ? 'ok' : 'MISSED'}`,
        ]),
      );
    }
    console.log(
      `(c) peak memory above start: plain rss ${mib(plainC.peakRss)}, heap ${mib(plainC.peakHeap)}; ` +
        `store rss ${mib(storeC.peakRss)}, heap ${mib(storeC.peakHeap)}`,
    );
    if (rows.some((row) => row.ratio < row.target)) process.exitCode = 1;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

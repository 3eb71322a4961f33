/**
 * PostgreSQL event store benchmark (not a test): the adapter against a plain `pg` loop writing rows
 * of the same table, in the same run, in the same database (a fresh one, dropped at the end).
 *
 *   npm run bench:postgres                                  # the local server (LEDGER_TEST_POSTGRES_URL)
 *   BENCH_POSTGRES_URL=postgresql://… npm run bench:postgres
 *   BENCH_SEQUENTIAL=500 BENCH_EVENTS=5000 BENCH_REPEAT=5 npm run bench:postgres   # other sizes
 *
 * (a) one event per append, each awaited, against one INSERT per transaction; (b) 64 concurrent
 * appenders against one multi-row INSERT of 100 rows per transaction; both also with the Merkle
 * tree, whose cost is printed; (c) reading everything in pages of 1000 and folding it. Plain and
 * adapter runs alternate in slices (and which goes first alternates) so that the server's and the
 * disk's noise hits both alike; BENCH_REPEAT repetitions (3) give each ratio a median and a range.
 * Imports are relative, like the other benchmarks.
 */
import { Client } from 'pg';
import { canonicalEventBytes, canonicalJson } from '../../libs/event-store/src/event-hash';
import type { JsonObject, NewEvent, RecordedEvent } from '../../libs/event-store/src/event-store.port';
import { withDefaultUser } from '../../libs/event-store/src/postgres/postgres-connection';
import { PostgresEventStore } from '../../libs/event-store/src/postgres/postgres-event-store';
import {
  migratePostgres,
  POSTGRES_EVENT_STORE_MIGRATIONS,
} from '../../libs/event-store/src/postgres/postgres-migrations';
import {
  createTestDatabase,
  redactedPostgresUrl,
  testPostgresUrl,
} from '../../libs/event-store/testing/postgres-test-database';
import { PostgresMerkleLog } from '../../libs/ledger/src/postgres/postgres-merkle-log';

const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 2000);
const TOTAL = Number(process.env.BENCH_EVENTS ?? 20_000);
const STREAMS = 1000;
const CONCURRENCY = 64;
const PLAIN_BATCH = 100;
const SLICE = { a: 250, b: 2000 };
const PAGE = 1000;
const TARGETS = { a: 0.8, b: 0.5, c: 0.7 };
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);

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
const newEvent = (i: number): NewEvent => ({
  type: 'CostShareDecided',
  schemaVersion: 1,
  data: payload(i),
  metadata,
});
const streamName = (s: number): string => `project-${s.toString().padStart(4, '0')}`;
const PLACEHOLDER_HASH = 'f'.repeat(64);
const COLUMNS = 'position, stream_id, revision, event_id, type, recorded_at, hash, prev_hash, envelope';

/**
 * The plain loop: rows of the same columns and sizes (a JSON envelope with the same members, a
 * 64-hex hash and prev_hash) in a table made by the same migration, but no lock, no validation, no
 * canonical form, no hashing, no revision checks.
 */
class PlainWriter {
  private position = 0;
  private readonly revisions = new Map<string, number>();

  constructor(
    private readonly client: Client,
    private readonly table: string,
  ) {}

  private row(i: number): string[] {
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
    return [
      String(this.position),
      stream,
      String(revision),
      eventId,
      'CostShareDecided',
      recordedAt,
      PLACEHOLDER_HASH,
      PLACEHOLDER_HASH,
      envelope,
    ];
  }

  /** `count` rows, `perTransaction` rows per transaction (one statement each). Returns seconds. */
  async write(from: number, count: number, perTransaction: number): Promise<number> {
    const started = process.hrtime.bigint();
    for (let i = from; i < from + count; i += perTransaction) {
      const rows: string[][] = [];
      for (let j = i; j < Math.min(i + perTransaction, from + count); j++) rows.push(this.row(j));
      if (rows.length === 1) {
        await this.client.query(
          `INSERT INTO ${this.table} (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          rows[0],
        );
      } else {
        await this.client.query(
          `INSERT INTO ${this.table} (${COLUMNS})
           SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[],
                                $7::text[], $8::text[], $9::text[])`,
          Array.from({ length: 9 }, (_, c) => rows.map((r) => r[c])),
        );
      }
    }
    return Number(process.hrtime.bigint() - started) / 1e9;
  }
}

/** (a) One event per append, each awaited before the next. */
async function sequentialAppends(store: PostgresEventStore, from: number, count: number): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = from; i < from + count; i++) {
    await store.append(streamName(i % STREAMS), [newEvent(i)], { expectedRevision: 'any' });
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** (b) 64 appenders, each on its own streams, each awaiting its append before the next. */
async function concurrentAppends(
  store: PostgresEventStore,
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
      const result = await store.append(streamName(s), [newEvent(i)], {
        expectedRevision: revisions.get(s) ?? 'no_stream',
      });
      revisions.set(s, result.nextExpectedRevision);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  return Number(process.hrtime.bigint() - started) / 1e9;
}

interface Fold {
  streams: Map<string, number>;
  events: number;
}

function foldInto(fold: Fold, streamId: string): void {
  fold.streams.set(streamId, (fold.streams.get(streamId) ?? 0) + 1);
  fold.events++;
}

/** (c) plain: keyset pages of the envelopes, JSON.parse each. */
async function plainReadAll(client: Client, table: string): Promise<{ seconds: number; fold: Fold }> {
  const fold: Fold = { streams: new Map(), events: 0 };
  const started = process.hrtime.bigint();
  let after = '0';
  for (;;) {
    const page = await client.query<[string, string]>({
      text: `SELECT position, envelope FROM ${table} WHERE position > $1 ORDER BY position LIMIT ${PAGE}`,
      values: [after],
      rowMode: 'array',
    });
    for (const [, envelope] of page.rows)
      foldInto(fold, (JSON.parse(envelope) as { streamId: string }).streamId);
    const last = page.rows[page.rows.length - 1];
    if (last === undefined || page.rows.length < PAGE) break;
    after = last[0];
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, fold };
}

async function storeReadAll(store: PostgresEventStore): Promise<{ seconds: number; fold: Fold }> {
  const fold: Fold = { streams: new Map(), events: 0 };
  const started = process.hrtime.bigint();
  let after = 0n;
  for (;;) {
    const page: RecordedEvent[] = await store.readAll({ after, limit: PAGE });
    for (const event of page) foldInto(fold, event.streamId);
    const last = page[page.length - 1];
    if (last === undefined || page.length < PAGE) break;
    after = last.position;
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, fold };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const pct = (r: number): string => `${(r * 100).toFixed(0)}%`;

/** One repetition of a row: events per second of the plain loop and of the store. */
interface Run {
  plain: number;
  ours: number;
}

interface Row {
  scenario: string;
  unit: string;
  runs: Run[];
  note: string;
  target: number | null;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** `[min–max]` of several values, nothing for one. */
function spread(values: readonly number[], format: (n: number) => string): string {
  return values.length < 2 ? '' : `[${format(Math.min(...values))}–${format(Math.max(...values))}]`;
}

/** What the tree costs: 1 − (rate with it / rate without), per repetition; median and range. */
function overhead(without: readonly Run[], withTree: readonly Run[]): string {
  const costs = withTree.map((run, i) => 1 - run.ours / (without[i]?.ours ?? NaN));
  const percent = (n: number): string => `${(n * 100).toFixed(1)}%`;
  return `${percent(median(costs))} ${spread(costs, percent)}`.trim();
}

function progress(scenario: string, done: number, total: number): void {
  if (process.stdout.isTTY) process.stdout.write(`  (${scenario}) ${fmt(done)} / ${fmt(total)} events\r`);
}

async function main(): Promise<void> {
  const url = process.env.BENCH_POSTGRES_URL ?? testPostgresUrl();
  const database = await createTestDatabase(url);
  const client = new Client({ connectionString: withDefaultUser(database.url) });
  await client.connect();
  const server =
    (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? '?';
  console.log(
    `PostgreSQL event store bench: (a) ${fmt(SEQUENTIAL)} and (b) ${fmt(TOTAL)} events over ${STREAMS} streams, ` +
      `PostgreSQL ${server}, synchronous_commit=on, database ${database.name} at ${redactedPostgresUrl(url)}`,
  );
  const stores: PostgresEventStore[] = [];
  try {
    // The plain tables: the adapter's own migration, in schemas of their own.
    for (const schema of ['plain_a', 'plain_b']) {
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.query(`SET search_path = ${schema}`);
      await client.query('BEGIN');
      await migratePostgres(client, schema, schema, 'event-store', POSTGRES_EVENT_STORE_MIGRATIONS, () =>
        new Date().toISOString(),
      );
      await client.query('COMMIT');
    }
    await client.query('SET search_path = public');
    await client.query('SET synchronous_commit = on');
    const open = async (schema: string, tree = false): Promise<PostgresEventStore> => {
      const store = await PostgresEventStore.open({
        connectionString: database.url,
        schema,
        ...(tree ? { participants: [new PostgresMerkleLog()] } : {}),
      });
      stores.push(store);
      return store;
    };

    // (a) sequential single-event appends vs one insert per transaction, with and without the Merkle
    // tree (a commit participant, as a server runs it); (b) 64
    // concurrent appenders vs 100 rows per transaction, with and without the tree. Each repetition
    // gives each row a ratio; slices alternate, and which side goes first alternates too.
    const plainA = new PlainWriter(client, 'plain_a.events');
    const storeA = await open('store_a');
    const treeA = await open('store_a_tree', true);
    const plainB = new PlainWriter(client, 'plain_b.events');
    const storeB = await open('store_b');
    const storeTree = await open('store_tree', true);
    const revisions = new Map<number, bigint>();
    const treeRevisions = new Map<number, bigint>();
    const runs: Record<'a' | 'aTree' | 'b' | 'bTree', Run[]> = { a: [], aTree: [], b: [], bTree: [] };
    // Client CPU (this process, user + system) spent by each side of (a).
    const cpu = { plain: 0, store: 0, tree: 0 };
    const withCpu = async (side: keyof typeof cpu, work: () => Promise<number>): Promise<number> => {
      const before = process.cpuUsage();
      const took = await work();
      const used = process.cpuUsage(before);
      cpu[side] += used.user + used.system;
      return took;
    };
    for (let repetition = 0; repetition < REPEAT; repetition++) {
      const base = repetition * SEQUENTIAL;
      const seconds = { plain: 0, store: 0, tree: 0 };
      let slice = 0;
      for (let from = 0; from < SEQUENTIAL; from += SLICE.a, slice++) {
        const count = Math.min(SLICE.a, SEQUENTIAL - from);
        const sides = [
          async () => (seconds.plain += await withCpu('plain', () => plainA.write(base + from, count, 1))),
          async () =>
            (seconds.store += await withCpu('store', () => sequentialAppends(storeA, base + from, count))),
          async () =>
            (seconds.tree += await withCpu('tree', () => sequentialAppends(treeA, base + from, count))),
        ];
        for (const side of slice % 2 === 0 ? sides : sides.reverse()) await side();
        progress(`a, repetition ${repetition + 1}`, from + count, SEQUENTIAL);
      }
      runs.a.push({ plain: SEQUENTIAL / seconds.plain, ours: SEQUENTIAL / seconds.store });
      runs.aTree.push({ plain: SEQUENTIAL / seconds.plain, ours: SEQUENTIAL / seconds.tree });
      const secondsB = { plain: 0, store: 0, tree: 0 };
      slice = 0;
      for (let from = 0; from < TOTAL; from += SLICE.b, slice++) {
        const count = Math.min(SLICE.b, TOTAL - from);
        const sides = [
          async () => (secondsB.plain += await plainB.write(repetition * TOTAL + from, count, PLAIN_BATCH)),
          async () =>
            (secondsB.store += await concurrentAppends(storeB, revisions, repetition * TOTAL + from, count)),
          async () =>
            (secondsB.tree += await concurrentAppends(
              storeTree,
              treeRevisions,
              repetition * TOTAL + from,
              count,
            )),
        ];
        for (const side of slice % 2 === 0 ? sides : sides.reverse()) await side();
        progress(`b, repetition ${repetition + 1}`, from + count, TOTAL);
      }
      runs.b.push({ plain: TOTAL / secondsB.plain, ours: TOTAL / secondsB.store });
      runs.bTree.push({ plain: TOTAL / secondsB.plain, ours: TOTAL / secondsB.tree });
    }
    if (process.stdout.isTTY) process.stdout.write('\n');
    const [sample] = await storeA.readAll({ limit: 1 });
    if (sample !== undefined) {
      console.log(
        `event size: data ${Buffer.byteLength(canonicalJson(sample.data))} B, ` +
          `canonical envelope ${canonicalEventBytes(sample).length} B`,
      );
    }
    const statsA = storeA.stats;
    const statsB = storeB.stats;
    const written = REPEAT * TOTAL;
    const appended = REPEAT * SEQUENTIAL;

    // (c) read everything and fold: best of three each, alternating which goes first.
    let plainC: { seconds: number; fold: Fold } | null = null;
    let storeC: { seconds: number; fold: Fold } | null = null;
    for (let r = 0; r < 3; r++) {
      const storeFirst = r % 2 === 1;
      const s1 = storeFirst ? await storeReadAll(storeB) : null;
      const p = await plainReadAll(client, 'store_b.events');
      const s = s1 ?? (await storeReadAll(storeB));
      if (plainC === null || p.seconds < plainC.seconds) plainC = p;
      if (storeC === null || s.seconds < storeC.seconds) storeC = s;
    }
    if (plainC === null || storeC === null) throw new Error('no read run');
    if (plainC.fold.events !== written || storeC.fold.events !== written) {
      throw new Error(`read ${plainC.fold.events} / ${storeC.fold.events} events, expected ${written}`);
    }

    const rows: Row[] = [
      {
        scenario: '(a) 1 event/append, awaited in turn',
        unit: 'ev/s (1 insert/tx)',
        runs: runs.a,
        note:
          `${statsA.oneRoundTripCommits} of ${statsA.commits} commits in one statement; client CPU ` +
          `${fmt(cpu.store / appended)} µs/append (plain ${fmt(cpu.plain / appended)})`,
        target: TARGETS.a,
      },
      {
        scenario: '(a) the same, with the Merkle tree',
        unit: 'ev/s (1 insert/tx)',
        runs: runs.aTree,
        note: `tree costs ${overhead(runs.a, runs.aTree)} of (a); client CPU ${fmt(cpu.tree / appended)} µs/append`,
        target: null,
      },
      {
        scenario: `(b) ${CONCURRENCY} concurrent appenders`,
        unit: `ev/s (${PLAIN_BATCH} rows/tx)`,
        runs: runs.b,
        note: `${(statsB.eventsWritten / statsB.commits).toFixed(1)} ev/commit`,
        target: TARGETS.b,
      },
      {
        scenario: '(b) the same, with the Merkle tree',
        unit: `ev/s (${PLAIN_BATCH} rows/tx)`,
        runs: runs.bTree,
        note: `tree costs ${overhead(runs.b, runs.bTree)} of (b)`,
        target: null,
      },
      {
        scenario: `(c) read all (pages of ${PAGE}) + fold`,
        unit: 'ev/s (pages + JSON.parse)',
        runs: [{ plain: written / plainC.seconds, ours: written / storeC.seconds }],
        note: 'best of 3',
        target: TARGETS.c,
      },
    ];
    console.log(
      `\n${REPEAT} repetitions (BENCH_REPEAT), each alternating plain and store slices; medians, ranges in ` +
        `brackets. Ratios on a shared machine move by several points from run to run.\n`,
    );
    const widths = [38, 32, 20, 16, 12, 60];
    const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 10)).join(' | ');
    console.log(line(['scenario', 'plain pg (ceiling)', 'PostgresEventStore', 'ratio', 'target', 'note']));
    console.log(widths.map((w) => '-'.repeat(w)).join('-+-'));
    let missed = false;
    for (const row of rows) {
      const ratios = row.runs.map((run) => run.ours / run.plain);
      const ratio = median(ratios);
      const target =
        row.target === null ? '' : `≥${pct(row.target)} ${ratio >= row.target ? 'ok' : 'MISSED'}`;
      if (row.target !== null && ratio < row.target) missed = true;
      console.log(
        line([
          row.scenario,
          `${fmt(median(row.runs.map((run) => run.plain)))} ${row.unit}`,
          `${fmt(median(row.runs.map((run) => run.ours)))} ev/s`,
          `${pct(ratio)} ${spread(ratios, pct)}`,
          target,
          row.note,
        ]),
      );
    }
    if (missed) process.exitCode = 1;
  } finally {
    await Promise.all(stores.map((store) => store.close()));
    await client.end();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

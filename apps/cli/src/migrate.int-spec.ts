import {
  type EventStore,
  type NewEvent,
  PostgresEventStore,
  type RecordedEvent,
  SqliteEventStore,
} from '@kyoyaku/event-store';
import {
  createTestDatabase,
  postgresUnavailableReason,
  skipLoudly,
  type TestDatabase,
} from '@kyoyaku/event-store/testing';
import {
  exportCheckpointLine,
  exportEventLine,
  generateSignerKey,
  PostgresMerkleLog,
  signCheckpoint,
  SqliteMerkleLog,
  verifierKeyOf,
  verifyExport,
} from '@kyoyaku/ledger';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli';

/**
 * `migrate` between real stores: SQLite files in a temporary folder and a fresh PostgreSQL
 * database per test (LEDGER_TEST_POSTGRES_URL, by default the local socket).
 */
const folders: string[] = [];
function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'kyoyaku-migrate-'));
  folders.push(folder);
  return folder;
}
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

const STREAMS = [
  'agreement-aomori-hiranai',
  'agreement-aomori-imabetsu',
  'project-aomori-1',
  'doubt-aomori-1',
];

function newEvent(i: number): NewEvent {
  return {
    type: i % 5 === 0 ? 'CouncilResolutionRecorded' : 'ArticleAmended',
    schemaVersion: 1,
    // A compatibility ideograph and a combining mark: copied byte for byte, never normalised.
    data: {
      seq: i,
      text: `第${i}条 \uFA19社と\u304B\u3099ら（青森市（以下「甲」という。））`,
      yen: String(1000 * i),
    },
    metadata: {
      actor: { id: 'clerk-hiranai', role: 'clerk', municipalityCode: '023019' },
      correlationId: `c-${i}`,
      source: 'api',
      ...(i % 7 === 0 ? { reason: '誤記訂正' } : {}),
    },
  };
}

/**
 * A source ledger of `count` events over four streams, with idempotent appends of several events
 * (one of them across position 1000, where migrate's first page ends).
 */
async function recordLedger(store: EventStore, count: number): Promise<RecordedEvent[]> {
  let written = 0;
  while (written < count) {
    const keyed = written === 997 || written % 150 === 3;
    const size = keyed ? Math.min(5, count - written) : 1;
    await store.append(
      STREAMS[written % STREAMS.length] ?? 'x',
      Array.from({ length: size }, (_, i) => newEvent(written + i)),
      keyed
        ? { expectedRevision: 'any', idempotencyKey: `clerk-hiranai:request-${written}` }
        : { expectedRevision: 'any' },
    );
    written += size;
  }
  return readAllOf(store);
}

async function readAllOf(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after: all.at(-1)?.position ?? 0n, limit: 1000 });
    if (page.length === 0) return all;
    all.push(...page);
  }
}

/** A SQLite ledger file with its Merkle log, as the API keeps it. */
function openSqlite(file: string): { store: SqliteEventStore; tree: SqliteMerkleLog } {
  const tree = new SqliteMerkleLog();
  return { store: SqliteEventStore.open({ file, participants: [tree] }), tree };
}

async function migrate(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(
    ['migrate', ...argv],
    { LEDGER_PROGRESS_INTERVAL_MS: '0' },
    {
      out: (text) => (out += text),
      err: (text) => (err += text),
    },
  );
  return { code, out, err };
}

describe('migrate between SQLite files', () => {
  let sourceFile: string;
  let source: RecordedEvent[];
  let sourceRoot: Buffer;

  beforeAll(async () => {
    sourceFile = join(tempFolder(), 'ledger.sqlite');
    const { store, tree } = openSqlite(sourceFile);
    source = await recordLedger(store, 1_234);
    sourceRoot = tree.root(BigInt(source.length));
    await store.close();
  }, 60_000);

  it('copies every event verbatim, verifies both stores, and reports counts and rates', async () => {
    const targetFolder = tempFolder();
    const result = await migrate('--from', `sqlite:${sourceFile}`, '--to', `sqlite:${targetFolder}`);
    expect(result).toMatchObject({ code: 0 });
    expect(result.out).toContain('migrated 1,234 events in 4 streams');
    expect(result.out).toContain(`Merkle root ${sourceRoot.toString('base64')}`);
    expect(result.out).toMatch(/also the tree kept in sqlite:.*ledger\.sqlite and sqlite:.*ledger\.sqlite/);
    // The first page stops before the idempotent append that straddles event 1,000.
    expect(result.err).toMatch(/^migrate: copying: 997 of 1,234 events \(80%\), [\d,]+ events\/s$/m);
    expect(result.err).toMatch(/^migrate: verifying: /m);

    const { store, tree } = openSqlite(join(targetFolder, 'ledger.sqlite'));
    try {
      const copied = await readAllOf(store);
      // Same positions on a gap-free target: the copy is the very same ledger.
      expect(copied).toEqual(source);
      expect(tree.root(BigInt(copied.length)).equals(sourceRoot)).toBe(true);
      // A checkpoint signed over the source verifies the copy's export.
      const signer = generateSignerKey('kyoyaku.example.lg.jp');
      const note = signCheckpoint(
        { origin: 'kyoyaku.example.lg.jp/ledger', size: BigInt(source.length), root: sourceRoot },
        signer,
      );
      const report = await verifyExport([...copied.map(exportEventLine), exportCheckpointLine(note)], {
        verifierKey: verifierKeyOf(signer),
      });
      expect(report).toMatchObject({ ok: true, events: 1234n });
      // And the copy goes on as a ledger: the next append continues its chains.
      const last = copied.filter((e) => e.streamId === STREAMS[0]).at(-1);
      const next = await store.append(STREAMS[0] ?? '', [newEvent(9999)], {
        expectedRevision: last?.revision ?? 'any',
      });
      expect(next.events[0]).toMatchObject({ position: 1235n, prevHash: last?.hash });
    } finally {
      await store.close();
    }
  }, 60_000);

  it('refuses a target that holds any event, writing nothing to it', async () => {
    const targetFile = join(tempFolder(), 'ledger.sqlite');
    const { store } = openSqlite(targetFile);
    await store.append('agreement-other', [newEvent(1)], { expectedRevision: 'no_stream' });
    const before = await readAllOf(store);
    await store.close();

    const result = await migrate('--from', `sqlite:${sourceFile}`, '--to', `sqlite:${targetFile}`);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(
      /^migrate refused: the target sqlite:.* already holds events \(head position 1\)/,
    );
    const reopened = openSqlite(targetFile).store;
    try {
      expect(await readAllOf(reopened)).toEqual(before);
    } finally {
      await reopened.close();
    }
  }, 30_000);

  it('refuses a missing source, the same store twice, and malformed store names (usage, exit 2)', async () => {
    const missing = await migrate(
      '--from',
      `sqlite:${join(tempFolder(), 'none.sqlite')}`,
      '--to',
      `sqlite:${tempFolder()}`,
    );
    expect(missing).toMatchObject({
      code: 1,
      out: expect.stringMatching(/^migrate refused: there is no ledger at /) as unknown,
    });
    const same = await migrate('--from', `sqlite:${sourceFile}`, '--to', `sqlite:${sourceFile}`);
    expect(same).toMatchObject({
      code: 1,
      out: 'migrate refused: the source and the target are the same store\n',
    });
    for (const argv of [
      ['--from', `sqlite:${sourceFile}`],
      ['--from', 'mysql://db/ledger', '--to', `sqlite:${tempFolder()}`],
      ['--from', `sqlite:${sourceFile}`, '--to', 'ledger.sqlite'],
      ['--from', `sqlite:${sourceFile}`, '--to', `sqlite:${tempFolder()}`, '--force'],
    ]) {
      const result = await migrate(...argv);
      expect({ argv, code: result.code }).toEqual({ argv, code: 2 });
      expect(result.out).toContain('migrate --from <store> --to <store>');
    }
  }, 30_000);

  it('says so when the target server cannot be reached, and exits 1', async () => {
    const result = await migrate('--from', `sqlite:${sourceFile}`, '--to', 'esdb://127.0.0.1:1?tls=false');
    expect(result.code).toBe(1);
    expect(result.out).toMatch(
      /^migrate failed: the event store is unavailable: EventStoreDB cannot be reached/,
    );
  }, 30_000);
});

const postgresSkip = postgresUnavailableReason();
if (postgresSkip !== null) {
  skipLoudly('migrate SQLite → PostgreSQL', postgresSkip);
} else {
  describe('migrate from SQLite to PostgreSQL', () => {
    let database: TestDatabase;
    let sourceFile: string;
    let source: RecordedEvent[];
    let sourceRoot: Buffer;

    beforeAll(async () => {
      sourceFile = join(tempFolder(), 'ledger.sqlite');
      const { store, tree } = openSqlite(sourceFile);
      source = await recordLedger(store, 1_234);
      sourceRoot = tree.root(BigInt(source.length));
      await store.close();
    }, 60_000);

    beforeEach(async () => {
      database = await createTestDatabase();
    });
    afterEach(() => database.drop());

    it('copies every event verbatim into PostgreSQL and verifies both, with the tree each keeps', async () => {
      const result = await migrate('--from', `sqlite:${sourceFile}`, '--to', database.url);
      expect(result.code).toBe(0);
      expect(result.out).toContain('migrated 1,234 events in 4 streams');
      expect(result.out).toMatch(/also the tree kept in sqlite:.* and postgresql:/);
      const tree = new PostgresMerkleLog();
      const store = await PostgresEventStore.open({ connectionString: database.url, participants: [tree] });
      try {
        expect(await readAllOf(store)).toEqual(source);
        expect((await tree.root(BigInt(source.length))).equals(sourceRoot)).toBe(true);
      } finally {
        await store.close();
      }
    }, 120_000);

    it('refuses a PostgreSQL target that holds any event, writing nothing to it', async () => {
      const store = await PostgresEventStore.open({ connectionString: database.url });
      await store.append('agreement-other', [newEvent(1), newEvent(2)], { expectedRevision: 'no_stream' });
      await store.close();
      const result = await migrate('--from', `sqlite:${sourceFile}`, '--to', database.url);
      expect(result.code).toBe(1);
      expect(result.out).toMatch(/already holds events \(head position 2\)/);
      const reopened = await PostgresEventStore.open({ connectionString: database.url });
      try {
        expect((await readAllOf(reopened)).map((e) => e.streamId)).toEqual([
          'agreement-other',
          'agreement-other',
        ]);
      } finally {
        await reopened.close();
      }
    }, 60_000);
  });
}

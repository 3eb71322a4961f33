import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventStoreHarness, testEventImporter, testEventStore } from '@kyoyaku/event-store/testing';
import { StoreSchemaTooNewError, StoreUnavailableError } from '../event-store.errors';
import type { EventStore, NewEvent } from '../event-store.port';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store';
import { EVENT_STORE_MIGRATIONS } from './sqlite-event-store.migrations';

const folders: string[] = [];

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'kyoyaku-sqlite-'));
  folders.push(folder);
  return folder;
}

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** Real files in a temp folder (never ':memory:'), one fresh file per harness. */
function harnessOn(file: string, options: Omit<SqliteEventStoreOptions, 'file'>): EventStoreHarness {
  const open = (): SqliteEventStore => SqliteEventStore.open({ ...options, file, pollIntervalMs: 50 });
  const others: EventStore[] = [];
  const harness: EventStoreHarness = {
    store: open(),
    async reopen() {
      await harness.store.close();
      harness.store = open();
      return harness.store;
    },
    async connectAnother() {
      const other = open();
      others.push(other);
      return Promise.resolve(other);
    },
    async cleanup() {
      await Promise.all([harness.store, ...others].map((store) => store.close()));
      rmSync(file, { force: true });
      rmSync(`${file}-wal`, { force: true });
      rmSync(`${file}-shm`, { force: true });
    },
  };
  return harness;
}

testEventStore('sqlite (real files)', ({ clock }) =>
  Promise.resolve(harnessOn(join(tempFolder(), 'nested', 'ledger.sqlite'), { clock })),
);
testEventImporter('sqlite (real files)', ({ clock }) =>
  Promise.resolve(harnessOn(join(tempFolder(), 'ledger.sqlite'), { clock })),
);

const event = (i: number, extra: Record<string, string> = {}): NewEvent => ({
  type: 'Appended',
  schemaVersion: 1,
  data: { i, ...extra },
  metadata: { actor: { id: 'tester', role: 'system' }, correlationId: `c-${i}`, source: 'cli' },
});

/** Counts commit frames in the WAL file (frame header bytes 4–7 ≠ 0), with the header's salt. */
function walCommitFrames(file: string): number {
  let wal: Buffer;
  try {
    wal = readFileSync(`${file}-wal`);
  } catch {
    return 0;
  }
  if (wal.length < 32) return 0;
  const pageSize = wal.readUInt32BE(8);
  const salt1 = wal.readUInt32BE(16);
  const salt2 = wal.readUInt32BE(20);
  let commits = 0;
  for (let offset = 32; offset + 24 + pageSize <= wal.length; offset += 24 + pageSize) {
    if (wal.readUInt32BE(offset + 8) !== salt1 || wal.readUInt32BE(offset + 12) !== salt2) break;
    if (wal.readUInt32BE(offset + 4) !== 0) commits++;
  }
  return commits;
}

describe('SqliteEventStore specifics', () => {
  let file: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    file = join(tempFolder(), 'data', 'ledger.sqlite');
  });

  afterEach(async () => {
    await store.close();
  });

  it('creates the folder and the file, in WAL mode with synchronous=FULL and a busy timeout', async () => {
    store = SqliteEventStore.open({ file });
    expect(store.file).toBe(file);
    await store.append('s', [event(1)], { expectedRevision: 'any' });
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
    // Read the adapter's own connection through the hook: these are per-connection settings.
    await store.close();
    let pragmas: Record<string, unknown> = {};
    store = SqliteEventStore.open({
      file,
      hooks: {
        onConnectionOpened: (connection) => {
          pragmas = {
            journal: connection.pragma('journal_mode', { simple: true }),
            synchronous: connection.pragma('synchronous', { simple: true }),
            busyTimeout: connection.pragma('busy_timeout', { simple: true }),
          };
        },
      },
    });
    expect(pragmas).toEqual({ journal: 'wal', synchronous: 2, busyTimeout: 5000 });
  });

  it('records its migrations per component and applies them once', async () => {
    store = SqliteEventStore.open({ file });
    await store.close();
    store = SqliteEventStore.open({ file });
    const db = new Database(file, { readonly: true });
    try {
      const rows = db
        .prepare('SELECT component, version, name FROM schema_migrations ORDER BY version')
        .all();
      expect(rows).toEqual(
        EVENT_STORE_MIGRATIONS.map((m) => ({ component: 'event-store', version: m.version, name: m.name })),
      );
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .pluck()
        .all();
      expect(tables).toEqual(expect.arrayContaining(['events', 'idempotency_keys', 'schema_migrations']));
    } finally {
      db.close();
    }
  });

  it('refuses to open a file whose schema version is newer than it knows, leaving it untouched', async () => {
    store = SqliteEventStore.open({ file });
    await store.append('s', [event(1)], { expectedRevision: 'any' });
    await store.close();
    const db = new Database(file);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?, ?)').run(
      'event-store',
      EVENT_STORE_MIGRATIONS.length + 1,
      'from the future',
      '2030-01-01T00:00:00.000Z',
    );
    db.close();
    let error: unknown = null;
    try {
      SqliteEventStore.open({ file });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StoreSchemaTooNewError);
    expect(error).toMatchObject({ foundVersion: EVENT_STORE_MIGRATIONS.length + 1 });
    expect(String((error as Error).message)).toMatch(/upgrade the software/);
    // Another component's newer schema (e.g. read models) does not concern the event store.
    const fix = new Database(file);
    fix.prepare("DELETE FROM schema_migrations WHERE name = 'from the future'").run();
    fix.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?, ?)').run('read-models', 99, 'x', 'now');
    fix.close();
    store = SqliteEventStore.open({ file });
    expect(await store.headPosition()).toBe(1n);
  });

  it('refuses a file that is not an SQLite database with StoreUnavailable', () => {
    const folder = tempFolder();
    const notSqlite = join(folder, 'notes.sqlite');
    writeFileSync(notSqlite, 'これはデータベースではありません'.repeat(100));
    expect(() => SqliteEventStore.open({ file: notSqlite })).toThrow(StoreUnavailableError);
    store = SqliteEventStore.open({ file });
  });

  it('group commit: 64 concurrent appends share one transaction (counter and WAL commit frames agree)', async () => {
    store = SqliteEventStore.open({ file });
    await store.append('warm-up', [event(0)], { expectedRevision: 'any' });
    const statsBefore = store.stats;
    const walBefore = walCommitFrames(file);
    const committedWhenResolved: boolean[] = [];
    const reader = new Database(file, { readonly: true });
    const visible = reader.prepare('SELECT count(*) FROM events WHERE position = ?').pluck();
    try {
      await Promise.all(
        Array.from({ length: 64 }, (_, i) =>
          store.append(`stream-${i}`, [event(i)], { expectedRevision: 'no_stream' }).then((result) => {
            // Resolved only after the commit: another connection already sees the event.
            committedWhenResolved.push(visible.get(result.position) === 1);
          }),
        ),
      );
    } finally {
      reader.close();
    }
    const statsAfter = store.stats;
    const walAfter = walCommitFrames(file);
    expect(committedWhenResolved).toEqual(Array.from({ length: 64 }, () => true));
    expect(statsAfter.commits - statsBefore.commits).toBe(1);
    expect(statsAfter.eventsWritten - statsBefore.eventsWritten).toBe(64);
    expect(walAfter - walBefore).toBe(1);

    // The same 64 appends awaited one after another take 64 commits: the measure is sensitive.
    for (let i = 0; i < 64; i++)
      await store.append(`seq-${i}`, [event(i)], { expectedRevision: 'no_stream' });
    expect(store.stats.commits - statsAfter.commits).toBe(64);
    expect(walCommitFrames(file) - walAfter).toBe(64);
  });

  it('group commit: appends to one stream in one batch see each other, in call order', async () => {
    store = SqliteEventStore.open({ file });
    const before = store.stats.commits;
    const results = await Promise.allSettled([
      store.append('s', [event(1)], { expectedRevision: 'no_stream' }),
      store.append('s', [event(2), event(3)], { expectedRevision: 0n }),
      store.append('s', [event(4)], { expectedRevision: 0n }), // stale: refused
      store.append('s', [event(5)], { expectedRevision: 2n }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(store.stats.commits - before).toBe(1);
    expect((await store.readStream('s')).map((e) => [e.revision, e.position, e.data.i])).toEqual([
      [0n, 1n, 1],
      [1n, 2n, 2],
      [2n, 3n, 3],
      [3n, 4n, 5],
    ]);
  });

  it('fault-injection hook beforeCommit throwing SQLITE_IOERR: every append of the batch fails with StoreUnavailable, nothing is kept, the store recovers', async () => {
    let failNext = false;
    store = SqliteEventStore.open({
      file,
      hooks: {
        beforeCommit: () => {
          if (!failNext) return;
          failNext = false;
          throw Object.assign(new Error('disk I/O error (injected)'), { code: 'SQLITE_IOERR' });
        },
      },
    });
    await store.append('a', [event(0)], { expectedRevision: 'no_stream' });
    failNext = true;
    const outcomes = await Promise.allSettled([
      store.append('a', [event(1)], { expectedRevision: 0n }),
      store.append('b', [event(2)], { expectedRevision: 'no_stream', idempotencyKey: 'key-b' }),
      store.append('c', [event(3), event(4)], { expectedRevision: 'any' }),
    ]);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      if (outcome.status === 'rejected') {
        expect(outcome.reason).toBeInstanceOf(StoreUnavailableError);
        expect(String((outcome.reason as Error).message)).toMatch(/SQLITE_IOERR/);
      }
    }
    expect(store.stats.failedCommits).toBe(1);
    expect(await store.headPosition()).toBe(1n);
    expect(await store.streamRevision('b')).toBeNull();
    // The same appends succeed afterwards (the idempotency key was not kept either).
    const retried = await Promise.all([
      store.append('a', [event(1)], { expectedRevision: 0n }),
      store.append('b', [event(2)], { expectedRevision: 'no_stream', idempotencyKey: 'key-b' }),
      store.append('c', [event(3), event(4)], { expectedRevision: 'any' }),
    ]);
    expect(retried.map((r) => r.replayed)).toEqual([false, false, false]);
    expect((await store.readAll({ limit: 10 })).map((e) => e.position)).toEqual([1n, 2n, 3n, 4n, 5n]);
  });

  it('a real SQLITE_FULL (max_page_count reached) fails the whole batch with StoreUnavailable; after room is made the store continues gap-free', async () => {
    let connection: Database.Database | null = null;
    store = SqliteEventStore.open({ file, hooks: { onConnectionOpened: (db) => (connection = db) } });
    await store.append('a', [event(0)], { expectedRevision: 'no_stream' });
    const db = connection as Database.Database | null;
    if (db === null) throw new Error('the hook did not run');
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    const big = 'x'.repeat(200_000);
    const outcomes = await Promise.allSettled([
      store.append('a', [event(1)], { expectedRevision: 0n }),
      store.append('b', [event(2, { big })], { expectedRevision: 'no_stream' }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') {
        expect(outcome.reason).toBeInstanceOf(StoreUnavailableError);
        expect(String((outcome.reason as Error).message)).toMatch(/SQLITE_FULL/);
      }
    }
    expect(await store.headPosition()).toBe(1n);
    db.pragma('max_page_count = 1073741823');
    await store.append('b', [event(2, { big })], { expectedRevision: 'no_stream' });
    await store.append('a', [event(1)], { expectedRevision: 0n });
    expect((await store.readAll({ limit: 10 })).map((e) => e.position)).toEqual([1n, 2n, 3n]);
  });

  it('a write lock held by another connection beyond busy_timeout fails the batch with StoreUnavailable; it succeeds once released', async () => {
    store = SqliteEventStore.open({ file, busyTimeoutMs: 50 });
    await store.append('a', [event(0)], { expectedRevision: 'no_stream' });
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    try {
      const error = await store.append('a', [event(1)], { expectedRevision: 0n }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(String((error as Error).message)).toMatch(/SQLITE_BUSY/);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const result = await store.append('a', [event(1)], { expectedRevision: 0n });
    expect(result.position).toBe(2n);
  });

  it('stores the canonical envelope exactly as hashed, and positions have no AUTOINCREMENT gaps', async () => {
    store = SqliteEventStore.open({ file });
    await store.append('s', [event(1)], { expectedRevision: 'no_stream' });
    await store.append('s', [event(2)], { expectedRevision: 'no_stream' }).catch(() => undefined);
    await store.append('s', [event(3)], { expectedRevision: 0n });
    const db = new Database(file, { readonly: true });
    try {
      const rows = db
        .prepare('SELECT position, revision, hash, envelope FROM events ORDER BY position')
        .all() as {
        position: number;
        revision: number;
        hash: string;
        envelope: string;
      }[];
      expect(rows.map((r) => [r.position, r.revision])).toEqual([
        [1, 0],
        [2, 1],
      ]);
      const { createHash } = await import('node:crypto');
      for (const row of rows) expect(createHash('sha256').update(row.envelope).digest('hex')).toBe(row.hash);
      const sequence = db
        .prepare("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'")
        .pluck()
        .get();
      expect(sequence).toBe(0);
    } finally {
      db.close();
    }
  });

  it('a caller mutating its data after append cannot change what is written', async () => {
    store = SqliteEventStore.open({ file });
    const data = { amountYen: '100' };
    const pending = store.append('s', [{ ...event(1), data }], { expectedRevision: 'any' });
    data.amountYen = '999';
    const result = await pending;
    expect(result.events[0]?.data).toEqual({ amountYen: '100' });
    expect((await store.readStream('s'))[0]?.data).toEqual({ amountYen: '100' });
  });

  it('close() commits the appends already accepted', async () => {
    store = SqliteEventStore.open({ file });
    const pending = store.append('s', [event(1)], { expectedRevision: 'any' });
    await store.close();
    expect((await pending).position).toBe(1n);
    store = SqliteEventStore.open({ file });
    expect(await store.headPosition()).toBe(1n);
  });
});

import { createHash } from 'node:crypto';
import { Client } from 'pg';
import {
  type EventStoreHarness,
  skipLoudly,
  testEventImporter,
  testEventStore,
} from '@kyoyaku/event-store/testing';
import { StoreSchemaTooNewError, StoreUnavailableError } from '../event-store.errors';
import type { EventStore, NewEvent, RecordedEvent } from '../event-store.port';
import { withDefaultUser } from './postgres-connection';
import { PostgresEventStore, type PostgresEventStoreOptions } from './postgres-event-store';
import { POSTGRES_EVENT_STORE_MIGRATIONS } from './postgres-migrations';
import {
  createTestDatabase,
  postgresUnavailableReason,
  type TestDatabase,
  withDatabase,
} from '@kyoyaku/event-store/testing';

/**
 * The PostgreSQL adapter against a real server: the whole contract suite (each test on a fresh
 * schema of this file's own database), then what is particular to PostgreSQL. Skipped loudly, with
 * the reason, when no server answers at LEDGER_TEST_POSTGRES_URL.
 */
const skipReason = postgresUnavailableReason();
let database: TestDatabase | null = null;
let schemas = 0;

beforeAll(async () => {
  if (skipReason === null) database = await createTestDatabase();
}, 30_000);

afterAll(async () => {
  await database?.drop();
}, 30_000);

function databaseUrl(): string {
  if (database === null) throw new Error('the test database was not created');
  return database.url;
}

async function sql<T extends Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: withDefaultUser(databaseUrl()) });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** A fresh schema per harness (fast, and as separate as a database for the adapter). */
function harnessOn(schema: string, options: Omit<PostgresEventStoreOptions, 'connectionString' | 'schema'>) {
  const open = (): Promise<PostgresEventStore> =>
    PostgresEventStore.open({ connectionString: databaseUrl(), schema, pollIntervalMs: 50, ...options });
  return async (): Promise<EventStoreHarness & { store: PostgresEventStore }> => {
    const others: EventStore[] = [];
    const harness = {
      store: await open(),
      async reopen() {
        await harness.store.close();
        harness.store = await open();
        return harness.store;
      },
      async connectAnother() {
        const other = await open();
        others.push(other);
        return other;
      },
      async cleanup() {
        await Promise.all([harness.store, ...others].map((store) => store.close()));
        await sql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      },
    };
    return harness;
  };
}

const nextSchema = (): string => `contract_${++schemas}`;

testEventStore('postgres', ({ clock }) => harnessOn(nextSchema(), { clock })(), { skipReason });
testEventImporter('postgres', ({ clock }) => harnessOn(nextSchema(), { clock })(), { skipReason });

const event = (i: number, extra: Record<string, string> = {}): NewEvent => ({
  type: 'Appended',
  schemaVersion: 1,
  data: { i, ...extra },
  metadata: { actor: { id: 'tester', role: 'system' }, correlationId: `c-${i}`, source: 'cli' },
});

async function readEverything(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after: BigInt(all.length), limit: 1000 });
    all.push(...page);
    if (page.length < 1000) return all;
  }
}

if (skipReason !== null) {
  skipLoudly('PostgresEventStore specifics', skipReason);
} else {
  describe('PostgresEventStore specifics', () => {
    let schema: string;
    const stores: PostgresEventStore[] = [];
    const open = async (options: Partial<PostgresEventStoreOptions> = {}): Promise<PostgresEventStore> => {
      const store = await PostgresEventStore.open({ connectionString: databaseUrl(), schema, ...options });
      stores.push(store);
      return store;
    };

    beforeEach(() => {
      schema = `specific_${++schemas}`;
    });

    afterEach(async () => {
      await Promise.all(stores.splice(0).map((store) => store.close()));
      await sql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    });

    it('records its migrations per component, applies them once, and keeps no sequence', async () => {
      await (await open()).close();
      const store = await open();
      await store.append('s', [event(1)], { expectedRevision: 'any' });
      const rows = await sql<{ component: string; version: number; name: string }>(
        `SELECT component, version, name FROM ${schema}.schema_migrations ORDER BY version`,
      );
      expect(rows).toEqual(
        POSTGRES_EVENT_STORE_MIGRATIONS.map((m) => ({
          component: 'event-store',
          version: m.version,
          name: m.name,
        })),
      );
      const sequences = await sql(`SELECT 1 FROM information_schema.sequences WHERE sequence_schema = $1`, [
        schema,
      ]);
      expect(sequences).toEqual([]);
    });

    it('refuses tables written by newer software with StoreSchemaTooNew, leaving them untouched', async () => {
      const store = await open();
      await store.append('s', [event(1)], { expectedRevision: 'any' });
      await store.close();
      const future = POSTGRES_EVENT_STORE_MIGRATIONS.length + 1;
      await sql(
        `INSERT INTO ${schema}.schema_migrations VALUES ('event-store', $1, 'from the future', 'x')`,
        [future],
      );
      const error = await open().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StoreSchemaTooNewError);
      expect(error).toMatchObject({ foundVersion: future, knownVersion: future - 1 });
      expect(String((error as Error).message)).toMatch(/upgrade the software/);
      expect(await sql(`SELECT position FROM ${schema}.events`)).toEqual([{ position: '1' }]);
      // Another component's newer schema (the read models, say) does not concern the event store.
      await sql(`DELETE FROM ${schema}.schema_migrations WHERE name = 'from the future'`);
      await sql(`INSERT INTO ${schema}.schema_migrations VALUES ('read-models', 99, 'x', 'x')`);
      expect(await (await open()).headPosition()).toBe(1n);
    });

    it('stores the canonical envelope exactly as hashed', async () => {
      const store = await open();
      await store.append('s', [event(1, { text: '神\uFA19か\u3099' })], { expectedRevision: 'no_stream' });
      await store.append('s', [event(2)], { expectedRevision: 'no_stream' }).catch(() => undefined);
      await store.append('s', [event(3)], { expectedRevision: 0n });
      const rows = await sql<{ position: string; revision: string; hash: string; envelope: string }>(
        `SELECT position, revision, hash, envelope FROM ${schema}.events ORDER BY position`,
      );
      expect(rows.map((r) => [r.position, r.revision])).toEqual([
        ['1', '0'],
        ['2', '1'],
      ]);
      for (const row of rows) expect(createHash('sha256').update(row.envelope).digest('hex')).toBe(row.hash);
      expect(rows[0]?.envelope).toContain('神\uFA19か\u3099');
    });

    it('group commit: 64 concurrent appends share one transaction, each resolved only after COMMIT', async () => {
      const store = await open();
      await store.append('warm-up', [event(0)], { expectedRevision: 'any' });
      const before = store.stats;
      const reader = new Client({ connectionString: withDefaultUser(databaseUrl()) });
      await reader.connect();
      const visible: boolean[] = [];
      try {
        const results = await Promise.all(
          Array.from({ length: 64 }, (_, i) =>
            store.append(`stream-${i}`, [event(i)], { expectedRevision: 'no_stream' }),
          ),
        );
        // Every append answered is visible to another connection (its transaction committed).
        for (const result of results) {
          const seen = await reader.query(`SELECT 1 FROM ${schema}.events WHERE position = $1`, [
            result.position.toString(),
          ]);
          visible.push(seen.rowCount === 1);
        }
      } finally {
        await reader.end();
      }
      expect(visible).toEqual(Array.from({ length: 64 }, () => true));
      const after = store.stats;
      expect(after.commits - before.commits).toBe(1);
      expect(after.eventsWritten - before.eventsWritten).toBe(64);
      // The same 64 appends awaited one after another take 64 commits: the measure is sensitive.
      for (let i = 0; i < 64; i++)
        await store.append(`seq-${i}`, [event(i)], { expectedRevision: 'no_stream' });
      expect(store.stats.commits - after.commits).toBe(64);
    });

    it('a store that alone writes commits in one round trip; another writer in between costs a retry, never a wrong answer', async () => {
      const store = await open();
      const other = await open();
      for (let i = 0; i < 20; i++) await store.append(`s-${i % 3}`, [event(i)], { expectedRevision: 'any' });
      expect(store.stats.oneRoundTripCommits).toBeGreaterThanOrEqual(15);
      // The other store writes to the same stream: this one's facts are stale, and it must notice.
      const before = store.stats;
      const theirs = await other.append('s-0', [event(100)], { expectedRevision: 6n });
      const stale = await store
        .append('s-0', [event(101)], { expectedRevision: 6n })
        .catch((e: unknown) => e);
      expect(stale).toMatchObject({ code: 'WrongExpectedRevision', actual: 7n });
      const next = await store.append('s-0', [event(102)], { expectedRevision: 7n });
      expect(next.events[0]).toMatchObject({ revision: 8n, position: 22n, prevHash: theirs.events[0]?.hash });
      // A refusal is not decided on stale facts either: 7 was right once the other store had written.
      await other.append('s-1', [event(103)], { expectedRevision: 'any' });
      const revision = await other.streamRevision('s-2');
      expect(
        (await store.append('s-2', [event(104)], { expectedRevision: revision ?? 'no_stream' })).position,
      ).toBe(24n);
      // Streams this store never saw are guessed new; a guess that is wrong is caught, not written.
      await other.append('theirs-1', [event(105)], { expectedRevision: 'no_stream' });
      await other.append('theirs-2', [event(106)], { expectedRevision: 'no_stream' });
      for (let i = 0; i < 2; i++) await store.append('mine', [event(107 + i)], { expectedRevision: 'any' });
      const oneTrip = store.stats.oneRoundTripCommits;
      expect(
        (await store.append('theirs-1', [event(109)], { expectedRevision: 'any' })).nextExpectedRevision,
      ).toBe(1n);
      expect(
        (await store.append('theirs-2', [event(110)], { expectedRevision: 'exists' })).events[0]?.revision,
      ).toBe(1n);
      expect(
        await store
          .append('theirs-1', [event(111)], { expectedRevision: 'no_stream' })
          .catch((e: unknown) => e),
      ).toMatchObject({ code: 'WrongExpectedRevision', actual: 1n });
      expect(
        (await store.append('brand-new', [event(112)], { expectedRevision: 'no_stream' })).position,
      ).toBe(31n);
      expect(store.stats.oneRoundTripCommits).toBeGreaterThan(oneTrip);
      expect(store.stats.failedCommits).toBe(before.failedCommits);
      const all = await readEverything(store);
      expect(all.map((e) => e.position)).toEqual(all.map((_, i) => BigInt(i + 1)));
    });

    it('an append on known facts is one statement: the lock, the event, its idempotency key and the commit', async () => {
      const store = await open();
      // The first batches read the facts under the lock; after them the store knows them.
      for (let i = 0; i < 2; i++) await store.append('warm-up', [event(0)], { expectedRevision: 'any' });
      // Every statement any pooled connection sends goes through Client#query.
      const original = Client.prototype.query as (this: Client, ...args: unknown[]) => unknown;
      const sent: string[] = [];
      const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (
        this: Client,
        ...args: unknown[]
      ) {
        const [config] = args;
        sent.push(typeof config === 'string' ? config : (config as { text: string }).text);
        return original.apply(this, args) as never;
      });
      try {
        await store.append('s', [event(1)], { expectedRevision: 'no_stream' });
        await store.append('s', [event(2)], { expectedRevision: 0n, idempotencyKey: 'one-trip' });
        await store.append('s', [event(3), event(4)], { expectedRevision: 1n });
      } finally {
        spy.mockRestore();
      }
      // The NOTIFY that wakes other processes goes after each commit, on another connection, unawaited.
      const appends = sent.filter((text) => !text.startsWith('SELECT pg_notify('));
      expect(appends).toHaveLength(3);
      for (const text of appends) expect(text).toMatch(/^WITH locked AS \(SELECT pg_advisory_xact_lock\(/);
      const rows = await sql<{ position: string; revision: string }>(
        `SELECT position, revision FROM ${schema}.events WHERE stream_id = 's' ORDER BY position`,
      );
      expect(rows).toEqual([
        { position: '3', revision: '0' },
        { position: '4', revision: '1' },
        { position: '5', revision: '2' },
        { position: '6', revision: '3' },
      ]);
      expect(await sql(`SELECT first_position, last_position FROM ${schema}.idempotency_keys`)).toEqual([
        { first_position: '4', last_position: '4' },
      ]);
      expect(
        (await store.append('s', [event(2)], { expectedRevision: 0n, idempotencyKey: 'one-trip' })).replayed,
      ).toBe(true);
    });

    it('two stores racing on one stream with the same expected revision: one writes, the other is refused with the facts', async () => {
      const [a, b] = [await open(), await open()];
      let revision = (await a.append('race', [event(0)], { expectedRevision: 'no_stream' }))
        .nextExpectedRevision;
      await b.append('other', [event(0)], { expectedRevision: 'no_stream' });
      const oneStatement = a.stats.oneRoundTripCommits + b.stats.oneRoundTripCommits;
      for (let round = 1; round <= 20; round++) {
        const expected = revision;
        const outcomes = await Promise.allSettled(
          [a, b].map((store) => store.append('race', [event(round)], { expectedRevision: expected })),
        );
        const won = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
        const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
        expect(won).toHaveLength(1);
        expect(lost).toEqual([
          expect.objectContaining({
            code: 'WrongExpectedRevision',
            streamId: 'race',
            expected,
            actual: expected + 1n,
          }),
        ]);
        revision = won[0]?.nextExpectedRevision ?? revision;
        expect(revision).toBe(expected + 1n);
      }
      // The winner of a round writes the next on facts it knows: those took the one-statement path.
      expect(a.stats.oneRoundTripCommits + b.stats.oneRoundTripCommits).toBeGreaterThan(oneStatement);
      const all = await readEverything(a);
      expect(all.map((e) => e.position)).toEqual(all.map((_, i) => BigInt(i + 1)));
      const chain = all.filter((e) => e.streamId === 'race');
      expect(chain.map((e) => e.revision)).toEqual(chain.map((_, i) => BigInt(i)));
      chain.forEach((e, i) => expect(e.prevHash).toBe(i === 0 ? null : chain[i - 1]?.hash));
    });

    it('several stores (as several processes) writing at once: readers only ever see gap-free prefixes', async () => {
      const writers = await Promise.all(Array.from({ length: 4 }, () => open({ poolSize: 4 })));
      const watcher = await open();
      let done = false;
      let lastSeen = 0n;
      const gaps: string[] = [];
      const watching = (async () => {
        while (!done) {
          const page = await watcher.readAll({ after: lastSeen, limit: 1000 });
          for (const e of page) {
            if (e.position !== lastSeen + 1n) gaps.push(`${lastSeen.toString()} → ${e.position.toString()}`);
            lastSeen = e.position;
          }
        }
      })();
      await Promise.all(
        writers.map(async (writer, w) => {
          for (let wave = 0; wave < 15; wave++) {
            await Promise.all(
              Array.from({ length: 8 }, (_, i) =>
                writer.append(`w${w}-s${i % 3}`, [event(wave), event(wave)], { expectedRevision: 'any' }),
              ),
            );
          }
        }),
      );
      done = true;
      await watching;
      const all = await readEverything(watcher);
      expect(all).toHaveLength(4 * 15 * 8 * 2);
      expect(all.map((e) => e.position)).toEqual(all.map((_, i) => BigInt(i + 1)));
      expect(gaps).toEqual([]);
      // Far fewer transactions than appends: each store grouped what arrived while it waited.
      const commits = writers.reduce((sum, w) => sum + w.stats.commits, 0);
      expect(commits).toBeLessThanOrEqual(4 * 15);
    });

    it('a failure before COMMIT rejects the whole batch with StoreUnavailable, keeps nothing, and the store goes on', async () => {
      let failNext = false;
      const store = await open({
        hooks: {
          beforeCommit: () => {
            if (!failNext) return;
            failNext = false;
            throw new Error('injected failure');
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
          expect(String((outcome.reason as Error).message)).toMatch(/none of it was kept.*injected failure/);
        }
      }
      expect(store.stats.failedCommits).toBe(1);
      expect(await store.headPosition()).toBe(1n);
      const retried = await Promise.all([
        store.append('a', [event(1)], { expectedRevision: 0n }),
        store.append('b', [event(2)], { expectedRevision: 'no_stream', idempotencyKey: 'key-b' }),
        store.append('c', [event(3), event(4)], { expectedRevision: 'any' }),
      ]);
      expect(retried.map((r) => r.replayed)).toEqual([false, false, false]);
      expect((await store.readAll({ limit: 10 })).map((e) => e.position)).toEqual([1n, 2n, 3n, 4n, 5n]);
    });

    it('its connection killed by the server inside a batch: StoreUnavailable, nothing kept; then it recovers by itself', async () => {
      let killNext = false;
      const store = await open({
        hooks: {
          beforeCommit: async ({ client }) => {
            if (!killNext) return;
            killNext = false;
            const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
            await sql('SELECT pg_terminate_backend($1)', [pid]);
            await client.query('SELECT 1'); // the server has closed this connection
          },
        },
      });
      await store.append('a', [event(0)], { expectedRevision: 'no_stream' });
      killNext = true;
      const error = await store.append('a', [event(1)], { expectedRevision: 0n }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(await store.headPosition()).toBe(1n);
      const next = await store.append('a', [event(1)], { expectedRevision: 0n });
      expect(next.position).toBe(2n);
    });

    it('every pooled connection terminated while idle (as by a server restart): the next reads and appends simply work', async () => {
      const store = await open();
      await Promise.all([store.headPosition(), store.readAll({ limit: 1 }), store.streamRevision('x')]);
      await store.append('a', [event(0)], { expectedRevision: 'no_stream' });
      await sql(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = 'kyoyaku-ledger events'`,
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await store.headPosition()).toBe(1n);
      expect((await store.append('a', [event(1)], { expectedRevision: 0n })).position).toBe(2n);
    });

    it('a server that does not answer: open fails with StoreUnavailable naming the place, quickly', async () => {
      const started = Date.now();
      const error = await PostgresEventStore.open({
        connectionString: 'postgresql://nobody@127.0.0.1:1/nothing',
        connectionTimeoutMs: 1000,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(String((error as Error).message)).toMatch(/127\.0\.0\.1:1.*ECONNREFUSED/);
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it('refuses a database whose encoding is not UTF8', async () => {
      const name = `${databaseUrl().match(/\/(kyoyaku_t_[a-z0-9_]+)/)?.[1] ?? 'x'}_ascii`;
      await sql(
        `CREATE DATABASE ${name} ENCODING 'SQL_ASCII' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'`,
      );
      try {
        const error = await PostgresEventStore.open({
          connectionString: withDatabase(databaseUrl(), name),
        }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreUnavailableError);
        expect(String((error as Error).message)).toMatch(/encoding is SQL_ASCII.*UTF8/);
      } finally {
        await sql(`DROP DATABASE ${name} WITH (FORCE)`);
      }
    }, 30_000);

    it('close() commits the appends already accepted', async () => {
      const store = await open();
      const pending = store.append('s', [event(1)], { expectedRevision: 'any' });
      await store.close();
      expect((await pending).position).toBe(1n);
      expect(await (await open()).headPosition()).toBe(1n);
    });
  });
}

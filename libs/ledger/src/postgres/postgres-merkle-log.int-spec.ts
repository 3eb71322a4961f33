import {
  canonicalEventBytes,
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
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leafHash, merkleRootOf } from '../merkle/merkle-hash';
import { verifyConsistency, verifyInclusion } from '../merkle/merkle-tree';
import { SqliteMerkleLog } from '../sqlite/sqlite-merkle-log';
import { PostgresMerkleLog } from './postgres-merkle-log';

const event = (n: number): NewEvent => ({
  type: 'Noted',
  schemaVersion: 1,
  data: { n, text: '連携協約' },
  metadata: { actor: { id: 'test', role: 'admin' }, correlationId: `c-${n}`, source: 'cli' },
});

async function readEverything(store: { readAll: SqliteEventStore['readAll'] }): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after: BigInt(all.length), limit: 1000 });
    all.push(...page);
    if (page.length < 1000) return all;
  }
}

const skipReason = postgresUnavailableReason();

if (skipReason !== null) {
  skipLoudly('PostgresMerkleLog', skipReason);
} else {
  describe('PostgresMerkleLog as a commit participant of the PostgreSQL store', () => {
    let database: TestDatabase;
    let schemas = 0;
    let dir: string;
    const open: PostgresEventStore[] = [];
    const openStore = async (
      log?: PostgresMerkleLog,
      schema = `merkle_${schemas}`,
    ): Promise<PostgresEventStore> => {
      const store = await PostgresEventStore.open({
        connectionString: database.url,
        schema,
        ...(log === undefined ? {} : { participants: [log] }),
      });
      open.push(store);
      return store;
    };

    beforeAll(async () => {
      database = await createTestDatabase();
    }, 30_000);
    afterAll(async () => {
      await database.drop();
    }, 30_000);
    beforeEach(() => {
      schemas++;
      dir = mkdtempSync(join(tmpdir(), 'kyoyaku-pg-merkle-'));
    });
    afterEach(async () => {
      await Promise.all(open.splice(0).map((store) => store.close()));
      rmSync(dir, { recursive: true, force: true });
    });

    it('keeps one leaf per event, written with the events; refused appends add no node', async () => {
      const log = new PostgresMerkleLog();
      const store = await openStore(log);
      const results = await Promise.allSettled(
        Array.from({ length: 30 }, (_, i) =>
          store.append(`s-${i % 5}`, [event(i), event(i + 100)], {
            expectedRevision: i === 7 || i === 8 ? 5n : 'any',
          }),
        ),
      );
      expect(results.filter((r) => r.status === 'rejected')).toHaveLength(2);
      for (let i = 0; i < 9; i++) await store.append('one-by-one', [event(i)], { expectedRevision: 'any' });
      const head = await store.headPosition();
      expect(await log.leafCount()).toBe(head);
      const leaves = (await readEverything(store)).map((e) => canonicalEventBytes(e));
      for (const size of [0n, 1n, 13n, 56n, 57n, head]) {
        expect(await log.root(size)).toEqual(merkleRootOf(leaves.slice(0, Number(size))));
      }
      const root = await log.root(head);
      for (const index of [0n, 17n, head - 1n]) {
        const proof = await log.inclusionProof(index, head);
        expect(
          verifyInclusion(leafHash(leaves[Number(index)] ?? Buffer.alloc(0)), index, head, proof, root),
        ).toBe(true);
      }
      for (const old of [1n, 9n, 32n]) {
        expect(
          verifyConsistency(old, head, await log.consistencyProof(old, head), await log.root(old), root),
        ).toBe(true);
      }
      await expect(log.inclusionProof(head, head)).rejects.toMatchObject({ code: 'MerkleRange' });
    });

    it("a one-statement append that collides with another store's write leaves no node; the tree stays whole", async () => {
      const logs = [new PostgresMerkleLog(), new PostgresMerkleLog()] as const;
      const [mine, theirs] = [await openStore(logs[0]), await openStore(logs[1])];
      let appended = 0;
      for (let round = 0; round < 5; round++) {
        // Alone, this store comes to know the facts, and appends on them in one statement...
        for (let i = 0; i < 3; i++)
          await mine.append('mine', [event(round), event(round + 100)], { expectedRevision: 'any' });
        const oneStatement = mine.stats.oneRoundTripCommits;
        // ...until the other store writes: its next statement collides, keeps nothing, and the
        // append is written the ordinary way on top of the other's.
        await theirs.append('theirs', [event(round)], { expectedRevision: 'any' });
        await mine.append('mine', [event(round + 200)], { expectedRevision: 'any' });
        appended += 3 * 2 + 1 + 1;
        expect(mine.stats.oneRoundTripCommits).toBe(oneStatement);
        expect(oneStatement).toBeGreaterThan(0);
      }
      const head = await mine.headPosition();
      expect(head).toBe(BigInt(appended));
      const leaves = (await readEverything(mine)).map((e) => canonicalEventBytes(e));
      for (const log of logs) {
        expect(await log.leafCount()).toBe(head);
        expect(await log.root(head)).toEqual(merkleRootOf(leaves));
      }
    });

    it('a batch that fails before COMMIT leaves no node behind', async () => {
      const log = new PostgresMerkleLog();
      let fail = false;
      const store = await PostgresEventStore.open({
        connectionString: database.url,
        schema: `merkle_${schemas}`,
        participants: [log],
        hooks: {
          beforeCommit: () => {
            if (fail) throw new Error('injected');
          },
        },
      });
      open.push(store);
      await store.append('s', [event(1), event(2), event(3)], { expectedRevision: 'any' });
      fail = true;
      await expect(store.append('s', [event(4)], { expectedRevision: 'any' })).rejects.toMatchObject({
        code: 'StoreUnavailable',
      });
      fail = false;
      expect(await log.leafCount()).toBe(3n);
      await store.append('s', [event(4)], { expectedRevision: 'any' });
      const leaves = (await readEverything(store)).map((e) => canonicalEventBytes(e));
      expect(await log.root(4n)).toEqual(merkleRootOf(leaves));
    });

    it('catches up with events stored before it was attached', async () => {
      const plain = await openStore();
      for (let i = 0; i < 11; i++) await plain.append('s', [event(i)], { expectedRevision: 'any' });
      await plain.close();
      const log = new PostgresMerkleLog();
      const store = await openStore(log);
      expect(await log.leafCount()).toBe(11n);
      await store.append('s', [event(11)], { expectedRevision: 'any' });
      const leaves = (await readEverything(store)).map((e) => canonicalEventBytes(e));
      expect(await log.root(12n)).toEqual(merkleRootOf(leaves));
    });

    it('answers prepared roots synchronously, and only those', async () => {
      const log = new PostgresMerkleLog();
      const store = await openStore(log);
      for (let i = 0; i < 40; i++) await store.append('s', [event(i)], { expectedRevision: 'any' });
      await log.prepareRoots(21n, 33n);
      for (let size = 22n; size <= 33n; size++) expect(log.preparedRoot(size)).toEqual(await log.root(size));
      expect(() => log.preparedRoot(21n)).toThrow('was not loaded');
      expect(() => log.preparedRoot(34n)).toThrow('was not loaded');
    });

    it('the same events on SQLite and on PostgreSQL give the same tree: the same roots and proofs at every size', async () => {
      // Recorded on SQLite, copied verbatim to PostgreSQL (and the other way round below).
      const sqliteLog = new SqliteMerkleLog();
      const sqlite = SqliteEventStore.open({ file: join(dir, 'ledger.sqlite'), participants: [sqliteLog] });
      try {
        await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            sqlite.append(`s-${i % 4}`, [event(i)], { expectedRevision: 'any' }),
          ),
        );
        for (let i = 0; i < 25; i++)
          await sqlite.append(`t-${i % 3}`, [event(i), event(i)], { expectedRevision: 'any' });
        const pgLog = new PostgresMerkleLog();
        const postgres = await openStore(pgLog);
        const events = await readEverything(sqlite);
        await postgres.importEvents(events.slice(0, 20));
        await postgres.importEvents(events.slice(20));
        const head = BigInt(events.length);
        expect(await pgLog.leafCount()).toBe(head);
        for (let size = 0n; size <= head; size++) {
          expect(await pgLog.root(size)).toEqual(sqliteLog.root(size));
        }
        for (const size of [1n, 7n, 16n, 33n, head]) {
          for (let index = 0n; index < size; index += 3n) {
            expect(await pgLog.inclusionProof(index, size)).toEqual(sqliteLog.inclusionProof(index, size));
          }
          for (const old of [0n, 1n, 5n, 16n]) {
            if (old <= size) {
              expect(await pgLog.consistencyProof(old, size)).toEqual(sqliteLog.consistencyProof(old, size));
            }
          }
        }
        // And back: PostgreSQL appends more, SQLite (a fresh file) imports everything: one root.
        for (let i = 0; i < 5; i++) await postgres.append('from-pg', [event(i)], { expectedRevision: 'any' });
        const copyLog = new SqliteMerkleLog();
        const copy = SqliteEventStore.open({ file: join(dir, 'copy.sqlite'), participants: [copyLog] });
        try {
          await copy.importEvents(await readEverything(postgres));
          const size = await postgres.headPosition();
          expect(copyLog.root(size)).toEqual(await pgLog.root(size));
        } finally {
          await copy.close();
        }
      } finally {
        await sqlite.close();
      }
    });
  });
}

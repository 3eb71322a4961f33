import { type NewEvent, PostgresEventStore, withDefaultUser } from '@kyoyaku/event-store';
import {
  createTestDatabase,
  postgresUnavailableReason,
  skipLoudly,
  type TestDatabase,
} from '@kyoyaku/event-store/testing';
import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Client } from 'pg';
import { Projector } from '../projector';
import type { Projection } from '../read-model';
import { PostgresReadModels } from './postgres-read-models';

const noted = (key: string): NewEvent => ({
  type: 'Noted',
  schemaVersion: 1,
  data: { key },
  metadata: { actor: { id: 't', role: 'admin' }, correlationId: key, source: 'cli' },
});

/** One document per event, about 1 kB each: the read models grow with the ledger. */
const marking = (label: string): Projection => ({
  name: 'marking',
  apply(event, tx) {
    const key = typeof event.data.key === 'string' ? event.data.key : '';
    tx.put('test-marks', key, { label, at: event.position.toString(), text: 'x'.repeat(1000) });
  },
});

const skipReason = postgresUnavailableReason();

if (skipReason !== null) {
  skipLoudly('PostgresReadModels replica files', skipReason);
} else {
  describe('PostgresReadModels: each process’s replica is a file with a bounded page cache, reused across restarts', () => {
    let database: TestDatabase;
    let schema: string;
    let schemas = 0;
    let store: PostgresEventStore;
    let dir: string;
    const closing: { close(): unknown }[] = [];

    const open = async (replicaDir = dir, replicaCacheBytes = 256 * 1024): Promise<PostgresReadModels> => {
      const readModels = await PostgresReadModels.open({
        connectionString: database.url,
        schema,
        replicaDir,
        replicaCacheBytes,
      });
      closing.push(readModels);
      return readModels;
    };
    const appendNoted = async (from: number, count: number): Promise<void> => {
      const events = Array.from({ length: count }, (_, i) => noted(`k-${from + i}`));
      for (let i = 0; i < events.length; i += 200) {
        await store.append(`s-${from}-${i}`, events.slice(i, i + 200), { expectedRevision: 'no_stream' });
      }
    };
    const sql = async (text: string): Promise<void> => {
      const client = new Client({ connectionString: withDefaultUser(database.url) });
      await client.connect();
      try {
        await client.query(text);
      } finally {
        await client.end();
      }
    };

    beforeAll(async () => {
      database = await createTestDatabase();
    }, 30_000);
    afterAll(async () => {
      await database.drop();
    }, 30_000);
    beforeEach(async () => {
      schema = `rr_${++schemas}`;
      dir = mkdtempSync(join(tmpdir(), 'kyoyaku-replica-test-'));
      store = await PostgresEventStore.open({ connectionString: database.url, schema });
      closing.push(store);
    }, 30_000);
    afterEach(async () => {
      for (const item of closing.splice(0).reverse()) await item.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('keeps the documents in a file that grows with them, while SQLite may hold only the bounded cache in memory', async () => {
      const readModels = await open();
      const storage = readModels.replica.storage();
      expect(storage.file).toBe(readModels.replicaFile);
      expect(readModels.replicaFile.startsWith(dir)).toBe(true);
      expect(storage.pageCacheBytes).toBe(256 * 1024);
      expect(storage.mmapBytes).toBe(0);
      const empty = statSync(readModels.replicaFile).size;

      await appendNoted(0, 3000);
      await new Projector(store, readModels, [marking('first')], { batchSize: 500 }).catchUp();
      expect(readModels.reader().get('test-marks', 'k-2999')).toMatchObject({ label: 'first' });
      // The 3 MB of documents are in the file (its WAL checkpointed into it), far beyond the cache.
      await readModels.close();
      expect(statSync(readModels.replicaFile).size - empty).toBeGreaterThan(3_000_000);
    });

    it('a replica far behind loads the generation in chunks into its file, not into memory', async () => {
      // 12 MB of documents written straight into PostgreSQL: more than a pull takes at once.
      await (await open()).close();
      await sql(`
        INSERT INTO ${schema}.rm_documents (generation, collection, key, sort_key, doc, position)
          SELECT 1, 'bulk', lpad(i::text, 6, '0'), lpad(i::text, 6, '0'),
                 '{"text":"' || repeat(md5(i::text), 30) || '"}', 1
            FROM generate_series(1, 12000) AS i;
        UPDATE ${schema}.rm_generations SET checkpoint = 1 WHERE active;`);
      const fresh = mkdtempSync(join(tmpdir(), 'kyoyaku-replica-test-'));
      try {
        const readModels = await open(fresh);
        expect(readModels.replicaStart).toEqual({ reused: false, documentsRead: 12000 });
        expect(readModels.reader().get<{ text: string }>('bulk', '011999')?.text).toHaveLength(960);
        expect(statSync(readModels.replicaFile).size).toBeGreaterThan(11_000_000);
        await readModels.close();
      } finally {
        rmSync(fresh, { recursive: true, force: true });
      }
    }, 60_000);

    it('two processes sharing the directory each hold a file of their own; a restart reuses one and pulls only what changed', async () => {
      await appendNoted(0, 50);
      const a = await open();
      const b = await open();
      expect(b.replicaFile).not.toBe(a.replicaFile);
      await new Projector(store, a, [marking('first')]).catchUp();
      await b.refresh();
      expect(b.reader().get('test-marks', 'k-49')).toMatchObject({ label: 'first' });
      await b.close();

      // While b is down, a projects more; b comes back on its own file and reads only the new ones.
      await appendNoted(50, 7);
      await new Projector(store, a, [marking('first')]).catchUp();
      const restarted = await open();
      expect(restarted.replicaFile).toBe(b.replicaFile);
      expect(restarted.replicaStart).toEqual({ reused: true, documentsRead: 7 });
      expect(restarted.dump(restarted.activeGeneration())).toBe(a.dump(a.activeGeneration()));
      expect(restarted.checkpoint(restarted.activeGeneration())).toBe(57n);
    });

    it('a rebuild swapped in elsewhere while the process was down: the kept file is loaded again, never served', async () => {
      await appendNoted(0, 20);
      const first = await open();
      await new Projector(store, first, [marking('old')]).catchUp();
      await first.close();

      const elsewhere = await open(mkdtempSync(join(tmpdir(), 'kyoyaku-replica-test-')));
      try {
        const { generation } = await new Projector(store, elsewhere, [marking('rebuilt')]).rebuild();
        const restarted = await open();
        expect(restarted.replicaFile).toBe(first.replicaFile);
        expect(restarted.replicaStart).toEqual({ reused: false, documentsRead: 20 });
        expect(restarted.activeGeneration()).toBe(generation);
        expect(restarted.reader().get('test-marks', 'k-3')).toMatchObject({ label: 'rebuilt' });
        expect(restarted.dump(generation)).toBe(await elsewhere.durableDump(generation));
      } finally {
        rmSync(elsewhere.replicaFile, { force: true });
      }
    });

    it('a restart after this process itself followed a rebuild reuses its file', async () => {
      await appendNoted(0, 20);
      const server = await open();
      await new Projector(store, server, [marking('old')]).catchUp();
      const elsewhere = await open(mkdtempSync(join(tmpdir(), 'kyoyaku-replica-test-')));
      try {
        const { generation } = await new Projector(store, elsewhere, [marking('rebuilt')]).rebuild();
        await server.refresh();
        expect(server.activeGeneration()).toBe(generation);
        await server.close();
        const restarted = await open();
        expect(restarted.replicaFile).toBe(server.replicaFile);
        expect(restarted.replicaStart).toEqual({ reused: true, documentsRead: 0 });
        expect(restarted.activeGeneration()).toBe(generation);
        expect(restarted.reader().get('test-marks', 'k-3')).toMatchObject({ label: 'rebuilt' });
      } finally {
        rmSync(elsewhere.replicaFile, { force: true });
      }
    });

    it('read models at the same address that are not the ones the file was loaded from (dropped and made again): loaded afresh', async () => {
      await appendNoted(0, 10);
      const first = await open();
      await new Projector(store, first, [marking('old')]).catchUp();
      await first.close();
      await store.close();
      await sql(`DROP SCHEMA ${schema} CASCADE`);
      store = await PostgresEventStore.open({ connectionString: database.url, schema });
      closing.push(store);
      await appendNoted(100, 3);

      const restarted = await open();
      expect(restarted.replicaFile).toBe(first.replicaFile);
      expect(restarted.replicaStart.reused).toBe(false);
      expect(restarted.checkpoint(restarted.activeGeneration())).toBe(0n);
      expect(restarted.reader().get('test-marks', 'k-3')).toBeNull();
      await new Projector(store, restarted, [marking('new')]).catchUp();
      expect(restarted.dump(restarted.activeGeneration())).toBe(
        await restarted.durableDump(restarted.activeGeneration()),
      );
      expect(restarted.reader().get('test-marks', 'k-3')).toBeNull();
    });

    it('a file ahead of PostgreSQL (batches the server lost while the process was down) is loaded again', async () => {
      await appendNoted(0, 6);
      const first = await open();
      await new Projector(store, first, [marking('first')], { batchSize: 2 }).catchUp();
      await first.close();
      await sql(`DELETE FROM ${schema}.rm_documents WHERE position > 4;
                 UPDATE ${schema}.rm_generations SET checkpoint = 4 WHERE active;`);
      const restarted = await open();
      expect(restarted.replicaStart).toEqual({ reused: false, documentsRead: 4 });
      expect(restarted.reader().get('test-marks', 'k-5')).toBeNull();
      expect(restarted.dump(restarted.activeGeneration())).toBe(
        await restarted.durableDump(restarted.activeGeneration()),
      );
    });

    it('deletes replica files no process has opened for a week, and keeps the others', async () => {
      const kept = await open();
      const old = await open();
      await kept.close();
      await old.close();
      const weekAgo = new Date(Date.now() - 8 * 24 * 60 * 60 * 1000);
      utimesSync(old.replicaFile, weekAgo, weekAgo);
      const next = await open();
      expect(next.replicaFile).toBe(kept.replicaFile);
      expect(readdirSync(dir).filter((f) => f.endsWith('.sqlite'))).toEqual([basename(kept.replicaFile)]);
    });
  });
}

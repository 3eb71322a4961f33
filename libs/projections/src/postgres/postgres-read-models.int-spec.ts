import {
  type NewEvent,
  PostgresEventStore,
  StoreSchemaTooNewError,
  withDefaultUser,
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
import { Client } from 'pg';
import { recordAomoriFixture } from '../../../../test/support/record-aomori-fixture';
import { COLLECTIONS } from '../agreement/agreement-read-models';
import { ALL_PROJECTIONS } from '../all-projections';
import { Projector } from '../projector';
import { GenerationBehindError } from '../read-model-store';
import type { Projection } from '../read-model';
import { SqliteReadModels } from '../local-read-models';
import { POSTGRES_READ_MODELS_MIGRATIONS, PostgresReadModels } from './postgres-read-models';

const noted = (key: string, type = 'Noted'): NewEvent => ({
  type,
  schemaVersion: 1,
  data: { key },
  metadata: { actor: { id: 't', role: 'admin' }, correlationId: key, source: 'cli' },
});

/**
 * A projection whose effect is not idempotent: a counter incremented per event (an event applied
 * twice shows), a mark per Noted event, removed again by a Removed event (a deletion to propagate).
 */
const counting: Projection = {
  name: 'counting',
  apply(event, tx) {
    const count = tx.get<{ n: number }>('test-counts', 'all')?.n ?? 0;
    tx.put('test-counts', 'all', { n: count + 1 });
    const key = typeof event.data.key === 'string' ? event.data.key : '';
    if (event.type === 'Removed') tx.delete('test-marks', key);
    if (event.type === 'Noted') tx.put('test-marks', key, { at: event.position.toString() });
  },
};

const skipReason = postgresUnavailableReason();

if (skipReason !== null) {
  skipLoudly('PostgresReadModels', skipReason);
} else {
  describe('PostgresReadModels: durable documents in PostgreSQL, a replica per process', () => {
    let database: TestDatabase;
    let schema: string;
    let schemas = 0;
    let store: PostgresEventStore;
    const closing: { close(): unknown }[] = [];

    const openReadModels = async (): Promise<PostgresReadModels> => {
      const readModels = await PostgresReadModels.open({ connectionString: database.url, schema });
      closing.push(readModels);
      return readModels;
    };
    /** The reference: the same events projected into read models in a SQLite file. */
    const sqliteReference = async (projections: readonly Projection[]): Promise<string> => {
      const dir = mkdtempSync(join(tmpdir(), 'kyoyaku-pg-rm-'));
      const reference = SqliteReadModels.open(join(dir, 'read-models.sqlite'));
      try {
        await new Projector(store, reference, projections).catchUp();
        return reference.dump(reference.activeGeneration());
      } finally {
        reference.close();
        rmSync(dir, { recursive: true, force: true });
      }
    };

    beforeAll(async () => {
      database = await createTestDatabase();
    }, 30_000);
    afterAll(async () => {
      await database.drop();
    }, 30_000);
    beforeEach(async () => {
      schema = `rm_${++schemas}`;
      store = await PostgresEventStore.open({ connectionString: database.url, schema });
      closing.push(store);
    }, 30_000);
    afterEach(async () => {
      for (const item of closing.splice(0).reverse()) await item.close();
    });

    it('projects the fixture: replica, PostgreSQL and a SQLite projection of the same events are byte-identical; a restart reloads it', async () => {
      await recordAomoriFixture(store);
      const readModels = await openReadModels();
      const projector = new Projector(store, readModels, ALL_PROJECTIONS, { batchSize: 7 });
      expect(await projector.catchUp()).toBe(await store.headPosition());
      const generation = readModels.activeGeneration();
      const dump = readModels.dump(generation);
      expect(dump.length).toBeGreaterThan(1000);
      expect(await readModels.durableDump(generation)).toBe(dump);
      expect(await sqliteReference(ALL_PROJECTIONS)).toBe(dump);
      expect(readModels.reader().get(COLLECTIONS.summaries, 'aomori-hiranai')).not.toBeNull();

      // Another process starting now loads the same content and has nothing left to apply.
      const restarted = await openReadModels();
      expect(restarted.dump(restarted.activeGeneration())).toBe(dump);
      expect(restarted.contentVersion()).toBe(readModels.contentVersion());
      let applied = 0;
      const spy: Projection = { name: 'spy', apply: () => void applied++ };
      await new Projector(store, restarted, [...ALL_PROJECTIONS, spy]).catchUp();
      expect(applied).toBe(0);
    });

    it('two processes projecting the same events at once: each event takes effect exactly once', async () => {
      const a = await openReadModels();
      const b = await openReadModels();
      const projectorA = new Projector(store, a, [counting], { batchSize: 3 });
      const projectorB = new Projector(store, b, [counting], { batchSize: 5 });
      for (let round = 0; round < 8; round++) {
        await Promise.all(
          Array.from({ length: 7 }, (_, i) =>
            store.append(`s-${i}`, [noted(`k-${round}-${i}`)], { expectedRevision: 'any' }),
          ),
        );
        if (round % 3 === 2)
          await store.append('s-0', [noted(`k-${round}-1`, 'Removed')], { expectedRevision: 'any' });
        await Promise.all([projectorA.catchUp(), projectorB.catchUp(), projectorA.catchUp()]);
      }
      const head = await store.headPosition();
      await Promise.all([projectorA.catchUp(), projectorB.catchUp()]);
      for (const readModels of [a, b]) {
        expect(readModels.checkpoint(readModels.activeGeneration())).toBe(head);
        expect(readModels.reader().get<{ n: number }>('test-counts', 'all')?.n).toBe(Number(head));
        expect(readModels.reader().get('test-marks', 'k-2-1')).toBeNull(); // deleted, pulled as a tombstone
      }
      const dump = a.dump(a.activeGeneration());
      expect(b.dump(b.activeGeneration())).toBe(dump);
      expect(await a.durableDump(a.activeGeneration())).toBe(dump);
      expect(await sqliteReference([counting])).toBe(dump);
    });

    it('the same batch applied by two processes at once is kept once: the loser takes the winner’s result', async () => {
      const a = await openReadModels();
      const b = await openReadModels();
      const generation = a.activeGeneration();
      // Each writes something of its own, so whose batch was kept shows everywhere.
      await Promise.all([
        a.applyBatch(generation, 5n, (tx) => tx.put('who', 'batch', { by: 'a' })),
        b.applyBatch(generation, 5n, (tx) => tx.put('who', 'batch', { by: 'b' })),
      ]);
      const winner = a.reader().get<{ by: string }>('who', 'batch');
      expect(['a', 'b']).toContain(winner?.by);
      expect(b.reader().get('who', 'batch')).toEqual(winner);
      expect([a.checkpoint(generation), b.checkpoint(generation)]).toEqual([5n, 5n]);
      const fresh = await openReadModels();
      expect(fresh.reader().get('who', 'batch')).toEqual(winner);
      // A batch starting from a checkpoint that moved on is not applied on top of it.
      await b.applyBatch(generation, 7n, (tx) => tx.put('who', 'next', { by: 'b' }));
      await a.applyBatch(generation, 7n, (tx) => tx.put('who', 'next', { by: 'a' }));
      expect(a.reader().get('who', 'next')).toEqual({ by: 'b' });
    });

    it('one process follows what another projected: documents, deletions and the checkpoint', async () => {
      const writer = await openReadModels();
      const follower = await openReadModels();
      await store.append('s', [noted('a'), noted('b')], { expectedRevision: 'no_stream' });
      await new Projector(store, writer, [counting]).catchUp();
      expect(follower.reader().get('test-marks', 'a')).toBeNull();
      await follower.refresh();
      expect(follower.reader().get('test-marks', 'a')).toEqual({ at: '1' });
      expect(follower.checkpoint(follower.activeGeneration())).toBe(2n);
      await store.append('s', [noted('a', 'Removed')], { expectedRevision: 1n });
      await new Projector(store, writer, [counting]).catchUp();
      await follower.refresh();
      expect(follower.reader().get('test-marks', 'a')).toBeNull();
      expect(follower.reader().get('test-marks', 'b')).toEqual({ at: '2' });
      expect(follower.contentVersion()).toBe(writer.contentVersion());
    });

    it('a rebuild in one process swaps in byte-identical read models; the other keeps reading, then follows', async () => {
      await recordAomoriFixture(store);
      const server = await openReadModels();
      const cli = await openReadModels();
      const serving = new Projector(store, server, ALL_PROJECTIONS);
      await serving.catchUp();
      const before = server.dump(server.activeGeneration());
      const oldGeneration = server.activeGeneration();
      const { generation, checkpoint } = await new Projector(store, cli, ALL_PROJECTIONS, {
        batchSize: 9,
      }).rebuild();
      expect(generation).not.toBe(oldGeneration);
      expect(checkpoint).toBe(await store.headPosition());
      // The server still reads its replica of the old generation until it refreshes.
      expect(server.activeGeneration()).toBe(oldGeneration);
      expect(server.reader().get(COLLECTIONS.summaries, 'aomori-hiranai')).not.toBeNull();
      // A batch the server aims at the old generation is refused; its projector moves on to the new one.
      await store.append('misc-after-rebuild', [noted('x')], { expectedRevision: 'no_stream' });
      expect(await serving.catchUp()).toBe(await store.headPosition());
      expect(server.activeGeneration()).toBe(generation);
      await cli.refresh();
      expect(server.dump(generation)).toBe(cli.dump(generation));
      expect(await cli.durableDump(generation)).toBe(server.dump(generation));
      // Up to the rebuild's checkpoint it is exactly what the old generation held.
      const rebuiltOnly = await openReadModels();
      expect(before.length).toBeGreaterThan(0);
      expect(rebuiltOnly.dump(generation)).toBe(server.dump(generation));
    });

    it('a rebuild that falls behind the active generation catches up before the swap', async () => {
      await store.append('s', [noted('a'), noted('b')], { expectedRevision: 'no_stream' });
      const server = await openReadModels();
      const cli = await openReadModels();
      const serving = new Projector(store, server, [counting]);
      await serving.catchUp();
      // Just before the first swap, the server projects a newer event into the old generation.
      const activate = cli.activate.bind(cli);
      const refusals: unknown[] = [];
      cli.activate = async (generation: number) => {
        if (refusals.length === 0) {
          await store.append('s', [noted('c')], { expectedRevision: 1n });
          await serving.catchUp();
        }
        await activate(generation).catch((error: unknown) => {
          refusals.push(error);
          throw error;
        });
      };
      const { checkpoint } = await new Projector(store, cli, [counting]).rebuild();
      expect(refusals).toHaveLength(1);
      expect(refusals[0]).toBeInstanceOf(GenerationBehindError);
      expect(checkpoint).toBe(3n);
      await server.refresh();
      expect(server.reader().get<{ n: number }>('test-counts', 'all')?.n).toBe(3);
      expect(server.dump(server.activeGeneration())).toBe(await sqliteReference([counting]));
    });

    it('batches the server lost (not synchronously committed) are reloaded and projected again, once', async () => {
      await store.append('s', [noted('a'), noted('b'), noted('c'), noted('d')], {
        expectedRevision: 'no_stream',
      });
      const readModels = await openReadModels();
      const projector = new Projector(store, readModels, [counting], { batchSize: 2 });
      await projector.catchUp();
      const complete = readModels.dump(readModels.activeGeneration());
      // As after a server crash that lost the last batch: the durable checkpoint and its documents go back.
      const client = new Client({ connectionString: withDefaultUser(database.url) });
      await client.connect();
      try {
        await client.query(`DELETE FROM ${schema}.rm_documents WHERE position > 2`);
        await client.query(`UPDATE ${schema}.rm_generations SET checkpoint = 2 WHERE active`);
        await client.query(
          `INSERT INTO ${schema}.rm_documents VALUES ($1, 'test-counts', 'all', 'all', '{"n":2}', 2)`,
          [readModels.activeGeneration()],
        );
      } finally {
        await client.end();
      }
      expect(readModels.checkpoint(readModels.activeGeneration())).toBe(4n); // the replica is ahead
      await projector.catchUp();
      expect(readModels.checkpoint(readModels.activeGeneration())).toBe(4n);
      expect(readModels.dump(readModels.activeGeneration())).toBe(complete);
      expect(await readModels.durableDump(readModels.activeGeneration())).toBe(complete);
    });

    it('refuses read models written by newer software with StoreSchemaTooNew', async () => {
      await (await openReadModels()).close();
      const client = new Client({ connectionString: withDefaultUser(database.url) });
      await client.connect();
      try {
        await client.query(
          `INSERT INTO ${schema}.schema_migrations VALUES ('read-models', $1, 'future', 'x')`,
          [POSTGRES_READ_MODELS_MIGRATIONS.length + 1],
        );
      } finally {
        await client.end();
      }
      await expect(
        PostgresReadModels.open({ connectionString: database.url, schema }),
      ).rejects.toBeInstanceOf(StoreSchemaTooNewError);
    });
  });
}

import { ConsoleLogger, Logger, type LoggerService } from '@nestjs/common';
import { regionStreamId } from '@kyoyaku/domain';
import { SqliteEventStore } from '@kyoyaku/event-store';
import {
  ALL_PROJECTIONS,
  agreementProjection,
  agreementProjectionWith,
  COLLECTIONS,
  padded,
  type Projection,
  Projector,
  type SnapshotIndexDoc,
  SqliteReadModels,
} from '@kyoyaku/projections';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LongAgreement, type LongAgreementProgress } from '../../../../test/support/long-agreement';
import { AOMORI_CITY } from '../demo/aomori';
import { AGREEMENT, REGION } from './aggregates';
import type { CommandContext } from './command-context';
import { CommandExecutor } from './command-executor';

/**
 * Injected failure: a projection that cannot write while `failing` is set, as when the read models'
 * storage is full (SQLITE_FULL) while the events' append has already committed.
 */
class ReadModelsCannotBeWritten implements Projection {
  readonly name = 'injected: read models that cannot be written';
  failing = true;
  apply(): void {
    if (this.failing) {
      throw Object.assign(new Error('injected failure: the read models cannot be written'), {
        code: 'SQLITE_FULL',
      });
    }
  }
}

/** What the executor logs, instead of the console. */
class CapturedLog implements LoggerService {
  readonly warnings: string[] = [];
  log(): void {}
  error(message: unknown): void {
    this.warnings.push(`error: ${String(message)}`);
  }
  warn(message: unknown): void {
    this.warnings.push(String(message));
  }
}

describe('CommandExecutor: the read models failing after the events were stored', () => {
  let dir: string;
  let store: SqliteEventStore;
  let readModels: SqliteReadModels;
  let failure: ReadModelsCannotBeWritten;
  let projector: Projector;
  let log: CapturedLog;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kyoyaku-executor-'));
    store = SqliteEventStore.open({ file: join(dir, 'ledger.sqlite') });
    readModels = SqliteReadModels.open(store.file);
    failure = new ReadModelsCannotBeWritten();
    projector = new Projector(store, readModels, [...ALL_PROJECTIONS, failure]);
    log = new CapturedLog();
    Logger.overrideLogger(log);
  });
  afterEach(async () => {
    Logger.overrideLogger(new ConsoleLogger());
    readModels.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const context: CommandContext = {
    actor: { id: 'secretariat-1', role: 'secretariat' },
    correlationId: 'executor-test',
    source: 'api',
  };
  const declare = {
    type: 'DeclareRegion' as const,
    actor: context.actor,
    regionId: 'aomori',
    name: '青森圏域連携中枢都市圏',
    coreCity: AOMORI_CITY,
    declaredOn: '2019-11-18',
    today: '2019-11-18',
  };

  it('answers the stored write as a success with projected: false, logs why, and projects it later', async () => {
    const executor = new CommandExecutor(store, projector, 1_000);
    const result = await executor.execute(regionStreamId('aomori'), REGION, declare, context);

    const stored = await store.readStream(regionStreamId('aomori'));
    expect(result).toEqual({
      streamId: regionStreamId('aomori'),
      revision: '0',
      position: '1',
      eventIds: stored.map((e) => e.eventId),
      projected: false,
    });
    expect(stored.map((e) => e.type)).toEqual(['RegionDeclared']);
    expect(await store.headPosition()).toBe(1n);
    expect(projector.checkpoint()).toBe(0n);
    expect(log.warnings).toEqual([
      expect.stringMatching(
        /^region-aomori was recorded up to position 1, but the read models could not take it yet: .*injected failure: the read models cannot be written/s,
      ),
    ]);

    // The storage recovers: the projector applies the stored write, once.
    failure.failing = false;
    await projector.catchUp();
    expect(projector.checkpoint()).toBe(1n);
    expect(readModels.reader().get(COLLECTIONS.regions, 'aomori')).toEqual(
      expect.objectContaining({ regionId: 'aomori' }),
    );
  });

  it('still answers projected: true when the read models take the write', async () => {
    failure.failing = false;
    const executor = new CommandExecutor(store, projector, 1_000);
    const result = await executor.execute(regionStreamId('aomori'), REGION, declare, context);
    expect(result.projected).toBe(true);
    expect(log.warnings).toEqual([]);
  });
});

describe('CommandExecutor: a retry whose events its Idempotency-Key recorded', () => {
  let dir: string;
  let store: SqliteEventStore;
  let readModels: SqliteReadModels;
  let executor: CommandExecutor;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kyoyaku-executor-'));
    store = SqliteEventStore.open({ file: join(dir, 'ledger.sqlite') });
    readModels = SqliteReadModels.open(store.file);
    executor = new CommandExecutor(store, new Projector(store, readModels, ALL_PROJECTIONS), 1_000);
  });
  afterEach(async () => {
    readModels.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const actor = { id: 'secretariat-1', role: 'secretariat' as const };
  const keyed = (requestDigest?: string): CommandContext => ({
    actor,
    correlationId: 'executor-test',
    source: 'api',
    idempotencyKey: 'request-0001',
    ...(requestDigest === undefined ? {} : { requestDigest }),
  });
  const declare = {
    type: 'DeclareRegion' as const,
    actor,
    regionId: 'aomori',
    name: '青森圏域連携中枢都市圏',
    coreCity: AOMORI_CITY,
    declaredOn: '2019-11-18',
    today: '2019-11-18',
  };
  const stream = regionStreamId('aomori');

  it('is answered from those events, not decided again (which would refuse it), and writes nothing', async () => {
    const first = await executor.execute(stream, REGION, declare, keyed('a'.repeat(64)));
    expect((await store.readStream(stream))[0]?.metadata).toMatchObject({
      idempotencyKey: 'secretariat-1:request-0001',
      requestDigest: 'a'.repeat(64),
    });
    // The same request again, as after a crash that lost the HTTP record.
    const retry = await executor.execute(stream, REGION, declare, keyed('a'.repeat(64)));
    expect(retry).toEqual({ ...first, replayed: true });
    expect(await store.headPosition()).toBe(1n);
  });

  it('refuses another request under the key (IdempotencyKeyReused) before deciding', async () => {
    await executor.execute(stream, REGION, declare, keyed('a'.repeat(64)));
    await expect(executor.execute(stream, REGION, declare, keyed('b'.repeat(64)))).rejects.toMatchObject({
      code: 'IdempotencyKeyReused',
    });
    expect(await store.headPosition()).toBe(1n);
  });

  it('decides again, as before, a key recorded without a fingerprint (events written before it existed)', async () => {
    await executor.execute(stream, REGION, declare, keyed());
    await expect(executor.execute(stream, REGION, declare, keyed('a'.repeat(64)))).rejects.toMatchObject({
      code: 'RegionAlreadyDeclared',
    });
  });
});

describe('CommandExecutor: the fold it keeps of a stream', () => {
  let dir: string;
  let store: SqliteEventStore;
  let readModels: SqliteReadModels;
  let projector: Projector;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kyoyaku-executor-fold-'));
    store = SqliteEventStore.open({ file: join(dir, 'ledger.sqlite') });
    readModels = SqliteReadModels.open(store.file);
    projector = new Projector(store, readModels, ALL_PROJECTIONS);
  });
  afterEach(async () => {
    readModels.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const context: CommandContext = {
    actor: { id: 'secretariat-1', role: 'secretariat' },
    correlationId: 'executor-fold-test',
    source: 'api',
  };
  const stream = regionStreamId('aomori');
  const declare = {
    type: 'DeclareRegion' as const,
    actor: context.actor,
    regionId: 'aomori',
    name: '青森圏域連携中枢都市圏',
    coreCity: AOMORI_CITY,
    declaredOn: '2019-11-18',
    today: '2020-03-23',
  };
  const vision = (title: string) => ({
    type: 'AdoptVision' as const,
    actor: context.actor,
    regionId: 'aomori',
    title,
    adoptedOn: '2020-03-23',
    today: '2020-03-23',
  });

  it('reads only from its last fold on, not the whole stream again', async () => {
    const executor = new CommandExecutor(store, projector, 1_000);
    await executor.execute(stream, REGION, declare, context);
    const reads: (number | undefined)[] = [];
    const readStream = store.readStream.bind(store);
    jest.spyOn(store, 'readStream').mockImplementation(async (id, options) => {
      const events = await readStream(id, options);
      if (id === stream)
        reads.push(options?.fromRevision === undefined ? undefined : Number(options.fromRevision));
      return events;
    });
    await executor.execute(stream, REGION, vision('ビジョン1'), context);
    await executor.execute(stream, REGION, vision('ビジョン2'), context);
    expect(reads).toEqual([0, 1]);
    expect((await readStream(stream)).map((e) => e.type)).toEqual([
      'RegionDeclared',
      'VisionAdopted',
      'VisionAdopted',
    ]);
  });

  it('a fold gone stale by another writer: If-Match is refused with the current revision, and without it the command is decided on the stream as it now stands', async () => {
    const first = new CommandExecutor(store, projector, 1_000);
    const other = new CommandExecutor(store, projector, 1_000);
    await first.execute(stream, REGION, declare, context); // first keeps the fold at revision 0
    await other.execute(stream, REGION, vision('ビジョン1'), context); // revision 1, behind first's back

    await expect(
      first.execute(stream, REGION, vision('ビジョン2'), { ...context, expectedRevision: 0n }),
    ).rejects.toMatchObject({ name: 'RevisionMismatchError', currentRevision: 1n });
    const decided = await first.execute(stream, REGION, vision('ビジョン2'), context);
    expect(decided.revision).toBe('2');
    // And a fold that another writer overtook between the read and the append: the store refuses
    // the append (expected revision), the executor reads again and decides on the new state.
    await expect(first.execute(stream, REGION, declare, context)).rejects.toMatchObject({
      code: 'RegionAlreadyDeclared',
    });
    expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
  });
});

describe("CommandExecutor: a long stream it has not kept, folded from the read models' latest snapshot", () => {
  const INTERVAL = 10;
  let dir: string;
  let store: SqliteEventStore;
  let readModels: SqliteReadModels;
  let projector: Projector;
  let stream: string;
  let length: number;
  let progress: LongAgreementProgress;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kyoyaku-executor-snapshot-'));
    store = SqliteEventStore.open({ file: join(dir, 'ledger.sqlite') });
    readModels = SqliteReadModels.open(store.file);
    projector = new Projector(
      store,
      readModels,
      ALL_PROJECTIONS.map((p) =>
        p === agreementProjection ? agreementProjectionWith({ snapshotInterval: INTERVAL }) : p,
      ),
    );
    // Concluded and amended through the real command path, well past a few snapshots.
    const agreement = new LongAgreement(new CommandExecutor(store, projector, 10_000), { set() {} });
    await agreement.open();
    await agreement.growTo(3 * INTERVAL + 5);
    stream = agreement.streamId;
    length = agreement.events;
    progress = agreement.save();
  });
  afterAll(async () => {
    readModels.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => jest.restoreAllMocks());

  /** The executor's reads of the stream: where each started and how many events it returned. */
  function countReads(): { from: number | undefined; events: number }[] {
    const reads: { from: number | undefined; events: number }[] = [];
    const readStream = store.readStream.bind(store);
    jest.spyOn(store, 'readStream').mockImplementation(async (id, options) => {
      const events = await readStream(id, options);
      if (id === stream)
        reads.push({
          from: options?.fromRevision === undefined ? undefined : Number(options.fromRevision),
          events: events.length,
        });
      return events;
    });
    return reads;
  }

  let original: Record<string, unknown> | undefined;
  /** Rewrites the agreement's latest snapshot document in the read models (from the one projected). */
  function tamper(change: (doc: Record<string, unknown>) => Record<string, unknown>): void {
    const agreementId = stream.slice('agreement-'.length);
    const reader = readModels.reader();
    const last = reader.get<SnapshotIndexDoc>(COLLECTIONS.snapshotIndex, agreementId)?.entries.at(-1);
    if (last === undefined) throw new Error('no snapshot to tamper with');
    const key = padded(last.count);
    const doc = reader.get<Record<string, unknown>>(COLLECTIONS.snapshots(agreementId), key);
    if (doc === null) throw new Error('the snapshot document is missing');
    original ??= doc;
    const generation = readModels.activeGeneration();
    readModels.applyBatch(generation, readModels.checkpoint(generation), (tx) =>
      tx.put(COLLECTIONS.snapshots(agreementId), key, change(original ?? doc)),
    );
  }

  it("reads only the events from the snapshot's last one on, and folds to the state a full fold gives", async () => {
    const full = await new CommandExecutor(store, projector, 1_000).load(stream, AGREEMENT);
    const reads = countReads();
    const seeded = await new CommandExecutor(store, projector, 1_000, readModels).load(stream, AGREEMENT);

    const snapshot = Math.floor(length / INTERVAL) * INTERVAL; // events in the latest snapshot
    expect(length - snapshot).toBeGreaterThan(0);
    expect(reads).toEqual([{ from: snapshot - 1, events: length - snapshot + 1 }]);
    expect(seeded.revision).toBe(BigInt(length - 1));
    expect(seeded.state).toStrictEqual(full.state);
  });

  it('decides and appends from that fold as from a full one', async () => {
    const executor = new CommandExecutor(store, projector, 1_000, readModels);
    const agreement = new LongAgreement(executor, { set() {} });
    agreement.restore(progress);
    await agreement.growTo(length + 2 * INTERVAL); // whole proceedings, each command decided on the fold
    length = agreement.events;
    const full = await new CommandExecutor(store, projector, 1_000).load(stream, AGREEMENT);
    expect((await executor.load(stream, AGREEMENT)).state).toStrictEqual(full.state);
  });

  it.each([
    [
      'records another hash (read models of another ledger, or tampered with)',
      (doc: Record<string, unknown>) => ({ ...doc, hash: 'f'.repeat(64) }),
    ],
    [
      'records no hash (written before snapshots recorded one)',
      ({ hash: _hash, ...doc }: Record<string, unknown>) => doc,
    ],
    [
      'claims more events than the stream holds',
      (doc: Record<string, unknown>) => ({ ...doc, count: 10_000 }),
    ],
  ])('a snapshot that %s is not trusted: the whole stream is read', async (_case, change) => {
    tamper(change);
    const full = await new CommandExecutor(store, projector, 1_000).load(stream, AGREEMENT);
    const reads = countReads();
    const loaded = await new CommandExecutor(store, projector, 1_000, readModels).load(stream, AGREEMENT);
    expect(reads.at(-1)).toEqual({ from: undefined, events: length });
    expect(loaded).toStrictEqual(full);
  });
});

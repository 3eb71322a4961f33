import {
  canonicalEventBytes,
  type NewEvent,
  prepareAppend,
  type RecordedEvent,
  sealAppend,
  SqliteEventStore,
} from '@kyoyaku/event-store';
import {
  checkConsistency,
  checkInclusion,
  exportCheckpointLine,
  exportEventLine,
  generateSignerKey,
  leafHash,
  MemoryMerkleNodes,
  openCheckpoint,
  signCheckpoint,
  SqliteMerkleLog,
  verifierKeyOf,
  verifyExport,
} from '@kyoyaku/ledger';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Projector } from '../projector';
import { SqliteReadModels } from '../local-read-models';
import {
  CHECKPOINTS_COLLECTION,
  type CheckpointDoc,
  createCheckpointProjection,
} from './checkpoint.projection';
import {
  appendToReadModelTree,
  MERKLE_LEAVES_COLLECTION,
  MERKLE_TREE_COLLECTION,
  merkleTreeProjection,
  ReadModelMerkleTree,
  readModelMerkleLog,
  treeSizeInBatch,
} from './merkle-tree.projection';

const STREAMS = ['agreement-aomori-hiranai', 'project-aomori-1', 'agreement-aomori-imabetsu'];

function newEvent(i: number): NewEvent {
  return {
    type: i % 2 === 0 ? 'AgreementDrafted' : 'CostShareDecided',
    schemaVersion: 1,
    data: { seq: i, note: `第${i}条（連携協約）` },
    metadata: { actor: { id: 'secretariat-1', role: 'secretariat' }, correlationId: `c-${i}`, source: 'api' },
  };
}

/**
 * Events as the EventStoreDB adapter seals them (hashes covering position 0), placed at commit
 * positions with gaps, as its reads return them.
 */
function eventStoreDbHistory(count: number): RecordedEvent[] {
  const heads = new Map<string, { revision: bigint; hash: string }>();
  let id = 0;
  const events: RecordedEvent[] = [];
  for (let i = 0; i < count; i++) {
    const streamId = STREAMS[i % STREAMS.length] ?? 'x';
    const [sealed] = sealAppend(
      prepareAppend(streamId, [newEvent(i)], { expectedRevision: 'any' }),
      heads.get(streamId) ?? null,
      '2026-11-27T09:00:00.000Z',
      () => `01936f0e-7a00-7000-8000-${(++id).toString(16).padStart(12, '0')}`,
    );
    if (sealed === undefined) throw new Error('nothing sealed');
    const event = { ...sealed, position: 4_096n + 517n * BigInt(i) + BigInt(i * i) };
    heads.set(streamId, { revision: event.revision, hash: event.hash });
    events.push(event);
  }
  return events;
}

describe('the Merkle tree kept as read models (stores whose positions have gaps)', () => {
  let folder: string;
  let readModels: SqliteReadModels;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'kyoyaku-merkle-rm-'));
    readModels = SqliteReadModels.open(join(folder, 'read-models.sqlite'));
  });

  afterEach(() => {
    readModels.close();
    rmSync(folder, { recursive: true, force: true });
  });

  function project(events: readonly RecordedEvent[], batch: number, generation?: number): number {
    const target = generation ?? readModels.activeGeneration();
    for (let i = 0; i < events.length; i += batch) {
      const page = events.slice(i, i + batch);
      const last = page.at(-1);
      if (last === undefined) break;
      readModels.applyBatch(target, last.position, (tx) => {
        for (const event of page) merkleTreeProjection.apply(event, tx);
      });
    }
    return target;
  }

  it('builds, in the order applied, the tree RFC 9162 defines over the events’ canonical bytes', () => {
    const events = eventStoreDbHistory(37);
    project(events, 5);
    const tree = new ReadModelMerkleTree(readModels.reader());
    const reference = new MemoryMerkleNodes();
    for (const event of events) reference.append(canonicalEventBytes(event));
    expect(tree.leafCount()).toBe(37n);
    for (let size = 0n; size <= 37n; size++) expect(tree.root(size).equals(reference.root(size))).toBe(true);
  });

  it('maps each store position to its leaf and back, and nothing else', () => {
    const events = eventStoreDbHistory(12);
    project(events, 4);
    const tree = new ReadModelMerkleTree(readModels.reader());
    events.forEach((event, i) => {
      expect(tree.leafIndexOf(event.position)).toBe(BigInt(i));
      expect(tree.positionAt(BigInt(i))).toBe(event.position);
    });
    expect(tree.leafIndexOf((events[3]?.position ?? 0n) + 1n)).toBeNull();
    expect(tree.positionAt(12n)).toBeNull();
    expect(tree.positionAt(-1n)).toBeNull();
  });

  it('gives inclusion and consistency proofs that verify against its roots', () => {
    const events = eventStoreDbHistory(21);
    project(events, 7);
    const tree = new ReadModelMerkleTree(readModels.reader());
    for (const size of [1n, 2n, 5n, 8n, 13n, 21n]) {
      const root = tree.root(size);
      for (let index = 0n; index < size; index++) {
        const event = events[Number(index)];
        if (event === undefined) throw new Error('no event');
        const leaf = leafHash(canonicalEventBytes(event));
        expect(checkInclusion(leaf, index, size, tree.inclusionProof(index, size), root)).toEqual({
          ok: true,
        });
      }
      for (const older of [0n, 1n, 3n, size]) {
        if (older > size) continue;
        expect(
          checkConsistency(older, size, tree.consistencyProof(older, size), tree.root(older), root),
        ).toEqual({ ok: true });
      }
    }
    // A leaf moved elsewhere does not prove.
    const first = events[0];
    if (first === undefined) throw new Error('no event');
    expect(
      checkInclusion(
        leafHash(canonicalEventBytes(first)),
        1n,
        21n,
        tree.inclusionProof(1n, 21n),
        tree.root(21n),
      ).ok,
    ).toBe(false);
  });

  it('adds an event once, however often it is applied', () => {
    const events = eventStoreDbHistory(5);
    project(events, 5);
    const before = readModels.dump(readModels.activeGeneration());
    readModels.applyBatch(readModels.activeGeneration(), events.at(-1)?.position ?? 0n, (tx) => {
      for (const event of events) appendToReadModelTree(tx, event);
    });
    expect(readModels.dump(readModels.activeGeneration())).toBe(before);
    expect(new ReadModelMerkleTree(readModels.reader()).leafCount()).toBe(5n);
  });

  it('is rebuilt byte for byte in a new generation, whatever the batch sizes', () => {
    const events = eventStoreDbHistory(30);
    const active = project(events, 30);
    const rebuilt = project(events, 4, readModels.createGeneration());
    const dump = (generation: number): string =>
      readModels
        .dump(generation)
        .split('\n')
        .filter(
          (line) => line.startsWith(MERKLE_TREE_COLLECTION) || line.startsWith(MERKLE_LEAVES_COLLECTION),
        )
        .join('\n');
    expect(dump(rebuilt)).toBe(dump(active));
    expect(dump(active).length).toBeGreaterThan(0);
  });
});

describe('checkpoints signed from the tree the projector builds', () => {
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'kyoyaku-merkle-checkpoints-'));
  });

  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('agree with the tree kept with the events, verify an export, and come back the same after a rebuild', async () => {
    // A gap-free store, so that the tree it keeps with its events is the reference.
    const storeTree = new SqliteMerkleLog();
    const store = SqliteEventStore.open({ file: join(folder, 'ledger.sqlite'), participants: [storeTree] });
    const readModels = SqliteReadModels.open(join(folder, 'read-models.sqlite'));
    const signer = generateSignerKey('kyoyaku.example.lg.jp');
    const sign = (size: bigint, root: Buffer): string =>
      signCheckpoint({ origin: 'kyoyaku.example.lg.jp/ledger', size, root }, signer);
    const projector = new Projector(
      store,
      readModels,
      [
        merkleTreeProjection,
        createCheckpointProjection((size, tx) => {
          const root = new ReadModelMerkleTree(tx).root(size);
          return { root: root.toString('base64'), note: sign(size, root) };
        }, treeSizeInBatch),
      ],
      { batchSize: 7 },
    );
    try {
      const concluded: bigint[] = [];
      for (let i = 0; i < 40; i++) {
        const streamId = STREAMS[i % STREAMS.length] ?? 'x';
        const event = i % 9 === 4 ? { ...newEvent(i), type: 'ProceedingConcluded' } : newEvent(i);
        const result = await store.append(streamId, [event], { expectedRevision: 'any' });
        if (event.type === 'ProceedingConcluded') concluded.push(result.position);
      }
      await projector.catchUp();
      const log = readModelMerkleLog(readModels);
      expect(log.leafCount()).toBe(40n);
      for (let size = 1n; size <= 40n; size++) expect(log.root(size).equals(storeTree.root(size))).toBe(true);
      expect([log.leafIndexOf(17n), log.positionAt(16n), log.leafIndexOf(41n)]).toEqual([16n, 17n, null]);

      const checkpoints = readModels.reader().all<CheckpointDoc>(CHECKPOINTS_COLLECTION);
      expect(checkpoints.map((c) => c.doc.size)).toEqual(concluded.map(String));
      for (const { doc } of checkpoints) {
        const opened = openCheckpoint(doc.note, verifierKeyOf(signer));
        expect(opened.root.equals(storeTree.root(BigInt(doc.size)))).toBe(true);
      }

      const events = await store.readAll({ limit: 100 });
      const note = sign(40n, log.root(40n));
      const report = await verifyExport([...events.map(exportEventLine), exportCheckpointLine(note)], {
        verifierKey: verifierKeyOf(signer),
      });
      expect(report).toMatchObject({ ok: true, events: 40n });

      const before = readModels.dump(readModels.activeGeneration());
      await projector.rebuild();
      expect(readModels.dump(readModels.activeGeneration())).toBe(before);
    } finally {
      await projector.stop();
      await store.close();
      readModels.close();
    }
  }, 30_000);
});

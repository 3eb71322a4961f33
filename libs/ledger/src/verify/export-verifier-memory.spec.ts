import { canonicalEventBytes, computeEventHash, type RecordedEvent } from '@kyoyaku/event-store';
import { MemoryMerkleNodes } from '../merkle/merkle-tree';
import { generateSignerKey, signCheckpoint, verifierKeyOf } from '../note/signed-note';
import { exportCheckpointLine, exportEventLine } from './export-format';
import { verifyExport } from './export-verifier';

/**
 * The verifier's memory does not grow with the export: the server runs it over
 * the whole ledger when a process is elected. It keeps the tree's frontier (one hash per set bit of
 * the size) and the roots of the older checkpoints' sizes as it passes them, not the whole tree.
 */
const ORIGIN = 'kyoyaku.example.lg.jp/ledger';
const signer = generateSignerKey('kyoyaku.example.lg.jp');
const verifierKey = verifierKeyOf(signer);
const EVENTS = 2000;

function ledger(count: number): RecordedEvent[] {
  const heads = new Map<string, { revision: bigint; hash: string }>();
  return Array.from({ length: count }, (_, i) => {
    const streamId = `region-${i % 7}`;
    const head = heads.get(streamId);
    const unsealed = {
      eventId: `01936f0e-7a00-7000-9000-${(i + 1).toString(16).padStart(12, '0')}`,
      streamId,
      revision: head === undefined ? 0n : head.revision + 1n,
      position: BigInt(i + 1),
      type: 'VisionAdopted',
      schemaVersion: 1,
      data: { seq: i },
      metadata: {
        actor: { id: 'secretariat-1', role: 'secretariat' as const },
        correlationId: `c-${i}`,
        source: 'api' as const,
        recordedAt: '2026-12-07T09:00:00.000Z',
      },
      prevHash: head?.hash ?? null,
    };
    const event: RecordedEvent = { ...unsealed, hash: computeEventHash(unsealed) };
    heads.set(streamId, { revision: event.revision, hash: event.hash });
    return event;
  });
}

const events = ledger(EVENTS);
const tree = new MemoryMerkleNodes();
for (const event of events) tree.append(canonicalEventBytes(event));
const note = (size: number, root = tree.root(BigInt(size))): string =>
  signCheckpoint({ origin: ORIGIN, size: BigInt(size), root }, signer);
const lines = [...events.map(exportEventLine), exportCheckpointLine(note(EVENTS))];

describe('the verifier keeps no tree of the whole export', () => {
  afterEach(() => jest.restoreAllMocks());

  it('verifies 2,000 events and older checkpoints at several sizes without storing a node of the tree', async () => {
    const stored = jest.spyOn(MemoryMerkleNodes.prototype, 'appendLeafHash');
    const report = await verifyExport(lines, {
      verifierKey,
      // Out of order on purpose: each root is taken as the export passes its size.
      olderCheckpoints: [note(1500), note(0), note(1), note(1024), note(EVENTS)],
    });
    expect(report).toMatchObject({
      ok: true,
      events: BigInt(EVENTS),
      olderCheckpoint: { size: BigInt(EVENTS) },
    });
    expect(report.ok && report.root.equals(tree.root())).toBe(true);
    // Before: one leaf stored per event (64 bytes each with its parents), 2,000 here.
    expect(stored).toHaveBeenCalledTimes(0);
  });

  it('still refuses an older checkpoint whose root is not the first events’ root', async () => {
    const report = await verifyExport(lines, {
      verifierKey,
      olderCheckpoints: [note(700), note(999, tree.root(998n))],
    });
    expect(report).toMatchObject({ ok: false, kind: 'older-checkpoint-root' });
    expect(!report.ok && report.problem).toContain(tree.root(999n).toString('base64'));
  });
});

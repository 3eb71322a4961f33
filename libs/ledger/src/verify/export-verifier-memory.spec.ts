import { canonicalEventBytes } from '@kyoyaku/event-store';
import { exportLines, sealedLedger, TEST_LOG_ORIGIN, testLog } from '@kyoyaku/ledger/testing';
import { MemoryMerkleNodes } from '../merkle/merkle-tree';
import { signCheckpoint } from '../note/signed-note';
import { verifyExport } from './export-verifier';

/**
 * The verifier's memory does not grow with the export: the server runs it over
 * the whole ledger when a process is elected. It keeps the tree's frontier (one hash per set bit of
 * the size) and the roots of the older checkpoints' sizes as it passes them, not the whole tree.
 */
const { signer, verifierKey } = testLog();
const EVENTS = 2000;

const events = sealedLedger(EVENTS, (i) => ({
  streamId: `region-${i % 7}`,
  type: 'VisionAdopted',
  data: { seq: i },
}));
const tree = new MemoryMerkleNodes();
for (const event of events) tree.append(canonicalEventBytes(event));
const note = (size: number, root = tree.root(BigInt(size))): string =>
  signCheckpoint({ origin: TEST_LOG_ORIGIN, size: BigInt(size), root }, signer);
const lines = exportLines(events, note(EVENTS));

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

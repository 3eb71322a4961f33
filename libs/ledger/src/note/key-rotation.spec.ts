import { canonicalEventBytes, computeEventHash, type RecordedEvent } from '@kyoyaku/event-store';
import { consistencyProof, MemoryMerkleNodes } from '../merkle/merkle-tree';
import { verifyCheckpointConsistency } from '../verify/proof-verifier';
import { exportCheckpointLine, exportEventLine } from '../verify/export-format';
import { verifyExport } from '../verify/export-verifier';
import { KeyChain, parseRotationStatement, signRotationStatement, verifyKeyChain } from './key-rotation';
import {
  generateSignerKey,
  openNote,
  parseSignerKey,
  signCheckpoint,
  signNote,
  verifierKeyOf,
} from './signed-note';

/**
 * A ledger that rotates its signing key hands over with a statement signed by
 * the key it retires; a verifier follows the chain of keys and holds every checkpoint to the key
 * valid at its tree size.
 */
const NAME = 'kyoyaku-ledger';
const oldKey = parseSignerKey(generateSignerKey(NAME));
const newKey = parseSignerKey(generateSignerKey(NAME));
const ROTATED_AT = '2026-11-27T03:00:00.000Z';
const ROTATION_SIZE = 6n;

function ledger(count: number): RecordedEvent[] {
  let prevHash: string | null = null;
  return Array.from({ length: count }, (_, i) => {
    const unsealed = {
      eventId: `01936f0e-7a00-7000-9000-${(i + 1).toString(16).padStart(12, '0')}`,
      streamId: 'agreement-aomori-hiranai',
      revision: BigInt(i),
      position: BigInt(i + 1),
      type: 'DraftRevised',
      schemaVersion: 1,
      data: { seq: i },
      metadata: {
        actor: { id: 's', role: 'secretariat' as const },
        correlationId: `c-${i}`,
        source: 'api' as const,
        recordedAt: ROTATED_AT,
      },
      prevHash,
    };
    const event: RecordedEvent = { ...unsealed, hash: computeEventHash(unsealed) };
    prevHash = event.hash;
    return event;
  });
}

const events = ledger(10);
const tree = new MemoryMerkleNodes();
for (const event of events) tree.append(canonicalEventBytes(event));
const checkpointAt = (size: bigint, signer = newKey) =>
  signCheckpoint({ origin: NAME, size, root: tree.root(size) }, signer);
const exportSignedBy = (signer = newKey) => [
  ...events.map(exportEventLine),
  exportCheckpointLine(checkpointAt(BigInt(events.length), signer)),
];

const statement = signRotationStatement(oldKey, newKey, ROTATION_SIZE, ROTATED_AT);

function chain(): KeyChain {
  const report = verifyKeyChain(verifierKeyOf(oldKey), [statement]);
  if (!report.ok) throw new Error(report.problem);
  return report.chain;
}

describe('signing-key rotation statements', () => {
  it('names the log, the size, the instant and both keys, and is signed by both keys', () => {
    const opened = openNote(statement, verifierKeyOf(oldKey));
    expect(parseRotationStatement(opened.text)).toEqual({
      origin: NAME,
      size: ROTATION_SIZE,
      rotatedAt: ROTATED_AT,
      previousKey: verifierKeyOf(oldKey),
      nextKey: verifierKeyOf(newKey),
    });
    expect(opened.signatures.map((s) => s.keyHash)).toEqual([oldKey.keyHash, newKey.keyHash]);
    expect(openNote(statement, verifierKeyOf(newKey)).text).toBe(opened.text);
  });

  it('gives each key its period: the old key to the rotation size, the new one from it on', () => {
    const periods = chain().periods.map((p) => [p.verifierKey, p.fromSize, p.toSize]);
    expect(periods).toEqual([
      [verifierKeyOf(oldKey), 0n, ROTATION_SIZE],
      [verifierKeyOf(newKey), ROTATION_SIZE, null],
    ]);
  });

  it('refuses a statement signed by the new key only (a forged handover)', async () => {
    const text = openNote(statement, verifierKeyOf(oldKey)).text;
    const forged = signNote(text, newKey);
    const report = verifyKeyChain(verifierKeyOf(oldKey), [forged]);
    expect(report).toEqual({
      ok: false,
      index: 1,
      problem: expect.stringMatching(
        /^rotation statement 1: not signed by the key it retires, kyoyaku-ledger\+[0-9a-f]{8} \(signed by kyoyaku-ledger\+[0-9a-f]{8}\)/,
      ) as unknown,
    });
    await expect(
      verifyExport(exportSignedBy(), { verifierKey: KeyChain.single(verifierKeyOf(oldKey)) }),
    ).resolves.toMatchObject({
      ok: false,
      kind: 'checkpoint-unknown-key',
    });
  });

  it('refuses a statement the old key signed without the new key (who rotated must hold the new key)', () => {
    const third = parseSignerKey(generateSignerKey(NAME));
    const text = openNote(statement, verifierKeyOf(oldKey)).text;
    const report = verifyKeyChain(verifierKeyOf(oldKey), [
      signNote(text, oldKey) + signNote(text, third).slice(text.length + 1),
    ]);
    expect(report.ok).toBe(false);
    expect(!report.ok && report.problem).toMatch(/not signed by the key it introduces/);
  });

  it('refuses a statement that does not hand over from the key before it', () => {
    const third = parseSignerKey(generateSignerKey(NAME));
    const skipped = signRotationStatement(third, newKey, 8n, ROTATED_AT);
    const report = verifyKeyChain(verifierKeyOf(oldKey), [statement, skipped]);
    expect(!report.ok && report.problem).toMatch(
      /^rotation statement 2: it retires kyoyaku-ledger\+\S+, but the key before it is kyoyaku-ledger\+/,
    );
  });
});

describe('verifying an export across a rotation', () => {
  it('accepts the current checkpoint of the new key and the older checkpoints of the old key', async () => {
    const report = await verifyExport(exportSignedBy(newKey), {
      verifierKey: chain(),
      olderCheckpoints: [checkpointAt(3n, oldKey), checkpointAt(ROTATION_SIZE, oldKey), checkpointAt(8n)],
    });
    expect(report).toMatchObject({ ok: true, events: 10n });
  });

  it('refuses, with the reason, a checkpoint signed by the old key after the rotation size', async () => {
    const report = await verifyExport(exportSignedBy(oldKey), { verifierKey: chain() });
    expect(report).toMatchObject({ ok: false, kind: 'checkpoint-key-period' });
    expect(!report.ok && report.problem).toMatch(
      /^checkpoint key period: the checkpoint of size 10 is signed by kyoyaku-ledger\+[0-9a-f]{8}, whose period is tree sizes 0–6 \(retired by the rotation at size 6\); the key valid at size 10 is kyoyaku-ledger\+/,
    );
    const older = await verifyExport(exportSignedBy(), {
      verifierKey: chain(),
      olderCheckpoints: [checkpointAt(7n, oldKey)],
    });
    expect(older).toMatchObject({ ok: false, kind: 'older-checkpoint-key-period' });
  });

  it('refuses a checkpoint the new key signed for a size before it took over', async () => {
    const report = await verifyExport(exportSignedBy(), {
      verifierKey: chain(),
      olderCheckpoints: [checkpointAt(5n, newKey)],
    });
    expect(report).toMatchObject({ ok: false, kind: 'older-checkpoint-key-period' });
    expect(!report.ok && report.problem).toMatch(/whose period is tree sizes 6–\(current\)/);
  });

  it('without the rotation statement, the old key alone does not open the new checkpoints', async () => {
    const report = await verifyExport(exportSignedBy(), { verifierKey: verifierKeyOf(oldKey) });
    expect(report).toMatchObject({ ok: false, kind: 'checkpoint-unknown-key' });
  });
});

describe('a consistency proof across a rotation', () => {
  const proof = consistencyProof(tree, 3n, 10n);

  it('holds the older checkpoint of the old key and the newer of the new key, given the chain', () => {
    const report = verifyCheckpointConsistency(checkpointAt(3n, oldKey), checkpointAt(10n), proof, chain());
    expect(report).toMatchObject({ ok: true, older: { size: 3n }, newer: { size: 10n } });
  });

  it('refuses the newer checkpoint signed by the old key after its period', () => {
    const report = verifyCheckpointConsistency(
      checkpointAt(3n, oldKey),
      checkpointAt(10n, oldKey),
      proof,
      chain(),
    );
    expect(report).toMatchObject({ ok: false, kind: 'checkpoint' });
    expect(!report.ok && report.problem).toMatch(
      /^newer checkpoint: the checkpoint of size 10 is signed by .* whose period is tree sizes 0–6/,
    );
  });
});

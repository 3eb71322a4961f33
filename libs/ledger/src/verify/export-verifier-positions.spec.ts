import {
  canonicalEventBytes,
  computeEventHash,
  type NewEvent,
  prepareAppend,
  type RecordedEvent,
  sealAppend,
} from '@kyoyaku/event-store';
import { inclusionProof, MemoryMerkleNodes } from '../merkle/merkle-tree';
import { exportLines, sealedLedger, testLog } from '@kyoyaku/ledger/testing';
import { parseExportedEvent, toExportedEvent } from './export-format';
import { verifyExport } from './export-verifier';
import { verifyInclusionOfEvent } from './proof-verifier';

/**
 * Exports of ledgers whose positions are not 1, 2, 3… : an EventStoreDB ledger (commit positions;
 * hashes that cover position 0) and ledgers migrated between stores (hashes that cover the
 * position the event was first recorded at). The events are sealed by the EventStoreDB adapter's
 * own code (sealAppend), as it writes them.
 */
const { verifierKey, checkpointOf } = testLog();
const STREAMS = ['agreement-aomori-hiranai', 'consultation-aomori-1', 'agreement-aomori-yomogita'];

function newEvent(i: number): NewEvent {
  return {
    type: 'ArticleAmended',
    schemaVersion: 1,
    data: { seq: i, note: `第${i}条を改める` },
    metadata: { actor: { id: 'secretariat-1', role: 'secretariat' }, correlationId: `c-${i}`, source: 'api' },
  };
}

/** `count` events as the EventStoreDB adapter writes them, at commit positions with gaps. */
function eventStoreDbLedger(count: number, after: RecordedEvent[] = []): RecordedEvent[] {
  const heads = new Map(after.map((e) => [e.streamId, { revision: e.revision, hash: e.hash }]));
  let position = after.at(-1)?.position ?? 0n;
  let id = after.length;
  const events = [...after];
  for (let i = 0; i < count; i++) {
    const streamId = STREAMS[i % STREAMS.length] ?? 'x';
    const [sealed] = sealAppend(
      prepareAppend(streamId, [newEvent(i)], { expectedRevision: 'any' }),
      heads.get(streamId) ?? null,
      '2026-11-27T09:00:00.000Z',
      () => `01936f0e-7a00-7000-8000-${(++id).toString(16).padStart(12, '0')}`,
    );
    if (sealed === undefined) throw new Error('nothing sealed');
    position += 300n + BigInt(i * 7);
    const event = { ...sealed, position };
    heads.set(streamId, { revision: event.revision, hash: event.hash });
    events.push(event);
  }
  return events;
}

/** `count` events as a gap-free store records them (hashes covering positions 1…count). */
const gapFreeLedger = (count: number) =>
  sealedLedger(count, (i) => ({
    streamId: STREAMS[i % STREAMS.length] ?? 'x',
    type: 'ArticleAmended',
    data: { seq: i },
  }));
const exportOf = (events: readonly RecordedEvent[], note = checkpointOf(events)) => exportLines(events, note);

describe('verifying an EventStoreDB ledger (positions with gaps, hashes covering position 0)', () => {
  const ledger = eventStoreDbLedger(20);

  it('accepts the export: increasing positions, every hash, every chain, the signed root', async () => {
    expect(ledger.every((e) => e.hashedPosition === 0n)).toBe(true);
    const report = await verifyExport(exportOf(ledger), { verifierKey });
    expect(report).toMatchObject({ ok: true, events: 20n, streams: 3 });
  });

  it('carries hashedPosition through the export line, and refuses a malformed one', () => {
    const line = toExportedEvent(ledger[0] as RecordedEvent);
    expect(line.hashedPosition).toBe('0');
    expect(parseExportedEvent(JSON.parse(JSON.stringify(line)))).toEqual({ ok: true, event: ledger[0] });
    expect(parseExportedEvent({ ...line, hashedPosition: '-1' })).toMatchObject({ ok: false });
    expect(parseExportedEvent({ ...line, hashedPosition: 0 })).toMatchObject({ ok: false });
  });

  it('refuses positions that do not increase (an event repeated or moved)', async () => {
    const swapped = [...ledger];
    [swapped[4], swapped[5]] = [swapped[5] as RecordedEvent, swapped[4] as RecordedEvent];
    const report = await verifyExport(exportOf(swapped, checkpointOf(ledger)), { verifierKey });
    expect(report).toMatchObject({
      ok: false,
      kind: 'position-order',
      position: ledger[4]?.position,
      line: 6,
    });
  });

  it('refuses a missing event — by its stream’s chain, or at the end by the signed size — though positions have gaps anyway', async () => {
    const inside = ledger.filter((_, i) => i !== 7);
    expect(await verifyExport(exportOf(inside, checkpointOf(ledger)), { verifierKey })).toMatchObject({
      ok: false,
      kind: 'revision-gap',
      position: ledger[10]?.position,
    });
    const last = ledger.slice(0, -1);
    expect(await verifyExport(exportOf(last, checkpointOf(ledger)), { verifierKey })).toMatchObject({
      ok: false,
      kind: 'checkpoint-size',
    });
  });

  it('refuses a changed event (its hash), and a re-hashed one (the signed root)', async () => {
    const changed = ledger.map((e, i) => (i === 3 ? { ...e, data: { seq: 99 } } : e));
    expect(await verifyExport(exportOf(changed, checkpointOf(ledger)), { verifierKey })).toMatchObject({
      ok: false,
      kind: 'hash-mismatch',
      position: ledger[3]?.position,
    });
    const forged = ledger.map((e, i) => {
      if (i !== 19) return e;
      const content = { ...e, data: { seq: 99 } };
      return { ...content, hash: computeEventHash(content) };
    });
    expect(await verifyExport(exportOf(forged, checkpointOf(ledger)), { verifierKey })).toMatchObject({
      ok: false,
      kind: 'checkpoint-root',
    });
  });

  it('refuses a hash said to cover a position other than the event’s place in the export', async () => {
    const claimed = ledger.map((e, i) => {
      if (i !== 2) return e;
      const content = { ...e, hashedPosition: 9n };
      return { ...content, hash: computeEventHash(content) };
    });
    expect(await verifyExport(exportOf(claimed), { verifierKey })).toMatchObject({
      ok: false,
      kind: 'position-gap',
      position: ledger[2]?.position,
    });
  });

  it('proves an event’s inclusion at the leaf index the proof names (its position tells none)', () => {
    const tree = new MemoryMerkleNodes();
    for (const event of ledger) tree.append(canonicalEventBytes(event));
    const event = ledger[6] as RecordedEvent;
    const proof = inclusionProof(tree, 6n, 20n);
    const note = checkpointOf(ledger);
    expect(verifyInclusionOfEvent(event, proof, note, verifierKey, { leafIndex: 6n })).toMatchObject({
      ok: true,
    });
    expect(verifyInclusionOfEvent(event, proof, note, verifierKey)).toMatchObject({
      ok: false,
      kind: 'proof',
    });
    expect(verifyInclusionOfEvent(event, proof, note, verifierKey, { leafIndex: 5n })).toMatchObject({
      ok: false,
    });
  });
});

describe('verifying a migrated ledger', () => {
  it('a gap-free ledger copied to EventStoreDB and continued there verifies, and against the older checkpoint', async () => {
    const original = gapFreeLedger(9);
    const olderCheckpoint = checkpointOf(original);
    expect(await verifyExport(exportOf(original, olderCheckpoint), { verifierKey })).toMatchObject({
      ok: true,
    });
    // On EventStoreDB the copies get commit positions; their hashes keep covering 1…9.
    const copied = original.map((e, i) => ({
      ...e,
      position: 2_000n + 250n * BigInt(i),
      hashedPosition: e.position,
    }));
    const continued = eventStoreDbLedger(6, copied);
    const report = await verifyExport(exportOf(continued), { verifierKey, olderCheckpoint });
    expect(report).toMatchObject({ ok: true, events: 15n });
    // The first nine leaves are the original's: the same root at size 9.
    expect(checkpointOf(continued, 9)).toBe(olderCheckpoint);
  });

  it('an EventStoreDB ledger copied to a gap-free store (positions 1, 2, 3…) verifies with the same root', async () => {
    const original = eventStoreDbLedger(8);
    const copied = original.map((e, i) => ({ ...e, position: BigInt(i + 1) }));
    expect(copied.every((e) => e.hashedPosition === 0n)).toBe(true);
    expect(checkpointOf(copied)).toBe(checkpointOf(original));
    expect(await verifyExport(exportOf(copied, checkpointOf(original)), { verifierKey })).toMatchObject({
      ok: true,
    });
  });

  it('an event moved in a migrated ledger is caught by the position its hash covers', async () => {
    const original = gapFreeLedger(6);
    const copied = original.map((e, i) => ({
      ...e,
      position: 100n * BigInt(i + 1),
      hashedPosition: e.position,
    }));
    const moved = [copied[0], copied[2], copied[1], ...copied.slice(3)] as RecordedEvent[];
    const fixed = moved.map((e, i) => ({ ...e, position: 100n * BigInt(i + 1) }));
    expect(await verifyExport(exportOf(fixed, checkpointOf(copied)), { verifierKey })).toMatchObject({
      ok: false,
      kind: 'position-gap',
      line: 2,
    });
  });
});

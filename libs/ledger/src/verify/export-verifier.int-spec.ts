import Database from 'better-sqlite3';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  canonicalEventBytes,
  computeEventHash,
  type NewEvent,
  type RecordedEvent,
  SqliteEventStore,
} from '@kyoyaku/event-store';
import { leafHash } from '../merkle/merkle-hash';
import { consistencyProof, inclusionProof, MemoryMerkleNodes } from '../merkle/merkle-tree';
import { generateSignerKey, signCheckpoint, verifierKeyOf } from '../note/signed-note';
import {
  exportCheckpointLine,
  exportEventLine,
  type ExportedEvent,
  parseExportedEvent,
  toExportedEvent,
} from './export-format';
import { type VerificationFailure, type VerificationReport, verifyExport } from './export-verifier';
import { verifyCheckpointConsistency, verifyInclusionOfEvent } from './proof-verifier';

const ORIGIN = 'kyoyaku.example.lg.jp/ledger';
const signer = generateSignerKey('kyoyaku.example.lg.jp');
const verifierKey = verifierKeyOf(signer);
const folder = mkdtempSync(join(tmpdir(), 'kyoyaku-ledger-'));
const file = join(folder, 'ledger.sqlite');

/** 12 events over three interleaved streams, recorded by the real SQLite store. */
const STREAMS = ['agreement-aomori-hiranai', 'consultation-aomori-1', 'agreement-aomori-sotogahama'];
let events: RecordedEvent[] = [];
/** The bytes the store kept for each event (its `envelope` column), by position. */
let storedEnvelopes: string[] = [];

function newEvent(i: number): NewEvent {
  return {
    type: i % 3 === 0 ? 'AgreementDrafted' : 'ArticleAmended',
    schemaVersion: 1,
    // Japanese text: the leaf is the UTF-8 of the canonical JSON, byte for byte.
    data: { seq: String(i), note: `x第${i}条を改める（連携協約）`, amountYen: String(1_000_000 * i) },
    metadata: { actor: { id: 'clerk-1', role: 'secretariat' }, correlationId: `c-${i}`, source: 'cli' },
  };
}

beforeAll(async () => {
  const store = SqliteEventStore.open({ file });
  try {
    for (let i = 1; i <= 12; i++) {
      await store.append(STREAMS[i % 3] ?? 'x', [newEvent(i)], { expectedRevision: 'any' });
    }
    events = await store.readAll({ limit: 100 });
  } finally {
    await store.close();
  }
  const db = new Database(file, { readonly: true });
  try {
    storedEnvelopes = db.prepare('SELECT envelope FROM events ORDER BY position').pluck().all() as string[];
  } finally {
    db.close();
  }
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

function treeOf(list: readonly RecordedEvent[]): MemoryMerkleNodes {
  const tree = new MemoryMerkleNodes();
  for (const event of list) tree.append(canonicalEventBytes(event));
  return tree;
}

/** What the server does: sign the root of the first `size` events. */
function checkpointOf(list: readonly RecordedEvent[], size = list.length, key = signer): string {
  return signCheckpoint({ origin: ORIGIN, size: BigInt(size), root: treeOf(list).root(BigInt(size)) }, key);
}

function exportOf(list: readonly RecordedEvent[], note = checkpointOf(list)): string[] {
  return [...list.map(exportEventLine), exportCheckpointLine(note)];
}

/** Rewrites events from a position on with new content, fresh valid hashes and prevHash chains. */
function rewriteFrom(list: readonly RecordedEvent[], position: number): RecordedEvent[] {
  const heads = new Map<string, string>();
  return list.map((event) => {
    if (event.position < BigInt(position)) {
      heads.set(event.streamId, event.hash);
      return event;
    }
    const changed = {
      ...event,
      data: { ...event.data, note: 'rewritten' },
      prevHash: heads.get(event.streamId) ?? null,
    };
    const hash = computeEventHash(changed);
    heads.set(event.streamId, hash);
    return { ...changed, hash };
  });
}

/** An event with fields changed and its own hash recomputed (so only the chain can tell). */
function rehashed(event: RecordedEvent, change: Partial<RecordedEvent>): RecordedEvent {
  const changed = { ...event, ...change };
  return { ...changed, hash: computeEventHash(changed) };
}

function failure(report: VerificationReport): VerificationFailure {
  if (report.ok) throw new Error('expected the verification to fail');
  return report;
}

describe('the store and the ledger agree on the leaves', () => {
  it('the Merkle leaf of an event is exactly the canonical bytes the store kept', () => {
    expect(events).toHaveLength(12);
    expect(events.map((e) => canonicalEventBytes(e).toString('utf8'))).toEqual(storedEnvelopes);
  });
});

describe('verifyExport', () => {
  it('accepts the untouched export, and counts and roots it', async () => {
    const report = await verifyExport(exportOf(events), { verifierKey, origin: ORIGIN });
    expect(report).toMatchObject({ ok: true, events: 12n, streams: 3 });
    expect(report.ok && report.root.equals(treeOf(events).root())).toBe(true);
    expect(report.ok && report.checkpoint.size).toBe(12n);
  });

  it('reads an async iterable: readline over an export file', async () => {
    const path = join(folder, 'export.ndjson');
    writeFileSync(path, `${exportOf(events).join('\n')}\n`);
    const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
    expect(await verifyExport(lines, { verifierKey })).toMatchObject({ ok: true, events: 12n });
  });

  it('one byte of one event’s data changed: hash mismatch at its position', async () => {
    const lines = exportOf(events);
    const before = lines[4] ?? '';
    lines[4] = before.replace('"note":"x', '"note":"y');
    expect(lines[4]).not.toBe(before);
    const report = failure(await verifyExport(lines, { verifierKey }));
    expect(report).toMatchObject({ kind: 'hash-mismatch', position: 5n, line: 5, events: 4n });
    expect(report.problem).toMatch(/^hash mismatch: the content hashes to [0-9a-f]{64}, the event says/);
  });

  it('one event deleted: a position gap where it was', async () => {
    const lines = exportOf(events);
    lines.splice(4, 1);
    const report = failure(await verifyExport(lines, { verifierKey }));
    expect(report).toMatchObject({ kind: 'position-gap', position: 5n, line: 5 });
    expect(report.problem).toMatch(/expected position 5, the line holds position 6/);
  });

  it('two events swapped: a position gap at the first', async () => {
    const lines = exportOf(events);
    [lines[4], lines[5]] = [lines[5] ?? '', lines[4] ?? ''];
    const report = failure(await verifyExport(lines, { verifierKey }));
    expect(report).toMatchObject({ kind: 'position-gap', position: 5n });
  });

  it('two events swapped and renumbered: the hash of the first catches it', async () => {
    const swapped = [...events];
    const [a, b] = [swapped[4], swapped[5]];
    if (a === undefined || b === undefined) throw new Error('fixture');
    swapped[4] = { ...b, position: 5n };
    swapped[5] = { ...a, position: 6n };
    const report = failure(await verifyExport(exportOf(swapped, checkpointOf(events)), { verifierKey }));
    expect(report).toMatchObject({ kind: 'hash-mismatch', position: 5n });
  });

  it('a tail rewritten with valid hashes and chains: only the signed root catches it', async () => {
    const rewritten = rewriteFrom(events, 9);
    const lines = exportOf(rewritten, checkpointOf(events));
    const report = failure(await verifyExport(lines, { verifierKey }));
    // Every event and chain checked out; the tree does not match what was signed.
    expect(report).toMatchObject({ kind: 'checkpoint-root', position: null, events: 12n });
    expect(report.problem).toMatch(/^checkpoint root: the 12 events hash to /);
    // An older checkpoint narrows it down.
    const older = checkpointOf(events, 6);
    const narrowed = failure(await verifyExport(lines, { verifierKey, olderCheckpoint: older }));
    expect(narrowed).toMatchObject({ kind: 'checkpoint-root' });
    expect(narrowed.problem).toMatch(/the change lies after position 6/);
  });

  it('history rewritten and re-signed by the log itself: only the older checkpoint catches it', async () => {
    const older = checkpointOf(events, 6);
    const rewritten = rewriteFrom(events, 4);
    const lines = exportOf(rewritten, checkpointOf(rewritten));
    // On its own the export is self-consistent …
    expect((await verifyExport(lines, { verifierKey })).ok).toBe(true);
    // … but not with what the log signed before.
    const report = failure(await verifyExport(lines, { verifierKey, olderCheckpoint: older }));
    expect(report).toMatchObject({ kind: 'older-checkpoint-root', position: null });
    expect(report.problem).toMatch(/history up to position 6 was rewritten/);
  });

  it('accepts an older checkpoint of a prefix (the log only grew)', async () => {
    const older = checkpointOf(events.slice(0, 6));
    const report = await verifyExport(exportOf(events), { verifierKey, olderCheckpoint: older });
    expect(report).toMatchObject({ ok: true, olderCheckpoint: { size: 6n, origin: ORIGIN } });
    const same = await verifyExport(exportOf(events), { verifierKey, olderCheckpoint: checkpointOf(events) });
    expect(same.ok).toBe(true);
  });

  it('refuses an older checkpoint beyond the export, of another key or of another log', async () => {
    const lines = exportOf(events.slice(0, 8));
    const beyond = failure(await verifyExport(lines, { verifierKey, olderCheckpoint: checkpointOf(events) }));
    expect(beyond).toMatchObject({ kind: 'older-checkpoint-size', position: 9n });
    const foreign = checkpointOf(events, 6, generateSignerKey('someone.else'));
    expect(failure(await verifyExport(lines, { verifierKey, olderCheckpoint: foreign })).kind).toBe(
      'older-checkpoint-unknown-key',
    );
    const otherLog = signCheckpoint({ origin: 'other/log', size: 6n, root: treeOf(events).root(6n) }, signer);
    expect(failure(await verifyExport(lines, { verifierKey, olderCheckpoint: otherLog })).kind).toBe(
      'older-checkpoint-origin',
    );
  });

  it('a checkpoint by another key, tampered, or of another origin is refused', async () => {
    const foreign = exportOf(events, checkpointOf(events, 12, generateSignerKey('kyoyaku.example.lg.jp')));
    expect(failure(await verifyExport(foreign, { verifierKey }))).toMatchObject({
      kind: 'checkpoint-unknown-key',
      position: null,
      events: 12n,
    });
    const note = checkpointOf(events);
    const tampered = exportOf(events, note.replace(`\n12\n`, `\n11\n`));
    expect(failure(await verifyExport(tampered, { verifierKey })).kind).toBe('checkpoint-bad-signature');
    const garbled = exportOf(events, 'not a note');
    expect(failure(await verifyExport(garbled, { verifierKey })).kind).toBe('checkpoint-malformed');
    expect(failure(await verifyExport(exportOf(events), { verifierKey, origin: 'elsewhere' })).kind).toBe(
      'checkpoint-origin',
    );
  });

  it('events missing at the end, or beyond the checkpoint: the size names the first position', async () => {
    const truncated = exportOf(events.slice(0, 10), checkpointOf(events));
    const missing = failure(await verifyExport(truncated, { verifierKey }));
    expect(missing).toMatchObject({ kind: 'checkpoint-size', position: 11n });
    expect(missing.problem).toMatch(/events from position 11 on are missing/);
    const unsigned = exportOf(events, checkpointOf(events, 10));
    const extra = failure(await verifyExport(unsigned, { verifierKey }));
    expect(extra).toMatchObject({ kind: 'checkpoint-size', position: 11n });
    expect(extra.problem).toMatch(/not signed/);
  });

  it('per-stream chains: a revision gap or a wrong prevHash, even with the event’s own hash valid', async () => {
    const gap = [...events];
    const at = gap.findIndex((e) => e.revision === 2n);
    const victim = gap[at];
    if (victim === undefined) throw new Error('fixture');
    gap[at] = rehashed(victim, { revision: 3n });
    const report = failure(await verifyExport(exportOf(gap, checkpointOf(events)), { verifierKey }));
    expect(report).toMatchObject({ kind: 'revision-gap', position: victim.position });
    expect(report.problem).toMatch(/expects revision 2, found 3/);

    const broken = [...events];
    broken[at] = rehashed(victim, { prevHash: events[0]?.hash ?? null });
    const chain = failure(await verifyExport(exportOf(broken, checkpointOf(events)), { verifierKey }));
    expect(chain).toMatchObject({ kind: 'prev-hash-mismatch', position: victim.position });

    const first = [...events];
    const head = first[0];
    if (head === undefined) throw new Error('fixture');
    first[0] = rehashed(head, { prevHash: head.hash });
    expect(failure(await verifyExport(exportOf(first), { verifierKey }))).toMatchObject({
      kind: 'prev-hash-mismatch',
      position: 1n,
    });
  });

  it('malformed lines, a missing checkpoint, anything after the checkpoint', async () => {
    const lines = exportOf(events);
    const notJson = [...lines];
    notJson[2] = '{"eventId":';
    expect(failure(await verifyExport(notJson, { verifierKey }))).toMatchObject({
      kind: 'malformed-line',
      position: 3n,
      line: 3,
    });
    const extraField = [...lines];
    extraField[2] = JSON.stringify({ ...JSON.parse(lines[2] ?? '{}'), smuggled: 'unhashed' });
    expect(failure(await verifyExport(extraField, { verifierKey })).problem).toMatch(
      /unknown field\(s\) smuggled/,
    );
    const numeric = [...lines];
    numeric[2] = JSON.stringify({ ...JSON.parse(lines[2] ?? '{}'), position: 3 });
    expect(failure(await verifyExport(numeric, { verifierKey })).kind).toBe('malformed-line');
    expect(failure(await verifyExport(lines.slice(0, -1), { verifierKey })).kind).toBe('missing-checkpoint');
    expect(failure(await verifyExport([...lines, lines[0] ?? ''], { verifierKey }))).toMatchObject({
      kind: 'malformed-line',
      line: 14,
    });
    // Blank lines (a final newline, CRLF files) are not events.
    expect((await verifyExport([...lines.map((l) => `${l}\r`), ''], { verifierKey })).ok).toBe(true);
  });

  it('an empty log verifies against a checkpoint of size 0', async () => {
    expect(await verifyExport(exportOf([]), { verifierKey })).toMatchObject({
      ok: true,
      events: 0n,
      streams: 0,
    });
  });
});

describe('proofs for a dispute dossier', () => {
  const base64 = (proof: Buffer[]): string[] => proof.map((h) => h.toString('base64'));

  it('every event of the export is proven included in the signed checkpoint', () => {
    const tree = treeOf(events);
    const note = checkpointOf(events);
    for (const event of events) {
      const proof = base64(inclusionProof(tree, event.position - 1n, 12n));
      const exported: ExportedEvent = toExportedEvent(event);
      const report = verifyInclusionOfEvent(exported, proof, note, verifierKey);
      expect(report).toMatchObject({ ok: true, leafIndex: event.position - 1n });
      expect(report.ok && report.leafHash.equals(leafHash(canonicalEventBytes(event)))).toBe(true);
      expect(verifyInclusionOfEvent(event, proof, note, verifierKey).ok).toBe(true);
    }
  });

  it('refuses a changed event, a forged one, a wrong proof or a foreign checkpoint', () => {
    const tree = treeOf(events);
    const note = checkpointOf(events);
    const event = events[6];
    if (event === undefined) throw new Error('fixture');
    const proof = base64(inclusionProof(tree, 6n, 12n));
    const changed = { ...toExportedEvent(event), data: { ...event.data, note: 'changed' } };
    expect(verifyInclusionOfEvent(changed, proof, note, verifierKey)).toMatchObject({
      ok: false,
      kind: 'hash-mismatch',
    });
    const forged = rehashed(event, { data: { ...event.data, note: 'forged' } });
    expect(verifyInclusionOfEvent(forged, proof, note, verifierKey)).toMatchObject({
      ok: false,
      kind: 'proof',
    });
    const otherProof = base64(inclusionProof(tree, 5n, 12n));
    expect(verifyInclusionOfEvent(event, otherProof, note, verifierKey)).toMatchObject({
      ok: false,
      kind: 'proof',
    });
    expect(verifyInclusionOfEvent(event, ['not base64!'], note, verifierKey)).toMatchObject({
      kind: 'proof',
    });
    const early = checkpointOf(events, 6);
    expect(verifyInclusionOfEvent(event, proof, early, verifierKey)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/not within the checkpoint/),
    });
    const foreign = checkpointOf(events, 12, generateSignerKey('kyoyaku.example.lg.jp'));
    expect(verifyInclusionOfEvent(event, proof, foreign, verifierKey)).toMatchObject({ kind: 'checkpoint' });
    const malformed = { ...toExportedEvent(event), revision: '-1' };
    expect(verifyInclusionOfEvent(malformed, proof, note, verifierKey)).toMatchObject({
      kind: 'event-malformed',
    });
    expect(parseExportedEvent(toExportedEvent(event))).toEqual({ ok: true, event });
  });

  it('a newer checkpoint is proven to extend an older one; a rewritten history is not', () => {
    const tree = treeOf(events);
    const [older, newer] = [checkpointOf(events, 6), checkpointOf(events)];
    const proof = base64(consistencyProof(tree, 6n, 12n));
    expect(verifyCheckpointConsistency(older, newer, proof, verifierKey)).toMatchObject({
      ok: true,
      older: { size: 6n },
      newer: { size: 12n },
    });
    const rewritten = rewriteFrom(events, 4);
    const resigned = checkpointOf(rewritten);
    const theirProof = base64(consistencyProof(treeOf(rewritten), 6n, 12n));
    expect(verifyCheckpointConsistency(older, resigned, theirProof, verifierKey)).toMatchObject({
      ok: false,
      kind: 'proof',
    });
    expect(verifyCheckpointConsistency(newer, older, proof, verifierKey)).toMatchObject({ ok: false });
  });
});

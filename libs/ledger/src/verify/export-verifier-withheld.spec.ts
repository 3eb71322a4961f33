import type { RecordedEvent } from '@kyoyaku/event-store';
import { exportLines, sealedLedger, testLog } from '@kyoyaku/ledger/testing';
import { exportEventLine, exportWithheldLine, parseExportLine } from './export-format';
import { verifyExport } from './export-verifier';

/**
 * An export filtered for a reader: the events it may not see (a doubt's) are stubs — position, event
 * hash, leaf hash — and the export still verifies: the tree, the checkpoint and an older checkpoint
 * are checked over every leaf, the visible events' hashes and chains as before.
 */
const { verifierKey, checkpointOf } = testLog();
const STREAMS = ['agreement-aomori-hiranai', 'doubt-hiranai-2024-publicity', 'consultation-aomori-1'];
const withheldStream = (e: RecordedEvent) => e.streamId.startsWith('doubt-');
const ledger = (count: number) =>
  sealedLedger(count, (i) => {
    const streamId = STREAMS[i % STREAMS.length] ?? 'x';
    const type = streamId.startsWith('doubt-') ? 'DoubtRaised' : 'ConsultationHeld';
    return { streamId, type, data: { seq: i, question: `秘密の問い${i}` } };
  });

function filteredExport(events: readonly RecordedEvent[], note = checkpointOf(events)): string[] {
  return exportLines(events, note, (e) => (withheldStream(e) ? exportWithheldLine(e) : exportEventLine(e)));
}

describe('verifying an export with withheld events', () => {
  const events = ledger(30);

  it('writes a stub with the position and hashes only, never the content', () => {
    const doubt = events[1];
    if (doubt === undefined) throw new Error('no event');
    const stub = JSON.parse(exportWithheldLine(doubt)) as Record<string, unknown>;
    expect(Object.keys(stub).sort()).toEqual(['hash', 'leafHash', 'position', 'withheld']);
    expect(stub).toMatchObject({ position: '2', withheld: true, hash: doubt.hash });
    expect(exportWithheldLine(doubt)).not.toContain('秘密');
    expect(exportWithheldLine(doubt)).not.toContain('doubt-');
  });

  it('accepts it: the root over every leaf, the visible events’ hashes and chains, and counts the stubs', async () => {
    const report = await verifyExport(filteredExport(events), { verifierKey });
    expect(report).toMatchObject({ ok: true, events: 30n, withheld: 10n, streams: 2 });
  });

  it('checks an older checkpoint against a filtered export (consistency)', async () => {
    const report = await verifyExport(filteredExport(events), {
      verifierKey,
      olderCheckpoint: checkpointOf(events, 13),
    });
    expect(report).toMatchObject({ ok: true, olderCheckpoint: { size: 13n } });
  });

  it('refuses a stub whose leaf hash was changed: the root no longer matches', async () => {
    const lines = filteredExport(events);
    const stub = JSON.parse(lines[4] ?? '') as Record<string, unknown>;
    lines[4] = JSON.stringify({ ...stub, leafHash: Buffer.alloc(32, 7).toString('base64') });
    const report = await verifyExport(lines, { verifierKey });
    expect(report).toMatchObject({ ok: false, kind: 'checkpoint-root' });
  });

  it('refuses a stub out of place, or a missing one', async () => {
    const lines = filteredExport(events);
    const moved = JSON.parse(lines[4] ?? '') as Record<string, unknown>;
    lines[4] = JSON.stringify({ ...moved, position: '6' });
    expect(await verifyExport(lines, { verifierKey })).toMatchObject({
      ok: false,
      kind: 'position-gap',
      position: 5n,
    });
    const dropped = filteredExport(events).filter((_, i) => i !== 4);
    expect(await verifyExport(dropped, { verifierKey })).toMatchObject({
      ok: false,
      kind: 'position-gap',
      position: 5n,
    });
  });

  it.each([
    [{ withheld: false }, 'withheld is true'],
    [{ type: 'DoubtRaised' }, 'unknown field(s) type'],
    [{ hash: 'ABC' }, 'hash is 64 lower-case hex digits'],
    [{ leafHash: 'AAAA' }, 'leafHash is the base64 of 32 bytes'],
    [{ position: '0' }, 'position is a decimal string ≥ 1'],
  ])('refuses a malformed stub (%j)', (change, reason) => {
    const stub = JSON.parse(filteredExport(events)[1] ?? '') as Record<string, unknown>;
    expect(parseExportLine(JSON.stringify({ ...stub, ...change }))).toEqual({
      kind: 'malformed',
      reason: expect.stringContaining(reason),
    });
  });

  it('refuses a visible event whose predecessor in its stream was withheld (a stream is shown whole or not at all)', async () => {
    const lines = filteredExport(events);
    // The agreement stream's second event (position 4) withheld: its successor's chain breaks.
    const fourth = events[3];
    if (fourth === undefined) throw new Error('no event');
    lines[3] = exportWithheldLine(fourth);
    expect(await verifyExport(lines, { verifierKey })).toMatchObject({
      ok: false,
      kind: 'revision-gap',
      position: 7n,
    });
  });
});

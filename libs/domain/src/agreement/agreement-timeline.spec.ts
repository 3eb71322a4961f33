import { addDays, applyAmendment } from '@kyoyaku/legal-text';
import { buildSampleDocument } from '@kyoyaku/legal-text/testing';
import { sampleOperations } from '@kyoyaku/domain/testing';
import { agreementTimeline } from './agreement-timeline';
import type { VersionState } from './agreement.state';

/** 版 1 and `amendments` 変更, each taking effect a day after the one before (the usual 沿革). */
function versions(amendments: number): VersionState[] {
  const original = buildSampleDocument();
  const list: VersionState[] = [
    {
      number: 1,
      proceedingId: 'p0',
      kind: 'conclusion',
      document: original,
      concludedOn: '2020-01-06',
      effectiveOn: '2020-01-07',
      revision: 0,
    },
  ];
  let document = original;
  for (let n = 1; n <= amendments; n++) {
    const operations = sampleOperations(`推進体制の整備（第${n}次改定）`);
    document = applyAmendment(document, operations);
    list.push({
      number: n + 1,
      proceedingId: `p${n}`,
      kind: 'amendment',
      document,
      operations,
      concludedOn: addDays('2020-01-07', n - 1),
      effectiveOn: addDays('2020-01-07', n),
      revision: 8 * n,
    });
  }
  return list;
}

describe('agreementTimeline: a timeline already computed is extended, not replayed', () => {
  it('reuses the entries of the longest prefix it knows when several versions follow it (a knownAt fold from a snapshot)', () => {
    const all = versions(40);
    // The snapshot's versions: their timeline is computed once, then kept with them.
    const snapshot = all.slice(0, 30);
    const known = agreementTimeline(snapshot);
    // Each read folds the events after the snapshot again: the later versions are new objects.
    const read = [...snapshot, ...all.slice(30).map((v) => ({ ...v }))];
    const timeline = agreementTimeline(read);

    expect(timeline).toHaveLength(41);
    expect(known.filter((entry, i) => timeline[i] !== entry)).toEqual([]);
    expect(timeline.map((e) => e.version)).toEqual(read);
    // The same texts as a replay from scratch.
    const fresh = agreementTimeline(all.map((v) => ({ ...v })));
    expect(timeline.map((e) => e.document)).toEqual(fresh.map((e) => e.document));
    expect(timeline.map((e) => e.before)).toEqual(fresh.map((e) => e.before));
  });
});

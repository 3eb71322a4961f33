/**
 * Two lists of demo steps, each in recording order, merged into one recording order; on a tie the
 * step of the first list comes first.
 */
export function mergeByRecordedAt<A extends { recordedAt: string }, B extends { recordedAt: string }>(
  first: readonly A[],
  second: readonly B[],
): (A | B)[] {
  const merged: (A | B)[] = [];
  let i = 0;
  let j = 0;
  while (i < first.length || j < second.length) {
    const a = first[i];
    const b = second[j];
    if (b === undefined || (a !== undefined && a.recordedAt <= b.recordedAt)) {
      if (a !== undefined) merged.push(a);
      i++;
    } else {
      merged.push(b);
      j++;
    }
  }
  return merged;
}

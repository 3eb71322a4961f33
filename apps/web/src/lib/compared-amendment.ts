/**
 * Which amendment a 新旧対照表 of two versions shows: the proceeding that made the later version
 * (`to`) from the earlier one (`from`, its base) — the rule the API follows to underline from the
 * 改め文. Two versions further apart, or a later version that is the original conclusion, were not
 * made by one 変更協約: there is no 改め文 to show, and never another proceeding's.
 */
import type { VersionListItem } from '../api/api-types';

export function amendmentCompared(
  versions: readonly VersionListItem[],
  from: number,
  to: number,
): VersionListItem | undefined {
  const made = versions.find((v) => v.number === to);
  if (made === undefined || made.kind !== 'amendment') return undefined;
  // Recorded before amendments named their base: the version before it in 施行日 order.
  const base = made.base?.versionNumber ?? versions[versions.indexOf(made) - 1]?.number;
  return base === from ? made : undefined;
}

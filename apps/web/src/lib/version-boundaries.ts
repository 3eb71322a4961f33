/**
 * Which version is in force on a date (DESIGN.md §5: 施行日 ≤ asOf < next 施行日 or the abolition),
 * and where the text changes. The API answers the text itself; the page uses these to mark the
 * version in the 沿革 and to jump between 施行日 without guessing.
 */

export type VersionStatusToday =
  'not-yet-in-force' | 'in-force' | 'superseded' | 'abolished' | 'never-in-force';

export interface VersionSpan {
  number: number;
  effectiveFrom: string;
  /** The first day it is no longer in force (the next 施行日 or the abolition); absent while open. */
  effectiveTo?: string;
  /** Superseded before it ever came into force. */
  neverInForce: boolean;
}

/** The version in force on `date`, or undefined (before the first 施行日, after an abolition). */
export function versionInForceOn<V extends VersionSpan>(versions: readonly V[], date: string): V | undefined {
  return versions.find(
    (v) =>
      !v.neverInForce && v.effectiveFrom <= date && (v.effectiveTo === undefined || date < v.effectiveTo),
  );
}

/** Every date on which the text in force changes: each 施行日 and each end, in order, once. */
export function boundaryDates(versions: readonly VersionSpan[]): string[] {
  const dates = new Set<string>();
  for (const v of versions) {
    if (v.neverInForce) continue;
    dates.add(v.effectiveFrom);
    if (v.effectiveTo !== undefined) dates.add(v.effectiveTo);
  }
  return [...dates].sort();
}

/** The nearest change strictly before `date` and strictly after it. */
export function adjacentBoundaries(
  versions: readonly VersionSpan[],
  date: string,
): { previous?: string; next?: string } {
  const dates = boundaryDates(versions);
  const previous = dates.filter((d) => d < date).at(-1);
  const next = dates.find((d) => d > date);
  return { ...(previous === undefined ? {} : { previous }), ...(next === undefined ? {} : { next }) };
}

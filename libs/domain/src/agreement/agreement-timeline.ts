/**
 * The valid-time timeline of an agreement's text (DESIGN.md §5): which text is in force from which
 * day, whatever order the amendments were concluded in.
 *
 *   - The text in force on date d is the original text (版 1, the conclusion) with every amendment
 *     whose 施行日 ≤ d applied in 施行日 order — amendments taking effect on the same day in
 *     conclusion order — until the abolition takes effect.
 *   - So an amendment is drafted against the text that will be in force on the day before its
 *     施行日: pending (未施行) amendments that take effect earlier are part of it, those that take
 *     effect later are not. Concluding one re-checks every amendment that takes effect after it:
 *     each must still apply on top of it (agreement.decide.ts refuses the conclusion otherwise).
 *   - Version numbers stay in conclusion order (第n版 is the n-th conclusion); only their place in
 *     the timeline follows 施行日.
 *
 * Each version's text is derived here by replaying the timeline — the original, then each
 * amendment's operations in 施行日 order — rather than read from the `document` its
 * ProceedingConcluded event froze at conclusion: that one is the text on the base known then, which
 * a later-concluded amendment with an earlier 施行日 changes. A history recorded before the ledger
 * checked 施行日 order may hold an amendment whose operations do not apply to the text before it in
 * the timeline; its text is then the one its event recorded, so a replay never fails.
 */
import {
  AmendmentError,
  addDays,
  applyAmendment,
  type AgreementDocument,
  type LegalDate,
} from '@kyoyaku/legal-text';
import type { OpenedAgreementState, ProceedingState, VersionState } from './agreement.state';

/**
 * The text an amendment is drafted against (起案の基礎), as the ledger reports it.
 *
 * - `end-of-timeline`: a draft not yet concluded. Its 施行日 is fixed only at conclusion, so it is
 *   checked against the text once every concluded version has taken effect; `asOf` is the latest
 *   施行日 among them (from that day on that text is in force).
 * - `before-effective-date`: a concluded amendment, against the text in force on the day before its
 *   施行日 (`asOf`); versions taking effect on its own 施行日 that were concluded before it count as
 *   before it (conclusion order breaks the tie).
 *
 * `versionNumbers` are the versions that text is made of, in 施行日 order: the last one's text is the
 * base.
 */
export interface AmendmentBase {
  kind: 'end-of-timeline' | 'before-effective-date';
  asOf: LegalDate;
  versionNumbers: number[];
}

/** An amendment whose operations did not apply to the text before it in the timeline. */
export interface ReplayFailure {
  operationIndex: number;
  provision: string;
  message: string;
}

export interface TimelineEntry {
  version: VersionState;
  /** The text in force from its 施行日: the text before it in the timeline with its operations applied. */
  document: AgreementDocument;
  /** The versions before it in the timeline, in 施行日 order (its base). */
  before: number[];
  /** Set when its operations did not apply; `document` is then the text its event recorded. */
  replayFailure?: ReplayFailure;
}

/** Timeline order: 施行日, then conclusion order (the version number). */
export function compareInTimeline(
  a: { effectiveOn: LegalDate; number: number },
  b: { effectiveOn: LegalDate; number: number },
): number {
  if (a.effectiveOn !== b.effectiveOn) return a.effectiveOn < b.effectiveOn ? -1 : 1;
  return a.number - b.number;
}

/** The day before `date` (the day a base is taken on). */
export function dayBefore(date: LegalDate): LegalDate {
  return date > '0001-01-01' ? addDays(date, -1) : date;
}

/**
 * Replays the versions (in any order; a state keeps them in conclusion order) in timeline order:
 * the original text, then each amendment's operations on the text before it.
 */
export function agreementTimeline(versions: readonly VersionState[]): TimelineEntry[] {
  const last = versions[versions.length - 1];
  if (last === undefined) return [];
  // The longest prefix whose timeline is known: the list before a 変更 (a fold's state before its
  // last ProceedingConcluded), or a snapshot's versions when a knownAt read folds the events after it.
  let known: { versions: readonly VersionState[]; entries: TimelineEntry[] } | undefined;
  let count = versions.length;
  for (; count > 0; count--) {
    const version = versions[count - 1];
    const candidate = version === undefined ? undefined : timelines.get(version);
    if (
      candidate !== undefined &&
      candidate.versions.length === count &&
      sameVersions(candidate.versions, versions.slice(0, count))
    ) {
      known = candidate;
      break;
    }
  }
  if (known !== undefined && count === versions.length) return known.entries;
  const entries = (known && extended(known.entries, versions.slice(count))) ?? computeTimeline(versions);
  timelines.set(last, { versions: [...versions], entries });
  return entries;
}

/**
 * `entries` followed by `later`, when each of them is the usual 変更 — one that takes effect after
 * every version before it, so nothing before it re-applies; undefined otherwise (replay it all).
 */
function extended(
  entries: readonly TimelineEntry[],
  later: readonly VersionState[],
): TimelineEntry[] | undefined {
  const result = [...entries];
  for (const version of later) {
    const previous = result[result.length - 1];
    const { operations } = version;
    if (
      previous === undefined ||
      version.kind !== 'amendment' ||
      operations === undefined ||
      compareInTimeline(previous.version, version) >= 0
    )
      return undefined;
    result.push({ ...amendmentEntry({ ...version, operations }, previous.document, result), version });
  }
  return result;
}

/**
 * Timelines already computed, by the last version of the list they were computed for (a fold shares
 * the VersionState objects from one state to the next): the text replayed once per version, not once
 * per version per event. Callers treat timelines as read-only, as every state.
 */
const timelines = new WeakMap<
  VersionState,
  { versions: readonly VersionState[]; entries: TimelineEntry[] }
>();

function sameVersions(a: readonly VersionState[], b: readonly VersionState[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** The entry of an amendment applied to `text`, the text in force before it. */
function amendmentEntry(
  version: VersionState & { operations: NonNullable<VersionState['operations']> },
  text: AgreementDocument,
  entries: readonly TimelineEntry[],
): TimelineEntry {
  const before = entries.map((e) => e.version.number);
  try {
    return { version, document: applyAmendment(text, version.operations), before };
  } catch (error: unknown) {
    if (!(error instanceof AmendmentError)) throw error;
    return {
      version,
      document: version.document,
      before,
      replayFailure: {
        operationIndex: error.operationIndex,
        provision: error.provision,
        message: error.message,
      },
    };
  }
}

function computeTimeline(versions: readonly VersionState[]): TimelineEntry[] {
  const original = versions.find((v) => v.kind === 'conclusion');
  if (original === undefined) return [];
  const ordered = [...versions].sort((a, b) => compareInTimeline(a, b));
  const entries: TimelineEntry[] = [];
  let text: AgreementDocument = original.document;
  for (const version of ordered) {
    const { operations } = version;
    const entry =
      version.kind === 'conclusion' || operations === undefined
        ? {
            version,
            document: version.kind === 'conclusion' ? text : version.document,
            before: entries.map((e) => e.version.number),
          }
        : amendmentEntry({ ...version, operations }, text, entries);
    // The entry holds the version itself, not a copy.
    entries.push({ ...entry, version });
    text = entry.document;
  }
  return entries;
}

/** The last entry of the timeline: the text once every concluded version has taken effect. */
export function endOfTimeline(timeline: readonly TimelineEntry[]): TimelineEntry | undefined {
  return timeline[timeline.length - 1];
}

/** The entries an amendment taking effect on `effectiveOn`, concluded after all of them, is drafted on. */
export function entriesBefore(timeline: readonly TimelineEntry[], effectiveOn: LegalDate): TimelineEntry[] {
  return timeline.filter((e) => e.version.effectiveOn <= effectiveOn);
}

/** The base of a concluded amendment (its place in the timeline). */
export function concludedBase(entry: TimelineEntry): AmendmentBase {
  return {
    kind: 'before-effective-date',
    asOf: dayBefore(entry.version.effectiveOn),
    versionNumbers: entry.before,
  };
}

/** The base of a draft: the end of the timeline of the versions given. */
export function draftBase(timeline: readonly TimelineEntry[]): AmendmentBase | undefined {
  const last = endOfTimeline(timeline);
  if (last === undefined) return undefined;
  return {
    kind: 'end-of-timeline',
    asOf: last.version.effectiveOn,
    versionNumbers: timeline.map((e) => e.version.number),
  };
}

/**
 * The base an amendment proceeding is (or was) drafted against: a concluded one's place in the
 * timeline as the state knows it; a pending one's end of the timeline; a withdrawn one's end of the
 * timeline as it stood when it was withdrawn. Undefined for conclusions and abolitions.
 */
export function proceedingBase(
  state: OpenedAgreementState,
  proceeding: ProceedingState,
  timeline: readonly TimelineEntry[] = agreementTimeline(state.versions),
): AmendmentBase | undefined {
  if (proceeding.kind !== 'amendment') return undefined;
  if (proceeding.status === 'concluded') {
    const entry = timeline.find((e) => e.version.proceedingId === proceeding.proceedingId);
    return entry === undefined ? undefined : concludedBase(entry);
  }
  const until = proceeding.withdrawal?.revision;
  if (until === undefined) return draftBase(timeline);
  return draftBase(agreementTimeline(state.versions.filter((v) => v.revision < until)));
}

/** 「第1版・第2版」. */
export function versionList(numbers: readonly number[]): string {
  return numbers.map((n) => `第${n}版`).join('・');
}

/** The base in words, for messages: what text the operations were checked against. */
export function describeBase(base: AmendmentBase): string {
  return base.kind === 'end-of-timeline'
    ? `締結済みの全ての版を施行日順に適用した本文（${versionList(base.versionNumbers)}）`
    : `施行日の前日（${base.asOf}）に施行されている本文（${versionList(base.versionNumbers)}）`;
}

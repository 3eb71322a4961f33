/**
 * Versions in time (沿革), DESIGN.md §5: the two time axes of an agreement.
 *
 * Transaction time — what the ledger knew: fold only the stream's events with position ≤ p (or
 * recordedAt ≤ an instant). A retroactive amendment, or one concluded after a pending one but taking
 * effect before it, therefore changes what `versionAsOf` answers only from the position at which it
 * was recorded; folded up to an earlier position it does not exist.
 *
 * Valid time — which text is in force on a date (agreement-timeline.ts):
 *
 *   - Versions are NUMBERED IN CONCLUSION ORDER (第n版 is the n-th ProceedingConcluded recorded) and
 *     LISTED IN 施行日 ORDER (ties: conclusion order) — the timeline.
 *   - The text in force on date d is the original with every amendment whose 施行日 ≤ d applied in
 *     that order; each version's `document` is the text in force from its 施行日, derived by replaying
 *     the timeline (not the text its conclusion event froze).
 *   - Version n is in force on [effectiveFrom, effectiveTo) with effectiveTo = the 施行日 of the next
 *     version in the timeline, or the abolition's effectiveOn, whichever is first. A version concluded
 *     but not yet in force stays 未施行 until its own 施行日, whatever is concluded after it.
 *   - Two versions taking effect on the same day: the later-concluded one is in force from that day
 *     (its text includes the earlier one's changes); the earlier one has effectiveTo = effectiveFrom
 *     and is the version in force on no day of its own.
 *   - `neverInForce` is only for a version whose 施行日 the abolition's effectiveOn reached first.
 */
import type { AgreementDocument, AmendmentOperation, LegalDate } from '@kyoyaku/legal-text';
import { foldEvents } from '../shared/decider';
import { agreementTimeline, concludedBase, type AmendmentBase } from './agreement-timeline';
import { agreementDecider } from './agreement.decider';
import type { AgreementEvent } from './agreement.events';
import {
  isOpened,
  type AgreementState,
  type AgreementStatus,
  type OpenedAgreementState,
} from './agreement.state';
import type { Party, Retroactivity } from './agreement.types';

export {
  agreementTimeline,
  compareInTimeline,
  describeBase,
  proceedingBase,
  type AmendmentBase,
  type TimelineEntry,
} from './agreement-timeline';

/** An agreement event with the envelope fields versions need (map a store's RecordedEvent to this). */
export interface PositionedAgreementEvent {
  /** Global position in the store (1, 2, 3 …). */
  position: bigint;
  /** RFC 3339 instant the store recorded it at; needed only for `knownAt`. */
  recordedAt?: string;
  eventId?: string;
  event: AgreementEvent;
}

/** Transaction-time cut: fold only the events recorded up to then. */
export interface TransactionTime {
  /** Include only events with position ≤ this. */
  upToPosition?: bigint;
  /** Include only events with recordedAt ≤ this RFC 3339 instant. */
  knownAt?: string;
}

export interface AgreementVersion {
  agreementId: string;
  /** 1-based, in conclusion order (第n版); stable whatever is concluded later. */
  number: number;
  proceedingId: string;
  kind: 'conclusion' | 'amendment';
  /** The text in force from its 施行日 (the timeline replayed up to and including this version). */
  document: AgreementDocument;
  /** For amendments: the operations that made it from its base (the version before it in the timeline). */
  operations?: AmendmentOperation[];
  /** For amendments: the text it applies to — the versions before it in 施行日 order. */
  base?: AmendmentBase;
  concludedOn: LegalDate;
  /** 施行日. */
  effectiveFrom: LegalDate;
  /** Exclusive end of its validity: the next 施行日 in the timeline or the abolition. Omitted while open-ended. */
  effectiveTo?: LegalDate;
  /** What ends it: the next version in the timeline taking effect, or the abolition. Omitted while open-ended. */
  endedBy?: 'version' | 'abolition';
  /** True when the abolition takes effect on or before its 施行日 (it never comes into force). */
  neverInForce: boolean;
  retroactive?: Retroactivity;
  /** Each party's 告示 of its proceeding, once recorded (corrections applied): the 例規集 cites them. */
  notices: { core?: VersionNotice; partner?: VersionNotice };
  /** Stream revision of its ProceedingConcluded event. */
  recordedAtRevision: number;
  /** Global position / instant / id of that event (when the events were given with their envelope). */
  recordedAtPosition?: bigint;
  recordedAt?: string;
  eventId?: string;
}

/** A 告示 of a version: its number as recorded and its date. */
export interface VersionNotice {
  noticeNumber: string;
  publishedOn: LegalDate;
}

export interface AgreementAbolition {
  proceedingId: string;
  concludedOn: LegalDate;
  /** First day the agreement is no longer in force. */
  effectiveOn: LegalDate;
  retroactive?: Retroactivity;
  reason: string;
  recordedAtRevision: number;
  recordedAtPosition?: bigint;
  recordedAt?: string;
  eventId?: string;
}

export interface AgreementHistory {
  agreementId: string;
  regionId: string;
  coreCity: Party;
  partner: Party;
  status: AgreementStatus;
  /** In 施行日 order, ties in conclusion order (the timeline); numbers are in conclusion order. */
  versions: AgreementVersion[];
  abolition?: AgreementAbolition;
}

function instant(value: string, what: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`${what} is not an RFC 3339 instant: ${value}`);
  return ms;
}

/** The events of one stream that the ledger had recorded at the given transaction time. */
export function eventsKnownAt<E extends { position: bigint; recordedAt?: string }>(
  events: readonly E[],
  at: TransactionTime = {},
): E[] {
  const knownAt = at.knownAt !== undefined ? instant(at.knownAt, 'knownAt') : undefined;
  return events.filter((e) => {
    if (at.upToPosition !== undefined && e.position > at.upToPosition) return false;
    if (knownAt !== undefined) {
      if (e.recordedAt === undefined) throw new RangeError('knownAt needs recordedAt on every event');
      if (instant(e.recordedAt, 'recordedAt') > knownAt) return false;
    }
    return true;
  });
}

function versionNotices(state: OpenedAgreementState, proceedingId: string): AgreementVersion['notices'] {
  const notices: AgreementVersion['notices'] = {};
  const proceeding = state.proceedings.find((p) => p.proceedingId === proceedingId);
  for (const party of ['core', 'partner'] as const) {
    const notice = proceeding?.notices[party];
    if (notice !== undefined) {
      notices[party] = { noticeNumber: notice.noticeNumber, publishedOn: notice.publishedOn };
    }
  }
  return notices;
}

/**
 * The 沿革 of an agreement as a state knows it. `envelopes[r]`, when given, is the envelope of the
 * event at stream revision r (for positions, instants and ids in the result).
 */
export function historyFromState(
  state: AgreementState,
  envelopes: readonly Omit<PositionedAgreementEvent, 'event'>[] = [],
): AgreementHistory | undefined {
  if (!isOpened(state)) return undefined;
  const envelope = (
    revision: number,
  ): { recordedAtPosition?: bigint; recordedAt?: string; eventId?: string } => {
    const e = envelopes[revision];
    if (!e) return {};
    return {
      recordedAtPosition: e.position,
      ...(e.recordedAt !== undefined ? { recordedAt: e.recordedAt } : {}),
      ...(e.eventId !== undefined ? { eventId: e.eventId } : {}),
    };
  };
  const abolition = state.abolition;
  const timeline = agreementTimeline(state.versions);
  const versions = timeline.map((entry, index): AgreementVersion => {
    const v = entry.version;
    // effectiveTo: the next 施行日 in the timeline, or the abolition's if that comes first (or the same day).
    const next = timeline[index + 1];
    let effectiveTo: LegalDate | undefined = next?.version.effectiveOn;
    let endedBy: 'version' | 'abolition' | undefined = next === undefined ? undefined : 'version';
    if (abolition && (effectiveTo === undefined || abolition.effectiveOn <= effectiveTo)) {
      effectiveTo = abolition.effectiveOn;
      endedBy = 'abolition';
    }
    return {
      agreementId: state.agreementId,
      number: v.number,
      proceedingId: v.proceedingId,
      kind: v.kind,
      document: entry.document,
      ...(v.operations !== undefined ? { operations: v.operations } : {}),
      ...(v.kind === 'amendment' ? { base: concludedBase(entry) } : {}),
      concludedOn: v.concludedOn,
      effectiveFrom: v.effectiveOn,
      ...(effectiveTo !== undefined ? { effectiveTo } : {}),
      ...(endedBy !== undefined ? { endedBy } : {}),
      neverInForce: abolition !== undefined && abolition.effectiveOn <= v.effectiveOn,
      ...(v.retroactive !== undefined ? { retroactive: v.retroactive } : {}),
      notices: versionNotices(state, v.proceedingId),
      recordedAtRevision: v.revision,
      ...envelope(v.revision),
    };
  });
  return {
    agreementId: state.agreementId,
    regionId: state.regionId,
    coreCity: state.coreCity,
    partner: state.partner,
    status: state.status,
    versions,
    ...(abolition
      ? {
          abolition: {
            proceedingId: abolition.proceedingId,
            concludedOn: abolition.concludedOn,
            effectiveOn: abolition.effectiveOn,
            ...(abolition.retroactive !== undefined ? { retroactive: abolition.retroactive } : {}),
            reason: abolition.reason,
            recordedAtRevision: abolition.revision,
            ...envelope(abolition.revision),
          },
        }
      : {}),
  };
}

/**
 * The 沿革 of one agreement from its stream's events (in stream order, the whole stream or a prefix),
 * as the ledger knew it at `at` (transaction time). Undefined when no AgreementOpened is known then.
 */
export function agreementHistory(
  events: readonly PositionedAgreementEvent[],
  at: TransactionTime = {},
): AgreementHistory | undefined {
  const known = eventsKnownAt(events, at);
  const state = foldEvents(
    agreementDecider,
    known.map((e) => e.event),
  );
  return historyFromState(state, known);
}

/** Is `version` in force on `date` (valid time)? */
export function isInForceOn(version: AgreementVersion, date: LegalDate): boolean {
  return (
    !version.neverInForce &&
    version.effectiveFrom <= date &&
    (version.effectiveTo === undefined || date < version.effectiveTo)
  );
}

/**
 * Is `version` in force on at least one day from `start` to `end` (both included)? A version whose
 * 施行日 a later-concluded version shares is in force on no day of its own.
 */
export function isInForceDuring(version: AgreementVersion, start: LegalDate, end: LegalDate): boolean {
  return (
    !version.neverInForce &&
    version.effectiveFrom <= end &&
    (version.effectiveTo === undefined ||
      (start < version.effectiveTo && version.effectiveFrom < version.effectiveTo))
  );
}

/** The version an amendment applies to: the one before it in 施行日 order (the last of its base). */
export function baseVersion(
  history: AgreementHistory,
  version: AgreementVersion,
): AgreementVersion | undefined {
  const number = version.base?.versionNumbers[version.base.versionNumbers.length - 1];
  return number === undefined ? undefined : history.versions.find((v) => v.number === number);
}

/**
 * The version in force on `asOf` (時点指定): 施行日 ≤ asOf < effectiveTo. Exactly one or none: none
 * before the first 施行日, none from the abolition's effectiveOn on. Its `document` is the original
 * with every amendment whose 施行日 ≤ asOf applied in 施行日 order.
 */
export function versionAsOf(history: AgreementHistory, asOf: LegalDate): AgreementVersion | undefined {
  return history.versions.find((v) => isInForceOn(v, asOf));
}

/**
 * The last version in the timeline: the text once every concluded version has taken effect. It may
 * still be 未施行, so it is not 現行 — the version in force today is `versionAsOf(history, today)`.
 */
export function currentVersion(history: AgreementHistory): AgreementVersion | undefined {
  return history.versions[history.versions.length - 1];
}

/**
 * - `not-yet-in-force` (未施行): concluded, 施行日 still ahead of `date`;
 * - `in-force`: the version asOf `date`;
 * - `superseded`: the next version in the timeline took effect on or before `date`;
 * - `abolished`: the abolition took effect on or before `date`;
 * - `never-in-force`: the abolition took effect on or before its own 施行日.
 */
export type VersionStatus = 'not-yet-in-force' | 'in-force' | 'superseded' | 'abolished' | 'never-in-force';

export function versionStatusOn(version: AgreementVersion, date: LegalDate): VersionStatus {
  if (version.neverInForce) return 'never-in-force';
  if (date < version.effectiveFrom) return 'not-yet-in-force';
  if (version.effectiveTo === undefined || date < version.effectiveTo) return 'in-force';
  return version.endedBy === 'abolition' ? 'abolished' : 'superseded';
}

/** 未施行 relative to `date`: concluded, its 施行日 still ahead (and no abolition reached it first). */
export function isNotYetInForce(version: AgreementVersion, date: LegalDate): boolean {
  return versionStatusOn(version, date) === 'not-yet-in-force';
}

/**
 * Where an agreement stands on `date` (valid time): negotiating / withdrawn (never concluded),
 * not-yet-in-force (concluded, its first 施行日 ahead), in-force, abolished (abolition in effect).
 * From the earliest 施行日 until the abolition some version is always in force (the last one in the
 * timeline whose 施行日 has come), so these five cover every case.
 */
export type AgreementStatusOn = 'negotiating' | 'withdrawn' | 'not-yet-in-force' | 'in-force' | 'abolished';

export function agreementStatusOn(history: AgreementHistory, date: LegalDate): AgreementStatusOn {
  if (history.versions.length === 0) return history.status === 'withdrawn' ? 'withdrawn' : 'negotiating';
  if (history.abolition && history.abolition.effectiveOn <= date) return 'abolished';
  return versionAsOf(history, date) ? 'in-force' : 'not-yet-in-force';
}

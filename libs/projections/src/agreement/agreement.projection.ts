import {
  agreementTimeline,
  currentVersion,
  type AgreementHistory,
  type AgreementState,
  type AgreementVersion,
  isOpened,
  missingSteps,
  notificationAddresseeName,
  type OpenedAgreementState,
  proceedingBase,
  PARTY_ROLES,
  type TimelineEntry,
  toAgreementEvent,
} from '@kyoyaku/domain';
import type { RecordedEvent } from '@kyoyaku/event-store';
import type { Measure } from '@kyoyaku/legal-text';
import type { Projection, ReadModelWriter } from '../read-model';
import { BoundedMap } from '../bounded-map';
import { illustrativeOf } from '../compliance/event-ref';
import {
  type AgreementFold,
  DEFAULT_SNAPSHOT_INTERVAL,
  foldStored,
  foldWhole,
  historyOfFold,
  storedEvents,
  writeSnapshot,
} from './agreement-fold';
import {
  type AgreementSummaryDoc,
  type HistoryHeadDoc,
  COLLECTIONS,
  type MeasureChange,
  type MeasureHistoryDoc,
  type ProceedingDoc,
  type RegionDoc,
  type StoredAgreementEvent,
  type TimelineEntryDoc,
  padded,
  toHistoryDoc,
} from './agreement-read-models';
import { summarizeAgreementEvent } from './agreement-timeline.summary';
import { showRecommendationInAgreements } from '../region/region.projection';

const STREAM_PREFIX = 'agreement-';

function measureChange(previous: Measure | undefined, current: Measure | undefined): MeasureChange {
  if (current === undefined) return 'removed';
  if (previous === undefined) return 'added';
  const sameRoles =
    previous.roles.core === current.roles.core && previous.roles.partner === current.roles.partner;
  const sameText =
    previous.name === current.name &&
    previous.content === current.content &&
    previous.category === current.category;
  if (sameText && sameRoles) return 'unchanged';
  return sameText ? 'roles-changed' : 'revised';
}

function writeMeasureHistories(tx: ReadModelWriter, history: AgreementHistory): void {
  const docs = new Map<string, MeasureHistoryDoc>();
  let previous = new Map<string, Measure>();
  for (const version of history.versions) {
    const current = new Map(version.document.measures.map((m) => [m.id, m]));
    for (const id of new Set([...previous.keys(), ...current.keys()])) {
      const measure = current.get(id);
      const doc = docs.get(id) ?? { agreementId: history.agreementId, measureId: id, entries: [] };
      doc.entries.push({
        versionNumber: version.number,
        effectiveFrom: version.effectiveFrom,
        change: measureChange(previous.get(id), measure),
        ...(measure === undefined ? {} : { measure }),
      });
      docs.set(id, doc);
    }
    previous = current;
  }
  for (const doc of docs.values())
    tx.put(COLLECTIONS.measureHistory(history.agreementId), doc.measureId, doc);
}

function titleOf(state: OpenedAgreementState, history: AgreementHistory): string {
  const latest = currentVersion(history);
  if (latest !== undefined) return latest.document.title;
  for (const proceeding of [...state.proceedings].reverse()) {
    const draft = proceeding.drafts.at(-1)?.draft;
    if (draft?.kind === 'conclusion') return draft.document.title;
  }
  return '';
}

/**
 * The fold of each agreement as the projection last left it, keyed by agreement and checked against
 * the next event's prevHash (the hash of the event before it in the stream, which binds the whole
 * stream up to it): a batch rolled back, another process's batch, another ledger in this process or
 * a rebuild simply miss and fold again from the latest snapshot.
 */
const LAST_FOLDS_KEPT = 64;
const lastFolds = new BoundedMap<string, { hash: string; fold: AgreementFold }>(LAST_FOLDS_KEPT);

/** Forgets every kept fold (tests: the next event of each agreement folds from the read models). */
export function forgetAgreementFolds(): void {
  lastFolds.clear();
}

/** The stream's fold before `recorded`: remembered, or from the read models (snapshot + events after it). */
function foldBefore(recorded: RecordedEvent, agreementId: string, tx: ReadModelWriter): AgreementFold {
  const remembered = lastFolds.get(agreementId);
  if (
    remembered !== undefined &&
    recorded.prevHash !== null &&
    remembered.hash === recorded.prevHash &&
    BigInt(remembered.fold.count) === recorded.revision
  ) {
    return remembered.fold;
  }
  return foldWhole(tx, agreementId);
}

/** Did anything the 沿革 shows change between two folds? */
function historyChanged(before: AgreementFold, after: AgreementFold): boolean {
  const a = before.state;
  const b = after.state;
  if (!isOpened(a) || !isOpened(b)) return true;
  if (
    a.versions !== b.versions ||
    a.status !== b.status ||
    a.abolition !== b.abolition ||
    a.coreCity !== b.coreCity ||
    a.partner !== b.partner ||
    a.agreementId !== b.agreementId ||
    a.regionId !== b.regionId ||
    before.invented !== after.invented
  ) {
    return true;
  }
  // A version cites its proceeding's 告示.
  return b.proceedings.some((p, i) => a.proceedings[i]?.notices !== p.notices);
}

/** What a version document says besides its text and base (compared to skip unchanged versions). */
function versionFacts(version: AgreementVersion, invented: ReadonlySet<string>): string {
  const { document: _document, operations: _operations, base: _base, recordedAtPosition, ...facts } = version;
  return JSON.stringify({
    ...facts,
    recordedAtPosition: recordedAtPosition?.toString(),
    illustrative: invented.has(version.proceedingId),
  });
}

/**
 * The 沿革: its head, and each version as its own document in 施行日 order (key = padded index), of
 * which only those the event changed are written — a version's text and base are the timeline's
 * own objects, shared from one fold to the next while they stay the same.
 */
function writeHistory(
  tx: ReadModelWriter,
  before: AgreementFold,
  after: AgreementFold,
  history: AgreementHistory,
): void {
  const agreementId = history.agreementId;
  const { versions, ...head } = toHistoryDoc(history);
  const previous = historyOfFold(before)?.versions ?? [];
  const previousCount = tx.get<HistoryHeadDoc>(COLLECTIONS.histories, agreementId)?.versionCount ?? 0;
  tx.put<HistoryHeadDoc>(COLLECTIONS.histories, agreementId, { ...head, versionCount: versions.length });
  history.versions.forEach((version, index) => {
    const old = previous[index];
    const same =
      old !== undefined &&
      index < previousCount &&
      old.document === version.document &&
      old.operations === version.operations &&
      old.base?.versionNumbers === version.base?.versionNumbers &&
      old.base?.asOf === version.base?.asOf &&
      old.base?.kind === version.base?.kind &&
      versionFacts(old, before.invented) === versionFacts(version, after.invented);
    const doc = versions[index];
    if (same || doc === undefined) return;
    tx.put(
      COLLECTIONS.historyVersions(agreementId),
      padded(index),
      after.invented.has(doc.proceedingId) ? { ...doc, illustrative: true } : doc,
    );
  });
  for (let index = versions.length; index < previousCount; index++) {
    tx.delete(COLLECTIONS.historyVersions(agreementId), padded(index));
  }
}

/** The proceedings whose documents may differ between two folds (the others are written already). */
function changedProceedings(
  before: AgreementFold,
  afterFold: AgreementFold,
  after: OpenedAgreementState,
  timelines: { before: readonly TimelineEntry[]; after: readonly TimelineEntry[] },
): Set<number> {
  const changed = new Set<number>();
  const a = isOpened(before.state) ? before.state : undefined;
  const everything =
    a === undefined ||
    a.coreCity !== after.coreCity ||
    a.partner !== after.partner ||
    before.invented !== afterFold.invented ||
    a.proceedings.length > after.proceedings.length;
  const entryOf = (timeline: readonly TimelineEntry[], proceedingId: string): TimelineEntry | undefined =>
    timeline.find((e) => e.version.proceedingId === proceedingId);
  after.proceedings.forEach((p, index) => {
    if (everything || a?.proceedings[index] !== p) {
      changed.add(index);
      return;
    }
    if (timelines.before === timelines.after || p.kind !== 'amendment') return;
    // Its base: the text it is drafted against (the whole timeline) or, once concluded, its entry's.
    if (p.status !== 'concluded') changed.add(index);
    else if (entryOf(timelines.before, p.proceedingId) !== entryOf(timelines.after, p.proceedingId)) {
      changed.add(index);
    }
  });
  return changed;
}

/**
 * Agreements: each event, summary, 沿革 (with documents), proceedings with their missing steps, each
 * measure's history, the timeline, and a snapshot of the fold every `snapshotInterval` events (for
 * reads as of a moment). Each event is folded onto the fold before it (remembered, or a snapshot
 * and the events after it), and only the documents it changes are written, so an event costs the
 * same whatever the length of the stream before it; a rebuild folds and writes alike, so it yields
 * the same documents.
 */
export function agreementProjectionWith(options: { snapshotInterval: number }): Projection {
  const interval = options.snapshotInterval;
  if (!Number.isInteger(interval) || interval < 1)
    throw new RangeError(`snapshotInterval must be a whole number ≥ 1, got ${interval}`);
  return {
    name: 'agreements',
    apply(recorded: RecordedEvent, tx: ReadModelWriter): void {
      if (!recorded.streamId.startsWith(STREAM_PREFIX)) return;
      applyAgreementEvent(recorded, tx, interval);
    },
  };
}

export const agreementProjection: Projection = agreementProjectionWith({
  snapshotInterval: DEFAULT_SNAPSHOT_INTERVAL,
});

function applyAgreementEvent(recorded: RecordedEvent, tx: ReadModelWriter, interval: number): void {
  const agreementId = recorded.streamId.slice(STREAM_PREFIX.length);
  const event = toAgreementEvent(recorded);
  const stored: StoredAgreementEvent = {
    position: recorded.position.toString(),
    revision: Number(recorded.revision),
    recordedAt: recorded.metadata.recordedAt,
    eventId: recorded.eventId,
    event,
    ...illustrativeOf(recorded),
  };
  // The fold before it first: read from the read models, it must not include this event yet.
  const before = foldBefore(recorded, agreementId, tx);
  tx.put(COLLECTIONS.events(agreementId), padded(stored.revision), stored);
  const fold = foldStored(before, stored);
  lastFolds.set(agreementId, { hash: recorded.hash, fold });
  if (fold.count % interval === 0) {
    writeSnapshot(
      tx,
      agreementId,
      fold,
      storedEvents(tx, agreementId, fold.count - interval, interval),
      recorded.hash,
    );
  }

  const state: AgreementState = fold.state;
  const history = historyOfFold(fold);
  if (!isOpened(state) || history === undefined) return;

  const invented = fold.invented;
  const timeline = agreementTimeline(state.versions);
  const timelineBefore = isOpened(before.state) ? agreementTimeline(before.state.versions) : [];
  if (historyChanged(before, fold)) writeHistory(tx, before, fold, history);
  // A measure's history follows the versions in 施行日 order (not their 告示).
  if (!isOpened(before.state) || before.state.versions !== state.versions) writeMeasureHistories(tx, history);
  const changed = changedProceedings(before, fold, state, { before: timelineBefore, after: timeline });
  state.proceedings.forEach((proceeding, index) => {
    if (!changed.has(index)) return;
    const base = proceedingBase(state, proceeding, timeline);
    const notifications: ProceedingDoc['notifications'] = {};
    for (const party of PARTY_ROLES) {
      const notification = proceeding.notifications[party];
      if (notification !== undefined) {
        notifications[party] = {
          ...notification,
          addresseeName: notificationAddresseeName(notification.addressee),
        };
      }
    }
    const doc: ProceedingDoc = {
      ...proceeding,
      agreementId,
      notifications,
      missingSteps: missingSteps(state, proceeding),
      ...(base === undefined ? {} : { base }),
      ...(invented.has(proceeding.proceedingId) ? { illustrative: true } : {}),
    };
    tx.put(COLLECTIONS.proceedings(agreementId), proceeding.proceedingId, doc, padded(index));
  });
  const summary: AgreementSummaryDoc = {
    agreementId,
    regionId: state.regionId,
    title: titleOf(state, history),
    coreCity: state.coreCity,
    partner: state.partner,
    status: state.status,
    latestVersion: currentVersion(history)?.number ?? null,
    openProceedings: state.proceedings
      .filter((p) => p.status !== 'withdrawn' && !p.completed)
      .map((p) => ({
        proceedingId: p.proceedingId,
        kind: p.kind,
        openedOn: p.openedOn,
        status: p.status,
        missingSteps: missingSteps(state, p),
      })),
    revision: Number(recorded.revision),
    lastPosition: recorded.position.toString(),
    ...(fold.illustrative ? { illustrative: true } : {}),
  };
  tx.put(COLLECTIONS.summaries, agreementId, summary);

  const kinds = new Map(state.proceedings.map((p) => [p.proceedingId, p.kind]));
  const entry: TimelineEntryDoc = {
    position: recorded.position.toString(),
    revision: Number(recorded.revision),
    eventId: recorded.eventId,
    type: recorded.type,
    recordedAt: recorded.metadata.recordedAt,
    actor: recorded.metadata.actor,
    summary: summarizeAgreementEvent(event, { core: state.coreCity, partner: state.partner }, (id) =>
      kinds.get(id),
    ),
    ...('proceedingId' in event.data ? { proceedingId: event.data.proceedingId } : {}),
    ...illustrativeOf(recorded),
  };
  tx.put(COLLECTIONS.timeline(agreementId), padded(recorded.position), entry);

  // Once concluded, the agreement's history also shows the 勧告 that recommended concluding it.
  if (event.type === 'ProceedingConcluded' && event.data.kind === 'conclusion') {
    const region = tx.get<RegionDoc>(COLLECTIONS.regions, state.regionId);
    for (const recommendation of region?.recommendations ?? []) {
      showRecommendationInAgreements(tx, state.regionId, recommendation, [summary]);
    }
  }
}

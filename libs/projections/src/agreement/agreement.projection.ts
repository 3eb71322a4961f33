import {
  agreementDecider,
  agreementTimeline,
  currentVersion,
  historyFromState,
  type AgreementHistory,
  type AgreementState,
  foldEvents,
  isOpened,
  missingSteps,
  notificationAddresseeName,
  type OpenedAgreementState,
  proceedingBase,
  PARTY_ROLES,
  toAgreementEvent,
} from '@kyoyaku/domain';
import type { RecordedEvent } from '@kyoyaku/event-store';
import type { Measure } from '@kyoyaku/legal-text';
import type { Projection, ReadModelWriter } from '../read-model';
import { illustrativeOf } from '../compliance/event-ref';
import {
  type AgreementStreamDoc,
  type AgreementSummaryDoc,
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

/** The proceedings one of whose events records invented facts. */
function illustrativeProceedings(events: readonly StoredAgreementEvent[]): Set<string> {
  const ids = new Set<string>();
  for (const e of events) {
    if (e.illustrative === true && 'proceedingId' in e.event.data) ids.add(e.event.data.proceedingId);
  }
  return ids;
}

/**
 * Agreements: summary, 沿革 (with documents), proceedings with their missing steps, each measure's
 * history, and the timeline. Recomputed from the stream's events by the domain's fold, so a rebuild
 * yields the same documents.
 */
export const agreementProjection: Projection = {
  name: 'agreements',
  apply(recorded: RecordedEvent, tx: ReadModelWriter): void {
    if (!recorded.streamId.startsWith(STREAM_PREFIX)) return;
    const agreementId = recorded.streamId.slice(STREAM_PREFIX.length);
    const event = toAgreementEvent(recorded);
    const stream = tx.get<AgreementStreamDoc>(COLLECTIONS.streams, agreementId) ?? { events: [] };
    stream.events.push({
      position: recorded.position.toString(),
      revision: Number(recorded.revision),
      recordedAt: recorded.metadata.recordedAt,
      eventId: recorded.eventId,
      event,
      ...illustrativeOf(recorded),
    });
    tx.put(COLLECTIONS.streams, agreementId, stream);

    // Stored documents hold events as read when they were projected: read them again through the
    // upcasting point, so a document written before an event's schemaVersion changed folds alike.
    const state: AgreementState = foldEvents(
      agreementDecider,
      stream.events.map((e) => toAgreementEvent(e.event)),
    );
    // One fold, by the domain's own functions, for both the state and the 沿革 (reads and decisions agree).
    const history = historyFromState(
      state,
      stream.events.map((e) => ({
        position: BigInt(e.position),
        recordedAt: e.recordedAt,
        eventId: e.eventId,
      })),
    );
    if (!isOpened(state) || history === undefined) return;

    const invented = illustrativeProceedings(stream.events);
    const historyDoc = toHistoryDoc(history);
    tx.put(COLLECTIONS.histories, agreementId, {
      ...historyDoc,
      versions: historyDoc.versions.map((v) =>
        invented.has(v.proceedingId) ? { ...v, illustrative: true } : v,
      ),
    });
    const timeline = agreementTimeline(state.versions);
    state.proceedings.forEach((proceeding, index) => {
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
      ...(stream.events.some((e) => e.illustrative === true) ? { illustrative: true } : {}),
    };
    tx.put(COLLECTIONS.summaries, agreementId, summary);
    writeMeasureHistories(tx, history);

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
  },
};

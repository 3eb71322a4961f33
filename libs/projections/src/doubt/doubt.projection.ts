import {
  DOUBT_STATUS_NAMES,
  DOUBT_STREAM_PREFIX,
  doubtDecider,
  foldEvents,
  isRaised,
  toDoubtEvent,
  type DoubtEvent,
} from '@kyoyaku/domain';
import type { RecordedEvent } from '@kyoyaku/event-store';
import { padded } from '../agreement/agreement-read-models';
import { illustrativeOf } from '../compliance/event-ref';
import { recordConsultationCitation } from '../consultation/consultation-read-models';
import type { Projection, ReadModelWriter } from '../read-model';
import {
  DOUBT_COLLECTIONS,
  type DoubtListItem,
  type DoubtStreamDoc,
  type DoubtView,
  type EventRef,
  type LinkedConsultationView,
  type StoredDoubtEvent,
} from './doubt-read-models';
import { summarizeDoubtEvent } from './doubt-timeline.summary';

const ref = (e: StoredDoubtEvent): EventRef => ({
  position: e.position,
  eventId: e.eventId,
  recordedAt: e.recordedAt,
});

function findEvent<T extends DoubtEvent['type']>(
  events: readonly StoredDoubtEvent[],
  type: T,
): StoredDoubtEvent | undefined {
  return [...events].reverse().find((e) => e.event.type === type);
}

/** The register entry, recomputed from the stream's events by the domain's fold. */
function toView(events: readonly StoredDoubtEvent[]): DoubtView | undefined {
  const state = foldEvents(
    doubtDecider,
    events.map((e) => e.event),
  );
  const first = events[0];
  const last = events.at(-1);
  if (!isRaised(state) || first === undefined || last === undefined) return undefined;
  const consultations: LinkedConsultationView[] = [];
  for (const e of events) {
    if (e.event.type === 'DoubtDiscussedAtConsultation') {
      const { doubtId: _doubtId, ...linked } = e.event.data;
      consultations.push({ ...linked, role: 'discussion', ref: ref(e) });
    }
  }
  const resolved = findEvent(events, 'DoubtResolved');
  if (state.resolution !== undefined && resolved !== undefined) {
    consultations.push({
      consultationId: state.resolution.consultationId,
      consultationDate: state.resolution.consultationHeldOn,
      consultationStatus: 'held',
      role: 'resolution',
      ref: ref(resolved),
    });
  }
  const withdrawn = findEvent(events, 'DoubtWithdrawn');
  return {
    doubtId: state.doubtId,
    agreementId: state.agreementId,
    regionId: state.regionId,
    parties: state.parties,
    raisedBy: state.raisedBy,
    raisedOn: state.raisedOn,
    citation: state.citation,
    question: state.question,
    pinned: state.pinned,
    status: state.status,
    statusLabel: DOUBT_STATUS_NAMES[state.status],
    consultations,
    ...(state.resolution !== undefined && resolved !== undefined
      ? { resolution: { ...state.resolution, ref: ref(resolved) } }
      : {}),
    ...(state.withdrawal !== undefined && withdrawn !== undefined
      ? { withdrawal: { ...state.withdrawal, ref: ref(withdrawn) } }
      : {}),
    applications: state.applications,
    timeline: events.map((e) => ({
      ...ref(e),
      revision: e.revision,
      type: e.event.type,
      actor: e.actor,
      summary: summarizeDoubtEvent(e.event),
    })),
    raisedAt: ref(first),
    revision: last.revision,
    lastPosition: last.position,
    ...(events.some((e) => e.illustrative === true) ? { illustrative: true } : {}),
  };
}

/**
 * Doubts (疑義) and disputes: the register entry of each doubt and each agreement's list of doubts.
 * Deterministic: a rebuild folds the same events into the same documents.
 */
export const doubtProjection: Projection = {
  name: 'doubts',
  apply(recorded: RecordedEvent, tx: ReadModelWriter): void {
    if (!recorded.streamId.startsWith(DOUBT_STREAM_PREFIX)) return;
    const doubtId = recorded.streamId.slice(DOUBT_STREAM_PREFIX.length);
    const event = toDoubtEvent(recorded);
    const stream = tx.get<DoubtStreamDoc>(DOUBT_COLLECTIONS.streams, doubtId) ?? { events: [] };
    stream.events.push({
      position: recorded.position.toString(),
      revision: Number(recorded.revision),
      recordedAt: recorded.metadata.recordedAt,
      eventId: recorded.eventId,
      actor: recorded.metadata.actor,
      event,
      ...illustrativeOf(recorded),
    });
    tx.put(DOUBT_COLLECTIONS.streams, doubtId, stream);
    const view = toView(stream.events);
    if (view === undefined) return;
    tx.put(DOUBT_COLLECTIONS.doubts, doubtId, view);
    const item: DoubtListItem = {
      doubtId,
      agreementId: view.agreementId,
      raisedBy: view.raisedBy,
      raisedOn: view.raisedOn,
      citation: view.citation,
      question: view.question,
      status: view.status,
      statusLabel: view.statusLabel,
      pinnedVersion: view.pinned.versionNumber,
      raisedAtPosition: view.raisedAt.position,
      lastPosition: view.lastPosition,
      ...(view.illustrative === true ? { illustrative: true } : {}),
    };
    tx.put(DOUBT_COLLECTIONS.byAgreement(view.agreementId), doubtId, item, padded(view.raisedAt.position));
    // Linked both ways: the consultation lists the doubts taken up or resolved at it.
    if (event.type === 'DoubtDiscussedAtConsultation' || event.type === 'DoubtResolved') {
      const resolved = event.type === 'DoubtResolved';
      recordConsultationCitation(tx, event.data.consultationId, {
        kind: resolved ? 'doubt-resolution' : 'doubt-discussion',
        streamId: recorded.streamId,
        eventId: recorded.eventId,
        position: recorded.position.toString(),
        summary: `疑義「${view.citation.label}」（${view.raisedBy.name}提起）を${resolved ? '解決' : '協議'}`,
        ref: { doubtId, agreementId: view.agreementId },
      });
    }
  },
};

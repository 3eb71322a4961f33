import { CONSULTATION_STREAM_PREFIX, toConsultationEvent } from '@kyoyaku/domain';
import type { RecordedEvent } from '@kyoyaku/event-store';
import { fiscalYearOf } from '@kyoyaku/legal-text';
import { eventRefOf, illustrativeOf } from '../compliance/event-ref';
import type { Projection, ReadModelWriter } from '../read-model';
import {
  CONSULTATION_COLLECTIONS as C,
  type ConsultationView,
  consultationSortKey,
} from './consultation-read-models';

/** The view by id, and in its region's list (a put moves it when its date changes). */
function save(tx: ReadModelWriter, view: ConsultationView): void {
  tx.put(C.consultations, view.consultationId, view);
  tx.put(C.regionConsultations(view.regionId), view.consultationId, view, consultationSortKey(view));
}

/** The consultation register: one document per consultation, and a per-region list ordered by date. */
export const consultationProjection: Projection = {
  name: 'consultations',
  apply(recorded: RecordedEvent, tx: ReadModelWriter): void {
    if (!recorded.streamId.startsWith(CONSULTATION_STREAM_PREFIX)) return;
    const event = toConsultationEvent(recorded);
    const ref = eventRefOf(recorded);
    const track = { revision: Number(recorded.revision), lastPosition: ref.position };
    if (event.type === 'ConsultationScheduled') {
      const d = event.data;
      save(tx, {
        consultationId: d.consultationId,
        regionId: d.regionId,
        kind: d.kind,
        status: 'scheduled',
        scheduledOn: d.scheduledOn,
        originallyScheduledOn: d.scheduledOn,
        heldOn: null,
        fiscalYear: fiscalYearOf(d.scheduledOn),
        participants: d.participants.map((p) => p.code),
        parties: d.participants,
        attendees: [],
        agenda: d.agenda,
        minutes: null,
        outcomes: [],
        postponements: [],
        cancellation: null,
        events: [ref],
        ...track,
        ...illustrativeOf(recorded),
      });
      return;
    }
    const view = tx.get<ConsultationView>(C.consultations, event.data.consultationId);
    if (view === null) return;
    const next: ConsultationView = {
      ...view,
      events: [...view.events, ref],
      ...track,
      ...illustrativeOf(recorded),
    };
    switch (event.type) {
      case 'ConsultationHeld':
        Object.assign(next, {
          status: 'held',
          heldOn: event.data.heldOn,
          fiscalYear: fiscalYearOf(event.data.heldOn),
          attendees: event.data.attendees,
          agenda: event.data.agenda,
          minutes: event.data.minutes,
          outcomes: event.data.outcomes,
        });
        break;
      case 'ConsultationPostponed': {
        const to = event.data.to ?? null;
        next.status = 'postponed';
        if (to !== null) {
          next.scheduledOn = to;
          next.fiscalYear = fiscalYearOf(to);
        }
        next.postponements = [
          ...view.postponements,
          {
            postponedOn: event.data.postponedOn,
            from: event.data.from,
            to,
            reason: event.data.reason,
            event: ref,
          },
        ];
        break;
      }
      case 'ConsultationCancelled':
        next.status = 'cancelled';
        next.cancellation = { cancelledOn: event.data.cancelledOn, reason: event.data.reason, event: ref };
        break;
    }
    save(tx, next);
  },
};

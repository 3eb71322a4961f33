import type { LegalDate } from '@kyoyaku/legal-text';
import type { RegionMembership } from '../region/region-members';
import type { Actor } from '../shared/actor';
import type { CitedEvent, ConsultationKind, OutcomeKind } from './consultation.events';

/** 協議の予定. Participants are municipality codes; their names come from the membership facts. */
export interface ScheduleConsultation {
  type: 'ScheduleConsultation';
  actor: Actor;
  consultationId: string;
  regionId: string;
  kind: ConsultationKind;
  scheduledOn: LegalDate;
  participants: string[];
  agenda: string[];
  facts: {
    /** The region's members on `scheduledOn` (regionMembersOn); null when the region is not declared. */
    membership: RegionMembership | null;
  };
}

export interface AttendeeInput {
  municipalityCode: string;
  title: string;
  name?: string;
}

export interface OutcomeInput {
  kind: OutcomeKind;
  summary: string;
  /** An event already in the ledger that this outcome decided on or about. */
  cites?: { streamId: string; eventId: string };
}

/** 開催の記録 (議事録・出席者・結果). */
export interface RecordConsultation {
  type: 'RecordConsultation';
  actor: Actor;
  consultationId: string;
  heldOn: LegalDate;
  attendees: AttendeeInput[];
  minutes: string;
  /** The agenda as taken up; the scheduled one when omitted. */
  agenda?: string[];
  outcomes: OutcomeInput[];
  facts: {
    /** The cited events the application found in the store (one per citation it could resolve). */
    citedEvents: CitedEvent[];
    /** Today in Japan: a consultation is recorded as held once it was held (heldOn ≤ today). */
    today: LegalDate;
  };
}

export interface PostponeConsultation {
  type: 'PostponeConsultation';
  actor: Actor;
  consultationId: string;
  postponedOn: LegalDate;
  /** The new date, when fixed (a plan: it may be ahead). */
  rescheduledTo?: LegalDate;
  reason: string;
  facts: {
    /** Today in Japan: the postponement is recorded once decided (postponedOn ≤ today). */
    today: LegalDate;
  };
}

export interface CancelConsultation {
  type: 'CancelConsultation';
  actor: Actor;
  consultationId: string;
  cancelledOn: LegalDate;
  reason: string;
  facts: {
    /** Today in Japan: the cancellation is recorded once decided (cancelledOn ≤ today). */
    today: LegalDate;
  };
}

export type ConsultationCommand =
  ScheduleConsultation | RecordConsultation | PostponeConsultation | CancelConsultation;
export type ConsultationCommandType = ConsultationCommand['type'];

import type {
  ConsultationAttendee,
  ConsultationKind,
  ConsultationOutcome,
  ConsultationStatus,
  Party,
} from '@kyoyaku/domain';
import { EVENT_TYPE_NAMES } from '@kyoyaku/legal-text';
import { padded } from '../agreement/agreement-read-models';
import type { LedgerEventRef } from '../compliance/event-ref';
import type { ReadModelWriter } from '../read-model';

export const CONSULTATION_COLLECTIONS = {
  /** Key: consultationId. */
  consultations: 'consultations',
  /** Per region, sort key `<date>~<consultationId>` (held date, else the date it is set for). */
  regionConsultations: (regionId: string) => `region-consultations:${regionId}`,
} as const;

/** A consultation (協議, 第5条) as the register shows it. */
export interface ConsultationView {
  consultationId: string;
  regionId: string;
  kind: ConsultationKind;
  status: ConsultationStatus;
  /** The date it is (or was last) set for; moved by a postponement with a new date. */
  scheduledOn: string;
  originallyScheduledOn: string;
  heldOn: string | null;
  /** 年度 of the held date, or of the date it is set for until it is held. */
  fiscalYear: number;
  /** 全国地方公共団体コード of the participants, the core city first. */
  participants: string[];
  /** The participants with their names, in the same order. */
  parties: Party[];
  attendees: ConsultationAttendee[];
  agenda: string[];
  minutes: string | null;
  outcomes: ConsultationOutcome[];
  postponements: {
    postponedOn: string;
    from: string;
    to: string | null;
    reason: string;
    event: LedgerEventRef;
  }[];
  cancellation: { cancelledOn: string; reason: string; event: LedgerEventRef } | null;
  /** Every event of the consultation's stream, in order. */
  events: LedgerEventRef[];
  /** Stream revision: the ETag. */
  revision: number;
  lastPosition: string;
  /** One of its events records invented facts (the shipped demo); absent otherwise. */
  illustrative?: true;
}

/** How an event cites a consultation, by the name of the record that cites it (as the history names it). */
export const CONSULTATION_CITATION_KIND_NAMES = {
  'cost-share-decision': EVENT_TYPE_NAMES.CostShareDecided,
  'cost-share-revision': EVENT_TYPE_NAMES.CostShareRevised,
  'doubt-discussion': EVENT_TYPE_NAMES.DoubtDiscussedAtConsultation,
  'doubt-resolution': EVENT_TYPE_NAMES.DoubtResolved,
} as const satisfies Readonly<Record<string, string>>;

export type ConsultationCitationKind = keyof typeof CONSULTATION_CITATION_KIND_NAMES;

/**
 * An event elsewhere in the ledger that cites a consultation (a cost-share decision or revision, a
 * doubt discussed or resolved at it …). Any projection records one with {@link recordConsultationCitation};
 * GET /consultations/{id} lists them as `citedBy`.
 */
export interface ConsultationCitation {
  kind: ConsultationCitationKind;
  streamId: string;
  eventId: string;
  /** Global position of the citing event, digits. */
  position: string;
  /** One line in Japanese. */
  summary: string;
  /** The ids of what cites (e.g. { projectId, decisionId, fiscalYear }). */
  ref: Readonly<Record<string, string | number>>;
}

/** The collection of the citations of one consultation: key = the citing eventId, sorted by position. */
export function consultationCitationsCollection(consultationId: string): string {
  return `consultation-citations:${consultationId}`;
}

export function recordConsultationCitation(
  tx: ReadModelWriter,
  consultationId: string,
  citation: ConsultationCitation,
): void {
  tx.put(
    consultationCitationsCollection(consultationId),
    citation.eventId,
    citation,
    padded(citation.position),
  );
}

export function consultationSortKey(
  view: Pick<ConsultationView, 'heldOn' | 'scheduledOn' | 'consultationId'>,
): string {
  return `${view.heldOn ?? view.scheduledOn}~${view.consultationId}`;
}

/**
 * Who may read each event type: the one rule every read path applies (the feed, the stream, the
 * export, a consultation's citedBy, the summaries and the dossier).
 *
 * - `public`: the agreements, their proceedings, the region, projects, cost shares and consultations
 *   are public documents (with LEDGER_READ_ACCESS=token, public to every token holder).
 * - `party-only`: a doubt and its dispute procedure (第6条, 第252条の2第7項) are read by the clerks of
 *   the agreement's two parties, the secretariat and admins — as GET /doubts/* is.
 * - `admin-only`: admins alone. No type of today's domain is; a type missing from the table (an
 *   event written by newer software, or imported) is treated so, so nothing unknown is shown.
 */
import type { AgreementEventType } from '../agreement/agreement.events';
import type { ConsultationEventType } from '../consultation/consultation.events';
import type { DoubtEventType } from '../doubt/doubt.events';
import type { ProjectEventType } from '../project/project.events';
import type { RegionEventType } from '../region/region.events';
import type { Actor } from '../shared/actor';

export const EVENT_VISIBILITIES = ['public', 'party-only', 'admin-only'] as const;
export type EventVisibility = (typeof EVENT_VISIBILITIES)[number];

export type KnownEventType =
  AgreementEventType | RegionEventType | ProjectEventType | ConsultationEventType | DoubtEventType;

/** Every event type of the domain (the compiler checks none is missing). */
export const EVENT_VISIBILITY: Readonly<Record<KnownEventType, EventVisibility>> = {
  AgreementOpened: 'public',
  ProceedingOpened: 'public',
  DraftRecorded: 'public',
  CouncilResolutionRecorded: 'public',
  ProceedingConcluded: 'public',
  PublicNoticeRecorded: 'public',
  GovernorNotificationRecorded: 'public',
  ProceedingCompleted: 'public',
  ProceedingWithdrawn: 'public',
  RecordCorrected: 'public',
  RegionDeclared: 'public',
  VisionAdopted: 'public',
  RecommendationRecorded: 'public',
  ProjectRegistered: 'public',
  CostShareDecided: 'public',
  CostShareRevised: 'public',
  CostShareSettled: 'public',
  ConsultationScheduled: 'public',
  ConsultationHeld: 'public',
  ConsultationPostponed: 'public',
  ConsultationCancelled: 'public',
  DoubtRaised: 'party-only',
  DoubtDiscussedAtConsultation: 'party-only',
  DoubtResolved: 'party-only',
  DoubtWithdrawn: 'party-only',
  DisputeApplicationFiled: 'party-only',
  DisputeCommissionersAppointed: 'party-only',
  DisputeApplicationWithdrawn: 'party-only',
  SettlementProposalPresented: 'party-only',
  SettlementProposalNotified: 'party-only',
  SettlementProposalPublished: 'party-only',
  SettlementProposalResponded: 'party-only',
  DisputeConcluded: 'party-only',
};

/** The visibility of an event type; a type the table does not know is admin-only. */
export function eventVisibility(type: string): EventVisibility {
  return Object.hasOwn(EVENT_VISIBILITY, type) ? EVENT_VISIBILITY[type as KnownEventType] : 'admin-only';
}

/**
 * May this caller (null: anonymous) read an event of this visibility? `partyCodes` are the
 * 全国地方公共団体コード of the parties the event concerns (a doubt's agreement's 甲 and 乙); null when
 * unknown, which only the secretariat and admins get past.
 */
export function mayReadEvent(
  actor: Actor | null,
  visibility: EventVisibility,
  partyCodes: readonly string[] | null,
): boolean {
  if (visibility === 'public') return true;
  if (actor === null) return false;
  if (actor.role === 'admin') return true;
  if (visibility === 'admin-only') return false;
  switch (actor.role) {
    case 'secretariat':
      return true;
    case 'clerk':
      return (
        actor.municipalityCode !== undefined &&
        partyCodes !== null &&
        partyCodes.includes(actor.municipalityCode)
      );
    case 'reader':
      return false;
  }
}

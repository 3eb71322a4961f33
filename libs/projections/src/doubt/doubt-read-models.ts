import type {
  Citation,
  DisputeApplicationState,
  DoubtEvent,
  DoubtParties,
  DoubtParty,
  DoubtStatus,
  LinkedConsultationState,
  PinnedVersion,
} from '@kyoyaku/domain';
import type { Actor } from '@kyoyaku/event-store';

/** The documents the doubt projection writes (positions as decimal strings). */
export const DOUBT_COLLECTIONS = {
  /** A doubt's events with their envelope fields: the input of the fold. */
  streams: 'doubt-streams',
  /** The register entry of each doubt (疑義の台帳). */
  doubts: 'doubts',
  /** An agreement's doubts, in the order they were raised. */
  byAgreement: (agreementId: string) => `doubts-by-agreement:${agreementId}`,
} as const;

/** Where an event of the doubt is in the ledger. */
export interface EventRef {
  position: string;
  eventId: string;
  recordedAt: string;
}

export interface StoredDoubtEvent extends EventRef {
  revision: number;
  actor: Actor;
  event: DoubtEvent;
  /** Its metadata says the fact is invented (the shipped demo's). */
  illustrative?: true;
}

export interface DoubtStreamDoc {
  events: StoredDoubtEvent[];
}

export interface DoubtTimelineEntry extends EventRef {
  revision: number;
  type: string;
  actor: Actor;
  /** One line in Japanese. */
  summary: string;
}

export type LinkedConsultationView = LinkedConsultationState & {
  /** `discussion`: taken up there; `resolution`: the doubt was resolved there. */
  role: 'discussion' | 'resolution';
  /** The doubt's event that links it. */
  ref: EventRef;
};

/** The register entry of a doubt (GET /doubts/{did}). */
export interface DoubtView {
  doubtId: string;
  agreementId: string;
  regionId: string;
  parties: DoubtParties;
  raisedBy: DoubtParty;
  raisedOn: string;
  citation: Citation;
  question: string;
  /** The version in force on raisedOn and the ledger head when raised. */
  pinned: PinnedVersion;
  status: DoubtStatus;
  /** 協議中, 解決（協議）… */
  statusLabel: string;
  consultations: LinkedConsultationView[];
  resolution?: {
    resolvedOn: string;
    resolution: string;
    consultationId: string;
    consultationHeldOn: string;
    agreedBy: string[];
    followUpProceedingId?: string;
    ref: EventRef;
  };
  withdrawal?: { withdrawnOn: string; reason: string; ref: EventRef };
  /** The statutory procedure: each application (in filing order) and its steps. */
  applications: DisputeApplicationState[];
  timeline: DoubtTimelineEntry[];
  raisedAt: EventRef;
  /** Stream revision: the ETag. */
  revision: number;
  lastPosition: string;
  /** One of its events records invented facts (the shipped demo); absent otherwise. */
  illustrative?: true;
}

/** A line of an agreement's register of doubts (GET /agreements/{id}/doubts). */
export interface DoubtListItem {
  doubtId: string;
  agreementId: string;
  raisedBy: DoubtParty;
  raisedOn: string;
  citation: Citation;
  question: string;
  status: DoubtStatus;
  statusLabel: string;
  pinnedVersion: number;
  raisedAtPosition: string;
  lastPosition: string;
  /** One of its events records invented facts (the shipped demo); absent otherwise. */
  illustrative?: true;
}

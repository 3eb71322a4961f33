/**
 * Events of the doubt stream (`doubt-<doubtId>`), DESIGN.md §2.1, §2.3 and §4: a doubt (疑義) under
 * the agreement's 第6条 and, past that, the dispute procedure of 地方自治法 第252条の2第7項 /
 * 第251条の3の2. Events have schemaVersion 1, except the steps taken outside the parties (the
 * appointment, the 処理方策 presented, notified, published), which carry their evidence from
 * schemaVersion 2; a stored version 1 of them is upcast on read (`toDoubtEvent`). Optional keys are
 * omitted, never undefined.
 */
import type { LegalDate } from '@kyoyaku/legal-text';
import type { DomainEvent, StoredEventLike } from '../shared/domain-event';
import type {
  Citation,
  Commissioner,
  ConsultationFacts,
  DisputeRecipient,
  DisputeStepEvidence,
  DoubtParties,
  DoubtParty,
  PinnedVersion,
  ResponseStance,
} from './doubt.types';

/** A party raises a doubt about the agreement. First event of the stream. */
export type DoubtRaised = DomainEvent<
  'DoubtRaised',
  {
    doubtId: string;
    agreementId: string;
    regionId: string;
    parties: DoubtParties;
    raisedBy: DoubtParty;
    raisedOn: LegalDate;
    citation: Citation;
    question: string;
    /** The version in force on raisedOn and the ledger head when raised (set by the application). */
    pinned: PinnedVersion;
  }
>;

/** The doubt was taken up at a consultation (第5条): linked both ways. */
export type DoubtDiscussedAtConsultation = DomainEvent<
  'DoubtDiscussedAtConsultation',
  {
    doubtId: string;
    consultationId: string;
    /** The consultation's date when linked: heldOn once held, else scheduledOn. */
    consultationDate: LegalDate;
    consultationStatus: ConsultationFacts['status'];
    note?: string;
  }
>;

/** 疑義の解決 by agreement of both parties at a held consultation (第6条). */
export type DoubtResolved = DomainEvent<
  'DoubtResolved',
  {
    doubtId: string;
    resolvedOn: LegalDate;
    resolution: string;
    consultationId: string;
    consultationHeldOn: LegalDate;
    /** Both parties' codes (甲, then 乙). */
    agreedBy: string[];
    /** The amendment proceeding (変更手続) the resolution starts, in the same agreement. */
    followUpProceedingId?: string;
  }
>;

/** The raising party withdraws the doubt. */
export type DoubtWithdrawn = DomainEvent<
  'DoubtWithdrawn',
  { doubtId: string; withdrawnOn: LegalDate; reason: string }
>;

/**
 * 申請 in writing to the 知事 (総務大臣 where a prefecture is a party) for a 処理方策 by
 * 自治紛争処理委員 (第252条の2第7項). Numbered 1, 2 … within the doubt (a new one after a withdrawal).
 */
export type DisputeApplicationFiled = DomainEvent<
  'DisputeApplicationFiled',
  {
    doubtId: string;
    applicationNumber: number;
    appliedOn: LegalDate;
    applicant: DoubtParty;
    recipient: DisputeRecipient;
    /** 文書番号 of the written application (申請は文書による). */
    documentNumber: string;
    summary: string;
  }
>;

/**
 * The 知事 (総務大臣) appoints three 自治紛争処理委員 for the case (第251条第2項, 第251条の3の2).
 * schemaVersion 2: with `evidence`, the appointment's document; null only when upcast from version 1,
 * recorded before the document was required.
 */
export type DisputeCommissionersAppointed = DomainEvent<
  'DisputeCommissionersAppointed',
  {
    doubtId: string;
    applicationNumber: number;
    appointedOn: LegalDate;
    commissioners: Commissioner[];
    evidence: DisputeStepEvidence | null;
  }
>;

/** The applicant withdraws its application with the consent of the 知事 (総務大臣). */
export type DisputeApplicationWithdrawn = DomainEvent<
  'DisputeApplicationWithdrawn',
  {
    doubtId: string;
    applicationNumber: number;
    withdrawnOn: LegalDate;
    consentedOn: LegalDate;
    reason: string;
  }
>;

/**
 * The commissioners decide the 処理方策 by 合議 and present it to the parties (第251条の3の2).
 * schemaVersion 2: with `evidence`, the document presenting it (null only when upcast from version 1).
 */
export type SettlementProposalPresented = DomainEvent<
  'SettlementProposalPresented',
  {
    doubtId: string;
    applicationNumber: number;
    presentedOn: LegalDate;
    /** The day of the 合議, when stated. */
    decidedOn?: LegalDate;
    proposal: string;
    evidence: DisputeStepEvidence | null;
  }
>;

/**
 * The commissioners notify the 処理方策 to the 知事 (総務大臣). schemaVersion 2: with `evidence`, the
 * notification's document (null only when upcast from version 1).
 */
export type SettlementProposalNotified = DomainEvent<
  'SettlementProposalNotified',
  {
    doubtId: string;
    applicationNumber: number;
    notifiedOn: LegalDate;
    recipient: DisputeRecipient;
    evidence: DisputeStepEvidence | null;
  }
>;

/**
 * The 処理方策 is published (公表), e.g. in the 県報. schemaVersion 2: with `evidence`, the gazette's
 * issue and date (null only when upcast from version 1).
 */
export type SettlementProposalPublished = DomainEvent<
  'SettlementProposalPublished',
  {
    doubtId: string;
    applicationNumber: number;
    publishedOn: LegalDate;
    medium: string;
    evidence: DisputeStepEvidence | null;
  }
>;

/** A party's response to the 処理方策: it must respect it (尊重義務); the proposal does not bind. */
export type SettlementProposalResponded = DomainEvent<
  'SettlementProposalResponded',
  {
    doubtId: string;
    applicationNumber: number;
    respondent: DoubtParty;
    respondedOn: LegalDate;
    stance: ResponseStance;
    statement: string;
  }
>;

/**
 * Emitted with the second party's response: `settled` when both accept the 処理方策, otherwise
 * `not-accepted` (the dispute stays unsettled; the ledger records no further step).
 */
export type DisputeConcluded = DomainEvent<
  'DisputeConcluded',
  { doubtId: string; applicationNumber: number; concludedOn: LegalDate; outcome: 'settled' | 'not-accepted' }
>;

export type DoubtEvent =
  | DoubtRaised
  | DoubtDiscussedAtConsultation
  | DoubtResolved
  | DoubtWithdrawn
  | DisputeApplicationFiled
  | DisputeCommissionersAppointed
  | DisputeApplicationWithdrawn
  | SettlementProposalPresented
  | SettlementProposalNotified
  | SettlementProposalPublished
  | SettlementProposalResponded
  | DisputeConcluded;

export type DoubtEventType = DoubtEvent['type'];

export const DOUBT_EVENT_TYPES: readonly DoubtEventType[] = [
  'DoubtRaised',
  'DoubtDiscussedAtConsultation',
  'DoubtResolved',
  'DoubtWithdrawn',
  'DisputeApplicationFiled',
  'DisputeCommissionersAppointed',
  'DisputeApplicationWithdrawn',
  'SettlementProposalPresented',
  'SettlementProposalNotified',
  'SettlementProposalPublished',
  'SettlementProposalResponded',
  'DisputeConcluded',
];

/** The schemaVersion of the doubt events whose shape never changed. */
export const DOUBT_EVENT_SCHEMA_VERSION = 1;

/** The schemaVersion of the steps taken outside the parties, which carry their evidence. */
export const DOUBT_EVIDENCE_EVENT_SCHEMA_VERSION = 2;

/** The events that carry `evidence` from schemaVersion 2 on. */
export const DOUBT_EVIDENCE_EVENT_TYPES = [
  'DisputeCommissionersAppointed',
  'SettlementProposalPresented',
  'SettlementProposalNotified',
  'SettlementProposalPublished',
] as const satisfies readonly DoubtEventType[];

export type DoubtEvidenceEventType = (typeof DOUBT_EVIDENCE_EVENT_TYPES)[number];

function isEvidenceEventType(type: DoubtEventType): type is DoubtEvidenceEventType {
  return (DOUBT_EVIDENCE_EVENT_TYPES as readonly string[]).includes(type);
}

/** The current schemaVersion of a doubt event type. */
export function doubtEventSchemaVersion(type: DoubtEventType): number {
  return isEvidenceEventType(type) ? DOUBT_EVIDENCE_EVENT_SCHEMA_VERSION : DOUBT_EVENT_SCHEMA_VERSION;
}

export function isDoubtEventType(type: string): type is DoubtEventType {
  return (DOUBT_EVENT_TYPES as readonly string[]).includes(type);
}

/**
 * Upcasting point for stored doubt events (DESIGN.md §4): a stored event becomes the current shape.
 * Version 1 of a step taken outside the parties was recorded without the document that proves it: it
 * is read as version 2 with `evidence: null` (the stored bytes are never rewritten). An unknown type
 * or version throws a RangeError (a programming or deployment error, not bad user input).
 */
export function toDoubtEvent(stored: StoredEventLike): DoubtEvent {
  const type = stored.type;
  if (!isDoubtEventType(type)) throw new RangeError(`doubt stream: unknown event type ${type}`);
  const current = doubtEventSchemaVersion(type);
  if (isEvidenceEventType(type) && stored.schemaVersion === DOUBT_EVENT_SCHEMA_VERSION) {
    const data = stored.data as Record<string, unknown>;
    return { type, schemaVersion: current, data: { ...data, evidence: null } } as DoubtEvent;
  }
  if (stored.schemaVersion !== current) {
    throw new RangeError(`doubt stream: ${type} schemaVersion ${stored.schemaVersion} is not supported`);
  }
  return { type, schemaVersion: current, data: stored.data } as DoubtEvent;
}

export const DOUBT_STREAM_PREFIX = 'doubt-';

/** The stream a doubt's events live in. */
export function doubtStreamId(doubtId: string): string {
  return `${DOUBT_STREAM_PREFIX}${doubtId}`;
}

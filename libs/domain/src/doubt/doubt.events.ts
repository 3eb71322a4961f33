/**
 * Events of the doubt stream (`doubt-<doubtId>`), DESIGN.md §2.1, §2.3 and §4: a doubt (疑義) under
 * the agreement's 第6条 and, past that, the dispute procedure of 地方自治法 第252条の2第7項 /
 * 第251条の3の2. Every event has schemaVersion 1; optional keys are omitted, never undefined.
 */
import type { LegalDate } from '@kyoyaku/legal-text';
import type { DomainEvent, StoredEventLike } from '../shared/domain-event';
import type {
  Citation,
  Commissioner,
  ConsultationFacts,
  DisputeRecipient,
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

/** The 知事 (総務大臣) appoints three 自治紛争処理委員 for the case (第251条第2項). */
export type DisputeCommissionersAppointed = DomainEvent<
  'DisputeCommissionersAppointed',
  { doubtId: string; applicationNumber: number; appointedOn: LegalDate; commissioners: Commissioner[] }
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

/** The commissioners decide the 処理方策 by 合議 and present it to the parties (第251条の3の2). */
export type SettlementProposalPresented = DomainEvent<
  'SettlementProposalPresented',
  {
    doubtId: string;
    applicationNumber: number;
    presentedOn: LegalDate;
    /** The day of the 合議, when stated. */
    decidedOn?: LegalDate;
    proposal: string;
  }
>;

/** The 処理方策 is notified to the 知事 (総務大臣). */
export type SettlementProposalNotified = DomainEvent<
  'SettlementProposalNotified',
  { doubtId: string; applicationNumber: number; notifiedOn: LegalDate; recipient: DisputeRecipient }
>;

/** The 処理方策 is published (公表), e.g. in the 県報. */
export type SettlementProposalPublished = DomainEvent<
  'SettlementProposalPublished',
  { doubtId: string; applicationNumber: number; publishedOn: LegalDate; medium: string }
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

export const DOUBT_EVENT_SCHEMA_VERSION = 1;

export function isDoubtEventType(type: string): type is DoubtEventType {
  return (DOUBT_EVENT_TYPES as readonly string[]).includes(type);
}

/** Upcasting point for stored doubt events (only schemaVersion 1 so far). */
export function toDoubtEvent(stored: StoredEventLike): DoubtEvent {
  if (!isDoubtEventType(stored.type)) throw new RangeError(`doubt stream: unknown event type ${stored.type}`);
  if (stored.schemaVersion !== DOUBT_EVENT_SCHEMA_VERSION) {
    throw new RangeError(
      `doubt stream: ${stored.type} schemaVersion ${stored.schemaVersion} is not supported`,
    );
  }
  return { type: stored.type, schemaVersion: stored.schemaVersion, data: stored.data } as DoubtEvent;
}

export const DOUBT_STREAM_PREFIX = 'doubt-';

/** The stream a doubt's events live in. */
export function doubtStreamId(doubtId: string): string {
  return `${DOUBT_STREAM_PREFIX}${doubtId}`;
}

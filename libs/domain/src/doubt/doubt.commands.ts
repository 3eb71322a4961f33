/**
 * Commands of the doubt aggregate (imperative). Facts from other aggregates — the agreement's
 * version in force, the ledger position, a consultation, a follow-up proceeding, today's date — are
 * read by the application and handed in as command input, so the decider stays pure.
 */
import type { LegalDate } from '@kyoyaku/legal-text';
import type { Actor } from '../shared/actor';
import type {
  AgreementFacts,
  CitationInput,
  Commissioner,
  ConsultationFacts,
  DisputeRecipient,
  DisputeStepEvidence,
  ProceedingFacts,
  ResponseStance,
} from './doubt.types';

interface DoubtCommandBase {
  actor: Actor;
  doubtId: string;
  /** Today in Japan, when the command is decided: no step is recorded with a date after it. */
  today: LegalDate;
}

/** 疑義の提起 by a party (第6条). */
export interface RaiseDoubt extends DoubtCommandBase {
  type: 'RaiseDoubt';
  agreementId: string;
  /** 全国地方公共団体コード of the raising party. */
  raisedBy: string;
  raisedOn: LegalDate;
  citation: CitationInput;
  question: string;
  /** The agreement as the ledger stood at `ledgerPosition`; null when it is not recorded. */
  agreement: AgreementFacts | null;
  /** The ledger's head position when raised (decimal string). */
  ledgerPosition: string;
}

/** Links the doubt to a consultation that takes it up. */
export interface DiscussDoubt extends DoubtCommandBase {
  type: 'DiscussDoubt';
  consultationId: string;
  /** The consultation as its register states it; null when there is none. */
  consultation: ConsultationFacts | null;
  note?: string;
}

/** 疑義の解決 by agreement of both parties at a held consultation. */
export interface ResolveDoubt extends DoubtCommandBase {
  type: 'ResolveDoubt';
  resolvedOn: LegalDate;
  resolution: string;
  consultationId: string;
  consultation: ConsultationFacts | null;
  /** Codes of the parties that agreed: both are required. */
  agreedBy: string[];
  followUpProceedingId?: string;
  /** The named follow-up proceeding in the agreement; null when it is not there. */
  followUpProceeding?: ProceedingFacts | null;
}

/** The raising party withdraws the doubt. */
export interface WithdrawDoubt extends DoubtCommandBase {
  type: 'WithdrawDoubt';
  withdrawnOn: LegalDate;
  reason: string;
}

/** 申請 for 自治紛争処理委員 (第252条の2第7項). */
export interface FileDisputeApplication extends DoubtCommandBase {
  type: 'FileDisputeApplication';
  appliedOn: LegalDate;
  /** Code of the applying party. */
  applicant: string;
  recipient: DisputeRecipient;
  documentNumber: string;
  summary: string;
}

/** 自治紛争処理委員の任命 (three for the case). */
export interface AppointDisputeCommissioners extends DoubtCommandBase {
  type: 'AppointDisputeCommissioners';
  appointedOn: LegalDate;
  commissioners: Commissioner[];
  /** The 知事's (総務大臣's) document of the appointment. */
  evidence: DisputeStepEvidence;
}

/** 申請の取下げ with the consent of the 知事 (総務大臣). */
export interface WithdrawDisputeApplication extends DoubtCommandBase {
  type: 'WithdrawDisputeApplication';
  withdrawnOn: LegalDate;
  consentedOn: LegalDate;
  reason: string;
}

/** 処理方策の提示. */
export interface PresentSettlementProposal extends DoubtCommandBase {
  type: 'PresentSettlementProposal';
  presentedOn: LegalDate;
  decidedOn?: LegalDate;
  proposal: string;
  /** The commissioners' document presenting the 処理方策. */
  evidence: DisputeStepEvidence;
}

/** 処理方策の通知 to the 知事 (総務大臣). */
export interface NotifySettlementProposal extends DoubtCommandBase {
  type: 'NotifySettlementProposal';
  notifiedOn: LegalDate;
  /** The commissioners' notification to the 知事 (総務大臣). */
  evidence: DisputeStepEvidence;
}

/** 処理方策の公表. */
export interface PublishSettlementProposal extends DoubtCommandBase {
  type: 'PublishSettlementProposal';
  publishedOn: LegalDate;
  medium: string;
  /** The publication: the gazette's issue (青森県報第3000号) and its date. */
  evidence: DisputeStepEvidence;
}

/** A party's response to the 処理方策. */
export interface RespondToSettlementProposal extends DoubtCommandBase {
  type: 'RespondToSettlementProposal';
  /** Code of the responding party. */
  respondent: string;
  respondedOn: LegalDate;
  stance: ResponseStance;
  statement: string;
}

export type DoubtCommand =
  | RaiseDoubt
  | DiscussDoubt
  | ResolveDoubt
  | WithdrawDoubt
  | FileDisputeApplication
  | AppointDisputeCommissioners
  | WithdrawDisputeApplication
  | PresentSettlementProposal
  | NotifySettlementProposal
  | PublishSettlementProposal
  | RespondToSettlementProposal;

export type DoubtCommandType = DoubtCommand['type'];

/** The fields of a doubt command the application fills in (the actor, and facts of other aggregates). */
export type DoubtFactKey =
  'actor' | 'agreement' | 'ledgerPosition' | 'today' | 'consultation' | 'followUpProceeding';

type WithoutFacts<C> = C extends unknown ? Omit<C, DoubtFactKey> : never;

/** A doubt command as a client (or the demo) states it, before the application adds the facts. */
export type DoubtInput = WithoutFacts<DoubtCommand>;

/**
 * The doubt's state as `evolve` folds it. Plain data, so two folds of the same events are deep-equal.
 */
import type { LegalDate } from '@kyoyaku/legal-text';
import type { PartyRole } from '../agreement/agreement.types';
import type {
  Citation,
  Commissioner,
  ConsultationFacts,
  DisputeRecipient,
  DisputeStepEvidence,
  DoubtParties,
  DoubtParty,
  DoubtStatus,
  PinnedVersion,
  ResponseStance,
} from './doubt.types';

export interface LinkedConsultationState {
  consultationId: string;
  consultationDate: LegalDate;
  consultationStatus: ConsultationFacts['status'];
  note?: string;
}

export interface DoubtResolutionState {
  resolvedOn: LegalDate;
  resolution: string;
  consultationId: string;
  consultationHeldOn: LegalDate;
  agreedBy: string[];
  followUpProceedingId?: string;
}

export interface DoubtWithdrawalState {
  withdrawnOn: LegalDate;
  reason: string;
}

export interface SettlementResponseState {
  respondent: DoubtParty;
  respondedOn: LegalDate;
  stance: ResponseStance;
  statement: string;
}

/**
 * The 処理方策 with the documents that prove its steps (`null`: recorded before the document was
 * required; absent: the step is not recorded yet).
 */
export interface SettlementProposalState {
  presentedOn: LegalDate;
  decidedOn?: LegalDate;
  proposal: string;
  evidence: DisputeStepEvidence | null;
  notifiedOn?: LegalDate;
  notificationEvidence?: DisputeStepEvidence | null;
  publishedOn?: LegalDate;
  medium?: string;
  publicationEvidence?: DisputeStepEvidence | null;
  responses: Partial<Record<PartyRole, SettlementResponseState>>;
}

/**
 * - `pending`: filed, commissioners appointed or not, no 処理方策 yet;
 * - `withdrawn`: withdrawn by the applicant with consent;
 * - `proposal-presented`: the 処理方策 was presented (it may then be notified, published, answered);
 * - `concluded`: both parties responded.
 */
export type DisputeApplicationStatus = 'pending' | 'withdrawn' | 'proposal-presented' | 'concluded';

export interface DisputeApplicationState {
  applicationNumber: number;
  status: DisputeApplicationStatus;
  appliedOn: LegalDate;
  applicant: DoubtParty;
  recipient: DisputeRecipient;
  documentNumber: string;
  summary: string;
  /** The 知事's (総務大臣's) appointment and its document (null: recorded before it was required). */
  appointment?: {
    appointedOn: LegalDate;
    commissioners: Commissioner[];
    evidence: DisputeStepEvidence | null;
  };
  withdrawal?: { withdrawnOn: LegalDate; consentedOn: LegalDate; reason: string };
  proposal?: SettlementProposalState;
  conclusion?: { concludedOn: LegalDate; outcome: 'settled' | 'not-accepted' };
}

export interface InitialDoubtState {
  status: 'initial';
}

export interface RaisedDoubtState {
  status: DoubtStatus;
  doubtId: string;
  agreementId: string;
  regionId: string;
  parties: DoubtParties;
  raisedBy: DoubtParty;
  raisedOn: LegalDate;
  citation: Citation;
  question: string;
  pinned: PinnedVersion;
  /** In linking order. */
  consultations: LinkedConsultationState[];
  resolution?: DoubtResolutionState;
  withdrawal?: DoubtWithdrawalState;
  /** In filing order; the last one is the current application. */
  applications: DisputeApplicationState[];
}

export type DoubtState = InitialDoubtState | RaisedDoubtState;

export function isRaised(state: DoubtState): state is RaisedDoubtState {
  return state.status !== 'initial';
}

/** The current (last filed) application, if any. */
export function currentApplication(state: RaisedDoubtState): DisputeApplicationState | undefined {
  return state.applications[state.applications.length - 1];
}

/** The doubt is in the statutory procedure: an application that was not withdrawn. */
export function isEscalated(state: RaisedDoubtState): boolean {
  const application = currentApplication(state);
  return application !== undefined && application.status !== 'withdrawn';
}

/** Resolved, withdrawn, or the statutory procedure concluded: the record is closed. */
export function isClosed(state: RaisedDoubtState): boolean {
  return (
    state.status === 'resolved' ||
    state.status === 'withdrawn' ||
    state.status === 'settled' ||
    state.status === 'unsettled'
  );
}

/** The role (甲 or 乙) of a municipality code in the doubt's agreement, if it is a party. */
export function roleOfCode(parties: DoubtParties, code: string): PartyRole | undefined {
  if (parties.core.code === code) return 'core';
  if (parties.partner.code === code) return 'partner';
  return undefined;
}

/** The date of the latest step recorded on the doubt (steps may not be dated before it). */
export function lastStepDate(state: RaisedDoubtState): LegalDate {
  const dates: LegalDate[] = [state.raisedOn];
  for (const c of state.consultations) {
    if (c.consultationStatus === 'held') dates.push(c.consultationDate);
  }
  for (const a of state.applications) {
    dates.push(a.appliedOn);
    if (a.appointment) dates.push(a.appointment.appointedOn);
    if (a.withdrawal) dates.push(a.withdrawal.withdrawnOn);
    if (a.proposal) {
      dates.push(a.proposal.presentedOn);
      if (a.proposal.notifiedOn !== undefined) dates.push(a.proposal.notifiedOn);
      if (a.proposal.publishedOn !== undefined) dates.push(a.proposal.publishedOn);
      for (const r of Object.values(a.proposal.responses)) dates.push(r.respondedOn);
    }
  }
  return dates.reduce((a, b) => (b > a ? b : a));
}

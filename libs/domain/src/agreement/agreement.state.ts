/**
 * The agreement's state as `evolve` folds it from its events. Plain data (no classes), so two folds
 * of the same events are deep-equal. Each recorded fact keeps the stream `revision` of the event that
 * recorded it (the fold counts events: the n-th event folded has revision n−1), which is how a
 * correction finds the fact it corrects.
 */
import type { AgreementDocument, AmendmentOperation, LegalDate } from '@kyoyaku/legal-text';
import type { CorrectableEventType } from './agreement.events';
import { proceedingName } from '../shared/names';
import type {
  Correction,
  CouncilDecision,
  NotificationAddressee,
  Party,
  PartyRole,
  ProceedingDraft,
  ProceedingKind,
  Retroactivity,
  Signatories,
} from './agreement.types';

export interface DraftState {
  draftNumber: number;
  draftedOn: LegalDate;
  draft: ProceedingDraft;
  revision: number;
}

export interface CouncilResolutionState {
  revision: number;
  party: PartyRole;
  decision: CouncilDecision;
  resolvedOn: LegalDate;
  draftNumber: number;
  resolutionNumber?: string;
}

export interface ConclusionState {
  revision: number;
  concludedOn: LegalDate;
  effectiveOn: LegalDate;
  signatories: Signatories;
  retroactive?: Retroactivity;
  /** For conclusion and amendment proceedings: the version it made. */
  versionNumber?: number;
}

export interface PublicNoticeState {
  revision: number;
  party: PartyRole;
  noticeNumber: string;
  publishedOn: LegalDate;
}

/** A party's 届出; a joint one (連名) is the same filing, with the same revision, under both parties. */
export interface NotificationState {
  revision: number;
  /** Who filed it: this party alone, or both (連名). */
  filedBy: PartyRole[];
  addressee: NotificationAddressee;
  notifiedOn: LegalDate;
  documentNumber?: string;
  /** Recorded as version 1 (one 届出 per proceeding, no party, no 文書番号). */
  recordedBeforeDocumentNumbers?: true;
}

export interface WithdrawalState {
  revision: number;
  withdrawnOn: LegalDate;
  reason: string;
}

/** negotiating (pending) → concluded, or → withdrawn. Completion is tracked by `completed`. */
export type ProceedingStatus = 'negotiating' | 'concluded' | 'withdrawn';

export interface ProceedingState {
  proceedingId: string;
  kind: ProceedingKind;
  openedOn: LegalDate;
  status: ProceedingStatus;
  drafts: DraftState[];
  /** In recording order; per party, the last one is the council's standing resolution. */
  resolutions: CouncilResolutionState[];
  conclusion?: ConclusionState;
  notices: { core?: PublicNoticeState; partner?: PublicNoticeState };
  /** Each party's 届出 (a joint one under both). */
  notifications: { core?: NotificationState; partner?: NotificationState };
  withdrawal?: WithdrawalState;
  /** Concluded, and each party's 告示 and 届出 recorded. */
  completed: boolean;
}

/**
 * A version (版) of the text as its conclusion recorded it. The text in force from its 施行日 is
 * derived from the versions in 施行日 order (agreement-timeline.ts), not read from `document`.
 */
export interface VersionState {
  /** 1-based, in conclusion order. */
  number: number;
  proceedingId: string;
  kind: 'conclusion' | 'amendment';
  /** The text its ProceedingConcluded event recorded (for an amendment: its base then, amended). */
  document: AgreementDocument;
  /** The operations the amendment applies to the text before it in 施行日 order (amendments only). */
  operations?: AmendmentOperation[];
  concludedOn: LegalDate;
  /** 施行日. */
  effectiveOn: LegalDate;
  retroactive?: Retroactivity;
  /** Revision of its ProceedingConcluded event. */
  revision: number;
}

export interface AbolitionState {
  proceedingId: string;
  concludedOn: LegalDate;
  /** The day the agreement ceases to be in force (first day it is not). */
  effectiveOn: LegalDate;
  retroactive?: Retroactivity;
  reason: string;
  revision: number;
}

export interface CorrectionState {
  revision: number;
  correctsEventId: string;
  correctsRevision: number;
  correctedEventType: CorrectableEventType;
  proceedingId: string;
  correction: Correction;
  reason: string;
}

/**
 * - negotiating: the conclusion proceeding is pending;
 * - withdrawn: the conclusion proceeding was withdrawn (terminal; a new attempt is a new agreement);
 * - concluded: at least one version concluded (in force or not yet: see versionStatusOn);
 * - abolished: the abolition is concluded (in force until its effectiveOn).
 */
export type AgreementStatus = 'negotiating' | 'withdrawn' | 'concluded' | 'abolished';

export interface InitialAgreementState {
  status: 'initial';
  /** Number of events folded = the revision the next event gets. */
  nextRevision: number;
}

export interface OpenedAgreementState {
  status: AgreementStatus;
  nextRevision: number;
  agreementId: string;
  regionId: string;
  coreCity: Party;
  partner: Party;
  /** In the order they were opened. */
  proceedings: ProceedingState[];
  /** In conclusion order (the timeline sorts them by 施行日: agreement-timeline.ts). */
  versions: VersionState[];
  abolition?: AbolitionState;
  corrections: CorrectionState[];
}

export type AgreementState = InitialAgreementState | OpenedAgreementState;

export function isOpened(state: AgreementState): state is OpenedAgreementState {
  return state.status !== 'initial';
}

export function findProceeding(
  state: OpenedAgreementState,
  proceedingId: string,
): ProceedingState | undefined {
  return state.proceedings.find((p) => p.proceedingId === proceedingId);
}

/** The proceeding that is neither concluded nor withdrawn, if any (there is at most one). */
export function pendingProceeding(state: OpenedAgreementState): ProceedingState | undefined {
  return state.proceedings.find((p) => p.status === 'negotiating');
}

export function currentDraft(proceeding: ProceedingState): DraftState | undefined {
  return proceeding.drafts[proceeding.drafts.length - 1];
}

/** The latest version in conclusion order (amendments apply in 施行日 order: see agreement-timeline.ts). */
export function latestVersion(state: OpenedAgreementState): VersionState | undefined {
  return state.versions[state.versions.length - 1];
}

/** The last resolution of a party's council in a proceeding (its standing resolution). */
export function standingResolution(
  proceeding: ProceedingState,
  party: PartyRole,
): CouncilResolutionState | undefined {
  const own = proceeding.resolutions.filter((r) => r.party === party);
  return own[own.length - 1];
}

export function partyOf(state: OpenedAgreementState, role: PartyRole): Party {
  return role === 'core' ? state.coreCity : state.partner;
}

/** 甲（青森市） / 乙（平内町）. */
export function partyLabel(state: OpenedAgreementState, role: PartyRole): string {
  return `${role === 'core' ? '甲' : '乙'}（${partyOf(state, role).name}）`;
}

/** 変更手続（令和3年4月1日開始）: a proceeding as a clerk names it, not by its id. */
export function proceedingLabel(proceeding: Pick<ProceedingState, 'kind' | 'openedOn'>): string {
  return proceedingName(proceeding);
}

/** The date of the latest step before conclusion: the newest draft or resolution. */
export function lastNegotiationStepDate(proceeding: ProceedingState): LegalDate {
  let latest = proceeding.openedOn;
  for (const draft of proceeding.drafts) if (draft.draftedOn > latest) latest = draft.draftedOn;
  for (const resolution of proceeding.resolutions)
    if (resolution.resolvedOn > latest) latest = resolution.resolvedOn;
  return latest;
}

/** The last date of a completed proceeding's steps (its completion date), or undefined if not complete. */
export function completedOn(proceeding: ProceedingState): LegalDate | undefined {
  if (!proceeding.completed || !proceeding.conclusion) return undefined;
  const dates = [
    proceeding.conclusion.concludedOn,
    proceeding.notices.core?.publishedOn,
    proceeding.notices.partner?.publishedOn,
    proceeding.notifications.core?.notifiedOn,
    proceeding.notifications.partner?.notifiedOn,
  ].filter((d): d is LegalDate => d !== undefined);
  return dates.reduce((a, b) => (b > a ? b : a));
}

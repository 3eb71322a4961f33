/**
 * Commands of the agreement aggregate (imperative). Every command carries the acting party; time and
 * ids are inputs (the domain has no clock and makes no ids). `agreementId` routes the command to the
 * stream `agreement-<agreementId>`.
 */
import type {
  AgreementDocument,
  AmendmentOperation,
  EffectiveDateClause,
  LegalDate,
} from '@kyoyaku/legal-text';
import type { Actor } from '../shared/actor';
import type {
  EffectiveDateTerms,
  CorrectionInput,
  CouncilDecision,
  NotificationAddresseeInput,
  Party,
  PartyRole,
  ProceedingDraftInput,
  Retroactivity,
  Signatories,
} from './agreement.types';

interface AgreementCommandBase {
  actor: Actor;
  agreementId: string;
  /**
   * Today in Japan when the command is decided (the application's clock): every date a command
   * records as a fact (案の作成, 議決, 締結, 告示, 届出, 取下げ, a corrected date) is on or before it.
   */
  today: LegalDate;
}

/** Opens the agreement and its conclusion proceeding with the first draft (協議の開始). */
export interface OpenAgreement extends AgreementCommandBase {
  type: 'OpenAgreement';
  regionId: string;
  coreCity: Party;
  partner: Party;
  proceedingId: string;
  draftedOn: LegalDate;
  document: AgreementDocument;
}

/**
 * Records a revised draft of a pending proceeding; its kind must match the proceeding's. An abolition
 * draft gives its reason and terms; the decider drafts its text.
 */
export interface ReviseDraft extends AgreementCommandBase {
  type: 'ReviseDraft';
  proceedingId: string;
  draftedOn: LegalDate;
  draft: ProceedingDraftInput;
}

/** 議会の議決 of one party's council on the current draft. */
export interface RecordCouncilResolution extends AgreementCommandBase {
  type: 'RecordCouncilResolution';
  proceedingId: string;
  party: PartyRole;
  decision: CouncilDecision;
  resolvedOn: LegalDate;
  resolutionNumber?: string;
}

/** 締結, after both councils approved the current draft. */
export interface ConcludeProceeding extends AgreementCommandBase {
  type: 'ConcludeProceeding';
  proceedingId: string;
  concludedOn: LegalDate;
  signatories: Signatories;
  /** 施行日 (or the abolition's effective date). */
  effectiveOn: LegalDate;
  /** Required (with a reason) exactly when effectiveOn is before concludedOn. */
  retroactive?: Retroactivity;
}

/** 告示 by one party, after conclusion. */
export interface RecordPublicNotice extends AgreementCommandBase {
  type: 'RecordPublicNotice';
  proceedingId: string;
  party: PartyRole;
  noticeNumber: string;
  publishedOn: LegalDate;
}

/**
 * 届出 after conclusion (地方自治法 第252条の2第2項): by one party for itself, or by both in one filing
 * (連名). The addressee — the governor of the parties' prefecture, or the 総務大臣 where a prefecture is
 * a party — is derived from the parties' codes; a stated `addressee` is only checked against it.
 */
export interface RecordGovernorNotification extends AgreementCommandBase {
  type: 'RecordGovernorNotification';
  proceedingId: string;
  /** The filing party (['core'] or ['partner']), or both (['core', 'partner']: 連名). */
  filedBy: PartyRole[];
  /** 文書番号 of the filing (e.g. 青政第1234号). */
  documentNumber: string;
  notifiedOn: LegalDate;
  /** Optional: refused (WrongNotificationRecipient) when it is not the derived addressee. */
  addressee?: NotificationAddresseeInput;
}

/**
 * Opens an amendment (変更) proceeding: operations against the latest concluded version, and the
 * 附則's 施行期日 clause when the draft states it (checked again at conclusion).
 */
export interface ProposeAmendment extends AgreementCommandBase {
  type: 'ProposeAmendment';
  proceedingId: string;
  draftedOn: LegalDate;
  operations: AmendmentOperation[];
  effect?: EffectiveDateClause;
}

/**
 * Opens an abolition (廃止) proceeding. Its first draft is the 廃止協約 drafted from the agreement's
 * latest title, its parties and its conclusion date, with the 附則 the terms give.
 */
export interface ProposeAbolition extends AgreementCommandBase, EffectiveDateTerms {
  type: 'ProposeAbolition';
  proceedingId: string;
  draftedOn: LegalDate;
  reason: string;
}

/** Withdraws a pending (not yet concluded) proceeding. */
export interface WithdrawProceeding extends AgreementCommandBase {
  type: 'WithdrawProceeding';
  proceedingId: string;
  withdrawnOn: LegalDate;
  reason: string;
}

/**
 * 誤記訂正 of a recorded fact. The application layer reads the stream, finds the event the client named
 * by `correctsEventId`, and passes that event's stream revision as `correctsRevision`; the domain checks
 * that the revision holds a fact the field can be corrected on.
 */
export interface RecordCorrection extends AgreementCommandBase {
  type: 'RecordCorrection';
  correctsEventId: string;
  correctsRevision: number;
  correction: CorrectionInput;
  reason: string;
}

export type AgreementCommand =
  | OpenAgreement
  | ReviseDraft
  | RecordCouncilResolution
  | ConcludeProceeding
  | RecordPublicNotice
  | RecordGovernorNotification
  | ProposeAmendment
  | ProposeAbolition
  | WithdrawProceeding
  | RecordCorrection;

export type AgreementCommandType = AgreementCommand['type'];

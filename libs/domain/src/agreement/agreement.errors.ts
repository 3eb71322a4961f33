/**
 * The agreement's rules, each a stable PascalCase code with its kind (→ HTTP status: conflict 409,
 * invalid 422, forbidden 403, not-found 404). Messages are built where the rule is checked and say
 * what is missing and what would be right.
 */
import { COMMON_ERROR_KINDS } from '../shared/common.errors';
import { domainErrorFactory, type DomainErrorKind } from '../shared/domain-error';

export const AGREEMENT_ERROR_KINDS = {
  ...COMMON_ERROR_KINDS,
  /** A clerk may record only its own municipality's council resolutions, notices and 届出 (and correct them). */
  ClerkMayRecordOnlyOwnMunicipality: 'forbidden',
  /** 乙 must be another municipality than 甲. */
  PartnerSameAsCoreCity: 'invalid',
  /** The drafted document is not a usable agreement text (no title, no article, duplicate measure ids…). */
  InvalidDocument: 'invalid',
  /** OpenAgreement on a stream that already holds an agreement. */
  AgreementAlreadyExists: 'conflict',
  /** Any other command on an empty stream. */
  AgreementNotFound: 'not-found',
  /** The proceedingId is already used in this agreement. */
  ProceedingAlreadyExists: 'conflict',
  /** No proceeding with that id in this agreement. */
  ProceedingNotFound: 'not-found',
  /** ReviseDraft with a draft of another kind than the proceeding's. */
  DraftKindMismatch: 'invalid',
  /** An amendment draft with no operations. */
  AmendmentWithoutOperations: 'invalid',
  /**
   * The amendment operations do not apply to their base (AmendmentError from legal-text): a draft's,
   * the text once every concluded version has taken effect; at conclusion, the text in force on the
   * day before its 施行日.
   */
  AmendmentDoesNotApply: 'invalid',
  /** An amendment's 施行日 before the agreement's own (第1版's) 施行日: there is no text to amend yet. */
  AmendmentEffectiveBeforeAgreement: 'invalid',
  /**
   * Concluding the amendment would leave an amendment that takes effect after it (未施行 on its
   * 施行日) with operations that no longer apply: the words it replaces are gone, the provision it
   * amends was deleted or renumbered.
   */
  PendingAmendmentWouldNotApply: 'invalid',
  /** Amendment or abolition of an agreement that is not concluded (still negotiating, or withdrawn). */
  AgreementNotConcluded: 'conflict',
  /** Amendment or abolition of an abolished agreement. */
  AgreementAbolished: 'conflict',
  /** At most one pending proceeding per agreement (conclusion, amendment or abolition). */
  AnotherProceedingPending: 'conflict',
  /** Draft, resolution, conclusion or withdrawal on a proceeding already concluded. */
  ProceedingAlreadyConcluded: 'conflict',
  /** Any step on a withdrawn proceeding. */
  ProceedingWithdrawn: 'conflict',
  /** A council that already approved the current draft cannot resolve on it again. */
  CouncilAlreadyApproved: 'conflict',
  /** Conclusion needs both councils' approval of the current draft. */
  ConclusionRequiresBothCouncilApprovals: 'conflict',
  /** A council's latest resolution is a rejection: it must approve a resubmission first. */
  CouncilRejectionBlocksConclusion: 'conflict',
  /** 施行日 before the conclusion date without `retroactive: { reason }`. */
  RetroactiveEffectRequiresReason: 'invalid',
  /** `retroactive` given while the 施行日 is not before the conclusion date. */
  RetroactiveFlagWithoutEarlierEffectiveDate: 'invalid',
  /** 告示 before the proceeding is concluded. */
  NoticeRequiresConclusion: 'conflict',
  /** 届出 before the proceeding is concluded. */
  NotificationRequiresConclusion: 'conflict',
  /** A second notice by the same party in the same proceeding. */
  DuplicatePublicNotice: 'conflict',
  /** A second 届出 by the same party in the same proceeding (its own or a joint one). */
  DuplicateGovernorNotification: 'conflict',
  /** The addressee the client stated is not the one derived from the parties (知事 of which prefecture, or 総務大臣). */
  WrongNotificationRecipient: 'invalid',
  /** The corrected revision holds no correctable fact of this agreement. */
  CorrectionTargetNotFound: 'not-found',
  /** The field cannot be corrected on that fact (e.g. a council's decision, or a text). */
  FieldNotCorrectable: 'invalid',
  /** The corrected value equals the current one. */
  CorrectionChangesNothing: 'invalid',
  /** A draft (案) dated after today in Japan: a draft is recorded once it is made. */
  DraftDateInFuture: 'invalid',
  /** A council resolution (議決) dated after today in Japan. */
  CouncilResolutionDateInFuture: 'invalid',
  /** A conclusion (締結) dated after today in Japan (its 施行日 may be ahead: that is a plan). */
  ConclusionDateInFuture: 'invalid',
  /** A public notice (告示) dated after today in Japan. */
  PublicNoticeDateInFuture: 'invalid',
  /** A notification to the 知事 (届出) dated after today in Japan. */
  GovernorNotificationDateInFuture: 'invalid',
  /** The withdrawal of a proceeding dated after today in Japan. */
  ProceedingWithdrawalDateInFuture: 'invalid',
  /** A correction (誤記訂正) that moves a 議決日, 告示日 or 届出日 after today in Japan. */
  CorrectedDateInFuture: 'invalid',
  /** A joint 届出 (連名) by parties in different prefectures, which have different governors. */
  JointNotificationAcrossPrefectures: 'invalid',
  /** An abolition draft given both a 施行日 (effectiveOn) and a retroactive 適用日 (appliesFrom). */
  AbolitionEffectAmbiguous: 'invalid',
  /** The conclusion's 施行日 is not the one the 廃止協約's 附則 states. */
  AbolitionEffectiveDateMismatch: 'invalid',
  /** The 附則's form does not fit the conclusion date: a 施行日 before it, or a 遡及 that is not one. */
  AbolitionEffectFormMismatch: 'invalid',
  /** An amendment draft given both a planned 施行日 (effectiveOn) and a retroactive 適用日 (appliesFrom). */
  AmendmentEffectAmbiguous: 'invalid',
  /** The conclusion's 施行日 is not the one the 変更協約's 附則 (as the councils approved it) states. */
  AmendmentEffectiveDateMismatch: 'invalid',
  /** The 変更協約's 附則 form does not fit the conclusion date. */
  AmendmentEffectFormMismatch: 'invalid',
} as const satisfies Record<string, DomainErrorKind>;

export type AgreementErrorCode = keyof typeof AGREEMENT_ERROR_KINDS;

export const AGREEMENT_ERROR_CODES = Object.keys(AGREEMENT_ERROR_KINDS) as AgreementErrorCode[];

export const agreementError = domainErrorFactory<AgreementErrorCode>(AGREEMENT_ERROR_KINDS);

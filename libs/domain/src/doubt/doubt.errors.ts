/**
 * The rules of doubts and disputes, each a stable PascalCase code with its kind (→ HTTP status:
 * conflict 409, invalid 422, forbidden 403, not-found 404).
 */
import { COMMON_ERROR_KINDS } from '../shared/common.errors';
import { domainErrorFactory, type DomainErrorKind } from '../shared/domain-error';

export const DOUBT_ERROR_KINDS = {
  ...COMMON_ERROR_KINDS,
  /** A clerk acts only for its own municipality, and only where that municipality is a party. */
  ClerkMayActOnlyForOwnMunicipality: 'forbidden',
  /** Only the party that raised the doubt withdraws it; only the applicant withdraws its application. */
  OnlyTheRaisingPartyMayWithdraw: 'forbidden',
  OnlyTheApplicantMayWithdraw: 'forbidden',
  /** RaiseDoubt on a stream that already holds a doubt. */
  DoubtAlreadyRaised: 'conflict',
  /** Any other command on an empty doubt stream. */
  DoubtNotFound: 'not-found',
  /** The agreement the doubt is about is not recorded. */
  AgreementNotFound: 'not-found',
  /** The raising party (or applicant, respondent, agreeing party) is not 甲 or 乙 of the agreement. */
  NotAPartyOfTheAgreement: 'invalid',
  /** No version of the agreement is in force on the raised date (before its 施行日, or after its abolition). */
  AgreementNotInForceOnRaisedDate: 'invalid',
  /** A doubt is raised on a date that has not come yet. */
  RaisedDateInFuture: 'invalid',
  /** The cited article/paragraph/item or measure does not exist in the version pinned on the raised date. */
  CitationNotInPinnedVersion: 'invalid',
  /** A malformed citation (a bad article number, a sub-item without an item …). */
  InvalidCitation: 'invalid',
  /** The doubt is resolved, withdrawn or concluded by a 処理方策: nothing more is recorded. */
  DoubtClosed: 'conflict',
  /** No consultation with that id in the consultation register. */
  ConsultationNotFound: 'not-found',
  /** The consultation belongs to another region (連携中枢都市圏). */
  ConsultationOfAnotherRegion: 'invalid',
  /** The consultation does not have both parties of the agreement among its participants. */
  ConsultationWithoutBothParties: 'invalid',
  /** A cancelled consultation takes nothing up. */
  ConsultationCancelled: 'conflict',
  /** The consultation was held before the doubt was raised. */
  ConsultationBeforeDoubt: 'invalid',
  /** The doubt is already linked to that consultation. */
  ConsultationAlreadyLinked: 'conflict',
  /** A resolution needs the agreement of both parties. */
  ResolutionRequiresBothParties: 'invalid',
  /** A resolution needs a consultation that was held (not only scheduled, postponed or cancelled). */
  ResolutionRequiresHeldConsultation: 'conflict',
  /** No resolution by consultation while the statutory procedure runs (unless the application was withdrawn). */
  ResolutionAfterEscalation: 'conflict',
  /** The follow-up proceeding is not a proceeding of this agreement. */
  FollowUpProceedingNotFound: 'not-found',
  /** A resolution starts an amendment (変更), not a conclusion or an abolition. */
  FollowUpMustBeAmendment: 'invalid',
  /** A withdrawn proceeding is no follow-up. */
  FollowUpProceedingWithdrawn: 'conflict',
  /** The follow-up proceeding was opened before the doubt was raised: it cannot follow from it. */
  FollowUpProceedingPredatesDoubt: 'invalid',
  /** The doubt is in the statutory procedure: withdraw the application first. */
  DoubtEscalated: 'conflict',
  /** An application is pending or decided: no second one. */
  AlreadyEscalated: 'conflict',
  /** The application goes to the 知事, or to the 総務大臣 where a prefecture is a party. */
  WrongApplicationRecipient: 'invalid',
  /** A step of the statutory procedure before the application. */
  ApplicationNotFiled: 'conflict',
  /** The application was withdrawn, or the 処理方策 was presented: it can no longer be withdrawn. */
  ApplicationNoLongerPending: 'conflict',
  /** Commissioners already appointed for this application. */
  CommissionersAlreadyAppointed: 'conflict',
  /** 自治紛争処理委員 are three for each case. */
  ThreeCommissionersRequired: 'invalid',
  /** The same commissioner named twice. */
  DuplicateCommissioner: 'invalid',
  /** A 処理方策 needs the commissioners to be appointed first. */
  CommissionersNotAppointed: 'conflict',
  /** The 処理方策 was already presented for this application. */
  ProposalAlreadyPresented: 'conflict',
  /** Notification, publication or a response before the 処理方策 was presented. */
  ProposalNotPresented: 'conflict',
  /** The 処理方策 was already notified / published. */
  ProposalAlreadyNotified: 'conflict',
  ProposalAlreadyPublished: 'conflict',
  /** A party responds to the 処理方策 once. */
  DuplicateResponse: 'conflict',
  /** A resolution or a withdrawal of the doubt dated after today in Japan. */
  DoubtStepDateInFuture: 'invalid',
  /** A step of the dispute procedure (or the date of the document proving it) after today in Japan. */
  DisputeStepDateInFuture: 'invalid',
  /**
   * The steps of the 知事 and the commissioners are recorded by the secretariat or an admin from
   * their documents, never by a party's clerk.
   */
  DisputeStepRecordedBySecretariatOnly: 'forbidden',
  /** A step of the 知事 or the commissioners without the document (文書番号 and date) that proves it. */
  DisputeStepEvidenceRequired: 'invalid',
} as const satisfies Record<string, DomainErrorKind>;

export type DoubtErrorCode = keyof typeof DOUBT_ERROR_KINDS;
export const DOUBT_ERROR_CODES = Object.keys(DOUBT_ERROR_KINDS) as DoubtErrorCode[];

export const doubtError = domainErrorFactory<DoubtErrorCode>(DOUBT_ERROR_KINDS);

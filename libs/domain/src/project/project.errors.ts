import { COST_SHARE_ERROR_KINDS } from '../cost-share/cost-share.errors';
import { domainErrorFactory, type DomainErrorKind } from '../shared/domain-error';

export const PROJECT_ERROR_KINDS = {
  ...COST_SHARE_ERROR_KINDS,
  /** The project's region is not declared. */
  RegionNotFound: 'not-found',
  /** RegisterProject on a stream that already holds a project. */
  ProjectAlreadyRegistered: 'conflict',
  /** Any other command on an empty stream. */
  ProjectNotFound: 'not-found',
  /** No agreement in force with the core city on the date contains the measure. */
  MeasureNotInForce: 'invalid',
  /** A project with no participating municipality. */
  ParticipantsRequired: 'invalid',
  /** A municipality without an agreement in force with the core city containing the measure on the date. */
  MunicipalityNotInForceUnderMeasure: 'invalid',
  /** A decision allocating to a municipality that does not take part in the project. */
  ParticipantNotInProject: 'invalid',
  /** The decision id is already used in this project. */
  DecisionAlreadyExists: 'conflict',
  /** A fiscal year already has a decision in force: revise it instead. */
  CostShareAlreadyDecided: 'conflict',
  /** The decision to revise does not exist in this project. */
  DecisionNotFound: 'not-found',
  /** Only the decision in force can be revised, not one already superseded. */
  DecisionAlreadySuperseded: 'conflict',
  /** The fiscal year is settled: its decision can no longer be revised. */
  FiscalYearAlreadySettled: 'conflict',
  /** Neither a consultation nor a reason for deciding without one. */
  ConsultationOrReasonRequired: 'invalid',
  /** Both a consultation and a reason for deciding without one. */
  ConsultationAndReasonBothGiven: 'invalid',
  /** The cited consultation does not exist. */
  ConsultationNotFound: 'not-found',
  /** The cited consultation is not held (scheduled, postponed or cancelled). */
  ConsultationNotHeld: 'conflict',
  /** The cited consultation is one of another region. */
  ConsultationInOtherRegion: 'invalid',
  /** A municipality sharing the cost did not attend the cited consultation. */
  ConsultationDidNotIncludeParticipants: 'invalid',
  /** A settlement for a fiscal year without a decision. */
  SettlementRequiresDecision: 'conflict',
  /** The fiscal year is already settled. */
  SettlementAlreadyRecorded: 'conflict',
  /** A cost-share decision (or revision) dated after today in Japan. */
  CostShareDecisionDateInFuture: 'invalid',
  /** A 決算 dated after today in Japan. */
  SettlementDateInFuture: 'invalid',
  /** A 決算 dated before its 年度 has ended (fiscal year N ends on N+1-03-31: settle from N+1-04-01). */
  SettlementBeforeFiscalYearEnd: 'invalid',
  /** A project registered on a date after today in Japan. */
  ProjectRegistrationDateInFuture: 'invalid',
} as const satisfies Record<string, DomainErrorKind>;

export type ProjectErrorCode = keyof typeof PROJECT_ERROR_KINDS;
export const PROJECT_ERROR_CODES = Object.keys(PROJECT_ERROR_KINDS) as ProjectErrorCode[];

export const projectError = domainErrorFactory<ProjectErrorCode>(PROJECT_ERROR_KINDS);

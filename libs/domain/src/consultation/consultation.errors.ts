import { COMMON_ERROR_KINDS } from '../shared/common.errors';
import { domainErrorFactory, type DomainErrorKind } from '../shared/domain-error';

export const CONSULTATION_ERROR_KINDS = {
  ...COMMON_ERROR_KINDS,
  /** The region of the consultation is not declared. */
  RegionNotFound: 'not-found',
  /** ScheduleConsultation on a stream that already holds a consultation. */
  ConsultationAlreadyScheduled: 'conflict',
  /** Any other command on an empty stream. */
  ConsultationNotFound: 'not-found',
  /** A municipality listed twice among participants or attendees. */
  DuplicateParticipant: 'invalid',
  /** A participant that is neither the core city nor a partner with an agreement in force on the date. */
  ParticipantNotRegionMember: 'invalid',
  /** A consultation under the agreements needs the core city and at least one partner. */
  ConsultationNeedsCoreCityAndPartner: 'invalid',
  /** The consultation was already recorded as held (a consultation is recorded once). */
  ConsultationAlreadyRecorded: 'conflict',
  /** The consultation was cancelled: nothing more can be recorded on it. */
  ConsultationCancelled: 'conflict',
  /** A held consultation needs at least one attendee. */
  AttendeesRequired: 'invalid',
  /** An attendee from a municipality that was not a participant. */
  AttendeeNotParticipant: 'invalid',
  /** An outcome cites an event the ledger does not hold. */
  OutcomeCitesUnknownEvent: 'invalid',
  /** An outcome cites an event of another kind than it says (a cost share citing an agreement event …). */
  OutcomeCitationMismatch: 'invalid',
  /** A consultation held, postponed or cancelled on a date after today in Japan (its scheduled date may be ahead). */
  ConsultationDateInFuture: 'invalid',
} as const satisfies Record<string, DomainErrorKind>;

export type ConsultationErrorCode = keyof typeof CONSULTATION_ERROR_KINDS;
export const CONSULTATION_ERROR_CODES = Object.keys(CONSULTATION_ERROR_KINDS) as ConsultationErrorCode[];

export const consultationError = domainErrorFactory<ConsultationErrorCode>(CONSULTATION_ERROR_KINDS);

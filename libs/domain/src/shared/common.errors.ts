import type { DomainErrorKind } from './domain-error';

/** Error codes used by more than one aggregate, with their kinds. */
export const COMMON_ERROR_KINDS = {
  /** The actor's role may not record this command at all (readers record nothing). */
  ActorNotPermitted: 'forbidden',
  /** A date that is not a real `YYYY-MM-DD` calendar date. */
  InvalidDate: 'invalid',
  /** A blank string where text is required (reason, notice number, name …). */
  RequiredValueMissing: 'invalid',
  /** A value outside its closed set (party, decision, recipient, kind …). */
  InvalidValue: 'invalid',
  /** A 全国地方公共団体コード that is not six digits or has a wrong check digit. */
  InvalidMunicipalityCode: 'invalid',
  /** A step dated before the step it follows (resolution < draft, conclusion < approval, notice < conclusion …). */
  StepDateBeforePreviousStep: 'invalid',
} as const satisfies Record<string, DomainErrorKind>;

export type CommonErrorCode = keyof typeof COMMON_ERROR_KINDS;

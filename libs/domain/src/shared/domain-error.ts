/**
 * The one error type the domain throws (DESIGN.md §8). A rule that is broken is reported with the
 * rule's stable PascalCase `code` (e.g. `ConclusionRequiresBothCouncilApprovals`), a `kind` the HTTP
 * layer maps to a status, and a `message` that says what is missing and what would be right — in
 * Japanese, because municipal staff read it.
 */

/**
 * - `conflict`  → 409: the command is well-formed but the agreement's state does not allow it now.
 * - `invalid`   → 422: the command itself is wrong (a bad date, a bad code, a missing reason).
 * - `forbidden` → 403: the acting party may not record this.
 * - `not-found` → 404: the agreement, proceeding or corrected fact does not exist.
 */
export type DomainErrorKind = 'conflict' | 'invalid' | 'forbidden' | 'not-found';

export const DOMAIN_ERROR_HTTP_STATUS: Readonly<Record<DomainErrorKind, number>> = {
  conflict: 409,
  invalid: 422,
  forbidden: 403,
  'not-found': 404,
};

export interface DomainErrorInit<Code extends string = string> {
  code: Code;
  kind: DomainErrorKind;
  message: string;
  /** The command field that is wrong, dotted (`signatories.core.name`), for problem+json `errors[]`. */
  field?: string;
  /** Extra facts for clients, JSON-compatible (e.g. `{ operationIndex: 2, provision: '第3条' }`). */
  details?: Readonly<Record<string, string | number | boolean>>;
}

export class DomainError<Code extends string = string> extends Error {
  override readonly name = 'DomainError';
  readonly code: Code;
  readonly kind: DomainErrorKind;
  readonly field: string | undefined;
  readonly details: Readonly<Record<string, string | number | boolean>>;

  constructor(init: DomainErrorInit<Code>) {
    super(init.message);
    this.code = init.code;
    this.kind = init.kind;
    this.field = init.field;
    this.details = init.details ?? {};
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** The factory of one aggregate's errors: each code carries its kind from the aggregate's table. */
export function domainErrorFactory<Code extends string>(
  kinds: Readonly<Record<Code, DomainErrorKind>>,
): (
  code: Code,
  message: string,
  options?: { field?: string; details?: Record<string, string | number | boolean> },
) => DomainError<Code> {
  return (code, message, options = {}) => new DomainError({ code, kind: kinds[code], message, ...options });
}

import { HttpException } from '@nestjs/common';

/** One broken rule on one field, as in `errors[]` of the problem document. */
export interface FieldError {
  /** JSON pointer-like path of the field: `parties.partner.municipalityCode`, or a header/query name. */
  field: string;
  /** The rule's name: `isDateString`, `municipalityCode`, `whitelistValidation`… */
  rule: string;
  message: string;
}

/** RFC 9457 problem details. `type` is a relative URI naming the problem; `code` is its stable name. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldError[];
  /** On 409/412: the record's current revision, so the client can re-read and retry. */
  currentRevision?: string | null;
  /** On domain-rule problems: the rule's name, as the domain states it. */
  rule?: string;
  /** On LedgerCorrupted and IntegrityFailing: the first ledger position found bad. */
  position?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** Throw this from anywhere in the API to answer with a problem document. */
export class ProblemException extends HttpException {
  constructor(readonly problem: Omit<ProblemDocument, 'type'> & { type?: string }) {
    super(problem.detail, problem.status);
  }

  toDocument(): ProblemDocument {
    return { type: problemType(this.problem.code), ...this.problem };
  }
}

export function problemType(code: string): string {
  return `/problems/${code}`;
}

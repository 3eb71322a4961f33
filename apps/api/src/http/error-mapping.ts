import {
  IdempotencyKeyReusedError,
  InvalidEventError,
  StoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '@kyoyaku/event-store';
import { DOMAIN_ERROR_HTTP_STATUS, isDomainError } from '@kyoyaku/domain';
import { STATUS_CODES } from 'node:http';
import { type ProblemDocument, problemType } from './problem';

function problem(
  status: number,
  code: string,
  detail: string,
  extra: Partial<ProblemDocument> = {},
): ProblemDocument {
  return { type: problemType(code), title: STATUS_CODES[status] ?? 'Error', status, code, detail, ...extra };
}

/** Maps errors the application knows to problem documents; null for anything else. */
export function toProblem(error: unknown): ProblemDocument | null {
  if (isDomainError(error)) {
    const status = DOMAIN_ERROR_HTTP_STATUS[error.kind];
    return problem(status, error.code, error.message, {
      rule: error.code,
      ...(error.field === undefined
        ? {}
        : { errors: [{ field: error.field, rule: error.code, message: error.message }] }),
      ...error.details,
    });
  }
  if (error instanceof WrongExpectedRevisionError) {
    return problem(
      409,
      'ConcurrentModification',
      'Someone else changed this record since you read it. Read it again and retry.',
      { currentRevision: error.actual === null ? null : error.actual.toString() },
    );
  }
  if (error instanceof StreamNotFoundError) return problem(404, 'NotFound', error.message);
  if (error instanceof IdempotencyKeyReusedError) {
    return problem(
      422,
      'IdempotencyKeyReused',
      'This Idempotency-Key was already used for a different request.',
    );
  }
  if (error instanceof InvalidEventError) return problem(422, 'InvalidEvent', error.message);
  if (error instanceof StoreUnavailableError) {
    return problem(
      503,
      'StoreUnavailable',
      'The ledger cannot record now; nothing was written. Retry later.',
    );
  }
  return null;
}

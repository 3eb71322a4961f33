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

function problem(status: number, code: string, detail: string, extra: Partial<ProblemDocument> = {}): ProblemDocument {
  return { type: problemType(code), title: STATUS_CODES[status] ?? 'Error', status, code, detail, ...extra };
}

/** Fastify's own errors (raised before a route runs): body parsing, size, media type. */
function fromFastifyError(error: { code: string; message: string; statusCode?: number }): ProblemDocument | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(413, 'PayloadTooLarge', 'The request body is larger than the server accepts.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem(400, 'MalformedJson', `The request body is not valid JSON: ${error.message}`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(415, 'UnsupportedMediaType', 'Send the request body as application/json.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problem(400, 'BadContentLength', 'The Content-Length header does not match the body.');
    default:
      if (error.code.startsWith('FST_ERR_') && error.statusCode !== undefined && error.statusCode < 500) {
        return problem(error.statusCode, 'BadRequest', error.message);
      }
      return null;
  }
}

function isFastifyError(e: unknown): e is { code: string; message: string; statusCode?: number } {
  return e instanceof Error && typeof (e as { code?: unknown }).code === 'string';
}

/** Maps errors the application knows to problem documents; null for anything else. */
export function toProblem(error: unknown): ProblemDocument | null {
  if (isDomainError(error)) {
    const status = DOMAIN_ERROR_HTTP_STATUS[error.kind];
    return problem(status, error.code, error.message, {
      rule: error.code,
      ...(error.field === undefined ? {} : { errors: [{ field: error.field, rule: error.code, message: error.message }] }),
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
    return problem(422, 'IdempotencyKeyReused', 'This Idempotency-Key was already used for a different request.');
  }
  if (error instanceof InvalidEventError) return problem(422, 'InvalidEvent', error.message);
  if (error instanceof StoreUnavailableError) {
    return problem(503, 'StoreUnavailable', 'The ledger cannot record now; nothing was written. Retry later.');
  }
  if (isFastifyError(error)) return fromFastifyError(error);
  return null;
}

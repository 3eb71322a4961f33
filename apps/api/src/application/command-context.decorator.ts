import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { RequestWithActor } from '../auth/access.decorators';
import { ProblemException } from '../http/problem';
import type { RequestWithNormalization } from '../http/text-normalization';
import type { RequestWithIdempotency } from '../idempotency/idempotency.interceptor';
import { TRACE_ID_PATTERN } from '../observability/request-id';
import type { CommandContext } from '@kyoyaku/runtime';

/** If-Match carries the revision the client read, as the ETag gave it: "12" (W/ and quotes optional). */
function parseIfMatch(header: string | undefined): bigint | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,19})"?$/.exec(header.trim());
  const digits = match?.[1];
  if (digits === undefined) {
    throw new ProblemException({
      status: 400,
      title: 'Bad Request',
      code: 'ValidationFailed',
      detail: 'If-Match must be the ETag of the record as read, e.g. "12".',
      errors: [{ field: 'If-Match', rule: 'etag', message: 'an ETag such as "12"' }],
    });
  }
  return BigInt(digits);
}

/**
 * The CommandContext of a write request: the actor, Idempotency-Key (with the request's fingerprint
 * the idempotency interceptor took), If-Match and correlation id —
 * the client's X-Correlation-Id when it sent a sane one, otherwise the request id (X-Request-Id), so
 * an event's metadata leads to the log lines of the request that wrote it.
 */
export const CommandContextOf = createParamDecorator(
  (_: unknown, context: ExecutionContext): CommandContext => {
    const request = context
      .switchToHttp()
      .getRequest<RequestWithActor & RequestWithNormalization & RequestWithIdempotency>();
    const header = (name: string): string | undefined => {
      const value = request.headers[name];
      return typeof value === 'string' ? value : undefined;
    };
    const correlation = header('x-correlation-id');
    const expectedRevision = parseIfMatch(header('if-match'));
    const idempotencyKey = header('idempotency-key');
    return {
      actor: request.actor ?? { id: 'anonymous', role: 'reader' },
      correlationId:
        correlation !== undefined && TRACE_ID_PATTERN.test(correlation) ? correlation : request.id,
      source: 'api',
      ...(expectedRevision === undefined ? {} : { expectedRevision }),
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
      ...(request.requestDigest === undefined ? {} : { requestDigest: request.requestDigest }),
      ...(request.textNormalization === undefined ? {} : { normalization: request.textNormalization }),
    };
  },
);

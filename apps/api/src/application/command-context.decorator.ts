import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { RequestWithActor } from '../auth/access.decorators';
import { ProblemException } from '../http/problem';
import type { RequestWithNormalization } from '../http/text-normalization';
import type { CommandContext } from './command-context';

const CORRELATION_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

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

/** The CommandContext of a write request: the actor, Idempotency-Key, If-Match and correlation id. */
export const CommandContextOf = createParamDecorator(
  (_: unknown, context: ExecutionContext): CommandContext => {
    const request = context.switchToHttp().getRequest<RequestWithActor & RequestWithNormalization>();
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
        correlation !== undefined && CORRELATION_ID.test(correlation) ? correlation : randomUUID(),
      source: 'api',
      ...(expectedRevision === undefined ? {} : { expectedRevision }),
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
      ...(request.textNormalization === undefined ? {} : { normalization: request.textNormalization }),
    };
  },
);

import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import canonicalize from 'canonicalize';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { concatMap, from, type Observable, of } from 'rxjs';
import type { RequestWithActor } from '../auth/access.decorators';
import { ProblemException } from '../http/problem';
import { CLOCK, type Clock, IdempotencyRepository } from '@kyoyaku/runtime';
import { StoreUnavailableError } from '@kyoyaku/event-store';

/** The write was committed, but its answer could not be kept for retries (the API state away). */
export class AnswerNotSavedError extends Error {
  override readonly name = 'AnswerNotSavedError';
  constructor(cause: StoreUnavailableError) {
    super(`the answer could not be saved: ${cause.message}`, { cause });
  }
}

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

/** A request with an Idempotency-Key, and its fingerprint, which the command records with its events. */
export type RequestWithIdempotency = FastifyRequest & { requestDigest?: string };
const REPLAYED_HEADERS = ['etag', 'location', 'content-type'];

/** The status Nest will send (it applies @HttpCode after interceptors run): 201 for POST by default. */
function successStatus(context: ExecutionContext): number {
  const declared: unknown = Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler());
  return typeof declared === 'number' ? declared : 201;
}

/**
 * Idempotency-Key on POST (DESIGN.md §8): the same key and body replay the first response; the same
 * key with another body is 422. Keys are scoped to the caller's token so two callers never collide.
 * The key and the request's fingerprint also travel with the command to the store: a retry racing
 * the first attempt still records its events once, and a retry whose first answer was never saved
 * here (the process died after the commit) or has expired is answered from those events
 * (CommandExecutor). The records here are a cache of answers, kept for `idempotencyRecordHours`, in
 * the API state every process shares on PostgreSQL: a retry sent to another process is answered
 * from it. The record is saved before the answer leaves; when it cannot be, the answer is a 503 that
 * says the write may have been recorded (a retry with the key is answered from its events).
 * WriteAccess puts it on each write route; reads never pass through it.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly records: IdempotencyRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined) return next.handle();
    if (typeof key !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw new ProblemException({
        status: 400,
        title: 'Bad Request',
        code: 'ValidationFailed',
        detail: 'The Idempotency-Key header must be 8 to 128 characters of A–Z, a–z, 0–9, _ . : -',
        errors: [{ field: 'Idempotency-Key', rule: 'pattern', message: 'use e.g. a UUID' }],
      });
    }
    const scope = request.actor?.id ?? 'anonymous';
    const digest = createHash('sha256')
      .update(`${request.method} ${request.url}\n${canonicalize(request.body ?? null) ?? ''}`)
      .digest('hex');
    (request as RequestWithIdempotency).requestDigest = digest;
    return from(this.records.find(scope, key, this.clock.now())).pipe(
      concatMap((stored) => {
        if (stored === null) return this.answerAndSave(context, next, reply, scope, key, digest);
        if (stored.requestDigest !== digest) {
          throw new ProblemException({
            status: 422,
            title: 'Unprocessable Content',
            code: 'IdempotencyKeyReused',
            detail:
              'This Idempotency-Key was already used with a different request; use a new key for a new request.',
          });
        }
        void reply.status(stored.status).headers({ ...stored.headers, 'idempotent-replayed': 'true' });
        return of(JSON.parse(stored.body) as unknown);
      }),
    );
  }

  private answerAndSave(
    context: ExecutionContext,
    next: CallHandler,
    reply: FastifyReply,
    scope: string,
    key: string,
    digest: string,
  ): Observable<unknown> {
    return next.handle().pipe(
      concatMap(async (body: unknown) => {
        const headers: Record<string, string> = {};
        for (const name of REPLAYED_HEADERS) {
          const value = reply.getHeader(name);
          if (typeof value === 'string') headers[name] = value;
        }
        try {
          await this.records.save(
            scope,
            key,
            {
              requestDigest: digest,
              status: successStatus(context),
              headers,
              body: JSON.stringify(body ?? null),
            },
            this.clock.now(),
          );
        } catch (error) {
          // The events are committed: the client must not read "nothing was written".
          throw error instanceof StoreUnavailableError ? new AnswerNotSavedError(error) : error;
        }
        return body;
      }),
    );
  }
}

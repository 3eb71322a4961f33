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
import { type Observable, of, tap } from 'rxjs';
import type { RequestWithActor } from '../auth/access.decorators';
import { ProblemException } from '../http/problem';
import { CLOCK, type Clock, IdempotencyRepository } from '@kyoyaku/runtime';

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
 * (CommandExecutor). The records here are a cache of answers, kept for `idempotencyRecordHours`.
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
    const stored = this.records.find(scope, key, this.clock.now());
    if (stored !== null) {
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
    }
    return next.handle().pipe(
      tap((body) => {
        const headers: Record<string, string> = {};
        for (const name of REPLAYED_HEADERS) {
          const value = reply.getHeader(name);
          if (typeof value === 'string') headers[name] = value;
        }
        this.records.save(
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
      }),
    );
  }
}

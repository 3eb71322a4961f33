import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccessTokenRepository, LEDGER_CONFIG, type LedgerConfig } from '@kyoyaku/runtime';
import { RateLimiter } from '../http/rate-limit';
import { answeredBeforeItsBody } from '../http/server-options';
import { admitRequest } from './access.guard';

/** The rate limits and the route's access policy applied to one request (it has a policy). */
export interface Admission {
  /**
   * Admitted with nothing to count or look up — an anonymous read of an open ledger with the
   * per-address limit off — so the caller need not wait (the read cache answers a hit at once).
   */
  atOnce(request: FastifyRequest): boolean;
  /** The decision, once per request: refused with the problem to answer. */
  decide(request: FastifyRequest, reply: FastifyReply): Promise<void>;
}

/**
 * The cheap refusals, decided once per request: a second call (the read cache asks first, then the
 * onRequest hook below) gets the first decision, so the limits count each request once.
 */
export function admissionOf(app: NestFastifyApplication): Admission {
  const limiter = app.get(RateLimiter);
  const tokens = app.get(AccessTokenRepository);
  const config = app.get<LedgerConfig>(LEDGER_CONFIG);
  const decided = new WeakMap<FastifyRequest, Promise<void>>();
  const decideOnce = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    try {
      await limiter.admit(request, reply);
      await admitRequest(request.routeOptions.config.accessPolicy, request, tokens, config);
    } catch (refusal) {
      answeredBeforeItsBody(request.raw);
      throw refusal;
    }
  };
  return {
    atOnce: (request) => admittedAtOnce(config, request),
    decide: (request, reply) => {
      let decision = decided.get(request);
      if (decision === undefined) {
        decision = decideOnce(request, reply);
        decided.set(request, decision);
      }
      return decision;
    },
  };
}

/**
 * An anonymous read of an open ledger with the per-address limit off: admitted, with no counter to
 * move and no token to look up — what admitRequest decides for it, without its asynchronous steps.
 * No Authorization header at all: Node keeps the first of several, so none means none.
 */
export function admittedAtOnce(
  config: Pick<LedgerConfig, 'rateLimit' | 'readAccess'>,
  request: Pick<FastifyRequest, 'headers' | 'routeOptions'>,
): boolean {
  return (
    config.rateLimit.perAddress === 0 &&
    request.headers.authorization === undefined &&
    config.readAccess === 'open' &&
    request.routeOptions.config.accessPolicy?.kind === 'read'
  );
}

/**
 * The cheap refusals come first: in Fastify's onRequest hook, before the body is read, parsed or
 * normalised, the rate limits are counted and the route's access policy (its roles) is applied, with
 * the same 401/403/429 problem documents as the AccessGuard, which checks again. An anonymous write
 * costs the server no parsing, whatever its body. Routes outside the API (the web application's
 * files, /docs) have no policy and are not counted; an API route without one is refused by the guard.
 */
export function checkAccessBeforeBody(app: NestFastifyApplication, admission: Admission): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      if (request.routeOptions.config.accessPolicy === undefined || admission.atOnce(request)) {
        done();
        return;
      }
      admission.decide(request, reply).then(() => done(), done);
    });
}

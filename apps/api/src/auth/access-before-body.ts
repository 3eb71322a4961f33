import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccessTokenRepository, LEDGER_CONFIG, type LedgerConfig } from '@kyoyaku/runtime';
import { RateLimiter } from '../http/rate-limit';
import { answeredBeforeItsBody } from '../http/server-options';
import { admitRequest } from './access.guard';

/** The rate limits and the route's access policy applied to one request (it has a policy). */
export type Admission = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * The cheap refusals, decided once per request: a second call (the read cache asks first, then the
 * onRequest hook below) gets the first decision, so the limits count each request once.
 */
export function admissionOf(app: NestFastifyApplication): Admission {
  const limiter = app.get(RateLimiter);
  const tokens = app.get(AccessTokenRepository);
  const config = app.get<LedgerConfig>(LEDGER_CONFIG);
  const decided = new WeakMap<FastifyRequest, Promise<void>>();
  const decide = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    try {
      await limiter.admit(request, reply);
      await admitRequest(request.routeOptions.config.accessPolicy, request, tokens, config);
    } catch (refusal) {
      answeredBeforeItsBody(request.raw);
      throw refusal;
    }
  };
  return (request, reply) => {
    let decision = decided.get(request);
    if (decision === undefined) {
      decision = decide(request, reply);
      decided.set(request, decision);
    }
    return decision;
  };
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
    .addHook('onRequest', async (request, reply) => {
      if (request.routeOptions.config.accessPolicy === undefined) return;
      await admission(request, reply);
    });
}

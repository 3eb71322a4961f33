import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AccessTokenRepository, LEDGER_CONFIG, type LedgerConfig } from '@kyoyaku/runtime';
import { RateLimiter } from '../http/rate-limit';
import { answeredBeforeItsBody } from '../http/server-options';
import { admitRequest } from './access.guard';

/**
 * The cheap refusals come first: in Fastify's onRequest hook, before the body is read, parsed or
 * normalised, the rate limits are counted and the route's access policy (its roles) is applied, with
 * the same 401/403/429 problem documents as the AccessGuard, which checks again. An anonymous write
 * costs the server no parsing, whatever its body. Routes outside the API (the web application's
 * files, /docs) have no policy and are not counted; an API route without one is refused by the guard.
 */
export function checkAccessBeforeBody(app: NestFastifyApplication): void {
  const limiter = app.get(RateLimiter);
  const tokens = app.get(AccessTokenRepository);
  const config = app.get<LedgerConfig>(LEDGER_CONFIG);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request, reply) => {
      const policy = request.routeOptions.config.accessPolicy;
      if (policy === undefined) return;
      try {
        await limiter.admit(request, reply);
        await admitRequest(policy, request, tokens, config);
      } catch (refusal) {
        answeredBeforeItsBody(request.raw);
        throw refusal;
      }
    });
}

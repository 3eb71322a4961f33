import { type DynamicModule, type ExecutionContext, Injectable } from '@nestjs/common';
import {
  normalizeIp,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  ThrottlerModule,
  type ThrottlerOptions,
} from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import type { LedgerConfig } from '@kyoyaku/runtime';
import { ProblemException } from './problem';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The bearer token of a request, hashed: the limiter never holds a token itself. */
function tokenTracker(request: FastifyRequest): string {
  return `token:${sha256(request.headers.authorization ?? '')}`;
}

/** The client's address as limits count it: IPv4 as is, IPv6 by its /64. */
export function clientAddress(request: FastifyRequest): string {
  return normalizeIp(request.ip);
}

function addressTracker(request: FastifyRequest): string {
  return `address:${clientAddress(request)}`;
}

function requestOf(context: ExecutionContext): FastifyRequest {
  return context.switchToHttp().getRequest<FastifyRequest>();
}

/**
 * Two limits over a sliding window (LEDGER_RATE_LIMIT_*): requests per client address, and requests
 * per bearer token. Each counts across all routes; 0 turns it off.
 */
export function rateLimitModule(config: LedgerConfig): DynamicModule {
  const { windowSeconds, perAddress, perToken } = config.rateLimit;
  const ttl = windowSeconds * 1000;
  const throttlers: ThrottlerOptions[] = [
    {
      name: 'address',
      ttl,
      limit: perAddress,
      skipIf: () => perAddress === 0,
      getTracker: (request) => addressTracker(request as FastifyRequest),
    },
    {
      name: 'token',
      ttl,
      limit: perToken,
      skipIf: (context) => perToken === 0 || requestOf(context).headers.authorization === undefined,
      getTracker: (request) => tokenTracker(request as FastifyRequest),
    },
  ];
  return ThrottlerModule.forRoot({
    throttlers,
    setHeaders: false,
    // One count per client across every route, not one per route.
    generateKey: (_context, tracker, name) => sha256(`${name}\u0000${tracker}`),
  });
}

/**
 * Runs before the AccessGuard, so guessing tokens is limited too. A refused request is a 429
 * problem document with Retry-After (seconds until the window lets the client in again).
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfter = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    void context.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(retryAfter));
    const per = detail.tracker.startsWith('token:') ? 'bearer token' : 'client address';
    throw new ProblemException({
      status: 429,
      title: 'Too Many Requests',
      code: 'RateLimited',
      detail: `More than ${detail.limit} requests in ${detail.ttl / 1000} s from this ${per}; retry after ${retryAfter} s.`,
    });
  }
}

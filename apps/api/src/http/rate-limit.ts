import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { normalizeIp, ThrottlerStorageService } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { LEDGER_CONFIG, type LedgerConfig } from '@kyoyaku/runtime';
import { bearerToken } from '../auth/access.guard';
import { ProblemException } from './problem';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The client's address as limits count it: IPv4 as is, IPv6 by its /64. */
export function clientAddress(request: FastifyRequest): string {
  return normalizeIp(request.ip);
}

/**
 * Two limits over a sliding window (LEDGER_RATE_LIMIT_*): requests per client address, and requests
 * per bearer token (the token hashed: the limiter never holds a token itself). Each counts across all
 * API routes; 0 turns it off. Applied before the token is checked and before the body is read
 * (access-before-body.ts), so guessing tokens and sending bodies are limited too. A refused request
 * is a 429 problem document with Retry-After (seconds until the window lets the client in again).
 * The counts are this process's: with several processes the deployment's limit is the gateway's, and
 * this one is the second line (README, On PostgreSQL).
 */
@Injectable()
export class RateLimiter implements OnApplicationShutdown {
  private readonly storage = new ThrottlerStorageService();

  constructor(@Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {}

  async admit(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const { perAddress, perToken } = this.config.rateLimit;
    if (perAddress > 0) await this.count('address', clientAddress(request), perAddress, reply);
    const authorization = request.headers.authorization;
    // Counted by the token, not the header's spelling ("bearer", more spaces), which varies freely.
    if (perToken > 0 && authorization !== undefined)
      await this.count('token', sha256(bearerToken(authorization) ?? authorization), perToken, reply);
  }

  onApplicationShutdown(): void {
    this.storage.onApplicationShutdown();
  }

  private async count(
    per: 'address' | 'token',
    tracker: string,
    limit: number,
    reply: FastifyReply,
  ): Promise<void> {
    const windowMs = this.config.rateLimit.windowSeconds * 1000;
    const record = await this.storage.increment(
      sha256(`${per}\u0000${tracker}`),
      windowMs,
      limit,
      windowMs,
      per,
    );
    if (!record.isBlocked) return;
    const retryAfter = Math.max(1, Math.ceil(record.timeToBlockExpire));
    void reply.header('retry-after', String(retryAfter));
    throw new ProblemException({
      status: 429,
      title: 'Too Many Requests',
      code: 'RateLimited',
      detail: `More than ${limit} requests in ${windowMs / 1000} s from this ${per === 'token' ? 'bearer token' : 'client address'}; retry after ${retryAfter} s.`,
    });
  }
}

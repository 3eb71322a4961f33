import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * What a client may send as X-Request-Id or X-Correlation-Id: short and printable, so it is safe in a
 * log line and in an event's metadata. Anything else is ignored, not refused.
 */
export const TRACE_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

/** Fastify's genReqId: the client's X-Request-Id when it is sane, otherwise a fresh UUID. */
export function requestIdOf(raw: IncomingMessage): string {
  const sent = raw.headers['x-request-id'];
  return typeof sent === 'string' && TRACE_ID_PATTERN.test(sent) ? sent : randomUUID();
}

/** Every answer names its request id, so a client can quote it and an operator can find the log line. */
export function echoRequestId(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
}

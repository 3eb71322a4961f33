import type {
  FastifyError,
  FastifyHttpOptions,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
} from 'fastify';
import type { Socket } from 'node:net';
import { type IncomingMessage, type Server, STATUS_CODES } from 'node:http';
import type { LedgerConfig } from '@kyoyaku/runtime';
import { PROBLEM_CONTENT_TYPE, problemType } from './problem';
import { sendProblem } from './problem-details.filter';

/**
 * Connections whose request was answered (401, 403, 429) before its body arrived: Node goes on
 * reading the body to discard it, and a sender that never finishes it is disconnected by the request
 * timeout without a second answer.
 */
const answeredBeforeBody = new WeakSet<Socket>();

/** Marks a request answered before its body was read, until the body has been received whole. */
export function answeredBeforeItsBody(request: IncomingMessage): void {
  if (request.complete) return;
  answeredBeforeBody.add(request.socket);
  request.once('end', () => answeredBeforeBody.delete(request.socket));
}

/**
 * What Node refuses before any route runs — a request not received in time (408), headers too large
 * (431), bytes that are not HTTP (400) — answered as problem+json too, then the connection is closed.
 */
function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (answeredBeforeBody.has(socket)) {
    socket.destroy();
    return;
  }
  const [status, code, detail] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'RequestTimeout', 'The request was not received in time (LEDGER_REQUEST_TIMEOUT_MS).']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'HeadersTooLarge', 'The request headers are larger than this server accepts (16 KiB).']
        : [400, 'MalformedRequest', 'The request is not valid HTTP/1.1.'];
  const body = JSON.stringify({ type: problemType(code), title: STATUS_CODES[status], status, code, detail });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * What Fastify's router refuses before any hook runs — a path whose percent-encoding is broken, a path
 * parameter longer than the router takes — answered as problem+json with the request id.
 */
function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  void reply.header('x-request-id', request.id).header('x-content-type-options', 'nosniff');
  sendProblem(reply, {
    type: problemType(tooLong ? 'PathParameterTooLong' : 'MalformedUrl'),
    title: STATUS_CODES[tooLong ? 414 : 400] ?? 'Bad Request',
    status: tooLong ? 414 : 400,
    code: tooLong ? 'PathParameterTooLong' : 'MalformedUrl',
    detail: tooLong
      ? `A path parameter is longer than ${MAX_PARAM_LENGTH} characters; no id of this API is.`
      : 'The path is not valid percent-encoded UTF-8.',
  });
}

/**
 * An HTTP/1.1 request without Host is a 400 (RFC 9112 §3.2). Node's own check answers it with an
 * empty body, so it is turned off (requireHostHeader below) and made here, first of all hooks.
 */
export function refuseRequestsWithoutHost(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const raw = request.raw;
    if (raw.httpVersion !== '1.1' || raw.headers.host !== undefined) {
      done();
      return;
    }
    void reply.header('x-content-type-options', 'nosniff');
    sendProblem(reply, {
      type: problemType('MissingHost'),
      title: STATUS_CODES[400] ?? 'Bad Request',
      status: 400,
      code: 'MissingHost',
      detail: 'An HTTP/1.1 request must carry a Host header (RFC 9112 §3.2); nothing was recorded.',
    });
  });
}

/** Longest path parameter the router takes (ids are at most 64 characters; longer ones get 400 from validation). */
const MAX_PARAM_LENGTH = 500;

/**
 * Options of the HTTP server: size and time limits: the body limit (LEDGER_BODY_LIMIT), the time a client has
 * to send its whole request (LEDGER_REQUEST_TIMEOUT_MS, against slow senders) and how long a
 * connection may stay silent (LEDGER_IDLE_TIMEOUT_MS, against clients that stop reading). Server-sent
 * event streams are exempt from the idle limit: the stream lifts it on its socket. Refusals that happen
 * before any route runs are problem+json too.
 */
export function serverOptions(
  config: LedgerConfig,
): Pick<
  FastifyHttpOptions<Server>,
  | 'bodyLimit'
  | 'requestTimeout'
  | 'connectionTimeout'
  | 'http'
  | 'clientErrorHandler'
  | 'frameworkErrors'
  | 'routerOptions'
> {
  return {
    bodyLimit: config.bodyLimit,
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.idleTimeoutMs,
    http: {
      // Node enforces the request timeout only while the headers timeout (60 s by default) is not
      // longer; and it checks at this interval (30 s by default, too coarse for a short limit).
      requestTimeout: config.requestTimeoutMs,
      headersTimeout: Math.min(60_000, config.requestTimeoutMs),
      connectionsCheckingInterval: Math.min(30_000, Math.max(50, Math.floor(config.requestTimeoutMs / 4))),
      // Refused by refuseRequestsWithoutHost as problem+json instead.
      requireHostHeader: false,
    },
    clientErrorHandler,
    frameworkErrors,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
  };
}

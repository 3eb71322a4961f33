import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { PROBLEM_CONTENT_TYPE, ProblemException, type ProblemDocument, problemType } from './problem';
import { toProblem } from './error-mapping';

/**
 * Every error leaves the API as RFC 9457 problem+json. Known errors (validation, domain rules, store
 * conflicts, Fastify's body parsing) are mapped in error-mapping.ts; anything else is a 500 whose
 * detail hides internals and whose cause is logged.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    if (isClientAbort(exception, request)) {
      // The client's doing, not a defect (no 500, no error line): nothing was recorded, and the
      // connection went with the request, so there is no one to answer.
      this.logger.log(
        `The client closed the connection before its request was received whole (${request.method} ${request.url}); nothing was recorded.`,
      );
      return;
    }
    const problem = this.problemFor(exception);
    problem.instance = request.url;
    sendProblem(reply, problem);
  }

  private problemFor(exception: unknown): ProblemDocument {
    if (exception instanceof ProblemException) return exception.toDocument();
    const mapped = toProblem(exception);
    if (mapped) return mapped;
    if (exception instanceof HttpException) return fromHttpException(exception);
    // Duck-typed like isClientAbort: an error from another realm still has its stack logged.
    const stack = (exception as { stack?: unknown } | null)?.stack;
    this.logger.error(typeof stack === 'string' ? stack : String(exception));
    return {
      type: problemType('internal-error'),
      title: 'Internal Server Error',
      status: 500,
      code: 'InternalError',
      detail:
        'The server failed to process the request. Nothing the request asked for should be assumed done.',
    };
  }
}

/**
 * A request whose body stopped arriving because the client closed or reset the connection: Node's
 * `Error: aborted` (ECONNRESET) on the request stream, which Fastify hands on from its body reader.
 * (At the HTTP level, a half-closed request is answered 400 by the server's clientError handler.)
 */
function isClientAbort(exception: unknown, request: FastifyRequest): boolean {
  // Duck-typed: Node creates it, and instanceof Error may be false across realms (as under Jest).
  return (exception as { code?: unknown } | null)?.code === 'ECONNRESET' && request.raw.destroyed;
}

export function sendProblem(reply: FastifyReply, problem: ProblemDocument): void {
  if (reply.sent) return;
  if (problem.status === 401) void reply.header('www-authenticate', 'Bearer');
  void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}

/**
 * Fastify's own refusals (body parsing, size, media type) reach the filter as HttpExceptions that
 * keep only Fastify's message; the ones clients most need are named here.
 */
function fastifyRefusal(status: number, message: string): Pick<ProblemDocument, 'code' | 'detail'> | null {
  if (status === 400 && /JSON/.test(message)) {
    return {
      code: 'MalformedJson',
      detail: `The request body is not valid JSON (${message}); nothing was recorded.`,
    };
  }
  if (status === 413) {
    return {
      code: 'PayloadTooLarge',
      detail: 'The request body is larger than this server accepts (LEDGER_BODY_LIMIT).',
    };
  }
  if (status === 415) {
    return { code: 'UnsupportedMediaType', detail: 'Send the request body as application/json.' };
  }
  return null;
}

function fromHttpException(exception: HttpException): ProblemDocument {
  const status = exception.getStatus();
  const response = exception.getResponse();
  const message =
    typeof response === 'object' && response !== null && 'message' in response
      ? String(response.message)
      : exception.message;
  const refusal = fastifyRefusal(status, message);
  const code =
    refusal?.code ?? (status === 404 ? 'NotFound' : (STATUS_CODES[status] ?? 'Error').replace(/\s+/g, ''));
  return {
    type: problemType(code),
    title: STATUS_CODES[status] ?? 'Error',
    status,
    code,
    detail: refusal?.detail ?? message,
  };
}

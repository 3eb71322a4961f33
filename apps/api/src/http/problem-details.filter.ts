import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
    const allowed =
      exception instanceof NotFoundException && request.is404
        ? allowedMethods(reply.server, request.method, request.url)
        : [];
    const problem =
      allowed.length > 0 ? methodNotAllowed(request.method, allowed) : this.problemFor(exception, request);
    if (allowed.length > 0) void reply.header('allow', allowed.join(', '));
    problem.instance = request.url;
    // RFC 9110 §15.5.17: a 416 says how long the file is.
    const range = problem.status === 416 ? contentRangeOf(exception) : null;
    if (range !== null) void reply.header('content-range', range);
    sendProblem(reply, problem);
  }

  private problemFor(exception: unknown, request: FastifyRequest): ProblemDocument {
    if (exception instanceof ProblemException) return exception.toDocument();
    const mapped = toProblem(exception);
    if (mapped) return mapped;
    const file = fileServerRefusal(exception, request);
    if (file) return file;
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

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * The methods the routes of a path that no route of the request's method matched do take: none for
 * an unknown path (a 404); else the request is a 405 naming them (RFC 9110 §15.5.6).
 */
function allowedMethods(fastify: FastifyInstance, method: string, url: string): string[] {
  const path = url.split('?', 1)[0] ?? url;
  const allowed = METHODS.filter((m) => fastify.findRoute({ method: m, url: path }) !== null);
  // A route of this very method sent it here itself (the web app's shell to a JSON client): a 404.
  return allowed.some((m) => m === method) ? [] : allowed;
}

function methodNotAllowed(method: string, allowed: readonly string[]): ProblemDocument {
  return {
    type: problemType('MethodNotAllowed'),
    title: STATUS_CODES[405] ?? 'Method Not Allowed',
    status: 405,
    code: 'MethodNotAllowed',
    detail: `This path does not take ${method}; it takes ${allowed.join(', ')} (see /docs).`,
  };
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

/**
 * The refusals of the static file server (behind /app/assets/ and /docs): @fastify/send's client
 * errors in the http-errors shape (`status` 4xx, `expose`), which Nest hands on unmapped, and
 * @fastify/static's refusal of a path it will not resolve (FST_STATIC_FORBIDDEN_PATH: a NUL, a '..'
 * or '.' segment, '//'), which Nest hands on as a bare HttpException 403 "Forbidden" — on a route
 * with no access policy nothing else answers 403. A path that is malformed is a 400 saying what is
 * wrong with it; a folder or a path the server will not open otherwise a 404 like any unknown path; a
 * Range past the end a 416. The file server still decides: nothing outside its folder is ever served.
 */
function fileServerRefusal(exception: unknown, request: FastifyRequest): ProblemDocument | null {
  const error = exception as { status?: unknown; expose?: unknown } | null;
  const status =
    exception instanceof HttpException
      ? request.routeOptions.config?.accessPolicy === undefined && exception.getStatus() === 403
        ? 403
        : undefined
      : error?.expose === true
        ? error.status
        : undefined;
  if (typeof status !== 'number' || status < 400 || status > 499) return null;
  const fault = status === 400 || status === 403 ? filePathFault(request.url) : null;
  if (fault !== null) {
    return {
      type: problemType('BadFilePath'),
      title: STATUS_CODES[400] ?? 'Bad Request',
      status: 400,
      code: 'BadFilePath',
      detail: `${fault} Ask for a file by its own path (e.g. /docs/swagger-ui.css); nothing outside the files served is ever read.`,
    };
  }
  if (status === 416) {
    return {
      type: problemType('RangeNotSatisfiable'),
      title: STATUS_CODES[416] ?? 'Range Not Satisfiable',
      status: 416,
      code: 'RangeNotSatisfiable',
      detail:
        'The Range header names no bytes of this file; ask for a range within its length (Content-Range), or send no Range.',
    };
  }
  const notFound = status === 403 || status === 404;
  return {
    type: problemType(notFound ? 'NotFound' : 'BadRequest'),
    title: STATUS_CODES[notFound ? 404 : 400] ?? 'Error',
    status: notFound ? 404 : 400,
    code: notFound ? 'NotFound' : 'BadRequest',
    detail: notFound
      ? 'No file is served at this path (a folder, or a path outside the files served).'
      : 'The request for this file is malformed.',
  };
}

/** What makes a file path one the file server will not resolve, or null if nothing visible does. */
export function filePathFault(url: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(url.split('?', 1)[0] ?? url);
  } catch {
    return 'The path is not valid percent-encoded UTF-8.';
  }
  if (path.includes('\0')) return 'The path holds a NUL character (%00), which no file name has.';
  const segments = path.split(/[/\\]/).slice(1);
  if (segments.includes('..')) {
    return "The path holds a '..' segment (also as %2e%2e), which would leave the folder of files served.";
  }
  if (path.includes('\\') || segments.includes('.') || segments.slice(0, -1).includes('')) {
    return "The path is not in its plain form: it holds a '.' segment, an empty segment ('//') or a backslash.";
  }
  return null;
}

function contentRangeOf(exception: unknown): string | null {
  const headers = (exception as { headers?: unknown } | null)?.headers;
  const range =
    typeof headers === 'object' && headers !== null
      ? (headers as Record<string, unknown>)['Content-Range']
      : undefined;
  return typeof range === 'string' ? range : null;
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

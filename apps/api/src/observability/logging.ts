import { type DynamicModule, Injectable } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { Logger, LoggerModule, PinoLogger } from 'nestjs-pino';
import { type DestinationStream, destination as fileDestination, stdTimeFunctions } from 'pino';
import type { Options } from 'pino-http';
import type { LogLevel } from '@kyoyaku/runtime';

/** The request as a log line shows it: never its headers (Authorization carries a bearer token). */
interface LoggedRequest {
  id: string;
  method: string;
  url: string;
  remoteAddress?: string;
}

/** Nest's start-up chatter (modules loaded, routes mapped) is debug, not info, in this log. */
const FRAMEWORK_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

/** nestjs-pino's Logger, with Nest's own start-up messages moved down to debug. */
@Injectable()
export class LedgerLogger extends Logger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams.at(-1);
    if (typeof context === 'string' && FRAMEWORK_CONTEXTS.has(context))
      super.debug(message, ...optionalParams);
    else super.log(message, ...optionalParams);
  }
}

/**
 * Standard output, written in batches: under load each request's line was a write of its own (a
 * system call and a round trip through libuv's thread pool, about a third of a read cache hit's CPU);
 * lines now wait until 4 KiB have gathered or at most 100 ms, and pino writes what is left when the
 * process exits.
 */
function standardOutput(): DestinationStream {
  return fileDestination({ dest: 1, minLength: 4096, periodicFlush: 100 });
}

/**
 * The request log's fields of a request and of its answer: pino-http's serializers call these (and
 * nothing else builds them, so a test can count them).
 */
export const requestLogFields = {
  req: (req: LoggedRequest): LoggedRequest => ({
    id: req.id,
    method: req.method,
    url: req.url,
    ...(req.remoteAddress === undefined ? {} : { remoteAddress: req.remoteAddress }),
  }),
  res: (res: { statusCode: number }): { statusCode: number } => ({ statusCode: res.statusCode }),
};

/**
 * Structured JSON logs (pino through nestjs-pino): one line per request with its id, method, URL,
 * status and time, and the application's own messages in the same stream, tagged with the request
 * id when they happen inside a request.
 */
export function loggingModule(level: LogLevel, destination?: DestinationStream): DynamicModule {
  const options: Options = {
    level,
    timestamp: stdTimeFunctions.isoTime,
    serializers: {
      req: (req: LoggedRequest) => requestLogFields.req(req),
      res: (res: { statusCode: number }) => requestLogFields.res(res),
    },
    // The serializers already leave headers out; this keeps a token out of any other field too.
    redact: { paths: ['req.headers.authorization', 'headers.authorization'], censor: '[redacted]' },
    // 500 is a defect; other 5xx (a store that cannot write) are for the operator to see.
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
      res.statusCode === 500 || (error !== undefined && res.statusCode < 400)
        ? 'error'
        : res.statusCode >= 500
          ? 'warn'
          : 'info',
  };
  const module = LoggerModule.forRoot({ pinoHttp: [options, destination ?? standardOutput()] });
  return {
    ...module,
    providers: [...(module.providers ?? []), LedgerLogger],
    exports: [...(module.exports ?? []), LedgerLogger],
  };
}

/** Writes the request-log line of a request answered before Nest's middleware ran (the read cache). */
export type RequestAnsweredLog = (request: FastifyRequest, statusCode: number, elapsedMs: number) => void;

const asBuilt = <T>(fields: T): T => fields;

/**
 * The request log's line for a request answered before Nest's middleware ran (the read cache): the
 * same fields as pino-http's "request completed", through the same logger and redaction, built here
 * as plain objects. pino-http's serializers would first copy the whole request (its headers too) and
 * then pick these fields; this logger's serializers take them as they are. Made once per application
 * (after app.init(), which makes the request log's logger), not per request.
 */
export function requestAnsweredLog(): RequestAnsweredLog {
  // Its fields are built here and never hold a header: the request log's redaction (the
  // Authorization header) has nothing to find in them, so it is not run (it copied every line).
  const logger = PinoLogger.root.child({}, { serializers: { req: asBuilt, res: asBuilt }, redact: [] });
  return (request, statusCode, elapsedMs) => {
    const { remoteAddress } = request.raw.socket;
    logger.info(
      {
        req:
          remoteAddress === undefined
            ? { id: request.id, method: request.method, url: request.url }
            : { id: request.id, method: request.method, url: request.url, remoteAddress },
        res: { statusCode },
        responseTime: Math.round(elapsedMs),
      },
      'request completed',
    );
  };
}

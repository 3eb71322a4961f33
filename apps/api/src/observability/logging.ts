import { type DynamicModule, Injectable } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Logger, LoggerModule, PinoLogger } from 'nestjs-pino';
import { type DestinationStream, stdTimeFunctions } from 'pino';
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
 * Structured JSON logs (pino through nestjs-pino): one line per request with its id, method, URL,
 * status and time, and the application's own messages in the same stream, tagged with the request
 * id when they happen inside a request.
 */
export function loggingModule(level: LogLevel, destination?: DestinationStream): DynamicModule {
  const options: Options = {
    level,
    timestamp: stdTimeFunctions.isoTime,
    serializers: {
      req: (req: LoggedRequest): LoggedRequest => ({
        id: req.id,
        method: req.method,
        url: req.url,
        ...(req.remoteAddress === undefined ? {} : { remoteAddress: req.remoteAddress }),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
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
  // Without a destination pino writes to stdout (file descriptor 1).
  const module = LoggerModule.forRoot({
    pinoHttp: destination === undefined ? options : [options, destination],
  });
  return {
    ...module,
    providers: [...(module.providers ?? []), LedgerLogger],
    exports: [...(module.exports ?? []), LedgerLogger],
  };
}

/**
 * The request log's line for a request answered before Nest's middleware ran (the read cache): the
 * same fields through the same serializers and redaction as pino-http's "request completed".
 */
export function logRequestAnswered(request: FastifyRequest, reply: FastifyReply): void {
  PinoLogger.root.info(
    {
      req: { id: request.id, method: request.method, url: request.url, socket: request.raw.socket },
      res: reply.raw,
      responseTime: Math.round(reply.elapsedTime),
    },
    'request completed',
  );
}

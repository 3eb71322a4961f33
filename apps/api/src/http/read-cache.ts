import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import type { Clock } from '@kyoyaku/runtime';
import type { ReadModelSource } from '@kyoyaku/projections';
import type { Admission } from '../auth/access-before-body';
import { addRouteConfig } from './route-config';
import { SECURITY_HEADERS } from './security-headers';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's answer may be cached and revalidated (read-cache.ts). */
    cachedRead?: boolean;
  }
}

/**
 * Marks a GET whose answer depends on nothing but its URL (path and query), the Accept header, the
 * read models and today's date in Japan — never on the caller (the handler takes no actor) and never
 * on the event store read directly: such answers carry a strong ETag, answer If-None-Match with 304,
 * and are served from the read cache when asked again. knownAt and atPosition reads are kept too:
 * they replay the agreement's events from its read models (a snapshot and the events after it), so
 * the same URL under the same content version gives the same bytes.
 */
export const CachedRead = (): MethodDecorator => addRouteConfig({ cachedRead: true });

interface CachedAnswer {
  body: Buffer;
  /**
   * Every header of a 200 but the request id and CORS: the security headers and the route's own
   * (content type, ETag, Content-Disposition), merged once when the answer is kept.
   */
  headers: Readonly<Record<string, string>>;
  /** Those of a 304: the security headers, the ETag and the Vary. */
  notModifiedHeaders: Readonly<Record<string, string>>;
  /**
   * The same as name, value, name, value… for Node's writeHead, Content-Length included: a hit
   * writes them as they are, and only the request id is added.
   */
  rawHeaders: readonly string[];
  rawNotModifiedHeaders: readonly string[];
  etag: string;
  bytes: number;
}

/**
 * Serialized answers of one content version of the read models and one day, least recently used
 * first, within a byte budget. A new version or day drops them all: nothing older can be asked for.
 */
export class ReadCache {
  private entries = new Map<string, CachedAnswer>();
  private bytes = 0;
  private tag = '';

  constructor(private readonly maxBytes: number) {}

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  get(tag: string, key: string): CachedAnswer | undefined {
    if (tag !== this.tag) {
      this.entries = new Map();
      this.bytes = 0;
      this.tag = tag;
      return undefined;
    }
    const answer = this.entries.get(key);
    if (answer !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, answer);
    }
    return answer;
  }

  /** Keeps an answer computed under `tag`, unless the read models or the day have moved on since. */
  put(tag: string, key: string, answer: CachedAnswer): void {
    if (tag !== this.tag || answer.bytes > this.maxBytes) return;
    const earlier = this.entries.get(key);
    if (earlier !== undefined) {
      this.entries.delete(key);
      this.bytes -= earlier.bytes;
    }
    this.entries.set(key, answer);
    this.bytes += answer.bytes;
    for (const [oldest, evicted] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= evicted.bytes;
    }
  }
}

/** A strong validator of one representation: its media type and its bytes. */
export function strongEtag(contentType: string, body: string | Buffer): string {
  return `"${createHash('sha256').update(contentType).update('\u0000').update(body).digest('base64url').slice(0, 32)}"`;
}

/** If-None-Match compares weakly (RFC 9110 §13.1.2): "x" and W/"x" both match "x". */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === etag || trimmed === `W/${etag}`;
  });
}

/** What the read path noted about a request before its handler ran. */
interface Pending {
  tag: string;
  key: string;
  /** Not a replay: the answer may be kept. */
  storable: boolean;
  /** Headers already set for every answer (request id, security headers, CORS): not the route's own. */
  perRequest: ReadonlySet<string>;
}

function notModified(reply: FastifyReply, etag: string): void {
  void reply.code(304).header('etag', etag);
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Today in Japan as a day number: Japan keeps UTC+9 all year (no summer time), so the day turns at
 * 15:00 UTC, exactly when japanToday() turns — without formatting a date for every request.
 */
export function japanDayNumber(clock: Clock): number {
  return Math.floor((clock.now().getTime() + 9 * HOUR_MS) / DAY_MS);
}

/** The services the read path needs, given once the Nest application exists. */
export interface ReadCacheOptions {
  cache: ReadCache | null;
  readModels: ReadModelSource;
  clock: Clock;
  /**
   * Brings this process's read models up to what other processes wrote (PostgreSQL); null when
   * there is nothing to wait for (a process on its own).
   */
  syncForRead: () => Promise<void> | null;
  /** The rate limits and the access check, decided once per request (access-before-body.ts). */
  admission: Admission;
  /**
   * Writes a hit's request-log line, which the request log's middleware writes for other answers.
   * (The onResponse hooks, the metrics', run for a hit too: Fastify runs them when the response ends.)
   */
  answered: (request: FastifyRequest, statusCode: number, elapsedMs: number) => void;
}

/** Headers as name, value, name, value…: how Node's writeHead takes them without building an object. */
function flatHeaders(headers: Readonly<Record<string, string>>): string[] {
  return Object.entries(headers).flat();
}

/** A GET of a route marked CachedRead that has an access policy; other routes are refused by Nest's guard. */
function isCachedRead(request: FastifyRequest): boolean {
  const config = request.routeOptions.config;
  return request.method === 'GET' && config.cachedRead === true && config.accessPolicy !== undefined;
}

/** What an answer is kept under: the read models' version and the day, then the URL and Accept. */
function lookupOf(
  request: FastifyRequest,
  options: ReadCacheOptions,
): { tag: string; key: string; storable: boolean } {
  return {
    tag: `${options.readModels.contentVersion()}\u0000${japanDayNumber(options.clock)}`,
    key: `${request.url}\u0000${request.headers.accept ?? ''}`,
    storable: options.cache !== null,
  };
}

/**
 * The read path for routes marked CachedRead. A hit is answered in the first onRequest hook after
 * Nest's own (CORS), before Nest's middleware: once the rate limits and the access check admit it,
 * it gets the request id, the security headers and the kept headers (merged when the answer was
 * kept), 200 or 304 for If-None-Match, and its request-log line — and nothing else runs: no
 * middleware, no body or validation hooks, no Nest pipeline. A refused request goes on, and the
 * access hook answers it with the decision already made. On a miss Nest answers as before; its 200
 * gets a strong ETag, becomes a 304 when If-None-Match names it, and is kept for the next request.
 * Errors are never cached. Registered on the adapter before Nest is created (so its hook comes
 * before Nest's middleware); `serve` gives it the application's services.
 */
export function registerReadCache(fastify: FastifyInstance): { serve(options: ReadCacheOptions): void } {
  let served: ReadCacheOptions | null = null;
  const pending = new WeakMap<FastifyRequest, Pending>();

  const answerFromCache = (request: FastifyRequest, reply: FastifyReply, answer: CachedAnswer): void => {
    void reply.header('x-request-id', request.id);
    if (noneMatch(request.headers['if-none-match'], answer.etag))
      void reply.code(304).headers(answer.notModifiedHeaders).send();
    else void reply.code(200).headers(answer.headers).send(answer.body);
  };

  /**
   * A hit's answer written to the socket as kept, bypassing Fastify's reply.send (its onSend hooks
   * and serialisation): the security headers are in the kept headers, the request id is added, and
   * `answered` writes its log line. Headers an earlier hook put on the response itself (CORS) are
   * merged by Node; the onResponse hooks (metrics) run when the response ends, as for any answer.
   */
  const writeHit = (
    request: FastifyRequest,
    reply: FastifyReply,
    answer: CachedAnswer,
    options: ReadCacheOptions,
  ): void => {
    reply.hijack();
    const notModified = noneMatch(request.headers['if-none-match'], answer.etag);
    const statusCode = notModified ? 304 : 200;
    const headers = notModified ? answer.rawNotModifiedHeaders : answer.rawHeaders;
    reply.raw.writeHead(statusCode, [...headers, 'x-request-id', request.id]);
    if (notModified) reply.raw.end();
    else reply.raw.end(answer.body);
    options.answered(request, statusCode, reply.elapsedTime);
  };

  fastify.addHook('onRequest', (request, reply, done) => {
    const options = served;
    if (options === null || options.cache === null || !isCachedRead(request)) {
      done();
      return;
    }
    const { cache, admission } = options;
    // Synchronous where nothing is to be waited for: a hit costs no turn of the event loop.
    const lookUp = (): void => {
      const { tag, key, storable } = lookupOf(request, options);
      const answer = storable ? cache.get(tag, key) : undefined;
      if (answer === undefined) done();
      else if (admission.atOnce(request)) writeHit(request, reply, answer, options);
      else
        admission.decide(request, reply).then(
          () => writeHit(request, reply, answer, options),
          // Refused: the access hook answers with this decision, through the request log.
          () => done(),
        );
    };
    const sync = options.syncForRead();
    if (sync === null) lookUp();
    else sync.then(lookUp, () => done());
  });

  fastify.addHook('preHandler', (request, reply, done) => {
    const options = served;
    if (options === null || !isCachedRead(request)) {
      done();
      return;
    }
    // Looked up again here: the read models may have moved on while the request waited.
    const { tag, key, storable } = lookupOf(request, options);
    if (storable && options.cache !== null) {
      const answer = options.cache.get(tag, key);
      if (answer !== undefined) {
        answerFromCache(request, reply, answer);
        return;
      }
    }
    pending.set(request, { tag, key, storable, perRequest: new Set(Object.keys(reply.getHeaders())) });
    done();
  });

  fastify.addHook('onSend', (request, reply, payload, done) => {
    const noted = pending.get(request);
    if (
      noted === undefined ||
      reply.statusCode !== 200 ||
      !(typeof payload === 'string' || Buffer.isBuffer(payload))
    ) {
      done(null, payload);
      return;
    }
    pending.delete(request);
    const contentType = String(reply.getHeader('content-type') ?? '');
    const etag = strongEtag(contentType, payload);
    void reply.header('etag', etag);
    const cache = served?.cache ?? null;
    if (cache !== null && noted.storable) {
      const own: Record<string, string> = {};
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        // Vary is the route's too when it negotiates (Accept), though CORS may have begun it (Origin).
        const routes = !noted.perRequest.has(name) || name === 'vary';
        if (!routes || name === 'content-length' || value === undefined) continue;
        own[name] = Array.isArray(value) ? value.join(', ') : String(value);
      }
      // Kept as bytes: a string would be encoded to UTF-8 again for every answer.
      const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
      const headers = Object.freeze({ ...SECURITY_HEADERS, ...own });
      // A 304 sends the Vary a 200 would (RFC 9110 §15.4.5).
      const notModifiedHeaders = Object.freeze({
        ...SECURITY_HEADERS,
        etag,
        ...(own.vary === undefined ? {} : { vary: own.vary }),
      });
      cache.put(noted.tag, noted.key, {
        body,
        headers,
        notModifiedHeaders,
        rawHeaders: Object.freeze([...flatHeaders(headers), 'content-length', String(body.length)]),
        rawNotModifiedHeaders: Object.freeze(flatHeaders(notModifiedHeaders)),
        etag,
        bytes: body.length + noted.key.length + 1024,
      });
    }
    if (noneMatch(request.headers['if-none-match'], etag)) {
      reply.removeHeader('content-type');
      reply.removeHeader('content-disposition');
      notModified(reply, etag);
      done(null, null);
      return;
    }
    done(null, payload);
  });

  return {
    serve(options) {
      served = options;
    },
  };
}

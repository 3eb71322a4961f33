import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { type Clock, japanToday } from '@kyoyaku/runtime';
import type { ReadModelSource } from '@kyoyaku/projections';
import { addRouteConfig } from './route-config';

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
 * and are served from the read cache when asked again. knownAt and atPosition reads, which replay
 * the store, are revalidated but never cached.
 */
export const CachedRead = (): MethodDecorator => addRouteConfig({ cachedRead: true });

/** Query parameters naming a moment of the ledger: those reads replay events rather than read models. */
const REPLAYS = ['knownAt', 'atPosition'];

interface CachedAnswer {
  body: Buffer;
  /** The headers the route set (content type, ETag, Content-Disposition), not the per-request ones. */
  headers: Record<string, string>;
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

/**
 * The read path in front of Nest for routes marked CachedRead. Its hook runs after every onRequest
 * hook — request id, security headers, CORS, rate limits and the access check, the request log — so a
 * cached answer gets all of them, then answers from the cache (200, or 304 for If-None-Match) without
 * entering Nest's pipeline. On a miss Nest answers as before; its 200 gets a strong ETag, becomes a 304
 * when If-None-Match names it, and is kept for the next request. Errors are never cached.
 */
export function registerReadCache(
  fastify: FastifyInstance,
  options: { cache: ReadCache | null; readModels: ReadModelSource; clock: Clock },
): void {
  const { cache, readModels, clock } = options;
  const pending = new WeakMap<FastifyRequest, Pending>();

  fastify.addHook('preHandler', (request, reply, done) => {
    const config = request.routeOptions.config;
    // A route without an access policy was not checked before this hook: Nest's guard refuses it.
    if (request.method !== 'GET' || config.cachedRead !== true || config.accessPolicy === undefined) {
      done();
      return;
    }
    const query = request.query as Record<string, unknown> | undefined;
    const storable = cache !== null && !REPLAYS.some((name) => query?.[name] !== undefined);
    const tag = `${readModels.contentVersion()}\u0000${japanToday(clock)}`;
    const key = `${request.url}\u0000${request.headers.accept ?? ''}`;
    if (storable) {
      const answer = cache.get(tag, key);
      if (answer !== undefined) {
        if (noneMatch(request.headers['if-none-match'], answer.etag)) {
          notModified(reply, answer.etag);
          void reply.send();
        } else {
          void reply.code(200).headers(answer.headers).send(answer.body);
        }
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
    if (cache !== null && noted.storable) {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (noted.perRequest.has(name) || name === 'content-length' || value === undefined) continue;
        headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
      }
      // Kept as bytes: a string would be encoded to UTF-8 again for every answer.
      const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
      cache.put(noted.tag, noted.key, { body, headers, etag, bytes: body.length + noted.key.length + 256 });
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
}

import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { negotiate } from '../http/content-negotiation';

/**
 * The web application's own address space. Every page of the single-page application lives under
 * /app/, so none of its client routes can collide with an API route (/agreements, /regions …):
 * a GET under /app/ that accepts HTML gets the page shell, and every other path is the API's —
 * an unknown one is still a problem+json 404.
 */
export const WEB_APP_PREFIX = '/app';

/** `<repository>/dist/web`, found from this file both as source (tests) and as built code. */
export function defaultWebRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return join(from, 'web');
    dir = parent;
  }
  return join(dir, 'dist', 'web');
}

function acceptsHtml(request: FastifyRequest, reply: FastifyReply): boolean {
  return (
    negotiate(reply, request.headers.accept, ['text/html', 'application/json'] as const, 'text/html') ===
    'text/html'
  );
}

/**
 * Serves the built web application (vite build → dist/web): hashed assets under /app/assets/ with
 * a year's immutable caching, the shell (index.html, never cached) for /app and any page under it,
 * and a redirect from / to /app/ for browsers. Without a build the API runs alone and says so.
 */
export async function serveWebApp(
  app: NestFastifyApplication,
  root: string = defaultWebRoot(),
): Promise<boolean> {
  if (!existsSync(join(root, 'index.html'))) {
    new Logger('WebApp').warn(
      `The web application is not built (${join(root, 'index.html')} is missing); serving the API only. Run npm run build.`,
    );
    return false;
  }
  const plugin: FastifyPluginAsync = async (scope) => {
    await scope.register(fastifyStatic, {
      root: join(root, 'assets'),
      prefix: `${WEB_APP_PREFIX}/assets/`,
      index: false,
      immutable: true,
      maxAge: '365d',
    });
    const shell = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
      if (!acceptsHtml(request, reply)) {
        reply.callNotFound();
        return reply;
      }
      // No ranges: the shell is small and never cached, and its route would answer a bad Range as
      // Fastify's JSON, not problem+json.
      return reply
        .header('cache-control', 'no-cache')
        .sendFile('index.html', root, { cacheControl: false, acceptRanges: false });
    };
    scope.get(WEB_APP_PREFIX, shell);
    scope.get(`${WEB_APP_PREFIX}/*`, shell);
    scope.get('/', (request, reply) => {
      if (acceptsHtml(request, reply)) return reply.redirect(`${WEB_APP_PREFIX}/`);
      reply.callNotFound();
      return reply;
    });
  };
  await app.register(plugin);
  return true;
}

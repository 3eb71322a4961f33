import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Security headers on every answer (@fastify/helmet). The Content-Security-Policy lets the app's own
 * pages run — scripts and styles from this origin (the web app, /docs), inline styles (the 新旧対照表
 * HTML carries its print stylesheet) — and nothing else: no inline or foreign script, no plugins, no
 * framing by other sites. Requests are not upgraded to https: a municipal intranet may serve plain
 * http, and an upgrade would break every page there.
 */
export async function registerSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: [`'self'`],
        scriptSrc: [`'self'`],
        scriptSrcAttr: [`'none'`],
        styleSrc: [`'self'`, `'unsafe-inline'`],
        imgSrc: [`'self'`, 'data:'],
        fontSrc: [`'self'`, 'data:'],
        connectSrc: [`'self'`],
        objectSrc: [`'none'`],
        baseUri: [`'self'`],
        formAction: [`'self'`],
        frameAncestors: [`'self'`],
      },
    },
  });
}

import type { FastifyInstance } from 'fastify';

/** The Content-Security-Policy, one directive a line. */
const CONTENT_SECURITY_POLICY = [
  `default-src 'self'`,
  `script-src 'self'`,
  `script-src-attr 'none'`,
  `style-src 'self' 'unsafe-inline'`,
  `img-src 'self' data:`,
  `font-src 'self' data:`,
  `connect-src 'self'`,
  `object-src 'none'`,
  `base-uri 'self'`,
  `form-action 'self'`,
  `frame-ancestors 'self'`,
].join(';');

/**
 * Security headers on every answer: helmet's set (the headers @fastify/helmet sent before, with the
 * same values), written once here rather than rebuilt by helmet's middleware on each request. The
 * Content-Security-Policy lets the app's own pages run — scripts and styles from this origin (the web
 * app, /docs), inline styles (the 新旧対照表 HTML carries its print stylesheet) — and nothing else: no
 * inline or foreign script, no plugins, no framing by other sites. Requests are not upgraded to
 * https: a municipal intranet may serve plain http, and an upgrade would break every page there.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
});

export function registerSecurityHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(SECURITY_HEADERS);
    done();
  });
}

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { LedgerConfig } from '@kyoyaku/runtime';

/**
 * CORS is closed unless LEDGER_CORS_ORIGINS lists the browser origins allowed to call the API (or
 * `*`). Bearer tokens travel in Authorization, never in cookies, so no credentials mode is needed.
 */
export function enableConfiguredCors(app: NestFastifyApplication, config: LedgerConfig): void {
  if (config.corsOrigins.length === 0) return;
  app.enableCors({
    origin: config.corsOrigins[0] === '*' ? '*' : config.corsOrigins,
    methods: ['GET', 'HEAD', 'POST'],
    allowedHeaders: [
      'Authorization',
      'Content-Type',
      'Accept',
      'Idempotency-Key',
      'If-Match',
      'Last-Event-ID',
      'X-Request-Id',
      'X-Correlation-Id',
    ],
    exposedHeaders: ['ETag', 'Location', 'Retry-After', 'X-Request-Id', 'Content-Disposition'],
    credentials: false,
    maxAge: 600,
  });
}

import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Projector, ReadModelStore } from '@kyoyaku/projections';
import type { FastifyInstance } from 'fastify';
import { AppModule } from './app.module';
import { admissionOf, checkAccessBeforeBody } from './auth/access-before-body';
import { type LedgerConfig, type Clock, systemClock } from '@kyoyaku/runtime';
import { ReadCache, registerReadCache } from './http/read-cache';
import { enableConfiguredCors } from './http/cors';
import { STORE_RETRY_AFTER_SECONDS } from './http/error-mapping';
import { requireJsonBodies } from './http/json-bodies';
import { PlainBodyPipe } from './http/plain-body.pipe';
import { documentPlatformProblems, ProblemResource } from './http/problem-responses';
import { registerSecurityHeaders } from './http/security-headers';
import { refuseRequestsWithoutHost, serverOptions } from './http/server-options';
import { useStrictJsonParser } from './http/strict-json-parser';
import { registerTextNormalization } from './http/text-normalization';
import { OpenStreams } from './http/open-streams';
import { controllerClasses, ParametersPipe, parameterClassesOf } from './http/compiled-parameters';
import { createValidationPipe } from './http/validation';
import { LedgerMetrics } from './observability/ledger-metrics';
import { LedgerLogger, requestAnsweredLog } from './observability/logging';
import type { ObservabilityOptions } from './observability/observability.module';
import { echoRequestId, requestIdOf } from './observability/request-id';
import { serveWebApp } from './web/web-app.plugin';

/** Builds the whole HTTP application; used by main.ts and by the e2e tests alike. */
export async function createApp(
  config: LedgerConfig,
  clock: Clock = systemClock,
  observability: ObservabilityOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    ...serverOptions(config),
    trustProxy: config.trustProxy.length === 0 ? false : config.trustProxy.join(','),
    genReqId: requestIdOf,
  });
  refuseRequestsWithoutHost(adapter.getInstance());
  // Before Nest is created, so that its hook runs before Nest's middleware (the request log): a
  // cached answer skips it and writes its own log line.
  const readCache = registerReadCache(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, clock, observability),
    adapter,
    // A start-up failure is thrown to the caller (main.ts says it in one line), not logged with its
    // stack by Nest, which would then call process.exit(1) itself; the start-up log buffered until
    // then is written once the app is built (below), not at a failure.
    { bufferLogs: true, abortOnError: false, autoFlushLogs: false },
  );
  app.useLogger(app.get(LedgerLogger));
  echoRequestId(adapter.getInstance());
  app.get(LedgerMetrics).observeHttp(adapter.getInstance());
  registerSecurityHeaders(adapter.getInstance());
  enableConfiguredCors(app, config);
  await serveWebApp(app);
  const admission = admissionOf(app);
  checkAccessBeforeBody(app, admission);
  useStrictJsonParser(app, config);
  requireJsonBodies(adapter.getInstance());
  registerTextNormalization(adapter.getInstance());
  syncReadsWithSharedReadModels(adapter.getInstance(), app.get(Projector));
  // Path and query parameters by validators compiled here from their DTOs, bodies by the ValidationPipe.
  app.useGlobalPipes(
    new ParametersPipe(createValidationPipe(), parameterClassesOf(controllerClasses(app))),
    new PlainBodyPipe(),
  );
  // Signals are handled by main.ts (graceful shutdown within LEDGER_SHUTDOWN_TIMEOUT_MS), not by Nest.
  askToRetryWhenUnavailable(adapter.getInstance());
  endEventStreamsOnClose(adapter.getInstance(), app.get(OpenStreams));

  const openapi = new DocumentBuilder()
    .setTitle('協約台帳 Kyoyaku Ledger API')
    .setDescription(
      '連携協約（地方自治法第252条の2）の台帳。すべての手続・変更・費用分担・協議・疑義は不変のイベントとして記録され、' +
        '現行・沿革・時点指定のテキストを投影から返します。エラーは RFC 9457 problem+json です。' +
        '\n\n日付（例: 2019-12-25）は和暦でも指定できます: 令和元年12月25日、令和元年十二月二十五日、R1.12.25。' +
        '年度（例: 2026）は 令和8年度、令和8、R8 とも書けます。記録と応答は YYYY-MM-DD と西暦の年度です。' +
        '元号の範囲外の日付（令和元年4月30日、平成31年5月1日）は理由を示して 400 で拒否します。',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup(
    'docs',
    app,
    () =>
      documentPlatformProblems(
        SwaggerModule.createDocument(app, openapi, { extraModels: [ProblemResource] }),
      ),
    { jsonDocumentUrl: 'docs-json' },
  );

  await app.init();
  // After init, which makes the request log's logger: a hit writes its line through it.
  const projector = app.get(Projector);
  readCache.serve({
    cache: config.readCacheBytes > 0 ? new ReadCache(config.readCacheBytes) : null,
    readModels: app.get(ReadModelStore),
    clock,
    // A cached answer is looked up under the read models' version, which on PostgreSQL must first
    // catch up with what other processes wrote.
    syncForRead: () => (projector.syncsReads() ? projector.syncForRead() : null),
    admission,
    answered: requestAnsweredLog(),
  });
  // Read models written by an earlier format (an upgrade) are rebuilt from the events first.
  await app.get(Projector).start();
  app.flushLogs();
  return app;
}

/**
 * Several processes on one PostgreSQL: before a read, this process's view of the read models is
 * brought up to what is durable (one cheap query, shared by the reads that arrive together), so a
 * write answered by another process is seen here at once. A no-op for a process on its own.
 */
function syncReadsWithSharedReadModels(fastify: FastifyInstance, projector: Projector): void {
  const unsynced = new Set(['/health/live', '/health/ready', '/metrics', '/events/stream']);
  fastify.addHook('preHandler', (request, _reply, done) => {
    const synced =
      projector.syncsReads() &&
      (request.method === 'GET' || request.method === 'HEAD') &&
      !unsynced.has(request.routeOptions.url ?? '');
    if (synced) void projector.syncForRead().then(() => done());
    else done();
  });
}

/** A 503 (the storage cannot write, or the server is stopping) tells the client when to try again. */
function askToRetryWhenUnavailable(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (reply.statusCode === 503 && !reply.hasHeader('retry-after')) {
      void reply.header('retry-after', String(STORE_RETRY_AFTER_SECONDS));
    }
    done(null, payload);
  });
}

/**
 * Server-sent event streams never end by themselves, so a graceful close would wait for them until
 * its bound: when the server closes they are ended instead (clients resume with Last-Event-ID).
 */
function endEventStreamsOnClose(fastify: FastifyInstance, streams: OpenStreams): void {
  fastify.addHook('preClose', (done) => {
    streams.endAll();
    done();
  });
}

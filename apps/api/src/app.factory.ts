import helmet from '@fastify/helmet';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Projector } from '@kyoyaku/projections';
import { AppModule } from './app.module';
import type { LedgerConfig } from './config/ledger-config';
import { requireJsonBodies } from './http/json-bodies';
import { PlainBodyPipe } from './http/plain-body.pipe';
import { registerTextNormalization } from './http/text-normalization';
import { createValidationPipe } from './http/validation';
import { type Clock, systemClock } from './infrastructure/clock';

/** Builds the whole HTTP application; used by main.ts and by the e2e tests alike. */
export async function createApp(
  config: LedgerConfig,
  clock: Clock = systemClock,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: config.bodyLimit, trustProxy: false });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, clock), adapter, {
    logger: process.env.NODE_ENV === 'test' ? ['error'] : ['warn', 'error'],
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: [`'self'`],
        styleSrc: [`'self'`, `'unsafe-inline'`],
        imgSrc: [`'self'`, 'data:'],
        scriptSrc: [`'self'`, `'unsafe-inline'`],
      },
    },
  });
  requireJsonBodies(adapter.getInstance());
  registerTextNormalization(adapter.getInstance());
  app.useGlobalPipes(createValidationPipe(), new PlainBodyPipe());
  app.enableShutdownHooks();

  const openapi = new DocumentBuilder()
    .setTitle('協約台帳 Kyoyaku Ledger API')
    .setDescription(
      '連携協約（地方自治法第252条の2）の台帳。すべての手続・変更・費用分担・協議・疑義は不変のイベントとして記録され、' +
        '現行・沿革・時点指定のテキストを投影から返します。エラーは RFC 9457 problem+json です。',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openapi), {
    jsonDocumentUrl: 'docs-json',
  });

  await app.init();
  await app.get(Projector).start();
  return app;
}

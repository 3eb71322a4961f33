import 'reflect-metadata';
import { Controller, Get, Header, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';

/**
 * The ceiling for `npm run bench:api`: a bare NestJS route on the same Fastify adapter that returns
 * the bytes of the real text response, with no store, no projection, no guard.
 */
const body = readFileSync(process.env.BARE_BODY_FILE ?? '', 'utf8');

@Controller()
class BareController {
  @Get('bare')
  @Header('content-type', 'application/json; charset=utf-8')
  bare(): string {
    return body;
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), {
    logger: false,
  });
  await app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
  process.stdout.write(`listening on ${await app.getUrl()}\n`);
}

void main();

import 'reflect-metadata';
import { All, Controller, Module, Param, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * The ceiling for `npm run bench:api`: a bare NestJS route on the same Fastify adapter that returns
 * the bytes of each real answer the benchmark measures (its status, headers and body, a request id
 * of the same length), with no store, no projection, no guard, no log. BARE_MANIFEST names a JSON
 * file: one entry per route. The headers are sent too because their length alone changes what the
 * load generator pays: autocannon decodes each chunk of a body as UTF-8, and where a 64 KiB read ends
 * inside a three-byte character (it moves with the header block's length) decoding the 78 KB
 * comparison costs it several times more — 2× fewer answers a second from the same server.
 */
interface BareAnswer {
  status: number;
  /** The product's headers but those Node writes itself (Date, Connection, Content-Length) and the request id. */
  headers: Record<string, string>;
  /** The body, base64 (HTML, text and JSON alike). */
  body: string;
}

const answers = (JSON.parse(readFileSync(process.env.BARE_MANIFEST ?? '', 'utf8')) as BareAnswer[]).map(
  (a) => ({ ...a, bytes: Buffer.from(a.body, 'base64') }),
);

@Controller()
class BareController {
  @All('bare/:n')
  bare(@Param('n') n: string, @Res() reply: FastifyReply): void {
    const answer = answers[Number(n)];
    if (answer === undefined) throw new Error(`no bare answer ${n}`);
    // Sent here rather than returned: Nest would replace the status (304, 201) with its default.
    void reply.code(answer.status).headers(answer.headers).header('x-request-id', randomUUID());
    if (answer.status === 304) void reply.send();
    else void reply.send(answer.bytes);
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

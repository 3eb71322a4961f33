/**
 * A client that goes away in the middle of sending its body (a closed tab, a dropped mobile link, a
 * client-side timeout) is the client's doing: the server records nothing, logs it below error level
 * (it is no defect, and must not page anyone as a 500 would), answers no one who is not there, and
 * goes on serving.
 */
import { EVENT_STORE, type EventStore } from '@kyoyaku/event-store';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import request from 'supertest';
import { createApp } from '../../apps/api/src/app.factory';
import { AccessTokenRepository, loadConfig } from '@kyoyaku/runtime';
import { AOMORI_CITY } from '../fixtures/aomori';
import { TestClock } from '../support/test-app';

interface LogLine {
  level: number;
  context?: string;
  msg: string;
  req?: { id: string; url: string };
}

describe('a client that aborts its request mid-body', () => {
  let app: NestFastifyApplication;
  let dataDir: string;
  let port: number;
  let token: string;
  let store: EventStore;
  const raw: string[] = [];
  const lines = (): LogLine[] => raw.map((line) => JSON.parse(line) as LogLine);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kyoyaku-abort-'));
    const destination = new PassThrough();
    destination.on('data', (chunk: Buffer) =>
      raw.push(...chunk.toString('utf8').split('\n').filter(Boolean)),
    );
    app = await createApp(
      { ...loadConfig({}), dataDir, seedDemo: false, logLevel: 'info' },
      new TestClock(),
      {
        logDestination: destination,
      },
    );
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
    token = (await app.get(AccessTokenRepository).issue({ role: 'admin', label: 'abort', now: new Date() }))
      .token;
    store = app.get<EventStore>(EVENT_STORE);
  });

  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Sends the headers and the first part of a region's body, then leaves as `leave` says. */
  async function abortedPost(
    leave: (socket: Socket) => void,
  ): Promise<{ answer: string; requestId: string }> {
    const body = JSON.stringify({
      regionId: 'aborted-region',
      name: '青森圏域連携中枢都市圏',
      coreCity: AOMORI_CITY,
      declaredOn: '2019-11-18',
    });
    const requestId = `abort-${Math.random().toString(36).slice(2)}`;
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      [
        'POST /regions HTTP/1.1',
        'host: 127.0.0.1',
        'content-type: application/json',
        `content-length: ${Buffer.byteLength(body)}`,
        `authorization: Bearer ${token}`,
        `x-request-id: ${requestId}`,
        '',
        body.slice(0, 20),
      ].join('\r\n'),
    );
    // Let the server start reading the body before the client goes.
    await new Promise((resolve) => setTimeout(resolve, 150));
    leave(socket);
    await new Promise((resolve) => socket.once('close', resolve));
    // Until the server has dealt with the request: its line in the log.
    for (
      let i = 0;
      i < 100 && !lines().some((l) => l.req?.id === requestId && l.context !== undefined);
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return { answer, requestId };
  }

  it.each([
    ['resets the connection', (socket: Socket) => socket.resetAndDestroy()],
    ['closes the connection', (socket: Socket) => socket.destroy()],
    ['half-closes the connection', (socket: Socket) => socket.end()],
  ])('%s: logged below error, nothing recorded, the server goes on', async (_, leave) => {
    const head = await store.headPosition();
    const { answer, requestId } = await abortedPost(leave);

    const logged = lines().filter((l) => l.req?.id === requestId);
    expect(logged.filter((l) => l.level >= 50)).toEqual([]);
    expect(logged.filter((l) => l.context === 'ProblemDetails')).toEqual([
      expect.objectContaining({
        level: 30,
        msg: expect.stringContaining(
          'closed the connection before its request was received whole',
        ) as unknown,
      }),
    ]);
    // No one to answer, except at the HTTP level when the socket can still be written to.
    if (answer !== '') expect(answer).toMatch(/^HTTP\/1\.1 400 [^]*application\/problem\+json/);
    expect(await store.headPosition()).toBe(head);
    await request(app.getHttpServer()).get('/health').expect(200);
  });
});

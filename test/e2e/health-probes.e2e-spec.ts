import { EVENT_STORE, type EventStore } from '@kyoyaku/event-store';
import { Projector } from '@kyoyaku/projections';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The probes a load balancer or an orchestrator uses: /health/live (the process answers) and
 * /health/ready (it can take requests). Both are open without a token even where reading needs one,
 * and readiness fails, with problem+json and Retry-After, while the projector is too far behind or
 * the store cannot be reached, and comes back by itself.
 */
describe('GET /health/live and /health/ready', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await startTestApp({ readAccess: 'token', readyMaxLag: 0 });
  });

  afterEach(async () => {
    await t.close();
  });

  it('answers live and ready without a token, where /health itself needs one', async () => {
    const server = t.app.getHttpServer();
    await request(server).get('/health').expect(401);
    expect((await request(server).get('/health/live').expect(200)).body).toEqual({ status: 'live' });
    const ready = await request(server).get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'ready', projectionLag: 0, maxProjectionLag: 0 });
    expect(['ok', 'not-yet-checked']).toContain(ready.body.integrity);
  });

  it('is not ready while the projector is more than LEDGER_READY_MAX_LAG events behind, and recovers', async () => {
    const server = t.app.getHttpServer();
    const projector = t.app.get(Projector);
    await projector.stop();
    await t.app.get<EventStore>(EVENT_STORE).append(
      'probe-test',
      [
        {
          type: 'ProbeRecorded',
          schemaVersion: 1,
          data: {},
          metadata: { actor: { id: 'test', role: 'admin' }, correlationId: 'probe', source: 'cli' },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    const notReady = await request(server).get('/health/ready').expect(503);
    expect(notReady.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(notReady.headers['retry-after']).toBe('10');
    expect(notReady.body).toMatchObject({ status: 503, code: 'NotReady' });
    expect(notReady.body.detail).toContain('the projector is 1 events behind (at most 0)');
    // Liveness does not depend on readiness: the process is not to be restarted for this.
    await request(server).get('/health/live').expect(200);

    await projector.catchUp();
    await request(server).get('/health/ready').expect(200);
  });

  it('is not ready while the event store cannot be reached', async () => {
    const server = t.app.getHttpServer();
    await t.app.get(Projector).stop();
    await t.app.get<EventStore>(EVENT_STORE).close();
    const notReady = await request(server).get('/health/ready').expect(503);
    expect(notReady.body.detail).toContain('the event store cannot be reached');
    await request(server).get('/health/live').expect(200);
  });
});

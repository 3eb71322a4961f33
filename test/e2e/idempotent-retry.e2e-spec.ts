import { createTestDatabase, postgresUnavailableReason, skipLoudly } from '@kyoyaku/event-store/testing';
import request from 'supertest';
import type { LedgerConfig } from '@kyoyaku/runtime';
import { apiStateSql } from '../support/api-state-sql';
import { agreementDocument, AOMORI_CITY, HIRANAI } from '../fixtures/aomori';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * A write committed, then the process died before the HTTP idempotency record was saved: the
 * retry with the same Idempotency-Key finds the events by their key and answers what the first
 * attempt would have answered — 201, the same body, ETag and Location, server-made ids included —
 * instead of deciding again (409 RegionAlreadyDeclared, or 422 for ids made up anew). The crash is
 * simulated by deleting the HTTP records after the first answer.
 */

const REGION = {
  regionId: 'aomori',
  name: '青森圏域連携中枢都市圏',
  coreCity: AOMORI_CITY,
  declaredOn: '2019-11-18',
};
/** No agreementId nor proceedingId: the server makes both up (UUIDv7). */
const AGREEMENT = {
  regionId: 'aomori',
  coreCity: AOMORI_CITY,
  partner: HIRANAI,
  draftedOn: '2019-11-20',
  document: agreementDocument(HIRANAI.name),
};

function describeRetries(
  name: string,
  store: () => Promise<{ overrides: Partial<LedgerConfig>; drop(): Promise<void> }>,
) {
  describe(`idempotent retries after a crash between commit and record (${name})`, () => {
    let t: TestApp;
    let drop: () => Promise<void>;
    const server = () => t.app.getHttpServer() as Parameters<typeof request>[0];
    const post = (path: string, body: object, key: string) =>
      request(server())
        .post(path)
        .set('authorization', `Bearer ${t.token('secretariat')}`)
        .set('idempotency-key', key)
        .send(body);
    const head = async (): Promise<string> =>
      ((await request(server()).get('/health').expect(200)).body as { store: { headPosition: string } }).store
        .headPosition;
    /** What the crash lost: every HTTP idempotency record. */
    const forgetHttpRecords = (): void => {
      apiStateSql(t.config, 'DELETE FROM idempotency_records');
    };
    const answer = (res: request.Response) => ({
      status: res.status,
      body: res.body as unknown,
      etag: res.headers.etag,
      location: res.headers.location,
    });

    beforeAll(async () => {
      const chosen = await store();
      drop = chosen.drop;
      t = await startTestApp(chosen.overrides);
      t.clock.set('2019-11-20T01:00:00Z');
    });
    afterAll(async () => {
      await t.close();
      await drop();
    });

    it('replays a write whose ids the client chose (not 409 RegionAlreadyDeclared)', async () => {
      const first = await post('/regions', REGION, 'region-0001').expect(201);
      forgetHttpRecords();
      const before = await head();
      const retry = await post('/regions', REGION, 'region-0001');
      expect(answer(retry)).toEqual(answer(first));
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(await head()).toBe(before);
    });

    it('replays a write whose ids the server made up, with the same ids (not 422)', async () => {
      const first = await post('/agreements', AGREEMENT, 'agreement-0001').expect(201);
      expect(first.headers.location).toMatch(/^\/agreements\/[0-9a-f-]{36}$/);
      forgetHttpRecords();
      const before = await head();
      const retry = await post('/agreements', AGREEMENT, 'agreement-0001');
      expect(answer(retry)).toEqual(answer(first));
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(await head()).toBe(before);
      // The record the answer points at is the one recorded, with its proceeding made up once.
      const agreement = await request(server()).get(String(first.headers.location)).expect(200);
      expect(agreement.body).toMatchObject({ agreementId: String(first.headers.location).split('/')[2] });
      // And the replay is kept: a third attempt is answered from the HTTP record.
      const third = await post('/agreements', AGREEMENT, 'agreement-0001');
      expect(answer(third)).toEqual(answer(first));
    });

    it('still refuses the key with another request (422 IdempotencyKeyReused), writing nothing', async () => {
      await post('/agreements', AGREEMENT, 'agreement-0002').expect(201);
      forgetHttpRecords();
      const before = await head();
      const other = await post('/agreements', { ...AGREEMENT, draftedOn: '2019-11-19' }, 'agreement-0002');
      expect(other.status).toBe(422);
      expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(other.body).toMatchObject({ code: 'IdempotencyKeyReused' });
      const otherPath = await post('/regions', { ...REGION, regionId: 'hachinohe' }, 'agreement-0002');
      expect(otherPath.status).toBe(422);
      expect(await head()).toBe(before);
    });

    it('replays from the events after the HTTP record has expired', async () => {
      const first = await post('/regions', { ...REGION, regionId: 'hirosaki' }, 'region-0002').expect(201);
      t.clock.advance(t.config.idempotencyRecordHours * 3_600_000 + 1000);
      // A write after the period purges the expired records.
      await post('/regions', { ...REGION, regionId: 'hachinohe' }, 'region-0003').expect(201);
      const rows = apiStateSql(t.config, `SELECT key FROM idempotency_records ORDER BY key`);
      expect(rows).toEqual([{ key: 'region-0003' }]);
      const retry = await post('/regions', { ...REGION, regionId: 'hirosaki' }, 'region-0002');
      expect(answer(retry)).toEqual(answer(first));
    });
  });
}

describeRetries('SQLite', () =>
  Promise.resolve({ overrides: { store: 'sqlite' }, drop: () => Promise.resolve() }),
);

const postgresSkip = postgresUnavailableReason();
if (postgresSkip !== null) {
  skipLoudly('idempotent retries after a crash (PostgreSQL)', postgresSkip);
} else {
  describeRetries('PostgreSQL', async () => {
    const database = await createTestDatabase();
    return { overrides: { store: 'postgres', postgresUrl: database.url }, drop: () => database.drop() };
  });
}

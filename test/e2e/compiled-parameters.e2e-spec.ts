import { ValidationPipe } from '@nestjs/common';
import * as classTransformer from 'class-transformer';
import * as classValidator from 'class-validator';
import request from 'supertest';
import { AGREEMENT_IDS } from '../fixtures/aomori';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Path and query parameters are validated by validators compiled once from their DTOs, not
 * by the ValidationPipe's class-transformer and class-validator walk per request — with the same
 * problem+json for bad input and unknown parameters handled as before. Bodies keep the pipe.
 */
const AGREEMENT = `/agreements/${AGREEMENT_IDS.hiranai}`;

describe('path and query parameters by compiled validators', () => {
  let t: TestApp;
  const server = () => t.app.getHttpServer() as Parameters<typeof request>[0];
  const get = (path: string) => request(server()).get(path);
  /** Calls of the ValidationPipe and of class-transformer / class-validator while `work` ran. */
  const pipeworkDuring = async (work: () => Promise<unknown>) => {
    const spies = [
      jest.spyOn(ValidationPipe.prototype, 'transform'),
      jest.spyOn(classTransformer, 'plainToInstance'),
      jest.spyOn(classValidator, 'validate'),
    ];
    try {
      await work();
      return spies.map((spy) => spy.mock.calls.length);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  };

  beforeAll(async () => {
    t = await startTestApp({}, { demo: true });
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('answers bad query values with the same problem+json, without the ValidationPipe', async () => {
    let res: request.Response | undefined;
    const calls = await pipeworkDuring(async () => {
      res = await get(`${AGREEMENT}/text?asOf=2019-02-29&style=vertical&knownAt=yesterday`).expect(400);
    });
    expect(calls).toEqual([0, 0, 0]);
    expect(res?.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res?.body).toMatchObject({
      type: '/problems/ValidationFailed',
      title: 'Bad Request',
      status: 400,
      code: 'ValidationFailed',
      errors: [
        {
          field: 'asOf',
          rule: 'isLegalDate',
          message: expect.stringMatching(/^asOf must be a calendar date: YYYY-MM-DD .*\(.+\)$/) as unknown,
        },
        {
          field: 'knownAt',
          rule: 'isInstant',
          message: 'knownAt must be an RFC 3339 instant such as 2026-04-01T09:00:00Z',
        },
        { field: 'style', rule: 'isIn', message: 'style must be municipal (第1条) or kanji (第一条)' },
      ],
    });
  });

  it('reads good values into their form (和暦, numbers) for the route, without the ValidationPipe', async () => {
    let 和暦: request.Response | undefined;
    let iso: request.Response | undefined;
    const calls = await pipeworkDuring(async () => {
      和暦 = await get(
        `${AGREEMENT}/text?asOf=${encodeURIComponent('令和2年4月1日')}&knownAt=2025-01-01T00:00:00Z`,
      );
      iso = await get(`${AGREEMENT}/text?asOf=2020-04-01&knownAt=2025-01-01T00:00:00Z`);
      await get(`${AGREEMENT}/versions/1`).expect(200);
      await get(`${AGREEMENT}/history?limit=2`).expect(200);
    });
    expect(calls).toEqual([0, 0, 0]);
    expect(和暦?.status).toBe(200);
    expect(和暦?.body).toEqual(iso?.body);
  });

  it('refuses bad path parameters and out-of-bounds limits as before', async () => {
    const calls = await pipeworkDuring(async () => {
      const version = await get(`${AGREEMENT}/versions/0`).expect(400);
      expect(version.body.errors).toEqual([
        {
          field: 'n',
          rule: 'isDecimalInteger',
          message:
            'n must be a version number (1, 2, 3 …): a whole number from 1 to 100000 in plain decimal digits (no sign, decimal point, exponent, 0x, spaces or leading zeros)',
        },
      ]);
      const id = await get('/agreements/Not_An_Id/text').expect(400);
      expect(id.body.errors).toEqual([
        expect.objectContaining({ field: 'agreementId', rule: 'matches' }) as unknown,
      ]);
      const limit = await get(`${AGREEMENT}/history?limit=abc`).expect(400);
      expect(limit.body.errors.map((e: { rule: string }) => e.rule)).toEqual(['isDecimalInteger']);
    });
    expect(calls).toEqual([0, 0, 0]);
  });

  it('takes whole-number parameters in plain decimal digits only: 0x1, 1.0, 1e0, +1, spaces name nothing', async () => {
    const PROCEEDING = `${AGREEMENT}/proceedings/hiranai-amendment-2021`;
    const integers: [string, (value: string) => string][] = [
      ['n', (v) => `${AGREEMENT}/versions/${v}`],
      ['limit', (v) => `${AGREEMENT}/history?limit=${v}`],
      ['limit', (v) => `/agreements?limit=${v}`],
      ['limit', (v) => `/events?limit=${v}`],
      ['limit', (v) => `/regions/aomori/projects?limit=${v}`],
      ['limit', (v) => `/regions/aomori/consultations?limit=${v}`],
      ['from', (v) => `${AGREEMENT}/comparison?from=${v}&to=2`],
      ['to', (v) => `${AGREEMENT}/comparison?from=1&to=${v}`],
      ['draft', (v) => `${PROCEEDING}/amending-text?draft=${v}`],
    ];
    for (const [field, path] of integers) {
      await get(path('1')).expect(200);
      // (An empty path parameter matches no route: a 404, as for any unknown path.)
      const empty = field === 'n' ? [] : [''];
      for (const lax of [
        '0x1',
        '1.0',
        '1e0',
        '%2B1',
        '+1',
        '%201',
        '1%20',
        '01',
        '1_0',
        '%EF%BC%91',
        ...empty,
      ]) {
        const res = await get(path(lax));
        expect({ path: path(lax), status: res.status }).toEqual({ path: path(lax), status: 400 });
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body).toMatchObject({ code: 'ValidationFailed' });
        expect(res.body.errors).toEqual([
          {
            field,
            rule: 'isDecimalInteger',
            message: expect.stringContaining('in plain decimal digits') as unknown,
          },
        ]);
      }
    }
    // Positions (and cursors) follow the same rule; 年度 has its own reader (和暦 too), as strict.
    for (const path of [
      `${AGREEMENT}/text?atPosition=0x10`,
      `${AGREEMENT}/text?atPosition=1e1`,
      `${AGREEMENT}/text?atPosition=010`,
      `/events?after=%2B1`,
      `/events?after=007`,
      '/projects/aomori-tourism-route/cost-shares?fiscalYear=0x7E5',
      '/projects/aomori-tourism-route/cost-shares?fiscalYear=2021.0',
      '/projects/aomori-tourism-route/cost-shares?fiscalYear=2.021e3',
      '/projects/aomori-tourism-route/cost-shares?fiscalYear=%2B2021',
    ]) {
      expect({ path, status: (await get(path)).status }).toEqual({ path, status: 400 });
    }
  });

  it('refuses a query parameter given twice as given twice, whatever its values', async () => {
    for (const query of ['asOf=2020-01-01&asOf=2020-01-01', 'asOf=2020-01-01&asOf=2021-01-01']) {
      const res = await get(`${AGREEMENT}/text?${query}`).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        code: 'ValidationFailed',
        detail:
          'The query gives asOf more than once; each query parameter may be given once. Nothing was recorded.',
        errors: [
          { field: 'asOf', rule: 'repeatedParameter', message: 'asOf was given 2 times; give it once.' },
        ],
      });
    }
    const limit = await get(`${AGREEMENT}/history?limit=1&limit=1`).expect(400);
    expect(limit.body.errors).toEqual([
      { field: 'limit', rule: 'repeatedParameter', message: 'limit was given 2 times; give it once.' },
    ]);
  });

  it('handles unknown query parameters exactly as before: refused by name, names of Object methods ignored', async () => {
    const unknown = await get(`${AGREEMENT}/text?asOf=2020-04-01&foo=1&bar=2`).expect(400);
    expect(unknown.body.errors).toEqual([
      { field: 'foo', rule: 'unknownField', message: 'foo is not a field of this request; remove it.' },
      { field: 'bar', rule: 'unknownField', message: 'bar is not a field of this request; remove it.' },
    ]);
    // class-transformer never copies a key naming a method or the prototype, so the pipe never saw
    // these: they were, and are, ignored.
    await get(`${AGREEMENT}/text?asOf=2020-04-01&toString=1&constructor=2&__proto__=3`).expect(200);
  });

  it('keeps the ValidationPipe for request bodies', async () => {
    const calls = await pipeworkDuring(async () => {
      await request(server())
        .post('/agreements')
        .set('authorization', `Bearer ${t.token('secretariat')}`)
        .send({ surprise: true })
        .expect(400);
    });
    expect(calls[0]).toBeGreaterThan(0);
  });
});

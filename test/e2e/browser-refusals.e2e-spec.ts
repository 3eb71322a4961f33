/**
 * The refusals the web forms make before asking the API — an unchanged 第2案, a dispute step without
 * the date of the document that proves it — made by the API too, for any client: problem+json that
 * names the field, and nothing written.
 */
import type { Response } from 'supertest';
import { HIRANAI } from '../fixtures/aomori';
import { AgreementApi } from '../support/agreement-api';
import { startTestApp, type TestApp } from '../support/test-app';

const AGREEMENT = 'aomori-hiranai';
const PROCEEDING = 'refusal-second-draft';

describe('refusals the browser makes first, made by the API as well (demo data)', () => {
  let t: TestApp;
  let api: AgreementApi;

  beforeAll(async () => {
    t = await startTestApp({}, { demo: true });
    api = new AgreementApi(t);
  });
  afterAll(async () => {
    await t.close();
  });

  /** A refused request: problem+json naming `field`, and the ledger's head unmoved. */
  async function refused(
    send: () => PromiseLike<Response>,
    status: number,
    field: string,
  ): Promise<Response> {
    const before = await api.head();
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(typeof res.body.detail).toBe('string');
    const fields = ((res.body.errors ?? []) as { field: string }[]).map((e) => e.field);
    expect(fields).toContain(field);
    expect(await api.head()).toBe(before);
    return res;
  }

  describe('a 第2案 that changes nothing', () => {
    let base: string;

    beforeAll(async () => {
      base = ((await api.get(`/agreements/${AGREEMENT}/drafts/base`).expect(200)).body as { text: string })
        .text;
      await api
        .post(`/agreements/${AGREEMENT}/proceedings`, {
          kind: 'amendment',
          proceedingId: PROCEEDING,
          draftedOn: '2026-11-20',
          text: base.replace('定めるものとする', '定める'),
        })
        .expect(201);
      await api
        .post(
          `/agreements/${AGREEMENT}/proceedings/${PROCEEDING}/council-resolutions`,
          { party: 'partner', decision: 'rejected', resolvedOn: '2026-11-25' },
          api.clerk(HIRANAI.code),
        )
        .expect(201);
    });

    it('is refused when its text is the text amended, word for word', async () => {
      await refused(
        () =>
          api.post(`/agreements/${AGREEMENT}/drafts`, {
            kind: 'amendment',
            proceedingId: PROCEEDING,
            draftedOn: '2026-11-26',
            text: base,
          }),
        422,
        'text',
      );
    });

    it('is recorded once it changes something', async () => {
      await api
        .post(`/agreements/${AGREEMENT}/drafts`, {
          kind: 'amendment',
          proceedingId: PROCEEDING,
          draftedOn: '2026-11-26',
          text: base.replace('定めるものとする', 'ものとする'),
        })
        .expect(201);
    });
  });

  describe('a step of the 知事 or the commissioners without the date of its document', () => {
    const doubt = '/doubts/refusal-dispute';
    const commissioners = [1, 2, 3].map((n) => ({ name: `委員${n}`, title: '弁護士' }));

    beforeAll(async () => {
      await api
        .post(`/agreements/${AGREEMENT}/doubts`, {
          doubtId: 'refusal-dispute',
          raisedBy: HIRANAI.code,
          raisedOn: '2026-11-02',
          citation: { kind: 'unspecified' },
          question: '広報誌の共同発行の経費の負担割合について、協約に定めがない。',
        })
        .expect(201);
      await api
        .post(`${doubt}/escalation`, {
          step: 'application',
          appliedOn: '2026-11-10',
          applicant: HIRANAI.code,
          recipient: 'prefectural-governor',
          documentNumber: '平企第300号',
          summary: '自治紛争処理委員による調停を求める。',
        })
        .expect(201);
    });

    it('refuses the appointment of the commissioners', async () => {
      await refused(
        () =>
          api.post(`${doubt}/escalation`, {
            step: 'appointment',
            appointedOn: '2026-11-16',
            commissioners,
            evidence: { documentNumber: '青森県指令市第200号' },
          }),
        400,
        'evidence.documentDate',
      );
      await api
        .post(`${doubt}/escalation`, {
          step: 'appointment',
          appointedOn: '2026-11-16',
          commissioners,
          evidence: { documentNumber: '青森県指令市第200号', documentDate: '2026-11-16' },
        })
        .expect(201);
    });

    it('refuses the 処理方策 presented, notified and published', async () => {
      const presented = {
        step: 'presented',
        presentedOn: '2026-11-25',
        proposal: '経費は均等割で負担する。',
      };
      await refused(
        () =>
          api.post(`${doubt}/settlement-proposal`, {
            ...presented,
            evidence: { documentNumber: '紛争処理委員第1号' },
          }),
        400,
        'evidence.documentDate',
      );
      await api
        .post(`${doubt}/settlement-proposal`, {
          ...presented,
          evidence: { documentNumber: '紛争処理委員第1号', documentDate: '2026-11-25' },
        })
        .expect(201);
      for (const step of [
        { step: 'notified', notifiedOn: '2026-11-26' },
        { step: 'published', publishedOn: '2026-11-26', medium: '青森県報' },
      ]) {
        await refused(
          () =>
            api.post(`${doubt}/settlement-proposal`, {
              ...step,
              evidence: { documentNumber: '紛争処理委員第2号' },
            }),
          400,
          'evidence.documentDate',
        );
      }
    });
  });
});

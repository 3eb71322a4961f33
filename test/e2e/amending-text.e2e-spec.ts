/**
 * 削る over HTTP: an article or 号 removed without a 「削除」 marker renumbers the
 * later ones unless the operation says otherwise, and the 改め文 says so; the refusals are 422.
 */
import type { AmendmentOperation } from '@kyoyaku/legal-text';
import { AgreementApi } from '../support/agreement-api';
import { startTestApp, type TestApp } from '../support/test-app';

describe('削る and the numbers after it, over HTTP', () => {
  let t: TestApp;
  let api: AgreementApi;
  const ID = 'aomori-hiranai';

  beforeAll(async () => {
    t = await startTestApp();
    api = new AgreementApi(t);
    await api.declareRegion();
    await api.openAgreement(ID);
    await api.carryThrough(ID, 'conclusion', {
      resolvedOn: '2019-12-13',
      concludedOn: '2019-12-25',
      effectiveOn: '2019-12-25',
    });
  });
  afterAll(async () => {
    await t.close();
  });

  async function sentencesOf(proceedingId: string, operations: unknown[]): Promise<string[]> {
    await api
      .post(`/agreements/${ID}/proceedings`, {
        kind: 'amendment',
        proceedingId,
        draftedOn: '2020-02-01',
        operations,
      })
      .expect(201);
    const res = await api.get(`/agreements/${ID}/proceedings/${proceedingId}/amending-text`).expect(200);
    // One amendment in negotiation at a time: withdraw it for the next case.
    await api
      .post(`/agreements/${ID}/proceedings/${proceedingId}/withdrawal`, {
        withdrawnOn: '2020-02-02',
        reason: '試験のため取り下げる',
      })
      .expect(201);
    return (res.body.sentences as { text: string }[]).map((s) => s.text);
  }

  it('renumbers the later articles by default: 第5条を削り、第6条を第5条とする。', async () => {
    const sentences = await sentencesOf('delete-default', [
      { op: 'deleteProvision', path: { article: '5' }, leaveDeletedMarker: false },
    ]);
    expect(sentences).toEqual(['第5条を削り、第6条を第5条とする。']);
    const proceeding = await api.get(`/agreements/${ID}/proceedings/delete-default`).expect(200);
    expect(JSON.stringify(proceeding.body)).toContain('"renumberFollowing":true');
  });

  it('keeps the numbers when the operation says so: 「第5条を削る。」 or 「第5条 削除」', async () => {
    expect(
      await sentencesOf('delete-gap', [
        {
          op: 'deleteProvision',
          path: { article: '5' },
          leaveDeletedMarker: false,
          renumberFollowing: false,
        },
      ]),
    ).toEqual(['第5条を削る。']);
    expect(
      await sentencesOf('delete-marker', [
        { op: 'deleteProvision', path: { article: '5' }, leaveDeletedMarker: true },
      ]),
    ).toEqual(['第5条を次のように改める。']);
  });

  it('refuses what cannot be drafted, with the rule and nothing written', async () => {
    const before = await api.head();
    const operations: AmendmentOperation[] = [
      {
        op: 'deleteProvision',
        path: { article: '4', paragraph: 1 },
        leaveDeletedMarker: false,
        renumberFollowing: false,
      },
    ];
    const res = await api
      .post(`/agreements/${ID}/proceedings`, {
        kind: 'amendment',
        proceedingId: 'delete-paragraph-gap',
        draftedOn: '2020-02-01',
        operations,
      })
      .expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toContain('項には枝番号がなく');
    expect(await api.head()).toBe(before);
    const bad = await api
      .post(`/agreements/${ID}/proceedings`, {
        kind: 'amendment',
        proceedingId: 'delete-bad-flag',
        draftedOn: '2020-02-01',
        operations: [
          {
            op: 'deleteProvision',
            path: { article: '5' },
            leaveDeletedMarker: false,
            renumberFollowing: 'yes',
          },
        ],
      })
      .expect(400);
    expect(bad.body.code).toBe('ValidationFailed');
    expect(await api.head()).toBe(before);
  });
});

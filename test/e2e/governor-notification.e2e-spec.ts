/**
 * 届出 (地方自治法 第252条の2第2項) over HTTP: each party's own, or one joint filing (連名), with its
 * 文書番号; the addressee derived from the parties' codes; every refusal a problem+json that writes
 * nothing.
 */
import request from 'supertest';
import { agreementDocument, AOMORI_CITY, HIRANAI } from '../fixtures/aomori';
import { AgreementApi } from '../support/agreement-api';
import { startTestApp, type TestApp } from '../support/test-app';

const MORIOKA = { code: '032018', name: '盛岡市' };
const AOMORI_PREFECTURE = { code: '020001', name: '青森県' };

interface Entry {
  type: string;
  summary: string;
  eventId: string;
  position: string;
}

describe('届出 by each party or jointly (連名), with its 文書番号', () => {
  let t: TestApp;
  let api: AgreementApi;
  const base = (id: string) => `/agreements/${id}/proceedings/conclusion`;
  const notify = (id: string) => `${base(id)}/governor-notification`;

  /** An agreement of 青森市 and `partner`, concluded 2019-12-25 with both 告示, and no 届出 yet. */
  async function concluded(id: string, partner: { code: string; name: string }): Promise<void> {
    await api
      .post('/agreements', {
        agreementId: id,
        regionId: 'aomori',
        coreCity: AOMORI_CITY,
        partner,
        proceedingId: 'conclusion',
        draftedOn: '2019-11-20',
        document: agreementDocument(partner.name),
      })
      .expect(201);
    for (const [party, code] of [
      ['core', AOMORI_CITY.code],
      ['partner', partner.code],
    ] as const) {
      await api
        .post(
          `${base(id)}/council-resolutions`,
          { party, decision: 'approved', resolvedOn: '2019-12-12' },
          api.clerk(code),
        )
        .expect(201);
    }
    await api
      .post(`${base(id)}/conclusion`, {
        concludedOn: '2019-12-25',
        effectiveOn: '2019-12-25',
        signatories: {
          core: { title: '青森市長', name: 'a' },
          partner: { title: `${partner.name}長`, name: 'b' },
        },
      })
      .expect(201);
    for (const [party, code] of [
      ['core', AOMORI_CITY.code],
      ['partner', partner.code],
    ] as const) {
      await api
        .post(
          `${base(id)}/public-notices`,
          { party, noticeNumber: `${party}告示第1号`, publishedOn: '2019-12-25' },
          api.clerk(code),
        )
        .expect(201);
    }
  }

  function expectProblem(res: request.Response, status: number, code: string): void {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, code, rule: code, detail: expect.any(String) });
  }

  const history = async (id: string): Promise<Entry[]> =>
    (await api.get(`/agreements/${id}/history`).expect(200)).body.items as Entry[];

  beforeAll(async () => {
    t = await startTestApp();
    api = new AgreementApi(t);
    await api.declareRegion();
    await concluded('aomori-hiranai', HIRANAI);
    await concluded('aomori-morioka', MORIOKA);
    await concluded('aomori-pref', AOMORI_PREFECTURE);
  });
  afterAll(async () => {
    await t.close();
  });

  it('a clerk records its own municipality’s 届出: its party, code, 青森県知事 and 文書番号', async () => {
    const res = await api
      .post(
        notify('aomori-hiranai'),
        { filedBy: ['partner'], documentNumber: '平企第56号', notifiedOn: '2019-12-26' },
        api.clerk(HIRANAI.code),
      )
      .expect(201);
    const stored = await api
      .get(`/events?after=${BigInt(res.body.position as string) - 1n}&limit=1`)
      .expect(200);
    expect(stored.body.items[0]).toMatchObject({
      type: 'GovernorNotificationRecorded',
      schemaVersion: 2,
      data: {
        proceedingId: 'conclusion',
        filers: [{ party: 'partner', municipalityCode: HIRANAI.code }],
        addressee: { kind: 'prefectural-governor', prefectureCode: '020001' },
        notifiedOn: '2019-12-26',
        documentNumber: '平企第56号',
      },
    });
    const proceeding = await api.get(base('aomori-hiranai')).expect(200);
    expect(proceeding.body).toMatchObject({
      completed: false,
      notifications: { partner: { filedBy: ['partner'], documentNumber: '平企第56号' } },
      missingSteps: [
        { step: 'governor-notification', party: 'core', label: '甲（青森市）の届出（青森県知事）' },
      ],
    });
    expect(proceeding.body.notifications.core).toBeUndefined();
    expect((await history('aomori-hiranai')).at(-1)?.summary).toBe(
      '平内町が青森県知事へ届出（令和元年12月26日、平企第56号）',
    );
  });

  it('refuses, writing nothing: the other party’s 届出 by a clerk, a joint one by a clerk, a party’s second 届出', async () => {
    const head = await api.head();
    const body = { documentNumber: '青企第1号', notifiedOn: '2019-12-27' };
    expectProblem(
      await api.post(notify('aomori-hiranai'), { ...body, filedBy: ['core'] }, api.clerk(HIRANAI.code)),
      403,
      'ClerkMayRecordOnlyOwnMunicipality',
    );
    expectProblem(
      await api.post(
        notify('aomori-hiranai'),
        { ...body, filedBy: ['core', 'partner'] },
        api.clerk(AOMORI_CITY.code),
      ),
      403,
      'ClerkMayRecordOnlyOwnMunicipality',
    );
    const again = await api.post(
      notify('aomori-hiranai'),
      { ...body, filedBy: ['partner'] },
      api.clerk(HIRANAI.code),
    );
    expectProblem(again, 409, 'DuplicateGovernorNotification');
    expect(again.body.errors).toEqual([expect.objectContaining({ field: 'filedBy' })]);
    expectProblem(
      await api.post(notify('aomori-hiranai'), { ...body, filedBy: ['core', 'partner'] }),
      409,
      'DuplicateGovernorNotification',
    );
    expect(await api.head()).toBe(head);
  });

  it('refuses, writing nothing: a stated addressee that is not the derived one', async () => {
    const head = await api.head();
    const body = { filedBy: ['core'], documentNumber: '青企第1号', notifiedOn: '2019-12-27' };
    const minister = await api.post(notify('aomori-hiranai'), {
      ...body,
      addressee: { kind: 'minister-of-internal-affairs' },
    });
    expectProblem(minister, 422, 'WrongNotificationRecipient');
    expect(minister.body.errors).toEqual([expect.objectContaining({ field: 'addressee.kind' })]);
    const iwate = await api.post(notify('aomori-hiranai'), {
      ...body,
      addressee: { kind: 'prefectural-governor', prefectureCode: '030007' },
    });
    expectProblem(iwate, 422, 'WrongNotificationRecipient');
    expect(iwate.body).toMatchObject({ requiredPrefectureCode: '020001' });
    const badCode = await api.post(notify('aomori-hiranai'), {
      ...body,
      addressee: { kind: 'prefectural-governor', prefectureCode: '020002' },
    });
    expect(badCode.status).toBe(400);
    expect(badCode.body.errors.map((e: { field: string }) => e.field)).toContain('addressee.prefectureCode');
    const none = await api.post(notify('aomori-hiranai'), { ...body, filedBy: [] });
    expect(none.status).toBe(400);
    expect(await api.head()).toBe(head);
  });

  it('the other party’s own 届出, stating the right addressee, completes the proceeding', async () => {
    await api
      .post(
        notify('aomori-hiranai'),
        {
          filedBy: ['core'],
          documentNumber: '青企第1201号',
          notifiedOn: '2019-12-27',
          addressee: { kind: 'prefectural-governor', prefectureCode: '020001' },
        },
        api.clerk(AOMORI_CITY.code),
      )
      .expect(201);
    const proceeding = await api.get(base('aomori-hiranai')).expect(200);
    expect(proceeding.body).toMatchObject({ completed: true, missingSteps: [] });
    expect((await history('aomori-hiranai')).slice(-2).map((e) => e.summary)).toEqual([
      '青森市が青森県知事へ届出（令和元年12月27日、青企第1201号）',
      '締結の手続が完了（議決・締結・告示・届出）',
    ]);
    expect((await api.get('/agreements/aomori-hiranai').expect(200)).body.openProceedings).toEqual([]);
  });

  it('a 文書番号 is corrected (誤記訂正) like any recorded number', async () => {
    const filed = (await history('aomori-hiranai')).find((e) =>
      e.summary.startsWith('平内町が青森県知事へ届出'),
    );
    await api
      .post('/agreements/aomori-hiranai/corrections', {
        correctsEventId: filed?.eventId,
        correction: { field: 'documentNumber', value: '平企第65号' },
        reason: '控えとの照合で数字の入れ違いが判明したため',
      })
      .expect(201);
    const proceeding = await api.get(base('aomori-hiranai')).expect(200);
    expect(proceeding.body.notifications.partner.documentNumber).toBe('平企第65号');
    expect((await history('aomori-hiranai')).at(-1)?.summary).toBe(
      '誤記訂正：届出の文書番号 平企第56号 → 平企第65号（理由：控えとの照合で数字の入れ違いが判明したため）',
    );
  });

  it('parties in two prefectures each file with their own governor; a joint filing is refused', async () => {
    const head = await api.head();
    const joint = await api.post(notify('aomori-morioka'), {
      filedBy: ['core', 'partner'],
      documentNumber: '青企第2号',
      notifiedOn: '2019-12-26',
    });
    expectProblem(joint, 422, 'JointNotificationAcrossPrefectures');
    expect(await api.head()).toBe(head);
    await api
      .post(
        notify('aomori-morioka'),
        { filedBy: ['partner'], documentNumber: '盛企第3号', notifiedOn: '2019-12-26' },
        api.clerk(MORIOKA.code),
      )
      .expect(201);
    const proceeding = await api.get(base('aomori-morioka')).expect(200);
    expect(proceeding.body.notifications.partner.addressee).toEqual({
      kind: 'prefectural-governor',
      prefectureCode: '030007',
    });
    expect(proceeding.body.notifications.partner.addresseeName).toBe('岩手県知事');
    expect((await history('aomori-morioka')).at(-1)?.summary).toBe(
      '盛岡市が岩手県知事へ届出（令和元年12月26日、盛企第3号）',
    );
  });

  it('where a prefecture is a party, the joint 届出 goes to the 総務大臣', async () => {
    await api
      .post(notify('aomori-pref'), {
        filedBy: ['core', 'partner'],
        documentNumber: '青企第9号',
        notifiedOn: '2019-12-26',
      })
      .expect(201);
    const proceeding = await api.get(base('aomori-pref')).expect(200);
    expect(proceeding.body).toMatchObject({
      completed: true,
      notifications: {
        core: { filedBy: ['core', 'partner'], addressee: { kind: 'minister-of-internal-affairs' } },
        partner: { filedBy: ['core', 'partner'], addressee: { kind: 'minister-of-internal-affairs' } },
      },
    });
    expect((await history('aomori-pref')).slice(-2)[0]?.summary).toBe(
      '青森市及び青森県が総務大臣へ連名で届出（令和元年12月26日、青企第9号）',
    );
  });
});

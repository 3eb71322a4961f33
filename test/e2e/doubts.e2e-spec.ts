import type { DoubtView } from '@kyoyaku/projections';
import type { Response } from 'supertest';
import { AOMORI_CITY, HIRANAI, IMABETSU } from '../fixtures/aomori';
import { DoubtApi } from '../support/doubt-api';
import { startTestApp, type TestApp } from '../support/test-app';

const CORE = AOMORI_CITY.code;
const PARTNER = HIRANAI.code;
const THIRD = IMABETSU.code;

/** The document that proves a step of the 知事 or the commissioners (文書番号 and date). */
const evidence = (documentNumber: string, documentDate: string) => ({ documentNumber, documentDate });

const COMMISSIONERS = [
  { name: '委員 一郎', title: '弁護士' },
  { name: '委員 二郎', title: '大学教授' },
  { name: '委員 三子', title: '公認会計士' },
];

describe('doubts and disputes over HTTP', () => {
  let t: TestApp;
  let api: DoubtApi;
  let partnerClerk: string;
  let coreClerk: string;

  beforeAll(async () => {
    t = await startTestApp();
    api = new DoubtApi(t);
    partnerClerk = api.clerk(PARTNER);
    coreClerk = api.clerk(CORE);
    await api.concludedAgreement();
    await api.secondAgreement();
    await api.consultation('c-2020-06', '2020-06-10', { heldOn: '2020-06-10' });
    await api.consultation('c-2020-09', '2020-09-10');
    await api.consultation('c-imabetsu', '2020-06-10', { heldOn: '2020-06-10', participants: [CORE, THIRD] });
  });
  afterAll(async () => {
    await t.close();
  });

  const raise = (doubtId: string, body: Record<string, unknown> = {}, token = partnerClerk) =>
    api.post(
      '/agreements/aomori-hiranai/doubts',
      {
        doubtId,
        raisedBy: PARTNER,
        raisedOn: '2020-05-20',
        citation: { kind: 'provision', label: '第4条第2項' },
        question: '事業ごとの費用分担を定めるまでの間、乙は既に実施した事業の費用を負担するか。',
        ...body,
      },
      token,
    );
  const doubt = async (doubtId: string, token = api.secretariat): Promise<DoubtView> =>
    (await api.read(`/doubts/${doubtId}`, token).expect(200)).body as DoubtView;

  /** A refused request: the problem document, and nothing written. */
  async function refused(send: () => Promise<Response>, status: number, code: string): Promise<Response> {
    const before = await api.head();
    const res = await send();
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(typeof res.body.detail).toBe('string');
    expect(await api.head()).toBe(before);
    return res;
  }

  describe('a doubt resolved at a consultation that starts an amendment', () => {
    it('is raised by a party, pinning the version in force that day and the ledger head', async () => {
      const head = await api.head();
      const res = await raise('d-resolved').expect(201);
      expect(res.headers.location).toBe('/doubts/d-resolved');
      expect(res.headers.etag).toBe('"0"');
      expect(res.body).toMatchObject({ streamId: 'doubt-d-resolved', revision: '0', projected: true });
      const view = await doubt('d-resolved', partnerClerk);
      expect(view).toMatchObject({
        status: 'open',
        raisedBy: { role: 'partner', code: PARTNER, name: '平内町' },
        raisedOn: '2020-05-20',
        citation: { kind: 'provision', path: { article: '4', paragraph: 2 }, label: '第4条第2項' },
        pinned: { versionNumber: 1, effectiveFrom: '2019-12-25', ledgerPosition: head },
      });
      expect(view.pinned.citedText).toBe(
        '第4条第2項　前条に規定する取組に要する費用の分担については、事業ごとに協議の上、別途定める。',
      );
    });

    it('is taken up at a consultation, linked both ways', async () => {
      await api.post('/doubts/d-resolved/consultations', { consultationId: 'c-2020-06' }).expect(201);
      const view = await doubt('d-resolved');
      expect(view.consultations).toEqual([
        expect.objectContaining({
          consultationId: 'c-2020-06',
          role: 'discussion',
          consultationStatus: 'held',
        }),
      ]);
      // A doubt is for its parties: the public consultation does not quote it to anyone else.
      const anonymous = (await api.get('/consultations/c-2020-06').expect(200)).body;
      expect(anonymous.citedBy).toEqual([]);
      const consultation = (await api.read('/consultations/c-2020-06', partnerClerk).expect(200)).body;
      expect(consultation.citedBy).toEqual([
        expect.objectContaining({
          kind: 'doubt-discussion',
          streamId: 'doubt-d-resolved',
          ref: expect.objectContaining({ doubtId: 'd-resolved' }),
        }),
      ]);
      // Taken up twice: the doubt named by who raised it and when, the consultation by its kind
      // and date (as the screens name them); their ids only in machine fields.
      const twice = await refused(
        () => api.post('/doubts/d-resolved/consultations', { consultationId: 'c-2020-06' }),
        409,
        'ConsultationAlreadyLinked',
      );
      expect(twice.body.detail).toBe(
        '平内町が提起した疑義（令和2年5月20日）は既に協議（令和2年6月10日）に付議されています。',
      );
      expect(twice.body).toMatchObject({ doubtId: 'd-resolved', consultationId: 'c-2020-06' });
    });

    it('is resolved by both parties at the held consultation, naming the amendment it starts', async () => {
      await api.proposeAmendment('aomori-hiranai', 'p-2020', '2020-06-15', [
        {
          op: 'replaceWords',
          target: { kind: 'provision', path: { article: '4', paragraph: 2 } },
          from: '別途定める',
          to: '別途定めるものとし、実施済みの事業の費用は甲が負担する',
        },
      ]);
      const res = await api
        .post('/doubts/d-resolved/resolution', {
          resolvedOn: '2020-06-15',
          resolution: '実施済みの事業の費用は甲が負担することとし、その旨を第4条第2項に加える。',
          consultationId: 'c-2020-06',
          agreedBy: [CORE, PARTNER],
          followUpProceedingId: 'p-2020',
        })
        .expect(201);
      expect(res.headers.etag).toBe('"2"');
      const view = await doubt('d-resolved');
      expect(view).toMatchObject({
        status: 'resolved',
        statusLabel: '解決（協議）',
        resolution: {
          consultationId: 'c-2020-06',
          agreedBy: [CORE, PARTNER],
          followUpProceedingId: 'p-2020',
        },
      });
      expect(view.timeline.map((e: { summary: string }) => e.summary)).toEqual([
        expect.stringContaining('乙（平内町）が疑義を提起（令和2年5月20日、第4条第2項、第1版）'),
        // The consultation by its date and the amendment by its kind, never by their ids.
        '協議（令和2年6月10日）に付議',
        '協議で双方が合意し解決（令和2年6月15日、変更の手続を開始）',
      ]);
      const consultation = (await api.read('/consultations/c-2020-06', partnerClerk).expect(200)).body;
      expect(consultation.citedBy.map((c: { kind: string }) => c.kind)).toEqual([
        'doubt-discussion',
        'doubt-resolution',
      ]);
      const dossier = (await api.read('/doubts/d-resolved/dossier', partnerClerk).expect(200)).body;
      expect(dossier.laterEvents.map((e: { effect: string }) => e.effect)).toEqual(['amendment-proposed']);
      expect(dossier.resolution.followUpProceeding).toMatchObject({
        proceedingId: 'p-2020',
        status: 'negotiating',
      });
    });

    it('is listed in the agreement’s register of doubts', async () => {
      const list = (
        await api.read('/agreements/aomori-hiranai/doubts?status=resolved', coreClerk).expect(200)
      ).body;
      expect(
        list.items.map((d: { doubtId: string; statusLabel: string }) => [d.doubtId, d.statusLabel]),
      ).toEqual([['d-resolved', '解決（協議）']]);
    });
  });

  describe('a 定めのない事項, withdrawn by the party that raised it', () => {
    it('cites nothing and is withdrawn only by its raising party', async () => {
      await raise('d-unspecified', {
        citation: { kind: 'unspecified' },
        question: '連携事業の広報物に参加団体の名称をどう表記するか、協約に定めがない。',
      }).expect(201);
      expect((await doubt('d-unspecified')).citation).toEqual({
        kind: 'unspecified',
        label: '定めのない事項',
      });
      await refused(
        () =>
          api.post(
            '/doubts/d-unspecified/withdrawal',
            { withdrawnOn: '2020-06-01', reason: '解消' },
            coreClerk,
          ),
        403,
        'OnlyTheRaisingPartyMayWithdraw',
      );
      await api
        .post(
          '/doubts/d-unspecified/withdrawal',
          { withdrawnOn: '2020-06-01', reason: '事務レベルで解消したため' },
          partnerClerk,
        )
        .expect(201);
      expect(await doubt('d-unspecified')).toMatchObject({
        status: 'withdrawn',
        withdrawal: { withdrawnOn: '2020-06-01' },
      });
      const closed = await refused(
        () => api.post('/doubts/d-unspecified/consultations', { consultationId: 'c-2020-09' }),
        409,
        'DoubtClosed',
      );
      expect(closed.body.detail).toContain(
        '平内町が提起した疑義（令和2年5月20日）は2020-06-01に取下げ済みのため',
      );
      expect(closed.body.detail).not.toContain('d-unspecified');
      expect(closed.body.doubtId).toBe('d-unspecified');
    });
  });

  describe('the statutory procedure (第252条の2第7項, 第251条の3の2)', () => {
    it('blocks a resolution while an application stands, and allows it once the application is withdrawn with consent', async () => {
      await raise('d-withdrawn-application', { citation: { kind: 'measure', measureId: 'm04' } }).expect(201);
      await api
        .post(
          '/doubts/d-withdrawn-application/escalation',
          {
            step: 'application',
            appliedOn: '2020-06-20',
            applicant: PARTNER,
            recipient: 'prefectural-governor',
            documentNumber: '平企第120号',
            summary: '自治紛争処理委員による処理方策の提示を求める。',
          },
          partnerClerk,
        )
        .expect(201);
      expect((await doubt('d-withdrawn-application')).status).toBe('escalated');
      const resolve = () =>
        api.post('/doubts/d-withdrawn-application/resolution', {
          resolvedOn: '2020-08-01',
          resolution: '合意した。',
          consultationId: 'c-2020-06',
          agreedBy: [CORE, PARTNER],
        });
      await refused(resolve, 409, 'ResolutionAfterEscalation');
      await api
        .post('/doubts/d-withdrawn-application/escalation', {
          step: 'appointment',
          appointedOn: '2020-07-01',
          commissioners: COMMISSIONERS,
          evidence: evidence('青森県指令市第30号', '2020-07-01'),
        })
        .expect(201);
      await refused(
        () =>
          api.post(
            '/doubts/d-withdrawn-application/escalation',
            {
              step: 'application-withdrawal',
              withdrawnOn: '2020-07-20',
              consentedOn: '2020-07-15',
              reason: '協議を再開',
            },
            coreClerk,
          ),
        403,
        'OnlyTheApplicantMayWithdraw',
      );
      await api
        .post(
          '/doubts/d-withdrawn-application/escalation',
          {
            step: 'application-withdrawal',
            withdrawnOn: '2020-07-20',
            consentedOn: '2020-07-15',
            reason: '当事者間の協議を再開するため',
          },
          partnerClerk,
        )
        .expect(201);
      expect((await doubt('d-withdrawn-application')).status).toBe('open');
      // Not dated before the withdrawal; the consultation held on 2020-06-10 still counts.
      const resolveOn = (resolvedOn: string) =>
        api.post('/doubts/d-withdrawn-application/resolution', {
          resolvedOn,
          resolution: '観光施策の役割分担は現行のとおりとすることで合意した。',
          consultationId: 'c-2020-06',
          agreedBy: [PARTNER, CORE],
        });
      await refused(() => resolveOn('2020-07-19'), 422, 'StepDateBeforePreviousStep');
      await resolveOn('2020-07-21').expect(201);
      expect((await doubt('d-withdrawn-application')).status).toBe('resolved');
    });

    it('runs in order to a 処理方策 that one party does not accept (unsettled: it does not bind)', async () => {
      const id = 'd-dispute';
      const path = `/doubts/${id}`;
      await raise(id, { citation: { kind: 'provision', article: '4', paragraph: 2 } }).expect(201);
      await refused(
        () =>
          api.post(`${path}/settlement-proposal`, {
            step: 'presented',
            presentedOn: '2020-10-01',
            proposal: '案',
            evidence: evidence('自治紛争処理委員第1号', '2020-10-01'),
          }),
        409,
        'ApplicationNotFiled',
      );
      await api
        .post(
          `${path}/escalation`,
          {
            step: 'application',
            appliedOn: '2020-08-03',
            applicant: CORE,
            recipient: 'prefectural-governor',
            documentNumber: '青企第77号',
            summary: '処理方策の提示を求める。',
          },
          coreClerk,
        )
        .expect(201);
      await refused(
        () =>
          api.post(`${path}/settlement-proposal`, {
            step: 'presented',
            presentedOn: '2020-10-01',
            proposal: '案',
            evidence: evidence('自治紛争処理委員第1号', '2020-10-01'),
          }),
        409,
        'CommissionersNotAppointed',
      );
      await api
        .post(`${path}/escalation`, {
          step: 'appointment',
          appointedOn: '2020-08-20',
          commissioners: COMMISSIONERS,
          evidence: evidence('青森県指令市第40号', '2020-08-20'),
        })
        .expect(201);
      await api
        .post(`${path}/settlement-proposal`, {
          step: 'presented',
          presentedOn: '2020-10-01',
          decidedOn: '2020-09-28',
          proposal: '一　実施済みの事業の費用は、甲及び乙が2分の1ずつ負担する。',
          evidence: evidence('自治紛争処理委員第1号', '2020-10-01'),
        })
        .expect(201);
      await api
        .post(`${path}/settlement-proposal`, {
          step: 'notified',
          notifiedOn: '2020-10-01',
          evidence: evidence('自治紛争処理委員第2号', '2020-10-01'),
        })
        .expect(201);
      await api
        .post(`${path}/settlement-proposal`, {
          step: 'published',
          publishedOn: '2020-10-06',
          medium: '青森県報',
          evidence: evidence('青森県報第2950号', '2020-10-06'),
        })
        .expect(201);
      await refused(
        () =>
          api.post(`${path}/escalation`, {
            step: 'application-withdrawal',
            withdrawnOn: '2020-10-10',
            consentedOn: '2020-10-09',
            reason: '取下げ',
          }),
        409,
        'ApplicationNoLongerPending',
      );
      await api
        .post(
          `${path}/responses`,
          {
            respondent: CORE,
            respondedOn: '2020-10-20',
            stance: 'accepts',
            statement: '処理方策を尊重する。',
          },
          coreClerk,
        )
        .expect(201);
      await refused(
        () =>
          api.post(
            `${path}/responses`,
            { respondent: PARTNER, respondedOn: '2020-10-22', stance: 'accepts', statement: '尊重する。' },
            coreClerk,
          ),
        403,
        'ClerkMayActOnlyForOwnMunicipality',
      );
      const last = await api
        .post(
          `${path}/responses`,
          {
            respondent: PARTNER,
            respondedOn: '2020-10-22',
            stance: 'does-not-accept',
            statement: '財政上応じられない。',
          },
          partnerClerk,
        )
        .expect(201);
      expect(last.body.eventIds).toHaveLength(2);
      const view = await doubt(id);
      expect(view.status).toBe('unsettled');
      expect(view.applications[0]).toMatchObject({
        applicant: { code: CORE },
        recipient: 'prefectural-governor',
        proposal: {
          presentedOn: '2020-10-01',
          notifiedOn: '2020-10-01',
          publishedOn: '2020-10-06',
          medium: '青森県報',
        },
        conclusion: { concludedOn: '2020-10-22', outcome: 'not-accepted' },
      });
      expect(view.timeline.at(-1)?.summary).toContain('処理方策を受け入れない当事者があり');
    });
  });

  describe('HTTP conventions', () => {
    it('documents every path of the feature in the OpenAPI document', async () => {
      const spec = (await api.get('/docs-json').expect(200)).body as {
        paths: Record<string, Record<string, unknown>>;
      };
      const routes = Object.entries(spec.paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
      );
      expect(routes).toEqual(
        expect.arrayContaining([
          'POST /agreements/{agreementId}/doubts',
          'GET /agreements/{agreementId}/doubts',
          'GET /doubts/{doubtId}',
          'POST /doubts/{doubtId}/consultations',
          'POST /doubts/{doubtId}/resolution',
          'POST /doubts/{doubtId}/withdrawal',
          'POST /doubts/{doubtId}/escalation',
          'POST /doubts/{doubtId}/settlement-proposal',
          'POST /doubts/{doubtId}/responses',
          'GET /doubts/{doubtId}/dossier',
          'GET /doubts/{doubtId}/dossier/access-log',
        ]),
      );
    });

    it('honours If-Match (412 with the current revision) and replays an Idempotency-Key', async () => {
      await raise('d-conventions').expect(201);
      const res = await refused(
        () =>
          api.post('/doubts/d-conventions/consultations', { consultationId: 'c-2020-09' }, api.secretariat, {
            'if-match': '"5"',
          }),
        412,
        'RevisionMismatch',
      );
      expect(res.body.currentRevision).toBe('0');
      const etag = (await api.read('/doubts/d-conventions', partnerClerk).expect(200)).headers.etag;
      const send = () =>
        api.post(
          '/doubts/d-conventions/consultations',
          { consultationId: 'c-2020-09', note: '議題とする' },
          api.secretariat,
          {
            'if-match': String(etag),
            'idempotency-key': 'link-d-conventions-1',
          },
        );
      const first = await send().expect(201);
      const head = await api.head();
      const replay = await send().expect(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual(first.body);
      expect(await api.head()).toBe(head);
      await refused(
        () =>
          api.post('/doubts/d-conventions/consultations', { consultationId: 'c-2020-06' }, api.secretariat, {
            'idempotency-key': 'link-d-conventions-1',
          }),
        422,
        'IdempotencyKeyReused',
      );
    });

    it('doubts are not public: readers, third clerks and anonymous callers are refused, even with public reads', async () => {
      expect(t.config.readAccess).toBe('open');
      for (const path of [
        '/doubts/d-resolved',
        '/agreements/aomori-hiranai/doubts',
        '/doubts/d-resolved/dossier',
      ]) {
        await refused(() => api.read(path, t.token('reader')), 403, 'DoubtAccessRestricted');
        await refused(() => api.read(path, api.clerk(THIRD)), 403, 'DoubtAccessRestricted');
        await refused(() => api.get(path), 401, 'Unauthorized');
      }
      // The web application shows these details: roles by their Japanese names, never their ids.
      const reader = await refused(
        () => api.read('/doubts/d-resolved', t.token('reader')),
        403,
        'DoubtAccessRestricted',
      );
      expect(reader.body.detail).toBe(
        '疑義と紛争記録を読めるのは当事者の担当職員、事務局及び管理者です（閲覧者のトークンでは読めません）。',
      );
      const third = await refused(
        () => api.read('/doubts/d-resolved', api.clerk(THIRD)),
        403,
        'DoubtAccessRestricted',
      );
      expect(third.body.detail).toBe(
        `この疑義を読めるのは当事者（青森市、平内町）の担当職員、事務局及び管理者です（この担当職員の団体: 団体コード ${THIRD}）。`,
      );
      const anonymous = await refused(() => api.get('/doubts/d-resolved'), 401, 'Unauthorized');
      expect(anonymous.body.detail).toBe(
        '疑義と紛争記録は公開されていません。当事者の担当職員、事務局又は管理者のトークンで読んでください。',
      );
      const unknown = await refused(() => api.read('/doubts/nope', t.token('admin')), 404, 'DoubtNotFound');
      expect(unknown.body.detail).toBe(
        '疑義「nope」は提起されていません。提起された疑義は協約の「疑義」の一覧にあります。',
      );
      await api.read('/doubts/d-resolved', t.token('admin')).expect(200);
      await refused(() => raise('d-third', {}, api.clerk(THIRD)), 403, 'ClerkMayActOnlyForOwnMunicipality');
      await refused(() => raise('d-reader', {}, t.token('reader')), 403, 'RoleNotAllowed');
    });
  });

  describe('bad input answers problem+json and writes nothing', () => {
    beforeAll(async () => {
      await raise('d-bad').expect(201);
      await raise('d-bad-escalated').expect(201);
      await api
        .post(
          '/doubts/d-bad-escalated/escalation',
          {
            step: 'application',
            appliedOn: '2020-06-01',
            applicant: PARTNER,
            recipient: 'prefectural-governor',
            documentNumber: '平企第1号',
            summary: '申請',
          },
          partnerClerk,
        )
        .expect(201);
    });

    const post = (path: string, body: unknown, token?: string) => () => api.post(path, body, token);
    const cases: [string, () => () => Promise<Response>, number, string][] = [
      [
        'raise: a code with a wrong check digit',
        () =>
          post('/agreements/aomori-hiranai/doubts', {
            raisedBy: '023018',
            raisedOn: '2020-05-20',
            citation: { kind: 'unspecified' },
            question: 'q',
          }),
        400,
        'ValidationFailed',
      ],
      [
        'raise: not a calendar date',
        () =>
          post('/agreements/aomori-hiranai/doubts', {
            raisedBy: PARTNER,
            raisedOn: '2020-02-30',
            citation: { kind: 'unspecified' },
            question: 'q',
          }),
        400,
        'ValidationFailed',
      ],
      [
        'raise: a measure citation with an article',
        () =>
          post('/agreements/aomori-hiranai/doubts', {
            raisedBy: PARTNER,
            raisedOn: '2020-05-20',
            citation: { kind: 'measure', measureId: 'm01', article: '3' },
            question: 'q',
          }),
        400,
        'ValidationFailed',
      ],
      [
        'raise: a 定めのない事項 that cites a provision',
        () =>
          post('/agreements/aomori-hiranai/doubts', {
            raisedBy: PARTNER,
            raisedOn: '2020-05-20',
            citation: { kind: 'unspecified', label: '第4条' },
            question: 'q',
          }),
        400,
        'ValidationFailed',
      ],
      [
        'raise: label and article together',
        () =>
          post('/agreements/aomori-hiranai/doubts', {
            raisedBy: PARTNER,
            raisedOn: '2020-05-20',
            citation: { kind: 'provision', label: '第4条', article: '4' },
            question: 'q',
          }),
        400,
        'ValidationFailed',
      ],
      [
        'raise: a label that is no provision',
        () =>
          post('/agreements/aomori-hiranai/doubts', {
            raisedBy: PARTNER,
            raisedOn: '2020-05-20',
            citation: { kind: 'provision', label: '四条' },
            question: 'q',
          }),
        400,
        'ValidationFailed',
      ],
      [
        'raise: an unknown field',
        () =>
          post('/agreements/aomori-hiranai/doubts', {
            raisedBy: PARTNER,
            raisedOn: '2020-05-20',
            citation: { kind: 'unspecified' },
            question: 'q',
            pinned: 1,
          }),
        400,
        'ValidationFailed',
      ],
      [
        'raise: a provision not in the pinned version',
        () =>
          post(
            '/agreements/aomori-hiranai/doubts',
            {
              raisedBy: PARTNER,
              raisedOn: '2020-05-20',
              citation: { kind: 'provision', label: '第4条第3項' },
              question: 'q',
            },
            partnerClerk,
          ),
        422,
        'CitationNotInPinnedVersion',
      ],
      [
        'raise: a measure not in the pinned version',
        () =>
          post(
            '/agreements/aomori-hiranai/doubts',
            {
              raisedBy: PARTNER,
              raisedOn: '2020-05-20',
              citation: { kind: 'measure', measureId: 'm16' },
              question: 'q',
            },
            partnerClerk,
          ),
        422,
        'CitationNotInPinnedVersion',
      ],
      [
        'raise: before the agreement was in force',
        () =>
          post(
            '/agreements/aomori-hiranai/doubts',
            { raisedBy: PARTNER, raisedOn: '2019-12-24', citation: { kind: 'unspecified' }, question: 'q' },
            partnerClerk,
          ),
        422,
        'AgreementNotInForceOnRaisedDate',
      ],
      [
        'raise: a date still ahead',
        () =>
          post(
            '/agreements/aomori-hiranai/doubts',
            { raisedBy: PARTNER, raisedOn: '2026-11-28', citation: { kind: 'unspecified' }, question: 'q' },
            partnerClerk,
          ),
        422,
        'RaisedDateInFuture',
      ],
      [
        'raise: by a municipality that is no party',
        () =>
          post('/agreements/aomori-hiranai/doubts', {
            raisedBy: THIRD,
            raisedOn: '2020-05-20',
            citation: { kind: 'unspecified' },
            question: 'q',
          }),
        422,
        'NotAPartyOfTheAgreement',
      ],
      [
        'raise: an unknown agreement',
        () =>
          post('/agreements/nope/doubts', {
            raisedBy: PARTNER,
            raisedOn: '2020-05-20',
            citation: { kind: 'unspecified' },
            question: 'q',
          }),
        404,
        'AgreementNotFound',
      ],
      [
        'raise: the same doubt id again',
        () =>
          post('/agreements/aomori-hiranai/doubts', {
            doubtId: 'd-bad',
            raisedBy: PARTNER,
            raisedOn: '2020-05-20',
            citation: { kind: 'unspecified' },
            question: 'q',
          }),
        409,
        'DoubtAlreadyRaised',
      ],
      ['discuss: no consultation id', () => post('/doubts/d-bad/consultations', {}), 400, 'ValidationFailed'],
      [
        'discuss: an unknown consultation',
        () => post('/doubts/d-bad/consultations', { consultationId: 'c-none' }),
        404,
        'ConsultationNotFound',
      ],
      [
        'discuss: a consultation without 平内町',
        () => post('/doubts/d-bad/consultations', { consultationId: 'c-imabetsu' }),
        422,
        'ConsultationWithoutBothParties',
      ],
      [
        'discuss: an unknown doubt',
        () => post('/doubts/d-none/consultations', { consultationId: 'c-2020-06' }),
        404,
        'DoubtNotFound',
      ],
      [
        'resolve: one party only',
        () =>
          post('/doubts/d-bad/resolution', {
            resolvedOn: '2020-06-10',
            resolution: 'r',
            consultationId: 'c-2020-06',
            agreedBy: [PARTNER],
          }),
        422,
        'ResolutionRequiresBothParties',
      ],
      [
        'resolve: a consultation not held',
        () =>
          post('/doubts/d-bad/resolution', {
            resolvedOn: '2020-09-10',
            resolution: 'r',
            consultationId: 'c-2020-09',
            agreedBy: [CORE, PARTNER],
          }),
        409,
        'ResolutionRequiresHeldConsultation',
      ],
      [
        'resolve: a follow-up that is no proceeding',
        () =>
          post('/doubts/d-bad/resolution', {
            resolvedOn: '2020-06-10',
            resolution: 'r',
            consultationId: 'c-2020-06',
            agreedBy: [CORE, PARTNER],
            followUpProceedingId: 'p-none',
          }),
        404,
        'FollowUpProceedingNotFound',
      ],
      [
        'resolve: a follow-up that is the conclusion',
        () =>
          post('/doubts/d-bad/resolution', {
            resolvedOn: '2020-06-10',
            resolution: 'r',
            consultationId: 'c-2020-06',
            agreedBy: [CORE, PARTNER],
            followUpProceedingId: 'conclusion',
          }),
        422,
        'FollowUpMustBeAmendment',
      ],
      [
        'resolve: by a clerk',
        () =>
          post(
            '/doubts/d-bad/resolution',
            {
              resolvedOn: '2020-06-10',
              resolution: 'r',
              consultationId: 'c-2020-06',
              agreedBy: [CORE, PARTNER],
            },
            partnerClerk,
          ),
        403,
        'RoleNotAllowed',
      ],
      [
        'resolve: agreedBy not an array',
        () =>
          post('/doubts/d-bad/resolution', {
            resolvedOn: '2020-06-10',
            resolution: 'r',
            consultationId: 'c-2020-06',
            agreedBy: CORE,
          }),
        400,
        'ValidationFailed',
      ],
      [
        'resolve: after escalation',
        () =>
          post('/doubts/d-bad-escalated/resolution', {
            resolvedOn: '2020-06-10',
            resolution: 'r',
            consultationId: 'c-2020-06',
            agreedBy: [CORE, PARTNER],
          }),
        409,
        'ResolutionAfterEscalation',
      ],
      [
        'withdraw: no reason',
        () => post('/doubts/d-bad/withdrawal', { withdrawnOn: '2020-06-01' }, partnerClerk),
        400,
        'ValidationFailed',
      ],
      [
        'withdraw: before the doubt was raised',
        () => post('/doubts/d-bad/withdrawal', { withdrawnOn: '2020-05-19', reason: 'r' }, partnerClerk),
        422,
        'StepDateBeforePreviousStep',
      ],
      [
        'withdraw: while escalated',
        () =>
          post(
            '/doubts/d-bad-escalated/withdrawal',
            { withdrawnOn: '2020-06-02', reason: 'r' },
            partnerClerk,
          ),
        409,
        'DoubtEscalated',
      ],
      [
        'escalation: an unknown step',
        () => post('/doubts/d-bad/escalation', { step: 'appeal' }),
        400,
        'ValidationFailed',
      ],
      [
        'escalation: an application without its 文書番号',
        () =>
          post('/doubts/d-bad/escalation', {
            step: 'application',
            appliedOn: '2020-06-01',
            applicant: PARTNER,
            recipient: 'prefectural-governor',
            summary: 's',
          }),
        400,
        'ValidationFailed',
      ],
      [
        'escalation: a field of another step',
        () =>
          post('/doubts/d-bad/escalation', {
            step: 'appointment',
            appointedOn: '2020-06-01',
            commissioners: COMMISSIONERS,
            appliedOn: '2020-06-01',
          }),
        400,
        'ValidationFailed',
      ],
      [
        'escalation: to the 総務大臣 between municipalities',
        () =>
          post('/doubts/d-bad/escalation', {
            step: 'application',
            appliedOn: '2020-06-01',
            applicant: PARTNER,
            recipient: 'minister-of-internal-affairs',
            documentNumber: 'n',
            summary: 's',
          }),
        422,
        'WrongApplicationRecipient',
      ],
      [
        'escalation: commissioners before an application',
        () =>
          post('/doubts/d-bad/escalation', {
            step: 'appointment',
            appointedOn: '2020-06-01',
            commissioners: COMMISSIONERS,
            evidence: evidence('青森県指令市第1号', '2020-06-01'),
          }),
        409,
        'ApplicationNotFiled',
      ],
      [
        'escalation: two commissioners',
        () =>
          post('/doubts/d-bad-escalated/escalation', {
            step: 'appointment',
            appointedOn: '2020-06-05',
            commissioners: COMMISSIONERS.slice(0, 2),
            evidence: evidence('青森県指令市第2号', '2020-06-05'),
          }),
        422,
        'ThreeCommissionersRequired',
      ],
      [
        'escalation: a second application',
        () =>
          post('/doubts/d-bad-escalated/escalation', {
            step: 'application',
            appliedOn: '2020-06-02',
            applicant: CORE,
            recipient: 'prefectural-governor',
            documentNumber: 'n',
            summary: 's',
          }),
        409,
        'AlreadyEscalated',
      ],
      [
        'settlement-proposal: published without a medium',
        () =>
          post('/doubts/d-bad-escalated/settlement-proposal', {
            step: 'published',
            publishedOn: '2020-07-01',
          }),
        400,
        'ValidationFailed',
      ],
      [
        'settlement-proposal: before the commissioners',
        () =>
          post('/doubts/d-bad-escalated/settlement-proposal', {
            step: 'presented',
            presentedOn: '2020-07-01',
            proposal: 'p',
            evidence: evidence('自治紛争処理委員第1号', '2020-07-01'),
          }),
        409,
        'CommissionersNotAppointed',
      ],
      [
        'settlement-proposal: notified before presented',
        () =>
          post('/doubts/d-bad-escalated/settlement-proposal', {
            step: 'notified',
            notifiedOn: '2020-07-01',
            evidence: evidence('自治紛争処理委員第2号', '2020-07-01'),
          }),
        409,
        'ProposalNotPresented',
      ],
      [
        'responses: an unknown stance',
        () =>
          post('/doubts/d-bad-escalated/responses', {
            respondent: CORE,
            respondedOn: '2020-07-01',
            stance: 'maybe',
            statement: 's',
          }),
        400,
        'ValidationFailed',
      ],
      [
        'responses: before a 処理方策',
        () =>
          post('/doubts/d-bad-escalated/responses', {
            respondent: CORE,
            respondedOn: '2020-07-01',
            stance: 'accepts',
            statement: 's',
          }),
        409,
        'ProposalNotPresented',
      ],
      [
        'responses: by a municipality that is no party',
        () =>
          post('/doubts/d-bad-escalated/responses', {
            respondent: THIRD,
            respondedOn: '2020-07-01',
            stance: 'accepts',
            statement: 's',
          }),
        422,
        'NotAPartyOfTheAgreement',
      ],
      [
        'a doubt id that is no id',
        () => post('/doubts/D_BAD/withdrawal', { withdrawnOn: '2020-06-01', reason: 'r' }),
        400,
        'ValidationFailed',
      ],
      [
        'list: a limit out of range',
        () => () => api.read('/agreements/aomori-hiranai/doubts?limit=0', api.secretariat),
        400,
        'ValidationFailed',
      ],
      [
        'list: an unknown status',
        () => () => api.read('/agreements/aomori-hiranai/doubts?status=closed', api.secretariat),
        400,
        'ValidationFailed',
      ],
      [
        'list: an unknown agreement',
        () => () => api.read('/agreements/nope/doubts', api.secretariat),
        404,
        'AgreementNotFound',
      ],
      [
        'get: an unknown doubt',
        () => () => api.read('/doubts/d-none', api.secretariat),
        404,
        'DoubtNotFound',
      ],
      [
        'dossier: an unknown doubt',
        () => () => api.read('/doubts/d-none/dossier', api.secretariat),
        404,
        'DoubtNotFound',
      ],
      [
        'dossier: a doubt id that is no id',
        () => () => api.read('/doubts/D_BAD/dossier', api.secretariat),
        400,
        'ValidationFailed',
      ],
      [
        'access log: not an admin',
        () => () => api.read('/doubts/d-bad/dossier/access-log', api.secretariat),
        403,
        'RoleNotAllowed',
      ],
      [
        'access log: a bad cursor',
        () => () => api.read('/doubts/d-bad/dossier/access-log?after=x', t.token('admin')),
        400,
        'ValidationFailed',
      ],
    ];
    it.each(cases)('%s', async (_name, request, status, code) => {
      await refused(request(), status, code);
    });
  });
});

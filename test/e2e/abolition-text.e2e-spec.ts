/**
 * The 廃止協約 over HTTP: an abolition proceeding carries its text (「…を廃止する協約」), drafted when the
 * abolition is proposed or revised, voted on and concluded on its 施行日, and served by
 * …/amending-text as JSON, text/plain, printable HTML and DOCX.
 */
import { agreementStreamId, toAgreementEvent, type AgreementEvent } from '@kyoyaku/domain';
import { concludedAgreementCommands, historyOf, kit } from '@kyoyaku/domain/testing';
import { EVENT_STORE, type EventStore } from '@kyoyaku/event-store';
import { Projector } from '@kyoyaku/projections';
import { AgreementApi } from '../support/agreement-api';
import { startTestApp, type TestApp } from '../support/test-app';
import { DOCX, docxParagraphs, getBytes } from '../support/documents';

const SPACE = '\u3000';

describe('the 廃止協約 of the demo abolition (はまなす台町（架空）, concluded 2024-03-22)', () => {
  let t: TestApp;
  let api: AgreementApi;
  const PATH = '/agreements/aomori-hamanasudai/proceedings/hamanasudai-abolition-2024/amending-text';
  const TITLE = '青森市とはまなす台町（架空）との連携中枢都市圏の形成に係る連携協約を廃止する協約';

  beforeAll(async () => {
    t = await startTestApp({}, { demo: true });
    api = new AgreementApi(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves the text stored with the draft the councils approved, signed as concluded (JSON)', async () => {
    const res = await api.get(PATH).expect(200);
    expect(res.body).toMatchObject({
      kind: 'abolition',
      proceedingId: 'hamanasudai-abolition-2024',
      draftNumber: 1,
      effectiveOn: '2024-04-01',
      concluded: true,
      source: 'draft',
      style: 'municipal',
      title: TITLE,
      abolition: {
        title: TITLE,
        provision:
          '青森市とはまなす台町（架空）との連携中枢都市圏の形成に係る連携協約（令和2年3月27日締結）は、廃止する。',
        supplementaryProvision: 'この協約は、令和6年4月1日から施行する。',
        effect: { kind: 'on-date', effectiveOn: '2024-04-01' },
      },
    });
    expect(res.body.abolition.preamble).toMatch(
      /^青森市（以下「甲」という。）とはまなす台町（架空）（以下「乙」という。）とは、地方自治法（昭和22年法律第67号）第252条の2第4項の規定により、令和2年3月27日に締結した/,
    );
    expect(res.body.lines).toContain(`附${SPACE}則`);
    expect(res.body.lines).toContain(`${SPACE}${SPACE}令和6年3月22日`);
    expect(res.body.lines.at(-1)).toBe(
      `${SPACE.repeat(4)}乙${SPACE}はまなす台町長（架空）${SPACE}署名者氏名（例示）`,
    );
  });

  it('serves the same text as text/plain', async () => {
    const json = await api.get(PATH).expect(200);
    const plain = await api.get(PATH).set('accept', 'text/plain').expect(200);
    expect(plain.headers['content-type']).toMatch(/^text\/plain/);
    expect(plain.text).toBe(json.body.text);
    expect(plain.text.split('\n')[0]).toBe(TITLE);
  });

  it('serves printable HTML (A4 portrait) with every line', async () => {
    const html = await api.get(PATH).set('accept', 'text/html').expect(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toContain(`<h1 class="kt-title">${TITLE}</h1>`);
    expect(html.text).toContain('A4 portrait');
    expect(html.text).toContain('（令和2年3月27日締結）は、廃止する。');
    expect(html.text).toContain(`<p class="kt-line">${SPACE}この協約は、令和6年4月1日から施行する。</p>`);
  });

  it('serves a DOCX whose paragraphs are the lines of the text', async () => {
    const json = await api.get(PATH).expect(200);
    const res = await getBytes(api, PATH, DOCX).expect(200);
    expect(res.headers['content-type']).toBe(DOCX);
    expect(res.headers['content-disposition']).toContain(
      'aomori-hamanasudai-hamanasudai-abolition-2024.docx',
    );
    expect(await docxParagraphs(res.body as Buffer)).toEqual(json.body.lines);
  });

  it('serves the 改め文 of an amendment as HTML and DOCX too', async () => {
    const path = '/agreements/aomori-hiranai/proceedings/hiranai-amendment-2021/amending-text';
    const json = await api.get(path).expect(200);
    expect(json.body.kind).toBe('amendment');
    const html = await api.get(path).set('accept', 'text/html').expect(200);
    expect(html.text).toContain(`<h1 class="kt-title">${json.body.title}</h1>`);
    const docx = await getBytes(api, path, DOCX).expect(200);
    expect(await docxParagraphs(docx.body as Buffer)).toEqual(json.body.lines);
  });

  it('a conclusion proceeding has neither: 422 NotAnAmendment', async () => {
    const res = await api
      .get('/agreements/aomori-hamanasudai/proceedings/hamanasudai-conclusion-2020/amending-text')
      .expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('NotAnAmendment');
  });
});

describe('an abolition proposed, revised, voted on and concluded over HTTP', () => {
  let t: TestApp;
  let api: AgreementApi;
  const ID = 'aomori-hiranai';
  const P = `/agreements/${ID}/proceedings/abolition`;
  const TEXT = `${P}/amending-text`;

  beforeAll(async () => {
    t = await startTestApp();
    api = new AgreementApi(t);
    await api.declareRegion();
    await api.openAgreement(ID, 'conclusion');
    await api.carryThrough(ID, 'conclusion', {
      resolvedOn: '2019-12-18',
      concludedOn: '2019-12-25',
      effectiveOn: '2019-12-25',
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    [
      { effectiveOn: '2024-04-01', appliesFrom: '2024-01-01' },
      422,
      'AbolitionEffectAmbiguous',
      'appliesFrom',
    ],
    [{ effectiveOn: '2023-12-31' }, 422, 'StepDateBeforePreviousStep', 'effectiveOn'],
    [{ appliesFrom: '2024-02-30' }, 400, 'ValidationFailed', 'appliesFrom'],
  ])('refuses a proposal with %j: %i %s, and writes nothing', async (terms, status, code, field) => {
    const before = await api.head();
    const res = await api
      .post(`/agreements/${ID}/proceedings`, {
        kind: 'abolition',
        proceedingId: 'abolition',
        draftedOn: '2024-01-10',
        reason: '圏域の再編のため',
        ...terms,
      })
      .expect(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe(code);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await api.head()).toBe(before);
  });

  it('drafts 「締結の日から施行する。」 when no date is given, with a blank date and the heads to sign', async () => {
    await api
      .post(`/agreements/${ID}/proceedings`, {
        kind: 'abolition',
        proceedingId: 'abolition',
        draftedOn: '2024-01-10',
        reason: '圏域の再編のため',
      })
      .expect(201);
    const res = await api.get(TEXT).expect(200);
    expect(res.body).toMatchObject({
      kind: 'abolition',
      draftNumber: 1,
      concluded: false,
      source: 'draft',
      title: '青森市と平内町との連携中枢都市圏の形成に係る連携協約を廃止する協約',
      abolition: {
        supplementaryProvision: 'この協約は、締結の日から施行する。',
        effect: { kind: 'on-conclusion' },
      },
    });
    expect(res.body).not.toHaveProperty('effectiveOn');
    expect(res.body.lines.slice(-4)).toEqual([
      `${SPACE}${SPACE}${SPACE}${SPACE}年${SPACE}${SPACE}月${SPACE}${SPACE}日`,
      '',
      `${SPACE.repeat(4)}甲${SPACE}青森市長`,
      `${SPACE.repeat(4)}乙${SPACE}平内町長`,
    ]);
    const proceeding = await api.get(P).expect(200);
    expect(proceeding.body.drafts[0].draft.text.title).toBe(res.body.title);
  });

  it('a revised draft (修正案) is drafted again with its 施行日', async () => {
    await api
      .post(`/agreements/${ID}/drafts`, {
        proceedingId: 'abolition',
        draftedOn: '2024-02-01',
        kind: 'abolition',
        reason: '圏域の再編のため',
        effectiveOn: '2024-04-01',
      })
      .expect(201);
    const res = await api.get(TEXT).expect(200);
    expect(res.body).toMatchObject({
      draftNumber: 2,
      effectiveOn: '2024-04-01',
      abolition: { supplementaryProvision: 'この協約は、令和6年4月1日から施行する。' },
    });
  });

  it('refuses a conclusion on another 施行日 than the approved text states, and writes nothing', async () => {
    for (const [party, code] of [
      ['core', '022012'],
      ['partner', '023019'],
    ] as const) {
      await api
        .post(
          `${P}/council-resolutions`,
          { party, decision: 'approved', resolvedOn: '2024-03-15' },
          api.clerk(code),
        )
        .expect(201);
    }
    const before = await api.head();
    const res = await api
      .post(`${P}/conclusion`, {
        concludedOn: '2024-03-22',
        effectiveOn: '2024-05-01',
        signatories: {
          core: { title: '青森市長', name: '（甲の署名者）' },
          partner: { title: '平内町長', name: '（乙の署名者）' },
        },
      })
      .expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('AbolitionEffectiveDateMismatch');
    expect(res.body.errors[0].field).toBe('effectiveOn');
    expect(res.body.detail).toContain('この協約は、令和6年4月1日から施行する。');
    expect(await api.head()).toBe(before);
  });

  it('concluded on its 施行日, the text is printed with the conclusion date and the signatories', async () => {
    await api
      .post(`${P}/conclusion`, {
        concludedOn: '2024-03-22',
        effectiveOn: '2024-04-01',
        signatories: {
          core: { title: '青森市長', name: '（甲の署名者）' },
          partner: { title: '平内町長', name: '（乙の署名者）' },
        },
      })
      .expect(201);
    const res = await api.get(TEXT).expect(200);
    expect(res.body).toMatchObject({ concluded: true, draftNumber: 2, effectiveOn: '2024-04-01' });
    expect(res.body.lines.slice(-4)).toEqual([
      `${SPACE}${SPACE}令和6年3月22日`,
      '',
      `${SPACE.repeat(4)}甲${SPACE}青森市長${SPACE}（甲の署名者）`,
      `${SPACE.repeat(4)}乙${SPACE}平内町長${SPACE}（乙の署名者）`,
    ]);
    const agreement = await api.get(`/agreements/${ID}`).expect(200);
    expect(agreement.body.status).toBe('abolished');
  });
});

describe('an abolition draft recorded before drafts carried their text', () => {
  let t: TestApp;
  let api: AgreementApi;

  beforeAll(async () => {
    t = await startTestApp();
    api = new AgreementApi(t);
    // The stored shape of an earlier release: the abolition draft holds only its reason.
    const events = historyOf([...concludedAgreementCommands(), kit.abolish()]).map((event): AgreementEvent =>
      event.type === 'DraftRecorded' && event.data.draft.kind === 'abolition'
        ? { ...event, data: { ...event.data, draft: { kind: 'abolition', reason: event.data.draft.reason } } }
        : event,
    );
    const store = t.app.get<EventStore>(EVENT_STORE);
    const appended = await store.append(
      agreementStreamId('aomori-hiranai'),
      events.map((e) => ({
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: JSON.parse(JSON.stringify(e.data)) as Record<string, never>,
        metadata: { actor: { id: 'import', role: 'admin' }, correlationId: 'legacy', source: 'import' },
      })),
      { expectedRevision: 'no_stream' },
    );
    expect(await t.app.get(Projector).waitFor(appended.position, 10_000)).toBe(true);
    // The stored draft has no text, as read back through the aggregate's upcasting point.
    const stored = await store.readStream(agreementStreamId('aomori-hiranai'));
    const draft = stored
      .map(toAgreementEvent)
      .find((e) => e.type === 'DraftRecorded' && e.data.draft.kind === 'abolition');
    if (draft?.type !== 'DraftRecorded' || draft.data.draft.kind !== 'abolition')
      throw new Error('no legacy draft');
    expect(draft.data.draft.text).toBeUndefined();
  });
  afterAll(async () => {
    await t.close();
  });

  it('is drafted from the record: 締結の日から, or the effectiveOn asked for', async () => {
    const path = '/agreements/aomori-hiranai/proceedings/p-abolition/amending-text';
    const res = await api.get(path).expect(200);
    expect(res.body).toMatchObject({
      kind: 'abolition',
      source: 'record',
      concluded: false,
      abolition: {
        title: '青森市と平内町との連携中枢都市圏の形成に係る連携協約を廃止する協約',
        supplementaryProvision: 'この協約は、締結の日から施行する。',
      },
    });
    const dated = await api.get(`${path}?effectiveOn=2024-04-01`).expect(200);
    expect(dated.body.abolition.supplementaryProvision).toBe('この協約は、令和6年4月1日から施行する。');
  });
});

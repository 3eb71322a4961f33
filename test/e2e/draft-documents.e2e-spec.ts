import { AOMORI_CITY, HIRANAI } from '../fixtures/aomori';
import { CooperationApi } from '../support/cooperation-api';
import { DOCX, docxParagraphs, getBytes } from '../support/documents';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Draft first: the 議案 documents of an open amendment proceeding — proposed text, 新旧対照表（案）
 * and 改め文（案） with the 附則 its draft states — in JSON, text/plain, HTML and DOCX, marked 案 until the
 * conclusion and without the mark after; an amendment recorded from the edited text or from a 改め文;
 * the preview in every printable form; and each bad input refused with nothing written. On the demo app.
 */
describe('the documents of a draft amendment (demo app)', () => {
  let t: TestApp;
  let api: CooperationApi;
  const AGREEMENT = '/agreements/aomori-hiranai';
  const NAME = '青森市と平内町との連携中枢都市圏の形成に係る連携協約';

  beforeAll(async () => {
    t = await startTestApp({}, { demo: true });
    api = new CooperationApi(t);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  async function docxText(path: string): Promise<string> {
    const res = await getBytes(api, path, DOCX).expect(200);
    expect(res.headers['content-type']).toBe(DOCX);
    return (await docxParagraphs(res.body as Buffer)).join('\n');
  }

  /** Whether anything was written: the ledger head before and after. */
  async function unchanged<T>(action: () => Promise<T>): Promise<T> {
    const head = await api.head();
    const result = await action();
    expect(await api.head()).toBe(head);
    return result;
  }

  it('opens a proceeding from the edited text with a planned 施行日 in 和暦, and prints its documents as 案', async () => {
    // The text an amendment amends: the last version in 施行日 order (平内町's 第3版, 未施行 today).
    const base = await api.get(`${AGREEMENT}/drafts/base`).expect(200);
    expect(base.body).toMatchObject({ versionNumber: 3, effectiveFrom: '2027-04-01' });
    const printed = await api.get(`${AGREEMENT}/drafts/base`).set('accept', 'text/plain').expect(200);
    expect(printed.text).toBe(base.body.text);
    expect(printed.text).toContain('定期的に');
    const edited = printed.text.replace('定期的に', '毎年度1回以上');
    await api
      .post(`${AGREEMENT}/proceedings`, {
        kind: 'amendment',
        proceedingId: 'hiranai-edit-text',
        draftedOn: '令和8年11月20日',
        text: edited,
        effectiveOn: '令和9年4月1日',
      })
      .expect(201);
    const proceeding = await api.get(`${AGREEMENT}/proceedings/hiranai-edit-text`).expect(200);
    expect(JSON.stringify(proceeding.body)).toContain('毎年度1回以上');

    const amending = await api.get(`${AGREEMENT}/proceedings/hiranai-edit-text/amending-text`).expect(200);
    expect(amending.body.title).toBe(`${NAME}の一部を変更する協約（案）`);
    // 第3版's 第5条 has two 項: the shortest phrasing names the first.
    expect(amending.body.lines).toContain('　第5条第1項中「定期的に」を「毎年度1回以上」に改める。');
    // The 施行日 is part of the draft: the 附則 exists before conclusion.
    expect(amending.body.lines).toContain('　この協約は、令和9年4月1日から施行する。');
    expect(amending.body.effectiveOn).toBe('2027-04-01');

    const comparison = await api.get(`${AGREEMENT}/proceedings/hiranai-edit-text/comparison`).expect(200);
    expect(comparison.body).toMatchObject({
      concluded: false,
      draft: { draftNumber: 1, draftedOn: '2026-11-20' },
    });
    expect(comparison.body.comparison.title).toBe(`${NAME}\u3000新旧対照表（案）`);
    const underlined = JSON.stringify(comparison.body.comparison.table.rows).includes('毎年度1回以上');
    expect(underlined).toBe(true);

    const html = await api
      .get(`${AGREEMENT}/proceedings/hiranai-edit-text/comparison`)
      .set('accept', 'text/html')
      .expect(200);
    expect(html.text).toContain(`<h1>${NAME}\u3000新旧対照表（案）</h1>`);
    expect(html.text).toContain('<u>毎年度1回以上</u>');
    expect(html.text).toContain('第1案（令和8年11月20日作成）');
    expect(html.text).toContain('令和9年4月1日施行');

    const plain = await api
      .get(`${AGREEMENT}/proceedings/hiranai-edit-text/comparison`)
      .set('accept', 'text/plain')
      .expect(200);
    expect(plain.text.split('\n')[0]).toBe(`${NAME}\u3000新旧対照表（案）`);
    expect(plain.text).toContain('〔毎年度1回以上〕');

    expect(await docxText(`${AGREEMENT}/proceedings/hiranai-edit-text/comparison`)).toContain(
      '新旧対照表（案）',
    );
    expect(await docxText(`${AGREEMENT}/proceedings/hiranai-edit-text/amending-text`)).toContain(
      '一部を変更する協約（案）',
    );

    const proposed = await api
      .get(`${AGREEMENT}/proceedings/hiranai-edit-text/proposed-text`)
      .set('accept', 'text/plain')
      .expect(200);
    expect(proposed.text.split('\n')[0]).toMatch(/（案）$/);
    expect(proposed.text).toContain('毎年度1回以上');
    const proposedHtml = await api
      .get(`${AGREEMENT}/proceedings/hiranai-edit-text/proposed-text`)
      .set('accept', 'text/html')
      .expect(200);
    expect(proposedHtml.text).toContain('（案）');
    expect(await docxText(`${AGREEMENT}/proceedings/hiranai-edit-text/proposed-text`)).toContain(
      '毎年度1回以上',
    );
  });

  it('refuses a conclusion on another 施行日 than the draft states, and after conclusion prints without 案', async () => {
    const base = `${AGREEMENT}/proceedings/hiranai-edit-text`;
    for (const [party, code] of [
      ['core', AOMORI_CITY.code],
      ['partner', HIRANAI.code],
    ] as const) {
      await api
        .post(
          `${base}/council-resolutions`,
          { party, decision: 'approved', resolvedOn: '2026-11-25' },
          api.clerk(code),
        )
        .expect(201);
    }
    const signatories = {
      core: { title: '青森市長', name: '（甲の署名者）' },
      partner: { title: '平内町長', name: '（乙の署名者）' },
    };
    const refused = await unchanged(() =>
      api.post(`${base}/conclusion`, { concludedOn: '2026-11-26', effectiveOn: '2027-05-01', signatories }),
    );
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('AmendmentEffectiveDateMismatch');
    expect(refused.body.detail).toContain('この協約は、令和9年4月1日から施行する。');
    await api
      .post(`${base}/conclusion`, { concludedOn: '2026-11-26', effectiveOn: '2027-04-01', signatories })
      .expect(201);

    const comparison = await api.get(`${base}/comparison`).expect(200);
    expect(comparison.body.concluded).toBe(true);
    expect(comparison.body.draft).toBeUndefined();
    expect(comparison.body.comparison.title).toBe(`${NAME}\u3000新旧対照表`);
    const html = await api.get(`${base}/comparison`).set('accept', 'text/html').expect(200);
    expect(html.text).not.toContain('（案）');
    expect(html.text).toContain('<u>毎年度1回以上</u>');
    const amending = await api.get(`${base}/amending-text`).set('accept', 'text/plain').expect(200);
    expect(amending.text).not.toContain('（案）');
    expect(amending.text).toContain('この協約は、令和9年4月1日から施行する。');
    const proposed = await api.get(`${base}/proposed-text`).set('accept', 'text/plain').expect(200);
    expect(proposed.text).not.toContain('（案）');
  });

  it('records an amendment read from a 改め文, with the 施行日 its 附則 states', async () => {
    await api
      .post('/agreements/aomori-imabetsu/proceedings', {
        kind: 'amendment',
        proceedingId: 'imabetsu-from-amending-text',
        draftedOn: '2026-11-20',
        amendingText: [
          '青森市と今別町との連携中枢都市圏の形成に係る連携協約の一部を変更する協約',
          '　第5条中「定期的に」を「毎年度1回以上」に改める。',
          '　　　附　則',
          '　この協約は、令和9年4月1日から施行する。',
        ].join('\n'),
      })
      .expect(201);
    const amending = await api
      .get('/agreements/aomori-imabetsu/proceedings/imabetsu-from-amending-text/amending-text')
      .expect(200);
    expect(amending.body.lines).toContain('　第5条中「定期的に」を「毎年度1回以上」に改める。');
    expect(amending.body.lines).toContain('　この協約は、令和9年4月1日から施行する。');
  });

  it('records a revised draft (第2案) from an edited text, and prints any draft by its number', async () => {
    const proceeding = '/agreements/aomori-imabetsu/proceedings/imabetsu-from-amending-text';
    const base = await api
      .get('/agreements/aomori-imabetsu/drafts/base')
      .set('accept', 'text/plain')
      .expect(200);
    await api
      .post('/agreements/aomori-imabetsu/drafts', {
        proceedingId: 'imabetsu-from-amending-text',
        kind: 'amendment',
        draftedOn: '2026-11-25',
        text: base.text.replace('定期的に', '毎年度2回以上'),
        effectiveOnConclusion: true,
      })
      .expect(201);
    const second = await api.get(`${proceeding}/amending-text`).expect(200);
    expect(second.body.draft).toEqual({ draftNumber: 2, draftedOn: '2026-11-25' });
    expect(second.body.lines).toContain('　第5条中「定期的に」を「毎年度2回以上」に改める。');
    expect(second.body.lines).toContain('　この協約は、締結の日から施行する。');
    const first = await api.get(`${proceeding}/amending-text?draft=1`).expect(200);
    expect(first.body.draft).toEqual({ draftNumber: 1, draftedOn: '2026-11-20' });
    expect(first.body.lines).toContain('　第5条中「定期的に」を「毎年度1回以上」に改める。');
    expect(first.body.lines).toContain('　この協約は、令和9年4月1日から施行する。');
    const firstTable = await api
      .get(`${proceeding}/comparison?draft=1`)
      .set('accept', 'text/html')
      .expect(200);
    expect(firstTable.text).toContain('第1案（令和8年11月20日作成）');
    expect(firstTable.text).toContain('<u>毎年度1回以上</u>');
    const none = await api.get(`${proceeding}/proposed-text?draft=3`);
    expect([none.status, none.body.code]).toEqual([404, 'DraftNotFound']);
  });

  it('previews each document in each printable form, writing nothing', async () => {
    const body = {
      operations: [
        {
          op: 'replaceWords',
          target: { kind: 'provision', path: { article: '5', paragraph: 1 } },
          from: '毎年度1回以上',
          to: '毎年度2回以上',
        },
      ],
      effectiveOnConclusion: true,
    };
    const preview = (query: string, accept: string) =>
      unchanged(() => api.post(`${AGREEMENT}/drafts/preview${query}`, body).set('accept', accept));
    const comparison = await preview('?document=comparison', 'text/html');
    expect(comparison.status).toBe(200);
    expect(comparison.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(comparison.text).toContain('新旧対照表（案）');
    expect(comparison.text).toContain('<u>毎年度2回以上</u>');
    const amending = await preview('', 'text/plain');
    expect(amending.text.split('\n')[0]).toBe(`${NAME}の一部を変更する協約（案）`);
    expect(amending.text).toContain('この協約は、締結の日から施行する。');
    const proposed = await preview('?document=proposed-text', 'text/plain');
    expect(proposed.text).toContain('毎年度2回以上');
    const docx = await preview('?document=comparison', DOCX);
    expect(docx.headers['content-type']).toBe(DOCX);
    const unknown = await preview('?document=minutes', 'text/html');
    expect(unknown.status).toBe(400);
  });

  describe('bad input: a problem+json naming the part, nothing written', () => {
    const operations = [
      {
        op: 'replaceWords',
        target: { kind: 'provision', path: { article: '5', paragraph: 1 } },
        from: '毎年度1回以上',
        to: '毎年度3回以上',
      },
    ];
    const cases: [string, Record<string, unknown>, number, string][] = [
      [
        'a 和暦 date that does not exist (令和元年4月30日)',
        { operations, effectiveOn: '令和元年4月30日' },
        400,
        'effectiveOn',
      ],
      [
        'a 和暦 date that does not exist (平成31年5月1日)',
        { operations, effectiveOn: '平成31年5月1日' },
        400,
        'effectiveOn',
      ],
      [
        'two 施行期日 at once',
        { operations, effectiveOn: '2027-04-01', effectiveOnConclusion: true },
        400,
        'effectiveOnConclusion',
      ],
      ['operations and a text at once', { operations, text: '…' }, 400, 'text'],
      ['no amendment at all', { effectiveOn: '2027-04-01' }, 400, 'operations'],
      ['a text that is not an agreement', { text: 'これは協約ではない' }, 422, 'text'],
      ['an unreadable 改め文', { amendingText: '第5条をいい感じにする。' }, 422, 'amendingText'],
      [
        'a 改め文 whose 附則 contradicts the stated 施行日',
        {
          amendingText:
            '　第5条第1項中「毎年度1回以上」を「毎年度3回以上」に改める。\n　　　附　則\n　この協約は、令和9年4月1日から施行する。',
          effectiveOn: '2027-10-01',
        },
        422,
        'effectiveOn',
      ],
    ];
    it.each(cases)('%s', async (_name, statement, status, field) => {
      for (const path of [`${AGREEMENT}/drafts/preview`, `${AGREEMENT}/proceedings`]) {
        const body = path.endsWith('proceedings')
          ? { kind: 'amendment', draftedOn: '2026-11-26', ...statement }
          : statement;
        const res = await unchanged(() => api.post(path, body));
        expect([res.status, res.headers['content-type']]).toEqual([
          status,
          'application/problem+json; charset=utf-8',
        ]);
        expect((res.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
      }
    });
  });
});

import JSZip from 'jszip';
import { DOCX, getBytes } from '../support/documents';
import { AgreementApi } from '../support/agreement-api';
import { startTestApp, type TestApp } from '../support/test-app';

describe('新旧対照表 and 改め文 over HTTP (demo history)', () => {
  let t: TestApp;
  let api: AgreementApi;

  beforeAll(async () => {
    t = await startTestApp({}, { demo: true });
    api = new AgreementApi(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('compares two versions as a structure, columns labelled 変更後 / 変更前 and named by date of change and 施行日', async () => {
    const res = await api.get('/agreements/aomori-hiranai/comparison?from=1&to=2').expect(200);
    expect(res.body.from).toMatchObject({
      versionNumber: 1,
      label: '第1版',
      heading: '令和元年12月25日締結（令和元年12月25日施行）',
    });
    expect(res.body.to).toMatchObject({
      versionNumber: 2,
      label: '第2版',
      heading: '令和3年3月25日変更（令和3年4月1日施行）',
    });
    expect(res.body.comparison.changed).toBe(true);
    expect(res.body.table.columns.map((c: { label: string }) => c.label)).toEqual(['変更後', '変更前']);
    expect(res.body.render.title).toBe('青森市と平内町との連携中枢都市圏の形成に係る連携協約');
    // Until the 改め文 locates what it quotes, the underlines come from the word diff, and say so.
    expect(['amendment', 'word-diff']).toContain(res.body.underlines);
    expect(res.body.table.underlines).toBe(res.body.underlines);
    const reversed = await api
      .get('/agreements/aomori-hiranai/comparison?from=1&to=2&order=old-new')
      .expect(200);
    expect(reversed.body.table.columns.map((c: { label: string }) => c.label)).toEqual(['変更前', '変更後']);
    const same = await api.get('/agreements/aomori-hiranai/comparison?from=1&to=1').expect(200);
    expect(same.body.comparison.changed).toBe(false);
  });

  it('compares the texts in force on two dates', async () => {
    const res = await api
      .get('/agreements/aomori-hiranai/comparison?fromDate=2020-01-01&toDate=2021-05-01')
      .expect(200);
    expect([res.body.from.versionNumber, res.body.to.versionNumber]).toEqual([1, 2]);
    expect(res.body.from.heading).toBe('令和2年1月1日現在\u3000令和元年12月25日締結（令和元年12月25日施行）');
  });

  it('compares the text in force on a date as known then with the same as known now (the retroactive amendment)', async () => {
    const res = await api
      .get('/agreements/aomori-imabetsu/comparison?asOf=2022-05-01&knownAt=2022-06-01T00:00:00Z')
      .expect(200);
    expect(res.body.from).toMatchObject({ versionNumber: 1, knownAt: '2022-06-01T00:00:00Z' });
    expect(res.body.to.versionNumber).toBe(2);
    expect(res.body.comparison.changed).toBe(true);
    expect(res.body.underlines).toBe('word-diff');
    expect(res.body.to.heading).toBe(
      '令和4年5月1日現在（現在の記録）\u3000令和4年6月30日変更（令和4年4月1日から適用）',
    );
  });

  it('serves printable HTML and a DOCX of the same table', async () => {
    const html = await api
      .get('/agreements/aomori-hiranai/comparison?from=1&to=2')
      .set('accept', 'text/html')
      .expect(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toContain('<table');
    expect(html.text).toMatch(/landscape/);
    // The printed document: the parties in the title, 変更 not 改正, each version by its date, pages numbered.
    expect(html.text).toContain(
      '<h1>青森市と平内町との連携中枢都市圏の形成に係る連携協約\u3000新旧対照表</h1>',
    );
    expect(html.text).toContain('<p class="kt-note">（傍線部分は変更部分）</p>');
    expect(html.text).toContain(
      '<th scope="col" class="kt-new">変更後<span class="kt-version">令和3年3月25日変更（令和3年4月1日施行）</span></th>',
    );
    expect(html.text).not.toContain('改正');
    expect(html.text).toContain('counter(page) " / " counter(pages)');
    // The text verbatim: the category only as the heading of its group; the unchanged 附則 left out.
    expect(html.text).toContain('③圏域全体の生活関連機能サービスの向上');
    expect(html.text).not.toContain('区分');
    expect(html.text).not.toContain('data-key="supplementary"');
    const elided = await api
      .get('/agreements/aomori-hiranai/comparison?from=1&to=2&elide=true')
      .set('accept', 'text/html')
      .expect(200);
    expect(elided.text).not.toContain('附\u3000則');
    const docx = await getBytes(api, '/agreements/aomori-hiranai/comparison?from=1&to=2', DOCX).expect(200);
    expect(docx.headers['content-type']).toBe(DOCX);
    expect((docx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    const zip = await JSZip.loadAsync(docx.body as Buffer);
    const document = (await zip.file('word/document.xml')?.async('string')) ?? '';
    expect(document).toContain('変更後');
    expect(document).toContain('青森市と平内町との連携中枢都市圏の形成に係る連携協約');
    expect(document).toMatch(/<w:footerReference /);
  });

  it('serves the 改め文 of an amendment in the numerals of the text it amends, 漢数字 on request', async () => {
    const res = await api
      .get('/agreements/aomori-hiranai/proceedings/hiranai-amendment-2021/amending-text')
      .expect(200);
    expect(res.body.title).toBe('青森市と平内町との連携中枢都市圏の形成に係る連携協約の一部を変更する協約');
    expect(res.body.style).toBe('municipal');
    expect(res.body.effectiveOn).toBe('2021-04-01');
    expect(res.body.concluded).toBe(true);
    expect(res.body.text).toContain('\u3000この協約は、令和3年4月1日から施行する。\n');
    expect(res.body.text).toContain('本書2通');
    expect(res.body.text).not.toMatch(/令和[一二三四五六七八九十]/);
    const kanji = await api
      .get('/agreements/aomori-hiranai/proceedings/hiranai-amendment-2021/amending-text?style=kanji')
      .set('accept', 'text/plain')
      .expect(200);
    expect(kanji.text).toContain('令和三年四月一日から施行する');
    expect(kanji.text).toContain('令和元年十二月二十五日に締結した');
    expect(kanji.text).toContain('本書二通');
  });

  it('serves the retroactive 今別町 2022 amendment as the 変更協約 the parties signed', async () => {
    const res = await api
      .get('/agreements/aomori-imabetsu/proceedings/imabetsu-amendment-2022/amending-text')
      .set('accept', 'text/plain')
      .expect(200);
    const lines = res.text.split('\n');
    expect(lines[0]).toBe('青森市と今別町との連携中枢都市圏の形成に係る連携協約の一部を変更する協約');
    expect(lines[1]).toBe(
      '\u3000青森市（以下「甲」という。）と今別町（以下「乙」という。）とは、令和元年12月25日に締結した連携中枢都市圏の形成に係る連携協約の一部を次のように変更する。',
    );
    expect(res.text).toContain(
      '附\u3000則\n\u3000この協約は、締結の日から施行し、令和4年4月1日から適用する。\n',
    );
    expect(res.text).not.toContain('令和4年4月1日から施行する');
    expect(
      res.text.endsWith(
        [
          '\u3000この協約の締結を証するため、本書2通を作成し、甲乙記名押印の上、各自その1通を保有する。',
          '',
          '\u3000\u3000令和4年6月30日',
          '',
          '\u3000\u3000\u3000\u3000甲\u3000青森市長\u3000署名者氏名（例示）',
          '\u3000\u3000\u3000\u3000乙\u3000今別町長\u3000署名者氏名（例示）',
          '',
        ].join('\n'),
      ),
    ).toBe(true);
    const json = await api
      .get('/agreements/aomori-imabetsu/proceedings/imabetsu-amendment-2022/amending-text')
      .expect(200);
    expect(json.body.effect).toEqual({ kind: 'retroactive', appliesFrom: '2022-04-01' });
    expect(json.body.effectiveOn).toBe('2022-04-01');
  });

  it('drafts a pending amendment 「締結の日から施行する」 unless a planned 施行日 is given', async () => {
    const path = '/agreements/aomori-yomogita/proceedings/yomogita-amendment-2024/amending-text';
    const res = await api.get(path).expect(200);
    expect(res.body.concluded).toBe(false);
    expect(res.body.effectiveOn).toBeUndefined();
    expect(res.body.effect).toEqual({ kind: 'on-conclusion' });
    expect(res.body.text).toContain('\u3000この協約は、締結の日から施行する。\n');
    expect(res.body.lines.slice(-2)).toEqual([
      '\u3000\u3000\u3000\u3000甲\u3000青森市長',
      '\u3000\u3000\u3000\u3000乙\u3000蓬田村長',
    ]);
    const planned = await api.get(`${path}?effectiveOn=2025-04-01`).expect(200);
    expect(planned.body.effectiveOn).toBe('2025-04-01');
    expect(planned.body.text).toContain('\u3000この協約は、令和7年4月1日から施行する。\n');
  });

  it.each([
    ['/agreements/aomori-hiranai/comparison?from=2&to=1', 422, 'FromAfterTo'],
    ['/agreements/aomori-hiranai/comparison?from=1&to=99', 404, 'VersionNotFound'],
    ['/agreements/aomori-hiranai/comparison?from=1', 400, 'ValidationFailed'],
    ['/agreements/aomori-hiranai/comparison?from=1&to=2&fromDate=2020-01-01', 400, 'ValidationFailed'],
    ['/agreements/aomori-hiranai/comparison', 400, 'ValidationFailed'],
    ['/agreements/aomori-hiranai/comparison?fromDate=2019-01-01&toDate=2020-01-01', 404, 'NoVersionInForce'],
    ['/agreements/aomori-hiranai/comparison?from=1&to=2&elide=maybe', 400, 'ValidationFailed'],
    ['/agreements/aomori-hiranai/comparison?from=one&to=2', 400, 'ValidationFailed'],
    ['/agreements/nope/comparison?from=1&to=2', 404, 'AgreementNotFound'],
    ['/agreements/aomori-hiranai/proceedings/hiranai-conclusion-2019/amending-text', 422, 'NotAnAmendment'],
    ['/agreements/aomori-hiranai/proceedings/nope/amending-text', 404, 'ProceedingNotFound'],
    [
      '/agreements/aomori-hiranai/proceedings/hiranai-amendment-2021/amending-text?style=vertical',
      400,
      'ValidationFailed',
    ],
    [
      '/agreements/aomori-yomogita/proceedings/yomogita-amendment-2024/amending-text?effectiveOn=2025-02-30',
      400,
      'ValidationFailed',
    ],
  ])('GET %s → %i %s', async (path, status, code) => {
    const res = await api.get(path).expect(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe(code);
  });
  // The web application shows a refusal's detail: it names versions and proceedings as the screens
  // do (第n版, 締結手続（令和…開始）), in Japanese, never by a proceeding's id.
  it.each([
    [
      '/agreements/aomori-hiranai/comparison?from=2&to=1',
      '第2版（令和3年4月1日施行）は第1版（令和元年12月25日施行）より後の版です。古い版を比較元（from）に、新しい版を比較先（to）に指定してください。',
    ],
    [
      '/agreements/aomori-hiranai/comparison?from=1&to=99',
      '第99版はありません。この協約の版は第1版から第3版までです。',
    ],
    [
      '/agreements/aomori-hiranai/comparison?fromDate=2019-01-01&toDate=2020-01-01',
      '平成31年1月1日に施行されている版はありません。',
    ],
    [
      '/agreements/aomori-hiranai/proceedings/hiranai-conclusion-2019/amending-text',
      '締結手続（令和元年11月22日開始）は変更でも廃止でもないため、改め文も廃止協約もありません。',
    ],
  ])('GET %s → its detail in Japanese', async (path, detail) => {
    const res = await api.get(path);
    expect(res.body.detail).toBe(detail);
    expect(res.body.detail).not.toMatch(/hiranai|Proceeding|version/);
  });
});

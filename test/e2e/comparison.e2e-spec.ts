import { AgreementApi } from '../support/agreement-api';
import { startTestApp, type TestApp } from '../support/test-app';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

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

  it('compares two versions as a structure, columns labelled 改正後 / 改正前', async () => {
    const res = await api.get('/agreements/aomori-hiranai/comparison?from=1&to=2').expect(200);
    expect(res.body.from).toMatchObject({ versionNumber: 1, label: '第1版' });
    expect(res.body.to).toMatchObject({ versionNumber: 2, label: '第2版' });
    expect(res.body.comparison.changed).toBe(true);
    expect(res.body.table.columns.map((c: { label: string }) => c.label)).toEqual(['改正後', '改正前']);
    const reversed = await api
      .get('/agreements/aomori-hiranai/comparison?from=1&to=2&order=old-new')
      .expect(200);
    expect(reversed.body.table.columns.map((c: { label: string }) => c.label)).toEqual(['改正前', '改正後']);
    const same = await api.get('/agreements/aomori-hiranai/comparison?from=1&to=1').expect(200);
    expect(same.body.comparison.changed).toBe(false);
  });

  it('compares the texts in force on two dates', async () => {
    const res = await api
      .get('/agreements/aomori-hiranai/comparison?fromDate=2020-01-01&toDate=2021-05-01')
      .expect(200);
    expect([res.body.from.versionNumber, res.body.to.versionNumber]).toEqual([1, 2]);
  });

  it('compares the text in force on a date as known then with the same as known now (the retroactive amendment)', async () => {
    const res = await api
      .get('/agreements/aomori-imabetsu/comparison?asOf=2022-05-01&knownAt=2022-06-01T00:00:00Z')
      .expect(200);
    expect(res.body.from).toMatchObject({ versionNumber: 1, knownAt: '2022-06-01T00:00:00Z' });
    expect(res.body.to.versionNumber).toBe(2);
    expect(res.body.comparison.changed).toBe(true);
  });

  it('serves printable HTML and a DOCX of the same table', async () => {
    const html = await api
      .get('/agreements/aomori-hiranai/comparison?from=1&to=2')
      .set('accept', 'text/html')
      .expect(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toContain('<table');
    expect(html.text).toContain('改正後');
    expect(html.text).toMatch(/landscape/);
    const docx = await api
      .get('/agreements/aomori-hiranai/comparison?from=1&to=2')
      .set('accept', DOCX)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(docx.headers['content-type']).toBe(DOCX);
    expect((docx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
  });

  it('serves the 改め文 of an amendment, in 漢数字 by default', async () => {
    const res = await api
      .get('/agreements/aomori-hiranai/proceedings/hiranai-amendment-2021/amending-text')
      .expect(200);
    expect(res.body.title).toContain('の一部を変更する連携協約');
    expect(res.body.effectiveOn).toBe('2021-04-01');
    expect(res.body.text).toContain('附');
    expect(res.body.text).toContain('令和三年四月一日から施行する');
    const plain = await api
      .get('/agreements/aomori-hiranai/proceedings/hiranai-amendment-2021/amending-text?style=municipal')
      .set('accept', 'text/plain')
      .expect(200);
    expect(plain.text).toContain('令和3年4月1日から施行する');
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
  ])('GET %s → %i %s', async (path, status, code) => {
    const res = await api.get(path).expect(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe(code);
  });
});

/**
 * The text in force in 例規集 form and the 沿革 in a 例規集's words, over HTTP on the demo history
 * (today = 2026-11-27): `/text` (text/plain and JSON), `/versions`, `/versions/{n}` and `/history`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgreementApi } from '../support/agreement-api';
import { startTestApp, type TestApp } from '../support/test-app';

const GOLDEN_DIR = join(__dirname, '..', 'fixtures', 'aomori', '__golden__');

describe('the text in force in 例規集 form, and the 沿革', () => {
  let t: TestApp;
  let api: AgreementApi;

  beforeAll(async () => {
    t = await startTestApp({}, { demo: true });
    api = new AgreementApi(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    ['aomori-hiranai', 'hiranai-2027-04-01.text.golden'],
    ['aomori-imabetsu', 'imabetsu-2027-04-01.text.golden'],
  ])('serves %s as in force on 2027-04-01 as text/plain: the golden 例規集 text', async (id, golden) => {
    const res = await api
      .get(`/agreements/${id}/text?asOf=2027-04-01`)
      .set('accept', 'text/plain')
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toBe(readFileSync(join(GOLDEN_DIR, golden), 'utf8'));
  });

  it('weighs the quality values of Accept: JSON refused (q=0) gives text/plain, a lower q loses', async () => {
    const url = '/agreements/aomori-hiranai/text?asOf=2027-04-01';
    const refused = await api.get(url).set('accept', 'application/json;q=0, text/plain').expect(200);
    expect(refused.headers['content-type']).toMatch(/^text\/plain/);
    const weighed = await api.get(url).set('accept', 'text/plain;q=0.2, application/json;q=0.9').expect(200);
    expect(weighed.headers['content-type']).toMatch(/^application\/json/);
    const wildcard = await api.get(url).set('accept', 'text/*').expect(200);
    expect(wildcard.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('answers JSON with the same text and the data it prints (enactments), in the document’s style by default', async () => {
    const res = await api.get('/agreements/aomori-imabetsu/text?asOf=2022-05-01').expect(200);
    expect(res.body.style).toBe('municipal');
    expect(res.body.enactments).toEqual({
      enactedOn: '2019-12-25',
      notice: { noticeNumber: '青森市告示第601号', publishedOn: '2019-12-25' },
      amendments: [
        {
          concludedOn: '2022-06-30',
          notice: { noticeNumber: '青森市告示第330号', publishedOn: '2022-06-30' },
          clause: { kind: 'retroactive', appliesFrom: '2022-04-01' },
        },
      ],
    });
    expect(res.body.text).toContain('\n別表（第3条関係）\n');
    expect(res.body.text).toContain(
      '附\u3000則（令和4年6月30日青森市告示第330号）\n\u3000この協約は、締結の日から施行し、令和4年4月1日から適用する。\n',
    );
    // The document stays the agreement's own text: the amendments' 附則 are not in it.
    expect(res.body.document.supplementaryProvisions.paragraphs).toHaveLength(1);

    const kanji = await api.get('/agreements/aomori-imabetsu/text?asOf=2022-05-01&style=kanji').expect(200);
    expect(kanji.body.style).toBe('kanji');
    expect(kanji.body.text).toContain('\n令和元年十二月二十五日\u3000青森市告示第601号\n');
    expect(kanji.body.text).toContain('\n別表（第三条関係）\n');
  });

  it('prints what the ledger knew at a moment: a 告示 not yet recorded is left out', async () => {
    // 外ヶ浜町 2023: concluded 2023-06-30 (施行日 2023-07-01), 青森市's 告示 recorded on 2023-07-03.
    const then = await api
      .get('/agreements/aomori-sotogahama/text?asOf=2023-07-01&knownAt=2023-07-02T00:00:00Z')
      .set('accept', 'text/plain')
      .expect(200);
    expect(then.text).toContain(
      '附\u3000則（令和5年6月30日）\n\u3000この協約は、令和5年7月1日から施行する。\n',
    );
    const now = await api
      .get('/agreements/aomori-sotogahama/text?asOf=2023-07-01')
      .set('accept', 'text/plain')
      .expect(200);
    expect(now.text).toContain(
      '附\u3000則（令和5年7月3日青森市告示第301号）\n\u3000この協約は、令和5年7月1日から施行する。\n',
    );
    // Before the amendment took effect, its 附則 is not in the text.
    const before = await api.get('/agreements/aomori-sotogahama/text?asOf=2023-06-30').expect(200);
    expect(before.body.text).not.toContain('令和5年6月30日');
    expect(before.body.enactments.amendments).toEqual([]);
  });

  it('serves each version of the 沿革 in the same form, with a 例規集 label; 未施行 marked', async () => {
    const list = await api.get('/agreements/aomori-hiranai/versions').expect(200);
    expect(list.body.items.map((v: { label: string }) => v.label)).toEqual([
      '令和元年12月25日締結',
      '令和3年3月25日一部変更（令和3年4月1日施行）',
      '令和8年10月1日一部変更（令和9年4月1日施行、未施行）',
    ]);
    const retro = await api.get('/agreements/aomori-imabetsu/versions').expect(200);
    expect(retro.body.items.at(-1).label).toBe('令和4年6月30日一部変更（令和4年4月1日から適用）');
    const abolished = await api.get('/agreements/aomori-hamanasudai/versions').expect(200);
    expect(abolished.body.items[0].label).toBe('令和2年3月27日締結（令和2年4月1日施行）');
    expect(abolished.body.abolition).toMatchObject({
      concludedOn: '2024-03-22',
      effectiveOn: '2024-04-01',
      label: '令和6年3月22日廃止（令和6年4月1日施行）',
    });

    const second = await api.get('/agreements/aomori-hiranai/versions/2').expect(200);
    expect(second.body.text).toMatch(/附\u3000則（令和3年3月25日青森市告示第210号）\n[^\n]+\n$/);
    expect(second.body.enactments.amendments).toHaveLength(1);
    expect(second.body.label).toBe('令和3年3月25日一部変更（令和3年4月1日施行）');
  });

  it('writes the history’s conclusions as a 例規集 沿革, never 「締結を締結」', async () => {
    const summaries = async (id: string): Promise<string[]> => {
      const res = await api.get(`/agreements/${id}/history?limit=500`).expect(200);
      const items = (res.body as { items: { summary: string }[] }).items;
      return items.map((i) => i.summary);
    };
    const imabetsu = await summaries('aomori-imabetsu');
    expect(imabetsu).toContain('令和元年12月25日締結');
    expect(imabetsu).toContain('令和4年6月30日一部変更（令和4年4月1日から適用）');
    const hamanasudai = await summaries('aomori-hamanasudai');
    expect(hamanasudai).toContain('令和2年3月27日締結（令和2年4月1日施行）');
    expect(hamanasudai).toContain('令和6年3月22日廃止（令和6年4月1日施行）');
    expect(await summaries('aomori-hiranai')).toContain('令和8年10月1日一部変更（令和9年4月1日施行）');
    for (const summary of [...imabetsu, ...hamanasudai]) expect(summary).not.toMatch(/を締結/);
  });
});

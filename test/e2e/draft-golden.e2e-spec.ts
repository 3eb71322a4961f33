import { join } from 'node:path';
import { goldenFiles } from '@kyoyaku/legal-text/testing';
import { CooperationApi } from '../support/cooperation-api';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Golden 案 documents for a demo draft, as the API prints them for the councils: the 平内町 agreement
 * amended by editing its text — two words in 第4条 and 乙's role in 別表(4) — with a planned 施行日.
 * The 改め文（案）, the 新旧対照表（案） (text and print page) and the proposed text (案).
 *
 * Regenerate with `UPDATE_GOLDEN=1 npx jest --selectProjects e2e -- test/e2e/draft-golden.e2e-spec.ts`,
 * then read the diff as a 法規担当 would. The files end in `.golden` so that Prettier leaves them alone.
 */
describe('the 案 documents of a demo draft (golden files)', () => {
  let t: TestApp;
  let api: CooperationApi;
  const AGREEMENT = '/agreements/aomori-hiranai';
  const PROCEEDING = `${AGREEMENT}/proceedings/hiranai-draft-golden`;
  const expectGolden = goldenFiles(join(__dirname, '..', 'fixtures', 'aomori', '__golden__'));

  beforeAll(async () => {
    t = await startTestApp({}, { demo: true });
    api = new CooperationApi(t);
    const base = await api.get(`${AGREEMENT}/drafts/base`).set('accept', 'text/plain').expect(200);
    const edited = base.text
      .replace('相互に連携し、及び協力するものとする。', '相互に連携し、及び協働するものとする。')
      .replace('事業ごとに協議の上', '事業年度ごとに協議の上')
      .replace(
        '平内町は夏泊半島等の観光資源の情報を提供し、周遊ルートの形成に参加する',
        '平内町は夏泊半島等の観光資源の情報を発信し、周遊ルートの形成に参加する',
      );
    expect(edited).not.toBe(base.text);
    await api
      .post(`${AGREEMENT}/proceedings`, {
        kind: 'amendment',
        proceedingId: 'hiranai-draft-golden',
        draftedOn: '令和8年11月27日',
        text: edited,
        effectiveOn: '令和9年10月1日',
      })
      .expect(201);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('改め文（案）', async () => {
    const res = await api.get(`${PROCEEDING}/amending-text`).set('accept', 'text/plain').expect(200);
    expectGolden('hiranai-draft.amending-text.golden', res.text);
  });

  it('新旧対照表（案）, as text and as the print page', async () => {
    const plain = await api.get(`${PROCEEDING}/comparison?elide=true`).set('accept', 'text/plain').expect(200);
    expectGolden('hiranai-draft.comparison.txt.golden', plain.text);
    const html = await api.get(`${PROCEEDING}/comparison?elide=true`).set('accept', 'text/html').expect(200);
    expectGolden('hiranai-draft.comparison.html.golden', html.text);
  });

  it('the proposed text (案)', async () => {
    const res = await api.get(`${PROCEEDING}/proposed-text`).set('accept', 'text/plain').expect(200);
    expectGolden('hiranai-draft.proposed-text.golden', res.text);
  });
});

import { applyAmendment, type AmendmentOperation } from '../amendment';
import type { AgreementDocument, AppendixTable, Article } from '../document.model';
import { buildSampleDocument } from '@kyoyaku/legal-text/testing';
import { compareDocuments, flattenComparison } from './compare-documents';
import type { ArticleComparison, DocumentComparison, ProvisionComparison } from './comparison.model';

const sample = (): AgreementDocument => buildSampleDocument();

function amended(ops: AmendmentOperation[], doc = sample()): [AgreementDocument, AgreementDocument] {
  return [doc, applyAmendment(doc, ops)];
}

function article(c: DocumentComparison, key: string): ArticleComparison {
  const found = c.articles.find((a) => a.key === key);
  if (!found) throw new Error(`no ${key} in ${c.articles.map((a) => a.key).join(', ')}`);
  return found;
}

const changedTexts = (c: ProvisionComparison, side: 'old' | 'new'): string[] =>
  (side === 'old' ? c.old : c.new)?.filter((s) => s.changed).map((s) => s.text) ?? [];

describe('compareDocuments', () => {
  it('finds nothing between a version and itself', () => {
    const c = compareDocuments(sample(), sample());
    expect(c.changed).toBe(false);
    expect(flattenComparison(c).filter((p) => p.status !== 'unchanged')).toEqual([]);
    expect(c.articles.map((a) => a.key)).toEqual(['1', '2', '3', '4', '5', '6'].map((n) => `article:${n}`));
    expect(c.measures.map((m) => m.key)).toEqual(['measure:m01', 'measure:m02', 'measure:m03']);
  });

  it('marks the words that changed, as whole tokens, on both sides', () => {
    const [v1, v2] = amended([
      {
        op: 'replaceWords',
        target: { kind: 'provision', path: { article: '4', paragraph: 2 } },
        from: '別途',
        to: '別に',
      },
    ]);
    const c = compareDocuments(v1, v2);
    const a4 = article(c, 'article:4');
    expect(a4.status).toBe('changed');
    expect(a4.paragraphs.map((p) => [p.key, p.status])).toEqual([
      ['article:4/paragraph:1', 'unchanged'],
      ['article:4/paragraph:2', 'changed'],
    ]);
    const p2 = a4.paragraphs[1];
    if (!p2) throw new Error('no paragraph');
    expect(p2.oldLabel).toBe('第4条第2項');
    expect(changedTexts(p2, 'old')).toEqual(['別途定']);
    expect(changedTexts(p2, 'new')).toEqual(['別に定']);
    expect(c.articles.filter((a) => a.status !== 'unchanged').map((a) => a.key)).toEqual(['article:4']);
  });

  it('shows 「500円」→「600円」, never 「5」→「6」', () => {
    const doc = sample();
    const withAmount = applyAmendment(doc, [
      {
        op: 'replaceWords',
        target: { kind: 'provision', path: { article: '5' } },
        from: '定期的に',
        to: '年1回以上、負担金500円を納め、定期的に',
      },
    ]);
    const next = applyAmendment(withAmount, [
      {
        op: 'replaceWords',
        target: { kind: 'provision', path: { article: '5' } },
        from: '5',
        to: '6',
      },
    ]);
    const p = article(compareDocuments(withAmount, next), 'article:5').paragraphs[0];
    if (!p) throw new Error('no paragraph');
    expect(changedTexts(p, 'old')).toEqual(['500円']);
    expect(changedTexts(p, 'new')).toEqual(['600円']);
  });

  it('recognises a renumbering: 第6条 → 第7条 with a new 第6条 is not a deletion plus an addition', () => {
    const [v1, v2] = amended([
      { op: 'renumberArticle', from: '6', to: '7' },
      {
        op: 'insertArticle',
        after: '5',
        caption: '報告',
        paragraphs: [{ number: 1, text: '甲及び乙は、毎年度、実施状況を公表する。', items: [] }],
      },
    ]);
    const c = compareDocuments(v1, v2, { style: 'kanji' });
    expect(c.articles.map((a) => [a.key, a.status, a.textChanged])).toEqual([
      ['article:1', 'unchanged', false],
      ['article:2', 'unchanged', false],
      ['article:3', 'unchanged', false],
      ['article:4', 'unchanged', false],
      ['article:5', 'unchanged', false],
      ['article:>6', 'added', true],
      ['article:6>7', 'renumbered', false],
    ]);
    const moved = article(c, 'article:6>7');
    expect([moved.oldLabel, moved.newLabel]).toEqual(['第六条', '第七条']);
    expect(moved.old).toEqual([{ text: '第六条', changed: true }]);
    expect(moved.new).toEqual([{ text: '第七条', changed: true }]);
    expect(moved.similarity).toBe(1);
    expect(moved.paragraphs[0]?.status).toBe('unchanged');
    expect(moved.paragraphs[0]?.newLabel).toBe('第七条第一項');
    expect(article(c, 'article:>6').caption.new).toEqual([{ text: '報告', changed: true }]);
  });

  it('reports an article renumbered and changed as renumbered with textChanged', () => {
    const [v1, v2] = amended([
      { op: 'renumberArticle', from: '6', to: '7' },
      {
        op: 'replaceWords',
        target: { kind: 'provision', path: { article: '7' } },
        from: '定めるものとする',
        to: '定める',
      },
    ]);
    const a = article(compareDocuments(v1, v2), 'article:6>7');
    expect([a.status, a.textChanged]).toEqual(['renumbered', true]);
    expect(a.paragraphs[0]?.status).toBe('changed');
  });

  it('keeps a rewritten article paired under its number (第5条を次のように改める)', () => {
    const [v1, v2] = amended([
      {
        op: 'replaceProvision',
        path: { article: '5' },
        content: {
          level: 'article',
          caption: '連携協議会',
          paragraphs: [{ number: 1, text: '甲及び乙は、連携協議会を設置する。', items: [] }],
        },
      },
    ]);
    const c = compareDocuments(v1, v2);
    expect(c.articles.map((a) => a.key)).toContain('article:5');
    const a5 = article(c, 'article:5');
    expect(a5.status).toBe('changed');
    expect(a5.caption.status).toBe('changed');
  });

  it('pairs paragraphs across the renumbering an inserted 項 causes', () => {
    const [v1, v2] = amended([
      { op: 'insertParagraph', article: '4', after: null, text: '甲は、事務局を置く。', items: [] },
    ]);
    const a4 = article(compareDocuments(v1, v2), 'article:4');
    expect(a4.paragraphs.map((p) => [p.key, p.status])).toEqual([
      ['article:4/paragraph:>1', 'added'],
      ['article:4/paragraph:1>2', 'renumbered'],
      ['article:4/paragraph:2>3', 'renumbered'],
    ]);
  });

  it('compares items and sub-items, and a 「削除」 article', () => {
    const doc = sample();
    const [v1, v2] = amended(
      [
        {
          op: 'insertItem',
          parent: { article: '2', paragraph: 1 },
          after: null,
          text: '圏域の将来像の共有',
          subItems: [],
        },
        { op: 'deleteProvision', path: { article: '5' }, leaveDeletedMarker: true },
      ],
      doc,
    );
    const c = compareDocuments(v1, v2);
    const item = article(c, 'article:2').paragraphs[0]?.items[0];
    expect(item?.status).toBe('added');
    expect(item?.newLabel).toBe('第2条第1項第1号');
    const a5 = article(c, 'article:5');
    expect([a5.status, a5.oldDeleted, a5.newDeleted]).toEqual(['changed', false, true]);
    expect(a5.paragraphs.map((p) => p.status)).toEqual(['removed']);
  });

  it('renumbers 「削除」 articles in order when an earlier article is deleted, not as a move', () => {
    // Two 「削除」 articles have the same text; the one under an unchanged number is not, for that
    // alone, the same article.
    const withMarkers = applyAmendment(sample(), [
      { op: 'deleteProvision', path: { article: '4' }, leaveDeletedMarker: true },
      { op: 'deleteProvision', path: { article: '5' }, leaveDeletedMarker: true },
    ]);
    const [v1, v2] = amended(
      [{ op: 'deleteProvision', path: { article: '1' }, leaveDeletedMarker: false, renumberFollowing: true }],
      withMarkers,
    );
    const c = compareDocuments(v1, v2);
    expect(c.articles.map((a) => [a.oldNumber, a.newNumber, a.status, a.moved])).toEqual([
      ['1', undefined, 'removed', false],
      ['2', '1', 'renumbered', false],
      ['3', '2', 'renumbered', false],
      ['4', '3', 'renumbered', false],
      ['5', '4', 'renumbered', false],
      ['6', '5', 'renumbered', false],
    ]);
  });

  it('matches measures by id, with row renumbering and moves', () => {
    const [v1, v2] = amended([
      { op: 'reviseMeasure', id: 'm01', changes: { category: 'urban-functions' } },
      {
        op: 'changeMeasureRole',
        id: 'm03',
        party: 'partner',
        role: '主体的に取り組む。',
      },
    ]);
    const c = compareDocuments(v1, v2);
    expect(c.measures.map((m) => [m.key, m.status, m.oldRow, m.newRow, m.moved])).toEqual([
      ['measure:m02', 'renumbered', 2, 1, false],
      ['measure:m03', 'renumbered', 3, 2, false],
      ['measure:m01', 'renumbered', 1, 3, true],
    ]);
    const m03 = c.measures[1];
    expect(m03?.textChanged).toBe(true);
    expect(m03?.fields.filter((f) => f.status !== 'unchanged').map((f) => [f.field, f.newLabel])).toEqual([
      ['roles.partner', '別表(2)の項の役割分担（乙）'],
    ]);
    const m01 = c.measures[2];
    expect(m01?.fields.find((f) => f.field === 'category')?.new).toEqual([
      { text: '②高次の都市機能の集積・強化', changed: true },
    ]);
  });

  it('reports added and removed measures', () => {
    const [v1, v2] = amended([
      { op: 'removeMeasure', id: 'm02' },
      {
        op: 'addMeasure',
        measure: {
          id: 'm16',
          category: 'living-services',
          name: '地域公共交通ネットワークの形成',
          content: '地域公共交通の維持・確保に取り組む。',
          roles: { core: '中心的な役割を担う。', partner: '連携して取り組む。' },
        },
      },
    ]);
    const c = compareDocuments(v1, v2);
    expect(c.measures.map((m) => [m.key, m.status])).toEqual([
      ['measure:m01', 'unchanged'],
      ['measure:m02', 'removed'],
      ['measure:m03', 'renumbered'],
      ['measure:m16', 'added'],
    ]);
  });

  it('compares 附則, 題名 and 前文', () => {
    const [v1, v2] = amended([
      {
        op: 'replaceSupplementaryProvisions',
        supplementaryProvisions: {
          paragraphs: [{ number: 1, text: 'この協約は、令和2年4月1日から施行する。', items: [] }],
        },
      },
      { op: 'replaceWords', target: { kind: 'title' }, from: '形成', to: '形成及び発展' },
    ]);
    const c = compareDocuments(v1, v2);
    const p = c.supplementaryProvisions[0];
    expect(p?.key).toBe('supplementary/paragraph:1');
    expect(p?.oldLabel).toBe('附則');
    expect(p && changedTexts(p, 'old')).toEqual(['令和元年12月25日']);
    expect(p && changedTexts(p, 'new')).toEqual(['令和2年4月1日']);
    expect(c.title.status).toBe('changed');
    expect(c.preamble.status).toBe('unchanged');
  });

  it('matches the rows of other 別表 by row id', () => {
    const table = (rows: [string, string, string][]): AppendixTable => ({
      number: '2',
      title: '負担金',
      columns: ['事業', '負担額'],
      rows: rows.map(([id, a, b]) => ({ id, cells: [a, b] })),
    });
    const v1 = sample();
    v1.appendices = [
      table([
        ['r1', 'ビジョン懇談会', '500円'],
        ['r2', '広域観光', '1,000円'],
      ]),
    ];
    const v2 = sample();
    v2.appendices = [
      table([
        ['r0', '公共交通', '300円'],
        ['r1', 'ビジョン懇談会', '600円'],
        ['r2', '広域観光', '1,000円'],
      ]),
    ];
    const [appendix] = compareDocuments(v1, v2).appendices;
    expect(appendix?.oldLabel).toBe('別表第2');
    expect(appendix?.rows.map((r) => [r.key, r.status])).toEqual([
      ['appendix:2/row:r0', 'added'],
      ['appendix:2/row:r1', 'renumbered'],
      ['appendix:2/row:r2', 'renumbered'],
    ]);
    const cell = appendix?.rows[1]?.cells[1];
    expect(cell && [changedTexts(cell, 'old'), changedTexts(cell, 'new')]).toEqual([['500円'], ['600円']]);
  });

  it('recognises an article moved out of order when its text stays (≥ 90 % similar)', () => {
    const art = (number: string, text: string): Article => ({
      number,
      caption: '',
      paragraphs: [{ number: 1, text, items: [] }],
      deleted: false,
    });
    const a = '甲及び乙は、連携して圏域の観光振興に取り組むものとする。';
    const b = '甲及び乙は、連携して圏域の産業振興に取り組むものとする。';
    const c = 'この協約に定めのない事項については、甲乙協議の上、定めるものとする。';
    const v1 = buildSampleDocument({ articles: [art('1', a), art('2', b), art('3', c)] });
    const v2 = buildSampleDocument({ articles: [art('1', c), art('2', a), art('3', b)] });
    const result = compareDocuments(v1, v2);
    expect(result.articles.map((x) => [x.key, x.status, x.moved])).toEqual([
      ['article:3>1', 'renumbered', true],
      ['article:1>2', 'renumbered', false],
      ['article:2>3', 'renumbered', false],
    ]);
  });

  it('is plain JSON', () => {
    const [v1, v2] = amended([{ op: 'renumberArticle', from: '6', to: '7' }]);
    const c = compareDocuments(v1, v2);
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
  });
});

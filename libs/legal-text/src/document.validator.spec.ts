import fc from 'fast-check';
import type { AgreementDocument, Article, Item } from './document.model';
import { validateDocument } from './document.validator';
import { documentArb, SAMPLE_MEASURES, buildSampleDocument } from '@kyoyaku/legal-text/testing';

function withArticles(articles: Article[]): AgreementDocument {
  return buildSampleDocument({ articles });
}

const art = (number: string, texts: string[] = ['本文']): Article => ({
  number,
  caption: '',
  paragraphs: texts.map((text, i) => ({ number: i + 1, text, items: [] })),
  deleted: false,
});

describe('validateDocument', () => {
  it('accepts the sample and every generated document', () => {
    expect(validateDocument(buildSampleDocument())).toEqual([]);
    fc.assert(fc.property(documentArb, (doc) => expect(validateDocument(doc)).toEqual([])));
  });

  it('reports an empty title', () => {
    expect(validateDocument(buildSampleDocument({ title: ' ' }))).toEqual(['題名が空です']);
  });

  it('reports duplicate article numbers', () => {
    expect(validateDocument(withArticles([art('1'), art('2'), art('2')]))).toEqual(['第2条が重複しています']);
  });

  it('reports unsorted article numbers, 枝番号 included', () => {
    expect(validateDocument(withArticles([art('1'), art('3'), art('2')]))).toEqual([
      '第2条が第3条の後にあります（番号順になっていません）',
    ]);
    expect(validateDocument(withArticles([art('3'), art('3-2'), art('4')]))).toEqual([]);
    expect(validateDocument(withArticles([art('3-2'), art('3')]))).toHaveLength(1);
  });

  it('allows gaps left by a plain removal', () => {
    expect(validateDocument(withArticles([art('1'), art('3')]))).toEqual([]);
  });

  it('reports invalid article numbers', () => {
    expect(validateDocument(withArticles([art('3-1')]))).toEqual([
      expect.stringContaining('番号「3-1」が不正です'),
    ]);
  });

  it('reports paragraphs not numbered 1..n', () => {
    const a = art('1', ['一', '二']);
    const broken: Article = { ...a, paragraphs: a.paragraphs.map((p) => ({ ...p, number: p.number + 1 })) };
    expect(validateDocument(withArticles([broken]))).toEqual([
      '第1条の項番号が1から連続していません（2, 3）',
    ]);
  });

  it('reports empty paragraph text and articles without paragraphs', () => {
    expect(validateDocument(withArticles([art('1', ['本文', ''])]))).toEqual(['第1条第2項の本文が空です']);
    expect(validateDocument(withArticles([art('1', [])]))).toEqual(['第1条に本文（項）がありません']);
  });

  it('reports a deleted article that still has text', () => {
    const deleted: Article = { ...art('1'), deleted: true };
    expect(validateDocument(withArticles([deleted]))).toEqual([
      '第1条は削除されていますが、見出し又は本文が残っています',
    ]);
  });

  it('reports a caption written with its brackets', () => {
    expect(validateDocument(withArticles([{ ...art('1'), caption: '（目的）' }]))).toEqual([
      '第1条の見出しに括弧は不要です（「（目的）」）',
    ]);
  });

  it('reports items out of order, duplicated or empty', () => {
    const a = art('1');
    const item = (number: string, text = '号'): Item => ({ number, text, subItems: [] });
    const withItems = (items: Item[]): Article => ({
      ...a,
      paragraphs: [{ number: 1, text: '本文', items }],
    });
    expect(validateDocument(withArticles([withItems([item('2'), item('1')])]))).toEqual([
      '第1条第1項第1号が第1条第1項第2号の後にあります（番号順になっていません）',
    ]);
    expect(validateDocument(withArticles([withItems([item('1'), item('1')])]))).toEqual([
      '第1条第1項第1号が重複しています',
    ]);
    expect(validateDocument(withArticles([withItems([item('1', '')])]))).toEqual([
      '第1条第1項第1号の本文が空です',
    ]);
    const subItems = [item('2'), item('1')];
    expect(validateDocument(withArticles([withItems([{ ...item('1'), subItems }])]))).toEqual([
      '第1条第1項第1号アが第1条第1項第1号イの後にあります（番号順になっていません）',
    ]);
  });

  it('reports duplicate measure ids and invalid measures', () => {
    const [first] = SAMPLE_MEASURES;
    if (!first) throw new Error('fixture has measures');
    const doc = buildSampleDocument({
      measures: [first, { ...first, name: '別名' }, { ...first, id: 'm99', name: '' }],
    });
    expect(validateDocument(doc)).toEqual([
      '連携施策「m01」のIDが重複しています',
      '連携施策「m99」: 施策名が空です',
    ]);
  });

  it('reports malformed 別表', () => {
    const doc = buildSampleDocument({
      appendices: [
        {
          number: '1',
          title: '表',
          columns: ['a', 'b'],
          rows: [
            { id: 'r', cells: ['x'] },
            { id: 'r', cells: ['x', 'y'] },
          ],
        },
        { number: '1', title: '表', columns: [], rows: [] },
      ],
    });
    expect(validateDocument(doc)).toEqual([
      '別表第1: 行「r」の欄の数（1）が列の数（2）と違います',
      '別表第1: 行「r」のIDが重複しています',
      '別表第1が重複しています',
    ]);
  });

  it('reports 附則 paragraphs not numbered 1..n or empty', () => {
    const doc = buildSampleDocument({
      supplementaryProvisions: { paragraphs: [{ number: 1, text: '', items: [] }] },
    });
    expect(validateDocument(doc)).toEqual(['附則第1項の本文が空です']);
    const gap = buildSampleDocument({
      supplementaryProvisions: { paragraphs: [{ number: 2, text: '施行', items: [] }] },
    });
    expect(validateDocument(gap)).toEqual(['附則の項番号が1から連続していません（2）']);
  });
});

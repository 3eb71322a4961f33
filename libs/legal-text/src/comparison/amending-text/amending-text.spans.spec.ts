/**
 * The spans of each sentence (the 改め文's side of the 傍線): what the 新旧対照表 underlines
 * is exactly what the 改め文 quotes, located in the old and the new version.
 */
import { buildSampleDocument } from '@kyoyaku/legal-text/testing';
import { amendingText } from '.';

describe('amendingText spans', () => {
  it('underlines exactly 「定期的に」 and 「毎年度1回以上」, not the words around them', () => {
    const doc = buildSampleDocument();
    const text = amendingText(doc, [
      {
        op: 'replaceWords',
        target: { kind: 'provision', path: { article: '5' } },
        from: '定期的に',
        to: '毎年度1回以上',
      },
    ]);
    const at = { kind: 'text', path: { article: '5', paragraph: 1 } };
    const start = doc.articles[4]?.paragraphs[0]?.text.indexOf('定期的に') ?? -1;
    expect(text.sentences[0]?.spans).toEqual([
      { side: 'old', at, start, end: start + 4 },
      { side: 'new', at, start, end: start + 7 },
    ]);
  });

  it('underlines only what is left of words a later 削る takes out again, and nothing of them on the old side', () => {
    const doc = buildSampleDocument();
    const target = { kind: 'provision', path: { article: '5' } } as const;
    const text = amendingText(doc, [
      { op: 'replaceWords', target, from: '定期的に', to: '毎年度1回以上' },
      { op: 'replaceWords', target, from: '毎年度', to: '' },
    ]);
    const at = { kind: 'text', path: { article: '5', paragraph: 1 } };
    const start = doc.articles[4]?.paragraphs[0]?.text.indexOf('定期的に') ?? -1;
    // One sentence: 「定期的に」を「毎年度1回以上」に改め、「毎年度」を削る. 「毎年度1回以上」 stands in the
    // new version as 「1回以上」; 「毎年度」 was never in the old one.
    expect(text.sentences.map((s) => s.spans)).toEqual([
      [
        { side: 'old', at, start, end: start + 4 },
        { side: 'new', at, start, end: start + 4 },
      ],
    ]);
  });

  it('locates the numbers of the articles a 削る moves, on both sides', () => {
    const text = amendingText(buildSampleDocument(), [
      { op: 'deleteProvision', path: { article: '5' }, leaveDeletedMarker: false, renumberFollowing: true },
    ]);
    const spans = text.sentences[0]?.spans ?? [];
    expect(spans.filter((s) => s.at.kind === 'number')).toEqual([
      { side: 'old', at: { kind: 'number', path: { article: '5' } }, start: 0, end: 3 },
      { side: 'old', at: { kind: 'number', path: { article: '6' } }, start: 0, end: 3 },
      { side: 'new', at: { kind: 'number', path: { article: '5' } }, start: 0, end: 3 },
    ]);
    expect(spans.some((s) => s.side === 'old' && s.at.kind === 'caption')).toBe(true);
  });

  it('underlines the quoted phrases of a 別表 row in its fields', () => {
    const doc = buildSampleDocument();
    const text = amendingText(doc, [
      { op: 'changeMeasureRole', id: 'm02', party: 'partner', role: '起業支援の窓口を共同で設置する。' },
    ]);
    expect(text.sentences.map((s) => s.text)).toEqual([
      '別表(2)の項中「連携して取り組む」を「起業支援の窓口を共同で設置する」に改める。',
    ]);
    const at = { kind: 'measure', id: 'm02', field: 'roles.partner' };
    expect(text.sentences[0]?.spans).toEqual([
      { side: 'old', at, start: 0, end: 8 },
      { side: 'new', at, start: 0, end: 15 },
    ]);
  });
});

/**
 * 削る without a gap: 「第5条を削り、第6条を第5条とする。」, four or more moves
 * grouped as 法制執務 groups them (ワークブック法制執務 p.459), or 「第5条\u3000削除」 when the numbers stay.
 */
import { applyAmendment, type AmendmentOperation } from '../../amendment';
import type { AgreementDocument, Article, Item } from '../../document.model';
import { buildSampleDocument } from '@kyoyaku/legal-text/testing';
import { amendingText } from '.';

function articleOf(number: number): Article {
  return {
    number: String(number),
    caption: `見出し${number}`,
    paragraphs: [{ number: 1, text: `第${number}条の本文である。`, items: [] }],
    deleted: false,
  };
}

/** A text with articles 第1条 to 第`count`条. */
function articles(count: number, style?: 'kanji'): AgreementDocument {
  return buildSampleDocument({
    articles: Array.from({ length: count }, (_, i) => articleOf(i + 1)),
    ...(style === undefined ? {} : { style }),
  });
}

const removeArticle = (article: string): AmendmentOperation => ({
  op: 'deleteProvision',
  path: { article },
  leaveDeletedMarker: false,
  renumberFollowing: true,
});

function sentences(doc: AgreementDocument, ops: AmendmentOperation[]): string[] {
  return amendingText(doc, ops).sentences.map((s) => s.text);
}

describe('amendingText: 削る and the numbers after it (finding 4)', () => {
  it('moves the next article up: 第5条を削り、第6条を第5条とする。', () => {
    expect(sentences(articles(6), [removeArticle('5')])).toEqual(['第5条を削り、第6条を第5条とする。']);
    expect(sentences(articles(7), [removeArticle('5')])).toEqual([
      '第5条を削り、第6条を第5条とし、第7条を第6条とする。',
    ]);
  });

  it('groups four or more moves: the first one alone, the rest 1条ずつ繰り上げる', () => {
    expect(sentences(articles(10), [removeArticle('5')])).toEqual([
      '第5条を削り、第6条を第5条とし、第7条から第10条までを1条ずつ繰り上げる。',
    ]);
    expect(sentences(articles(9), [removeArticle('5')])).toEqual([
      '第5条を削り、第6条を第5条とし、第7条から第9条までを1条ずつ繰り上げる。',
    ]);
    expect(sentences(articles(8), [removeArticle('5')])).toEqual([
      '第5条を削り、第6条を第5条とし、第7条を第6条とし、第8条を第7条とする。',
    ]);
    expect(sentences(articles(10, 'kanji'), [removeArticle('5')])).toEqual([
      '第五条を削り、第六条を第五条とし、第七条から第十条までを一条ずつ繰り上げる。',
    ]);
  });

  it('says 削る alone for the last article, and keeps the number with 「第5条 削除」 when asked', () => {
    expect(sentences(articles(5), [removeArticle('5')])).toEqual(['第5条を削る。']);
    const marker = amendingText(articles(6), [
      { op: 'deleteProvision', path: { article: '5' }, leaveDeletedMarker: true },
    ]);
    expect(marker.sentences.map((s) => s.lines)).toEqual([
      ['\u3000第5条を次のように改める。', '第5条\u3000削除'],
    ]);
  });

  it('renumbers the later 号 of a paragraph: 同条第3号を同条第2号とする', () => {
    const items: Item[] = ['一', '二', '三', '四', '五', '六'].map((text, i) => ({
      number: String(i + 1),
      text: `第${text}の号`,
      subItems: [],
    }));
    const doc = buildSampleDocument();
    const two = doc.articles[1];
    if (two) two.paragraphs = [{ number: 1, text: '次に掲げる事項', items }];
    const op = (item: string): AmendmentOperation => ({
      op: 'deleteProvision',
      path: { article: '2', paragraph: 1, item },
      leaveDeletedMarker: false,
      renumberFollowing: true,
    });
    expect(sentences(doc, [op('4')])).toEqual([
      '第2条第4号を削り、同条第5号を同条第4号とし、同条第6号を同条第5号とする。',
    ]);
    expect(sentences(doc, [op('1')])).toEqual([
      '第2条第1号を削り、同条第2号を同条第1号とし、同条第3号から第6号までを1号ずつ繰り上げる。',
    ]);
    // In an article of several 項, the 号 are cited within their 項 (同項).
    const several = structuredClone(doc);
    const article = several.articles[1];
    if (article) article.paragraphs.push({ number: 2, text: '前項の規定', items: [] });
    expect(sentences(several, [op('5')])).toEqual(['第2条第1項第5号を削り、同項第6号を同項第5号とする。']);
  });

  it('replays to the amended text and names every article it moves', () => {
    const doc = articles(10);
    const ops = [removeArticle('5')];
    const text = amendingText(doc, ops);
    expect(applyAmendment(doc, ops).articles.map((a) => a.number)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
    ]);
    expect(text.sentences[0]?.parts).toEqual([
      { kind: 'article', old: '5' },
      { kind: 'article', old: '6', new: '5' },
      { kind: 'article', old: '7', new: '6' },
      { kind: 'article', old: '8', new: '7' },
      { kind: 'article', old: '9', new: '8' },
      { kind: 'article', old: '10', new: '9' },
    ]);
  });

  it('reads a renumbering 削る together with other changes, each citing the numbers of its moment', () => {
    const doc = articles(7);
    const ops: AmendmentOperation[] = [
      removeArticle('3'),
      {
        op: 'replaceWords',
        target: { kind: 'provision', path: { article: '6' } },
        from: '本文',
        to: '規定',
      },
    ];
    expect(sentences(doc, ops)).toEqual([
      '第3条を削り、第4条を第3条とし、第5条から第7条までを1条ずつ繰り上げる。',
      '第6条中「本文」を「規定」に改める。',
    ]);
  });
});

import { AmendmentError, applyAmendment, type AmendmentOperation } from './amendment';
import type { AgreementDocument, Article, Measure, Paragraph } from './document.model';
import { validateDocument } from './document.validator';
import { renderDocument } from './render';
import { buildSampleDocument } from '@kyoyaku/legal-text/testing';

/** Freezes a value and everything in it, so any mutation throws. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

function base(): AgreementDocument {
  return deepFreeze(buildSampleDocument());
}

/** The error applyAmendment throws; fails the test when it does not throw one. */
function errorOf(doc: AgreementDocument, ops: AmendmentOperation[]): AmendmentError {
  try {
    applyAmendment(doc, ops);
  } catch (error) {
    if (error instanceof AmendmentError) return error;
    throw error;
  }
  throw new Error('expected an AmendmentError');
}

function article(doc: AgreementDocument, number: string): Article {
  const found = doc.articles.find((a) => a.number === number);
  if (!found) throw new Error(`no article ${number}`);
  return found;
}

function paragraphText(doc: AgreementDocument, number: string, paragraph = 1): string {
  return article(doc, number).paragraphs[paragraph - 1]?.text ?? '';
}

const para = (text: string, number = 1): Paragraph => ({ number, text, items: [] });

describe('applyAmendment', () => {
  it('returns a new, equal document for no operations', () => {
    const doc = base();
    const result = applyAmendment(doc, []);
    expect(result).toEqual(doc);
    expect(result).not.toBe(doc);
    expect(result.articles).not.toBe(doc.articles);
  });

  it('applies operations in order, each seeing the previous result', () => {
    const result = applyAmendment(base(), [
      {
        op: 'replaceWords',
        target: { kind: 'provision', path: { article: '4', paragraph: 2 } },
        from: '別途',
        to: '別に',
      },
      {
        op: 'replaceWords',
        target: { kind: 'provision', path: { article: '4', paragraph: 2 } },
        from: '別に定める',
        to: '別に定めるものとする',
      },
    ]);
    expect(paragraphText(result, '4', 2)).toBe(
      '連携施策の実施に要する費用の分担については、事業ごとに協議の上、別に定めるものとする。',
    );
  });

  it('names the failing operation by index and provision, in Japanese', () => {
    const error = errorOf(base(), [
      { op: 'replaceWords', target: { kind: 'title' }, from: '連携協約', to: '協約' },
      {
        op: 'replaceWords',
        target: { kind: 'provision', path: { article: '3', paragraph: 1 } },
        from: '相互に連携して',
        to: '協力して',
      },
    ]);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('AmendmentError');
    expect(error.operationIndex).toBe(1);
    expect(error.provision).toBe('第3条第1項');
    expect(error.message).toBe('第3条第1項に「相互に連携して」が見つかりません');
  });

  it('copies operation payloads, so the result shares nothing with them', () => {
    const paragraphs = [para('追加する条の本文')];
    const op: AmendmentOperation = { op: 'insertArticle', after: '3', caption: '追加', paragraphs };
    const result = applyAmendment(base(), [op]);
    article(result, '3-2').paragraphs[0]?.items.push({ number: '1', text: '号', subItems: [] });
    expect(paragraphs[0]?.items).toEqual([]);
  });

  it('rejects an unknown operation from stored JSON', () => {
    const bogus = { op: 'rewriteEverything' } as unknown as AmendmentOperation;
    const error = errorOf(base(), [bogus]);
    expect(error.message).toBe('不明な改正操作です: "rewriteEverything"');
    expect(error.operationIndex).toBe(0);
  });
});

describe('replaceWords', () => {
  const at = (article: string, paragraph?: number) =>
    ({ kind: 'provision', path: paragraph === undefined ? { article } : { article, paragraph } }) as const;

  it('replaces a unique occurrence and leaves the rest', () => {
    const doc = base();
    const result = applyAmendment(doc, [
      { op: 'replaceWords', target: at('4', 2), from: '別途定める', to: '別に定める' },
    ]);
    expect(paragraphText(result, '4', 2)).toBe(
      '連携施策の実施に要する費用の分担については、事業ごとに協議の上、別に定める。',
    );
    expect(paragraphText(doc, '4', 2)).toContain('別途定める');
    expect(paragraphText(result, '4', 1)).toBe(paragraphText(doc, '4', 1));
  });

  it('requires occurrence when the words recur, then changes only that one', () => {
    // 第3条: 「甲及び乙が連携して取り組む連携施策並びに甲及び乙の役割分担は、別表のとおりとする。」
    const ambiguous = errorOf(base(), [
      { op: 'replaceWords', target: at('3'), from: '甲及び乙', to: '両者' },
    ]);
    expect(ambiguous.message).toBe(
      '第3条に「甲及び乙」が2箇所あります。何番目を改めるか（occurrence）を指定してください',
    );
    const second = applyAmendment(base(), [
      { op: 'replaceWords', target: at('3'), from: '甲及び乙', to: '両者', occurrence: 2 },
    ]);
    expect(paragraphText(second, '3')).toBe(
      '甲及び乙が連携して取り組む連携施策並びに両者の役割分担は、別表のとおりとする。',
    );
    const first = applyAmendment(base(), [
      { op: 'replaceWords', target: at('3'), from: '甲及び乙', to: '両者', occurrence: 1 },
    ]);
    expect(paragraphText(first, '3')).toBe(
      '両者が連携して取り組む連携施策並びに甲及び乙の役割分担は、別表のとおりとする。',
    );
    const all = applyAmendment(base(), [
      { op: 'replaceWords', target: at('3'), from: '甲及び乙', to: '両者', occurrence: 'all' },
    ]);
    expect(paragraphText(all, '3')).toBe(
      '両者が連携して取り組む連携施策並びに両者の役割分担は、別表のとおりとする。',
    );
  });

  it('rejects an occurrence beyond the count, or not a positive integer', () => {
    const tooFar = errorOf(base(), [
      { op: 'replaceWords', target: at('3'), from: '甲及び乙', to: '両者', occurrence: 3 },
    ]);
    expect(tooFar.message).toBe('第3条に「甲及び乙」は2箇所しかありません（3番目が指定されました）');
    const zero = errorOf(base(), [
      { op: 'replaceWords', target: at('3'), from: '甲及び乙', to: '両者', occurrence: 0 },
    ]);
    expect(zero.message).toContain('occurrence は1以上の整数');
  });

  it('counts occurrences across every paragraph and item of an article', () => {
    // 第4条 has 「連携施策」 in both paragraphs.
    const error = errorOf(base(), [{ op: 'replaceWords', target: at('4'), from: '連携施策', to: '施策' }]);
    expect(error.message).toContain('2箇所');
    const result = applyAmendment(base(), [
      { op: 'replaceWords', target: at('4'), from: '連携施策', to: '施策', occurrence: 2 },
    ]);
    expect(paragraphText(result, '4', 1)).toContain('連携施策');
    expect(paragraphText(result, '4', 2)).toMatch(/^施策の実施/);
  });

  it('works on the title, preamble, a caption and 附則', () => {
    const result = applyAmendment(base(), [
      { op: 'replaceWords', target: { kind: 'title' }, from: '連携協約', to: '連携協約（変更後）' },
      { op: 'replaceWords', target: { kind: 'preamble' }, from: '平内町', to: '今別町' },
      { op: 'replaceWords', target: { kind: 'caption', article: '5' }, from: '定期的な', to: '定例の' },
      {
        op: 'replaceWords',
        target: { kind: 'supplementaryProvisions', paragraph: 1 },
        from: '12月25日',
        to: '12月26日',
      },
    ]);
    expect(result.title).toBe('連携中枢都市圏の形成に係る連携協約（変更後）');
    expect(result.preamble).toContain('今別町（以下「乙」という。）');
    expect(article(result, '5').caption).toBe('定例の協議');
    expect(result.supplementaryProvisions.paragraphs[0]?.text).toBe(
      'この協約は、令和元年12月26日から施行する。',
    );
  });

  it('names the target in its errors', () => {
    expect(
      errorOf(base(), [{ op: 'replaceWords', target: { kind: 'preamble' }, from: '蓬田村', to: 'x' }]),
    ).toMatchObject({
      provision: '前文',
      message: '前文に「蓬田村」が見つかりません',
    });
    expect(
      errorOf(base(), [
        { op: 'replaceWords', target: { kind: 'supplementaryProvisions', paragraph: 2 }, from: 'a', to: 'b' },
      ]),
    ).toMatchObject({ provision: '附則第2項', message: '附則第2項が見つかりません' });
    expect(errorOf(base(), [{ op: 'replaceWords', target: at('9'), from: 'a', to: 'b' }]).message).toBe(
      '第9条が見つかりません',
    );
    expect(errorOf(base(), [{ op: 'replaceWords', target: at('4', 3), from: 'a', to: 'b' }]).message).toBe(
      '第4条第3項が見つかりません',
    );
  });

  it('rejects empty or unchanged words', () => {
    expect(errorOf(base(), [{ op: 'replaceWords', target: at('1'), from: '', to: 'x' }]).message).toContain(
      '空です',
    );
    expect(
      errorOf(base(), [{ op: 'replaceWords', target: at('1'), from: '甲', to: '甲', occurrence: 1 }]).message,
    ).toContain('同じ字句');
  });

  it('deletes words with an empty replacement (「A」を削る), but not a whole text', () => {
    const result = applyAmendment(base(), [
      { op: 'replaceWords', target: at('4', 2), from: '事業ごとに', to: '' },
    ]);
    expect(paragraphText(result, '4', 2)).toBe(
      '連携施策の実施に要する費用の分担については、協議の上、別途定める。',
    );
    const whole = paragraphText(base(), '5');
    const error = errorOf(base(), [{ op: 'replaceWords', target: at('5', 1), from: whole, to: '' }]);
    expect(error.message).toBe('改正後の第5条第1項に問題があります: 第5条第1項の本文が空です');
  });

  it('refuses words in a deleted article', () => {
    const error = errorOf(base(), [
      { op: 'deleteProvision', path: { article: '5' }, leaveDeletedMarker: true },
      { op: 'replaceWords', target: at('5'), from: '協議', to: '会議' },
    ]);
    expect(error).toMatchObject({ operationIndex: 1, message: '第5条は削除されています' });
  });
});

describe('replaceProvision', () => {
  it('replaces an article, a paragraph and an item', () => {
    const withItem = applyAmendment(base(), [
      { op: 'insertItem', parent: { article: '2', paragraph: 1 }, after: null, text: '旧', subItems: [] },
    ]);
    const result = applyAmendment(withItem, [
      {
        op: 'replaceProvision',
        path: { article: '5' },
        content: { level: 'article', caption: '協議', paragraphs: [para('新しい本文')] },
      },
      {
        op: 'replaceProvision',
        path: { article: '4', paragraph: 2 },
        content: { level: 'paragraph', text: '費用は別に定める。', items: [] },
      },
      {
        op: 'replaceProvision',
        path: { article: '2', paragraph: 1, item: '1' },
        content: { level: 'item', text: '新', subItems: [] },
      },
    ]);
    expect(article(result, '5')).toEqual({
      number: '5',
      caption: '協議',
      paragraphs: [para('新しい本文')],
      deleted: false,
    });
    expect(article(result, '4').paragraphs[1]).toEqual({ number: 2, text: '費用は別に定める。', items: [] });
    expect(article(result, '2').paragraphs[0]?.items[0]).toEqual({ number: '1', text: '新', subItems: [] });
  });

  it('revives a deleted article', () => {
    const result = applyAmendment(base(), [
      { op: 'deleteProvision', path: { article: '5' }, leaveDeletedMarker: true },
      {
        op: 'replaceProvision',
        path: { article: '5' },
        content: { level: 'article', caption: '', paragraphs: [para('復活')] },
      },
    ]);
    expect(article(result, '5').deleted).toBe(false);
  });

  it('requires content of the level the path names', () => {
    const error = errorOf(base(), [
      {
        op: 'replaceProvision',
        path: { article: '4', paragraph: 2 },
        content: { level: 'item', text: 'x', subItems: [] },
      },
    ]);
    expect(error.message).toBe("第4条第2項を置き換えるには項の内容（level: 'paragraph'）が必要です");
  });

  it('refuses content that breaks the structure', () => {
    const error = errorOf(base(), [
      {
        op: 'replaceProvision',
        path: { article: '5' },
        content: { level: 'article', caption: '', paragraphs: [para('x', 2)] },
      },
    ]);
    expect(error.message).toBe('改正後の第5条に問題があります: 第5条の項番号が1から連続していません（2）');
  });
});

describe('insertArticle', () => {
  const insert = (after: string | null, number?: string): AmendmentOperation => ({
    op: 'insertArticle',
    after,
    ...(number === undefined ? {} : { number }),
    caption: '追加',
    paragraphs: [para('追加する条')],
  });

  it('gives a 枝番号 between consecutive articles: 第3条の2, then 第3条の3', () => {
    const once = applyAmendment(base(), [insert('3')]);
    expect(once.articles.map((a) => a.number)).toEqual(['1', '2', '3', '3-2', '4', '5', '6']);
    const twice = applyAmendment(once, [insert('3-2')]);
    expect(twice.articles.map((a) => a.number)).toEqual(['1', '2', '3', '3-2', '3-3', '4', '5', '6']);
    expect(renderDocument(twice, 'kanji')).toContain('第三条の三　追加する条');
  });

  it('takes the next number at the end', () => {
    const result = applyAmendment(base(), [insert('6')]);
    expect(result.articles.at(-1)?.number).toBe('7');
  });

  it('fails when no number fits without renumbering', () => {
    const atStart = errorOf(base(), [insert(null)]);
    expect(atStart.message).toBe(
      '先頭（第1条の前）に付けられる番号がありません。先に後の番号を繰り下げてください',
    );
    const between = errorOf(base(), [insert('3'), insert('3')]);
    expect(between).toMatchObject({
      operationIndex: 1,
      message: '第3条の次（第3条の2の前）に付けられる番号がありません。先に後の番号を繰り下げてください',
    });
  });

  it('inserts at the start when 第1条 is free', () => {
    const withoutFirst = applyAmendment(base(), [
      { op: 'deleteProvision', path: { article: '1' }, leaveDeletedMarker: false },
    ]);
    expect(applyAmendment(withoutFirst, [insert(null)]).articles[0]?.number).toBe('1');
  });

  it('accepts an explicit number that fits, and refuses one that does not', () => {
    expect(applyAmendment(base(), [insert('6', '10')]).articles.at(-1)?.number).toBe('10');
    expect(errorOf(base(), [insert('3', '4')]).message).toBe('第4条は既にあります');
    expect(errorOf(base(), [insert('3', '6-2')]).message).toBe(
      '第6条の2は第3条の次（第4条の前）に置くと番号順になりません',
    );
    expect(errorOf(base(), [insert('3', '3-1')]).message).toContain('番号「3-1」が不正です');
  });

  it('fails when the article to follow is missing', () => {
    expect(errorOf(base(), [insert('9')])).toMatchObject({
      provision: '第9条の次',
      message: '第9条が見つかりません',
    });
  });

  it('refuses an article without paragraphs', () => {
    const error = errorOf(base(), [{ op: 'insertArticle', after: '6', caption: '', paragraphs: [] }]);
    expect(error.message).toContain('第7条に本文（項）がありません');
  });
});

describe('insertParagraph', () => {
  it('shifts the later paragraphs (項 take no 枝番号)', () => {
    const result = applyAmendment(base(), [
      { op: 'insertParagraph', article: '4', after: 1, text: '新しい第2項', items: [] },
    ]);
    expect(article(result, '4').paragraphs.map((p) => [p.number, p.text.slice(0, 6)])).toEqual([
      [1, '甲及び乙は、'],
      [2, '新しい第2項'],
      [3, '連携施策の実'],
    ]);
  });

  it('inserts at the start and at the end', () => {
    const start = applyAmendment(base(), [
      { op: 'insertParagraph', article: '1', after: null, text: '前', items: [] },
    ]);
    expect(article(start, '1').paragraphs.map((p) => p.number)).toEqual([1, 2]);
    expect(paragraphText(start, '1')).toBe('前');
    const end = applyAmendment(base(), [
      { op: 'insertParagraph', article: '4', after: 2, text: '後', items: [] },
    ]);
    expect(paragraphText(end, '4', 3)).toBe('後');
  });

  it('fails for a missing paragraph or a deleted article', () => {
    const missing = errorOf(base(), [
      { op: 'insertParagraph', article: '4', after: 3, text: 'x', items: [] },
    ]);
    expect(missing).toMatchObject({
      provision: '第4条第3項',
      message: '第4条第3項が見つかりません（第4条は第2項までです）',
    });
    const deleted = errorOf(base(), [
      { op: 'deleteProvision', path: { article: '5' }, leaveDeletedMarker: true },
      { op: 'insertParagraph', article: '5', after: null, text: 'x', items: [] },
    ]);
    expect(deleted.message).toBe('第5条は削除されています。項を挿入するには条を置き換えてください');
  });
});

describe('insertItem', () => {
  const doc = (): AgreementDocument =>
    applyAmendment(base(), [
      { op: 'insertItem', parent: { article: '2', paragraph: 1 }, after: null, text: '第一', subItems: [] },
      { op: 'insertItem', parent: { article: '2', paragraph: 1 }, after: '1', text: '第二', subItems: [] },
    ]);

  it('numbers items like articles: next number, then 枝番号', () => {
    const items = article(doc(), '2').paragraphs[0]?.items ?? [];
    expect(items.map((i) => i.number)).toEqual(['1', '2']);
    const branched = applyAmendment(doc(), [
      { op: 'insertItem', parent: { article: '2', paragraph: 1 }, after: '1', text: '間', subItems: [] },
    ]);
    expect(article(branched, '2').paragraphs[0]?.items.map((i) => i.number)).toEqual(['1', '1-2', '2']);
    expect(renderDocument(branched, 'municipal')).toContain('\u3000(1の2)\u3000間');
  });

  it('inserts sub-items into an item', () => {
    const result = applyAmendment(doc(), [
      {
        op: 'insertItem',
        parent: { article: '2', paragraph: 1, item: '2' },
        after: null,
        text: '細目',
        subItems: [],
      },
    ]);
    expect(article(result, '2').paragraphs[0]?.items[1]?.subItems).toEqual([
      { number: '1', text: '細目', subItems: [] },
    ]);
  });

  it('refuses a parent that is not a paragraph or an item', () => {
    const error = errorOf(doc(), [
      { op: 'insertItem', parent: { article: '2' }, after: null, text: 'x', subItems: [] },
    ]);
    expect(error.message).toContain('parent には項又は号を指定してください');
    const missing = errorOf(doc(), [
      { op: 'insertItem', parent: { article: '2', paragraph: 1 }, after: '5', text: 'x', subItems: [] },
    ]);
    expect(missing.message).toBe('第2条第1項第5号が見つかりません');
  });

  it('refuses a 項 or 号 deleted in place (「削除」) as a parent, as a deleted article takes no 項 (PROPERTY_SEED 5150)', () => {
    const deleted = applyAmendment(doc(), [
      { op: 'insertParagraph', article: '2', after: 1, text: '次項', items: [] },
      { op: 'deleteProvision', path: { article: '2', paragraph: 2 }, leaveDeletedMarker: true },
      { op: 'deleteProvision', path: { article: '2', paragraph: 1, item: '2' }, leaveDeletedMarker: true },
    ]);
    const paragraph = errorOf(deleted, [
      { op: 'insertItem', parent: { article: '2', paragraph: 2 }, after: null, text: 'x', subItems: [] },
    ]);
    expect(paragraph.message).toBe(
      '第2条第2項は削除されています。号を挿入するには第2条第2項を置き換えてください',
    );
    const item = errorOf(deleted, [
      {
        op: 'insertItem',
        parent: { article: '2', paragraph: 1, item: '2' },
        after: null,
        text: 'x',
        subItems: [],
      },
    ]);
    expect(item.message).toBe(
      '第2条第1項第2号は削除されています。号の細分を挿入するには第2条第1項第2号を置き換えてください',
    );
  });
});

describe('deleteProvision', () => {
  it('leaves 「第N条　削除」 so later numbers stay', () => {
    const result = applyAmendment(base(), [
      { op: 'deleteProvision', path: { article: '5' }, leaveDeletedMarker: true },
    ]);
    expect(article(result, '5')).toEqual({ number: '5', caption: '', paragraphs: [], deleted: true });
    expect(result.articles.map((a) => a.number)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(renderDocument(result, 'municipal')).toContain('\n第5条\u3000削除\n（疑義の解決）\n第6条');
    const again = errorOf(result, [
      { op: 'deleteProvision', path: { article: '5' }, leaveDeletedMarker: true },
    ]);
    expect(again.message).toBe('第5条は既に削除されています');
  });

  it('removes an article outright', () => {
    const result = applyAmendment(base(), [
      { op: 'deleteProvision', path: { article: '5' }, leaveDeletedMarker: false },
    ]);
    expect(result.articles.map((a) => a.number)).toEqual(['1', '2', '3', '4', '6']);
  });

  it('removes a paragraph and renumbers the rest, but never the last one', () => {
    const result = applyAmendment(base(), [
      { op: 'deleteProvision', path: { article: '4', paragraph: 1 }, leaveDeletedMarker: false },
    ]);
    expect(article(result, '4').paragraphs).toEqual([
      para('連携施策の実施に要する費用の分担については、事業ごとに協議の上、別途定める。', 1),
    ]);
    const last = errorOf(result, [
      { op: 'deleteProvision', path: { article: '4', paragraph: 1 }, leaveDeletedMarker: false },
    ]);
    expect(last.message).toBe('第4条第1項を削ると第4条に項がなくなります。条を削除してください');
  });

  it('marks a paragraph 削除 and keeps its number', () => {
    const result = applyAmendment(base(), [
      { op: 'deleteProvision', path: { article: '4', paragraph: 2 }, leaveDeletedMarker: true },
    ]);
    expect(article(result, '4').paragraphs[1]).toEqual(para('削除', 2));
    expect(renderDocument(result, 'kanji')).toContain('\n２\u3000削除\n');
  });

  it('removes or marks an item', () => {
    const withItems = applyAmendment(base(), [
      { op: 'insertItem', parent: { article: '2', paragraph: 1 }, after: null, text: '一', subItems: [] },
      { op: 'insertItem', parent: { article: '2', paragraph: 1 }, after: '1', text: '二', subItems: [] },
    ]);
    const path = { article: '2', paragraph: 1, item: '1' };
    const removed = applyAmendment(withItems, [{ op: 'deleteProvision', path, leaveDeletedMarker: false }]);
    expect(article(removed, '2').paragraphs[0]?.items.map((i) => i.number)).toEqual(['2']);
    const marked = applyAmendment(withItems, [{ op: 'deleteProvision', path, leaveDeletedMarker: true }]);
    expect(article(marked, '2').paragraphs[0]?.items[0]).toEqual({ number: '1', text: '削除', subItems: [] });
  });

  it('renumbers the later articles when asked (renumberFollowing): no gap after 第3条 is removed', () => {
    const result = applyAmendment(base(), [
      { op: 'deleteProvision', path: { article: '3' }, leaveDeletedMarker: false, renumberFollowing: true },
    ]);
    expect(result.articles.map((a) => a.number)).toEqual(['1', '2', '3', '4', '5']);
    expect(article(result, '3').caption).toBe('事務執行にあたっての連携、協力及び費用分担');
    expect(article(result, '5').caption).toBe('疑義の解決');
    // A stored operation without the field keeps its meaning: the later numbers stay.
    const stored = applyAmendment(base(), [
      { op: 'deleteProvision', path: { article: '3' }, leaveDeletedMarker: false },
    ]);
    expect(stored.articles.map((a) => a.number)).toEqual(['1', '2', '4', '5', '6']);
  });

  it('renumbers the later items (号) when asked', () => {
    const withItems = applyAmendment(base(), [
      { op: 'insertItem', parent: { article: '2', paragraph: 1 }, after: null, text: '一', subItems: [] },
      { op: 'insertItem', parent: { article: '2', paragraph: 1 }, after: '1', text: '二', subItems: [] },
      { op: 'insertItem', parent: { article: '2', paragraph: 1 }, after: '2', text: '三', subItems: [] },
    ]);
    const result = applyAmendment(withItems, [
      {
        op: 'deleteProvision',
        path: { article: '2', paragraph: 1, item: '1' },
        leaveDeletedMarker: false,
        renumberFollowing: true,
      },
    ]);
    expect(article(result, '2').paragraphs[0]?.items).toEqual([
      { number: '1', text: '二', subItems: [] },
      { number: '2', text: '三', subItems: [] },
    ]);
  });

  it('refuses to renumber where the numbers would be ambiguous (枝番号) or contradict a 削除 marker', () => {
    const branched = applyAmendment(base(), [
      { op: 'insertArticle', after: '4', caption: '追加', paragraphs: [para('追加の条')] },
    ]);
    expect(article(branched, '4-2').caption).toBe('追加');
    expect(
      errorOf(branched, [
        { op: 'deleteProvision', path: { article: '3' }, leaveDeletedMarker: false, renumberFollowing: true },
      ]).message,
    ).toBe(
      '第3条を削って後の条を繰り上げることはできません: 第4条の2に枝番号があり、繰り上げた番号が定まりません。繰り上げずに削るか（renumberFollowing: false）、「削除」として番号を残してください（leaveDeletedMarker: true）',
    );
    expect(
      errorOf(base(), [
        { op: 'deleteProvision', path: { article: '3' }, leaveDeletedMarker: true, renumberFollowing: true },
      ]).message,
    ).toBe('第3条: 「削除」として番号を残す場合（leaveDeletedMarker: true）は後の番号を繰り上げられません');
    expect(
      errorOf(base(), [
        {
          op: 'deleteProvision',
          path: { article: '4', paragraph: 1 },
          leaveDeletedMarker: false,
          renumberFollowing: false,
        },
      ]).message,
    ).toBe(
      '第4条第1項: 項には枝番号がなく、削ると後の項は常に繰り上がります。番号を残すには「削除」としてください（leaveDeletedMarker: true）',
    );
  });

  it('fails for a missing provision', () => {
    expect(
      errorOf(base(), [{ op: 'deleteProvision', path: { article: '7' }, leaveDeletedMarker: true }]).message,
    ).toBe('第7条が見つかりません');
  });
});

describe('renumberArticle', () => {
  it('moves 第6条 to 第7条 (第六条を第七条とし)', () => {
    const result = applyAmendment(base(), [{ op: 'renumberArticle', from: '6', to: '7' }]);
    expect(result.articles.map((a) => a.number)).toEqual(['1', '2', '3', '4', '5', '7']);
    expect(article(result, '7').caption).toBe('疑義の解決');
  });

  it('renumbers from the back to make room, as 改め文 do', () => {
    const result = applyAmendment(base(), [
      { op: 'renumberArticle', from: '6', to: '7' },
      { op: 'renumberArticle', from: '5', to: '6' },
      { op: 'insertArticle', after: '4', caption: '新設', paragraphs: [para('新設の条')] },
    ]);
    expect(result.articles.map((a) => a.number)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(article(result, '5').caption).toBe('新設');
  });

  it('fails when the target exists, the order would change, or the numbers are wrong', () => {
    expect(errorOf(base(), [{ op: 'renumberArticle', from: '5', to: '6' }]).message).toBe(
      '第5条を第6条とすることはできません（第6条は既にあります）',
    );
    expect(errorOf(base(), [{ op: 'renumberArticle', from: '3', to: '8' }]).message).toBe(
      '第3条を第8条とすると第4条より後の番号になり、条の順序が変わります',
    );
    expect(errorOf(base(), [{ op: 'renumberArticle', from: '4', to: '2-2' }]).message).toBe(
      '第4条を第2条の2とすると第3条より前の番号になり、条の順序が変わります',
    );
    expect(errorOf(base(), [{ op: 'renumberArticle', from: '9', to: '10' }]).message).toBe(
      '第9条が見つかりません',
    );
    expect(errorOf(base(), [{ op: 'renumberArticle', from: '6', to: '6' }]).message).toContain(
      '同じ番号です',
    );
    expect(errorOf(base(), [{ op: 'renumberArticle', from: '6', to: 'seven' }]).message).toContain(
      '「seven」が不正です',
    );
  });
});

describe('measures', () => {
  const measure = (id: string, category: Measure['category']): Measure => ({
    id,
    category,
    name: `施策${id}`,
    content: '各種連携事業に取り組む。',
    roles: { core: '中心的な役割を担う。', partner: '連携して取り組む。' },
  });

  it('adds a measure after the last of its category by default', () => {
    const result = applyAmendment(base(), [
      { op: 'addMeasure', measure: measure('m10', 'living-services') },
      { op: 'addMeasure', measure: measure('m05', 'urban-functions') },
      { op: 'addMeasure', measure: measure('m04', 'economic-growth') },
    ]);
    expect(result.measures.map((m) => m.id)).toEqual(['m01', 'm02', 'm03', 'm04', 'm05', 'm10']);
  });

  it('adds at the start or after a named measure', () => {
    const start = applyAmendment(base(), [
      { op: 'addMeasure', measure: measure('m00', 'economic-growth'), after: null },
    ]);
    expect(start.measures[0]?.id).toBe('m00');
    const after = applyAmendment(base(), [
      { op: 'addMeasure', measure: measure('m1b', 'economic-growth'), after: 'm01' },
    ]);
    expect(after.measures.map((m) => m.id)).toEqual(['m01', 'm1b', 'm02', 'm03']);
  });

  it('refuses a duplicate, invalid or misplaced measure', () => {
    expect(errorOf(base(), [{ op: 'addMeasure', measure: measure('m01', 'economic-growth') }])).toMatchObject(
      {
        provision: '連携施策「m01」',
        message: '連携施策「m01」は既にあります',
      },
    );
    expect(
      errorOf(base(), [{ op: 'addMeasure', measure: { ...measure('m09', 'economic-growth'), content: '' } }])
        .message,
    ).toBe('連携施策「m09」: 取組内容が空です');
    expect(
      errorOf(base(), [{ op: 'addMeasure', measure: measure('m09', 'economic-growth'), after: 'm77' }])
        .message,
    ).toBe('連携施策「m77」が見つかりません');
  });

  it('revises name, content and category', () => {
    const result = applyAmendment(base(), [
      {
        op: 'reviseMeasure',
        id: 'm03',
        changes: { name: '新名称', content: '新内容。', category: 'urban-functions' },
      },
    ]);
    expect(result.measures[2]).toMatchObject({
      id: 'm03',
      name: '新名称',
      content: '新内容。',
      category: 'urban-functions',
    });
  });

  it('refuses a revision that changes nothing or names a missing measure', () => {
    expect(errorOf(base(), [{ op: 'reviseMeasure', id: 'm03', changes: {} }]).message).toContain(
      '変更する項目',
    );
    const same = errorOf(base(), [
      { op: 'reviseMeasure', id: 'm03', changes: { name: '地域資源を活用した地域経済の裾野拡大' } },
    ]);
    expect(same.message).toBe('連携施策「m03」の施策名は既に「地域資源を活用した地域経済の裾野拡大」です');
    expect(errorOf(base(), [{ op: 'reviseMeasure', id: 'm99', changes: { name: 'x' } }]).message).toBe(
      '連携施策「m99」が見つかりません',
    );
    const category = errorOf(base(), [
      { op: 'reviseMeasure', id: 'm03', changes: { category: 'tourism' as Measure['category'] } },
    ]);
    expect(category.message).toContain('区分「tourism」は不明です');
  });

  it('removes a measure', () => {
    const result = applyAmendment(base(), [{ op: 'removeMeasure', id: 'm02' }]);
    expect(result.measures.map((m) => m.id)).toEqual(['m01', 'm03']);
    expect(errorOf(result, [{ op: 'removeMeasure', id: 'm02' }]).message).toBe(
      '連携施策「m02」が見つかりません',
    );
  });

  it("changes one party's role", () => {
    const result = applyAmendment(base(), [
      { op: 'changeMeasureRole', id: 'm01', party: 'partner', role: '事業に参加する。' },
    ]);
    expect(result.measures[0]?.roles).toEqual({ core: '中心的な役割を担う。', partner: '事業に参加する。' });
    const same = errorOf(base(), [
      { op: 'changeMeasureRole', id: 'm01', party: 'core', role: '中心的な役割を担う。' },
    ]);
    expect(same.message).toBe('連携施策「m01」の甲の役割分担は既に「中心的な役割を担う。」です');
    const empty = errorOf(base(), [{ op: 'changeMeasureRole', id: 'm01', party: 'core', role: '' }]);
    expect(empty.message).toBe(
      '改正後の連携施策「m01」に問題があります: 連携施策「m01」: 甲の役割分担が空です',
    );
  });
});

describe('replaceSupplementaryProvisions', () => {
  it('replaces 附則', () => {
    const paragraphs = [para('この協約は、令和2年4月1日から施行する。'), para('経過措置', 2)];
    const result = applyAmendment(base(), [
      { op: 'replaceSupplementaryProvisions', supplementaryProvisions: { paragraphs } },
    ]);
    expect(result.supplementaryProvisions.paragraphs).toEqual(paragraphs);
    expect(result.supplementaryProvisions.paragraphs).not.toBe(paragraphs);
  });

  it('refuses 附則 that break the structure', () => {
    const error = errorOf(base(), [
      { op: 'replaceSupplementaryProvisions', supplementaryProvisions: { paragraphs: [para('', 1)] } },
    ]);
    expect(error).toMatchObject({
      provision: '附則',
      message: '改正後の附則に問題があります: 附則第1項の本文が空です',
    });
  });
});

describe('the result of an amendment', () => {
  it('passes validateDocument', () => {
    const result = applyAmendment(base(), [
      { op: 'insertArticle', after: '3', caption: '追加', paragraphs: [para('追加')] },
      { op: 'deleteProvision', path: { article: '5' }, leaveDeletedMarker: true },
      {
        op: 'addMeasure',
        measure: {
          id: 'm04',
          category: 'economic-growth',
          name: '観光',
          content: '誘客',
          roles: { core: '主', partner: '従' },
        },
      },
    ]);
    expect(validateDocument(result)).toEqual([]);
  });
});

/**
 * Amendment operations (改正). An amendment is a list of operations applied to one version of an
 * agreement; the result is the next version. Operations are plain JSON (they are stored in events).
 */
import { DELETED_PROVISION_TEXT, MEASURE_CATEGORIES } from './document.model';
import { validateDocument } from './document.validator';
import { isMeasureCategory, measureCategoryLabel, validateMeasure } from './measure';
import { compareProvisionNumbers, isProvisionNumber, numberBetween } from './numbering';
import { describeLookupFailure, describeProvision, locateProvision } from './provision';
import type {
  AgreementDocument,
  Article,
  Item,
  Measure,
  MeasureCategory,
  Paragraph,
  ProvisionNumber,
  ProvisionPath,
  SupplementaryProvisions,
} from './document.model';

/** A piece of text that 「A」を「B」に改める can work on. */
export type TextTarget =
  /** An article, paragraph, item or sub-item, with everything inside it (captions excluded). */
  | { kind: 'provision'; path: ProvisionPath }
  /** The 見出し of an article: （目的）. */
  | { kind: 'caption'; article: ProvisionNumber }
  | { kind: 'title' }
  | { kind: 'preamble' }
  /** 附則, or one paragraph of it. */
  | { kind: 'supplementaryProvisions'; paragraph?: number };

/** The replacement for a whole provision; `level` must match the depth of the path. */
export type ProvisionContent =
  | { level: 'article'; caption: string; paragraphs: Paragraph[] }
  | { level: 'paragraph'; text: string; items: Item[] }
  | { level: 'item'; text: string; subItems: Item[] };

export interface ReplaceWordsOperation {
  op: 'replaceWords';
  target: TextTarget;
  /** 「A」. */
  from: string;
  /** 「B」; may be empty (「A」を削る). */
  to: string;
  /**
   * Which occurrence to change, 1-based; required when `from` occurs more than once in the target.
   * `'all'` changes every occurrence (as 法制執務 reads 「A」を「B」に改める when A recurs).
   */
  occurrence?: number | 'all';
}

export interface ReplaceProvisionOperation {
  op: 'replaceProvision';
  path: ProvisionPath;
  content: ProvisionContent;
}

export interface InsertArticleOperation {
  op: 'insertArticle';
  /** The article it follows; `null` to insert before the first one. */
  after: ProvisionNumber | null;
  /** Optional explicit number; otherwise the next free number or 枝番号 (第3条の2). */
  number?: ProvisionNumber;
  caption: string;
  paragraphs: Paragraph[];
}

export interface InsertParagraphOperation {
  op: 'insertParagraph';
  article: ProvisionNumber;
  /** The paragraph it follows; `null` for the start. Later paragraphs are renumbered (項 take no 枝番号). */
  after: number | null;
  text: string;
  items: Item[];
}

export interface InsertItemOperation {
  op: 'insertItem';
  /** The paragraph to insert an item into, or an item (`item` set) to insert a sub-item into. */
  parent: ProvisionPath;
  /** The item it follows; `null` for the start. */
  after: ProvisionNumber | null;
  /** Optional explicit number; otherwise the next free number or 枝番号 (第1号の2). */
  number?: ProvisionNumber;
  text: string;
  subItems: Item[];
}

export interface DeleteProvisionOperation {
  op: 'deleteProvision';
  path: ProvisionPath;
  /** Keep 「第N条 削除」 (or 「２ 削除」) so later numbers stay; otherwise remove it. */
  leaveDeletedMarker: boolean;
  /**
   * For an article, an item (号) or a sub-item removed outright: every later one moves up by one so
   * no gap is left (第5条を削り、第6条を第5条とする). Absent or false: the later numbers stay, as
   * operations stored before this field meant. Refused with `leaveDeletedMarker`, when the removed
   * provision or a later one has a 枝番号 (the new numbers would be ambiguous), and `false` for a
   * paragraph (項 take no 枝番号: the later ones always move up).
   */
  renumberFollowing?: boolean;
}

export interface RenumberArticleOperation {
  op: 'renumberArticle';
  from: ProvisionNumber;
  to: ProvisionNumber;
}

export interface AddMeasureOperation {
  op: 'addMeasure';
  measure: Measure;
  /** Id of the measure it follows; `null` for the start; omitted: after the last of its category. */
  after?: string | null;
}

export interface ReviseMeasureOperation {
  op: 'reviseMeasure';
  id: string;
  changes: { name?: string; content?: string; category?: MeasureCategory };
}

export interface RemoveMeasureOperation {
  op: 'removeMeasure';
  id: string;
}

export interface ChangeMeasureRoleOperation {
  op: 'changeMeasureRole';
  id: string;
  party: 'core' | 'partner';
  role: string;
}

export interface ReplaceSupplementaryProvisionsOperation {
  op: 'replaceSupplementaryProvisions';
  supplementaryProvisions: SupplementaryProvisions;
}

export type AmendmentOperation =
  | ReplaceWordsOperation
  | ReplaceProvisionOperation
  | InsertArticleOperation
  | InsertParagraphOperation
  | InsertItemOperation
  | DeleteProvisionOperation
  | RenumberArticleOperation
  | AddMeasureOperation
  | ReviseMeasureOperation
  | RemoveMeasureOperation
  | ChangeMeasureRoleOperation
  | ReplaceSupplementaryProvisionsOperation;

/** An operation that does not fit the version it is applied to. The message is in Japanese. */
export class AmendmentError extends Error {
  override readonly name = 'AmendmentError';

  constructor(
    message: string,
    /** 0-based index of the failing operation in the list. */
    readonly operationIndex: number,
    /** Where it failed, rendered: 第3条第2項, 題名, 前文, 附則, 連携施策「m01」. */
    readonly provision: string,
  ) {
    super(message);
  }
}

type Fail = (provision: string, message: string) => never;

/** A place in the text that replaceWords can read and write. */
interface TextSlot {
  get(): string;
  set(text: string): void;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function slotOf<K extends string>(holder: Record<K, string>, key: K): TextSlot {
  return { get: () => holder[key], set: (text) => (holder[key] = text) };
}

function itemSlots(items: readonly Item[]): TextSlot[] {
  return items.flatMap((item) => [slotOf(item, 'text'), ...itemSlots(item.subItems)]);
}

function paragraphSlots(paragraphs: readonly Paragraph[]): TextSlot[] {
  return paragraphs.flatMap((p) => [slotOf(p, 'text'), ...itemSlots(p.items)]);
}

function articleLabel(number: ProvisionNumber): string {
  return describeProvision({ article: number });
}

function measureLabel(id: string): string {
  return `連携施策「${id}」`;
}

function textTargetLabel(target: TextTarget): string {
  switch (target.kind) {
    case 'provision':
      return describeProvision(target.path);
    case 'caption':
      return `${articleLabel(target.article)}の見出し`;
    case 'title':
      return '題名';
    case 'preamble':
      return '前文';
    case 'supplementaryProvisions':
      return target.paragraph === undefined ? '附則' : `附則第${target.paragraph}項`;
  }
}

/** Where an operation acts, for error messages. */
function operationProvision(op: AmendmentOperation): string {
  switch (op.op) {
    case 'replaceWords':
      return textTargetLabel(op.target);
    case 'replaceProvision':
    case 'deleteProvision':
      return describeProvision(op.path);
    case 'insertArticle':
      if (op.number !== undefined) return articleLabel(op.number);
      return op.after === null ? '第1条の前' : `${articleLabel(op.after)}の次`;
    case 'insertParagraph':
      return describeProvision({ article: op.article, paragraph: op.after ?? 1 });
    case 'insertItem':
      return describeProvision(op.parent);
    case 'renumberArticle':
      return articleLabel(op.from);
    case 'addMeasure':
      return measureLabel(op.measure.id);
    case 'reviseMeasure':
    case 'removeMeasure':
    case 'changeMeasureRole':
      return measureLabel(op.id);
    case 'replaceSupplementaryProvisions':
      return '附則';
  }
}

function requireArticle(doc: AgreementDocument, number: ProvisionNumber, fail: Fail): Article {
  const where = articleLabel(number);
  if (!isProvisionNumber(number)) fail(where, `条番号が不正です: ${where}（例: "3"、"3-2"）`);
  const article = doc.articles.find((a) => a.number === number);
  return article ?? fail(where, `${where}が見つかりません`);
}

function textSlots(doc: AgreementDocument, target: TextTarget, fail: Fail): TextSlot[] {
  const where = textTargetLabel(target);
  switch (target.kind) {
    case 'title':
      return [slotOf(doc, 'title')];
    case 'preamble':
      return [slotOf(doc, 'preamble')];
    case 'caption': {
      const article = requireArticle(doc, target.article, fail);
      if (article.deleted) fail(where, `${articleLabel(target.article)}は削除されています`);
      return [slotOf(article, 'caption')];
    }
    case 'supplementaryProvisions': {
      const paragraphs = doc.supplementaryProvisions.paragraphs;
      if (target.paragraph === undefined) return paragraphSlots(paragraphs);
      const paragraph = paragraphs.find((p) => p.number === target.paragraph);
      return paragraphSlots(paragraph ? [paragraph] : fail(where, `${where}が見つかりません`));
    }
    case 'provision': {
      const found = locateProvision(doc, target.path);
      if (!found.ok) return fail(where, describeLookupFailure(found));
      switch (found.level) {
        case 'article':
          if (found.article.deleted) fail(where, `${where}は削除されています`);
          return paragraphSlots(found.article.paragraphs);
        case 'paragraph':
          return paragraphSlots([found.paragraph]);
        case 'item':
          return itemSlots([found.item]);
        case 'subItem':
          return itemSlots([found.subItem]);
      }
    }
  }
}

/** Start offsets of the non-overlapping occurrences of `word`, leftmost first. */
function occurrencesIn(text: string, word: string): number[] {
  const offsets: number[] = [];
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) offsets.push(at);
  return offsets;
}

function replaceWords(doc: AgreementDocument, op: ReplaceWordsOperation, fail: Fail): void {
  const where = textTargetLabel(op.target);
  if (typeof op.from !== 'string' || op.from === '') fail(where, `${where}: 改める字句（from）が空です`);
  if (typeof op.to !== 'string') fail(where, `${where}: 改めた後の字句（to）が文字列ではありません`);
  if (op.from === op.to) fail(where, `${where}: 「${op.from}」を同じ字句に改めることはできません`);
  const slots = textSlots(doc, op.target, fail);
  const found = slots.flatMap((slot) =>
    occurrencesIn(slot.get(), op.from).map((offset) => ({ slot, offset })),
  );
  if (found.length === 0) fail(where, `${where}に「${op.from}」が見つかりません`);
  let chosen = found;
  if (op.occurrence === undefined) {
    if (found.length > 1) {
      fail(
        where,
        `${where}に「${op.from}」が${found.length}箇所あります。何番目を改めるか（occurrence）を指定してください`,
      );
    }
  } else if (op.occurrence !== 'all') {
    const n = op.occurrence;
    if (!Number.isInteger(n) || n < 1) fail(where, `${where}: occurrence は1以上の整数か "all" です（${n}）`);
    const one = found[n - 1];
    if (!one)
      fail(where, `${where}に「${op.from}」は${found.length}箇所しかありません（${n}番目が指定されました）`);
    chosen = [one];
  }
  // Right to left, so earlier offsets in the same text stay valid.
  for (const { slot, offset } of [...chosen].reverse()) {
    const text = slot.get();
    slot.set(text.slice(0, offset) + op.to + text.slice(offset + op.from.length));
  }
}

function replaceProvision(doc: AgreementDocument, op: ReplaceProvisionOperation, fail: Fail): void {
  const where = describeProvision(op.path);
  const found = locateProvision(doc, op.path);
  if (!found.ok) return fail(where, describeLookupFailure(found));
  const content = op.content;
  const expected = found.level === 'subItem' ? 'item' : found.level;
  if (content.level !== expected) {
    const names = { article: '条', paragraph: '項', item: '号' } as const;
    fail(where, `${where}を置き換えるには${names[expected]}の内容（level: '${expected}'）が必要です`);
  }
  switch (content.level) {
    case 'article':
      // Replacing a 「削除」 article revives it (第N条を次のように改める).
      found.article.caption = content.caption;
      found.article.paragraphs = clone(content.paragraphs);
      found.article.deleted = false;
      return;
    case 'paragraph':
      if (found.level === 'paragraph') {
        found.paragraph.text = content.text;
        found.paragraph.items = clone(content.items);
      }
      return;
    case 'item': {
      const item =
        found.level === 'subItem' ? found.subItem : found.level === 'item' ? found.item : undefined;
      if (item) {
        item.text = content.text;
        item.subItems = clone(content.subItems);
      }
      return;
    }
  }
}

/**
 * The number for a new sibling after `after` (`null`: at the start): `requested` if it fits, else
 * the next free number or a 枝番号.
 */
function numberForInsert(
  numbers: readonly ProvisionNumber[],
  after: ProvisionNumber | null,
  requested: ProvisionNumber | undefined,
  describe: (n: ProvisionNumber) => string,
  where: string,
  fail: Fail,
): { number: ProvisionNumber; index: number } {
  const index = after === null ? 0 : numbers.indexOf(after) + 1;
  if (after !== null && index === 0) fail(where, `${describe(after)}が見つかりません`);
  const before = numbers[index] ?? null;
  const between =
    (after === null ? '先頭' : `${describe(after)}の次`) +
    (before === null ? '' : `（${describe(before)}の前）`);
  if (requested === undefined) {
    const number = numberBetween(after, before);
    if (number === undefined) {
      fail(where, `${between}に付けられる番号がありません。先に後の番号を繰り下げてください`);
    }
    return { number, index };
  }
  if (!isProvisionNumber(requested)) fail(where, `番号「${requested}」が不正です（例: "3"、"3-2"）`);
  if (numbers.includes(requested)) fail(where, `${describe(requested)}は既にあります`);
  const fits =
    (after === null || compareProvisionNumbers(after, requested) < 0) &&
    (before === null || compareProvisionNumbers(requested, before) < 0);
  if (!fits) fail(where, `${describe(requested)}は${between}に置くと番号順になりません`);
  return { number: requested, index };
}

function insertArticle(doc: AgreementDocument, op: InsertArticleOperation, fail: Fail): void {
  const { number, index } = numberForInsert(
    doc.articles.map((a) => a.number),
    op.after,
    op.number,
    articleLabel,
    operationProvision(op),
    fail,
  );
  doc.articles.splice(index, 0, {
    number,
    caption: op.caption,
    paragraphs: clone(op.paragraphs),
    deleted: false,
  });
}

function renumberParagraphs(paragraphs: Paragraph[]): void {
  paragraphs.forEach((p, i) => (p.number = i + 1));
}

function insertParagraph(doc: AgreementDocument, op: InsertParagraphOperation, fail: Fail): void {
  const article = requireArticle(doc, op.article, fail);
  const where = articleLabel(op.article);
  if (article.deleted) fail(where, `${where}は削除されています。項を挿入するには条を置き換えてください`);
  const count = article.paragraphs.length;
  if (op.after !== null && !(Number.isInteger(op.after) && op.after >= 1 && op.after <= count)) {
    fail(
      describeProvision({ article: op.article, paragraph: op.after }),
      `${where}第${op.after}項が見つかりません（${where}は第${count}項までです）`,
    );
  }
  // 項 take no 枝番号: the later paragraphs move down by one.
  article.paragraphs.splice(op.after ?? 0, 0, { number: 0, text: op.text, items: clone(op.items) });
  renumberParagraphs(article.paragraphs);
}

function insertItem(doc: AgreementDocument, op: InsertItemOperation, fail: Fail): void {
  const where = describeProvision(op.parent);
  if (op.parent.paragraph === undefined || op.parent.subItem !== undefined) {
    fail(where, `${where}: 号は項に、号の細分は号に挿入します（parent には項又は号を指定してください）`);
  }
  const found = locateProvision(doc, op.parent);
  if (!found.ok) return fail(where, describeLookupFailure(found));
  const siblings =
    found.level === 'paragraph' ? found.paragraph.items : found.level === 'item' ? found.item.subItems : [];
  // A 項 or 号 deleted in place (「２ 削除」) has nothing to add a 号 to, as a deleted article has no 項.
  const parentText =
    found.level === 'paragraph' ? found.paragraph.text : found.level === 'item' ? found.item.text : '';
  if (parentText === DELETED_PROVISION_TEXT && siblings.length === 0) {
    const unit = found.level === 'item' ? '号の細分' : '号';
    fail(where, `${where}は削除されています。${unit}を挿入するには${where}を置き換えてください`);
  }
  const describe = (n: ProvisionNumber): string =>
    describeProvision(found.level === 'item' ? { ...op.parent, subItem: n } : { ...op.parent, item: n });
  const { number, index } = numberForInsert(
    siblings.map((i) => i.number),
    op.after,
    op.number,
    describe,
    where,
    fail,
  );
  siblings.splice(index, 0, { number, text: op.text, subItems: clone(op.subItems) });
}

/**
 * Closes the gap a removed sibling left at `index`: every later one takes the number before it
 * (第6条 → 第5条). Refused where a 枝番号 makes the new numbers ambiguous.
 */
function closeUp(
  siblings: { number: ProvisionNumber }[],
  removed: ProvisionNumber,
  index: number,
  describe: (n: ProvisionNumber) => string,
  where: string,
  unit: string,
  fail: Fail,
): void {
  const later = siblings.slice(index);
  const branched = [removed, ...later.map((s) => s.number)].find((n) => !/^\d+$/.test(n));
  if (branched !== undefined) {
    fail(
      where,
      `${where}を削って後の${unit}を繰り上げることはできません: ${describe(branched)}に枝番号があり、繰り上げた番号が定まりません。` +
        '繰り上げずに削るか（renumberFollowing: false）、「削除」として番号を残してください（leaveDeletedMarker: true）',
    );
  }
  for (const sibling of later) sibling.number = String(Number(sibling.number) - 1);
}

function deleteProvision(doc: AgreementDocument, op: DeleteProvisionOperation, fail: Fail): void {
  const where = describeProvision(op.path);
  const found = locateProvision(doc, op.path);
  if (!found.ok) return fail(where, describeLookupFailure(found));
  if (op.leaveDeletedMarker && op.renumberFollowing === true) {
    fail(
      where,
      `${where}: 「削除」として番号を残す場合（leaveDeletedMarker: true）は後の番号を繰り上げられません`,
    );
  }
  switch (found.level) {
    case 'article': {
      if (op.leaveDeletedMarker) {
        if (found.article.deleted) fail(where, `${where}は既に削除されています`);
        Object.assign(found.article, { caption: '', paragraphs: [], deleted: true });
      } else {
        const index = doc.articles.indexOf(found.article);
        doc.articles.splice(index, 1);
        if (op.renumberFollowing === true) {
          closeUp(doc.articles, found.article.number, index, articleLabel, where, '条', fail);
        }
      }
      return;
    }
    case 'paragraph': {
      const paragraphs = found.article.paragraphs;
      if (op.leaveDeletedMarker) {
        // 「２ 削除」 (U+3000 between): a paragraph keeps its number and says 削除.
        if (found.paragraph.text === DELETED_PROVISION_TEXT && found.paragraph.items.length === 0) {
          fail(where, `${where}は既に削除されています`);
        }
        Object.assign(found.paragraph, { text: DELETED_PROVISION_TEXT, items: [] });
        return;
      }
      if (op.renumberFollowing === false) {
        fail(
          where,
          `${where}: 項には枝番号がなく、削ると後の項は常に繰り上がります。番号を残すには「削除」としてください（leaveDeletedMarker: true）`,
        );
      }
      if (paragraphs.length === 1) {
        fail(
          where,
          `${where}を削ると${articleLabel(found.article.number)}に項がなくなります。条を削除してください`,
        );
      }
      paragraphs.splice(paragraphs.indexOf(found.paragraph), 1);
      renumberParagraphs(paragraphs);
      return;
    }
    case 'item':
    case 'subItem': {
      const item = found.level === 'item' ? found.item : found.subItem;
      const siblings = found.level === 'item' ? found.paragraph.items : found.item.subItems;
      if (op.leaveDeletedMarker) {
        if (item.text === DELETED_PROVISION_TEXT && item.subItems.length === 0)
          fail(where, `${where}は既に削除されています`);
        Object.assign(item, { text: DELETED_PROVISION_TEXT, subItems: [] });
      } else {
        // Unless asked to renumber, later items keep their numbers (as stored operations meant).
        const index = siblings.indexOf(item);
        siblings.splice(index, 1);
        if (op.renumberFollowing === true) {
          const sibling = (n: ProvisionNumber): string =>
            describeProvision(found.level === 'item' ? { ...op.path, item: n } : { ...op.path, subItem: n });
          closeUp(siblings, item.number, index, sibling, where, found.level === 'item' ? '号' : '細分', fail);
        }
      }
      return;
    }
  }
}

function renumberArticle(doc: AgreementDocument, op: RenumberArticleOperation, fail: Fail): void {
  const article = requireArticle(doc, op.from, fail);
  const where = articleLabel(op.from);
  if (!isProvisionNumber(op.to))
    fail(where, `${where}の新しい条番号「${op.to}」が不正です（例: "7"、"3-2"）`);
  const target = articleLabel(op.to);
  if (op.to === op.from) fail(where, `${where}を${target}とする必要はありません（同じ番号です）`);
  if (doc.articles.some((a) => a.number === op.to))
    fail(where, `${where}を${target}とすることはできません（${target}は既にあります）`);
  const index = doc.articles.indexOf(article);
  const previous = doc.articles[index - 1];
  const next = doc.articles[index + 1];
  if (previous && compareProvisionNumbers(previous.number, op.to) >= 0) {
    fail(
      where,
      `${where}を${target}とすると${articleLabel(previous.number)}より前の番号になり、条の順序が変わります`,
    );
  }
  if (next && compareProvisionNumbers(op.to, next.number) >= 0) {
    fail(
      where,
      `${where}を${target}とすると${articleLabel(next.number)}より後の番号になり、条の順序が変わります`,
    );
  }
  article.number = op.to;
}

function requireMeasure(doc: AgreementDocument, id: string, fail: Fail): Measure {
  return (
    doc.measures.find((m) => m.id === id) ?? fail(measureLabel(id), `${measureLabel(id)}が見つかりません`)
  );
}

function addMeasure(doc: AgreementDocument, op: AddMeasureOperation, fail: Fail): void {
  const where = measureLabel(op.measure.id);
  const problems = validateMeasure(op.measure);
  if (problems.length > 0) fail(where, problems.join('。'));
  if (doc.measures.some((m) => m.id === op.measure.id)) fail(where, `${where}は既にあります`);
  let index: number;
  if (op.after === null) {
    index = 0;
  } else if (op.after !== undefined) {
    index = doc.measures.findIndex((m) => m.id === op.after) + 1;
    if (index === 0) fail(where, `${measureLabel(op.after)}が見つかりません`);
  } else {
    // After the last measure of the same or an earlier category, so the ①②③ groups stay together.
    const rank = MEASURE_CATEGORIES.indexOf(op.measure.category);
    index = doc.measures.findLastIndex((m) => MEASURE_CATEGORIES.indexOf(m.category) <= rank) + 1;
  }
  doc.measures.splice(index, 0, clone(op.measure));
}

function reviseMeasure(doc: AgreementDocument, op: ReviseMeasureOperation, fail: Fail): void {
  const measure = requireMeasure(doc, op.id, fail);
  const where = measureLabel(op.id);
  const { name, content, category } = op.changes;
  if (name === undefined && content === undefined && category === undefined) {
    fail(where, `${where}: 変更する項目（施策名・取組内容・区分）がありません`);
  }
  if (category !== undefined && !isMeasureCategory(category)) {
    fail(
      where,
      `${where}: 区分「${String(category)}」は不明です（${MEASURE_CATEGORIES.join('、')}のいずれか）`,
    );
  }
  // A change to the value it already has means the amendment was drafted against another version.
  if (name !== undefined && name === measure.name) fail(where, `${where}の施策名は既に「${name}」です`);
  if (content !== undefined && content === measure.content)
    fail(where, `${where}の取組内容は既に「${content}」です`);
  if (category !== undefined && category === measure.category) {
    fail(where, `${where}の区分は既に「${measureCategoryLabel(category)}」です`);
  }
  if (name !== undefined) measure.name = name;
  if (content !== undefined) measure.content = content;
  if (category !== undefined) measure.category = category;
}

function removeMeasure(doc: AgreementDocument, op: RemoveMeasureOperation, fail: Fail): void {
  const measure = requireMeasure(doc, op.id, fail);
  doc.measures.splice(doc.measures.indexOf(measure), 1);
}

function changeMeasureRole(doc: AgreementDocument, op: ChangeMeasureRoleOperation, fail: Fail): void {
  const measure = requireMeasure(doc, op.id, fail);
  const where = measureLabel(op.id);
  if (op.party !== 'core' && op.party !== 'partner') {
    fail(where, `${where}: 当事者は 'core'（甲）又は 'partner'（乙）です（${String(op.party)}）`);
  }
  const party = op.party === 'core' ? '甲' : '乙';
  if (measure.roles[op.party] === op.role)
    fail(where, `${where}の${party}の役割分担は既に「${op.role}」です`);
  measure.roles[op.party] = op.role;
}

function applyOne(doc: AgreementDocument, op: AmendmentOperation, fail: Fail): void {
  switch (op.op) {
    case 'replaceWords':
      return replaceWords(doc, op, fail);
    case 'replaceProvision':
      return replaceProvision(doc, op, fail);
    case 'insertArticle':
      return insertArticle(doc, op, fail);
    case 'insertParagraph':
      return insertParagraph(doc, op, fail);
    case 'insertItem':
      return insertItem(doc, op, fail);
    case 'deleteProvision':
      return deleteProvision(doc, op, fail);
    case 'renumberArticle':
      return renumberArticle(doc, op, fail);
    case 'addMeasure':
      return addMeasure(doc, op, fail);
    case 'reviseMeasure':
      return reviseMeasure(doc, op, fail);
    case 'removeMeasure':
      return removeMeasure(doc, op, fail);
    case 'changeMeasureRole':
      return changeMeasureRole(doc, op, fail);
    case 'replaceSupplementaryProvisions':
      doc.supplementaryProvisions = clone(op.supplementaryProvisions);
      return;
    default: {
      // Operations come from stored JSON, so an unknown `op` is possible at run time.
      const unknown: unknown = (op as { op: unknown }).op;
      return fail('', `不明な改正操作です: ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * Applies `operations` in order to `document` and returns the new version (version n → n+1).
 * Pure: the input and the operations are never mutated, and the result shares no objects with
 * them. Each operation is checked against the text as the previous ones left it; the first that
 * does not fit — or that would leave a structural problem {@link validateDocument} reports and the
 * text did not have before — throws an {@link AmendmentError}.
 */
export function applyAmendment(
  document: AgreementDocument,
  operations: readonly AmendmentOperation[],
): AgreementDocument {
  const draft = clone(document);
  let known = new Set(validateDocument(draft));
  operations.forEach((op, operationIndex) => {
    const fail: Fail = (provision, message) => {
      throw new AmendmentError(message, operationIndex, provision);
    };
    const provision = operationProvision(op);
    applyOne(draft, op, fail);
    const problems = validateDocument(draft);
    const introduced = problems.filter((p) => !known.has(p));
    if (introduced.length > 0)
      fail(provision, `改正後の${provision}に問題があります: ${introduced.join('。')}`);
    known = new Set(problems);
  });
  return draft;
}

/**
 * 改め文: the text of an amending agreement (「…の一部を変更する連携協約」) generated from the old
 * version and the list of amendment operations, in the standard phrasing:
 *
 * - 第三条中「A」を「B」に改める。 (several in one provision: 「A」を「B」に、「C」を「D」に改める;
 *   in another paragraph of the same article: …に改め、同条第二項中「E」を削る);
 *   「A」を削る; 「A」の次に「X」を加える (縦書き 'kanji': の下に) where the change only adds words;
 * - 第五条を次のように改める。 + the new text; 第二条第二項を削る。; 第五条を削る。;
 * - 第三条の次に次の一条を加える。 + the text (several in a row: 次の二条を加える);
 * - 第六条を第七条とし、第五条の次に次の一条を加える。 where the operations renumber to make room;
 * - 項 renumber themselves: 第三条第二項を削り、同条第三項を同条第二項とする。 /
 *   第三条第二項を同条第三項とし、同条第一項の次に次の一項を加える。;
 * - 号: 第三条第一項第二号の次に次の一号を加える。 (第三条第二号 when the article has one 項);
 * - the measures table: 別表を次のように改める。 + the new table (one sentence for all measure operations);
 * - 附則 of the old version: 附則を次のように改める。 + the new 附則;
 * then the 附則 of the amending agreement: 「この協約は、令和○年○月○日から施行する。」.
 *
 * Order: from the first provision to the last (題名, 前文, articles, 別表, 附則), each sentence citing
 * provisions by their numbers at that point of the reading. A sentence that picks one of several
 * occurrences of a word quotes the word with enough context to be unique in the narrowest provision,
 * or, when none is, rewrites that provision (…を次のように改める).
 *
 * Correct by construction and checked: the sentences are replayed, in the order printed, as
 * operations on the old version, and must give exactly applyAmendment(old, operations). When the
 * front-to-back order would not (an operation depending on one further back), the order of the
 * operations is kept instead.
 */
import { AmendmentError, applyAmendment, type AmendmentOperation, type TextTarget } from '../amendment';
import type {
  AgreementDocument,
  Article,
  Item,
  Measure,
  Paragraph,
  ProvisionNumber,
  ProvisionPath,
} from '../document.model';
import { isLegalDate, toWareki, type LegalDate } from '../legal-date';
import { isProvisionNumber, parseProvisionNumber } from '../numbering';
import { renderDocument, renderNumeral, type RenderStyle } from '../render';
import { articleLabel, itemUnitLabel, paragraphUnitLabel } from './labels';
import { tokenize, type Token } from './tokenize';

export interface AmendingTextOptions {
  /** 施行日 of the amendment, written in 和暦 in the 附則 (kanji numerals in the kanji style). */
  effectiveOn: LegalDate;
  /** `'municipal'` (default): 第3条, 次の1条; `'kanji'`: 第三条, 次の一条. */
  style?: RenderStyle;
}

/** What a sentence amends, on the old and the new side (for checking against a comparison). */
export type AmendedPart =
  | { kind: 'title' }
  | { kind: 'preamble' }
  /** `old`: its number in the old version (absent for an article the amendment adds);
   *  `new`: in the new version (absent for one it removes). */
  | { kind: 'article'; old?: ProvisionNumber; new?: ProvisionNumber }
  | { kind: 'measures' }
  | { kind: 'supplementaryProvisions' };

export interface AmendingSentence {
  /** The sentence: 第三条中「A」を「B」に改める。 */
  text: string;
  /** The sentence (indented) and the provision text that follows it, if any. */
  lines: string[];
  /** Indexes of the operations it carries out (each operation is in exactly one sentence). */
  operations: number[];
  parts: AmendedPart[];
}

export interface AmendingText {
  /** 「{題名}の一部を変更する連携協約」. */
  title: string;
  /** Title, the enacting sentence, the sentences with their texts, then 附則. */
  lines: string[];
  /** `lines` joined with line breaks, ending with one. */
  text: string;
  sentences: AmendingSentence[];
}

const SPACE = '\u3000';
const MAX = Number.MAX_SAFE_INTEGER;

// ——— tracing the operations ———

interface Step {
  index: number;
  op: AmendmentOperation;
  before: AgreementDocument;
  after: AgreementDocument;
  /** Identity of each article (parallel to `articles`): `o:<old number>`, or `n:<op index>` if added. */
  idsBefore: string[];
  idsAfter: string[];
}

function traceSteps(oldDoc: AgreementDocument, operations: readonly AmendmentOperation[]): Step[] {
  const steps: Step[] = [];
  let doc = oldDoc;
  let ids = oldDoc.articles.map((a) => `o:${a.number}`);
  operations.forEach((op, index) => {
    const after = applyAmendment(doc, [op]);
    const byNumber = new Map(doc.articles.map((a, i) => [a.number, ids[i] ?? '']));
    const idsAfter = after.articles.map((a) => {
      if (op.op === 'renumberArticle' && a.number === op.to) return byNumber.get(op.from) ?? `n:${index}`;
      return byNumber.get(a.number) ?? `n:${index}`;
    });
    steps.push({ index, op, before: doc, after, idsBefore: ids, idsAfter });
    doc = after;
    ids = idsAfter;
  });
  return steps;
}

function idOf(doc: AgreementDocument, ids: readonly string[], number: ProvisionNumber): string | undefined {
  const index = doc.articles.findIndex((a) => a.number === number);
  return index < 0 ? undefined : ids[index];
}

/** The article an operation concerns (for insertArticle: the article it adds). */
function articleIdentity(step: Step): string | undefined {
  const { op, before, idsBefore } = step;
  switch (op.op) {
    case 'replaceWords':
      if (op.target.kind === 'provision') return idOf(before, idsBefore, op.target.path.article);
      if (op.target.kind === 'caption') return idOf(before, idsBefore, op.target.article);
      return undefined;
    case 'replaceProvision':
    case 'deleteProvision':
      return idOf(before, idsBefore, op.path.article);
    case 'insertParagraph':
      return idOf(before, idsBefore, op.article);
    case 'insertItem':
      return idOf(before, idsBefore, op.parent.article);
    case 'renumberArticle':
      return idOf(before, idsBefore, op.from);
    case 'insertArticle':
      return step.idsAfter.find((id) => !step.idsBefore.includes(id));
    case 'addMeasure':
    case 'reviseMeasure':
    case 'removeMeasure':
    case 'changeMeasureRole':
    case 'replaceSupplementaryProvisions':
      return undefined;
  }
}

type Part = 'title' | 'preamble' | 'articles' | 'measures' | 'supplementary';
const PART_RANK: Readonly<Record<Part, number>> = {
  title: 0,
  preamble: 1,
  articles: 2,
  measures: 3,
  supplementary: 4,
};

function partOf(op: AmendmentOperation): Part {
  switch (op.op) {
    case 'replaceWords':
      switch (op.target.kind) {
        case 'title':
          return 'title';
        case 'preamble':
          return 'preamble';
        case 'supplementaryProvisions':
          return 'supplementary';
        case 'provision':
        case 'caption':
          return 'articles';
      }
      return 'articles';
    case 'addMeasure':
    case 'reviseMeasure':
    case 'removeMeasure':
    case 'changeMeasureRole':
      return 'measures';
    case 'replaceSupplementaryProvisions':
      return 'supplementary';
    case 'replaceProvision':
    case 'insertArticle':
    case 'insertParagraph':
    case 'insertItem':
    case 'deleteProvision':
    case 'renumberArticle':
      return 'articles';
  }
}

/**
 * Every article identity in one order consistent with every version: old articles in their order,
 * each added one right after its predecessor (and after articles removed there before it).
 */
function identityOrder(oldIds: readonly string[], steps: readonly Step[]): Map<string, number> {
  const order = [...oldIds];
  for (const step of steps) {
    if (step.op.op !== 'insertArticle') continue;
    const added = articleIdentity(step);
    if (added === undefined) continue;
    const position = step.idsAfter.indexOf(added);
    const predecessor = step.idsAfter[position - 1];
    let at = predecessor === undefined ? 0 : order.indexOf(predecessor) + 1;
    while (at < order.length && !step.idsAfter.includes(order[at] ?? '')) at++;
    order.splice(at, 0, added);
  }
  return new Map(order.map((id, index) => [id, index]));
}

function itemKey(number: ProvisionNumber): number[] {
  return isProvisionNumber(number) ? parseProvisionNumber(number) : [0];
}

function pathKey(path: ProvisionPath): number[] {
  if (path.paragraph === undefined) return [0];
  const key = [path.paragraph];
  if (path.item !== undefined) key.push(...itemKey(path.item));
  if (path.subItem !== undefined) key.push(0, ...itemKey(path.subItem));
  return key;
}

/** Where inside its article an operation acts, for ordering within an article. */
function positionInArticle(op: AmendmentOperation): number[] {
  switch (op.op) {
    case 'replaceWords':
      return op.target.kind === 'provision' ? pathKey(op.target.path) : [-1];
    case 'replaceProvision':
    case 'deleteProvision':
      return pathKey(op.path);
    case 'insertParagraph':
      return [op.after ?? 0, MAX];
    case 'insertItem': {
      const parent = pathKey(op.parent);
      const tail = op.after === null ? [0] : [...itemKey(op.after), 0, MAX];
      return op.parent.item === undefined ? [...parent, ...tail] : [...parent, 0, ...tail];
    }
    case 'renumberArticle':
    case 'insertArticle':
    case 'addMeasure':
    case 'reviseMeasure':
    case 'removeMeasure':
    case 'changeMeasureRole':
    case 'replaceSupplementaryProvisions':
      return [0];
  }
}

interface Unit {
  part: Part;
  steps: Step[];
  identities: string[];
  slot: number;
  sub: number[];
  first: number;
}

const isMeasureOp = (op: AmendmentOperation): boolean => partOf(op) === 'measures';

/**
 * Operations that belong together: a run of renumberings with the insertion they make room for
 * (第六条を第七条とし、第五条の次に…), insertions one after the other (次の二条を加える), and all
 * changes of the measures table (別表を次のように改める). Everything else is a unit of its own.
 */
function formUnits(steps: readonly Step[], slots: ReadonlyMap<string, number>): Unit[] {
  const units: Unit[] = [];
  let measures: Unit | undefined;
  const slotOf = (id: string | undefined): number => (id === undefined ? MAX : (slots.get(id) ?? MAX));
  let i = 0;
  while (i < steps.length) {
    const step = steps[i];
    if (!step) break;
    if (isMeasureOp(step.op)) {
      if (measures) measures.steps.push(step);
      else {
        measures = { part: 'measures', steps: [step], identities: [], slot: 0, sub: [0], first: step.index };
        units.push(measures);
      }
      i++;
      continue;
    }
    const group: Step[] = [step];
    let j = i + 1;
    if (step.op.op === 'renumberArticle') {
      while (steps[j]?.op.op === 'renumberArticle') {
        const next = steps[j];
        if (next) group.push(next);
        j++;
      }
      const insert = steps[j];
      const renumbered = group.map((s) => slotOf(articleIdentity(s)));
      if (insert?.op.op === 'insertArticle' && slotOf(articleIdentity(insert)) < Math.min(...renumbered)) {
        group.push(insert);
        j++;
      }
    }
    let last = group[group.length - 1];
    while (last && last.op.op === 'insertArticle') {
      const lastAdded = articleIdentity(last);
      const next = steps[j];
      if (!next || next.op.op !== 'insertArticle') break;
      const position = next.idsAfter.indexOf(articleIdentity(next) ?? '');
      if (lastAdded === undefined || next.idsAfter[position - 1] !== lastAdded) break;
      group.push(next);
      j++;
      last = next;
    }
    const identities = group.map(articleIdentity).filter((id): id is string => id !== undefined);
    units.push({
      part: partOf(step.op),
      steps: group,
      identities,
      slot: identities.length === 0 ? 0 : Math.min(...identities.map(slotOf)),
      sub: group.length === 1 ? positionInArticle(step.op) : [0],
      first: step.index,
    });
    i = j;
  }
  return units;
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

// ——— sentences ———

type Verb = 'aratameru' | 'kezuru' | 'kuwaeru' | 'suru';
const VERBS: Readonly<Record<Verb, [string, string]>> = {
  aratameru: ['改め', '改める'],
  kezuru: ['削り', '削る'],
  kuwaeru: ['加え', '加える'],
  suru: ['し', 'する'],
};

/** A cited provision: `scope` groups citations that 「同条」 can refer back to (an article). */
interface Citation {
  head: string;
  tail: string;
  scope?: string;
}

interface Clause {
  citation?: Citation;
  /** After the citation (and after 中 for words): 「A」を「B」に / を次のように / の次に次の一条を. */
  body: string;
  verb: Verb;
  /** A replacement of words: consecutive ones in one provision share their verb. */
  words: boolean;
  /** Words: the citation is followed by 中. */
  within: boolean;
  lines: string[];
}

interface Sentence {
  clauses: Clause[];
  operations: number[];
  parts: AmendedPart[];
  /** Sentences of words on the same scope may be joined. */
  joinKey?: string;
}

function citationText(citation: Citation, previous: Citation | undefined): string {
  if (previous && previous.scope !== undefined && previous.scope === citation.scope) {
    if (previous.head === citation.head && previous.tail === citation.tail) return '';
    return `同条${citation.tail}`;
  }
  if (previous && previous.scope === undefined && citation.scope === undefined) {
    if (previous.head === citation.head && previous.tail === citation.tail) return '';
  }
  return citation.head + citation.tail;
}

function sentenceText(clauses: readonly Clause[]): string {
  let previous: Citation | undefined;
  const cited = clauses.map((clause) => {
    const text = clause.citation ? citationText(clause.citation, previous) : '';
    if (clause.citation) previous = clause.citation;
    return text;
  });
  const phrases = clauses.map((clause, i) => {
    const citation = cited[i] ?? '';
    const head = citation === '' ? '' : citation + (clause.within ? '中' : '');
    const last = i === clauses.length - 1;
    const next = clauses[i + 1];
    // 「A」を「B」に、「C」を「D」に改める: replacements in one provision share the verb.
    const sharesVerb =
      !last &&
      clause.words &&
      clause.verb === 'aratameru' &&
      next?.words === true &&
      next.verb === 'aratameru' &&
      (cited[i + 1] ?? '') === '';
    const verb = sharesVerb ? '' : VERBS[clause.verb][last ? 1 : 0];
    return head + clause.body + verb;
  });
  return `${phrases.join('、')}。`;
}

// ——— rendering fragments with the library's own renderer ———

function renderFragment(parts: Partial<AgreementDocument>, style: RenderStyle): string[] {
  const doc: AgreementDocument = {
    title: '',
    preamble: '',
    articles: [],
    measures: [],
    appendices: [],
    supplementaryProvisions: { paragraphs: [] },
    ...parts,
  };
  const text = renderDocument(doc, style);
  return text === '\n' ? [] : text.replace(/\n$/, '').split('\n');
}

function articleLines(article: Article, style: RenderStyle): string[] {
  return renderFragment({ articles: [article] }, style);
}

const PLACEHOLDER = '＿';

/** A paragraph as it stands in its article: 「２ …」, the first one as 「第3条 …」 (U+3000 between). */
function paragraphLines(articleNumber: ProvisionNumber, paragraph: Paragraph, style: RenderStyle): string[] {
  if (paragraph.number === 1) {
    return articleLines(
      { number: articleNumber, caption: '', paragraphs: [paragraph], deleted: false },
      style,
    );
  }
  const first: Paragraph = { number: 1, text: PLACEHOLDER, items: [] };
  return articleLines(
    { number: articleNumber, caption: '', paragraphs: [first, paragraph], deleted: false },
    style,
  ).slice(1);
}

/** An item (depth 0) or sub-item (depth 1) as it stands, indented. */
function itemLines(item: Item, parentItem: ProvisionNumber | undefined, style: RenderStyle): string[] {
  const items: Item[] =
    parentItem === undefined ? [item] : [{ number: parentItem, text: PLACEHOLDER, subItems: [item] }];
  const lines = articleLines(
    { number: '1', caption: '', paragraphs: [{ number: 1, text: PLACEHOLDER, items }], deleted: false },
    style,
  );
  return lines.slice(parentItem === undefined ? 1 : 2);
}

function measuresLines(measures: Measure[], style: RenderStyle): string[] {
  return renderFragment({ measures }, style);
}

function supplementaryLines(doc: AgreementDocument, style: RenderStyle): string[] {
  return renderFragment({ supplementaryProvisions: doc.supplementaryProvisions }, style);
}

// ——— reading: numbers as they stand at each point of the text ———

class OrderRejected extends Error {}

interface Reading {
  style: RenderStyle;
  /** The document as the sentences read so far leave it. */
  doc: AgreementDocument;
  /** Current number of each article identity. */
  numbers: Map<string, ProvisionNumber>;
}

/** The current number of the article that `step` calls `number`. */
function currentNumber(reading: Reading, step: Step, number: ProvisionNumber): ProvisionNumber {
  const id = idOf(step.before, step.idsBefore, number);
  const current = id === undefined ? undefined : reading.numbers.get(id);
  if (current === undefined) throw new OrderRejected();
  return current;
}

function findArticle(doc: AgreementDocument, number: ProvisionNumber): Article {
  const article = doc.articles.find((a) => a.number === number);
  if (!article) throw new OrderRejected();
  return article;
}

function articleCitation(number: ProvisionNumber, style: RenderStyle): Citation {
  return { head: articleLabel(number, style), tail: '', scope: `article:${number}` };
}

/**
 * 第3条第2項第1号ア. `short`: the 項 of an article with a single 項 is left out (第3条第1号, and
 * 第3条 for its only 項), as such provisions are cited.
 */
function provisionCitation(
  doc: AgreementDocument,
  path: ProvisionPath,
  style: RenderStyle,
  short: boolean,
): Citation {
  const citation = articleCitation(path.article, style);
  if (path.paragraph === undefined) return citation;
  const single = short && findArticle(doc, path.article).paragraphs.length === 1;
  let tail = single ? '' : paragraphUnitLabel(path.paragraph, style);
  if (path.item !== undefined) tail += itemUnitLabel(path.item, 0, style);
  if (path.subItem !== undefined) tail += itemUnitLabel(path.subItem, 1, style);
  return { ...citation, tail };
}

/** applyAmendment, where a failure means the reading order does not work. */
function applied(doc: AgreementDocument, op: AmendmentOperation): AgreementDocument {
  try {
    return applyAmendment(doc, [op]);
  } catch (error) {
    if (error instanceof AmendmentError) throw new OrderRejected();
    throw error;
  }
}

function apply(reading: Reading, op: AmendmentOperation): void {
  reading.doc = applied(reading.doc, op);
}

// ——— words: 「A」を「B」に改める ———

interface TextSlot {
  text: string;
  /** The narrowest target that can cite this text. */
  owner: TextTarget;
}

function itemSlots(items: readonly Item[], owner: (item: Item) => TextTarget): TextSlot[] {
  return items.flatMap((item) => [
    { text: item.text, owner: owner(item) },
    ...itemSlots(item.subItems, () => owner(item)),
  ]);
}

function paragraphSlots(article: ProvisionNumber, paragraphs: readonly Paragraph[]): TextSlot[] {
  return paragraphs.flatMap((p) => {
    const path = { article, paragraph: p.number };
    return [
      { text: p.text, owner: { kind: 'provision' as const, path } },
      ...p.items.flatMap((item) => [
        { text: item.text, owner: { kind: 'provision' as const, path: { ...path, item: item.number } } },
        ...itemSlots(item.subItems, (sub) => ({
          kind: 'provision' as const,
          path: { ...path, item: item.number, subItem: sub.number },
        })),
      ]),
    ];
  });
}

/** The texts a target covers, in the order replaceWords reads them. */
function slotsOf(doc: AgreementDocument, target: TextTarget): TextSlot[] {
  switch (target.kind) {
    case 'title':
      return [{ text: doc.title, owner: target }];
    case 'preamble':
      return [{ text: doc.preamble, owner: target }];
    case 'caption':
      return [{ text: findArticle(doc, target.article).caption, owner: target }];
    case 'supplementaryProvisions': {
      const paragraphs = doc.supplementaryProvisions.paragraphs.filter(
        (p) => target.paragraph === undefined || p.number === target.paragraph,
      );
      return paragraphs.flatMap((p) => {
        const owner: TextTarget = { kind: 'supplementaryProvisions', paragraph: p.number };
        return [{ text: p.text, owner }, ...itemSlots(p.items, () => owner)];
      });
    }
    case 'provision': {
      const { path } = target;
      const article = findArticle(doc, path.article);
      const all = paragraphSlots(article.number, article.paragraphs);
      return all.filter((slot) => slot.owner.kind === 'provision' && within(slot.owner.path, path));
    }
  }
}

/** Whether `inner` is `outer` or inside it. */
function within(inner: ProvisionPath, outer: ProvisionPath): boolean {
  return (
    inner.article === outer.article &&
    (outer.paragraph === undefined || inner.paragraph === outer.paragraph) &&
    (outer.item === undefined || inner.item === outer.item) &&
    (outer.subItem === undefined || inner.subItem === outer.subItem)
  );
}

/** Non-overlapping occurrences, leftmost first (as replaceWords counts them). */
function occurrencesIn(text: string, word: string): number[] {
  const offsets: number[] = [];
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) offsets.push(at);
  return offsets;
}

/** Every position where `word` starts, overlapping ones included. */
function countEverywhere(slots: readonly TextSlot[], word: string): number {
  let count = 0;
  for (const slot of slots) {
    for (let at = slot.text.indexOf(word); at >= 0; at = slot.text.indexOf(word, at + 1)) count++;
  }
  return count;
}

interface Span {
  left: number;
  right: number;
}

interface PlacedToken extends Token {
  start: number;
  end: number;
}

function placedTokens(text: string): PlacedToken[] {
  let at = 0;
  return tokenize(text).map((token) => {
    const placed = { ...token, start: at, end: at + token.text.length };
    at = placed.end;
    return placed;
  });
}

/** Kanji and kana runs can hold several words, so a quotation may start or end inside them. */
const isWordRun = (token: Token): boolean => token.kind === 'kanji' || token.kind === 'hiragana';

/**
 * [offset, offset + length) widened to whole tokens where it cuts a number with its unit, a date, a
 * reference, a quoted phrase or a katakana or latin word (「500円」, never 「5」).
 */
function wholeTokenSpan(tokens: readonly PlacedToken[], offset: number, length: number): Span {
  let left = offset;
  let right = offset + length;
  for (const token of tokens) {
    if (isWordRun(token)) continue;
    if (token.start < left && left < token.end) left = token.start;
    if (token.start < right && right < token.end) right = token.end;
  }
  return { left, right };
}

/** How many characters of context a quotation may take on each side before the provision is rewritten. */
const MAX_CONTEXT = 24;

/**
 * The shortest phrase around `base` that occurs exactly once in `coverage`. Context may be cut
 * between tokens or inside a kanji or kana run (those can hold several words), never inside a
 * number, date, reference or quotation. Shorter wins, with penalties for cuts a drafter would not
 * make: +3 where a cut separates kanji from the kana that follow them (び of 及び, 定 of 定める), +1
 * for a cut inside a run, +1 for an end on punctuation; on a tie, less context on the left.
 */
function uniquePhrase(text: string, base: Span, coverage: readonly TextSlot[]): Span | undefined {
  const tokens = placedTokens(text);
  const cuts = new Set<number>([0, text.length]);
  for (const token of tokens) {
    cuts.add(token.start);
    if (isWordRun(token)) for (let at = token.start + 1; at < token.end; at++) cuts.add(at);
  }
  const insideRun = (at: number): boolean => tokens.some((t) => t.start < at && at < t.end);
  const kind = (at: number): Token['kind'] | undefined =>
    tokens.find((t) => t.start <= at && at < t.end)?.kind;
  const penalty = (at: number, edge: number): number => {
    let score = 0;
    if (kind(at - 1) === 'kanji' && kind(at) === 'hiragana') score += 3;
    else if (insideRun(at)) score += 1;
    if (kind(edge) === 'punctuation') score += 1;
    return score;
  };
  const lefts = [...cuts].filter((c) => c <= base.left && c >= base.left - MAX_CONTEXT).sort((a, b) => b - a);
  const rights = [...cuts]
    .filter((c) => c >= base.right && c <= base.right + MAX_CONTEXT)
    .sort((a, b) => a - b);
  let best: { span: Span; score: number; extra: number } | undefined;
  for (const left of lefts) {
    for (const right of rights) {
      const phrase = text.slice(left, right);
      if (phrase === '' || countEverywhere(coverage, phrase) !== 1) continue;
      const score =
        [...phrase].length +
        (left < base.left ? penalty(left, left) : 0) +
        (right > base.right ? penalty(right, right - 1) : 0);
      const extra = base.left - left;
      if (!best || score < best.score || (score === best.score && extra < best.extra)) {
        best = { span: { left, right }, score, extra };
      }
    }
  }
  if (best) return best.span;
  // Last resort: the whole text of the provision, if no other text in it is the same.
  return countEverywhere(coverage, text) === 1 ? { left: 0, right: text.length } : undefined;
}

type WordsPlan =
  | { kind: 'words'; target: TextTarget; from: string; to: string; all: boolean }
  | { kind: 'rewrite'; target: TextTarget };

/** Replacing [offset, offset + fromLength) of `text` by `to`, quoted as `span`. */
function wordsAt(
  target: TextTarget,
  text: string,
  offset: number,
  fromLength: number,
  to: string,
  span: Span,
): WordsPlan {
  return {
    kind: 'words',
    target,
    from: text.slice(span.left, span.right),
    to: text.slice(span.left, offset) + to + text.slice(offset + fromLength, span.right),
    all: false,
  };
}

/**
 * How to say a replaceWords operation: in its own target when that is unambiguous (the only
 * occurrence, or all of them), otherwise in the narrowest provision holding the chosen occurrence,
 * quoting as much whole-token context as makes the words unique there ({@link uniquePhrase});
 * failing that, that provision is rewritten (…を次のように改める). Words are widened to whole
 * numbers, dates, references and quotations.
 */
function planWords(
  doc: AgreementDocument,
  op: Extract<AmendmentOperation, { op: 'replaceWords' }>,
): WordsPlan {
  const slots = slotsOf(doc, op.target);
  const found = slots.flatMap((slot) =>
    occurrencesIn(slot.text, op.from).map((offset) => ({ slot, offset })),
  );
  if (op.occurrence === 'all' && found.length > 1) {
    return { kind: 'words', target: op.target, from: op.from, to: op.to, all: true };
  }
  const raw: WordsPlan = { kind: 'words', target: op.target, from: op.from, to: op.to, all: false };
  if (found.length <= 1) {
    const only = found[0];
    if (!only) return raw;
    const span = wholeTokenSpan(placedTokens(only.slot.text), only.offset, op.from.length);
    const phrase = only.slot.text.slice(span.left, span.right);
    if (phrase === op.from || countEverywhere(slots, phrase) !== 1) return raw;
    return wordsAt(op.target, only.slot.text, only.offset, op.from.length, op.to, span);
  }
  const chosen = found[(typeof op.occurrence === 'number' ? op.occurrence : 1) - 1];
  if (!chosen) throw new OrderRejected();
  const { slot, offset } = chosen;
  const base = wholeTokenSpan(placedTokens(slot.text), offset, op.from.length);
  const span = uniquePhrase(slot.text, base, slotsOf(doc, slot.owner));
  if (!span) return { kind: 'rewrite', target: slot.owner };
  return wordsAt(slot.owner, slot.text, offset, op.from.length, op.to, span);
}

/** 「A」を「B」に / 「A」を削り / 「A」の次に「X」を加え. */
function wordsClause(from: string, to: string, style: RenderStyle): Pick<Clause, 'body' | 'verb'> {
  if (to === '') return { body: `「${from}」を`, verb: 'kezuru' };
  if (to.startsWith(from) && to.length > from.length) {
    const where = style === 'kanji' ? 'の下に' : 'の次に';
    return { body: `「${from}」${where}「${to.slice(from.length)}」を`, verb: 'kuwaeru' };
  }
  if (to.endsWith(from) && to.length > from.length) {
    const where = style === 'kanji' ? 'の上に' : 'の前に';
    return { body: `「${from}」${where}「${to.slice(0, to.length - from.length)}」を`, verb: 'kuwaeru' };
  }
  return { body: `「${from}」を「${to}」に`, verb: 'aratameru' };
}

/** The citation of a text target as it stands in `doc` (articles already at their current numbers). */
function targetCitation(doc: AgreementDocument, target: TextTarget, style: RenderStyle): Citation {
  switch (target.kind) {
    case 'title':
      return { head: '題名', tail: '' };
    case 'preamble':
      return { head: '前文', tail: '' };
    case 'caption':
      return { ...articleCitation(target.article, style), tail: 'の見出し' };
    case 'supplementaryProvisions': {
      const single = doc.supplementaryProvisions.paragraphs.length === 1;
      return {
        head: '附則',
        tail: target.paragraph === undefined || single ? '' : paragraphUnitLabel(target.paragraph, style),
      };
    }
    case 'provision':
      return provisionCitation(doc, target.path, style, true);
  }
}

function withArticle(target: TextTarget, number: (n: ProvisionNumber) => ProvisionNumber): TextTarget {
  switch (target.kind) {
    case 'provision':
      return { kind: 'provision', path: { ...target.path, article: number(target.path.article) } };
    case 'caption':
      return { kind: 'caption', article: number(target.article) };
    case 'title':
    case 'preamble':
    case 'supplementaryProvisions':
      return target;
  }
}

/** The provision at `path` (a paragraph, item or sub-item) as ProvisionContent, from `doc`. */
function contentAt(doc: AgreementDocument, path: ProvisionPath): AmendmentOperation {
  const article = findArticle(doc, path.article);
  const paragraph = article.paragraphs.find((p) => p.number === path.paragraph);
  if (!paragraph) throw new OrderRejected();
  if (path.item === undefined) {
    return {
      op: 'replaceProvision',
      path,
      content: { level: 'paragraph', text: paragraph.text, items: paragraph.items },
    };
  }
  const item = paragraph.items.find((i) => i.number === path.item);
  const target = path.subItem === undefined ? item : item?.subItems.find((s) => s.number === path.subItem);
  if (!target) throw new OrderRejected();
  return {
    op: 'replaceProvision',
    path,
    content: { level: 'item', text: target.text, subItems: target.subItems },
  };
}

/** Lines of a paragraph, item or sub-item as it stands in `doc`. */
function linesAt(doc: AgreementDocument, path: ProvisionPath, style: RenderStyle): string[] {
  const article = findArticle(doc, path.article);
  const paragraph = article.paragraphs.find((p) => p.number === path.paragraph);
  if (!paragraph) throw new OrderRejected();
  if (path.item === undefined) return paragraphLines(article.number, paragraph, style);
  const item = paragraph.items.find((i) => i.number === path.item);
  if (!item) throw new OrderRejected();
  if (path.subItem === undefined) return itemLines(item, undefined, style);
  const sub = item.subItems.find((s) => s.number === path.subItem);
  if (!sub) throw new OrderRejected();
  return itemLines(sub, item.number, style);
}

function readWords(
  reading: Reading,
  step: Step,
  op: Extract<AmendmentOperation, { op: 'replaceWords' }>,
): Clause[] {
  const { style } = reading;
  const target = withArticle(op.target, (n) => currentNumber(reading, step, n));
  const plan = planWords(reading.doc, { ...op, target });
  const before = reading.doc;
  if (plan.kind === 'words') {
    apply(reading, {
      op: 'replaceWords',
      target: plan.target,
      from: plan.from,
      to: plan.to,
      ...(plan.all ? { occurrence: 'all' as const } : {}),
    });
    return [
      {
        citation: targetCitation(before, plan.target, style),
        ...wordsClause(plan.from, plan.to, style),
        words: true,
        within: true,
        lines: [],
      },
    ];
  }
  // The chosen occurrence cannot be quoted unambiguously: rewrite the provision that holds it.
  const expected = applied(before, { ...op, target });
  switch (plan.target.kind) {
    case 'provision': {
      const path = plan.target.path;
      apply(reading, contentAt(expected, path));
      return [
        {
          citation: provisionCitation(before, path, style, path.item !== undefined),
          body: 'を次のように',
          verb: 'aratameru',
          words: false,
          within: false,
          lines: linesAt(reading.doc, path, style),
        },
      ];
    }
    case 'supplementaryProvisions':
      apply(reading, {
        op: 'replaceSupplementaryProvisions',
        supplementaryProvisions: expected.supplementaryProvisions,
      });
      return [
        {
          citation: { head: '附則', tail: '' },
          body: 'を次のように',
          verb: 'aratameru',
          words: false,
          within: false,
          lines: supplementaryLines(reading.doc, style),
        },
      ];
    case 'title':
    case 'preamble':
    case 'caption':
      // A single text always holds a unique phrase (itself); planWords never gets here.
      throw new OrderRejected();
  }
}

// ——— structure ———

function countWord(n: number, unit: string, style: RenderStyle): string {
  return `次の${renderNumeral(n, style)}${unit}を`;
}

function readInsertArticles(reading: Reading, steps: readonly Step[]): Clause[] {
  const { style } = reading;
  const first = steps[0];
  if (!first) return [];
  const firstAdded = articleIdentity(first);
  const position = first.idsAfter.indexOf(firstAdded ?? '');
  const predecessor = first.idsAfter[position - 1];
  const predecessorNumber = predecessor === undefined ? undefined : reading.numbers.get(predecessor);
  if (predecessor !== undefined && predecessorNumber === undefined) throw new OrderRejected();
  const nextInDoc = reading.doc.articles[0];
  const lines: string[] = [];
  for (const step of steps) {
    if (step.op.op !== 'insertArticle') throw new OrderRejected();
    const added = articleIdentity(step);
    const inserted = step.after.articles[step.idsAfter.indexOf(added ?? '')];
    if (!inserted || added === undefined) throw new OrderRejected();
    const previous = step.idsAfter[step.idsAfter.indexOf(added) - 1];
    const after = previous === undefined ? null : (reading.numbers.get(previous) ?? null);
    if (previous !== undefined && after === null) throw new OrderRejected();
    apply(reading, { ...step.op, after, number: inserted.number });
    reading.numbers.set(added, inserted.number);
    lines.push(...articleLines(findArticle(reading.doc, inserted.number), style));
  }
  const count = countWord(steps.length, '条', style);
  if (predecessorNumber !== undefined) {
    return [
      {
        citation: articleCitation(predecessorNumber, style),
        body: `の次に${count}`,
        verb: 'kuwaeru',
        words: false,
        within: false,
        lines,
      },
    ];
  }
  if (nextInDoc) {
    return [
      {
        citation: articleCitation(nextInDoc.number, style),
        body: `の前に${count}`,
        verb: 'kuwaeru',
        words: false,
        within: false,
        lines,
      },
    ];
  }
  return [
    {
      citation: { head: '本則', tail: '' },
      body: `に${count}`,
      verb: 'kuwaeru',
      words: false,
      within: false,
      lines,
    },
  ];
}

function readRenumber(
  reading: Reading,
  step: Step,
  op: Extract<AmendmentOperation, { op: 'renumberArticle' }>,
): Clause[] {
  const from = currentNumber(reading, step, op.from);
  const id = idOf(step.before, step.idsBefore, op.from);
  apply(reading, { op: 'renumberArticle', from, to: op.to });
  if (id !== undefined) reading.numbers.set(id, op.to);
  return [
    {
      citation: articleCitation(from, reading.style),
      body: `を${articleLabel(op.to, reading.style)}と`,
      verb: 'suru',
      words: false,
      within: false,
      lines: [],
    },
  ];
}

function structuralClause(citation: Citation, body: string, verb: Verb, lines: string[] = []): Clause {
  return { citation, body, verb, words: false, within: false, lines };
}

/** from..to inclusive, ascending (empty when from > to). */
function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let n = from; n <= to; n++) out.push(n);
  return out;
}

function readInsertParagraph(
  reading: Reading,
  step: Step,
  op: Extract<AmendmentOperation, { op: 'insertParagraph' }>,
): Clause[] {
  const { style } = reading;
  const number = currentNumber(reading, step, op.article);
  const count = findArticle(reading.doc, number).paragraphs.length;
  apply(reading, { ...op, article: number });
  const newNumber = (op.after ?? 0) + 1;
  const inserted = findArticle(reading.doc, number).paragraphs[newNumber - 1];
  if (!inserted) throw new OrderRejected();
  const lines = paragraphLines(number, inserted, style);
  // Later paragraphs move down by one, the last first: 第三条第三項を同条第四項とし、…
  const moves = range(newNumber, count)
    .reverse()
    .map((p) =>
      structuralClause(
        { ...articleCitation(number, style), tail: paragraphUnitLabel(p, style) },
        `を同条${paragraphUnitLabel(p + 1, style)}と`,
        'suru',
      ),
    );
  const article = articleCitation(number, style);
  const one = countWord(1, '項', style);
  let last: Clause;
  if (op.after === null) {
    last = structuralClause(article, `に${paragraphUnitLabel(1, style)}として${one}`, 'kuwaeru', lines);
  } else if (op.after === count) {
    last = structuralClause(article, `に${one}`, 'kuwaeru', lines);
  } else {
    last = structuralClause(
      { ...article, tail: paragraphUnitLabel(op.after, style) },
      `の次に${one}`,
      'kuwaeru',
      lines,
    );
  }
  return [...moves, last];
}

function readInsertItem(
  reading: Reading,
  step: Step,
  op: Extract<AmendmentOperation, { op: 'insertItem' }>,
): Clause[] {
  const { style } = reading;
  const parent: ProvisionPath = { ...op.parent, article: currentNumber(reading, step, op.parent.article) };
  const article = findArticle(reading.doc, parent.article);
  const paragraph = article.paragraphs.find((p) => p.number === parent.paragraph);
  const siblings =
    parent.item === undefined
      ? (paragraph?.items ?? [])
      : (paragraph?.items.find((i) => i.number === parent.item)?.subItems ?? []);
  const before = reading.doc;
  apply(reading, { ...op, parent });
  const afterSiblings = (doc: AgreementDocument): Item[] => {
    const p = findArticle(doc, parent.article).paragraphs.find((x) => x.number === parent.paragraph);
    return parent.item === undefined
      ? (p?.items ?? [])
      : (p?.items.find((i) => i.number === parent.item)?.subItems ?? []);
  };
  const added = afterSiblings(reading.doc).find((i) => !siblings.some((s) => s.number === i.number));
  if (!added) throw new OrderRejected();
  const lines = itemLines(added, parent.item, style);
  const what = parent.item === undefined ? countWord(1, '号', style) : '次のように';
  const siblingPath = (n: ProvisionNumber): ProvisionPath =>
    parent.item === undefined ? { ...parent, item: n } : { ...parent, subItem: n };
  const lastSibling = siblings[siblings.length - 1];
  if (op.after === null && siblings[0]) {
    return [
      structuralClause(
        provisionCitation(before, siblingPath(siblings[0].number), style, true),
        `の前に${what}`,
        'kuwaeru',
        lines,
      ),
    ];
  }
  if (op.after === null || op.after === lastSibling?.number) {
    return [structuralClause(provisionCitation(before, parent, style, true), `に${what}`, 'kuwaeru', lines)];
  }
  return [
    structuralClause(
      provisionCitation(before, siblingPath(op.after), style, true),
      `の次に${what}`,
      'kuwaeru',
      lines,
    ),
  ];
}

function readDelete(
  reading: Reading,
  step: Step,
  op: Extract<AmendmentOperation, { op: 'deleteProvision' }>,
): Clause[] {
  const { style } = reading;
  const path: ProvisionPath = { ...op.path, article: currentNumber(reading, step, op.path.article) };
  const before = reading.doc;
  const count = findArticle(before, path.article).paragraphs.length;
  apply(reading, { ...op, path });
  const citation = provisionCitation(before, path, style, path.item !== undefined);
  if (op.leaveDeletedMarker) {
    const lines =
      path.paragraph === undefined
        ? articleLines(findArticle(reading.doc, path.article), style)
        : linesAt(reading.doc, path, style);
    return [structuralClause(citation, 'を次のように', 'aratameru', lines)];
  }
  if (path.paragraph === undefined) {
    const id = idOf(step.before, step.idsBefore, op.path.article);
    if (id !== undefined) reading.numbers.delete(id);
    return [structuralClause(citation, 'を', 'kezuru')];
  }
  if (path.item === undefined) {
    // Later paragraphs move up by one: 第三条第二項を削り、同条第三項を同条第二項とする。
    const moves = range(path.paragraph + 1, count).map((p) =>
      structuralClause(
        { ...articleCitation(path.article, style), tail: paragraphUnitLabel(p, style) },
        `を同条${paragraphUnitLabel(p - 1, style)}と`,
        'suru',
      ),
    );
    return [structuralClause(citation, 'を', 'kezuru'), ...moves];
  }
  return [structuralClause(citation, 'を', 'kezuru')];
}

function readReplaceProvision(
  reading: Reading,
  step: Step,
  op: Extract<AmendmentOperation, { op: 'replaceProvision' }>,
): Clause[] {
  const { style } = reading;
  const path: ProvisionPath = { ...op.path, article: currentNumber(reading, step, op.path.article) };
  const before = reading.doc;
  apply(reading, { ...op, path });
  const lines =
    path.paragraph === undefined
      ? articleLines(findArticle(reading.doc, path.article), style)
      : linesAt(reading.doc, path, style);
  return [
    structuralClause(
      provisionCitation(before, path, style, path.item !== undefined),
      'を次のように',
      'aratameru',
      lines,
    ),
  ];
}

function readMeasures(reading: Reading, expected: AgreementDocument): Clause[] {
  const { style } = reading;
  const had = reading.doc.measures.length > 0;
  reading.doc = { ...reading.doc, measures: structuredClone(expected.measures) };
  if (expected.measures.length === 0) return [structuralClause({ head: '別表', tail: '' }, 'を', 'kezuru')];
  const lines = measuresLines(reading.doc.measures, style);
  if (!had) return [structuralClause({ head: '本則', tail: '' }, 'の次に次の別表を', 'kuwaeru', lines)];
  return [structuralClause({ head: '別表', tail: '' }, 'を次のように', 'aratameru', lines)];
}

function readSupplementary(
  reading: Reading,
  op: Extract<AmendmentOperation, { op: 'replaceSupplementaryProvisions' }>,
): Clause[] {
  apply(reading, op);
  return [
    structuralClause(
      { head: '附則', tail: '' },
      'を次のように',
      'aratameru',
      supplementaryLines(reading.doc, reading.style),
    ),
  ];
}

function readStep(reading: Reading, step: Step): Clause[] {
  const { op } = step;
  switch (op.op) {
    case 'replaceWords':
      return readWords(reading, step, op);
    case 'replaceProvision':
      return readReplaceProvision(reading, step, op);
    case 'insertArticle':
      return readInsertArticles(reading, [step]);
    case 'insertParagraph':
      return readInsertParagraph(reading, step, op);
    case 'insertItem':
      return readInsertItem(reading, step, op);
    case 'deleteProvision':
      return readDelete(reading, step, op);
    case 'renumberArticle':
      return readRenumber(reading, step, op);
    case 'replaceSupplementaryProvisions':
      return readSupplementary(reading, op);
    case 'addMeasure':
    case 'reviseMeasure':
    case 'removeMeasure':
    case 'changeMeasureRole':
      // Measures are read as one unit (readMeasures).
      throw new OrderRejected();
  }
}

function readUnit(reading: Reading, unit: Unit, expected: AgreementDocument): Clause[] {
  if (unit.part === 'measures') return readMeasures(reading, expected);
  const clauses: Clause[] = [];
  let i = 0;
  while (i < unit.steps.length) {
    const step = unit.steps[i];
    if (!step) break;
    if (step.op.op === 'insertArticle') {
      const chain = unit.steps.slice(i).filter((s) => s.op.op === 'insertArticle');
      clauses.push(...readInsertArticles(reading, chain));
      i += chain.length;
      continue;
    }
    clauses.push(...readStep(reading, step));
    i++;
  }
  return clauses;
}

function partsOf(
  unit: Unit,
  finalIds: ReadonlySet<string>,
  finalNumbers: ReadonlyMap<string, ProvisionNumber>,
): AmendedPart[] {
  switch (unit.part) {
    case 'title':
      return [{ kind: 'title' }];
    case 'preamble':
      return [{ kind: 'preamble' }];
    case 'measures':
      return [{ kind: 'measures' }];
    case 'supplementary':
      return [{ kind: 'supplementaryProvisions' }];
    case 'articles':
      return [...new Set(unit.identities)].map((id) => {
        const old = id.startsWith('o:') ? id.slice(2) : undefined;
        const now = finalIds.has(id) ? finalNumbers.get(id) : undefined;
        return {
          kind: 'article',
          ...(old === undefined ? {} : { old }),
          ...(now === undefined ? {} : { new: now }),
        };
      });
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Reads the units in `order`: builds each sentence from the document as the previous sentences
 * leave it and applies what it says. `undefined` when that does not end at `expected`.
 */
function readInOrder(
  oldDoc: AgreementDocument,
  units: readonly Unit[],
  expected: AgreementDocument,
  parts: (unit: Unit) => AmendedPart[],
  style: RenderStyle,
): Sentence[] | undefined {
  const reading: Reading = {
    style,
    doc: oldDoc,
    numbers: new Map(oldDoc.articles.map((a) => [`o:${a.number}`, a.number])),
  };
  const sentences: Sentence[] = [];
  try {
    for (const unit of units) {
      const clauses = readUnit(reading, unit, expected);
      const only = unit.steps.length === 1 ? unit.steps[0] : undefined;
      const words = clauses.length === 1 && clauses[0]?.words === true;
      const joinKey =
        words && only
          ? unit.part === 'articles'
            ? `article:${unit.identities[0] ?? ''}`
            : unit.part
          : undefined;
      sentences.push({
        clauses,
        operations: unit.steps.map((s) => s.index),
        parts: parts(unit),
        ...(joinKey === undefined ? {} : { joinKey }),
      });
    }
  } catch (error) {
    if (error instanceof OrderRejected) return undefined;
    throw error;
  }
  return deepEqual(reading.doc, expected) ? joinWordSentences(sentences) : undefined;
}

/** Consecutive sentences of words in the same article (or part) become one. */
function joinWordSentences(sentences: readonly Sentence[]): Sentence[] {
  const out: Sentence[] = [];
  for (const sentence of sentences) {
    const previous = out[out.length - 1];
    if (previous && sentence.joinKey !== undefined && previous.joinKey === sentence.joinKey) {
      out[out.length - 1] = {
        ...previous,
        clauses: [...previous.clauses, ...sentence.clauses],
        operations: [...previous.operations, ...sentence.operations],
      };
    } else {
      out.push(sentence);
    }
  }
  return out;
}

/**
 * The 改め文 of `operations` applied to `oldDoc`. Throws the {@link AmendmentError} of the first
 * operation that does not apply, and a RangeError for no operations or a bad 施行日.
 */
export function amendingText(
  oldDoc: AgreementDocument,
  operations: readonly AmendmentOperation[],
  options: AmendingTextOptions,
): AmendingText {
  const style = options.style ?? 'municipal';
  if (!isLegalDate(options.effectiveOn)) {
    throw new RangeError(`施行日が不正です（YYYY-MM-DD の暦日が必要です）: ${options.effectiveOn}`);
  }
  if (operations.length === 0)
    throw new RangeError('改正操作がありません。改め文には1つ以上の操作が必要です');
  const expected = applyAmendment(oldDoc, operations);
  const steps = traceSteps(oldDoc, operations);
  const oldIds = oldDoc.articles.map((a) => `o:${a.number}`);
  const slots = identityOrder(oldIds, steps);
  const units = formUnits(steps, slots);
  const lastStep = steps[steps.length - 1];
  const finalIds = new Set(lastStep?.idsAfter ?? oldIds);
  const finalNumbers = new Map<string, ProvisionNumber>();
  (lastStep?.idsAfter ?? oldIds).forEach((id, index) => {
    const article = expected.articles[index];
    if (article) finalNumbers.set(id, article.number);
  });
  const parts = (unit: Unit): AmendedPart[] => partsOf(unit, finalIds, finalNumbers);
  const byPosition = (withinArticle: boolean) => (a: Unit, b: Unit) =>
    PART_RANK[a.part] - PART_RANK[b.part] ||
    a.slot - b.slot ||
    (withinArticle ? compareKeys(a.sub, b.sub) : 0) ||
    a.first - b.first;
  const orders = [
    [...units].sort(byPosition(true)),
    [...units].sort(byPosition(false)),
    [...units].sort((a, b) => a.first - b.first),
  ];
  let sentences: Sentence[] | undefined;
  for (const order of orders) {
    sentences = readInOrder(oldDoc, order, expected, parts, style);
    if (sentences) break;
  }
  if (!sentences) {
    throw new Error(
      '改め文を生成できませんでした: 文を順に適用しても改正後の協約と一致しません（内部エラー）',
    );
  }
  const title = `${oldDoc.title}の一部を変更する連携協約`;
  const rendered: AmendingSentence[] = sentences.map((s) => {
    const text = sentenceText(s.clauses);
    return {
      text,
      lines: [SPACE + text, ...s.clauses.flatMap((c) => c.lines)],
      operations: s.operations,
      parts: s.parts,
    };
  });
  const date = toWareki(options.effectiveOn, { digits: style === 'kanji' ? 'kanji' : 'arabic' });
  const lines = [
    title,
    `${SPACE}${oldDoc.title}の一部を次のように変更する。`,
    ...rendered.flatMap((s) => s.lines),
    '',
    `附${SPACE}則`,
    `${SPACE}この協約は、${date}から施行する。`,
  ];
  return { title, lines, text: `${lines.join('\n')}\n`, sentences: rendered };
}

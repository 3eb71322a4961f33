/**
 * Reading a 改め文 back into operations: the text of a 変更協約 as the parties drafted or signed it, in
 * 算用数字 or 漢数字, read sentence by sentence against the text it amends, each sentence applied before
 * the next is read (a sentence cites provisions by their numbers at that point of the reading).
 *
 * It reads every form the ledger writes (comparison/amending-text): words 改める・削る・加える (with 中,
 * 同条, several in one provision sharing the verb); provisions 次のように改める, 削る, 削り…とする,
 * …とし (renumbering), 次のN条・N項・N号を加える (の次に, の前に, に, に第1項として), 第B条から第D条までを
 * 1条ずつ繰り上げる・繰り下げる; the 見出し; the 別表 as a whole or row by row (別表(4)の項中…, 別表(4)の項
 * の次に次のように加える, 別表(4)の項を削る); the 附則; and the 附則 of the 変更協約 itself (施行日, 締結の日から,
 * 遡及 適用). The title, the enacting sentence, the 末文 and the signatures are recognised and passed over.
 *
 * A sentence it cannot read or apply is answered with the sentence quoted and the reason (「第7条」が
 * ありません; 第5条に「定期的に」が見つかりません).
 */
import { AmendmentError, applyAmendment, type AmendmentOperation, type TextTarget } from './amendment';
import { deriveOperations } from './derive-operations';
import {
  DELETED_PROVISION_TEXT,
  type AgreementDocument,
  type Item,
  type Measure,
  type Paragraph,
  type ProvisionPath,
} from './document.model';
import type { EffectiveDateClause } from './instrument';
import { readLegalDate } from './legal-date';
import { measureCategoryLabel, measuresInTableOrder } from './measure';
import { AIUEO_MARKS, fromKanaMark, IROHA_MARKS, isProvisionNumber, parseNumeral } from './numbering';
import { readDocumentText } from './read-document-text';
import {
  documentStyle,
  renderArticleNumber,
  renderItemMark,
  renderParagraphMark,
  type RenderStyle,
} from './render';

const SPACE = '\u3000';

export interface AmendingTextProblem {
  /** The sentence as given (or the line, for a line that is not a sentence). */
  sentence: string;
  /** 1-based line of the sentence. */
  line: number;
  reason: string;
}

export type ReadAmendingTextResult =
  | {
      ok: true;
      operations: AmendmentOperation[];
      /** The text the sentences give. */
      document: AgreementDocument;
      /** What the 変更協約's own 附則 says, when it has one. */
      effect?: EffectiveDateClause;
    }
  | { ok: false; problem: AmendingTextProblem };

class SentenceError extends Error {}

const NUM = '[0-9０-９〇一二三四五六七八九十百千万]+';
const KANA = '[ア-ン]';
const VERB_END = /(改める|削る|加える|とする|繰り上げる|繰り下げる)。$/;
const SENTENCE_START = /^\u3000(?:題名|前文|附則|別表|本則|第|同)/;

/** 3の2 / 三の二 → "3-2". */
function branched(text: string): string {
  const parts = text.split('の').map(parseNumeral);
  const number = parts.join('-');
  if (!parts.every((n) => n !== undefined) || !isProvisionNumber(number)) {
    throw new SentenceError(`番号「${text}」が読めません`);
  }
  return number;
}

/** Splits at 、 outside 「」 (quotes nest: 「（以下「甲」という。）」). */
function splitClauses(sentence: string): string[] {
  const clauses: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < sentence.length; i++) {
    const ch = sentence[i];
    if (ch === '「') depth++;
    else if (ch === '」') depth = Math.max(0, depth - 1);
    else if (ch === '、' && depth === 0) {
      clauses.push(sentence.slice(start, i));
      start = i + 1;
    }
  }
  clauses.push(sentence.slice(start));
  return clauses;
}

/** Reads 「…」 at `at` (nested quotes kept); returns the text and where it ends. */
function quoted(text: string, at: number): { value: string; end: number } {
  if (text[at] !== '「') throw new SentenceError('「」で囲んだ字句が必要です');
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    if (text[i] === '「') depth++;
    else if (text[i] === '」' && --depth === 0) return { value: text.slice(at + 1, i), end: i + 1 };
  }
  throw new SentenceError('「」が閉じていません');
}

/** What a clause cites. */
type Cited =
  | { kind: 'title' }
  | { kind: 'preamble' }
  | { kind: 'supplementary'; paragraph?: number }
  | { kind: 'main' }
  | { kind: 'table' }
  | { kind: 'row'; row: number }
  | { kind: 'caption'; article: string }
  | { kind: 'provision'; path: ProvisionPath; short: boolean };

interface Context {
  doc: AgreementDocument;
  style: RenderStyle;
  /** The provision cited last, for 同条・同項 and for clauses without a citation. */
  last?: Cited;
  /** The text as the sentence being read began. */
  sentenceStart: AgreementDocument;
  /** The sentence renumbers 号 (or 細分) after one it removes (第2号を削り、第3号を第2号とする). */
  renumbersItems: boolean;
  /** The sentence renumbers articles after one it removes (第5条を削り、第6条を第5条とし…). */
  renumbersArticles: boolean;
}

const CITATION = new RegExp(
  `^(題名|前文|附則第(${NUM})項|附則|本則|(?:別表|同表)[（(]?(${NUM})[）)]?の項|別表|(?:(?:第(${NUM})条((?:の${NUM})*)|同条)(の見出し)?(?:第(${NUM})項|(同項))?|(同項))(?:第(${NUM})号((?:の${NUM})*))?(${KANA}(?:の${NUM})*)?|(同号)(${KANA}(?:の${NUM})*))`,
);

/** Reads the citation at the start of a clause; the rest of the clause is returned with it. */
function readCitation(clause: string, context: Context): { cited: Cited | undefined; rest: string } {
  const match = CITATION.exec(clause);
  if (!match) return { cited: undefined, rest: clause };
  const rest = clause.slice(match[0].length);
  const [
    whole = '',
    ,
    supplementaryParagraph,
    row,
    article,
    articleBranches = '',
    caption,
    paragraph,
    sameParagraph,
    bareSameParagraph,
    item,
    itemBranches = '',
    itemKana,
    sameItem,
    sameItemKana,
  ] = match;
  if (whole === '題名') return { cited: { kind: 'title' }, rest };
  if (whole === '前文') return { cited: { kind: 'preamble' }, rest };
  if (whole === '附則') return { cited: { kind: 'supplementary' }, rest };
  if (supplementaryParagraph !== undefined) {
    const paragraph = parseNumeral(supplementaryParagraph);
    if (paragraph === undefined) throw new SentenceError(`附則の項「${supplementaryParagraph}」が読めません`);
    return { cited: { kind: 'supplementary', paragraph }, rest };
  }
  if (whole === '本則') return { cited: { kind: 'main' }, rest };
  if (whole === '別表') return { cited: { kind: 'table' }, rest };
  if (row !== undefined) {
    const n = parseNumeral(row);
    if (n === undefined) throw new SentenceError(`別表の項「${row}」が読めません`);
    return { cited: { kind: 'row', row: n }, rest };
  }
  const previous = context.last?.kind === 'provision' ? context.last.path : undefined;
  // 同号イ: a 細分 of the 号 cited last (第2条第1号アを削り、同号イを同号アとする).
  if (sameItem !== undefined && context.last?.kind === 'provision') {
    const { subItem: _, ...item } = context.last.path;
    if (item.item !== undefined) {
      const path = { ...item, subItem: subItemNumber(sameItemKana ?? '', context.style) };
      return { cited: { kind: 'provision', path, short: context.last.short }, rest };
    }
  }
  if (sameItem !== undefined) throw new SentenceError('「同号」が指す号がありません');
  const articleNumber =
    article === undefined
      ? (previous?.article ?? (context.last?.kind === 'caption' ? context.last.article : undefined))
      : branched(article + articleBranches);
  if (articleNumber === undefined) throw new SentenceError('「同条」が指す条がありません');
  if (caption !== undefined) return { cited: { kind: 'caption', article: articleNumber }, rest };
  const path: ProvisionPath = { article: articleNumber };
  if (paragraph !== undefined) {
    const n = parseNumeral(paragraph);
    if (n === undefined) throw new SentenceError(`項の番号「${paragraph}」が読めません`);
    path.paragraph = n;
  } else if (sameParagraph !== undefined || bareSameParagraph !== undefined) {
    if (previous?.paragraph === undefined) throw new SentenceError('「同項」が指す項がありません');
    path.paragraph = previous.paragraph;
  }
  let short = false;
  if (item !== undefined) {
    // 第3条第1号: an item of an article with one 項 is cited without the 項.
    if (path.paragraph === undefined) {
      path.paragraph = 1;
      short = true;
    }
    path.item = branched(item + itemBranches);
  }
  if (itemKana !== undefined) {
    if (path.item === undefined) throw new SentenceError(`細分「${itemKana}」が読めません`);
    path.subItem = subItemNumber(itemKana, context.style);
  }
  return { cited: { kind: 'provision', path, short }, rest };
}

/** The number of a 細分 from its mark: ア → "1", イの2 → "2-2" (イ, ロ in a 漢数字 text). */
function subItemNumber(kana: string, style: RenderStyle): string {
  const marks = style === 'kanji' ? IROHA_MARKS : AIUEO_MARKS;
  const [head = '', ...branches] = kana.split('の');
  const main = fromKanaMark(head, marks);
  if (main === undefined) throw new SentenceError(`細分「${kana}」が読めません`);
  return [main, ...branches.map((b) => parseNumeral(b))].join('-');
}

function targetOf(cited: Cited): TextTarget {
  switch (cited.kind) {
    case 'title':
      return { kind: 'title' };
    case 'preamble':
      return { kind: 'preamble' };
    case 'supplementary':
      return cited.paragraph === undefined
        ? { kind: 'supplementaryProvisions' }
        : { kind: 'supplementaryProvisions', paragraph: cited.paragraph };
    case 'caption':
      return { kind: 'caption', article: cited.article };
    case 'provision':
      return { kind: 'provision', path: cited.path };
    case 'main':
    case 'table':
    case 'row':
      throw new SentenceError('この箇所の字句は改められません');
  }
}

function describe(cited: Cited, style: RenderStyle): string {
  switch (cited.kind) {
    case 'title':
      return '題名';
    case 'preamble':
      return '前文';
    case 'supplementary':
      return '附則';
    case 'main':
      return '本則';
    case 'table':
      return '別表';
    case 'row':
      return `別表${renderItemMark(String(cited.row), 0, style)}の項`;
    case 'caption':
      return `${renderArticleNumber(cited.article, style)}の見出し`;
    case 'provision':
      return renderArticleNumber(cited.path.article, style);
  }
}

/**
 * The row of the 別表 a sentence cites: rows are cited by their places as the sentence begins (別表(4)の項
 * を削り、同表(5)の項を削る), and found by id as the text stands now.
 */
function rowAt(context: Context, row: number): Measure {
  const label = `別表${renderItemMark(String(row), 0, context.style)}の項`;
  const cited = measuresInTableOrder(context.sentenceStart.measures)[row - 1];
  const measure = context.doc.measures.find((m) => m.id === cited?.id);
  if (!measure) throw new SentenceError(`${label}がありません`);
  return measure;
}

/** Words changed within a row of the 別表: the field that holds 「A」 is revised. */
function rowWordOperation(context: Context, row: number, from: string, to: string): AmendmentOperation {
  const { style } = context;
  const measure = rowAt(context, row);
  const fields = [
    ['name', measure.name],
    ['content', measure.content],
    ['core', measure.roles.core],
    ['partner', measure.roles.partner],
  ] as const;
  const holding = fields.filter(([, text]) => text.includes(from));
  const [field, text] = holding[0] ?? [];
  if (field === undefined || text === undefined) {
    throw new SentenceError(`別表${renderItemMark(String(row), 0, style)}の項に「${from}」が見つかりません`);
  }
  if (holding.length > 1 || text.indexOf(from) !== text.lastIndexOf(from)) {
    throw new SentenceError(`別表${renderItemMark(String(row), 0, style)}の項に「${from}」が複数あります`);
  }
  const changed = text.replace(from, to);
  return field === 'core' || field === 'partner'
    ? { op: 'changeMeasureRole', id: measure.id, party: field, role: changed }
    : { op: 'reviseMeasure', id: measure.id, changes: { [field]: changed } };
}

/** Reads the block of new text under a sentence as provisions, with the reader of whole texts. */
function readBlock(
  lines: readonly string[],
  style: RenderStyle,
  prefix: readonly string[] = [],
  base?: AgreementDocument,
): AgreementDocument {
  const read = readDocumentText(['＿', '', ...prefix, ...lines, ''].join('\n'), {
    style,
    ...(base === undefined ? {} : { base }),
  });
  if (!read.ok) {
    const first = read.problems[0];
    throw new SentenceError(`続く本文が読めません（${first?.text ?? ''}: ${first?.reason ?? ''}）`);
  }
  return read.document;
}

const PLACEHOLDER_ARTICLE = (style: RenderStyle): string => `${renderArticleNumber('1', style)}${SPACE}＿`;

/** A 項 block: 「２ …」 (or 「第3条 …」 for the first). */
function blockParagraph(lines: readonly string[], style: RenderStyle): Paragraph {
  const first = lines[0] ?? '';
  if (first.startsWith('第')) {
    const article = readBlock(lines, style).articles[0];
    // 「第3条 削除」 here is the first 項 replaced by 削除, not the article.
    if (article?.deleted) return { number: 1, text: DELETED_PROVISION_TEXT, items: [] };
    const paragraph = article?.paragraphs[0];
    if (!paragraph) throw new SentenceError('続く項が読めません');
    return paragraph;
  }
  const number = parseNumeral(/^(\S+?)\u3000/.exec(first)?.[1] ?? '');
  if (number === undefined) throw new SentenceError('続く項の番号が読めません');
  const renumbered = [
    `${renderParagraphMark(2, style)}${first.slice(first.indexOf(SPACE))}`,
    ...lines.slice(1),
  ];
  const paragraph = readBlock(renumbered, style, [PLACEHOLDER_ARTICLE(style)]).articles[0]?.paragraphs[1];
  if (!paragraph) throw new SentenceError('続く項が読めません');
  return { ...paragraph, number };
}

/** A 号 (depth 0) or 細分 (depth 1) block. */
function blockItems(lines: readonly string[], depth: number, style: RenderStyle): Item[] {
  const prefix = [
    PLACEHOLDER_ARTICLE(style),
    ...(depth === 1 ? [`${SPACE}${renderItemMark('1', 0, style)}${SPACE}＿`] : []),
  ];
  const items = readBlock(lines, style, prefix).articles[0]?.paragraphs[0]?.items ?? [];
  return depth === 1 ? (items[0]?.subItems ?? []) : items;
}

function countOf(rest: string, unit: string): number | undefined {
  const match = new RegExp(`次の(${NUM})${unit}を加え`).exec(rest);
  return match ? parseNumeral(match[1] ?? '') : undefined;
}

/** The operations of one clause, applied to the context as they are read. */
function readClause(clause: string, context: Context, block: readonly string[]): AmendmentOperation[] {
  const { style } = context;
  const { cited: own, rest } = readCitation(clause, context);
  const cited = own ?? context.last;
  if (!cited) throw new SentenceError('どの規定を改めるのかが書かれていません');
  context.last = cited;
  const where = describe(cited, style);

  // Words: 「A」を「B」に改め / 「A」を削り / 「A」の次に(の下に)「X」を加え — after 中, or continuing.
  const body = rest.startsWith('中') ? rest.slice(1) : own === undefined ? rest : undefined;
  if (body !== undefined && body.startsWith('「')) {
    const a = quoted(body, 0);
    const after = body.slice(a.end);
    const from = a.value;
    let to: string;
    if (/^を削(り|る)?$/.test(after)) to = '';
    else if (after.startsWith('を「')) {
      const b = quoted(after, 1);
      if (!/^に(改め|改める)?$/.test(after.slice(b.end)))
        throw new SentenceError('「…」を「…」に改める の形で書いてください');
      to = b.value;
    } else if (/^の(次|下)に「/.test(after)) {
      const x = quoted(after, 3);
      if (!/^を加え(る)?$/.test(after.slice(x.end)))
        throw new SentenceError('「…」の次に「…」を加える の形で書いてください');
      to = from + x.value;
    } else if (/^の(前|上)に「/.test(after)) {
      const x = quoted(after, 3);
      to = x.value + from;
    } else {
      throw new SentenceError('字句の改正として読めません');
    }
    if (cited.kind === 'row') return [rowWordOperation(context, cited.row, from, to)];
    if (from === '') throw new SentenceError('改める字句が空です');
    // 「A」を「B」に改める changes every 「A」 of the provision cited (a sentence that means one of
    // several quotes it with enough context to be unique).
    const one: AmendmentOperation = { op: 'replaceWords', target: targetOf(cited), from, to };
    try {
      applyAmendment(context.doc, [one]);
      return [one];
    } catch (error) {
      if (!(error instanceof AmendmentError) || !error.message.includes('箇所あります')) throw error;
      return [{ ...one, occurrence: 'all' }];
    }
  }

  // Renumbering: 第6条を第7条とし / 同条第3項を同条第2項とする / 第3号を第2号とする / 同号イを同号アとする.
  const renumber = new RegExp(
    `^を(?:第(${NUM})条((?:の${NUM})*)|同条第(${NUM})項|第(${NUM})項|(?:同条|同項)?(?:第${NUM}項)?第(${NUM})号((?:の${NUM})*)|同号${KANA}(?:の${NUM})*)と(し|する)$`,
  ).exec(rest);
  if (renumber && cited.kind === 'provision') {
    const [, article, articleBranches = '', , , item, itemBranches = ''] = renumber;
    if (article !== undefined && cited.path.paragraph === undefined) {
      const to = branched(article + articleBranches);
      if (context.renumbersArticles) return [];
      context.last = { kind: 'provision', path: { article: to }, short: false };
      return [{ op: 'renumberArticle', from: cited.path.article, to }];
    }
    // 項 renumber themselves when one is added or removed; 号 when the deletion renumbers them.
    if (item !== undefined) branched(item + itemBranches);
    return [];
  }

  // 第7条から第9条までを1条ずつ繰り上げる / 繰り下げる.
  // 項 renumber themselves; 号 with the deletion that makes room (renumbersItems).
  if (new RegExp(`^から第(${NUM})(項|号)までを(${NUM})(項|号)ずつ繰り(上|下)げ(る)?$`).test(rest)) return [];

  const shift = new RegExp(`^から第(${NUM})条((?:の${NUM})*)までを(${NUM})条ずつ繰り(上|下)げ(る)?$`).exec(
    rest,
  );
  if (shift && cited.kind === 'provision' && context.renumbersArticles) return [];
  if (shift && cited.kind === 'provision') {
    const first = Number(cited.path.article.split('-')[0]);
    const last = Number(branched((shift[1] ?? '') + (shift[2] ?? '')).split('-')[0]);
    const by = parseNumeral(shift[3] ?? '') ?? 1;
    const up = shift[4] === '上';
    const numbers: number[] = [];
    for (let n = first; n <= last; n++) numbers.push(n);
    return (up ? numbers : numbers.reverse()).map((n) => ({
      op: 'renumberArticle',
      from: String(n),
      to: String(up ? n - by : n + by),
    }));
  }

  if (/^を削(り|る)$/.test(rest)) {
    switch (cited.kind) {
      case 'row':
        return [{ op: 'removeMeasure', id: rowAt(context, cited.row).id }];
      case 'table':
        return context.doc.measures.map((m) => ({ op: 'removeMeasure', id: m.id }));
      case 'provision':
        return [
          {
            op: 'deleteProvision',
            path: cited.path,
            leaveDeletedMarker: false,
            ...((cited.path.item !== undefined && context.renumbersItems) ||
            (cited.path.paragraph === undefined && context.renumbersArticles)
              ? { renumberFollowing: true }
              : {}),
          },
        ];
      case 'caption':
      case 'main':
      case 'preamble':
      case 'supplementary':
      case 'title':
        throw new SentenceError(`${where}は削れません`);
    }
  }

  if (/^を次のように改め(る)?$/.test(rest)) {
    if (block.length === 0) throw new SentenceError('「次のように改める」に続く本文がありません');
    switch (cited.kind) {
      case 'supplementary':
        return [
          {
            op: 'replaceSupplementaryProvisions',
            supplementaryProvisions: readBlock(
              block[0] === `附${SPACE}則` ? block : [`附${SPACE}則`, ...block],
              style,
            ).supplementaryProvisions,
          },
        ];
      case 'table': {
        // The whole table: every row removed and the new rows added in order, a row keeping its id
        // where the base has the same row (same place and name, else the same name).
        const measures = readBlock(block, style, [], context.doc).measures;
        let after: string | null = null;
        return [
          ...context.doc.measures.map((m): AmendmentOperation => ({ op: 'removeMeasure', id: m.id })),
          ...measures.map((measure): AmendmentOperation => {
            const op: AmendmentOperation = { op: 'addMeasure', measure, after };
            after = measure.id;
            return op;
          }),
        ];
      }
      case 'row': {
        const proposed = { ...context.doc, measures: replaceRow(context, cited.row, block) };
        const derived = deriveOperations(context.doc, proposed);
        if (!derived.ok)
          throw new SentenceError(derived.problems.map((p) => `${p.where}: ${p.reason}`).join('。'));
        return derived.operations;
      }
      case 'provision': {
        const { path } = cited;
        if (path.paragraph === undefined) {
          const article = readBlock(block, style).articles[0];
          if (!article) throw new SentenceError('続く条が読めません');
          if (article.deleted) return [{ op: 'deleteProvision', path, leaveDeletedMarker: true }];
          return [
            {
              op: 'replaceProvision',
              path,
              content: { level: 'article', caption: article.caption, paragraphs: article.paragraphs },
            },
          ];
        }
        if (path.item === undefined) {
          const paragraph = blockParagraph(block, style);
          return [
            {
              op: 'replaceProvision',
              path,
              content: { level: 'paragraph', text: paragraph.text, items: paragraph.items },
            },
          ];
        }
        const item = blockItems(block, path.subItem === undefined ? 0 : 1, style)[0];
        if (!item) throw new SentenceError('続く号が読めません');
        return [
          {
            op: 'replaceProvision',
            path,
            content: { level: 'item', text: item.text, subItems: item.subItems },
          },
        ];
      }
      case 'caption':
      case 'main':
      case 'preamble':
      case 'title':
        throw new SentenceError(`${where}を次のように改めることはできません`);
    }
  }

  // Additions: の次に / の前に / に / に第1項として 次のN条・N項・N号を加える, 次のように加える.
  const addition = /^(の次に|の前に|に第[0-9０-９一]+項として|に)(?:次の(.+?)を|次のように)加え(る)?$/.exec(
    rest,
  );
  if (addition) {
    if (block.length === 0) throw new SentenceError('加える本文がありません');
    const place = addition[1] ?? '';
    if (cited.kind === 'row' && place === 'の次に') {
      const anchor = rowAt(context, cited.row);
      const added = readBlock([`別表`, measureCategoryLabel(anchor.category), ...block], style).measures;
      const ids = freshIds(context.doc, added.length);
      let after = anchor.id;
      return added.map((m, i) => {
        const id = ids[i] ?? m.id;
        const op: AmendmentOperation = { op: 'addMeasure', measure: { ...m, id }, after };
        after = id;
        return op;
      });
    }
    if (cited.kind === 'main' && addition[2] === '別表') {
      const measures = readBlock(block, style, [], context.doc).measures;
      let after: string | null = null;
      return measures.map((measure) => {
        const op: AmendmentOperation = { op: 'addMeasure', measure, after };
        after = measure.id;
        return op;
      });
    }
    if (
      cited.kind === 'main' ||
      (cited.kind === 'provision' && cited.path.paragraph === undefined && countOf(rest, '条') !== undefined)
    ) {
      const articles = readBlock(block, style).articles;
      let after: string | null =
        cited.kind === 'main' ? (context.doc.articles.at(-1)?.number ?? null) : cited.path.article;
      if (place === 'の前に' && cited.kind === 'provision') {
        const index = context.doc.articles.findIndex((a) => a.number === cited.path.article);
        after = index <= 0 ? null : (context.doc.articles[index - 1]?.number ?? null);
      }
      return articles.map((a) => {
        const op: AmendmentOperation = {
          op: 'insertArticle',
          after,
          number: a.number,
          caption: a.caption,
          paragraphs: a.paragraphs,
        };
        after = a.number;
        return op;
      });
    }
    if (cited.kind === 'provision' && countOf(rest, '項') !== undefined) {
      const paragraph = blockParagraph(block, style);
      const article = cited.path.article;
      const count = context.doc.articles.find((a) => a.number === article)?.paragraphs.length ?? 0;
      const after = place.startsWith('に第')
        ? null
        : place === 'に'
          ? count
          : (cited.path.paragraph ?? count);
      return [{ op: 'insertParagraph', article, after, text: paragraph.text, items: paragraph.items }];
    }
    if (cited.kind === 'provision') {
      // 号 (次のN号を加える) or 細分 (次のように加える): into the cited 項 or 号, or after the cited one.
      const { path } = cited;
      const intoItem = place !== 'の次に' && place !== 'の前に';
      const depth = intoItem ? (path.item === undefined ? 0 : 1) : path.subItem === undefined ? 0 : 1;
      const items = blockItems(block, depth, style);
      const parent: ProvisionPath = intoItem
        ? {
            article: path.article,
            paragraph: path.paragraph ?? 1,
            ...(path.item === undefined ? {} : { item: path.item }),
          }
        : {
            article: path.article,
            paragraph: path.paragraph ?? 1,
            ...(depth === 1 && path.item !== undefined ? { item: path.item } : {}),
          };
      const siblings = siblingsOf(context.doc, parent);
      let after: string | null = intoItem
        ? (siblings.at(-1)?.number ?? null)
        : place === 'の前に'
          ? null
          : ((depth === 1 ? path.subItem : path.item) ?? null);
      return items.map((item) => {
        const op: AmendmentOperation = {
          op: 'insertItem',
          parent,
          after,
          number: item.number,
          text: item.text,
          subItems: item.subItems,
        };
        after = item.number;
        return op;
      });
    }
    throw new SentenceError(`${where}に加えることはできません`);
  }
  throw new SentenceError('改正の文として読めません');
}

function siblingsOf(doc: AgreementDocument, parent: ProvisionPath): Item[] {
  const paragraph = doc.articles
    .find((a) => a.number === parent.article)
    ?.paragraphs.find((p) => p.number === parent.paragraph);
  if (parent.item === undefined) return paragraph?.items ?? [];
  return paragraph?.items.find((i) => i.number === parent.item)?.subItems ?? [];
}

/** The table with one row replaced by the block (the row keeps its category unless the block says). */
function replaceRow(context: Context, row: number, block: readonly string[]): Measure[] {
  const rows = measuresInTableOrder(context.doc.measures);
  const old = rowAt(context, row);
  const replaced = readBlock([`別表`, measureCategoryLabel(old.category), ...block], context.style)
    .measures[0];
  if (!replaced) throw new SentenceError('続く別表の項が読めません');
  return rows.map((m) => (m.id === old.id ? { ...replaced, id: old.id } : m));
}

function freshIds(doc: AgreementDocument, count: number): string[] {
  const taken = new Set(doc.measures.map((m) => m.id));
  const ids: string[] = [];
  for (let n = doc.measures.length + 1; ids.length < count; n++) {
    const id = `m${String(n).padStart(2, '0')}`;
    if (!taken.has(id)) ids.push(id);
  }
  return ids;
}

/** The 変更協約's own 附則: 「この協約は、…から施行する。」 in one of its three forms. */
function readEffect(sentence: string): EffectiveDateClause | undefined {
  const body = sentence.replace(/^\u3000/, '');
  if (/^この協約は、締結の日から施行する。$/.test(body)) return { kind: 'on-conclusion' };
  const retro = /^この協約は、締結の日から施行し、(.+)から適用する。$/.exec(body);
  if (retro) {
    const date = readLegalDate(retro[1] ?? '');
    if (!date.ok) throw new SentenceError(date.reason);
    return { kind: 'retroactive', appliesFrom: date.value };
  }
  const onDate = /^この協約は、(.+)から施行する。$/.exec(body);
  if (onDate) {
    const date = readLegalDate(onDate[1] ?? '');
    if (!date.ok) throw new SentenceError(date.reason);
    return { kind: 'on-date', effectiveOn: date.value };
  }
  // The 末文 and the signatures follow the 附則; a sentence about this 協約's taking effect does not.
  if (/^この協約は/.test(body)) {
    throw new SentenceError(
      '附則の施行期日が読めません（「この協約は、締結の日から施行する。」「この協約は、令和9年4月1日から施行する。」「この協約は、締結の日から施行し、令和8年4月1日から適用する。」のいずれか）',
    );
  }
  return undefined;
}

/**
 * How many lines from `start` make one unit of new text: a 別表 row (its first line and the indented
 * ones), an article (its 見出し, its line and what follows up to the next article), a 項 or a 号 (its
 * line and the deeper ones).
 */
function unitLength(block: readonly string[], start: number): number {
  const first = block[start] ?? '';
  const indent = (line: string): number => /^\u3000*/.exec(line)?.[0].length ?? 0;
  const isArticleStart = (line: string): boolean =>
    /^第\S+?条(の\S+?)?\u3000/.test(line) || /^\u3000?（.+）$/.test(line);
  let end = start + 1;
  if (/^\u3000?（.+）$/.test(first)) end++;
  const articleLike = isArticleStart(first);
  while (end < block.length) {
    const line = block[end] ?? '';
    if (articleLike ? isArticleStart(line) : indent(line) <= indent(first)) break;
    end++;
  }
  return end - start;
}

/** A 附則 heading, as printed (附\u3000則) or as typed (indented, or 附則). */
function isSupplementaryHeading(line: string): boolean {
  return /^[\s\u3000]*附[\s\u3000]*則[\s\u3000]*$/.test(line);
}

/** Reads a 改め文 against the text it amends. */
export function readAmendingText(base: AgreementDocument, text: string): ReadAmendingTextResult {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const context: Context = {
    doc: base,
    style: documentStyle(base),
    sentenceStart: base,
    renumbersItems: false,
    renumbersArticles: false,
  };
  if (lines.some((l) => /^\u3000第[〇一二三四五六七八九十]+条/.test(l))) context.style = 'kanji';
  else if (lines.some((l) => /^\u3000第[0-9]+条/.test(l))) context.style = 'municipal';
  const operations: AmendmentOperation[] = [];
  let effect: EffectiveDateClause | undefined;
  let inSupplementary = false;
  let i = 0;
  const isSentence = (line: string): boolean => SENTENCE_START.test(line) && VERB_END.test(line);
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const lineNumber = i + 1;
    i++;
    if (isSupplementaryHeading(line)) {
      inSupplementary = true;
      continue;
    }
    if (inSupplementary) {
      try {
        effect = readEffect(line) ?? effect;
      } catch (error) {
        if (error instanceof SentenceError)
          return { ok: false, problem: { sentence: line, line: lineNumber, reason: error.message } };
        throw error;
      }
      continue;
    }
    if (!isSentence(line)) continue;
    const block: string[] = [];
    // The new text under a sentence runs to the next sentence, a blank line or the 変更協約's own 附則
    // (a 附則 heading that opens the new text of 「附則を次のように改める」 is that text's own).
    const ownHeading = (at: number): boolean => at === 0 && line.startsWith(`${SPACE}附則`);
    while (
      i < lines.length &&
      !isSentence(lines[i] ?? '') &&
      (lines[i] ?? '') !== '' &&
      (!isSupplementaryHeading(lines[i] ?? '') || ownHeading(block.length))
    ) {
      block.push(lines[i] ?? '');
      i++;
    }
    const sentence = line.slice(1);
    try {
      const clauses = splitClauses(sentence.replace(/。$/, ''));
      context.sentenceStart = context.doc;
      context.renumbersItems = clauses.some((c) =>
        /号を(?:同条|同項)?(?:第\S+項)?第\S+号と(し|する)$|号までを\S+号ずつ繰り|^同号\S+を同号\S+と(し|する)$/.test(
          c,
        ),
      );
      // 第5条を削り、第6条を第5条とし、第7条から第9条までを1条ずつ繰り上げる: one removal that closes the gap.
      const removes = clauses.findIndex((c) => new RegExp(`^第${NUM}条(?:の${NUM})*を削り$`).test(c));
      context.renumbersArticles =
        removes >= 0 && clauses.slice(removes + 1).some((c) => /条と(し|する)$|条ずつ繰り上げ(る)?$/.test(c));
      const withBlock = clauses.map((c) =>
        /次のように改め(る)?$|次の.+を加え(る)?$|次のように加え(る)?$/.test(c),
      );
      const lastWithBlock = withBlock.lastIndexOf(true);
      const sentenceOps: AmendmentOperation[] = [];
      let cursor = 0;
      for (const [index, clause] of clauses.entries()) {
        // Each clause that brings new text takes its own lines; the last one takes the rest.
        let own: readonly string[] = [];
        if (withBlock[index]) {
          const length = index === lastWithBlock ? block.length - cursor : unitLength(block, cursor);
          own = block.slice(cursor, cursor + length);
          cursor += length;
        }
        const ops = readClause(clause, context, own);
        for (const op of ops) {
          try {
            context.doc = applyAmendment(context.doc, [op]);
          } catch (error) {
            if (error instanceof AmendmentError) throw new SentenceError(error.message);
            throw error;
          }
        }
        sentenceOps.push(...ops);
      }
      operations.push(...sentenceOps);
    } catch (error) {
      if (error instanceof SentenceError || error instanceof AmendmentError) {
        return { ok: false, problem: { sentence, line: lineNumber, reason: error.message } };
      }
      throw error;
    }
  }
  if (operations.length === 0) {
    return {
      ok: false,
      problem: { sentence: '', line: 0, reason: '改正の文（…を改める。など）が見つかりません' },
    };
  }
  return { ok: true, operations, document: context.doc, ...(effect === undefined ? {} : { effect }) };
}

/**
 * Reading a printed agreement back into the document model: the inverse of {@link renderDocument}, so a
 * person may hand the ledger a whole text (edited in a word processor, or pasted from the text the API
 * prints) instead of operations. Both styles read: 第1条 / 2 / (1) / ア and 第一条 / ２ / 一 / イ.
 *
 * What the model does not hold is read and set aside, not refused: the line of the 告示 under the title
 * (令和元年12月25日 青森市告示第600号) and the 附則 of each amendment (附 則（令和3年3月25日…）) belong
 * to the history of the text, not to it. Measures carry ids the print does not show: each row takes the
 * id of the base document's row it stands for (same place and name, else the same name), else a new one.
 *
 * Every line that does not read is a problem naming its line number and what was expected there.
 */
import {
  DELETED_PROVISION_TEXT,
  MEASURE_CATEGORIES,
  type AgreementDocument,
  type AppendixTable,
  type Article,
  type Item,
  type Measure,
  type MeasureCategory,
  type Paragraph,
  type ProvisionNumber,
} from './document.model';
import { validateDocument } from './document.validator';
import { measureCategoryLabel, measuresInTableOrder } from './measure';
import { AIUEO_MARKS, fromKanaMark, IROHA_MARKS, isProvisionNumber, parseNumeral } from './numbering';
import type { RenderStyle } from './render';

const SPACE = '\u3000';

export interface TextProblem {
  /** 1-based line number in the text given. */
  line: number;
  text: string;
  reason: string;
}

export type ReadDocumentResult =
  | {
      ok: true;
      document: AgreementDocument;
      /** Lines read as history and set aside (the 告示 line, amendments' 附則). */
      setAside: { line: number; text: string }[];
    }
  | { ok: false; problems: TextProblem[] };

export interface ReadDocumentOptions {
  /** The style the text is written in; detected from its article numbers when absent. */
  style?: RenderStyle;
  /** The document the text is a version of: measures and table rows take its ids. */
  base?: AgreementDocument;
}

/** 3の2 / 三の二 → "3-2"; undefined when not a number. */
function readBranched(text: string): ProvisionNumber | undefined {
  const parts = text.split('の').map(parseNumeral);
  if (!parts.every((n): n is number => n !== undefined)) return undefined;
  const number = parts.join('-');
  return isProvisionNumber(number) ? number : undefined;
}

/** The number of an item mark at `depth` (see renderItemMark), or undefined. */
function readItemMark(mark: string, depth: number, style: RenderStyle): ProvisionNumber | undefined {
  if (depth === 0) {
    if (style === 'kanji') return readBranched(mark);
    const inner = /^\((.+)\)$/.exec(mark)?.[1];
    return inner === undefined ? undefined : readBranched(inner);
  }
  const kana = style === 'kanji' ? IROHA_MARKS : AIUEO_MARKS;
  const readKana = (text: string): ProvisionNumber | undefined => {
    const [head = '', ...branches] = text.split('の');
    const main = fromKanaMark(head, kana);
    const rest = branches.map(parseNumeral);
    if (main === undefined || !rest.every((n): n is number => n !== undefined)) return undefined;
    const number = [main, ...rest].join('-');
    return isProvisionNumber(number) ? number : undefined;
  };
  if (depth === 1) return readKana(mark);
  if (style === 'kanji') {
    const inner = /^（(.+)）$/.exec(mark)?.[1];
    return inner === undefined ? undefined : readBranched(inner);
  }
  const inner = /^\((.+)\)$/.exec(mark)?.[1];
  return inner === undefined ? undefined : readKana(inner);
}

const CATEGORY_BY_LABEL = new Map<string, MeasureCategory>(
  MEASURE_CATEGORIES.map((c) => [measureCategoryLabel(c), c]),
);

const NUMERAL = '[0-9０-９〇一二三四五六七八九十百千万]+';
/** 第3条の2, a full-width space, then the text (the 枝番号 follow 条, as cited). */
const ARTICLE_LINE = new RegExp(`^第(${NUMERAL})条((?:の${NUMERAL})*)\u3000(.*)$`);
const NOTICE_LINE = /^(?:令和|平成|昭和)[^\u3000]*年[^\u3000]*月[^\u3000]*日(?:\u3000.*)?$/;
const AMENDMENT_SUPPLEMENTARY = /^附\u3000則[（(].*[）)]$/;

function detectStyle(lines: readonly string[]): RenderStyle {
  return lines.some((l) => /^第[〇一二三四五六七八九十百千万]+条/.test(l)) ? 'kanji' : 'municipal';
}

/** Ids for the rows read, from the base's rows: same place and name, else the same name, else new. */
function measureIds(rows: readonly Omit<Measure, 'id'>[], base: readonly Measure[]): string[] {
  const baseRows = measuresInTableOrder(base);
  const used = new Set<string>();
  const ids: (string | undefined)[] = rows.map((row, index) => {
    const same = baseRows[index];
    if (same && same.name === row.name && !used.has(same.id)) {
      used.add(same.id);
      return same.id;
    }
    return undefined;
  });
  rows.forEach((row, index) => {
    if (ids[index] !== undefined) return;
    const named = baseRows.find((m) => m.name === row.name && !used.has(m.id));
    if (named) {
      used.add(named.id);
      ids[index] = named.id;
    }
  });
  const taken = new Set([...base.map((m) => m.id), ...used]);
  let next = base.length + 1;
  return ids.map((id) => {
    if (id !== undefined) return id;
    let fresh = `m${String(next).padStart(2, '0')}`;
    while (taken.has(fresh)) fresh = `m${String(++next).padStart(2, '0')}`;
    taken.add(fresh);
    return fresh;
  });
}

/** Reads a whole printed agreement. */
export function readDocumentText(text: string, options: ReadDocumentOptions = {}): ReadDocumentResult {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const style = options.style ?? detectStyle(lines);
  const problems: TextProblem[] = [];
  const setAside: { line: number; text: string }[] = [];
  const problem = (index: number, reason: string): void => {
    problems.push({ line: index + 1, text: lines[index] ?? '', reason });
  };

  let i = 0;
  const skipBlank = (): void => {
    while (i < lines.length && (lines[i] ?? '').trim() === '') i++;
  };
  skipBlank();
  const title = (lines[i] ?? '').trim();
  i++;

  // Under the title: the 告示 line (history) and the 前文 (each line indented by one space).
  const preamble: string[] = [];
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    if (NOTICE_LINE.test(line)) {
      setAside.push({ line: i + 1, text: line });
      continue;
    }
    if (line.startsWith(SPACE) && !line.startsWith(SPACE + '（') && !line.startsWith(SPACE + SPACE)) {
      preamble.push(line.slice(1));
      continue;
    }
    break;
  }

  const articles: Article[] = [];
  const rows: Omit<Measure, 'id'>[] = [];
  const appendices: AppendixTable[] = [];
  const supplementary: Paragraph[] = [];
  let caption: string | undefined;
  /** Where item lines go: the paragraph being read (of an article or of the 附則). */
  let paragraph: Paragraph | undefined;
  let section: 'articles' | 'measures' | 'appendix' | 'supplementary' | 'history' = 'articles';
  let category: MeasureCategory | undefined;
  let row: Omit<Measure, 'id'> | undefined;
  let table: AppendixTable | undefined;

  const itemLine = (line: string, index: number): boolean => {
    const match = /^(\u3000+)(\S+?)\u3000(.*)$/.exec(line);
    if (!match || !paragraph) return false;
    const depth = (match[1] ?? '').length - 1;
    const number = readItemMark(match[2] ?? '', depth, style);
    if (number === undefined) return false;
    let siblings = paragraph.items;
    for (let d = 0; d < depth; d++) {
      const parent = siblings[siblings.length - 1];
      if (!parent) {
        problem(index, '細分の前に、それを含む号がありません');
        return true;
      }
      siblings = parent.subItems;
    }
    siblings.push({ number, text: match[3] ?? '', subItems: [] } satisfies Item);
    return true;
  };

  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      if (section === 'history') section = 'supplementary';
      continue;
    }
    if (AMENDMENT_SUPPLEMENTARY.test(line)) {
      section = 'history';
      setAside.push({ line: i + 1, text: line });
      continue;
    }
    if (section === 'history') {
      setAside.push({ line: i + 1, text: line });
      continue;
    }
    if (line === `附${SPACE}則`) {
      section = 'supplementary';
      paragraph = undefined;
      continue;
    }
    if (/^別表/.test(line)) {
      const numbered =
        /^別表第([0-9０-９〇一二三四五六七八九十]+(?:の[0-9０-９〇一二三四五六七八九十]+)*)(?:\u3000(.*))?$/.exec(
          line,
        );
      if (numbered) {
        section = 'appendix';
        table = {
          number: readBranched(numbered[1] ?? '') ?? '',
          title: numbered[2] ?? '',
          columns: [],
          rows: [],
        };
        appendices.push(table);
      } else {
        section = 'measures';
      }
      paragraph = undefined;
      continue;
    }
    if (section === 'measures') {
      const heading = CATEGORY_BY_LABEL.get(line);
      if (heading !== undefined) {
        category = heading;
        continue;
      }
      const start = /^(\S+)\u3000施策名\u3000(.*)$/.exec(line);
      if (start && readItemMark(start[1] ?? '', 0, style) !== undefined) {
        if (category === undefined) {
          problem(i, '連携施策の区分（①②③）の見出しがありません');
          continue;
        }
        row = { category, name: start[2] ?? '', content: '', roles: { core: '', partner: '' } };
        rows.push(row);
        continue;
      }
      const field = /^\u3000\u3000(取組内容|役割分担\u3000甲)\u3000(.*)$/.exec(line);
      const partner = /^\u3000{7}乙\u3000(.*)$/.exec(line);
      if (row && field) {
        if (field[1] === '取組内容') row.content = field[2] ?? '';
        else row.roles.core = field[2] ?? '';
        continue;
      }
      if (row && partner) {
        row.roles.partner = partner[1] ?? '';
        continue;
      }
      problem(i, '別表の行として読めません（施策名、取組内容、役割分担 甲・乙 の順に書いてください）');
      continue;
    }
    if (section === 'appendix' && table) {
      const first = /^(\S+)\u3000(.*)$/.exec(line);
      const cell = /^\u3000\u3000(.*)$/.exec(line);
      const split = (content: string): [string, string] => {
        const at = content.indexOf(SPACE);
        return at < 0 ? ['', content] : [content.slice(0, at), content.slice(at + 1)];
      };
      if (first && readItemMark(first[1] ?? '', 0, style) !== undefined) {
        const [name, value] = split(first[2] ?? '');
        table.rows.push({ id: `r${table.rows.length + 1}`, cells: [value] });
        if (table.rows.length === 1) table.columns = [name];
        continue;
      }
      const current = table.rows[table.rows.length - 1];
      if (cell && current) {
        const [name, value] = split(cell[1] ?? '');
        current.cells.push(value);
        if (table.rows.length === 1) table.columns.push(name);
        continue;
      }
      problem(i, '別表の行として読めません');
      continue;
    }
    if (section === 'supplementary') {
      const numbered = /^([0-9０-９]+)\u3000(.*)$/.exec(line);
      if (numbered) {
        paragraph = { number: supplementary.length + 1, text: numbered[2] ?? '', items: [] };
        supplementary.push(paragraph);
        continue;
      }
      if (supplementary.length === 0 && line.startsWith(SPACE) && !line.startsWith(SPACE + SPACE)) {
        paragraph = { number: 1, text: line.slice(1), items: [] };
        supplementary.push(paragraph);
        continue;
      }
      if (itemLine(line, i)) continue;
      problem(i, '附則の項として読めません');
      continue;
    }
    // The articles.
    const captionMatch = (style === 'kanji' ? /^\u3000（(.+)）$/ : /^（(.+)）$/).exec(line);
    if (captionMatch) {
      caption = captionMatch[1] ?? '';
      continue;
    }
    const articleMatch = ARTICLE_LINE.exec(line);
    if (articleMatch) {
      const number = readBranched((articleMatch[1] ?? '') + (articleMatch[2] ?? ''));
      if (number === undefined) {
        problem(i, '条の番号として読めません');
        continue;
      }
      const body = articleMatch[3] ?? '';
      if (body === DELETED_PROVISION_TEXT && caption === undefined) {
        articles.push({ number, caption: '', paragraphs: [], deleted: true });
        paragraph = undefined;
      } else {
        paragraph = { number: 1, text: body, items: [] };
        articles.push({ number, caption: caption ?? '', paragraphs: [paragraph], deleted: false });
      }
      caption = undefined;
      continue;
    }
    const current = articles[articles.length - 1];
    const paragraphMatch = /^([0-9０-９]+)\u3000(.*)$/.exec(line);
    if (paragraphMatch && current && !current.deleted) {
      const number = parseNumeral(paragraphMatch[1] ?? '');
      if (number !== current.paragraphs.length + 1) {
        problem(i, `項の番号が続いていません（${current.paragraphs.length + 1}のはずです）`);
        continue;
      }
      paragraph = { number, text: paragraphMatch[2] ?? '', items: [] };
      current.paragraphs.push(paragraph);
      continue;
    }
    if (itemLine(line, i)) continue;
    problem(
      i,
      articles.length === 0
        ? '前文の後には見出し（…）又は第1条が来るはずです'
        : '条、項、号、別表又は附則として読めません',
    );
  }

  if (problems.length > 0) return { ok: false, problems };
  const ids = measureIds(rows, options.base?.measures ?? []);
  const document: AgreementDocument = {
    title,
    ...(style === 'kanji' ? { style } : {}),
    preamble: preamble.join('\n'),
    articles,
    measures: rows.map((m, index) => ({ id: ids[index] ?? '', ...m })),
    appendices,
    supplementaryProvisions: { paragraphs: supplementary },
  };
  const invalid = validateDocument(document);
  if (invalid.length > 0) {
    return { ok: false, problems: invalid.map((reason) => ({ line: 0, text: '', reason })) };
  }
  return { ok: true, document, setAside };
}

/**
 * 新旧対照表: the comparison laid out as legal staff print it — two columns, 変更後 on the left and
 * 変更前 on the right by default (an agreement is 変更, not 改正; `term` gives 改正後・改正前), one
 * row per article (with its paragraphs and items), per measure of the 別表 and per other 別表, and
 * one for 附則 when it changes; each cell reads as the text prints it (the measures under their
 * category headings ①②③, as {@link renderDocument} prints the 別表); changed words underlined (傍線)
 * on both sides — exactly the spans the 改め文 quotes when `spans` is given, else the word diff; an
 * inserted word shown on the old side (and a deleted one on the new side) as an underlined blank of
 * full-width spaces as long as the word; a new provision marked 「（新設）」 on the old side and a
 * removed one 「（削る）」 on the new side; unchanged provisions optionally elided as 「（略）」.
 *
 * The table is a plain JSON model; {@link renderComparisonHtml} prints it as a complete HTML page
 * (A4 landscape) and {@link renderComparisonText} as plain text.
 */
import { DELETED_PROVISION_TEXT, type AgreementDocument, type ProvisionPath } from '../document.model';
import { isProvisionNumber } from '../numbering';
import { documentStyle, renderItemMark, renderParagraphMark, type RenderStyle } from '../render';
import { itemPath, spanIndex, underlinedAt, type SpanIndex } from './amended-spans';
import type { NamedPair } from './align';
import type { AmendedSpan, TextLocation } from './amending-text/model';
import { compareDocuments } from './compare-documents';
import type {
  AppendixComparison,
  ArticleComparison,
  ComparisonStatus,
  DocumentComparison,
  ItemComparison,
  MeasureComparison,
  MeasureField,
  ParagraphComparison,
  ProvisionComparison,
} from './comparison.model';
import { articleLabel } from './labels';
import type { Segment } from './token-diff';

export type ComparisonOrder = 'new-old' | 'old-new';
export type ComparisonSide = 'new' | 'old';
/** What the change is called: 変更 for an agreement (地方自治法 第252条の2第4項), 改正 for a 例規. */
export type ChangeTerm = '変更' | '改正';

export interface ComparisonTableOptions {
  /** `'new-old'` (default): 変更後 left, 変更前 right. */
  order?: ComparisonOrder;
  /** Print unchanged provisions as 「（略）」 (default false). */
  elideUnchanged?: boolean;
  /** Numbering style (default: the comparison's; {@link comparisonTable}: the new version's). */
  style?: RenderStyle;
  /** 変更 (default): columns 変更後・変更前, note 「（傍線部分は変更部分）」; 改正: 改正後・改正前. */
  term?: ChangeTerm;
  /**
   * The spans the 改め文 of the amendment between the two versions quotes: when given, the 傍線 are
   * exactly these (numbers included); when absent, the word diff. Give {@link buildComparisonTable}
   * the spans its comparison was computed with.
   */
  spans?: readonly AmendedSpan[];
  /** For {@link comparisonTable}: the articles the same 改め文 names ({@link CompareOptions.articles}). */
  articles?: readonly NamedPair[];
}

/** A piece of a line; `underline` marks a change (傍線). `blank`: full-width spaces standing for text
 * the other side has here. */
export interface ComparisonRun {
  text: string;
  underline: boolean;
  blank?: boolean;
}

/**
 * One printed line (a paragraph, item, caption …), `indent` full-width characters in. `hanging`
 * (the default for numbered provisions): its continuation lines hang one character further in;
 * otherwise (前文, an unnumbered 附則) only the first line is indented.
 */
export interface ComparisonLine {
  indent: number;
  hanging?: boolean;
  runs: ComparisonRun[];
}

export interface ComparisonCell {
  side: ComparisonSide;
  lines: ComparisonLine[];
}

export type ComparisonRowKind =
  | 'title'
  | 'preamble'
  | 'article'
  | 'articles-elided'
  | 'measures-heading'
  | 'measure'
  | 'measures-elided'
  | 'appendix'
  | 'supplementary';

export interface ComparisonTableRow {
  /** The provision's comparison key (for an elided run: the first one's). */
  key: string;
  kind: ComparisonRowKind;
  status: ComparisonStatus;
  /** In column order. */
  cells: [ComparisonCell, ComparisonCell];
}

export interface ComparisonColumn {
  side: ComparisonSide;
  /** 変更後 / 変更前 (改正後 / 改正前). */
  label: string;
}

export interface ComparisonTable {
  order: ComparisonOrder;
  style: RenderStyle;
  elideUnchanged: boolean;
  /** 変更 or 改正: the column labels and the note under the title say it. */
  term: ChangeTerm;
  /** Where the 傍線 come from: the 改め文's spans, or the word diff. */
  underlines: 'amendment' | 'word-diff';
  /** The new version's 題名 (the old one's if the new one is empty). */
  documentTitle: string;
  columns: [ComparisonColumn, ComparisonColumn];
  rows: ComparisonTableRow[];
}

const SPACE = '\u3000';
const NEW_MARK = '（新設）';
const REMOVED_MARK = '（削る）';
const ELIDED = '（略）';
const columnLabel = (side: ComparisonSide, term: ChangeTerm): string =>
  `${term}${side === 'new' ? '後' : '前'}`;

const plain = (text: string): ComparisonRun => ({ text, underline: false });
const marked = (text: string, underline: boolean): ComparisonRun => ({ text, underline });

function runsOf(segments: readonly Segment[] | undefined): ComparisonRun[] {
  return (segments ?? []).map((s) =>
    s.text === '' && s.changed
      ? { text: SPACE.repeat(Math.max(1, s.width ?? 1)), underline: true, blank: true }
      : { text: s.text, underline: s.changed },
  );
}

/** Lines from runs, split where a run contains a line break. */
function linesOf(indent: number, runs: readonly ComparisonRun[], hanging?: boolean): ComparisonLine[] {
  const shape = hanging === false ? { indent, hanging } : { indent };
  const lines: ComparisonLine[] = [{ ...shape, runs: [] }];
  for (const run of runs) {
    run.text.split('\n').forEach((part, index) => {
      if (index > 0) lines.push({ ...shape, runs: [] });
      const current = lines[lines.length - 1];
      if (current && part !== '') current.runs.push({ ...run, text: part });
    });
  }
  return lines;
}

const sideSegments = (c: ProvisionComparison, side: ComparisonSide): Segment[] | undefined =>
  side === 'old' ? c.old : c.new;

function present(
  c: { oldLabel?: string; newLabel?: string; status: ComparisonStatus },
  side: ComparisonSide,
): boolean {
  if (side === 'old') return c.status !== 'added';
  return c.status !== 'removed';
}

/** Whether the number (mark) itself is a change on this side: renumbered, added or removed. */
const numberChanged = (status: ComparisonStatus): boolean =>
  status === 'renumbered' || status === 'added' || status === 'removed';

/** Elided as 「（略）」: unchanged, or only renumbered (then its number stays, underlined). */
const elidable = (ctx: Context, c: ProvisionComparison): boolean =>
  ctx.elide && (c.status === 'unchanged' || (c.status === 'renumbered' && !c.textChanged));

function absentMark(side: ComparisonSide): string {
  return side === 'old' ? NEW_MARK : REMOVED_MARK;
}

interface Context {
  style: RenderStyle;
  elide: boolean;
  spans?: SpanIndex;
}

/**
 * A number as printed (第6条, 2, (1)): underlined as a whole when the spans reach it, or — without
 * spans — when it moves (renumbered, added or removed).
 */
function numberRun(
  ctx: Context,
  side: ComparisonSide,
  text: string,
  at: TextLocation | undefined,
  status: ComparisonStatus,
): ComparisonRun {
  return marked(text, ctx.spans === undefined ? numberChanged(status) : underlinedAt(ctx.spans, side, at));
}

function itemLines(
  items: readonly ItemComparison[],
  side: ComparisonSide,
  ctx: Context,
  out: ComparisonLine[],
  parent: ProvisionPath | undefined,
): void {
  for (const item of items) {
    const indent = item.depth + 1;
    if (!present(item, side)) {
      out.push({ indent, runs: [plain(absentMark(side))] });
      continue;
    }
    const number = side === 'old' ? item.oldNumber : item.newNumber;
    const mark =
      number !== undefined && isProvisionNumber(number)
        ? renderItemMark(number, item.depth, ctx.style)
        : `(${number ?? ''})`;
    const path = number === undefined ? undefined : itemPath(parent, number, item.depth);
    const at: TextLocation | undefined = path && { kind: 'number', path };
    const head = [numberRun(ctx, side, mark, at, item.status), plain(SPACE)];
    if (elidable(ctx, item)) {
      out.push({ indent, runs: [...head, plain(ELIDED)] });
      continue;
    }
    out.push(...linesOf(indent, [...head, ...runsOf(sideSegments(item, side))]));
    itemLines(item.subItems, side, ctx, out, path);
  }
}

/**
 * Paragraph lines; the first paragraph present on this side starts with `firstMark` (the article
 * number, or nothing in a single-paragraph 附則).
 */
function paragraphLines(
  paragraphs: readonly ParagraphComparison[],
  side: ComparisonSide,
  firstMark: ComparisonRun[] | undefined,
  ctx: Context,
  out: ComparisonLine[],
  /** The article on this side (none in the 附則: its numbers and items have no location). */
  article: ProvisionPath['article'] | undefined,
): void {
  let index = 0;
  for (const p of paragraphs) {
    if (!present(p, side)) {
      out.push({ indent: 0, runs: [plain(absentMark(side))] });
      continue;
    }
    const number = (side === 'old' ? p.oldNumber : p.newNumber) ?? 0;
    const path = article === undefined ? undefined : { article, paragraph: number };
    const head =
      index === 0 && firstMark !== undefined
        ? firstMark
        : [
            numberRun(
              ctx,
              side,
              renderParagraphMark(number, ctx.style),
              path && { kind: 'number', path },
              p.status,
            ),
            plain(SPACE),
          ];
    // An unnumbered paragraph (a single 附則 paragraph): first line indented, no hanging indent.
    const shape = head.length === 0 ? { indent: 1, hanging: false } : { indent: 0 };
    index++;
    if (elidable(ctx, p)) {
      out.push({ ...shape, runs: [...head, plain(ELIDED)] });
      continue;
    }
    out.push(...linesOf(shape.indent, [...head, ...runsOf(sideSegments(p, side))], shape.hanging));
    itemLines(p.items, side, ctx, out, path);
  }
}

function articleCell(article: ArticleComparison, side: ComparisonSide, ctx: Context): ComparisonLine[] {
  if (!present(article, side)) return [{ indent: 0, runs: [plain(absentMark(side))] }];
  const number = (side === 'old' ? article.oldNumber : article.newNumber) ?? '';
  const label = numberRun(
    ctx,
    side,
    articleLabel(number, ctx.style),
    { kind: 'number', path: { article: number } },
    article.status,
  );
  const deleted = side === 'old' ? article.oldDeleted : article.newDeleted;
  if (deleted === true) {
    // 「第5条 削除」: the word 削除 is the article's text.
    const deletionChanged =
      ctx.spans === undefined
        ? article.oldDeleted !== article.newDeleted
        : underlinedAt(ctx.spans, side, { kind: 'text', path: { article: number } });
    return [{ indent: 0, runs: [label, plain(SPACE), marked(DELETED_PROVISION_TEXT, deletionChanged)] }];
  }
  const lines: ComparisonLine[] = [];
  const caption = sideSegments(article.caption, side) ?? [];
  if (caption.some((s) => s.text !== '')) {
    lines.push({
      indent: ctx.style === 'kanji' ? 1 : 0,
      runs: [plain('（'), ...runsOf(caption), plain('）')],
    });
  }
  paragraphLines(article.paragraphs, side, [label, plain(SPACE)], ctx, lines, number);
  if (lines.length === 0) lines.push({ indent: 0, runs: [label] });
  return lines;
}

function cells(
  order: ComparisonOrder,
  build: (side: ComparisonSide) => ComparisonLine[],
): [ComparisonCell, ComparisonCell] {
  const [first, second]: [ComparisonSide, ComparisonSide] =
    order === 'new-old' ? ['new', 'old'] : ['old', 'new'];
  return [
    { side: first, lines: build(first) },
    { side: second, lines: build(second) },
  ];
}

/** 第1条 （略）, 第1条・第2条 （略）, 第1条～第3条 （略） (U+3000 before （略）). */
function elidedRange(labels: readonly string[]): string {
  const first = labels[0] ?? '';
  const last = labels[labels.length - 1] ?? '';
  if (labels.length <= 1) return `${first}${SPACE}${ELIDED}`;
  if (labels.length === 2) return `${first}・${last}${SPACE}${ELIDED}`;
  return `${first}～${last}${SPACE}${ELIDED}`;
}

/** Rows for provisions, collapsing runs of unchanged ones into one 「（略）」 row when eliding. */
function rowsWithElision<T extends ProvisionComparison>(
  list: readonly T[],
  ctx: Context,
  order: ComparisonOrder,
  elidedKind: ComparisonRowKind,
  labelOf: (c: T) => string,
  row: (c: T) => ComparisonTableRow,
): ComparisonTableRow[] {
  const rows: ComparisonTableRow[] = [];
  let run: T[] = [];
  const flush = (): void => {
    const [first] = run;
    if (first) {
      const text = elidedRange(run.map(labelOf));
      rows.push({
        key: first.key,
        kind: elidedKind,
        status: 'unchanged',
        cells: cells(order, () => [{ indent: 0, runs: [plain(text)] }]),
      });
    }
    run = [];
  };
  for (const c of list) {
    if (ctx.elide && c.status === 'unchanged') {
      run.push(c);
      continue;
    }
    flush();
    rows.push(row(c));
  }
  flush();
  return rows;
}

/** The lines of a row after its 施策名, as the text prints them (the category is the group heading). */
const MEASURE_LINE_LABELS: readonly [MeasureField, number, string][] = [
  ['content', 2, `取組内容${SPACE}`],
  ['roles.core', 2, `役割分担${SPACE}甲${SPACE}`],
  ['roles.partner', 7, `乙${SPACE}`],
];

/**
 * A row of the measures table; `heading`: the row is the first of its category on this side, so the
 * category's heading (①圏域全体の経済成長のけん引) comes first, as in the text.
 */
function measureCell(
  measure: MeasureComparison,
  side: ComparisonSide,
  ctx: Context,
  heading: ComparisonRun | undefined,
): ComparisonLine[] {
  if (!present(measure, side)) return [{ indent: 0, runs: [plain(absentMark(side))] }];
  const row = (side === 'old' ? measure.oldRow : measure.newRow) ?? 0;
  const field = (name: MeasureField): Segment[] | undefined => {
    const found = measure.fields.find((f) => f.field === name);
    return found && sideSegments(found, side);
  };
  const at: TextLocation = { kind: 'measure', id: measure.id, field: 'number' };
  const mark = numberRun(ctx, side, renderItemMark(String(row), 0, ctx.style), at, measure.status);
  const lines: ComparisonLine[] = heading === undefined ? [] : [{ indent: 0, runs: [heading] }];
  if (elidable(ctx, measure)) return [...lines, { indent: 0, runs: [mark, plain(SPACE), plain(ELIDED)] }];
  lines.push(...linesOf(0, [mark, plain(`${SPACE}施策名${SPACE}`), ...runsOf(field('name'))]));
  for (const [name, indent, label] of MEASURE_LINE_LABELS) {
    lines.push(...linesOf(indent, [plain(label), ...runsOf(field(name))]));
  }
  return lines;
}

function appendixCell(appendix: AppendixComparison, side: ComparisonSide, ctx: Context): ComparisonLine[] {
  if (!present(appendix, side)) return [{ indent: 0, runs: [plain(absentMark(side))] }];
  const label = (side === 'old' ? appendix.oldLabel : appendix.newLabel) ?? '別表';
  const heading = label.replace(/^別表/, '');
  const title = runsOf(sideSegments(appendix.title, side));
  const lines = linesOf(0, [plain(`別表${heading}`), ...(title.length > 0 ? [plain(SPACE), ...title] : [])]);
  const columnName = (index: number): ComparisonRun[] => {
    const column = appendix.columns[index];
    const runs = column ? runsOf(sideSegments(column, side)) : [];
    return runs.length > 0 ? [...runs, plain(SPACE)] : [];
  };
  for (const row of appendix.rows) {
    if (!present(row, side)) {
      lines.push({ indent: 0, runs: [plain(absentMark(side))] });
      continue;
    }
    const number = (side === 'old' ? row.oldRow : row.newRow) ?? 0;
    // No 改め文 reaches another 別表: with spans its numbers are not underlined.
    const mark = numberRun(ctx, side, renderItemMark(String(number), 0, ctx.style), undefined, row.status);
    if (elidable(ctx, row)) {
      lines.push({ indent: 0, runs: [mark, plain(SPACE), plain(ELIDED)] });
      continue;
    }
    row.cells.forEach((cell, index) => {
      const head = index === 0 ? [mark, plain(SPACE)] : [];
      lines.push(
        ...linesOf(index === 0 ? 0 : 2, [...head, ...columnName(index), ...runsOf(sideSegments(cell, side))]),
      );
    });
  }
  return lines;
}

function supplementaryCell(
  paragraphs: readonly ParagraphComparison[],
  side: ComparisonSide,
  ctx: Context,
): ComparisonLine[] {
  const lines: ComparisonLine[] = [{ indent: 0, runs: [plain(`附${SPACE}則`)] }];
  const count = paragraphs.filter((p) => present(p, side)).length;
  // A single 附則 paragraph carries no number.
  paragraphLines(paragraphs, side, count === 1 ? [] : undefined, ctx, lines, undefined);
  return lines;
}

/**
 * Per side, the category heading each measure row starts with: the rows in table order, a heading
 * before the first row of each category present on that side. Without spans, the heading of a
 * group the other side does not have is underlined (its words are new, or gone).
 */
function categoryHeadings(
  measures: readonly MeasureComparison[],
  ctx: Context,
): Record<ComparisonSide, Map<string, ComparisonRun>> {
  const categoryOn = (measure: MeasureComparison, side: ComparisonSide): string => {
    const category = measure.fields.find((f) => f.field === 'category');
    return ((category && sideSegments(category, side)) ?? []).map((s) => s.text).join('');
  };
  const groups = (side: ComparisonSide): Set<string> =>
    new Set(measures.filter((m) => present(m, side)).map((m) => categoryOn(m, side)));
  const groupsOn = { old: groups('old'), new: groups('new') };
  const headings = { old: new Map<string, ComparisonRun>(), new: new Map<string, ComparisonRun>() };
  for (const side of ['old', 'new'] as const) {
    const other = groupsOn[side === 'old' ? 'new' : 'old'];
    let previous: string | undefined;
    for (const measure of measures) {
      if (!present(measure, side)) continue;
      const label = categoryOn(measure, side);
      if (label !== previous) {
        headings[side].set(measure.key, marked(label, ctx.spans === undefined && !other.has(label)));
      }
      previous = label;
    }
  }
  return headings;
}

/**
 * Lays a comparison out as a 新旧対照表. Rows in document order: 題名 (only when changed), 前文,
 * articles, the measures table, other 別表, 附則.
 */
export function buildComparisonTable(
  comparison: DocumentComparison,
  options: ComparisonTableOptions = {},
): ComparisonTable {
  const order = options.order ?? 'new-old';
  const term = options.term ?? '変更';
  const ctx: Context = {
    style: options.style ?? comparison.style,
    elide: options.elideUnchanged ?? false,
    ...(options.spans === undefined ? {} : { spans: spanIndex(options.spans) }),
  };
  const rows: ComparisonTableRow[] = [];
  const sideText = (c: ProvisionComparison, side: ComparisonSide): string =>
    (sideSegments(c, side) ?? []).map((s) => s.text).join('');

  if (comparison.title.status !== 'unchanged') {
    rows.push({
      key: comparison.title.key,
      kind: 'title',
      status: comparison.title.status,
      cells: cells(order, (side) => linesOf(0, runsOf(sideSegments(comparison.title, side)))),
    });
  }
  const preamble = comparison.preamble;
  if (sideText(preamble, 'old') !== '' || sideText(preamble, 'new') !== '') {
    rows.push({
      key: preamble.key,
      kind: 'preamble',
      status: preamble.status,
      cells: cells(order, (side) =>
        ctx.elide && preamble.status === 'unchanged'
          ? [{ indent: 0, runs: [plain(ELIDED)] }]
          : linesOf(1, runsOf(sideSegments(preamble, side)), false),
      ),
    });
  }
  rows.push(
    ...rowsWithElision(
      comparison.articles,
      ctx,
      order,
      'articles-elided',
      (a) => articleLabel(a.newNumber ?? a.oldNumber ?? '', ctx.style),
      (a) => ({
        key: a.key,
        kind: 'article',
        status: a.status,
        cells: cells(order, (side) => articleCell(a, side, ctx)),
      }),
    ),
  );
  if (comparison.measures.length > 0) {
    const allUnchanged = comparison.measures.every((m) => m.status === 'unchanged');
    rows.push({
      key: 'measures',
      kind: 'measures-heading',
      status: allUnchanged ? 'unchanged' : 'changed',
      cells: cells(order, (side) => {
        const exists = comparison.measures.some((m) => present(m, side));
        if (!exists) return [{ indent: 0, runs: [plain(absentMark(side))] }];
        // As the text in force heads it: 別表（第3条関係）.
        const heading = comparison.measuresHeading[side];
        return [
          { indent: 0, runs: [plain(ctx.elide && allUnchanged ? `${heading}${SPACE}${ELIDED}` : heading)] },
        ];
      }),
    });
    if (!(ctx.elide && allUnchanged)) {
      const headings = categoryHeadings(comparison.measures, ctx);
      rows.push(
        ...rowsWithElision(
          comparison.measures,
          ctx,
          order,
          'measures-elided',
          (m) => renderItemMark(String(m.newRow ?? m.oldRow ?? 0), 0, ctx.style),
          (m) => ({
            key: m.key,
            kind: 'measure',
            status: m.status,
            cells: cells(order, (side) => measureCell(m, side, ctx, headings[side].get(m.key))),
          }),
        ),
      );
    }
  }
  for (const appendix of comparison.appendices) {
    rows.push({
      key: appendix.key,
      kind: 'appendix',
      status: appendix.status,
      cells: cells(order, (side) =>
        ctx.elide && appendix.status === 'unchanged'
          ? [
              {
                indent: 0,
                runs: [plain(`${appendix.newLabel ?? appendix.oldLabel ?? '別表'}${SPACE}${ELIDED}`)],
              },
            ]
          : appendixCell(appendix, side, ctx),
      ),
    });
  }
  // An unchanged 附則 is no change: left out, elided or not (the original's 施行期日 stays as it was).
  const supplementary = comparison.supplementaryProvisions;
  if (supplementary.some((p) => p.status !== 'unchanged')) {
    rows.push({
      key: 'supplementary',
      kind: 'supplementary',
      status: 'changed',
      cells: cells(order, (side) => supplementaryCell(supplementary, side, ctx)),
    });
  }
  const sides: [ComparisonSide, ComparisonSide] = order === 'new-old' ? ['new', 'old'] : ['old', 'new'];
  const documentTitle = sideText(comparison.title, 'new') || sideText(comparison.title, 'old');
  return {
    order,
    style: ctx.style,
    elideUnchanged: ctx.elide,
    term,
    underlines: ctx.spans === undefined ? 'word-diff' : 'amendment',
    documentTitle,
    columns: [
      { side: sides[0], label: columnLabel(sides[0], term) },
      { side: sides[1], label: columnLabel(sides[1], term) },
    ],
    rows,
  };
}

/**
 * {@link compareDocuments} then {@link buildComparisonTable}, with the same spans; numbers in the
 * style of the new version ({@link documentStyle}) unless `style` says otherwise.
 */
export function comparisonTable(
  oldDoc: AgreementDocument,
  newDoc: AgreementDocument,
  options: ComparisonTableOptions = {},
): ComparisonTable {
  const style = options.style ?? documentStyle(newDoc);
  const comparison = compareDocuments(oldDoc, newDoc, {
    style,
    ...(options.spans === undefined ? {} : { spans: options.spans }),
    ...(options.articles === undefined ? {} : { articles: options.articles }),
  });
  return buildComparisonTable(comparison, { ...options, style });
}

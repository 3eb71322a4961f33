/**
 * The structural comparison of two versions of an agreement, provision by provision: 題名, 前文,
 * articles with their 見出し, paragraphs, items and sub-items, the measures table (rows matched by
 * measure id), other 別表 (rows matched by row id) and 附則. Inside a changed provision the changes
 * are computed on whole tokens ({@link diffTexts}). Pairing across a renumbering follows the
 * similarity rule of {@link alignProvisions}. The result is plain JSON.
 */
import { measuresTableHeading } from '../consolidated-text';
import { measuresInTableOrder } from '../measure';
import {
  DELETED_PROVISION_TEXT,
  type AgreementDocument,
  type AppendixTable,
  type Article,
  type Item,
  type Measure,
  type Paragraph,
  type ProvisionNumber,
  type ProvisionPath,
} from '../document.model';
import { measureCategoryLabel } from '../measure';
import { compareProvisionNumbers, isProvisionNumber, parseProvisionNumber } from '../numbering';
import { documentStyle, renderItemMark, renderNumeral, type RenderStyle } from '../render';
import type { AmendedSpan, TextLocation } from './amending-text/model';
import {
  itemPath,
  segmentsFromSpans,
  spanIndex,
  spansAt,
  underlinedAt,
  type SpanIndex,
} from './amended-spans';
import { articleLabel, itemUnitLabel, paragraphUnitLabel } from './labels';
import { alignProvisions, type AlignInput, type Aligned, type NamedPair } from './align';
import {
  MEASURE_FIELD_LABELS,
  MEASURE_FIELDS,
  type AppendixComparison,
  type AppendixRowComparison,
  type ArticleComparison,
  type ComparisonStatus,
  type DocumentComparison,
  type ItemComparison,
  type MeasureComparison,
  type MeasureField,
  type MeasureFieldComparison,
  type ParagraphComparison,
  type ProvisionComparison,
  type ProvisionKind,
} from './comparison.model';
import { diffSequences, diffTexts, wholeSegments, type Segment } from './token-diff';

export interface CompareOptions {
  /** The style of the labels (default: the new version's, {@link documentStyle}). */
  style?: RenderStyle;
  /**
   * What the amendment between the two versions changes, as its 改め文 quotes it: when given, the
   * changed segments are exactly these spans (the 傍線 agree with the 「」 of the 改め文); when absent,
   * the word diff (two arbitrary versions, which no operations lead from one to the other).
   */
  spans?: readonly AmendedSpan[];
  /**
   * The articles that 改め文 names, by their numbers in the old and the new version
   * ({@link amendedArticles}): articles are paired as it names them, not by their texts.
   */
  articles?: readonly NamedPair[];
}

/** What every comparison below needs: the style of labels, and the spans when there are. */
interface Context {
  style: RenderStyle;
  spans?: SpanIndex;
}

/** Where a piece of text is on each side, for the spans. */
interface Located {
  old?: TextLocation;
  new?: TextLocation;
}

/** Document order of two numbers; tolerant of malformed ones (they sort as strings, last). */
function compareNumbers(a: string, b: string): number {
  if (isProvisionNumber(a) && isProvisionNumber(b)) return compareProvisionNumbers(a, b);
  if (isProvisionNumber(a) !== isProvisionNumber(b)) return isProvisionNumber(a) ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `3` when both sides agree; `6>7`, `>3-2`, `5>` otherwise. */
function keyPart(oldNumber: string | undefined, newNumber: string | undefined): string {
  return oldNumber === newNumber ? (oldNumber ?? '') : `${oldNumber ?? ''}>${newNumber ?? ''}`;
}

/** The label of an item under `parent`: …第1号の2 at depth 0, …ア at depth 1, …(ア) below. */
function itemLabel(parent: string, number: ProvisionNumber, depth: number, style: RenderStyle): string {
  return parent + itemUnitLabel(number, depth, style);
}

/** The label of row `row` (1-based) of the measures table: 別表(2)の項 / 別表二の項. */
export function measureRowLabel(row: number, style: RenderStyle): string {
  return `別表${renderItemMark(String(row), 0, style)}の項`;
}

function itemText(item: Item): string {
  return [item.text, ...item.subItems.map(itemText)].join('\n');
}

function paragraphText(paragraph: Paragraph): string {
  return [paragraph.text, ...paragraph.items.map(itemText)].join('\n');
}

function articleText(article: Article): string {
  if (article.deleted) return DELETED_PROVISION_TEXT;
  return [article.caption, ...article.paragraphs.map(paragraphText)].join('\n');
}

/** Compares one piece of text that exists on one side or both. */
function compareText(
  ctx: Context,
  located: Located,
  key: string,
  kind: ProvisionKind,
  oldText: string | undefined,
  newText: string | undefined,
  oldLabel: string | undefined,
  newLabel: string | undefined,
): ProvisionComparison {
  const labels = {
    ...(oldLabel === undefined || oldText === undefined ? {} : { oldLabel }),
    ...(newLabel === undefined || newText === undefined ? {} : { newLabel }),
  };
  if (oldText === undefined && newText === undefined) {
    return { key, kind, ...labels, status: 'unchanged', textChanged: false };
  }
  if (ctx.spans !== undefined) return fromSpans(ctx.spans, located, key, kind, labels, oldText, newText);
  if (oldText === undefined) {
    return {
      key,
      kind,
      ...labels,
      status: 'added',
      textChanged: true,
      new: wholeSegments(newText ?? '', true),
    };
  }
  if (newText === undefined) {
    return { key, kind, ...labels, status: 'removed', textChanged: true, old: wholeSegments(oldText, true) };
  }
  const diff = diffTexts(oldText, newText);
  const changed = diff.changes.length > 0;
  return {
    key,
    kind,
    ...labels,
    status: changed ? 'changed' : 'unchanged',
    textChanged: changed,
    old: diff.old,
    new: diff.new,
  };
}

/** {@link compareText} with the spans of an amendment: its status from the texts, its 傍線 from the spans. */
function fromSpans(
  spans: SpanIndex,
  located: Located,
  key: string,
  kind: ProvisionKind,
  labels: { oldLabel?: string; newLabel?: string },
  oldText: string | undefined,
  newText: string | undefined,
): ProvisionComparison {
  const oldSpans = spansAt(spans, 'old', located.old);
  const newSpans = spansAt(spans, 'new', located.new);
  const status: ComparisonStatus =
    oldText === undefined
      ? 'added'
      : newText === undefined
        ? 'removed'
        : oldText === newText
          ? 'unchanged'
          : 'changed';
  return {
    key,
    kind,
    ...labels,
    status,
    textChanged: status !== 'unchanged',
    ...(oldText === undefined ? {} : { old: segmentsFromSpans(oldText, oldSpans, newSpans) }),
    ...(newText === undefined ? {} : { new: segmentsFromSpans(newText, newSpans, oldSpans) }),
  };
}

/** Status of a provision from whether it is paired, renumbered, and whether anything in it changed. */
function statusOf(
  hasOld: boolean,
  hasNew: boolean,
  renumbered: boolean,
  contentChanged: boolean,
): { status: ComparisonStatus; textChanged: boolean } {
  if (!hasOld) return { status: 'added', textChanged: true };
  if (!hasNew) return { status: 'removed', textChanged: true };
  if (renumbered) return { status: 'renumbered', textChanged: contentChanged };
  return { status: contentChanged ? 'changed' : 'unchanged', textChanged: contentChanged };
}

const isChanged = (c: ProvisionComparison): boolean => c.status !== 'unchanged';

/** Where an item's text is: in an article, or (`inSupplementary`) in a paragraph of the 附則. */
const textAt = (path: ProvisionPath | undefined, inSupplementary = false): TextLocation | undefined => {
  if (path === undefined) return undefined;
  if (!inSupplementary) return { kind: 'text', path };
  return {
    kind: 'supplementary',
    paragraph: path.paragraph ?? 1,
    ...(path.item === undefined ? {} : { item: path.item }),
    ...(path.subItem === undefined ? {} : { subItem: path.subItem }),
  };
};

function compareItems(
  ctx: Context,
  olds: readonly Item[],
  news: readonly Item[],
  depth: number,
  parentKey: string,
  parents: {
    oldLabel?: string;
    newLabel?: string;
    oldPath?: ProvisionPath;
    newPath?: ProvisionPath;
    inSupplementary?: boolean;
  },
): ItemComparison[] {
  const { style } = ctx;
  const input = (item: Item): AlignInput<Item> => ({
    value: item,
    number: item.number,
    text: itemText(item),
  });
  return alignProvisions(olds.map(input), news.map(input), compareNumbers).map(
    ({ old, new: nw }): ItemComparison => {
      const o = old?.value;
      const n = nw?.value;
      const key = `${parentKey}/item:${keyPart(o?.number, n?.number)}`;
      const oldLabel =
        o && parents.oldLabel !== undefined ? itemLabel(parents.oldLabel, o.number, depth, style) : undefined;
      const newLabel =
        n && parents.newLabel !== undefined ? itemLabel(parents.newLabel, n.number, depth, style) : undefined;
      const oldPath = o && itemPath(parents.oldPath, o.number, depth);
      const newPath = n && itemPath(parents.newPath, n.number, depth);
      const located = {
        old: textAt(oldPath, parents.inSupplementary),
        new: textAt(newPath, parents.inSupplementary),
      };
      const text = compareText(ctx, located, key, 'item', o?.text, n?.text, oldLabel, newLabel);
      const subItems = compareItems(ctx, o?.subItems ?? [], n?.subItems ?? [], depth + 1, key, {
        ...(oldLabel === undefined ? {} : { oldLabel }),
        ...(newLabel === undefined ? {} : { newLabel }),
        ...(oldPath === undefined ? {} : { oldPath }),
        ...(newPath === undefined ? {} : { newPath }),
        ...(parents.inSupplementary === true ? { inSupplementary: true } : {}),
      });
      const state = statusOf(
        o !== undefined,
        n !== undefined,
        o !== undefined && n !== undefined && o.number !== n.number,
        text.textChanged || subItems.some(isChanged),
      );
      return {
        ...text,
        ...state,
        kind: 'item',
        depth,
        ...(o ? { oldNumber: o.number } : {}),
        ...(n ? { newNumber: n.number } : {}),
        subItems,
      };
    },
  );
}

/** How the paragraphs of an article, or of the 附則, are labelled and located on one side. */
interface ParagraphSide {
  label: (n: number) => string;
  /** Where its text is, for the spans. */
  at: (n: number) => TextLocation;
  /** The path its items hang from. */
  path?: (n: number) => ProvisionPath;
  /** The paragraphs are the 附則's: their items are located there. */
  inSupplementary?: boolean;
}

function compareParagraphs(
  ctx: Context,
  olds: readonly Paragraph[],
  news: readonly Paragraph[],
  parentKey: string,
  sides: { old?: ParagraphSide; new?: ParagraphSide },
): ParagraphComparison[] {
  const input = (p: Paragraph): AlignInput<Paragraph> => ({
    value: p,
    number: String(p.number),
    text: paragraphText(p),
  });
  return alignProvisions(olds.map(input), news.map(input), (a, b) => Number(a) - Number(b)).map(
    ({ old, new: nw }): ParagraphComparison => {
      const o = old?.value;
      const n = nw?.value;
      const key = `${parentKey}/paragraph:${keyPart(o && String(o.number), n && String(n.number))}`;
      const oldLabel = o && sides.old?.label(o.number);
      const newLabel = n && sides.new?.label(n.number);
      const located = { old: o && sides.old?.at(o.number), new: n && sides.new?.at(n.number) };
      const text = compareText(ctx, located, key, 'paragraph', o?.text, n?.text, oldLabel, newLabel);
      const oldPath = o && sides.old?.path?.(o.number);
      const newPath = n && sides.new?.path?.(n.number);
      const items = compareItems(ctx, o?.items ?? [], n?.items ?? [], 0, key, {
        ...(oldLabel === undefined ? {} : { oldLabel }),
        ...(newLabel === undefined ? {} : { newLabel }),
        ...(oldPath === undefined ? {} : { oldPath }),
        ...(newPath === undefined ? {} : { newPath }),
        ...(sides.new?.inSupplementary === true || sides.old?.inSupplementary === true
          ? { inSupplementary: true }
          : {}),
      });
      const state = statusOf(
        o !== undefined,
        n !== undefined,
        o !== undefined && n !== undefined && o.number !== n.number,
        text.textChanged || items.some(isChanged),
      );
      return {
        ...text,
        ...state,
        kind: 'paragraph',
        ...(o ? { oldNumber: o.number } : {}),
        ...(n ? { newNumber: n.number } : {}),
        items,
      };
    },
  );
}

function compareArticle(ctx: Context, aligned: Aligned<Article>): ArticleComparison {
  const { style } = ctx;
  const o = aligned.old?.value;
  const n = aligned.new?.value;
  const key = `article:${keyPart(o?.number, n?.number)}`;
  const oldLabel = o ? articleLabel(o.number, style) : undefined;
  const newLabel = n ? articleLabel(n.number, style) : undefined;
  const renumbered = o !== undefined && n !== undefined && o.number !== n.number;
  const caption = compareText(
    ctx,
    {
      ...(o ? { old: { kind: 'caption', article: o.number } } : {}),
      ...(n ? { new: { kind: 'caption', article: n.number } } : {}),
    },
    `${key}/caption`,
    'caption',
    o?.caption,
    n?.caption,
    oldLabel && `${oldLabel}の見出し`,
    newLabel && `${newLabel}の見出し`,
  );
  const paragraphSide = (
    article: Article | undefined,
    label: string | undefined,
  ): ParagraphSide | undefined =>
    article && {
      label: (p) => `${label ?? ''}${paragraphUnitLabel(p, style)}`,
      at: (p) => ({ kind: 'text', path: { article: article.number, paragraph: p } }),
      path: (p) => ({ article: article.number, paragraph: p }),
    };
  const oldSide = paragraphSide(o, oldLabel);
  const newSide = paragraphSide(n, newLabel);
  const paragraphs = compareParagraphs(ctx, o?.paragraphs ?? [], n?.paragraphs ?? [], key, {
    ...(oldSide ? { old: oldSide } : {}),
    ...(newSide ? { new: newSide } : {}),
  });
  const deletedChanged = o !== undefined && n !== undefined && o.deleted !== n.deleted;
  const state = statusOf(
    o !== undefined,
    n !== undefined,
    renumbered,
    caption.textChanged || deletedChanged || paragraphs.some(isChanged),
  );
  // The number as printed (第6条), underlined as a whole: when it moves, or when the spans reach it.
  const heading = (
    side: 'old' | 'new',
    article: Article | undefined,
    label: string | undefined,
    moves: boolean,
  ): Segment[] | undefined => {
    if (article === undefined || label === undefined) return undefined;
    const at: TextLocation = { kind: 'number', path: { article: article.number } };
    return [{ text: label, changed: ctx.spans === undefined ? moves : underlinedAt(ctx.spans, side, at) }];
  };
  const oldHeading = heading('old', o, oldLabel, renumbered || n === undefined);
  const newHeading = heading('new', n, newLabel, renumbered || o === undefined);
  return {
    key,
    kind: 'article',
    ...(oldLabel === undefined ? {} : { oldLabel }),
    ...(newLabel === undefined ? {} : { newLabel }),
    ...state,
    ...(oldHeading ? { old: oldHeading } : {}),
    ...(newHeading ? { new: newHeading } : {}),
    ...(o ? { oldNumber: o.number, oldDeleted: o.deleted } : {}),
    ...(n ? { newNumber: n.number, newDeleted: n.deleted } : {}),
    moved: aligned.moved,
    similarity: aligned.similarity,
    caption,
    paragraphs,
  };
}

function measureFieldText(measure: Measure, field: MeasureField): string {
  switch (field) {
    case 'name':
      return measure.name;
    case 'category':
      return measureCategoryLabel(measure.category);
    case 'content':
      return measure.content;
    case 'roles.core':
      return measure.roles.core;
    case 'roles.partner':
      return measure.roles.partner;
  }
}

interface KeyedRow<T> {
  id: string;
  value: T;
  /** 1-based. */
  row: number;
}

/**
 * Rows matched by id, in the new order, with removed rows where they stood; `moved` for rows whose
 * order relative to the others changed (not on the longest common subsequence of ids).
 */
function matchRowsById<T>(
  olds: readonly KeyedRow<T>[],
  news: readonly KeyedRow<T>[],
): { old?: KeyedRow<T>; new?: KeyedRow<T>; moved: boolean }[] {
  const newIds = new Set(news.map((r) => r.id));
  const oldIds = new Set(olds.map((r) => r.id));
  const edits = diffSequences(
    olds.map((r) => r.id),
    news.map((r) => r.id),
  );
  const inOrder = new Set<string>();
  for (const edit of edits) {
    if (edit.kind === 'equal') inOrder.add(olds[edit.oldIndex]?.id ?? '');
  }
  const result: { old?: KeyedRow<T>; new?: KeyedRow<T>; moved: boolean }[] = [];
  for (const edit of edits) {
    if (edit.kind === 'equal') {
      const o = olds[edit.oldIndex];
      const n = news[edit.newIndex];
      if (o && n) result.push({ old: o, new: n, moved: false });
    } else if (edit.kind === 'delete') {
      const o = olds[edit.oldIndex];
      // A row that moved is shown where it now stands.
      if (o && !newIds.has(o.id)) result.push({ old: o, moved: false });
    } else {
      const n = news[edit.newIndex];
      if (!n) continue;
      const o = oldIds.has(n.id) ? olds.find((r) => r.id === n.id) : undefined;
      result.push(o ? { old: o, new: n, moved: !inOrder.has(n.id) } : { new: n, moved: false });
    }
  }
  return result;
}

/** The cells of a row of the measures table an 改め文 can quote (the category is its group, not a cell). */
function measureAt(id: string, field: MeasureField): TextLocation | undefined {
  return field === 'category' ? undefined : { kind: 'measure', id, field };
}

function compareMeasures(
  ctx: Context,
  olds: readonly Measure[],
  news: readonly Measure[],
): MeasureComparison[] {
  const { style } = ctx;
  const rows = (measures: readonly Measure[]): KeyedRow<Measure>[] =>
    measuresInTableOrder(measures).map((m, index) => ({ id: m.id, value: m, row: index + 1 }));
  return matchRowsById(rows(olds), rows(news)).map(({ old, new: nw, moved }) => {
    const id = old?.id ?? nw?.id ?? '';
    const key = `measure:${id}`;
    const oldLabel = old && measureRowLabel(old.row, style);
    const newLabel = nw && measureRowLabel(nw.row, style);
    const fields: MeasureFieldComparison[] = MEASURE_FIELDS.map((field) => ({
      ...compareText(
        ctx,
        {
          ...(old ? { old: measureAt(old.id, field) } : {}),
          ...(nw ? { new: measureAt(nw.id, field) } : {}),
        },
        `${key}/${field}`,
        'measureField',
        old && measureFieldText(old.value, field),
        nw && measureFieldText(nw.value, field),
        oldLabel && `${oldLabel}の${MEASURE_FIELD_LABELS[field]}`,
        newLabel && `${newLabel}の${MEASURE_FIELD_LABELS[field]}`,
      ),
      kind: 'measureField',
      field,
    }));
    const renumbered = old !== undefined && nw !== undefined && old.row !== nw.row;
    const state = statusOf(old !== undefined, nw !== undefined, renumbered, fields.some(isChanged));
    // Its number (the row's mark): underlined when it moves, or by the spans at it.
    const numberChanged = (side: 'old' | 'new', moves: boolean): boolean =>
      ctx.spans === undefined
        ? moves
        : underlinedAt(ctx.spans, side, { kind: 'measure', id, field: 'number' });
    return {
      key,
      kind: 'measure',
      id,
      ...(oldLabel === undefined ? {} : { oldLabel }),
      ...(newLabel === undefined ? {} : { newLabel }),
      ...state,
      ...(oldLabel === undefined
        ? {}
        : { old: [{ text: oldLabel, changed: numberChanged('old', renumbered || !nw) }] }),
      ...(newLabel === undefined
        ? {}
        : { new: [{ text: newLabel, changed: numberChanged('new', renumbered || !old) }] }),
      ...(old ? { oldRow: old.row } : {}),
      ...(nw ? { newRow: nw.row } : {}),
      moved,
      fields,
    };
  });
}

function appendixLabel(table: AppendixTable, style: RenderStyle): string {
  if (table.number === '' || !isProvisionNumber(table.number))
    return table.number === '' ? '別表' : `別表${table.number}`;
  return `別表第${parseProvisionNumber(table.number)
    .map((n) => renderNumeral(n, style))
    .join('の')}`;
}

/** Other 別表: no amendment operation reaches them, so with spans nothing in them is underlined. */
function compareAppendix(
  ctx: Context,
  o: AppendixTable | undefined,
  n: AppendixTable | undefined,
): AppendixComparison {
  const { style } = ctx;
  const number = o?.number ?? n?.number ?? '';
  const key = `appendix:${number === '' ? '-' : number}`;
  const oldLabel = o && appendixLabel(o, style);
  const newLabel = n && appendixLabel(n, style);
  const title = compareText(ctx, {}, `${key}/title`, 'appendixTitle', o?.title, n?.title, oldLabel, newLabel);
  const columnCount = Math.max(o?.columns.length ?? 0, n?.columns.length ?? 0);
  const columns = Array.from({ length: columnCount }, (_, index) =>
    compareText(
      ctx,
      {},
      `${key}/column:${index}`,
      'appendixColumn',
      o?.columns[index],
      n?.columns[index],
      oldLabel,
      newLabel,
    ),
  );
  const rows = (table: AppendixTable | undefined): KeyedRow<AppendixTable['rows'][number]>[] =>
    (table?.rows ?? []).map((row, index) => ({ id: row.id, value: row, row: index + 1 }));
  const rowComparisons = matchRowsById(rows(o), rows(n)).map(
    ({ old, new: nw, moved }): AppendixRowComparison => {
      const id = old?.id ?? nw?.id ?? '';
      const rowKey = `${key}/row:${id}`;
      const rowLabel = (label: string | undefined, row: KeyedRow<unknown> | undefined): string | undefined =>
        label && row && `${label}${renderItemMark(String(row.row), 0, style)}の項`;
      const oldRowLabel = rowLabel(oldLabel, old);
      const newRowLabel = rowLabel(newLabel, nw);
      const count = Math.max(old?.value.cells.length ?? 0, nw?.value.cells.length ?? 0);
      const cells = Array.from({ length: count }, (_, index) =>
        compareText(
          ctx,
          {},
          `${rowKey}/cell:${index}`,
          'appendixCell',
          old && (old.value.cells[index] ?? ''),
          nw && (nw.value.cells[index] ?? ''),
          oldRowLabel,
          newRowLabel,
        ),
      );
      const renumbered = old !== undefined && nw !== undefined && old.row !== nw.row;
      return {
        key: rowKey,
        kind: 'appendixRow',
        id,
        ...(oldRowLabel === undefined ? {} : { oldLabel: oldRowLabel }),
        ...(newRowLabel === undefined ? {} : { newLabel: newRowLabel }),
        ...statusOf(old !== undefined, nw !== undefined, renumbered, cells.some(isChanged)),
        ...(old ? { oldRow: old.row } : {}),
        ...(nw ? { newRow: nw.row } : {}),
        moved,
        cells,
      };
    },
  );
  const contentChanged = isChanged(title) || columns.some(isChanged) || rowComparisons.some(isChanged);
  return {
    key,
    kind: 'appendix',
    number,
    ...(oldLabel === undefined ? {} : { oldLabel }),
    ...(newLabel === undefined ? {} : { newLabel }),
    ...statusOf(o !== undefined, n !== undefined, false, contentChanged),
    title,
    columns,
    rows: rowComparisons,
  };
}

function compareAppendices(
  ctx: Context,
  olds: readonly AppendixTable[],
  news: readonly AppendixTable[],
): AppendixComparison[] {
  // Matched by number, in number order ("" — a single 別表 — first).
  const numbers = [...new Set([...olds.map((t) => t.number), ...news.map((t) => t.number)])].sort(
    compareNumbers,
  );
  return numbers.map((number) =>
    compareAppendix(
      ctx,
      olds.find((t) => t.number === number),
      news.find((t) => t.number === number),
    ),
  );
}

/**
 * Compares two versions of an agreement. Deterministic and pure; neither input is changed.
 * Article pairing: see {@link alignProvisions} (as the 改め文 names them when `articles` is given;
 * otherwise the same number, or ≥ 60 % similar under another number, out of order only when ≥ 90 %
 * similar). Measures are matched by id, other 別表 by number
 * and their rows by id.
 */
export function compareDocuments(
  oldDoc: AgreementDocument,
  newDoc: AgreementDocument,
  options: CompareOptions = {},
): DocumentComparison {
  const style = options.style ?? documentStyle(newDoc);
  const ctx: Context = { style, ...(options.spans === undefined ? {} : { spans: spanIndex(options.spans) }) };
  const articleInput = (a: Article): AlignInput<Article> => ({
    value: a,
    number: a.number,
    text: articleText(a),
  });
  const articles = alignProvisions(
    oldDoc.articles.map(articleInput),
    newDoc.articles.map(articleInput),
    compareNumbers,
    { detectMoves: true, ...(options.articles === undefined ? {} : { pairs: options.articles }) },
  ).map((aligned) => compareArticle(ctx, aligned));
  const supplementarySide = (paragraphs: readonly Paragraph[]): ParagraphSide => ({
    label: (p) => (paragraphs.length === 1 ? '附則' : `附則第${renderNumeral(p, style)}項`),
    at: (p) => ({ kind: 'supplementary', paragraph: p }),
    path: (p) => ({ article: '', paragraph: p }),
    inSupplementary: true,
  });
  const supplementaryProvisions = compareParagraphs(
    ctx,
    oldDoc.supplementaryProvisions.paragraphs,
    newDoc.supplementaryProvisions.paragraphs,
    'supplementary',
    {
      old: supplementarySide(oldDoc.supplementaryProvisions.paragraphs),
      new: supplementarySide(newDoc.supplementaryProvisions.paragraphs),
    },
  );
  const comparison: Omit<DocumentComparison, 'changed'> = {
    measuresHeading: {
      old: measuresTableHeading(oldDoc, style),
      new: measuresTableHeading(newDoc, style),
    },
    style,
    title: compareText(
      ctx,
      { old: { kind: 'title' }, new: { kind: 'title' } },
      'title',
      'title',
      oldDoc.title,
      newDoc.title,
      '題名',
      '題名',
    ),
    preamble: compareText(
      ctx,
      { old: { kind: 'preamble' }, new: { kind: 'preamble' } },
      'preamble',
      'preamble',
      oldDoc.preamble,
      newDoc.preamble,
      '前文',
      '前文',
    ),
    articles,
    measures: compareMeasures(ctx, oldDoc.measures, newDoc.measures),
    appendices: compareAppendices(ctx, oldDoc.appendices, newDoc.appendices),
    supplementaryProvisions,
  };
  const changed =
    isChanged(comparison.title) ||
    isChanged(comparison.preamble) ||
    articles.some(isChanged) ||
    comparison.measures.some(isChanged) ||
    comparison.appendices.some(isChanged) ||
    supplementaryProvisions.some(isChanged);
  return { ...comparison, changed };
}

/** Every comparison in the tree, in document order (an article before its 見出し and paragraphs). */
export function flattenComparison(comparison: DocumentComparison): ProvisionComparison[] {
  const out: ProvisionComparison[] = [comparison.title, comparison.preamble];
  const items = (list: readonly ItemComparison[]): void => {
    for (const item of list) {
      out.push(item);
      items(item.subItems);
    }
  };
  const paragraphs = (list: readonly ParagraphComparison[]): void => {
    for (const p of list) {
      out.push(p);
      items(p.items);
    }
  };
  for (const article of comparison.articles) {
    out.push(article, article.caption);
    paragraphs(article.paragraphs);
  }
  for (const measure of comparison.measures) out.push(measure, ...measure.fields);
  for (const appendix of comparison.appendices) {
    out.push(appendix, appendix.title, ...appendix.columns);
    for (const row of appendix.rows) out.push(row, ...row.cells);
  }
  paragraphs(comparison.supplementaryProvisions);
  return out;
}

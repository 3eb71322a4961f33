/**
 * The structural comparison of two versions of an agreement, provision by provision: 題名, 前文,
 * articles with their 見出し, paragraphs, items and sub-items, the measures table (rows matched by
 * measure id), other 別表 (rows matched by row id) and 附則. Inside a changed provision the changes
 * are computed on whole tokens ({@link diffTexts}). Pairing across a renumbering follows the
 * similarity rule of {@link alignProvisions}. The result is plain JSON.
 */
import type {
  AgreementDocument,
  AppendixTable,
  Article,
  Item,
  Measure,
  Paragraph,
  ProvisionNumber,
} from '../document.model';
import { MEASURE_CATEGORIES } from '../document.model';
import { measureCategoryLabel } from '../measure';
import { compareProvisionNumbers, isProvisionNumber, parseProvisionNumber } from '../numbering';
import { renderItemMark, renderNumeral, type RenderStyle } from '../render';
import { articleLabel, itemUnitLabel, paragraphUnitLabel } from './labels';
import { alignProvisions, type AlignInput, type Aligned } from './align';
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
  /** The style of the labels (default `'municipal'`). */
  style?: RenderStyle;
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
  if (article.deleted) return '削除';
  return [article.caption, ...article.paragraphs.map(paragraphText)].join('\n');
}

/** Compares one piece of text that exists on one side or both. */
function compareText(
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

function compareItems(
  olds: readonly Item[],
  news: readonly Item[],
  depth: number,
  parentKey: string,
  oldParent: string | undefined,
  newParent: string | undefined,
  style: RenderStyle,
): ItemComparison[] {
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
        o && oldParent !== undefined ? itemLabel(oldParent, o.number, depth, style) : undefined;
      const newLabel =
        n && newParent !== undefined ? itemLabel(newParent, n.number, depth, style) : undefined;
      const text = compareText(key, 'item', o?.text, n?.text, oldLabel, newLabel);
      const subItems = compareItems(
        o?.subItems ?? [],
        n?.subItems ?? [],
        depth + 1,
        key,
        oldLabel,
        newLabel,
        style,
      );
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

function compareParagraphs(
  olds: readonly Paragraph[],
  news: readonly Paragraph[],
  parentKey: string,
  oldLabelOf: ((n: number) => string) | undefined,
  newLabelOf: ((n: number) => string) | undefined,
  style: RenderStyle,
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
      const oldLabel = o && oldLabelOf ? oldLabelOf(o.number) : undefined;
      const newLabel = n && newLabelOf ? newLabelOf(n.number) : undefined;
      const text = compareText(key, 'paragraph', o?.text, n?.text, oldLabel, newLabel);
      const items = compareItems(o?.items ?? [], n?.items ?? [], 0, key, oldLabel, newLabel, style);
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

function compareArticle(aligned: Aligned<Article>, style: RenderStyle): ArticleComparison {
  const o = aligned.old?.value;
  const n = aligned.new?.value;
  const key = `article:${keyPart(o?.number, n?.number)}`;
  const oldLabel = o ? articleLabel(o.number, style) : undefined;
  const newLabel = n ? articleLabel(n.number, style) : undefined;
  const renumbered = o !== undefined && n !== undefined && o.number !== n.number;
  const caption = compareText(
    `${key}/caption`,
    'caption',
    o?.caption,
    n?.caption,
    oldLabel && `${oldLabel}の見出し`,
    newLabel && `${newLabel}の見出し`,
  );
  const paragraphLabel =
    (label: string | undefined) =>
    (p: number): string =>
      `${label ?? ''}${paragraphUnitLabel(p, style)}`;
  const paragraphs = compareParagraphs(
    o?.paragraphs ?? [],
    n?.paragraphs ?? [],
    key,
    paragraphLabel(oldLabel),
    paragraphLabel(newLabel),
    style,
  );
  const deletedChanged = o !== undefined && n !== undefined && o.deleted !== n.deleted;
  const state = statusOf(
    o !== undefined,
    n !== undefined,
    renumbered,
    caption.textChanged || deletedChanged || paragraphs.some(isChanged),
  );
  const heading = (label: string | undefined, changed: boolean): Segment[] | undefined =>
    label === undefined ? undefined : [{ text: label, changed }];
  const oldHeading = heading(oldLabel, renumbered || n === undefined);
  const newHeading = heading(newLabel, renumbered || o === undefined);
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

/** Measures in table order: grouped by category ①②③, document order within each (as rendered). */
function measuresInTableOrder(measures: readonly Measure[]): Measure[] {
  return MEASURE_CATEGORIES.flatMap((category) => measures.filter((m) => m.category === category));
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

function compareMeasures(
  olds: readonly Measure[],
  news: readonly Measure[],
  style: RenderStyle,
): MeasureComparison[] {
  const rows = (measures: readonly Measure[]): KeyedRow<Measure>[] =>
    measuresInTableOrder(measures).map((m, index) => ({ id: m.id, value: m, row: index + 1 }));
  return matchRowsById(rows(olds), rows(news)).map(({ old, new: nw, moved }) => {
    const id = old?.id ?? nw?.id ?? '';
    const key = `measure:${id}`;
    const oldLabel = old && measureRowLabel(old.row, style);
    const newLabel = nw && measureRowLabel(nw.row, style);
    const fields: MeasureFieldComparison[] = MEASURE_FIELDS.map((field) => ({
      ...compareText(
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
    return {
      key,
      kind: 'measure',
      id,
      ...(oldLabel === undefined ? {} : { oldLabel }),
      ...(newLabel === undefined ? {} : { newLabel }),
      ...state,
      ...(oldLabel === undefined ? {} : { old: [{ text: oldLabel, changed: renumbered || !nw }] }),
      ...(newLabel === undefined ? {} : { new: [{ text: newLabel, changed: renumbered || !old }] }),
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

function compareAppendix(
  o: AppendixTable | undefined,
  n: AppendixTable | undefined,
  style: RenderStyle,
): AppendixComparison {
  const number = o?.number ?? n?.number ?? '';
  const key = `appendix:${number === '' ? '-' : number}`;
  const oldLabel = o && appendixLabel(o, style);
  const newLabel = n && appendixLabel(n, style);
  const title = compareText(`${key}/title`, 'appendixTitle', o?.title, n?.title, oldLabel, newLabel);
  const columnCount = Math.max(o?.columns.length ?? 0, n?.columns.length ?? 0);
  const columns = Array.from({ length: columnCount }, (_, index) =>
    compareText(
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
  olds: readonly AppendixTable[],
  news: readonly AppendixTable[],
  style: RenderStyle,
): AppendixComparison[] {
  // Matched by number, in number order ("" — a single 別表 — first).
  const numbers = [...new Set([...olds.map((t) => t.number), ...news.map((t) => t.number)])].sort(
    compareNumbers,
  );
  return numbers.map((number) =>
    compareAppendix(
      olds.find((t) => t.number === number),
      news.find((t) => t.number === number),
      style,
    ),
  );
}

/**
 * Compares two versions of an agreement. Deterministic and pure; neither input is changed.
 * Article pairing: see {@link alignProvisions} (same number, or ≥ 60 % similar under another
 * number, out of order only when ≥ 90 % similar). Measures are matched by id, other 別表 by number
 * and their rows by id.
 */
export function compareDocuments(
  oldDoc: AgreementDocument,
  newDoc: AgreementDocument,
  options: CompareOptions = {},
): DocumentComparison {
  const style = options.style ?? 'municipal';
  const articleInput = (a: Article): AlignInput<Article> => ({
    value: a,
    number: a.number,
    text: articleText(a),
  });
  const articles = alignProvisions(
    oldDoc.articles.map(articleInput),
    newDoc.articles.map(articleInput),
    compareNumbers,
    {
      detectMoves: true,
    },
  ).map((aligned) => compareArticle(aligned, style));
  const supplementaryLabel = (paragraphs: readonly Paragraph[]) => (p: number) =>
    paragraphs.length === 1 ? '附則' : `附則第${renderNumeral(p, style)}項`;
  const supplementaryProvisions = compareParagraphs(
    oldDoc.supplementaryProvisions.paragraphs,
    newDoc.supplementaryProvisions.paragraphs,
    'supplementary',
    supplementaryLabel(oldDoc.supplementaryProvisions.paragraphs),
    supplementaryLabel(newDoc.supplementaryProvisions.paragraphs),
    style,
  );
  const comparison: Omit<DocumentComparison, 'changed'> = {
    style,
    title: compareText('title', 'title', oldDoc.title, newDoc.title, '題名', '題名'),
    preamble: compareText('preamble', 'preamble', oldDoc.preamble, newDoc.preamble, '前文', '前文'),
    articles,
    measures: compareMeasures(oldDoc.measures, newDoc.measures, style),
    appendices: compareAppendices(oldDoc.appendices, newDoc.appendices, style),
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

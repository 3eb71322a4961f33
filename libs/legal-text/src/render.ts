/**
 * Rendering numbers, provision labels and whole documents as plain text, in two styles:
 * - 'municipal': horizontal 例規 style — 第1条, paragraphs 2, 3, items (1), sub-items ア・イ;
 * - 'kanji': vertical national style — 第一条, paragraphs ２, ３, items 一, sub-items イ・ロ.
 * Numbers and text are separated by a full-width space, as 法令 are typeset (U+3000: 第1条\u3000この協約は…).
 */
import {
  DELETED_PROVISION_TEXT,
  type AgreementDocument,
  type AppendixTable,
  type Article,
  type Item,
  type Measure,
  type NumeralStyle,
  type Paragraph,
  type ProvisionNumber,
  type ProvisionPath,
} from './document.model';
import { measureCategoryLabel, measuresInTableOrder } from './measure';
import {
  AIUEO_MARKS,
  IROHA_MARKS,
  kanaMark,
  parseProvisionNumber,
  toFullWidthDigits,
  toKanjiNumeral,
} from './numbering';

export type RenderStyle = NumeralStyle;

/** The style a document is written in (municipal unless it says otherwise). */
export function documentStyle(doc: Pick<AgreementDocument, 'style'>): RenderStyle {
  return doc.style ?? 'municipal';
}

const SPACE = '　';

/** 3 → 3 (municipal) or 三 (kanji). */
export function renderNumeral(n: number, style: RenderStyle): string {
  return style === 'kanji' ? toKanjiNumeral(n) : String(n);
}

/** `"3-2"` → 3の2 / 三の二 (no 第…条 around it). */
export function renderBranchedNumber(number: ProvisionNumber, style: RenderStyle): string {
  return parseProvisionNumber(number)
    .map((n) => renderNumeral(n, style))
    .join('の');
}

/** 第3条の2 / 第三条の二; with `unit` 号: 第1号の2 (the 枝番号 follow the unit, as cited). */
function renderNumbered(number: ProvisionNumber, unit: string, style: RenderStyle): string {
  const [main, ...branches] = parseProvisionNumber(number);
  return `第${renderNumeral(main ?? 0, style)}${unit}${branches.map((n) => `の${renderNumeral(n, style)}`).join('')}`;
}

/** 第3条の2 / 第三条の二. */
export function renderArticleNumber(number: ProvisionNumber, style: RenderStyle): string {
  return renderNumbered(number, '条', style);
}

/** The mark of a paragraph in the text: 2 / ２ (the first paragraph has none in an article). */
export function renderParagraphMark(n: number, style: RenderStyle): string {
  return style === 'kanji' ? toFullWidthDigits(n) : String(n);
}

function subItemMark(number: ProvisionNumber, style: RenderStyle): string {
  const [main, ...branches] = parseProvisionNumber(number);
  const marks = style === 'kanji' ? IROHA_MARKS : AIUEO_MARKS;
  return kanaMark(main ?? 0, marks) + branches.map((n) => `の${renderNumeral(n, style)}`).join('');
}

/**
 * The mark of an item at `depth` (0 = 号, 1 = its sub-items, 2+ = deeper):
 * municipal (1) / ア / (ア); kanji 一 / イ / （１）.
 */
export function renderItemMark(number: ProvisionNumber, depth: number, style: RenderStyle): string {
  if (depth === 0) {
    const n = renderBranchedNumber(number, style);
    return style === 'kanji' ? n : `(${n})`;
  }
  if (depth === 1) return subItemMark(number, style);
  if (style === 'kanji') {
    return `（${parseProvisionNumber(number).map(toFullWidthDigits).join('の')}）`;
  }
  return `(${subItemMark(number, style)})`;
}

/** 第3条の2第2項第1号ア / 第三条の二第二項第一号イ; an item with 枝番号 is 第1号の2. */
export function renderProvisionLabel(path: ProvisionPath, style: RenderStyle): string {
  let label = renderArticleNumber(path.article, style);
  if (path.paragraph !== undefined) label += `第${renderNumeral(path.paragraph, style)}項`;
  if (path.item !== undefined) label += renderNumbered(path.item, '号', style);
  if (path.subItem !== undefined) label += subItemMark(path.subItem, style);
  return label;
}

function indent(depth: number): string {
  return SPACE.repeat(depth);
}

function renderItems(items: readonly Item[], depth: number, style: RenderStyle, lines: string[]): void {
  for (const item of items) {
    lines.push(`${indent(depth + 1)}${renderItemMark(item.number, depth, style)}${SPACE}${item.text}`);
    renderItems(item.subItems, depth + 1, style, lines);
  }
}

function renderParagraphs(
  paragraphs: readonly Paragraph[],
  firstMark: string,
  numberFirst: boolean,
  style: RenderStyle,
  lines: string[],
): void {
  paragraphs.forEach((paragraph, index) => {
    const mark =
      index === 0 && !numberFirst ? firstMark : renderParagraphMark(paragraph.number, style) + SPACE;
    lines.push(mark + paragraph.text);
    renderItems(paragraph.items, 0, style, lines);
  });
}

function renderArticle(article: Article, style: RenderStyle, lines: string[]): void {
  const number = renderArticleNumber(article.number, style);
  if (article.deleted) {
    lines.push(`${number}${SPACE}${DELETED_PROVISION_TEXT}`);
    return;
  }
  if (article.caption !== '') {
    lines.push(`${style === 'kanji' ? SPACE : ''}（${article.caption}）`);
  }
  renderParagraphs(article.paragraphs, number + SPACE, false, style, lines);
}

function renderMeasures(
  measures: readonly Measure[],
  heading: string,
  style: RenderStyle,
  lines: string[],
): void {
  lines.push(heading);
  let category: string | undefined;
  measuresInTableOrder(measures).forEach((measure, index) => {
    if (measure.category !== category) {
      category = measure.category;
      lines.push(measureCategoryLabel(measure.category));
    }
    const mark = renderItemMark(String(index + 1), 0, style);
    lines.push(`${mark}${SPACE}施策名${SPACE}${measure.name}`);
    lines.push(`${indent(2)}取組内容${SPACE}${measure.content}`);
    lines.push(`${indent(2)}役割分担${SPACE}甲${SPACE}${measure.roles.core}`);
    lines.push(`${indent(7)}乙${SPACE}${measure.roles.partner}`);
  });
}

function renderAppendix(table: AppendixTable, style: RenderStyle, lines: string[]): void {
  const number = table.number === '' ? '' : `第${renderBranchedNumber(table.number, style)}`;
  lines.push(`別表${number}${table.title === '' ? '' : SPACE + table.title}`);
  table.rows.forEach((row, index) => {
    const mark = renderItemMark(String(index + 1), 0, style);
    row.cells.forEach((cell, column) => {
      const name = table.columns[column] ?? '';
      const prefix = column === 0 ? mark + SPACE : indent(2);
      lines.push(`${prefix}${name}${name === '' ? '' : SPACE}${cell}`);
    });
  });
}

/** What a form of the text adds around the document (the 例規集 form: consolidated-text.ts). */
export interface RenderDocumentOptions {
  /** Lines right under the 題名 (the 例規集's date and 告示 number). */
  underTitle?: string[];
  /** The first line of the measures table; 「別表\u3000連携施策」 by default. */
  measuresHeading?: string;
  /** Sections after the 附則 (each amendment's own 附則), each a list of lines. */
  trailingSections?: string[][];
}

/**
 * The whole document as plain text: 題名, 前文, the articles (見出し （目的） on the line before),
 * the measures table (別表), other 別表, then 附則. Sections are separated by a blank line.
 * Deterministic: the same document and style always give the same string.
 */
export function renderDocument(
  doc: AgreementDocument,
  style: RenderStyle,
  options: RenderDocumentOptions = {},
): string {
  const sections: string[][] = [];
  if (doc.title !== '') sections.push([doc.title, ...(options.underTitle ?? [])]);
  if (doc.preamble !== '') sections.push(doc.preamble.split('\n').map((line) => SPACE + line));
  if (doc.articles.length > 0) {
    const lines: string[] = [];
    for (const article of doc.articles) renderArticle(article, style, lines);
    sections.push(lines);
  }
  if (doc.measures.length > 0) {
    const lines: string[] = [];
    renderMeasures(doc.measures, options.measuresHeading ?? `別表${SPACE}連携施策`, style, lines);
    sections.push(lines);
  }
  for (const table of doc.appendices) {
    const lines: string[] = [];
    renderAppendix(table, style, lines);
    sections.push(lines);
  }
  const supplementary = doc.supplementaryProvisions.paragraphs;
  if (supplementary.length > 0) {
    const lines = [`附${SPACE}則`];
    // A single 附則 paragraph carries no number; several are numbered from 1.
    renderParagraphs(supplementary, SPACE, supplementary.length > 1, style, lines);
    sections.push(lines);
  }
  sections.push(...(options.trailingSections ?? []));
  return sections.map((lines) => lines.join('\n')).join('\n\n') + '\n';
}

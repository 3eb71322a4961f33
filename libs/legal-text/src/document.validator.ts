/**
 * Structural validation of a whole document. Returns every problem found, as Japanese sentences
 * naming the provision (第3条第2項 …); an empty list means the document is well formed.
 * It checks structure only, never wording.
 */
import type { AgreementDocument, Item, Paragraph, ProvisionPath } from './document.model';
import { validateMeasure } from './measure';
import { compareProvisionNumbers, isProvisionNumber } from './numbering';
import { renderProvisionLabel } from './render';

function isBlank(s: unknown): boolean {
  return typeof s !== 'string' || s.trim().length === 0;
}

/** A label that never throws: invalid numbers are quoted as they are. */
function label(path: ProvisionPath): string {
  const parts = [path.article, path.item, path.subItem].filter((n): n is string => n !== undefined);
  const paragraphOk =
    path.paragraph === undefined || (Number.isInteger(path.paragraph) && path.paragraph > 0);
  if (parts.every(isProvisionNumber) && paragraphOk) return renderProvisionLabel(path, 'municipal');
  return `第「${path.article}」条` + (path.paragraph === undefined ? '' : `第「${path.paragraph}」項`);
}

/** Problems with a run of numbered siblings: invalid, duplicate or out-of-order numbers. */
function checkNumbers(numbers: readonly string[], describe: (n: string) => string, problems: string[]): void {
  const seen = new Set<string>();
  let previous: string | undefined;
  for (const number of numbers) {
    if (!isProvisionNumber(number)) {
      problems.push(`${describe(number)}: 番号「${number}」が不正です（例: "3"、"3-2"）`);
      continue;
    }
    if (seen.has(number)) {
      problems.push(`${describe(number)}が重複しています`);
    } else if (previous !== undefined && compareProvisionNumbers(previous, number) > 0) {
      problems.push(`${describe(number)}が${describe(previous)}の後にあります（番号順になっていません）`);
    }
    seen.add(number);
    previous = number;
  }
}

function checkItems(items: readonly Item[], parent: ProvisionPath, problems: string[]): void {
  // Only 号 and their first level of sub-items can be addressed by a ProvisionPath.
  const pathOf = (n: string): ProvisionPath =>
    parent.item === undefined ? { ...parent, item: n } : { ...parent, subItem: n };
  checkNumbers(
    items.map((i) => i.number),
    (n) => label(pathOf(n)),
    problems,
  );
  for (const item of items) {
    if (!isProvisionNumber(item.number)) continue;
    const path = pathOf(item.number);
    if (isBlank(item.text)) problems.push(`${label(path)}の本文が空です`);
    if (parent.item === undefined) {
      checkItems(item.subItems, path, problems);
    } else if (item.subItems.some((s) => isBlank(s.text))) {
      problems.push(`${label(path)}の細分に本文が空のものがあります`);
    }
  }
}

function checkParagraphs(
  paragraphs: readonly Paragraph[],
  where: string,
  pathOf: ((n: number) => ProvisionPath) | undefined,
  problems: string[],
): void {
  if (paragraphs.some((p, index) => p.number !== index + 1)) {
    problems.push(`${where}の項番号が1から連続していません（${paragraphs.map((p) => p.number).join(', ')}）`);
    return;
  }
  for (const paragraph of paragraphs) {
    const name = pathOf ? label(pathOf(paragraph.number)) : `${where}第${paragraph.number}項`;
    if (isBlank(paragraph.text)) problems.push(`${name}の本文が空です`);
    if (pathOf) {
      checkItems(paragraph.items, pathOf(paragraph.number), problems);
    } else if (paragraph.items.some((i) => isBlank(i.text))) {
      problems.push(`${name}に本文が空の号があります`);
    }
  }
}

/**
 * Problems with the document: empty 題名, article numbers invalid / duplicate / out of order,
 * paragraphs not numbered 1..n, empty texts, items out of order, deleted articles that still have
 * text, invalid or duplicate measures, malformed 別表, 附則 paragraphs not numbered 1..n.
 */
export function validateDocument(doc: AgreementDocument): string[] {
  const problems: string[] = [];
  if (isBlank(doc.title)) problems.push('題名が空です');
  if (doc.style !== undefined && doc.style !== 'municipal' && doc.style !== 'kanji') {
    problems.push(`表記「${String(doc.style)}」が不正です（"municipal"（算用数字）又は "kanji"（漢数字））`);
  }

  checkNumbers(
    doc.articles.map((a) => a.number),
    (n) => label({ article: n }),
    problems,
  );
  for (const article of doc.articles) {
    if (!isProvisionNumber(article.number)) continue;
    const where = label({ article: article.number });
    if (article.deleted) {
      if (article.paragraphs.length > 0 || article.caption !== '') {
        problems.push(`${where}は削除されていますが、見出し又は本文が残っています`);
      }
      continue;
    }
    if (/^[（(].*[）)]$/.test(article.caption)) {
      problems.push(`${where}の見出しに括弧は不要です（「${article.caption}」）`);
    }
    if (article.paragraphs.length === 0) problems.push(`${where}に本文（項）がありません`);
    checkParagraphs(article.paragraphs, where, (p) => ({ article: article.number, paragraph: p }), problems);
  }

  const measureIds = new Set<string>();
  for (const measure of doc.measures) {
    problems.push(...validateMeasure(measure));
    if (measureIds.has(measure.id)) problems.push(`連携施策「${measure.id}」のIDが重複しています`);
    measureIds.add(measure.id);
  }

  const tableNumbers = new Set<string>();
  for (const table of doc.appendices) {
    const where = table.number === '' ? '別表' : `別表第${table.number}`;
    if (table.number !== '' && !isProvisionNumber(table.number)) {
      problems.push(`${where}: 番号が不正です`);
    }
    if (tableNumbers.has(table.number)) problems.push(`${where}が重複しています`);
    tableNumbers.add(table.number);
    const rowIds = new Set<string>();
    for (const row of table.rows) {
      if (rowIds.has(row.id)) problems.push(`${where}: 行「${row.id}」のIDが重複しています`);
      rowIds.add(row.id);
      if (row.cells.length !== table.columns.length) {
        problems.push(
          `${where}: 行「${row.id}」の欄の数（${row.cells.length}）が列の数（${table.columns.length}）と違います`,
        );
      }
    }
  }
  if (doc.appendices.length > 1 && tableNumbers.has('')) {
    problems.push('別表が複数あるときは、別表第1、別表第2のように番号が必要です');
  }

  checkParagraphs(doc.supplementaryProvisions.paragraphs, '附則', undefined, problems);
  return problems;
}

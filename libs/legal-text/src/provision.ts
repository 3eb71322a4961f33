/**
 * Finding a provision in a document by its path, and reading a rendered label back into a path
 * (a doubt cites 「第3条第2項」; the ledger stores `{ article: '3', paragraph: 2 }`).
 */
import type { AgreementDocument, Article, Item, Paragraph, ProvisionPath } from './document.model';
import { isProvisionNumber } from './numbering';
import { readProvisionLabel } from './reference';
import { renderProvisionLabel } from './render';

export type ProvisionLookup =
  | { ok: true; level: 'article'; article: Article }
  | { ok: true; level: 'paragraph'; article: Article; paragraph: Paragraph }
  | { ok: true; level: 'item'; article: Article; paragraph: Paragraph; item: Item }
  | { ok: true; level: 'subItem'; article: Article; paragraph: Paragraph; item: Item; subItem: Item };

export interface ProvisionLookupFailure {
  ok: false;
  /** `invalid-path`: a malformed number or a sub-item without an item; `deleted`: below 「削除」. */
  reason: 'invalid-path' | 'not-found' | 'deleted';
  /** The part of the path that failed (e.g. `{ article: '3', paragraph: 5 }`). */
  at: ProvisionPath;
}

/** Whether every number in the path is well formed and a sub-item comes with an item. */
export function isValidProvisionPath(path: ProvisionPath): boolean {
  const numbers = [path.article, path.item, path.subItem].filter((n): n is string => n !== undefined);
  if (!numbers.every((n) => typeof n === 'string' && isProvisionNumber(n))) return false;
  if (path.paragraph !== undefined && !(Number.isInteger(path.paragraph) && path.paragraph >= 1))
    return false;
  if (path.item !== undefined && path.paragraph === undefined) return false;
  return path.subItem === undefined || path.item !== undefined;
}

/** 第3条第2項 (municipal style); never throws, quoting malformed numbers as they are. */
export function describeProvision(path: ProvisionPath): string {
  if (isValidProvisionPath(path)) return renderProvisionLabel(path, 'municipal');
  return `「${JSON.stringify(path)}」`;
}

/** Walks the path level by level and says where it stops. A deleted article is found itself. */
export function locateProvision(
  doc: AgreementDocument,
  path: ProvisionPath,
): ProvisionLookup | ProvisionLookupFailure {
  if (!isValidProvisionPath(path)) return { ok: false, reason: 'invalid-path', at: path };
  const article = doc.articles.find((a) => a.number === path.article);
  if (!article) return { ok: false, reason: 'not-found', at: { article: path.article } };
  if (path.paragraph === undefined) return { ok: true, level: 'article', article };
  if (article.deleted) return { ok: false, reason: 'deleted', at: { article: path.article } };
  const paragraphPath = { article: path.article, paragraph: path.paragraph };
  const paragraph = article.paragraphs.find((p) => p.number === path.paragraph);
  if (!paragraph) return { ok: false, reason: 'not-found', at: paragraphPath };
  if (path.item === undefined) return { ok: true, level: 'paragraph', article, paragraph };
  const itemPath = { ...paragraphPath, item: path.item };
  const item = paragraph.items.find((i) => i.number === path.item);
  if (!item) return { ok: false, reason: 'not-found', at: itemPath };
  if (path.subItem === undefined) return { ok: true, level: 'item', article, paragraph, item };
  const subItem = item.subItems.find((i) => i.number === path.subItem);
  if (!subItem) return { ok: false, reason: 'not-found', at: { ...itemPath, subItem: path.subItem } };
  return { ok: true, level: 'subItem', article, paragraph, item, subItem };
}

/** The provision at `path`, or `undefined` when there is none (or it lies in a deleted article). */
export function findProvision(doc: AgreementDocument, path: ProvisionPath): ProvisionLookup | undefined {
  const found = locateProvision(doc, path);
  return found.ok ? found : undefined;
}

/** A Japanese sentence for a failed lookup: 「第3条第5項が見つかりません」. */
export function describeLookupFailure(failure: ProvisionLookupFailure): string {
  const where = describeProvision(failure.at);
  switch (failure.reason) {
    case 'invalid-path':
      return `条項の指定が不正です: ${where}（番号は "3" や "3-2"、項は1以上の整数、号の細分には号が必要です）`;
    case 'not-found':
      return `${where}が見つかりません`;
    case 'deleted':
      return `${where}は削除されています`;
  }
}

/**
 * Reads 第3条の2第2項第1号の2ア or 第三条の二第二項第一号イ (full-width digits too) back into a path.
 * The sub-item mark is read as ア・イ・ウ when the article number is written in arabic digits and
 * as イ・ロ・ハ when it is in kanji, as the two styles render them. 第3条第1号 (no 項, as an item of a
 * one-paragraph article is cited) reads as 第3条第1項第1号. `undefined` if not a label
 * ({@link readProvisionLabel} says why).
 */
export function parseProvisionLabel(label: string): ProvisionPath | undefined {
  const read = readProvisionLabel(label);
  return read.ok ? read.value : undefined;
}

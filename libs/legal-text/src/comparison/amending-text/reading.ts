/** Reading: numbers as they stand at each point of the text. */
import { AmendmentError, applyAmendment, type AmendmentOperation } from '../../amendment';
import type { AgreementDocument, Article, ProvisionNumber, ProvisionPath } from '../../document.model';
import type { RenderStyle } from '../../render';
import { articleLabel, itemUnitLabel, paragraphUnitLabel } from '../labels';
import type { Citation } from './sentences';
import { idOf, type Step } from './trace';

export class OrderRejected extends Error {}

/** A 項 added or removed in an article (by identity) at one step of the reading: later 項 move. */
export interface ParagraphMove {
  article: string;
  step: number;
  kind: 'insert' | 'delete';
  /** The number of the 項 added, or of the one removed. */
  at: number;
}

export interface Reading {
  style: RenderStyle;
  /** The document as the sentences read so far leave it. */
  doc: AgreementDocument;
  /** Current number of each article identity. */
  numbers: Map<string, ProvisionNumber>;
  /** The step being read (one operation), counted from 1 in reading order. */
  step: number;
  /** Every 項 added or removed so far, for locating spans of 項 in the old and the new version. */
  paragraphMoves: ParagraphMove[];
}

/** Records that a 項 was added or removed in the article now numbered `number`. */
export function recordParagraphMove(
  reading: Reading,
  number: ProvisionNumber,
  kind: ParagraphMove['kind'],
  at: number,
): void {
  const article = [...reading.numbers].find(([, n]) => n === number)?.[0];
  if (article !== undefined) reading.paragraphMoves.push({ article, step: reading.step, kind, at });
}

/** The current number of the article that `step` calls `number`. */
export function currentNumber(reading: Reading, step: Step, number: ProvisionNumber): ProvisionNumber {
  const id = idOf(step.before, step.idsBefore, number);
  const current = id === undefined ? undefined : reading.numbers.get(id);
  if (current === undefined) throw new OrderRejected();
  return current;
}

export function findArticle(doc: AgreementDocument, number: ProvisionNumber): Article {
  const article = doc.articles.find((a) => a.number === number);
  if (!article) throw new OrderRejected();
  return article;
}

export function articleCitation(number: ProvisionNumber, style: RenderStyle): Citation {
  return { head: articleLabel(number, style), tail: '', scope: `article:${number}` };
}

/**
 * 第3条第2項第1号ア. `short`: the 項 of an article with a single 項 is left out (第3条第1号, and
 * 第3条 for its only 項), as such provisions are cited.
 */
export function provisionCitation(
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
export function applied(doc: AgreementDocument, op: AmendmentOperation): AgreementDocument {
  try {
    return applyAmendment(doc, [op]);
  } catch (error) {
    if (error instanceof AmendmentError) throw new OrderRejected();
    throw error;
  }
}

export function apply(reading: Reading, op: AmendmentOperation): void {
  reading.doc = applied(reading.doc, op);
}

import fc from 'fast-check';
import { applyAmendment, type AmendmentOperation } from '../amendment';
import type { AgreementDocument } from '../document.model';
import {
  documentArb,
  deepEqual,
  documentWithMarkedOperationsArb,
  documentWithOneOperationArb,
  locateAll,
  ownChange,
  within,
  type Located,
} from '@kyoyaku/legal-text/testing';
import { compareDocuments, flattenComparison } from './compare-documents';

/**
 * What an operation touches, as a predicate on the nodes of the comparison of v with
 * applyAmendment(v, [op]) (on either side):
 * - replaceWords: the text it names — 題名, 前文, 附則, one 見出し, or the paragraphs/items inside the
 *   provision (not the article's heading or 見出し);
 * - replaceProvision: everything inside the provision (for an article: the article, its 見出し too);
 * - insertArticle: the new article and what is in it;
 * - insertParagraph: the paragraphs after the insertion point in that article (they are renumbered),
 *   and their items;
 * - insertItem: what is inside the parent;
 * - deleteProvision: an article and what is in it; a paragraph without 「削除」: it and the later
 *   paragraphs (renumbered); otherwise what is inside the provision;
 * - renumberArticle: the article's heading only;
 * - measures: the measure's row and fields, and rows that only moved to another row number;
 * - replaceSupplementaryProvisions: 附則.
 */
function touched(
  doc: AgreementDocument,
  op: AmendmentOperation,
  next: AgreementDocument,
): (l: Located) => boolean {
  const inArticle = (l: Located): boolean => l.area === 'article';
  const textLevel = (l: Located): boolean =>
    inArticle(l) &&
    (l.old?.level ?? l.new?.level) !== 'article' &&
    (l.old?.level ?? l.new?.level) !== 'caption';
  const either = (l: Located, test: (loc: NonNullable<Located['old']>) => boolean): boolean =>
    (l.old !== undefined && test(l.old)) || (l.new !== undefined && test(l.new));
  switch (op.op) {
    case 'replaceWords':
      switch (op.target.kind) {
        case 'title':
          return (l) => l.area === 'title';
        case 'preamble':
          return (l) => l.area === 'preamble';
        case 'supplementaryProvisions':
          return (l) => l.area === 'supplementary';
        case 'caption': {
          const article = op.target.article;
          return (l) =>
            inArticle(l) && either(l, (loc) => loc.level === 'caption' && loc.article === article);
        }
        case 'provision': {
          const path = op.target.path;
          return (l) => textLevel(l) && either(l, (loc) => within(loc, path));
        }
      }
      return () => false;
    case 'replaceProvision': {
      const path = op.path;
      if (path.paragraph === undefined)
        return (l) => inArticle(l) && either(l, (loc) => loc.article === path.article);
      return (l) => textLevel(l) && either(l, (loc) => within(loc, path));
    }
    case 'insertArticle': {
      const added = next.articles.find((a) => !doc.articles.some((b) => b.number === a.number))?.number;
      return (l) => inArticle(l) && l.old === undefined && l.new?.article === added;
    }
    case 'insertParagraph': {
      const after = op.after ?? 0;
      return (l) =>
        textLevel(l) && either(l, (loc) => loc.article === op.article && (loc.paragraph ?? 0) > after);
    }
    case 'insertItem': {
      const parent = op.parent;
      return (l) => textLevel(l) && either(l, (loc) => within(loc, parent));
    }
    case 'deleteProvision': {
      const path = op.path;
      if (path.paragraph === undefined)
        return (l) => inArticle(l) && either(l, (loc) => loc.article === path.article);
      if (path.item === undefined && !op.leaveDeletedMarker) {
        const from = path.paragraph;
        return (l) =>
          textLevel(l) && either(l, (loc) => loc.article === path.article && (loc.paragraph ?? 0) >= from);
      }
      return (l) => textLevel(l) && either(l, (loc) => within(loc, path));
    }
    case 'renumberArticle':
      return (l) =>
        inArticle(l) && l.old?.level === 'article' && l.old.article === op.from && l.new?.article === op.to;
    case 'addMeasure':
    case 'reviseMeasure':
    case 'removeMeasure':
    case 'changeMeasureRole': {
      const id = op.op === 'addMeasure' ? op.measure.id : op.id;
      return (l) =>
        l.area === 'measures' &&
        (l.measureId === id || (l.node.status === 'renumbered' && !l.node.textChanged));
    }
    case 'replaceSupplementaryProvisions':
      return (l) => l.area === 'supplementary';
  }
}

const describeNode = (l: Located): string => `${l.node.key} (${l.node.status})`;

describe('compareDocuments properties', () => {
  it('finds no change between a document and itself (or a copy of it)', () => {
    fc.assert(
      fc.property(documentArb, (doc) => {
        const c = compareDocuments(doc, structuredClone(doc));
        expect(c.changed).toBe(false);
        expect(flattenComparison(c).filter((n) => n.status !== 'unchanged' || n.textChanged)).toEqual([]);
      }),
    );
  });

  it('marks exactly what one operation touched, and something whenever the text changed', () => {
    fc.assert(
      fc.property(documentWithOneOperationArb, ([doc, op]) => {
        const next = applyAmendment(doc, [op]);
        const c = compareDocuments(doc, next);
        expect(c.changed).toBe(!deepEqual(doc, next));
        const allowed = touched(doc, op, next);
        const stray = locateAll(c)
          .filter((l) => ownChange(l.node))
          .filter((l) => !allowed(l))
          .map(describeNode);
        expect(stray).toEqual([]);
        if (op.op === 'renumberArticle') {
          expect(c.articles.find((a) => a.oldNumber === op.from)?.newNumber).toBe(op.to);
        }
        if (op.op === 'insertArticle') {
          expect(c.articles.filter((a) => a.status === 'added')).toHaveLength(1);
          expect(c.articles.filter((a) => a.status === 'removed')).toHaveLength(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('says a document changed exactly when it did, for any two documents', () => {
    fc.assert(
      fc.property(documentArb, documentArb, (a, b) => {
        expect(compareDocuments(a, b).changed).toBe(!deepEqual(a, b));
      }),
    );
  });

  it('is deterministic, JSON, with unique keys and sides consistent with the status', () => {
    fc.assert(
      fc.property(documentWithMarkedOperationsArb, ([doc, ops]) => {
        const next = applyAmendment(doc, ops);
        const c = compareDocuments(doc, next, { style: 'kanji' });
        expect(compareDocuments(structuredClone(doc), structuredClone(next), { style: 'kanji' })).toEqual(c);
        expect(JSON.parse(JSON.stringify(c))).toEqual(c);
        const nodes = flattenComparison(c);
        const keys = nodes.map((n) => n.key);
        expect(new Set(keys).size).toBe(keys.length);
        for (const n of nodes) {
          if (n.status === 'added') expect(n.old).toBeUndefined();
          if (n.status === 'removed') expect(n.new).toBeUndefined();
          if (n.status === 'unchanged') expect(n.textChanged).toBe(false);
          if (n.status === 'changed') expect(n.textChanged).toBe(true);
        }
        // Each side's own texts, joined, are that version's texts (placeholders aside).
        const texts = (side: 'old' | 'new'): string[] =>
          c.articles.flatMap((a) =>
            a.paragraphs
              .map((p) => (side === 'old' ? p.old : p.new))
              .filter((s) => s !== undefined)
              .map((segments) => segments.map((s) => s.text).join('')),
          );
        const paragraphTexts = (d: AgreementDocument): string[] =>
          d.articles.flatMap((a) => a.paragraphs.map((p) => p.text));
        expect(texts('old').sort()).toEqual(paragraphTexts(doc).sort());
        expect(texts('new').sort()).toEqual(paragraphTexts(next).sort());
      }),
    );
  });
});

/**
 * Test helpers for the comparison specs (test-only; not exported from the library index).
 */
import fc from 'fast-check';
import { AmendmentError, applyAmendment, type AmendmentOperation } from '../src/amendment';
import type { AgreementDocument, Item, Paragraph, ProvisionPath } from '../src/document.model';
import { documentArb, operationArb } from './document.arbitraries';
import type {
  ArticleComparison,
  DocumentComparison,
  ItemComparison,
  ParagraphComparison,
  ProvisionComparison,
} from '../src/comparison/comparison.model';

export { deepEqual } from '../src/deep-equal';

/** The operations of `ops` that apply one after the other (the others are dropped). */
export function applicable(
  doc: AgreementDocument,
  ops: readonly AmendmentOperation[],
): { ops: AmendmentOperation[]; result: AgreementDocument } {
  const kept: AmendmentOperation[] = [];
  let result = doc;
  for (const op of ops) {
    try {
      result = applyAmendment(result, [op]);
      kept.push(op);
    } catch (error) {
      if (!(error instanceof AmendmentError)) throw error;
    }
  }
  return { ops: kept, result };
}

/** A document with one operation that applies to it. */
export const documentWithOneOperationArb: fc.Arbitrary<[AgreementDocument, AmendmentOperation]> = documentArb
  .chain((doc) => fc.tuple(fc.constant(doc), operationArb(doc)))
  .filter(([doc, op]) => applicable(doc, [op]).ops.length === 1);

function markItems(items: Item[], marker: string): Item[] {
  return items.map((i) => ({ ...i, text: i.text + marker, subItems: markItems(i.subItems, marker) }));
}

function markParagraphs(paragraphs: Paragraph[], marker: string): Paragraph[] {
  return paragraphs.map((p) => ({ ...p, text: p.text + marker, items: markItems(p.items, marker) }));
}

/**
 * The operation with a latin marker (that the kana-only generated texts never contain) appended to
 * every text it writes, so that no later operation can write back what was there before.
 */
export function withMarker(op: AmendmentOperation, marker: string): AmendmentOperation {
  switch (op.op) {
    case 'replaceWords':
      return op.to === '' ? op : { ...op, to: op.to + marker };
    case 'replaceProvision': {
      const content = op.content;
      switch (content.level) {
        case 'article':
          return {
            ...op,
            content: {
              ...content,
              caption: content.caption + marker,
              paragraphs: markParagraphs(content.paragraphs, marker),
            },
          };
        case 'paragraph':
          return {
            ...op,
            content: { ...content, text: content.text + marker, items: markItems(content.items, marker) },
          };
        case 'item':
          return {
            ...op,
            content: {
              ...content,
              text: content.text + marker,
              subItems: markItems(content.subItems, marker),
            },
          };
      }
      return op;
    }
    case 'insertArticle':
      return { ...op, caption: op.caption + marker, paragraphs: markParagraphs(op.paragraphs, marker) };
    case 'insertParagraph':
      return { ...op, text: op.text + marker, items: markItems(op.items, marker) };
    case 'insertItem':
      return { ...op, text: op.text + marker, subItems: markItems(op.subItems, marker) };
    case 'addMeasure':
      return { ...op, measure: { ...op.measure, name: op.measure.name + marker } };
    case 'reviseMeasure':
      return {
        ...op,
        changes: {
          ...op.changes,
          ...(op.changes.name === undefined ? {} : { name: op.changes.name + marker }),
          ...(op.changes.content === undefined ? {} : { content: op.changes.content + marker }),
        },
      };
    case 'changeMeasureRole':
      return { ...op, role: op.role + marker };
    case 'replaceSupplementaryProvisions':
      return {
        ...op,
        supplementaryProvisions: {
          paragraphs: markParagraphs(op.supplementaryProvisions.paragraphs, marker),
        },
      };
    case 'deleteProvision':
    case 'renumberArticle':
    case 'removeMeasure':
      return op;
  }
}

/** A document and the operations, marked, that apply to it in turn (at least one). */
export const documentWithMarkedOperationsArb: fc.Arbitrary<[AgreementDocument, AmendmentOperation[]]> =
  documentArb
    .chain((doc) => fc.tuple(fc.constant(doc), fc.array(operationArb(doc), { minLength: 1, maxLength: 5 })))
    .map(([doc, ops]): [AgreementDocument, AmendmentOperation[]] => [
      doc,
      applicable(
        doc,
        ops.map((op, i) => withMarker(op, `Z${i}`)),
      ).ops,
    ])
    .filter(([, ops]) => ops.length > 0);

export type Level = 'article' | 'caption' | 'paragraph' | 'item';

/** Where a node of the comparison stands on one side. */
export interface Location {
  article: string;
  level: Level;
  paragraph?: number;
  /** The item and its sub-items, outermost first. */
  items: string[];
}

export interface Located {
  node: ProvisionComparison;
  area: 'title' | 'preamble' | 'article' | 'measures' | 'appendices' | 'supplementary';
  old?: Location;
  new?: Location;
  measureId?: string;
}

function locateItems(
  items: readonly ItemComparison[],
  oldParent: Location | undefined,
  newParent: Location | undefined,
  area: Located['area'],
  out: Located[],
): void {
  for (const item of items) {
    const old =
      oldParent && item.oldNumber !== undefined
        ? { ...oldParent, level: 'item' as const, items: [...oldParent.items, item.oldNumber] }
        : undefined;
    const nw =
      newParent && item.newNumber !== undefined
        ? { ...newParent, level: 'item' as const, items: [...newParent.items, item.newNumber] }
        : undefined;
    out.push({ node: item, area, ...(old ? { old } : {}), ...(nw ? { new: nw } : {}) });
    locateItems(item.subItems, old, nw, area, out);
  }
}

function locateParagraphs(
  paragraphs: readonly ParagraphComparison[],
  oldArticle: string | undefined,
  newArticle: string | undefined,
  area: Located['area'],
  out: Located[],
): void {
  for (const p of paragraphs) {
    const at = (article: string | undefined, number: number | undefined): Location | undefined =>
      article !== undefined && number !== undefined
        ? { article, level: 'paragraph', paragraph: number, items: [] }
        : undefined;
    const old = at(oldArticle, p.oldNumber);
    const nw = at(newArticle, p.newNumber);
    out.push({ node: p, area, ...(old ? { old } : {}), ...(nw ? { new: nw } : {}) });
    locateItems(p.items, old, nw, area, out);
  }
}

function locateArticle(a: ArticleComparison, out: Located[]): void {
  const at = (number: string | undefined, level: Level): Location | undefined =>
    number === undefined ? undefined : { article: number, level, items: [] };
  const old = at(a.oldNumber, 'article');
  const nw = at(a.newNumber, 'article');
  out.push({ node: a, area: 'article', ...(old ? { old } : {}), ...(nw ? { new: nw } : {}) });
  const oldCaption = at(a.oldNumber, 'caption');
  const newCaption = at(a.newNumber, 'caption');
  out.push({
    node: a.caption,
    area: 'article',
    ...(oldCaption ? { old: oldCaption } : {}),
    ...(newCaption ? { new: newCaption } : {}),
  });
  locateParagraphs(a.paragraphs, a.oldNumber, a.newNumber, 'article', out);
}

/** Every node of a comparison with where it stands on each side. */
export function locateAll(c: DocumentComparison): Located[] {
  const out: Located[] = [
    { node: c.title, area: 'title' },
    { node: c.preamble, area: 'preamble' },
  ];
  c.articles.forEach((a) => locateArticle(a, out));
  for (const m of c.measures) {
    out.push({ node: m, area: 'measures', measureId: m.id });
    for (const f of m.fields) out.push({ node: f, area: 'measures', measureId: m.id });
  }
  for (const appendix of c.appendices) {
    out.push({ node: appendix, area: 'appendices' });
    for (const row of appendix.rows)
      out.push(
        { node: row, area: 'appendices' },
        ...row.cells.map((node) => ({ node, area: 'appendices' as const })),
      );
  }
  locateParagraphs(c.supplementaryProvisions, 'supplementary', 'supplementary', 'supplementary', out);
  return out;
}

/**
 * Whether the node itself shows a change (not only something inside it): added, removed,
 * renumbered, a changed word in its own text, or an article that became or stopped being 「削除」.
 */
export function ownChange(node: ProvisionComparison): boolean {
  if (node.status === 'added' || node.status === 'removed' || node.status === 'renumbered') return true;
  switch (node.kind) {
    case 'article': {
      const a = node as ArticleComparison;
      return a.oldDeleted !== a.newDeleted;
    }
    case 'measure':
    case 'appendix':
    case 'appendixRow':
      return false;
    case 'title':
    case 'preamble':
    case 'caption':
    case 'paragraph':
    case 'item':
    case 'measureField':
    case 'appendixTitle':
    case 'appendixColumn':
    case 'appendixCell':
      return [...(node.old ?? []), ...(node.new ?? [])].some((s) => s.changed);
  }
}

/** Whether `loc` is the provision at `path` or inside it. */
export function within(loc: Location | undefined, path: ProvisionPath): boolean {
  if (!loc || loc.article !== path.article) return false;
  if (path.paragraph === undefined) return true;
  if (loc.paragraph !== path.paragraph) return false;
  if (path.item !== undefined && loc.items[0] !== path.item) return false;
  return path.subItem === undefined || loc.items[1] === path.subItem;
}

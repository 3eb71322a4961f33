/**
 * Structure: 条/項/号 added, removed, replaced and renumbered (第五条の次に次の一条を加える,
 * 第三条第二項を削り、同条第三項を同条第二項とする); the measures table (別表); 附則.
 */
import type { AmendmentOperation } from '../../amendment';
import type { AgreementDocument, Item, ProvisionNumber, ProvisionPath } from '../../document.model';
import { renderNumeral, type RenderStyle } from '../../render';
import { articleLabel, paragraphUnitLabel } from '../labels';
import {
  articleLines,
  itemLines,
  linesAt,
  measuresLines,
  paragraphLines,
  supplementaryLines,
} from './fragments';
import {
  apply,
  articleCitation,
  currentNumber,
  findArticle,
  OrderRejected,
  provisionCitation,
  type Reading,
} from './reading';
import type { Citation, Clause, Verb } from './sentences';
import { articleIdentity, idOf, type Step } from './trace';

function countWord(n: number, unit: string, style: RenderStyle): string {
  return `次の${renderNumeral(n, style)}${unit}を`;
}

export function readInsertArticles(reading: Reading, steps: readonly Step[]): Clause[] {
  const { style } = reading;
  const first = steps[0];
  if (!first) return [];
  const firstAdded = articleIdentity(first);
  const position = first.idsAfter.indexOf(firstAdded ?? '');
  const predecessor = first.idsAfter[position - 1];
  const predecessorNumber = predecessor === undefined ? undefined : reading.numbers.get(predecessor);
  if (predecessor !== undefined && predecessorNumber === undefined) throw new OrderRejected();
  const nextInDoc = reading.doc.articles[0];
  const lines: string[] = [];
  for (const step of steps) {
    if (step.op.op !== 'insertArticle') throw new OrderRejected();
    const added = articleIdentity(step);
    const inserted = step.after.articles[step.idsAfter.indexOf(added ?? '')];
    if (!inserted || added === undefined) throw new OrderRejected();
    const previous = step.idsAfter[step.idsAfter.indexOf(added) - 1];
    const after = previous === undefined ? null : (reading.numbers.get(previous) ?? null);
    if (previous !== undefined && after === null) throw new OrderRejected();
    apply(reading, { ...step.op, after, number: inserted.number });
    reading.numbers.set(added, inserted.number);
    lines.push(...articleLines(findArticle(reading.doc, inserted.number), style));
  }
  const count = countWord(steps.length, '条', style);
  if (predecessorNumber !== undefined) {
    return [
      {
        citation: articleCitation(predecessorNumber, style),
        body: `の次に${count}`,
        verb: 'kuwaeru',
        words: false,
        within: false,
        lines,
      },
    ];
  }
  if (nextInDoc) {
    return [
      {
        citation: articleCitation(nextInDoc.number, style),
        body: `の前に${count}`,
        verb: 'kuwaeru',
        words: false,
        within: false,
        lines,
      },
    ];
  }
  return [
    {
      citation: { head: '本則', tail: '' },
      body: `に${count}`,
      verb: 'kuwaeru',
      words: false,
      within: false,
      lines,
    },
  ];
}

export function readRenumber(
  reading: Reading,
  step: Step,
  op: Extract<AmendmentOperation, { op: 'renumberArticle' }>,
): Clause[] {
  const from = currentNumber(reading, step, op.from);
  const id = idOf(step.before, step.idsBefore, op.from);
  apply(reading, { op: 'renumberArticle', from, to: op.to });
  if (id !== undefined) reading.numbers.set(id, op.to);
  return [
    {
      citation: articleCitation(from, reading.style),
      body: `を${articleLabel(op.to, reading.style)}と`,
      verb: 'suru',
      words: false,
      within: false,
      lines: [],
    },
  ];
}

function structuralClause(citation: Citation, body: string, verb: Verb, lines: string[] = []): Clause {
  return { citation, body, verb, words: false, within: false, lines };
}

/** from..to inclusive, ascending (empty when from > to). */
function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let n = from; n <= to; n++) out.push(n);
  return out;
}

export function readInsertParagraph(
  reading: Reading,
  step: Step,
  op: Extract<AmendmentOperation, { op: 'insertParagraph' }>,
): Clause[] {
  const { style } = reading;
  const number = currentNumber(reading, step, op.article);
  const count = findArticle(reading.doc, number).paragraphs.length;
  apply(reading, { ...op, article: number });
  const newNumber = (op.after ?? 0) + 1;
  const inserted = findArticle(reading.doc, number).paragraphs[newNumber - 1];
  if (!inserted) throw new OrderRejected();
  const lines = paragraphLines(number, inserted, style);
  // Later paragraphs move down by one, the last first: 第三条第三項を同条第四項とし、…
  const moves = range(newNumber, count)
    .reverse()
    .map((p) =>
      structuralClause(
        { ...articleCitation(number, style), tail: paragraphUnitLabel(p, style) },
        `を同条${paragraphUnitLabel(p + 1, style)}と`,
        'suru',
      ),
    );
  const article = articleCitation(number, style);
  const one = countWord(1, '項', style);
  let last: Clause;
  if (op.after === null) {
    last = structuralClause(article, `に${paragraphUnitLabel(1, style)}として${one}`, 'kuwaeru', lines);
  } else if (op.after === count) {
    last = structuralClause(article, `に${one}`, 'kuwaeru', lines);
  } else {
    last = structuralClause(
      { ...article, tail: paragraphUnitLabel(op.after, style) },
      `の次に${one}`,
      'kuwaeru',
      lines,
    );
  }
  return [...moves, last];
}

export function readInsertItem(
  reading: Reading,
  step: Step,
  op: Extract<AmendmentOperation, { op: 'insertItem' }>,
): Clause[] {
  const { style } = reading;
  const parent: ProvisionPath = { ...op.parent, article: currentNumber(reading, step, op.parent.article) };
  const article = findArticle(reading.doc, parent.article);
  const paragraph = article.paragraphs.find((p) => p.number === parent.paragraph);
  const siblings =
    parent.item === undefined
      ? (paragraph?.items ?? [])
      : (paragraph?.items.find((i) => i.number === parent.item)?.subItems ?? []);
  const before = reading.doc;
  apply(reading, { ...op, parent });
  const afterSiblings = (doc: AgreementDocument): Item[] => {
    const p = findArticle(doc, parent.article).paragraphs.find((x) => x.number === parent.paragraph);
    return parent.item === undefined
      ? (p?.items ?? [])
      : (p?.items.find((i) => i.number === parent.item)?.subItems ?? []);
  };
  const added = afterSiblings(reading.doc).find((i) => !siblings.some((s) => s.number === i.number));
  if (!added) throw new OrderRejected();
  const lines = itemLines(added, parent.item, style);
  const what = parent.item === undefined ? countWord(1, '号', style) : '次のように';
  const siblingPath = (n: ProvisionNumber): ProvisionPath =>
    parent.item === undefined ? { ...parent, item: n } : { ...parent, subItem: n };
  const lastSibling = siblings[siblings.length - 1];
  if (op.after === null && siblings[0]) {
    return [
      structuralClause(
        provisionCitation(before, siblingPath(siblings[0].number), style, true),
        `の前に${what}`,
        'kuwaeru',
        lines,
      ),
    ];
  }
  if (op.after === null || op.after === lastSibling?.number) {
    return [structuralClause(provisionCitation(before, parent, style, true), `に${what}`, 'kuwaeru', lines)];
  }
  return [
    structuralClause(
      provisionCitation(before, siblingPath(op.after), style, true),
      `の次に${what}`,
      'kuwaeru',
      lines,
    ),
  ];
}

export function readDelete(
  reading: Reading,
  step: Step,
  op: Extract<AmendmentOperation, { op: 'deleteProvision' }>,
): Clause[] {
  const { style } = reading;
  const path: ProvisionPath = { ...op.path, article: currentNumber(reading, step, op.path.article) };
  const before = reading.doc;
  const count = findArticle(before, path.article).paragraphs.length;
  apply(reading, { ...op, path });
  const citation = provisionCitation(before, path, style, path.item !== undefined);
  if (op.leaveDeletedMarker) {
    const lines =
      path.paragraph === undefined
        ? articleLines(findArticle(reading.doc, path.article), style)
        : linesAt(reading.doc, path, style);
    return [structuralClause(citation, 'を次のように', 'aratameru', lines)];
  }
  if (path.paragraph === undefined) {
    const id = idOf(step.before, step.idsBefore, op.path.article);
    if (id !== undefined) reading.numbers.delete(id);
    return [structuralClause(citation, 'を', 'kezuru')];
  }
  if (path.item === undefined) {
    // Later paragraphs move up by one: 第三条第二項を削り、同条第三項を同条第二項とする。
    const moves = range(path.paragraph + 1, count).map((p) =>
      structuralClause(
        { ...articleCitation(path.article, style), tail: paragraphUnitLabel(p, style) },
        `を同条${paragraphUnitLabel(p - 1, style)}と`,
        'suru',
      ),
    );
    return [structuralClause(citation, 'を', 'kezuru'), ...moves];
  }
  return [structuralClause(citation, 'を', 'kezuru')];
}

export function readReplaceProvision(
  reading: Reading,
  step: Step,
  op: Extract<AmendmentOperation, { op: 'replaceProvision' }>,
): Clause[] {
  const { style } = reading;
  const path: ProvisionPath = { ...op.path, article: currentNumber(reading, step, op.path.article) };
  const before = reading.doc;
  apply(reading, { ...op, path });
  const lines =
    path.paragraph === undefined
      ? articleLines(findArticle(reading.doc, path.article), style)
      : linesAt(reading.doc, path, style);
  return [
    structuralClause(
      provisionCitation(before, path, style, path.item !== undefined),
      'を次のように',
      'aratameru',
      lines,
    ),
  ];
}

export function readMeasures(reading: Reading, expected: AgreementDocument): Clause[] {
  const { style } = reading;
  const had = reading.doc.measures.length > 0;
  reading.doc = { ...reading.doc, measures: structuredClone(expected.measures) };
  if (expected.measures.length === 0) return [structuralClause({ head: '別表', tail: '' }, 'を', 'kezuru')];
  const lines = measuresLines(reading.doc.measures, style);
  if (!had) return [structuralClause({ head: '本則', tail: '' }, 'の次に次の別表を', 'kuwaeru', lines)];
  return [structuralClause({ head: '別表', tail: '' }, 'を次のように', 'aratameru', lines)];
}

export function readSupplementary(
  reading: Reading,
  op: Extract<AmendmentOperation, { op: 'replaceSupplementaryProvisions' }>,
): Clause[] {
  apply(reading, op);
  return [
    structuralClause(
      { head: '附則', tail: '' },
      'を次のように',
      'aratameru',
      supplementaryLines(reading.doc, reading.style),
    ),
  ];
}

/**
 * Structure: 条/項/号 added, removed, replaced and renumbered (第五条の次に次の一条を加える,
 * 第三条第二項を削り、同条第三項を同条第二項とする); the measures table (別表); 附則.
 */
import type { AmendmentOperation } from '../../amendment';
import type { AgreementDocument, Item, ProvisionNumber, ProvisionPath } from '../../document.model';
import { renderNumeral, type RenderStyle } from '../../render';
import { articleLabel, itemUnitLabel, paragraphUnitLabel } from '../labels';
import { articleLines, itemLines, linesAt, paragraphLines, supplementaryLines } from './fragments';
import {
  apply,
  articleCitation,
  currentNumber,
  findArticle,
  OrderRejected,
  provisionCitation,
  type Reading,
  recordParagraphMove,
} from './reading';
import type { Citation, Clause, Verb } from './sentences';
import { provisionSpans, readingSpan, type ReadingSpan } from './spans';
import { articleIdentity, idOf, type Step } from './trace';
import { supplementarySpans } from './words';

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
  const spans: ReadingSpan[] = [];
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
    spans.push(...provisionSpans(reading, 'new', reading.doc, { article: inserted.number }));
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
        spans,
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
        spans,
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
      spans,
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
  const old = readingSpan(reading, 'old', { kind: 'number', path: { article: from } }, 'whole');
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
      spans: [old, readingSpan(reading, 'new', { kind: 'number', path: { article: op.to } }, 'whole')],
    },
  ];
}

function structuralClause(
  citation: Citation,
  body: string,
  verb: Verb,
  lines: string[] = [],
  spans: ReadingSpan[] = [],
): Clause {
  return { citation, body, verb, words: false, within: false, lines, spans };
}

/** A provision moved by one: 第6条 → 第5条, 第3項 → 第4項. */
interface Move<N> {
  from: N;
  to: N;
}

/**
 * The clauses that move consecutive siblings by one, given in the order they are read (繰上げ: first
 * to last; 繰下げ: last to first): each 「第6条を第5条と(し)」, or, for four or more, the first read
 * alone and the rest as one range — 「第6条を第5条とし、第7条から第10条までを1条ずつ繰り上げる」.
 * ワークブック法制執務 p.459 (繰下げ: 「第E条を第G条とし、第B条から第D条までを2条ずつ繰り下げる」; 繰上げ
 * the reverse). `prefix` names the container again (同条, 同項); `unit` is 条, 項 or 号 ('' never groups).
 */
function moveClauses<N>(
  moves: readonly Move<N>[],
  cite: (n: N) => Citation,
  label: (n: N) => string,
  prefix: string,
  unit: string,
  direction: 'up' | 'down',
  style: RenderStyle,
): Clause[] {
  const one = (m: Move<N>): Clause => structuralClause(cite(m.from), `を${prefix}${label(m.to)}と`, 'suru');
  const [first, ...rest] = moves;
  if (!first || moves.length < 4 || unit === '') return moves.map(one);
  const ascending = direction === 'up' ? rest : [...rest].reverse();
  const low = ascending[0];
  const high = ascending[ascending.length - 1];
  if (!low || !high) return moves.map(one);
  return [
    one(first),
    structuralClause(
      cite(low.from),
      `から${label(high.from)}までを${renderNumeral(1, style)}${unit}ずつ`,
      direction === 'up' ? 'kuriageru' : 'kurisageru',
    ),
  ];
}

/**
 * How the 号 (or 号の細分) at `path` and its siblings are cited: within their article when it has
 * one 項 (第2条第4号, 同条第5号), within their 項 otherwise (第2条第1項第5号, 同項第6号).
 */
function siblingCitation(doc: AgreementDocument, path: ProvisionPath, style: RenderStyle): Citation {
  const parentPath: ProvisionPath =
    path.subItem === undefined
      ? { article: path.article, ...(path.paragraph === undefined ? {} : { paragraph: path.paragraph }) }
      : { ...path, subItem: undefined };
  const parent = provisionCitation(doc, parentPath, style, true);
  const label = path.subItem === undefined ? (path.item ?? '') : path.subItem;
  const tail = itemUnitLabel(label, path.subItem === undefined ? 0 : 1, style);
  if (path.subItem === undefined && parent.tail === '') return { ...parent, tail };
  return {
    head: parent.head + parent.tail,
    tail,
    scope: `${parent.scope ?? ''}/${parent.tail}`,
    same: path.subItem === undefined ? '同項' : '同号',
  };
}

/** The numbers of moved provisions: each `from` on the old side, each `to` on the new. */
function numberSpans<N>(
  reading: Reading,
  moves: readonly Move<N>[],
  pathOf: (n: N) => ProvisionPath,
  side?: 'old' | 'new',
): ReadingSpan[] {
  return moves.flatMap((m) =>
    (['old', 'new'] as const)
      .filter((s) => side === undefined || s === side)
      .map((s) =>
        readingSpan(reading, s, { kind: 'number', path: pathOf(s === 'old' ? m.from : m.to) }, 'whole'),
      ),
  );
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
  recordParagraphMove(reading, number, 'insert', newNumber);
  const inserted = findArticle(reading.doc, number).paragraphs[newNumber - 1];
  if (!inserted) throw new OrderRejected();
  const lines = paragraphLines(number, inserted, style);
  const moved = range(newNumber, count)
    .reverse()
    .map((p) => ({ from: p, to: p + 1 }));
  const spans = [
    ...provisionSpans(reading, 'new', reading.doc, { article: number, paragraph: newNumber }),
    ...numberSpans(reading, moved, (p) => ({ article: number, paragraph: p })),
  ];
  // Later paragraphs move down by one, the last first: 第三条第三項を同条第四項とし、…
  const moves = moveClauses(
    moved,
    (p) => ({ ...articleCitation(number, style), tail: paragraphUnitLabel(p, style) }),
    (p) => paragraphUnitLabel(p, style),
    '同条',
    '項',
    'down',
    style,
  );
  const article = articleCitation(number, style);
  const one = countWord(1, '項', style);
  let last: Clause;
  if (op.after === null) {
    last = structuralClause(
      article,
      `に${paragraphUnitLabel(1, style)}として${one}`,
      'kuwaeru',
      lines,
      spans,
    );
  } else if (op.after === count) {
    last = structuralClause(article, `に${one}`, 'kuwaeru', lines, spans);
  } else {
    last = structuralClause(
      { ...article, tail: paragraphUnitLabel(op.after, style) },
      `の次に${one}`,
      'kuwaeru',
      lines,
      spans,
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
  const spans = provisionSpans(
    reading,
    'new',
    reading.doc,
    parent.item === undefined ? { ...parent, item: added.number } : { ...parent, subItem: added.number },
  );
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
        spans,
      ),
    ];
  }
  if (op.after === null || op.after === lastSibling?.number) {
    return [
      structuralClause(provisionCitation(before, parent, style, true), `に${what}`, 'kuwaeru', lines, spans),
    ];
  }
  return [
    structuralClause(
      provisionCitation(before, siblingPath(op.after), style, true),
      `の次に${what}`,
      'kuwaeru',
      lines,
      spans,
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
  const removedSpans = provisionSpans(reading, 'old', before, path);
  apply(reading, { ...op, path });
  const citation = provisionCitation(before, path, style, path.item !== undefined);
  if (op.leaveDeletedMarker) {
    const lines =
      path.paragraph === undefined
        ? articleLines(findArticle(reading.doc, path.article), style)
        : linesAt(reading.doc, path, style);
    // The new 「削除」 is underlined whole, with the article's number (「第5条 削除」).
    const marker =
      path.paragraph === undefined
        ? provisionSpans(reading, 'new', reading.doc, path)
        : [readingSpan(reading, 'new', { kind: 'text', path }, 'whole')];
    return [structuralClause(citation, 'を次のように', 'aratameru', lines, [...removedSpans, ...marker])];
  }
  if (path.paragraph === undefined) {
    const id = idOf(step.before, step.idsBefore, op.path.article);
    if (id !== undefined) reading.numbers.delete(id);
    if (op.renumberFollowing !== true) return [structuralClause(citation, 'を', 'kezuru', [], removedSpans)];
    // 第5条を削り、第6条を第5条とし、…: every later article moves up to the number before it.
    const index = before.articles.findIndex((a) => a.number === path.article);
    const moves = before.articles.slice(index + 1).map((a, i) => ({
      from: a.number,
      to: reading.doc.articles[index + i]?.number ?? a.number,
    }));
    const oldNumbers = numberSpans(reading, moves, (n) => ({ article: n }), 'old');
    for (const move of moves) {
      const moved = [...reading.numbers].find(([, n]) => n === move.from)?.[0];
      if (moved !== undefined) reading.numbers.set(moved, move.to);
    }
    const newNumbers = numberSpans(reading, moves, (n) => ({ article: n }), 'new');
    return [
      structuralClause(citation, 'を', 'kezuru', [], [...removedSpans, ...oldNumbers, ...newNumbers]),
      ...moveClauses(
        moves,
        (n) => articleCitation(n, style),
        (n) => articleLabel(n, style),
        '',
        '条',
        'up',
        style,
      ),
    ];
  }
  if (path.item === undefined) {
    recordParagraphMove(reading, path.article, 'delete', path.paragraph);
    // Later paragraphs move up by one: 第三条第二項を削り、同条第三項を同条第二項とする。
    const moved = range(path.paragraph + 1, count).map((p) => ({ from: p, to: p - 1 }));
    const spans = [
      ...removedSpans,
      ...numberSpans(reading, moved, (p) => ({ article: path.article, paragraph: p })),
    ];
    const moves = moveClauses(
      moved,
      (p) => ({ ...articleCitation(path.article, style), tail: paragraphUnitLabel(p, style) }),
      (p) => paragraphUnitLabel(p, style),
      '同条',
      '項',
      'up',
      style,
    );
    return [structuralClause(citation, 'を', 'kezuru', [], spans), ...moves];
  }
  const removed = siblingCitation(before, path, style);
  if (op.renumberFollowing !== true) return [structuralClause(removed, 'を', 'kezuru', [], removedSpans)];
  // 第2条第4号を削り、同条第5号を同条第4号とし、…
  const sub = path.subItem !== undefined;
  const siblingsIn = (doc: AgreementDocument): Item[] => {
    const paragraph = findArticle(doc, path.article).paragraphs.find((p) => p.number === path.paragraph);
    const items = paragraph?.items ?? [];
    return sub ? (items.find((i) => i.number === path.item)?.subItems ?? []) : items;
  };
  const old = siblingsIn(before);
  const index = old.findIndex((i) => i.number === (sub ? path.subItem : path.item));
  const moves = old.slice(index + 1).map((item, i) => ({
    from: item.number,
    to: siblingsIn(reading.doc)[index + i]?.number ?? item.number,
  }));
  const at = (n: ProvisionNumber): ProvisionPath => (sub ? { ...path, subItem: n } : { ...path, item: n });
  return [
    structuralClause(removed, 'を', 'kezuru', [], [...removedSpans, ...numberSpans(reading, moves, at)]),
    ...moveClauses(
      moves,
      (n) => siblingCitation(before, at(n), style),
      (n) => itemUnitLabel(n, sub ? 1 : 0, style),
      removed.same ?? '同条',
      sub ? '' : '号',
      'up',
      style,
    ),
  ];
}

export function readReplaceProvision(
  reading: Reading,
  step: Step,
  op: Extract<AmendmentOperation, { op: 'replaceProvision' }>,
): Clause[] {
  const { style } = reading;
  const path: ProvisionPath = { ...op.path, article: currentNumber(reading, step, op.path.article) };
  const before = reading.doc;
  const removed = provisionSpans(reading, 'old', before, path);
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
      [...removed, ...provisionSpans(reading, 'new', reading.doc, path)],
    ),
  ];
}

export function readSupplementary(
  reading: Reading,
  op: Extract<AmendmentOperation, { op: 'replaceSupplementaryProvisions' }>,
): Clause[] {
  const before = reading.doc;
  apply(reading, op);
  return [
    structuralClause(
      { head: '附則', tail: '' },
      'を次のように',
      'aratameru',
      supplementaryLines(reading.doc, reading.style),
      supplementarySpans(reading, before),
    ),
  ];
}

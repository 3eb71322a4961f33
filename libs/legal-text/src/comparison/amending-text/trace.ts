/** Tracing the operations: which article each operation concerns, and the units they are read in. */
import { applyAmendment, type AmendmentOperation } from '../../amendment';
import { deepEqual } from '../../deep-equal';
import type { AgreementDocument, ProvisionNumber, ProvisionPath } from '../../document.model';
import { isProvisionNumber, parseProvisionNumber } from '../../numbering';
import type { AmendedPart } from './model';

const MAX = Number.MAX_SAFE_INTEGER;

export interface Step {
  index: number;
  op: AmendmentOperation;
  before: AgreementDocument;
  after: AgreementDocument;
  /** Identity of each article (parallel to `articles`): `o:<old number>`, or `n:<op index>` if added. */
  idsBefore: string[];
  idsAfter: string[];
}

export function traceSteps(oldDoc: AgreementDocument, operations: readonly AmendmentOperation[]): Step[] {
  const steps: Step[] = [];
  let doc = oldDoc;
  let ids = oldDoc.articles.map((a) => `o:${a.number}`);
  operations.forEach((op, index) => {
    const after = applyAmendment(doc, [op]);
    const byNumber = new Map(doc.articles.map((a, i) => [a.number, ids[i] ?? '']));
    // An article removed outright leaves the others in order, whatever numbers they take.
    const removed = removedArticleIndex(doc, op);
    const idsAfter =
      removed !== undefined
        ? ids.filter((_, i) => i !== removed)
        : after.articles.map((a) => {
            if (op.op === 'renumberArticle' && a.number === op.to)
              return byNumber.get(op.from) ?? `n:${index}`;
            return byNumber.get(a.number) ?? `n:${index}`;
          });
    steps.push({ index, op, before: doc, after, idsBefore: ids, idsAfter });
    doc = after;
    ids = idsAfter;
  });
  return steps;
}

/** The index of the article an operation removes outright (削る, not 「削除」), if any. */
function removedArticleIndex(doc: AgreementDocument, op: AmendmentOperation): number | undefined {
  if (op.op !== 'deleteProvision' || op.leaveDeletedMarker || op.path.paragraph !== undefined)
    return undefined;
  const index = doc.articles.findIndex((a) => a.number === op.path.article);
  return index < 0 ? undefined : index;
}

/** The articles a renumbering 削る moves up (第6条を第5条とし…), by identity. */
export function movedIdentities(step: Step): string[] {
  const { op } = step;
  if (op.op !== 'deleteProvision' || op.renumberFollowing !== true) return [];
  const index = removedArticleIndex(step.before, op);
  return index === undefined ? [] : step.idsBefore.slice(index + 1);
}

export function idOf(
  doc: AgreementDocument,
  ids: readonly string[],
  number: ProvisionNumber,
): string | undefined {
  const index = doc.articles.findIndex((a) => a.number === number);
  return index < 0 ? undefined : ids[index];
}

/** The article an operation concerns (for insertArticle: the article it adds). */
export function articleIdentity(step: Step): string | undefined {
  const { op, before, idsBefore } = step;
  switch (op.op) {
    case 'replaceWords':
      if (op.target.kind === 'provision') return idOf(before, idsBefore, op.target.path.article);
      if (op.target.kind === 'caption') return idOf(before, idsBefore, op.target.article);
      return undefined;
    case 'replaceProvision':
    case 'deleteProvision':
      return idOf(before, idsBefore, op.path.article);
    case 'insertParagraph':
      return idOf(before, idsBefore, op.article);
    case 'insertItem':
      return idOf(before, idsBefore, op.parent.article);
    case 'renumberArticle':
      return idOf(before, idsBefore, op.from);
    case 'insertArticle':
      return step.idsAfter.find((id) => !step.idsBefore.includes(id));
    case 'addMeasure':
    case 'reviseMeasure':
    case 'removeMeasure':
    case 'changeMeasureRole':
    case 'replaceSupplementaryProvisions':
      return undefined;
  }
}

type Part = 'title' | 'preamble' | 'articles' | 'measures' | 'supplementary';
export const PART_RANK: Readonly<Record<Part, number>> = {
  title: 0,
  preamble: 1,
  articles: 2,
  measures: 3,
  supplementary: 4,
};

function partOf(op: AmendmentOperation): Part {
  switch (op.op) {
    case 'replaceWords':
      switch (op.target.kind) {
        case 'title':
          return 'title';
        case 'preamble':
          return 'preamble';
        case 'supplementaryProvisions':
          return 'supplementary';
        case 'provision':
        case 'caption':
          return 'articles';
      }
      return 'articles';
    case 'addMeasure':
    case 'reviseMeasure':
    case 'removeMeasure':
    case 'changeMeasureRole':
      return 'measures';
    case 'replaceSupplementaryProvisions':
      return 'supplementary';
    case 'replaceProvision':
    case 'insertArticle':
    case 'insertParagraph':
    case 'insertItem':
    case 'deleteProvision':
    case 'renumberArticle':
      return 'articles';
  }
}

/**
 * Every article identity in one order consistent with every version: old articles in their order,
 * each added one right after its predecessor (and after articles removed there before it).
 */
export function identityOrder(oldIds: readonly string[], steps: readonly Step[]): Map<string, number> {
  const order = [...oldIds];
  for (const step of steps) {
    if (step.op.op !== 'insertArticle') continue;
    const added = articleIdentity(step);
    if (added === undefined) continue;
    const position = step.idsAfter.indexOf(added);
    const predecessor = step.idsAfter[position - 1];
    let at = predecessor === undefined ? 0 : order.indexOf(predecessor) + 1;
    while (at < order.length && !step.idsAfter.includes(order[at] ?? '')) at++;
    order.splice(at, 0, added);
  }
  return new Map(order.map((id, index) => [id, index]));
}

function itemKey(number: ProvisionNumber): number[] {
  return isProvisionNumber(number) ? parseProvisionNumber(number) : [0];
}

function pathKey(path: ProvisionPath): number[] {
  if (path.paragraph === undefined) return [0];
  const key = [path.paragraph];
  if (path.item !== undefined) key.push(...itemKey(path.item));
  if (path.subItem !== undefined) key.push(0, ...itemKey(path.subItem));
  return key;
}

/** Where inside its article an operation acts, for ordering within an article. */
function positionInArticle(op: AmendmentOperation): number[] {
  switch (op.op) {
    case 'replaceWords':
      return op.target.kind === 'provision' ? pathKey(op.target.path) : [-1];
    case 'replaceProvision':
    case 'deleteProvision':
      return pathKey(op.path);
    case 'insertParagraph':
      return [op.after ?? 0, MAX];
    case 'insertItem': {
      const parent = pathKey(op.parent);
      const tail = op.after === null ? [0] : [...itemKey(op.after), 0, MAX];
      return op.parent.item === undefined ? [...parent, ...tail] : [...parent, 0, ...tail];
    }
    case 'renumberArticle':
    case 'insertArticle':
    case 'addMeasure':
    case 'reviseMeasure':
    case 'removeMeasure':
    case 'changeMeasureRole':
    case 'replaceSupplementaryProvisions':
      return [0];
  }
}

export interface Unit {
  part: Part;
  steps: Step[];
  identities: string[];
  slot: number;
  sub: number[];
  first: number;
}

const isMeasureOp = (op: AmendmentOperation): boolean => partOf(op) === 'measures';

/**
 * Operations that belong together: a run of renumberings with the insertion they make room for
 * (第六条を第七条とし、第五条の次に…), insertions one after the other (次の二条を加える), and all
 * changes of the measures table (別表を次のように改める) unless together they change nothing. Everything
 * else is a unit of its own.
 */
export function formUnits(steps: readonly Step[], slots: ReadonlyMap<string, number>): Unit[] {
  const units: Unit[] = [];
  let measures: Unit | undefined;
  const slotOf = (id: string | undefined): number => (id === undefined ? MAX : (slots.get(id) ?? MAX));
  let i = 0;
  while (i < steps.length) {
    const step = steps[i];
    if (!step) break;
    if (isMeasureOp(step.op)) {
      if (measures) measures.steps.push(step);
      else {
        measures = { part: 'measures', steps: [step], identities: [], slot: 0, sub: [0], first: step.index };
        units.push(measures);
      }
      i++;
      continue;
    }
    const group: Step[] = [step];
    let j = i + 1;
    if (step.op.op === 'renumberArticle') {
      while (steps[j]?.op.op === 'renumberArticle') {
        const next = steps[j];
        if (next) group.push(next);
        j++;
      }
      const insert = steps[j];
      const renumbered = group.map((s) => slotOf(articleIdentity(s)));
      if (insert?.op.op === 'insertArticle' && slotOf(articleIdentity(insert)) < Math.min(...renumbered)) {
        group.push(insert);
        j++;
      }
    }
    let last = group[group.length - 1];
    while (last && last.op.op === 'insertArticle') {
      const lastAdded = articleIdentity(last);
      const next = steps[j];
      if (!next || next.op.op !== 'insertArticle') break;
      const position = next.idsAfter.indexOf(articleIdentity(next) ?? '');
      if (lastAdded === undefined || next.idsAfter[position - 1] !== lastAdded) break;
      group.push(next);
      j++;
      last = next;
    }
    const identities = group
      .flatMap((s) => [articleIdentity(s), ...movedIdentities(s)])
      .filter((id): id is string => id !== undefined);
    units.push({
      part: partOf(step.op),
      steps: group,
      identities,
      slot: identities.length === 0 ? 0 : Math.min(...identities.map(slotOf)),
      sub: group.length === 1 ? positionInArticle(step.op) : [0],
      first: step.index,
    });
    i = j;
  }
  // Changes of the table that leave it as it was (a row added, then removed) make no one change: each
  // is a sentence of its own, as a 項 added and then removed is.
  const table = measures;
  const first = table?.steps[0];
  const last = table?.steps.at(-1);
  if (table && first && last && deepEqual(first.before.measures, last.after.measures)) {
    units.splice(
      units.indexOf(table),
      1,
      ...table.steps.map((step) => ({ ...table, steps: [step], first: step.index })),
    );
  }
  return units;
}

export function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

export function partsOf(
  unit: Unit,
  finalIds: ReadonlySet<string>,
  finalNumbers: ReadonlyMap<string, ProvisionNumber>,
): AmendedPart[] {
  switch (unit.part) {
    case 'title':
      return [{ kind: 'title' }];
    case 'preamble':
      return [{ kind: 'preamble' }];
    case 'measures':
      return [{ kind: 'measures' }];
    case 'supplementary':
      return [{ kind: 'supplementaryProvisions' }];
    case 'articles':
      return [...new Set(unit.identities)].map((id) => {
        const old = id.startsWith('o:') ? id.slice(2) : undefined;
        const now = finalIds.has(id) ? finalNumbers.get(id) : undefined;
        return {
          kind: 'article',
          ...(old === undefined ? {} : { old }),
          ...(now === undefined ? {} : { new: now }),
        };
      });
  }
}

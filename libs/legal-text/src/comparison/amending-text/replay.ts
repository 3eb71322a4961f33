/** Replaying the units as sentences, in one order, on the old version. */
import { deepEqual } from '../../deep-equal';
import type { AgreementDocument } from '../../document.model';
import type { RenderStyle } from '../../render';
import type { AmendedPart } from './model';
import { OrderRejected, type ParagraphMove, type Reading } from './reading';
import { joinWordSentences, type Clause, type Sentence } from './sentences';
import {
  readDelete,
  readInsertArticles,
  readInsertItem,
  readInsertParagraph,
  readRenumber,
  readReplaceProvision,
  readSupplementary,
} from './structure';
import type { Step, Unit } from './trace';
import { readMeasures } from './measures';
import { readWords } from './words';

function readStep(reading: Reading, step: Step): Clause[] {
  const { op } = step;
  switch (op.op) {
    case 'replaceWords':
      return readWords(reading, step, op);
    case 'replaceProvision':
      return readReplaceProvision(reading, step, op);
    case 'insertArticle':
      return readInsertArticles(reading, [step]);
    case 'insertParagraph':
      return readInsertParagraph(reading, step, op);
    case 'insertItem':
      return readInsertItem(reading, step, op);
    case 'deleteProvision':
      return readDelete(reading, step, op);
    case 'renumberArticle':
      return readRenumber(reading, step, op);
    case 'replaceSupplementaryProvisions':
      return readSupplementary(reading, op);
    case 'addMeasure':
    case 'reviseMeasure':
    case 'removeMeasure':
    case 'changeMeasureRole':
      // Measures are read as one unit (readMeasures).
      throw new OrderRejected();
  }
}

function readUnit(reading: Reading, unit: Unit, expected: AgreementDocument): Clause[] {
  if (unit.part === 'measures') {
    // The table as this unit's last operation leaves it (one unit of all of them, but see formUnits).
    const table = unit.steps.at(-1)?.after.measures ?? expected.measures;
    return readMeasures(reading, { ...expected, measures: table });
  }
  const clauses: Clause[] = [];
  let i = 0;
  while (i < unit.steps.length) {
    const step = unit.steps[i];
    if (!step) break;
    reading.step++;
    if (step.op.op === 'insertArticle') {
      const chain = unit.steps.slice(i).filter((s) => s.op.op === 'insertArticle');
      clauses.push(...readInsertArticles(reading, chain));
      i += chain.length;
      continue;
    }
    clauses.push(...readStep(reading, step));
    i++;
  }
  return clauses;
}

/**
 * Reads the units in `order`: builds each sentence from the document as the previous sentences
 * leave it and applies what it says. `undefined` when that does not end at `expected`.
 */
export function readInOrder(
  oldDoc: AgreementDocument,
  units: readonly Unit[],
  expected: AgreementDocument,
  parts: (unit: Unit) => AmendedPart[],
  style: RenderStyle,
): { sentences: Sentence[]; paragraphMoves: ParagraphMove[] } | undefined {
  const reading: Reading = {
    style,
    doc: oldDoc,
    numbers: new Map(oldDoc.articles.map((a) => [`o:${a.number}`, a.number])),
    step: 0,
    paragraphMoves: [],
  };
  const sentences: Sentence[] = [];
  try {
    for (const unit of units) {
      const clauses = readUnit(reading, unit, expected);
      const only = unit.steps.length === 1 ? unit.steps[0] : undefined;
      const words = clauses.length === 1 && clauses[0]?.words === true;
      const joinKey =
        words && only
          ? unit.part === 'articles'
            ? `article:${unit.identities[0] ?? ''}`
            : unit.part
          : undefined;
      sentences.push({
        clauses,
        operations: unit.steps.map((s) => s.index),
        parts: parts(unit),
        ...(joinKey === undefined ? {} : { joinKey }),
      });
    }
  } catch (error) {
    if (error instanceof OrderRejected) return undefined;
    throw error;
  }
  return deepEqual(reading.doc, expected)
    ? { sentences: joinWordSentences(sentences), paragraphMoves: reading.paragraphMoves }
    : undefined;
}

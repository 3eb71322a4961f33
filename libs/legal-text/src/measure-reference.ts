/**
 * Rows of the measures table (別表) cited by their place — 別表(4), (4), ４, 別表四の項 — in amendment
 * operations, resolved to the ids the ledger records. Which measure 別表(4) is depends on the text being
 * amended, so this runs against that text, not in request validation.
 */
import { AmendmentError, type AmendmentOperation, applyAmendment } from './amendment';
import type { AgreementDocument } from './document.model';
import { isMeasureRowReference, readMeasureReference } from './measure';

/** A reference that names no row: the field as the request's JSON path (`operations[2].id`), and why. */
export interface MeasureReferenceProblem {
  field: string;
  reason: string;
}

const ALLOWED_FORMS = '連携施策は 別表(4)、(4)、4、別表四の項 又は ID（m04 など）で指定します';

/** The operation's fields that name an existing measure. */
function referenceFields(op: AmendmentOperation): ('id' | 'after')[] {
  if (op.op === 'reviseMeasure' || op.op === 'removeMeasure' || op.op === 'changeMeasureRole') return ['id'];
  return op.op === 'addMeasure' && typeof op.after === 'string' ? ['after'] : [];
}

/**
 * Replaces every row reference in `operations` with the id of the measure in that row. Rows are
 * counted as the table prints them (measuresInTableOrder) in the text as the earlier operations left
 * it, as the operations are applied in order (別表(1)を削る twice removes the first two rows). An id of
 * a measure — in the base, or added by an earlier operation, or unknown — is kept as it is: the
 * amendment itself says when an id names nothing. Where an operation does not apply, the later ones
 * are read against the text as it stood before it; the amendment reports that operation.
 */
export function resolveMeasureReferences(
  base: AgreementDocument,
  operations: readonly AmendmentOperation[],
): { ok: true; operations: AmendmentOperation[] } | { ok: false; problems: MeasureReferenceProblem[] } {
  const problems: MeasureReferenceProblem[] = [];
  let text = base;
  const resolved = operations.map((op, index) => {
    let out = op;
    let named = true;
    for (const field of referenceFields(op)) {
      const value = Reflect.get(op, field) as string;
      if (text.measures.some((m) => m.id === value) || !isMeasureRowReference(value)) continue;
      const read = readMeasureReference(text.measures, value);
      if (read.ok) out = { ...out, [field]: read.id };
      else {
        problems.push({ field: `operations[${index}].${field}`, reason: `${read.reason}。${ALLOWED_FORMS}` });
        named = false;
      }
    }
    if (named) text = applied(text, out);
    return out;
  });
  return problems.length === 0 ? { ok: true, operations: resolved } : { ok: false, problems };
}

/** The text after `op`, or as it was when `op` does not apply. */
function applied(text: AgreementDocument, op: AmendmentOperation): AgreementDocument {
  try {
    return applyAmendment(text, [op]);
  } catch (error) {
    if (error instanceof AmendmentError) return text;
    throw error;
  }
}

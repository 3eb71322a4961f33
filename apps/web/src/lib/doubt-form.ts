/**
 * 疑義の提起 (第6条) as the form holds it and as the API takes it (POST /agreements/{id}/doubts): the
 * party raising it, the day it arose (never a day still ahead), what it cites — a provision by its
 * label (第4条第2項), a 連携施策 of the 別表, or nothing (定めのない事項) — and the question.
 */
import { isLegalDate, parseProvisionLabel } from '@kyoyaku/legal-text';
import { Checker, type Checked, LIMITS } from './form-validation';

export const CITATION_KINDS = ['provision', 'measure', 'unspecified'] as const;
export type CitationKind = (typeof CITATION_KINDS)[number];

export interface DoubtValues {
  doubtId: string;
  /** The raising party's 全国地方公共団体コード. */
  raisedBy: string;
  raisedOn: string;
  citationKind: string;
  /** provision: 第4条第2項, 第3条の2第1項第2号 … */
  label: string;
  measureId: string;
  question: string;
}

export type CitationBody =
  { kind: 'provision'; label: string } | { kind: 'measure'; measureId: string } | { kind: 'unspecified' };

export interface DoubtBody {
  doubtId?: string;
  raisedBy: string;
  raisedOn: string;
  citation: CitationBody;
  question: string;
}

export const DOUBT_FIELDS = [
  'doubtId',
  'raisedBy',
  'raisedOn',
  'citation',
  'citation.kind',
  'citation.label',
  'citation.measureId',
  'question',
] as const;

/** `parties`: the two parties' codes; `today`: today in Japan (a doubt is raised on a day that has come). */
export function checkDoubt(v: DoubtValues, parties: readonly string[], today: string): Checked<DoubtBody> {
  const c = new Checker();
  const doubtId = c.optionalId('doubtId', v.doubtId);
  const raisedBy = c.choice('raisedBy', v.raisedBy, parties);
  const raisedOn = c.date('raisedOn', v.raisedOn);
  if (isLegalDate(raisedOn) && raisedOn > today) c.add('raisedOn', 'validation.notAfter', { date: today });
  const kind = c.choice('citation.kind', v.citationKind, CITATION_KINDS);
  let citation: CitationBody;
  switch (kind) {
    case 'provision': {
      const label = v.label.trim();
      if (label === '') c.add('citation.label', 'validation.required');
      else if (parseProvisionLabel(label) === undefined) c.add('citation.label', 'validation.provisionLabel');
      citation = { kind, label };
      break;
    }
    case 'measure':
      if (v.measureId === '') c.add('citation.measureId', 'validation.choose');
      citation = { kind, measureId: v.measureId };
      break;
    case 'unspecified':
      citation = { kind };
      break;
  }
  const question = c.text('question', v.question, LIMITS.reason);
  return c.result({ ...(doubtId === undefined ? {} : { doubtId }), raisedBy, raisedOn, citation, question });
}

/**
 * The amendment editor's logic without the page (draft first: the documents are seen before anything is recorded): what it sends to the
 * preview and to POST …/proceedings, the planned 施行日 read as people write it (和暦 or ISO), and the
 * API's refusals told in Japanese — its known codes by name, its Japanese reasons quoted, and never
 * its English framing (「The proposed text does not read as an agreement: line 3 …」).
 */
import { readLegalDate } from '@kyoyaku/legal-text';
import type { MessageKey } from '../i18n/messages';
import type { Checked } from './form-validation';
import { Checker } from './form-validation';
import type { ProblemDocument } from './problem';

/** How the amendment is stated in the editor: the whole proposed text, or a 改め文. */
export type DraftMode = 'text' | 'amendingText';

export interface DraftValues {
  mode: DraftMode;
  /** The whole proposed text, as GET …/versions/{n} prints it (text mode). */
  text: string;
  /** A 変更協約 as drafted or signed (amendingText mode). */
  amendingText: string;
  /** Planned 施行日 as typed: 2027-04-01, 令和9年4月1日, R9.4.1; empty → 「締結の日から施行する」. */
  effectiveOn: string;
}

/** POST …/drafts/preview (and the statement part of POST …/proceedings). */
export type DraftStatement = ({ text: string } | { amendingText: string }) & { effectiveOn?: string };

export type OpenAmendmentBody = DraftStatement & {
  kind: 'amendment';
  draftedOn: string;
  proceedingId?: string;
};

/** A planned 施行日: empty (none planned), a date, or why it does not read. */
export function readPlannedDate(
  input: string,
): { ok: true; value: string | undefined } | { ok: false; reason: string } {
  if (input.trim() === '') return { ok: true, value: undefined };
  const read = readLegalDate(input);
  return read.ok ? { ok: true, value: read.value } : read;
}

/** Longest text the API takes (its DTO's MaxLength). */
const MAX_TEXT = 500_000;

/** Checks the statement of the amendment for a preview; `baseText` is the text amended. */
export function checkDraft(values: DraftValues, baseText: string): Checked<DraftStatement> {
  const c = new Checker();
  const field = values.mode;
  const stated = values.mode === 'text' ? values.text : values.amendingText;
  if (stated.trim() === '') c.add(field, 'validation.required');
  else if (stated.length > MAX_TEXT) c.add(field, 'validation.tooLong', { max: MAX_TEXT });
  else if (values.mode === 'text' && sameText(stated, baseText)) c.add(field, 'draft.unchanged');
  const planned = readPlannedDate(values.effectiveOn);
  if (!planned.ok) c.add('effectiveOn', 'validation.legalDate', { reason: planned.reason });
  const effectiveOn = planned.ok ? planned.value : undefined;
  return c.result({
    ...(values.mode === 'text' ? { text: values.text } : { amendingText: values.amendingText }),
    ...(effectiveOn === undefined ? {} : { effectiveOn }),
  });
}

/** The body that opens the proceeding: the statement previewed, the 案's date and an optional id. */
export function checkOpening(
  statement: DraftStatement,
  values: { draftedOn: string; proceedingId: string },
): Checked<OpenAmendmentBody> {
  const c = new Checker();
  const proceedingId = c.optionalId('proceedingId', values.proceedingId);
  const draftedOn = c.date('draftedOn', values.draftedOn);
  return c.result({
    kind: 'amendment',
    ...(proceedingId === undefined ? {} : { proceedingId }),
    draftedOn,
    ...statement,
  });
}

/** Line ends and trailing blanks do not make a change (a textarea may give \r\n). */
function sameText(a: string, b: string): boolean {
  const normal = (s: string) =>
    s
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((line) => line.trimEnd())
      .join('\n')
      .trim();
  return normal(a) === normal(b);
}

/** The 附則's 施行期日 sentence of a drafted 改め文: the line after 「附\u3000則」. */
export function effectiveDateSentence(lines: readonly string[]): string | undefined {
  const at = lines.findIndex((line) => line.replace(/\s/g, '') === '附則');
  const sentence = at < 0 ? undefined : lines[at + 1];
  return sentence === undefined || sentence.trim() === '' ? undefined : sentence.trim();
}

/** A message the page shows: a key of messages.ts with its values, or the API's Japanese words as they are. */
export type DraftMessage = { key: MessageKey; params?: Record<string, string | number> } | { text: string };

const KNOWN_CODES: Record<string, MessageKey> = {
  ProposedTextUnreadable: 'draft.problem.ProposedTextUnreadable',
  AmendmentNotDerivable: 'draft.problem.AmendmentNotDerivable',
  AmendingTextUnreadable: 'draft.problem.AmendingTextUnreadable',
  ValidationFailed: 'draft.problem.ValidationFailed',
  AmendmentHasNoBase: 'draft.problem.AmendmentHasNoBase',
};

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;
/** Two English words in a row: a sentence of the API's English framing. */
const ENGLISH_WORDS = /[A-Za-z]{2,}\s+[A-Za-z]{2,}/;

/**
 * The Japanese part of one of the API's messages, or undefined when it has none worth showing:
 * 「line 3 「…」: reason」 becomes 「3行目「…」：reason」, an English lead before ': ' is dropped, and
 * a message that is still English after that is left out (its code's Japanese lead says it).
 */
export function japaneseDetail(message: string): DraftMessage | undefined {
  const lined = /line (\d+) 「(.*)」: (.+)$/su.exec(message);
  if (lined !== null) {
    return {
      key: 'draft.problem.line',
      params: { line: lined[1] ?? '', text: lined[2] ?? '', reason: lined[3] ?? '' },
    };
  }
  const colon = message.indexOf(': ');
  const rest = colon >= 0 && ENGLISH_WORDS.test(message.slice(0, colon)) ? message.slice(colon + 2) : message;
  if (!JAPANESE.test(rest) || ENGLISH_WORDS.test(rest)) return undefined;
  return { text: rest };
}

/**
 * What the page says about a refused preview or opening: a Japanese lead (by the problem's code,
 * else by its status), then each distinct Japanese reason the problem gives.
 */
export function draftProblemMessages(problem: ProblemDocument): DraftMessage[] {
  const known = problem.code === undefined ? undefined : KNOWN_CODES[problem.code];
  const lead: DraftMessage =
    problem.status === 0
      ? { key: 'common.networkError' }
      : known !== undefined
        ? { key: known }
        : { key: 'draft.problem.other', params: { status: problem.status } };
  const details = [problem.detail, ...(problem.errors ?? []).map((e) => e.message)]
    .map(japaneseDetail)
    .filter((m): m is DraftMessage => m !== undefined);
  const seen = new Set<string>();
  const distinct = details.filter((m) => {
    const id = JSON.stringify(m);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  return [lead, ...distinct];
}

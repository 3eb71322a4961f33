/**
 * The 新旧対照表 of an amendment and its 改め文 agree: checkers compare the 傍線 of
 * the table with the 「」 of the 改め文, so for every generated amendment the underlined words of the
 * table are exactly the words its sentences quote — the 「A」 changed or removed on the 変更前 side, the
 * 「B」 or the words added on the 変更後 side — and never anything else.
 */
import fc from 'fast-check';
import { applicable } from '../../testing/comparison.helpers';
import { documentWithOperationsArb } from '../../testing/document.arbitraries';
import { applyAmendment, type AmendmentOperation } from '../amendment';
import type { AgreementDocument } from '../document.model';
import { amendingText } from './amending-text';
import { comparisonTable, type ComparisonTable } from './comparison-table';

/** The quoted strings of a sentence in order, each with the text that follows it up to the next 「. */
function quotes(sentence: string): { text: string; after: string }[] {
  const out: { text: string; after: string }[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < sentence.length; i++) {
    const ch = sentence[i];
    if (ch === '「' && depth++ === 0) start = i + 1;
    if (ch === '」' && --depth === 0) {
      const rest = sentence.slice(i + 1);
      const next = rest.indexOf('「');
      out.push({ text: sentence.slice(start, i), after: next < 0 ? rest : rest.slice(0, next) });
    }
  }
  return out;
}

/** What the sentences quote: changed or removed on the old side, put in or added on the new side. */
function quoted(sentences: readonly string[]): { old: Set<string>; new: Set<string> } {
  const result = { old: new Set<string>(), new: new Set<string>() };
  for (const sentence of sentences) {
    const list = quotes(sentence);
    list.forEach((q, i) => {
      const previous = list[i - 1];
      if (previous && /^を$/.test(previous.after))
        result.new.add(q.text); // 「A」を「B」に
      else if (previous && /^の(次|下|前|上)に$/.test(previous.after))
        result.new.add(q.text); // 「A」の次に「X」を加える
      else if (/^を(削|$)/.test(q.after)) result.old.add(q.text); // 「A」を「B」に / 「A」を削る
    });
  }
  return result;
}

/** The underlined words of each side, adjacent underlined runs joined (blanks left out). */
function underlined(table: ComparisonTable): { old: Set<string>; new: Set<string> } {
  const result = { old: new Set<string>(), new: new Set<string>() };
  for (const row of table.rows) {
    for (const cell of row.cells) {
      for (const line of cell.lines) {
        let run = '';
        for (const piece of [...line.runs, { text: '', underline: false }]) {
          if (piece.underline && !('blank' in piece && piece.blank === true)) {
            run += piece.text;
          } else {
            if (run !== '') result[cell.side].add(run);
            run = '';
          }
        }
      }
    }
  }
  return result;
}

/** The sentence with every quotation emptied: 第5条中「」を「」に改める。 */
function withoutQuotes(sentence: string): string {
  let depth = 0;
  let out = '';
  for (const ch of sentence) {
    if (ch === '「' && depth++ === 0) out += ch;
    else if (ch === '」' && --depth === 0) out += ch;
    else if (depth === 0) out += ch;
  }
  return out;
}

/** A sentence that only changes words (no provision or row added, replaced, removed or moved). */
const isWordsSentence = (sentence: string): boolean =>
  /中「/.test(sentence) && !/[^」]を削|次のように|次の[^「]|とし|とする|繰り/.test(withoutQuotes(sentence));

/** Whether `run` is one or more of `words` side by side (two changes may touch: 「お」 twice in 「おお」). */
function composedOf(run: string, words: ReadonlySet<string>): boolean {
  const ok: boolean[] = [true];
  for (let end = 1; end <= run.length; end++) {
    ok[end] = [...words].some(
      (w) => w.length <= end && ok[end - w.length] === true && run.slice(end - w.length, end) === w,
    );
  }
  return ok[run.length] === true;
}

type Amendment = [AgreementDocument, AmendmentOperation[]];

/** The 改め文 and the 新旧対照表 of an amendment, the table underlined from the sentences' spans. */
function draft([base, ops]: Amendment): { sentences: string[]; table: ComparisonTable } {
  const written = amendingText(base, ops);
  const table = comparisonTable(base, applyAmendment(base, ops), {
    spans: written.sentences.flatMap((s) => s.spans),
  });
  return { sentences: written.sentences.map((s) => s.text), table };
}

/**
 * Generated amendments that only change words (「A」を「B」に改める and its kin), one operation per text:
 * a second change of words the first one wrote quotes words that are in neither version.
 */
const wordsAmendmentArb: fc.Arbitrary<Amendment> = documentWithOperationsArb
  .map(([base, ops]): Amendment => {
    const seen = new Set<string>();
    const once = ops.filter((op) => {
      if (op.op !== 'replaceWords') return false;
      // One change per text: targets that contain each other (an article and its 項) are the same text.
      const key =
        op.target.kind === 'provision'
          ? `provision:${op.target.path.article}`
          : op.target.kind === 'supplementaryProvisions'
            ? 'supplementary'
            : JSON.stringify(op.target);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return [base, applicable(base, once).ops];
  })
  .filter(([, ops]) => ops.length > 0);

describe('the 新旧対照表 underlines exactly what the 改め文 quotes', () => {
  it('for every generated amendment of words: the same words on each side, nothing more', () => {
    let checked = 0;
    fc.assert(
      fc.property(wordsAmendmentArb, (amendment) => {
        const { sentences, table } = draft(amendment);
        expect(table.underlines).toBe('amendment');
        // A word that cannot be quoted uniquely rewrites its provision (…を次のように改める).
        fc.pre(sentences.every(isWordsSentence));
        checked++;
        const marks = underlined(table);
        const quotedWords = quoted(sentences);
        for (const side of ['old', 'new'] as const) {
          // Every underline is words the sentences quote, and every quoted word is underlined.
          for (const run of marks[side]) {
            expect({ side, run, quoted: composedOf(run, quotedWords[side]) }).toEqual({
              side,
              run,
              quoted: true,
            });
          }
          for (const word of quotedWords[side]) {
            expect({ side, word, underlined: [...marks[side]].some((run) => run.includes(word)) }).toEqual({
              side,
              word,
              underlined: true,
            });
          }
        }
      }),
      { numRuns: 500 },
    );
    expect(checked).toBeGreaterThan(400);
  });

  it('for every generated amendment: the table is underlined from the 改め文, and something is underlined', () => {
    fc.assert(
      fc.property(documentWithOperationsArb, ([base, ops]) => {
        const { ops: kept, result } = applicable(base, ops);
        // Operations that undo each other change nothing, and nothing is underlined.
        fc.pre(kept.length > 0 && JSON.stringify(result) !== JSON.stringify(base));
        const { table } = draft([base, kept]);
        expect(table.underlines).toBe('amendment');
        const marks = underlined(table);
        expect(marks.old.size + marks.new.size).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});

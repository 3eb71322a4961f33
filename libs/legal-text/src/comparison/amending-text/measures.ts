/**
 * The measures table (別表) row by row, as 法制執務 amends a table whose 項 are numbered:
 *
 * - a change within a row: 「別表(13)の項中「充実等」を「充実、移住相談窓口の共同設置等」に改める。」 — the
 *   smallest whole-token phrase unique within the row (words.ts), several in one row sharing the verb;
 *   a row whose change cannot be quoted uniquely: 「別表(13)の項を次のように改める。」 + the row;
 * - a row added after the last: 「別表(15)の項の次に次のように加える。」 + the row;
 * - the last row removed: 「別表(15)の項を削る。」;
 * - the rows cited after the first as 同表(6)の項, all changes of the table in one sentence;
 * - the whole table (「別表を次のように改める。」) when more than half of the rows change
 *   ({@link WHOLE_TABLE_SHARE}) or when rows would be renumbered or move between categories (a row
 *   added or removed before the last, a change of 区分).
 *
 * The rows are written as the resulting text prints them: (4) / 四 by the style.
 */
import type { AgreementDocument, Measure } from '../../document.model';
import { MEASURE_CATEGORIES } from '../../document.model';
import { measureCategoryLabel, measuresInTableOrder } from '../../measure';
import { renderItemMark, type RenderStyle } from '../../render';
import { measuresLines } from './fragments';
import type { AmendedSpan, TextLocation } from './model';
import type { Reading } from './reading';
import type { Citation, Clause } from './sentences';
import { changedSpan, quoteChange, wordsClause } from './words';

const SPACE = '\u3000';

/** The table is rewritten whole when more than this share of its rows change (added, removed or amended). */
export const WHOLE_TABLE_SHARE = 0.5;

type Field = 'name' | 'content' | 'roles.core' | 'roles.partner';
const FIELDS: readonly Field[] = ['name', 'content', 'roles.core', 'roles.partner'];

function fieldOf(m: Measure, field: Field): string {
  switch (field) {
    case 'name':
      return m.name;
    case 'content':
      return m.content;
    case 'roles.core':
      return m.roles.core;
    case 'roles.partner':
      return m.roles.partner;
  }
}

function withField(m: Measure, field: Field, text: string): Measure {
  switch (field) {
    case 'name':
      return { ...m, name: text };
    case 'content':
      return { ...m, content: text };
    case 'roles.core':
      return { ...m, roles: { ...m.roles, core: text } };
    case 'roles.partner':
      return { ...m, roles: { ...m.roles, partner: text } };
  }
}

function sameRow(a: Measure, b: Measure): boolean {
  return FIELDS.every((f) => fieldOf(a, f) === fieldOf(b, f)) && a.category === b.category;
}

/** 「別表(13)の項」 as a citation; the rows after the first are 同表(14)の項. */
function rowCitation(row: number, style: RenderStyle): Citation {
  return { head: '別表', tail: `${renderItemMark(String(row), 0, style)}の項`, scope: 'table', same: '同表' };
}

/** The lines of row `row` (1-based) as the table prints it, with its category heading when `heading`. */
function rowLines(measures: readonly Measure[], row: number, style: RenderStyle, heading: boolean): string[] {
  const lines = measuresLines([...measures], style);
  const at = lines.findIndex((l) =>
    l.startsWith(`${renderItemMark(String(row), 0, style)}${SPACE}施策名${SPACE}`),
  );
  if (at < 0) return [];
  const previous = lines[at - 1];
  const withHeading =
    heading && previous !== undefined && MEASURE_CATEGORIES.some((c) => measureCategoryLabel(c) === previous);
  return lines.slice(withHeading ? at - 1 : at, at + 4);
}

function clause(citation: Citation, body: string, verb: Clause['verb'], lines: string[] = []): Clause {
  return { citation, body, verb, words: false, within: false, lines };
}

/** Every field of a row as spans of one side (a row added, removed or rewritten). */
function rowSpans(m: Measure, row: number, side: 'old' | 'new', style: RenderStyle): AmendedSpan[] {
  const at = (field: Extract<TextLocation, { kind: 'measure' }>['field']): TextLocation => ({
    kind: 'measure',
    id: m.id,
    field,
  });
  return [
    { side, at: at('number'), start: 0, end: renderItemMark(String(row), 0, style).length },
    ...FIELDS.map((f) => ({ side, at: at(f), start: 0, end: fieldOf(m, f).length })),
  ];
}

/**
 * The clauses for a row changed in place: each changed field quoted within the row; undefined when a
 * change cannot be quoted uniquely (the row is then rewritten).
 */
function rowWords(before: Measure, after: Measure, row: number, style: RenderStyle): Clause[] | undefined {
  let current = before;
  const clauses: Clause[] = [];
  for (const field of FIELDS) {
    const old = fieldOf(current, field);
    const change = changedSpan(old, fieldOf(after, field));
    if (!change) continue;
    const coverage = FIELDS.map((f) => fieldOf(current, f));
    const quote = quoteChange(old, change.start, change.end, change.replacement, coverage);
    if (!quote) return undefined;
    const changed = old.slice(0, quote.at) + quote.to + old.slice(quote.at + quote.from.length);
    current = withField(current, field, changed);
    const words = wordsClause(quote.from, quote.to, style);
    const location: TextLocation = { kind: 'measure', id: before.id, field };
    const spans: AmendedSpan[] = [];
    if (words.verb === 'aratameru' || words.verb === 'kezuru') {
      spans.push({ side: 'old', at: location, start: quote.at, end: quote.at + quote.from.length });
    }
    if (words.verb === 'aratameru') {
      spans.push({ side: 'new', at: location, start: quote.at, end: quote.at + quote.to.length });
    } else if (words.verb === 'kuwaeru') {
      // 「A」の次に「X」を加える: X is what the new text has more; 「A」の前に: before A.
      const added = quote.to.length - quote.from.length;
      const start = quote.to.startsWith(quote.from) ? quote.at + quote.from.length : quote.at;
      spans.push({ side: 'new', at: location, start, end: start + added });
    }
    clauses.push({
      citation: rowCitation(row, style),
      ...words,
      words: true,
      within: true,
      lines: [],
      spans,
    });
  }
  return sameRow(current, after) ? clauses : undefined;
}

/**
 * Reads the changes of the measures table (all its operations, as one unit) against `expected`: row
 * by row where that says it, else the whole table.
 */
export function readMeasures(reading: Reading, expected: AgreementDocument): Clause[] {
  const { style } = reading;
  const before = reading.doc.measures;
  const after = expected.measures;
  reading.doc = { ...reading.doc, measures: structuredClone(after) };
  const table = { head: '別表', tail: '' };
  if (after.length === 0) {
    return [
      {
        ...clause(table, 'を', 'kezuru'),
        spans: measuresInTableOrder(before).flatMap((m, i) => rowSpans(m, i + 1, 'old', style)),
      },
    ];
  }
  const newSpans = measuresInTableOrder(after).flatMap((m, i) => rowSpans(m, i + 1, 'new', style));
  const whole = measuresLines(structuredClone(after), style, expected);
  if (before.length === 0) {
    return [{ ...clause({ head: '本則', tail: '' }, 'の次に次の別表を', 'kuwaeru', whole), spans: newSpans }];
  }
  const rewrite: Clause = {
    ...clause(table, 'を次のように', 'aratameru', whole),
    spans: [...measuresInTableOrder(before).flatMap((m, i) => rowSpans(m, i + 1, 'old', style)), ...newSpans],
  };
  const oldRows = measuresInTableOrder(before);
  const newRows = measuresInTableOrder(after);
  const kept = oldRows.filter((m) => newRows.some((n) => n.id === m.id));
  // Rows keep their numbers and categories only if the kept ones come first, in the same order.
  const inPlace = kept.every(
    (m, i) => oldRows[i]?.id === m.id && newRows[i]?.id === m.id && newRows[i]?.category === m.category,
  );
  if (!inPlace || kept.length === 0) return [rewrite];
  const changed = kept.filter((m, i) => {
    const now = newRows[i];
    return now !== undefined && !sameRow(m, now);
  });
  const removed = oldRows.slice(kept.length);
  const added = newRows.slice(kept.length);
  const changes = changed.length + removed.length + added.length;
  if (changes > WHOLE_TABLE_SHARE * Math.max(oldRows.length, newRows.length)) return [rewrite];
  const clauses: Clause[] = [];
  kept.forEach((m, i) => {
    const now = newRows[i];
    if (now === undefined || sameRow(m, now)) return;
    const words = rowWords(m, now, i + 1, style);
    clauses.push(
      ...(words ?? [
        {
          ...clause(
            rowCitation(i + 1, style),
            'を次のように',
            'aratameru',
            rowLines(after, i + 1, style, false),
          ),
          spans: [...rowSpans(m, i + 1, 'old', style), ...rowSpans(now, i + 1, 'new', style)],
        },
      ]),
    );
  });
  removed.forEach((m, j) => {
    const row = kept.length + j + 1;
    clauses.push({
      ...clause(rowCitation(row, style), 'を', 'kezuru'),
      spans: rowSpans(m, row, 'old', style),
    });
  });
  if (added.length > 0) {
    const lines = added.flatMap((_, j) => rowLines(after, kept.length + j + 1, style, true));
    clauses.push({
      ...clause(rowCitation(kept.length, style), 'の次に次のように', 'kuwaeru', lines),
      spans: added.flatMap((m, j) => rowSpans(m, kept.length + j + 1, 'new', style)),
    });
  }
  return clauses;
}

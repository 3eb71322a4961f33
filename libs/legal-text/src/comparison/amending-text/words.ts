/** Words: 「A」を「B」に改める. */
import type { AmendmentOperation, TextTarget } from '../../amendment';
import type {
  AgreementDocument,
  Item,
  Paragraph,
  ProvisionNumber,
  ProvisionPath,
} from '../../document.model';
import type { RenderStyle } from '../../render';
import { paragraphUnitLabel } from '../labels';
import { tokenize, type Token } from '../tokenize';
import { linesAt, supplementaryLines } from './fragments';
import {
  apply,
  applied,
  articleCitation,
  currentNumber,
  findArticle,
  OrderRejected,
  provisionCitation,
  type Reading,
} from './reading';
import type { Citation, Clause } from './sentences';
import { provisionSpans, readingSpan, textAt, wordsSpans, type ReadingSpan } from './spans';
import type { Step } from './trace';
import type { TextLocation } from './model';

interface TextSlot {
  text: string;
  /** The narrowest target that can cite this text. */
  owner: TextTarget;
  /** Where the text is, when narrower than its owner (a 号 of a 附則 paragraph). */
  at?: TextLocation;
}

function itemSlots(items: readonly Item[], owner: (item: Item) => TextTarget): TextSlot[] {
  return items.flatMap((item) => [
    { text: item.text, owner: owner(item) },
    ...itemSlots(item.subItems, () => owner(item)),
  ]);
}

function paragraphSlots(article: ProvisionNumber, paragraphs: readonly Paragraph[]): TextSlot[] {
  return paragraphs.flatMap((p) => {
    const path = { article, paragraph: p.number };
    return [
      { text: p.text, owner: { kind: 'provision' as const, path } },
      ...p.items.flatMap((item) => [
        { text: item.text, owner: { kind: 'provision' as const, path: { ...path, item: item.number } } },
        ...itemSlots(item.subItems, (sub) => ({
          kind: 'provision' as const,
          path: { ...path, item: item.number, subItem: sub.number },
        })),
      ]),
    ];
  });
}

/** The texts a target covers, in the order replaceWords reads them. */
function slotsOf(doc: AgreementDocument, target: TextTarget): TextSlot[] {
  switch (target.kind) {
    case 'title':
      return [{ text: doc.title, owner: target }];
    case 'preamble':
      return [{ text: doc.preamble, owner: target }];
    case 'caption':
      return [{ text: findArticle(doc, target.article).caption, owner: target }];
    case 'supplementaryProvisions': {
      const paragraphs = doc.supplementaryProvisions.paragraphs.filter(
        (p) => target.paragraph === undefined || p.number === target.paragraph,
      );
      return paragraphs.flatMap((p) => {
        const owner: TextTarget = { kind: 'supplementaryProvisions', paragraph: p.number };
        const here = { kind: 'supplementary' as const, paragraph: p.number };
        // 号 and 細分 are located; deeper texts count as occurrences but have no location.
        const located = (items: readonly Item[], depth: number, item?: ProvisionNumber): TextSlot[] =>
          items.flatMap((i) => [
            {
              text: i.text,
              owner,
              ...(depth === 0
                ? { at: { ...here, item: i.number } }
                : depth === 1 && item !== undefined
                  ? { at: { ...here, item, subItem: i.number } }
                  : {}),
            },
            ...located(i.subItems, depth + 1, depth === 0 ? i.number : item),
          ]);
        return [{ text: p.text, owner }, ...located(p.items, 0)];
      });
    }
    case 'provision': {
      const { path } = target;
      const article = findArticle(doc, path.article);
      const all = paragraphSlots(article.number, article.paragraphs);
      return all.filter((slot) => slot.owner.kind === 'provision' && within(slot.owner.path, path));
    }
  }
}

/** Whether `inner` is `outer` or inside it. */
function within(inner: ProvisionPath, outer: ProvisionPath): boolean {
  return (
    inner.article === outer.article &&
    (outer.paragraph === undefined || inner.paragraph === outer.paragraph) &&
    (outer.item === undefined || inner.item === outer.item) &&
    (outer.subItem === undefined || inner.subItem === outer.subItem)
  );
}

/** Non-overlapping occurrences, leftmost first (as replaceWords counts them). */
function occurrencesIn(text: string, word: string): number[] {
  const offsets: number[] = [];
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) offsets.push(at);
  return offsets;
}

/** Every position where `word` starts, overlapping ones included. */
function countEverywhere(slots: readonly TextSlot[], word: string): number {
  let count = 0;
  for (const slot of slots) {
    for (let at = slot.text.indexOf(word); at >= 0; at = slot.text.indexOf(word, at + 1)) count++;
  }
  return count;
}

interface Span {
  left: number;
  right: number;
}

interface PlacedToken extends Token {
  start: number;
  end: number;
}

function placedTokens(text: string): PlacedToken[] {
  let at = 0;
  return tokenize(text).map((token) => {
    const placed = { ...token, start: at, end: at + token.text.length };
    at = placed.end;
    return placed;
  });
}

/** Kanji and kana runs can hold several words, so a quotation may start or end inside them. */
const isWordRun = (token: Token): boolean => token.kind === 'kanji' || token.kind === 'hiragana';

/**
 * [offset, offset + length) widened to whole tokens where it cuts a number with its unit, a date, a
 * reference, a quoted phrase or a katakana or latin word (「500円」, never 「5」).
 */
function wholeTokenSpan(tokens: readonly PlacedToken[], offset: number, length: number): Span {
  let left = offset;
  let right = offset + length;
  for (const token of tokens) {
    if (isWordRun(token)) continue;
    if (token.start < left && left < token.end) left = token.start;
    if (token.start < right && right < token.end) right = token.end;
  }
  return { left, right };
}

/** How many characters of context a quotation may take on each side before the provision is rewritten. */
const MAX_CONTEXT = 24;

/**
 * The shortest phrase around `base` that occurs exactly once in `coverage`. Context may be cut
 * between tokens or inside a kanji or kana run (those can hold several words), never inside a
 * number, date, reference or quotation. Shorter wins, with penalties for cuts a drafter would not
 * make: +3 where a cut separates kanji from the kana that follow them (び of 及び, 定 of 定める), +1
 * for a cut inside a run, +1 for an end on punctuation; on a tie, less context on the left.
 */
function uniquePhrase(text: string, base: Span, coverage: readonly TextSlot[]): Span | undefined {
  const tokens = placedTokens(text);
  const cuts = new Set<number>([0, text.length]);
  for (const token of tokens) {
    cuts.add(token.start);
    if (isWordRun(token)) for (let at = token.start + 1; at < token.end; at++) cuts.add(at);
  }
  const insideRun = (at: number): boolean => tokens.some((t) => t.start < at && at < t.end);
  const kind = (at: number): Token['kind'] | undefined =>
    tokens.find((t) => t.start <= at && at < t.end)?.kind;
  const penalty = (at: number, edge: number): number => {
    let score = 0;
    if (kind(at - 1) === 'kanji' && kind(at) === 'hiragana') score += 3;
    else if (insideRun(at)) score += 1;
    if (kind(edge) === 'punctuation') score += 1;
    return score;
  };
  const lefts = [...cuts].filter((c) => c <= base.left && c >= base.left - MAX_CONTEXT).sort((a, b) => b - a);
  const rights = [...cuts]
    .filter((c) => c >= base.right && c <= base.right + MAX_CONTEXT)
    .sort((a, b) => a - b);
  let best: { span: Span; score: number; extra: number } | undefined;
  for (const left of lefts) {
    for (const right of rights) {
      const phrase = text.slice(left, right);
      if (phrase === '' || countEverywhere(coverage, phrase) !== 1) continue;
      const score =
        [...phrase].length +
        (left < base.left ? penalty(left, left) : 0) +
        (right > base.right ? penalty(right, right - 1) : 0);
      const extra = base.left - left;
      if (!best || score < best.score || (score === best.score && extra < best.extra)) {
        best = { span: { left, right }, score, extra };
      }
    }
  }
  if (best) return best.span;
  // Last resort: the whole text of the provision, if no other text in it is the same.
  return countEverywhere(coverage, text) === 1 ? { left: 0, right: text.length } : undefined;
}

type WordsPlan =
  | { kind: 'words'; target: TextTarget; from: string; to: string; all: boolean }
  | { kind: 'rewrite'; target: TextTarget };

/** Replacing [offset, offset + fromLength) of `text` by `to`, quoted as `span`. */
function wordsAt(
  target: TextTarget,
  text: string,
  offset: number,
  fromLength: number,
  to: string,
  span: Span,
): WordsPlan {
  return {
    kind: 'words',
    target,
    from: text.slice(span.left, span.right),
    to: text.slice(span.left, offset) + to + text.slice(offset + fromLength, span.right),
    all: false,
  };
}

/**
 * How to say a replaceWords operation: in its own target when that is unambiguous (the only
 * occurrence, or all of them), otherwise in the narrowest provision holding the chosen occurrence,
 * quoting as much whole-token context as makes the words unique there ({@link uniquePhrase});
 * failing that, that provision is rewritten (…を次のように改める). Words are widened to whole
 * numbers, dates, references and quotations.
 */
function planWords(
  doc: AgreementDocument,
  op: Extract<AmendmentOperation, { op: 'replaceWords' }>,
): WordsPlan {
  const slots = slotsOf(doc, op.target);
  const found = slots.flatMap((slot) =>
    occurrencesIn(slot.text, op.from).map((offset) => ({ slot, offset })),
  );
  if (op.occurrence === 'all' && found.length > 1) {
    return { kind: 'words', target: op.target, from: op.from, to: op.to, all: true };
  }
  const raw: WordsPlan = { kind: 'words', target: op.target, from: op.from, to: op.to, all: false };
  if (found.length <= 1) {
    const only = found[0];
    if (!only) return raw;
    const span = wholeTokenSpan(placedTokens(only.slot.text), only.offset, op.from.length);
    const phrase = only.slot.text.slice(span.left, span.right);
    if (phrase === op.from || countEverywhere(slots, phrase) !== 1) return raw;
    return wordsAt(op.target, only.slot.text, only.offset, op.from.length, op.to, span);
  }
  const chosen = found[(typeof op.occurrence === 'number' ? op.occurrence : 1) - 1];
  if (!chosen) throw new OrderRejected();
  const { slot, offset } = chosen;
  const base = wholeTokenSpan(placedTokens(slot.text), offset, op.from.length);
  const span = uniquePhrase(slot.text, base, slotsOf(doc, slot.owner));
  if (!span) return { kind: 'rewrite', target: slot.owner };
  return wordsAt(slot.owner, slot.text, offset, op.from.length, op.to, span);
}

/** 「A」を「B」に / 「A」を削り / 「A」の次に「X」を加え. */
function wordsClause(from: string, to: string, style: RenderStyle): Pick<Clause, 'body' | 'verb'> {
  if (to === '') return { body: `「${from}」を`, verb: 'kezuru' };
  if (to.startsWith(from) && to.length > from.length) {
    const where = style === 'kanji' ? 'の下に' : 'の次に';
    return { body: `「${from}」${where}「${to.slice(from.length)}」を`, verb: 'kuwaeru' };
  }
  if (to.endsWith(from) && to.length > from.length) {
    const where = style === 'kanji' ? 'の上に' : 'の前に';
    return { body: `「${from}」${where}「${to.slice(0, to.length - from.length)}」を`, verb: 'kuwaeru' };
  }
  return { body: `「${from}」を「${to}」に`, verb: 'aratameru' };
}

/** The citation of a text target as it stands in `doc` (articles already at their current numbers). */
function targetCitation(doc: AgreementDocument, target: TextTarget, style: RenderStyle): Citation {
  switch (target.kind) {
    case 'title':
      return { head: '題名', tail: '' };
    case 'preamble':
      return { head: '前文', tail: '' };
    case 'caption':
      return { ...articleCitation(target.article, style), tail: 'の見出し' };
    case 'supplementaryProvisions': {
      const single = doc.supplementaryProvisions.paragraphs.length === 1;
      return {
        head: '附則',
        tail: target.paragraph === undefined || single ? '' : paragraphUnitLabel(target.paragraph, style),
      };
    }
    case 'provision':
      return provisionCitation(doc, target.path, style, true);
  }
}

function withArticle(target: TextTarget, number: (n: ProvisionNumber) => ProvisionNumber): TextTarget {
  switch (target.kind) {
    case 'provision':
      return { kind: 'provision', path: { ...target.path, article: number(target.path.article) } };
    case 'caption':
      return { kind: 'caption', article: number(target.article) };
    case 'title':
    case 'preamble':
    case 'supplementaryProvisions':
      return target;
  }
}

/** The provision at `path` (a paragraph, item or sub-item) as ProvisionContent, from `doc`. */
function contentAt(doc: AgreementDocument, path: ProvisionPath): AmendmentOperation {
  const article = findArticle(doc, path.article);
  const paragraph = article.paragraphs.find((p) => p.number === path.paragraph);
  if (!paragraph) throw new OrderRejected();
  if (path.item === undefined) {
    return {
      op: 'replaceProvision',
      path,
      content: { level: 'paragraph', text: paragraph.text, items: paragraph.items },
    };
  }
  const item = paragraph.items.find((i) => i.number === path.item);
  const target = path.subItem === undefined ? item : item?.subItems.find((s) => s.number === path.subItem);
  if (!target) throw new OrderRejected();
  return {
    op: 'replaceProvision',
    path,
    content: { level: 'item', text: target.text, subItems: target.subItems },
  };
}

/** Where a text slot is, as a span location. */
function slotLocation(owner: TextTarget): TextLocation {
  switch (owner.kind) {
    case 'provision':
      return { kind: 'text', path: owner.path };
    case 'caption':
      return { kind: 'caption', article: owner.article };
    case 'supplementaryProvisions':
      return { kind: 'supplementary', paragraph: owner.paragraph ?? 1 };
    case 'title':
    case 'preamble':
      return owner;
  }
}

/** The spans of 「from」 (every occurrence, for 'all') in `target` as the reading now stands. */
function quotedSpans(
  reading: Reading,
  target: TextTarget,
  from: string,
  to: string,
  verb: Clause['verb'],
): ReadingSpan[] {
  return slotsOf(reading.doc, target).flatMap((slot) => {
    const at = slot.at ?? slotLocation(slot.owner);
    // Texts deeper than a 細分 have no location of their own.
    if (textAt(reading.doc, at, reading.style) !== slot.text) return [];
    // Each occurrence, in the text as the ones before it changed it.
    return occurrencesIn(slot.text, from).flatMap((offset, i) =>
      wordsSpans(reading, at, offset + i * (to.length - from.length), from, to, verb),
    );
  });
}

/** Every paragraph of the 附則, old and new (the 附則 replaced), around `apply`. */
export function supplementarySpans(reading: Reading, before: AgreementDocument): ReadingSpan[] {
  const all = (doc: AgreementDocument, side: 'old' | 'new'): ReadingSpan[] =>
    doc.supplementaryProvisions.paragraphs.map((p) =>
      readingSpan(reading, side, { kind: 'supplementary', paragraph: p.number }, 'whole'),
    );
  return [...all(before, 'old'), ...all(reading.doc, 'new')];
}

export function readWords(
  reading: Reading,
  step: Step,
  op: Extract<AmendmentOperation, { op: 'replaceWords' }>,
): Clause[] {
  const { style } = reading;
  const target = withArticle(op.target, (n) => currentNumber(reading, step, n));
  const plan = planWords(reading.doc, { ...op, target });
  const before = reading.doc;
  if (plan.kind === 'words') {
    const clause = wordsClause(plan.from, plan.to, style);
    const spans = quotedSpans(reading, plan.target, plan.from, plan.to, clause.verb);
    apply(reading, {
      op: 'replaceWords',
      target: plan.target,
      from: plan.from,
      to: plan.to,
      ...(plan.all ? { occurrence: 'all' as const } : {}),
    });
    return [
      {
        citation: targetCitation(before, plan.target, style),
        ...clause,
        words: true,
        within: true,
        lines: [],
        spans,
      },
    ];
  }
  // The chosen occurrence cannot be quoted unambiguously: rewrite the provision that holds it.
  const expected = applied(before, { ...op, target });
  switch (plan.target.kind) {
    case 'provision': {
      const path = plan.target.path;
      const removed = provisionSpans(reading, 'old', reading.doc, path);
      apply(reading, contentAt(expected, path));
      return [
        {
          citation: provisionCitation(before, path, style, path.item !== undefined),
          body: 'を次のように',
          verb: 'aratameru',
          words: false,
          within: false,
          lines: linesAt(reading.doc, path, style),
          spans: [...removed, ...provisionSpans(reading, 'new', reading.doc, path)],
        },
      ];
    }
    case 'supplementaryProvisions':
      apply(reading, {
        op: 'replaceSupplementaryProvisions',
        supplementaryProvisions: expected.supplementaryProvisions,
      });
      return [
        {
          citation: { head: '附則', tail: '' },
          body: 'を次のように',
          verb: 'aratameru',
          words: false,
          within: false,
          lines: supplementaryLines(reading.doc, style),
          spans: supplementarySpans(reading, before),
        },
      ];
    case 'title':
    case 'preamble':
    case 'caption':
      // A single text always holds a unique phrase (itself); planWords never gets here.
      throw new OrderRejected();
  }
}

/**
 * How to quote the change of `text`'s [start, end) into `replacement` so that the quotation occurs
 * exactly once in `coverage` (the texts of the narrowest part that can be cited, e.g. a 別表 row):
 * whole tokens, with as much context as makes it unique ({@link uniquePhrase}). Undefined when no
 * phrase is unique. `at` is where the quotation starts in `text`.
 */
export function quoteChange(
  text: string,
  start: number,
  end: number,
  replacement: string,
  coverage: readonly string[],
): { from: string; to: string; at: number } | undefined {
  const slots: TextSlot[] = coverage.map((t) => ({ text: t, owner: { kind: 'title' } }));
  const base = wholeTokenSpan(placedTokens(text), start, end - start);
  const span = uniquePhrase(text, base, slots);
  if (!span) return undefined;
  return {
    from: text.slice(span.left, span.right),
    to: text.slice(span.left, start) + replacement + text.slice(end, span.right),
    at: span.left,
  };
}

/**
 * Where two texts differ, in whole tokens: the old text's [start, end) becomes `replacement` (the
 * tokens both share at the start and at the end are left out). Undefined when they are the same.
 */
export function changedSpan(
  oldText: string,
  newText: string,
): { start: number; end: number; replacement: string } | undefined {
  if (oldText === newText) return undefined;
  const a = tokenize(oldText).map((t) => t.text);
  const b = tokenize(newText).map((t) => t.text);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  )
    suffix++;
  const start = a.slice(0, prefix).join('').length;
  const end = oldText.length - a.slice(a.length - suffix).join('').length;
  const newEnd = newText.length - b.slice(b.length - suffix).join('').length;
  return { start, end, replacement: newText.slice(start, newEnd) };
}

export { wordsClause };

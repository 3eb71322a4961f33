/**
 * Spans: what each sentence changes, for the 新旧対照表's underlines. The reading records them as it
 * goes, on the text as it stands at that sentence (articles by identity, offsets in that text); at the
 * end they are located in the old and the new version: articles by their number there, offsets moved
 * past the other sentences' changes of the same text, whole texts measured in that version.
 */
import {
  DELETED_PROVISION_TEXT,
  type AgreementDocument,
  type Item,
  type Measure,
  type ProvisionPath,
} from '../../document.model';
import { measuresInTableOrder } from '../../measure';
import { renderItemMark, renderParagraphMark, type RenderStyle } from '../../render';
import { articleLabel } from '../labels';
import type { AmendedSpan, TextLocation } from './model';
import type { ParagraphMove, Reading } from './reading';
import type { Verb } from './sentences';

/** A span as the reading records it. */
export interface ReadingSpan {
  side: 'old' | 'new';
  at: TextLocation;
  start: number;
  end: number;
  /** The identity of the article `at` lies in (its number in `at` is the one read at that moment). */
  article?: string;
  /** The whole text of the location, however long it is in its version. */
  whole?: boolean;
  /** A quoted change: the text read had [at, at + removed) replaced by `inserted` characters. */
  edit?: { at: number; removed: number; inserted: number };
  /** The step of the reading it was recorded at: an old side is as before it, a new side as after. */
  step?: number;
}

function articleOf(at: TextLocation): string | undefined {
  switch (at.kind) {
    case 'caption':
      return at.article;
    case 'number':
    case 'text':
      return at.path.article;
    case 'title':
    case 'preamble':
    case 'measure':
    case 'supplementary':
      return undefined;
  }
}

function withArticle(at: TextLocation, article: string): TextLocation {
  switch (at.kind) {
    case 'caption':
      return { ...at, article };
    case 'number':
    case 'text':
      return { ...at, path: { ...at.path, article } };
    case 'title':
    case 'preamble':
    case 'measure':
    case 'supplementary':
      return at;
  }
}

/** The identity of the article now numbered `number` in the reading. */
function identityOf(reading: Reading, number: string): string | undefined {
  return [...reading.numbers].find(([, n]) => n === number)?.[0];
}

/** A span on `at` as the reading now stands (the article's identity taken now). */
export function readingSpan(
  reading: Reading,
  side: 'old' | 'new',
  at: TextLocation,
  range: { start: number; end: number } | 'whole',
): ReadingSpan {
  const number = articleOf(at);
  const article = number === undefined ? undefined : identityOf(reading, number);
  return {
    side,
    at,
    ...(range === 'whole' ? { start: 0, end: 0, whole: true } : range),
    ...(article === undefined ? {} : { article }),
    step: reading.step,
  };
}

/**
 * The number a 項 recorded at `span.step` has in the old version (the 項 added or removed in the same
 * article before that step undone) or in the new one (those after it applied); undefined when it is
 * not there (added later, removed since).
 */
function paragraphIn(
  span: ReadingSpan,
  paragraph: number,
  moves: readonly ParagraphMove[],
): number | undefined {
  const step = span.step;
  if (step === undefined) return paragraph;
  const mine = moves.filter((m) => m.article === span.article);
  let p = paragraph;
  if (span.side === 'new') {
    for (const m of mine.filter((x) => x.step > step)) {
      if (m.kind === 'insert' && m.at <= p) p++;
      else if (m.kind === 'delete') {
        if (m.at === p) return undefined;
        if (m.at < p) p--;
      }
    }
  } else {
    for (const m of mine.filter((x) => x.step < step).reverse()) {
      if (m.kind === 'insert') {
        if (m.at === p) return undefined;
        if (m.at < p) p--;
      } else if (m.at <= p) p++;
    }
  }
  return p;
}

/**
 * The spans of a quoted change of the text at `at` at offset `offset`: 「A」 on the old side and 「B」 on
 * the new for 改める, 「A」 alone for 削る, the words added alone for 加える (「A」の次に「X」を加える).
 */
export function wordsSpans(
  reading: Reading,
  at: TextLocation,
  offset: number,
  from: string,
  to: string,
  verb: Verb,
): ReadingSpan[] {
  const edit = { at: offset, removed: from.length, inserted: to.length };
  const span = (side: 'old' | 'new', start: number, end: number): ReadingSpan => ({
    ...readingSpan(reading, side, at, { start, end }),
    edit,
  });
  if (verb === 'kuwaeru') {
    const start = to.startsWith(from) ? offset + from.length : offset;
    return [span('new', start, start + to.length - from.length)];
  }
  const spans = [span('old', offset, offset + from.length)];
  if (verb === 'aratameru') spans.push(span('new', offset, offset + to.length));
  return spans;
}

/**
 * The texts of a paragraph, item or sub-item and everything below it (all of an article's without one).
 * A deleted article's one text is its 「削除」, at the article itself.
 */
export function textLocations(doc: AgreementDocument, path: ProvisionPath): TextLocation[] {
  const article = doc.articles.find((a) => a.number === path.article);
  if (!article) return [];
  if (article.deleted)
    return path.paragraph === undefined ? [{ kind: 'text', path: { article: article.number } }] : [];
  const items = (list: readonly Item[], base: ProvisionPath, sub: boolean): TextLocation[] =>
    list.flatMap((item) => {
      const here: ProvisionPath = sub ? { ...base, subItem: item.number } : { ...base, item: item.number };
      return [{ kind: 'text' as const, path: here }, ...(sub ? [] : items(item.subItems, here, true))];
    });
  return article.paragraphs
    .filter((p) => path.paragraph === undefined || p.number === path.paragraph)
    .flatMap((p) => {
      const base = { article: article.number, paragraph: p.number };
      const all: TextLocation[] = [{ kind: 'text', path: base }, ...items(p.items, base, false)];
      return all.filter(
        (l) =>
          l.kind === 'text' &&
          (path.item === undefined || l.path.item === path.item) &&
          (path.subItem === undefined || l.path.subItem === path.subItem),
      );
    });
}

/** Every location of a provision as a whole: its number and 見出し (an article), and its texts. */
export function provisionSpans(
  reading: Reading,
  side: 'old' | 'new',
  doc: AgreementDocument,
  path: ProvisionPath,
): ReadingSpan[] {
  const locations: TextLocation[] = [...textLocations(doc, path)];
  if (path.paragraph === undefined) {
    locations.unshift({ kind: 'number', path: { article: path.article } });
    const article = doc.articles.find((a) => a.number === path.article);
    if (article && article.caption !== '') locations.unshift({ kind: 'caption', article: path.article });
  }
  return locations.map((at) => readingSpan(reading, side, at, 'whole'));
}

function measureRow(doc: AgreementDocument, id: string): { measure: Measure; row: number } | undefined {
  const ordered = measuresInTableOrder(doc.measures);
  const index = ordered.findIndex((m) => m.id === id);
  const measure = ordered[index];
  return measure === undefined ? undefined : { measure, row: index + 1 };
}

/** The text at a location in a version, as the spans measure it; undefined where there is none. */
export function textAt(doc: AgreementDocument, at: TextLocation, style: RenderStyle): string | undefined {
  switch (at.kind) {
    case 'title':
      return doc.title;
    case 'preamble':
      return doc.preamble;
    case 'caption':
      return doc.articles.find((a) => a.number === at.article)?.caption;
    case 'supplementary': {
      const paragraph = doc.supplementaryProvisions.paragraphs.find((p) => p.number === at.paragraph);
      if (at.item === undefined) return paragraph?.text;
      const item = paragraph?.items.find((i) => i.number === at.item);
      return at.subItem === undefined
        ? item?.text
        : item?.subItems.find((s) => s.number === at.subItem)?.text;
    }
    case 'measure': {
      const found = measureRow(doc, at.id);
      if (!found) return undefined;
      const m = found.measure;
      switch (at.field) {
        case 'number':
          return renderItemMark(String(found.row), 0, style);
        case 'name':
          return m.name;
        case 'content':
          return m.content;
        case 'roles.core':
          return m.roles.core;
        case 'roles.partner':
          return m.roles.partner;
      }
      return undefined;
    }
    case 'number':
    case 'text': {
      const { path } = at;
      const article = doc.articles.find((a) => a.number === path.article);
      if (!article) return undefined;
      if (path.paragraph === undefined) {
        if (at.kind === 'number') return articleLabel(article.number, style);
        return article.deleted ? DELETED_PROVISION_TEXT : undefined;
      }
      const paragraph = article.paragraphs.find((p) => p.number === path.paragraph);
      if (!paragraph) return undefined;
      if (path.item === undefined) {
        return at.kind === 'number' ? renderParagraphMark(paragraph.number, style) : paragraph.text;
      }
      const item = paragraph.items.find((i) => i.number === path.item);
      if (!item) return undefined;
      if (path.subItem === undefined) {
        return at.kind === 'number' ? renderItemMark(item.number, 0, style) : item.text;
      }
      const sub = item.subItems.find((s) => s.number === path.subItem);
      if (!sub) return undefined;
      return at.kind === 'number' ? renderItemMark(sub.number, 1, style) : sub.text;
    }
  }
}

/**
 * The spans of the sentences, in their order, located in the old and the new version: `oldNumber` and
 * `newNumber` give an article identity's number in each (undefined where it has none).
 */
export function locateSpans(
  sentences: readonly (readonly ReadingSpan[])[],
  paragraphMoves: readonly ParagraphMove[],
  versions: { old: AgreementDocument; new: AgreementDocument },
  numbers: { old: (id: string) => string | undefined; new: (id: string) => string | undefined },
  style: RenderStyle,
): AmendedSpan[][] {
  // The quoted changes of each text, in reading order, to move offsets past the others.
  const keyOf = (s: ReadingSpan): string => JSON.stringify([s.article ?? '', withArticle(s.at, '')]);
  const edits = new Map<string, NonNullable<ReadingSpan['edit']>[]>();
  for (const spans of sentences) {
    for (const s of spans) {
      if (!s.edit) continue;
      const list = edits.get(keyOf(s)) ?? [];
      if (!list.includes(s.edit)) list.push(s.edit);
      edits.set(keyOf(s), list);
    }
  }
  // A span's range carried past the other quoted changes of its text: back through the earlier ones
  // to the old version, on through the later ones to the new. A change that takes out part of the
  // span (a later 削る of words this one added, or words an earlier one added) leaves only the rest.
  const moved = (s: ReadingSpan): { start: number; end: number } => {
    const list = s.edit ? (edits.get(keyOf(s)) ?? []) : [];
    const index = s.edit ? list.indexOf(s.edit) : -1;
    let { start, end } = s;
    if (s.side === 'old') {
      for (const e of list.slice(0, Math.max(index, 0)).reverse()) {
        const [before, after] = [e.at, e.at + e.inserted];
        const back = (p: number, inside: number): number =>
          p >= after ? p - e.inserted + e.removed : p > before ? inside : p;
        [start, end] = [back(start, e.at + e.removed), back(end, e.at)];
      }
    } else {
      for (const e of list.slice(index + 1)) {
        const [before, after] = [e.at, e.at + e.removed];
        const on = (p: number, inside: number): number =>
          p >= after ? p + e.inserted - e.removed : p > before ? inside : p;
        [start, end] = [on(start, e.at + e.inserted), e.at >= end ? end : on(end, e.at)];
      }
    }
    return { start, end };
  };
  return sentences.map((spans) =>
    spans.flatMap((s): AmendedSpan[] => {
      let at = s.at;
      if (s.article !== undefined) {
        const number = numbers[s.side](s.article);
        if (number === undefined) return [];
        at = withArticle(at, number);
        if ((at.kind === 'text' || at.kind === 'number') && at.path.paragraph !== undefined) {
          const paragraph = paragraphIn(s, at.path.paragraph, paragraphMoves);
          if (paragraph === undefined) return [];
          at = { ...at, path: { ...at.path, paragraph } };
        }
      } else if (articleOf(at) !== undefined) {
        return [];
      }
      const text = textAt(versions[s.side], at, style);
      if (text === undefined) return [];
      if (s.whole) return [{ side: s.side, at, start: 0, end: text.length }];
      const { start, end } = moved(s);
      // An insertion point stays one; a span another change took out wholly is no underline.
      const kept = start < end || s.start === s.end;
      return start >= 0 && kept && end <= text.length ? [{ side: s.side, at, start, end }] : [];
    }),
  );
}

/**
 * Underlines from the 改め文: the spans each sentence changes ({@link AmendedSpan}, quoted 「A」 on the
 * old side and 「B」 on the new, or a whole provision), looked up by where they are, and a text cut
 * into segments at those spans. When a comparison is given the spans of the amendment it shows, its
 * 傍線 are exactly these — nothing else is underlined and every span is — so a checker comparing the
 * 新旧対照表 with the 「」 of the 改め文 finds them equal. Without spans the comparison falls back to
 * the word diff ({@link diffTexts}).
 */
import type { ProvisionNumber, ProvisionPath } from '../document.model';
import type { AmendedSpan, TextLocation } from './amending-text/model';
import type { Segment } from './token-diff';

type Side = AmendedSpan['side'];

/** Where a printed piece of text is, in either version. */
export type SpanIndex = ReadonlyMap<string, readonly { start: number; end: number }[]>;

/**
 * An article's text is its paragraphs': a path without a paragraph stands for the first one (the
 * whole text of a one-paragraph article, 第5条中「…」).
 */
function pathKey(path: ProvisionPath): string {
  return [path.article, path.paragraph ?? 1, path.item ?? '', path.subItem ?? ''].join('/');
}

function locationKey(side: Side, at: TextLocation): string {
  switch (at.kind) {
    case 'title':
    case 'preamble':
      return `${side}|${at.kind}`;
    case 'caption':
      return `${side}|caption|${at.article}`;
    case 'number': {
      // A first paragraph prints no number of its own: the article's (第5条) stands there.
      const { paragraph, item } = at.path;
      const articleNumber = item === undefined && (paragraph === undefined || paragraph === 1);
      return `${side}|number|${articleNumber ? at.path.article : pathKey(at.path)}`;
    }
    case 'text':
      return `${side}|text|${pathKey(at.path)}`;
    case 'measure':
      return `${side}|measure|${at.id}|${at.field}`;
    case 'supplementary':
      return `${side}|supplementary|${at.paragraph}|${at.item ?? ''}|${at.subItem ?? ''}`;
  }
}

/** The path of an item under `parent` at `depth` (0 = 号, 1 = its sub-items); deeper ones have none. */
export function itemPath(
  parent: ProvisionPath | undefined,
  number: ProvisionNumber,
  depth: number,
): ProvisionPath | undefined {
  if (parent === undefined) return undefined;
  if (depth === 0) return { ...parent, item: number };
  if (depth === 1) return { ...parent, subItem: number };
  return undefined;
}

/** The spans by side and location, each list in text order. */
export function spanIndex(spans: readonly AmendedSpan[]): SpanIndex {
  const index = new Map<string, { start: number; end: number }[]>();
  for (const span of spans) {
    const key = locationKey(span.side, span.at);
    const list = index.get(key) ?? [];
    list.push({ start: span.start, end: span.end });
    index.set(key, list);
  }
  for (const list of index.values()) list.sort((a, b) => a.start - b.start || a.end - b.end);
  return index;
}

/** The spans at `at` on `side` (none when `at` is undefined: the provision is not on that side). */
export function spansAt(
  index: SpanIndex,
  side: Side,
  at: TextLocation | undefined,
): readonly { start: number; end: number }[] {
  return at === undefined ? [] : (index.get(locationKey(side, at)) ?? []);
}

/** Whether anything at `at` on `side` is underlined (a number, the word 削除). */
export function underlinedAt(index: SpanIndex, side: Side, at: TextLocation | undefined): boolean {
  return spansAt(index, side, at).length > 0;
}

/**
 * `text` cut at the spans: inside a span changed, outside not. An empty span is an insertion point
 * on this side: an underlined blank as wide as the span the other side has in the same place (the
 * one with the same rank), as the word diff marks text the other side lacks. Spans are clamped to
 * the text; overlapping spans are merged.
 */
export function segmentsFromSpans(
  text: string,
  spans: readonly { start: number; end: number }[],
  otherSide: readonly { start: number; end: number }[] = [],
): Segment[] {
  const segments: Segment[] = [];
  const push = (piece: string, changed: boolean): void => {
    if (piece === '') return;
    const last = segments[segments.length - 1];
    if (last && last.changed === changed && last.text !== '') last.text += piece;
    else segments.push({ text: piece, changed });
  };
  let at = 0;
  spans.forEach((span, rank) => {
    const start = Math.min(Math.max(span.start, at), text.length);
    const end = Math.min(Math.max(span.end, start), text.length);
    push(text.slice(at, start), false);
    if (end > start) {
      push(text.slice(start, end), true);
    } else if (span.end <= span.start) {
      const other = otherSide[rank];
      const width = other === undefined ? 1 : Math.max(1, other.end - other.start);
      segments.push({ text: '', changed: true, width });
    }
    at = Math.max(at, end);
  });
  push(text.slice(at), false);
  return segments;
}

/**
 * Aligning two ordered lists of provisions (articles, paragraphs, items) of an old and a new
 * version: which old one became which new one, which were removed and which added.
 *
 * The similarity rule (DESIGN of the comparison, also in the README):
 * - the similarity of two provisions is that of their whole texts ({@link diffTexts}): twice the
 *   characters in common tokens over the characters of both;
 * - an old and a new provision **may be paired** when they carry the same number (whatever their
 *   text: 「第5条を次のように改める」 keeps 第5条), or when their similarity is at least
 *   {@link RENUMBER_SIMILARITY} (the same text under another number: 第6条 → 第7条);
 * - an unchanged provision under its own number is an anchor: it is always paired with itself,
 *   unless another provision on either side has the same text (two 「削除」 articles): such a text
 *   does not tell which provision is which, so the pairing below decides (第13条 削除 → 第12条 削除
 *   when the articles before it were renumbered);
 * - otherwise, among order-preserving pairings, the one with the highest total score wins, where a
 *   pair scores 2 × similarity, plus 0.5 when the numbers are equal: a provision that moved to a new
 *   number with its text (2.0) beats a same-numbered one whose text was replaced (below 2.0 unless
 *   ≥ 75 % similar);
 * - for articles only, a second pass pairs what is left over out of order (a move) when the
 *   similarity is at least {@link MOVE_SIMILARITY}.
 * Ties are broken deterministically (pair first, then old before new).
 *
 * When the amendment's 改め文 is at hand, its own account of which article became which
 * ({@link AlignOptions.pairs}) decides instead, and similarity only where it says nothing: two
 * articles of the same text (two 「削除」) cannot be told apart by their texts, and the 新旧対照表 must
 * show what the 改め文 says (第13条を削り、第14条を第13条とする).
 */
import { tokenSimilarity } from './token-diff';
import { tokenize, type Token } from './tokenize';

/** Minimum similarity for pairing provisions whose numbers differ (a renumbering). */
export const RENUMBER_SIMILARITY = 0.6;
/** Minimum similarity for pairing articles out of order (a move). */
export const MOVE_SIMILARITY = 0.9;

export interface AlignInput<T> {
  value: T;
  /** The number as a comparable key ("3-2", or "2" for a paragraph). */
  number: string;
  /** The whole text, for similarity. */
  text: string;
}

/** An article as the 改め文 names it: its number in the old version, in the new, or both. */
export interface NamedPair {
  old?: string;
  new?: string;
}

export interface AlignOptions {
  /** Pair the remaining provisions out of order when nearly the same (articles only). */
  detectMoves: boolean;
  /**
   * Every provision the amendment names, as it names it. A named pair is paired; one named on one
   * side only is removed or added; one not named keeps its number. Moves are not looked for (an
   * amendment renumbers in order).
   */
  pairs?: readonly NamedPair[];
}

export interface Aligned<T> {
  old?: AlignInput<T>;
  new?: AlignInput<T>;
  /** 0..1; 1 for identical texts; 0 when one side is missing. */
  similarity: number;
  /** Paired out of order (articles only). */
  moved: boolean;
}

const SCALE = 1000;

interface Prepared<T> {
  input: AlignInput<T>;
  tokens: Token[];
  /** Token text → characters it contributes, summed: for an upper bound of the similarity. */
  bag: Map<string, number>;
  length: number;
}

function prepare<T>(input: AlignInput<T>): Prepared<T> {
  const tokens = tokenize(input.text);
  const bag = new Map<string, number>();
  for (const token of tokens) bag.set(token.text, (bag.get(token.text) ?? 0) + [...token.text].length);
  return { input, tokens, bag, length: [...input.text].length };
}

/**
 * The similarity of two provisions where it can matter, else 0: the exact value is computed for
 * the same number, or when an upper bound (common tokens in any order) reaches `threshold`.
 */
function similarity<T>(o: Prepared<T>, n: Prepared<T>, threshold: number): number {
  if (o.input.text === n.input.text) return 1;
  const total = o.length + n.length;
  if (o.input.number !== n.input.number) {
    let common = 0;
    for (const [text, chars] of o.bag) common += Math.min(chars, n.bag.get(text) ?? 0);
    if (total > 0 && (2 * common) / total < threshold) return 0;
  }
  return tokenSimilarity(o.input.text, o.tokens, n.input.text, n.tokens);
}

/** The order-preserving pairing with the highest score, for provisions between two anchors. */
function alignGap<T>(
  olds: readonly Prepared<T>[],
  news: readonly Prepared<T>[],
  compare: (oldNumber: string, newNumber: string) => number,
  pairable: (o: AlignInput<T>, n: AlignInput<T>) => boolean,
): Aligned<T>[] {
  const n = olds.length;
  const m = news.length;
  const sims = olds.map((o) =>
    news.map((nw) => (pairable(o.input, nw.input) ? similarity(o, nw, RENUMBER_SIMILARITY) : 0)),
  );
  const score = (i: number, j: number): number | undefined => {
    const o = olds[i];
    const nw = news[j];
    const sim = sims[i]?.[j] ?? 0;
    if (!o || !nw || !pairable(o.input, nw.input)) return undefined;
    const same = o.input.number === nw.input.number;
    if (!same && sim < RENUMBER_SIMILARITY) return undefined;
    // +1 so that a same-numbered pair with nothing in common still beats leaving both unpaired.
    return 2 * Math.round(sim * SCALE) + (same ? SCALE / 2 : 0) + 1;
  };
  // best[i][j]: the best total for olds[i..] and news[j..].
  const best: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  const get = (i: number, j: number): number => best[i]?.[j] ?? 0;
  for (let i = n - 1; i >= 0; i--) {
    const row = best[i];
    if (!row) continue;
    for (let j = m - 1; j >= 0; j--) {
      const s = score(i, j);
      row[j] = Math.max(get(i + 1, j), get(i, j + 1), s === undefined ? 0 : s + get(i + 1, j + 1));
    }
  }
  const out: Aligned<T>[] = [];
  const removed: AlignInput<T>[] = [];
  const added: AlignInput<T>[] = [];
  const flush = (): void => {
    // Between two pairs: removed and added provisions in number order, removed first on a tie.
    let r = 0;
    let a = 0;
    while (r < removed.length || a < added.length) {
      const o = removed[r];
      const nw = added[a];
      if (o && (!nw || compare(o.number, nw.number) <= 0)) {
        out.push({ old: o, similarity: 0, moved: false });
        r++;
      } else if (nw) {
        out.push({ new: nw, similarity: 0, moved: false });
        a++;
      }
    }
    removed.length = 0;
    added.length = 0;
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const s = i < n && j < m ? score(i, j) : undefined;
    const o = olds[i];
    const nw = news[j];
    if (s !== undefined && o && nw && get(i, j) === s + get(i + 1, j + 1)) {
      flush();
      out.push({ old: o.input, new: nw.input, similarity: sims[i]?.[j] ?? 0, moved: false });
      i++;
      j++;
    } else if (o && (j >= m || get(i, j) === get(i + 1, j))) {
      removed.push(o.input);
      i++;
    } else if (nw) {
      added.push(nw.input);
      j++;
    }
  }
  flush();
  return out;
}

/**
 * Aligns `olds` with `news` (each in document order). `compare` orders an old number against a new
 * one, for placing removed and added provisions between the pairs. The result is in document order.
 */
export function alignProvisions<T>(
  olds: readonly AlignInput<T>[],
  news: readonly AlignInput<T>[],
  compare: (oldNumber: string, newNumber: string) => number,
  options: AlignOptions = { detectMoves: false },
): Aligned<T>[] {
  const preparedOld = olds.map(prepare);
  const preparedNew = news.map(prepare);
  const { pairs } = options;
  const anchors = pairs === undefined ? anchorsByText(olds, news) : anchorsByName(olds, news, pairs);
  // What the 改め文 names on one side only stays unpaired; the rest is paired by similarity.
  const namedOld = new Set(pairs?.flatMap((p) => (p.old === undefined ? [] : [p.old])));
  const namedNew = new Set(pairs?.flatMap((p) => (p.new === undefined ? [] : [p.new])));
  const pairable = (o: AlignInput<T>, n: AlignInput<T>): boolean =>
    !namedOld.has(o.number) && !namedNew.has(n.number);
  const result: Aligned<T>[] = [];
  let i = 0;
  let j = 0;
  for (const [ai, aj] of [...anchors, [olds.length, news.length] as [number, number]]) {
    result.push(...alignGap(preparedOld.slice(i, ai), preparedNew.slice(j, aj), compare, pairable));
    const o = preparedOld[ai];
    const n = preparedNew[aj];
    if (o && n) result.push({ old: o.input, new: n.input, similarity: similarity(o, n, 0), moved: false });
    i = ai + 1;
    j = aj + 1;
  }
  return options.detectMoves && pairs === undefined ? pairMoves(result, preparedOld, preparedNew) : result;
}

type Anchor = [oldIndex: number, newIndex: number];

/** Keeps the anchors that are in increasing order on both sides (old order first). */
function increasing(candidates: readonly Anchor[]): Anchor[] {
  const anchors: Anchor[] = [];
  for (const candidate of candidates) {
    const last = anchors[anchors.length - 1];
    if (!last || candidate[1] > last[1]) anchors.push(candidate);
  }
  return anchors;
}

/** The same number and the same text, that text found once on each side. */
function anchorsByText<T>(olds: readonly AlignInput<T>[], news: readonly AlignInput<T>[]): Anchor[] {
  const newIndex = new Map(news.map((n, j) => [n.number, j]));
  const oldTexts = countTexts(olds);
  const newTexts = countTexts(news);
  return increasing(
    olds.flatMap((o, i): Anchor[] => {
      const j = newIndex.get(o.number);
      const unique = oldTexts.get(o.text) === 1 && newTexts.get(o.text) === 1;
      return j !== undefined && news[j]?.text === o.text && unique ? [[i, j]] : [];
    }),
  );
}

/** The pairs the 改め文 names, and every provision it does not name under its own number. */
function anchorsByName<T>(
  olds: readonly AlignInput<T>[],
  news: readonly AlignInput<T>[],
  pairs: readonly NamedPair[],
): Anchor[] {
  const newIndex = new Map(news.map((n, j) => [n.number, j]));
  const named = new Map(pairs.flatMap((p) => (p.old === undefined ? [] : [[p.old, p.new] as const])));
  const namedNew = new Set(pairs.flatMap((p) => (p.new === undefined ? [] : [p.new])));
  return increasing(
    olds.flatMap((o, i): Anchor[] => {
      const target = named.has(o.number)
        ? named.get(o.number)
        : namedNew.has(o.number)
          ? undefined
          : o.number;
      const j = target === undefined ? undefined : newIndex.get(target);
      return j === undefined ? [] : [[i, j]];
    }),
  );
}

function countTexts<T>(list: readonly AlignInput<T>[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { text } of list) counts.set(text, (counts.get(text) ?? 0) + 1);
  return counts;
}

/** Pairs a removed and an added provision with nearly the same text, out of order: a move. */
function pairMoves<T>(
  aligned: Aligned<T>[],
  olds: readonly Prepared<T>[],
  news: readonly Prepared<T>[],
): Aligned<T>[] {
  const result = [...aligned];
  const preparedOf = <U>(list: readonly Prepared<U>[], input: AlignInput<U>): Prepared<U> | undefined =>
    list.find((p) => p.input === input);
  for (;;) {
    let bestOld = -1;
    let bestNew = -1;
    let bestSim = MOVE_SIMILARITY;
    result.forEach((entry, oi) => {
      const o = entry.old && !entry.new ? preparedOf(olds, entry.old) : undefined;
      if (!o) return;
      result.forEach((other, ni) => {
        const n = other.new && !other.old ? preparedOf(news, other.new) : undefined;
        if (!n) return;
        const sim = similarity(o, n, MOVE_SIMILARITY);
        if (sim >= bestSim && (bestOld < 0 || sim > bestSim)) {
          bestOld = oi;
          bestNew = ni;
          bestSim = sim;
        }
      });
    });
    const oldEntry = result[bestOld];
    const newEntry = result[bestNew];
    if (bestOld < 0 || !oldEntry?.old || !newEntry?.new) return result;
    // The pair takes the new one's place; the old one's row disappears.
    result[bestNew] = { old: oldEntry.old, new: newEntry.new, similarity: bestSim, moved: true };
    result.splice(bestOld, 1);
  }
}

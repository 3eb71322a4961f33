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
): Aligned<T>[] {
  const n = olds.length;
  const m = news.length;
  const sims = olds.map((o) => news.map((nw) => similarity(o, nw, RENUMBER_SIMILARITY)));
  const score = (i: number, j: number): number | undefined => {
    const o = olds[i];
    const nw = news[j];
    const sim = sims[i]?.[j] ?? 0;
    if (!o || !nw) return undefined;
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
  options: { detectMoves: boolean } = { detectMoves: false },
): Aligned<T>[] {
  const preparedOld = olds.map(prepare);
  const preparedNew = news.map(prepare);
  // Anchors: the same number and the same text, that text found once on each side, in increasing
  // order on both sides.
  const newIndex = new Map(news.map((n, j) => [n.number, j]));
  const oldTexts = countTexts(olds);
  const newTexts = countTexts(news);
  const anchors: [number, number][] = [];
  olds.forEach((o, i) => {
    const j = newIndex.get(o.number);
    const last = anchors[anchors.length - 1];
    const unique = oldTexts.get(o.text) === 1 && newTexts.get(o.text) === 1;
    if (j !== undefined && news[j]?.text === o.text && unique && (!last || j > last[1])) anchors.push([i, j]);
  });
  const result: Aligned<T>[] = [];
  let i = 0;
  let j = 0;
  for (const [ai, aj] of [...anchors, [olds.length, news.length] as [number, number]]) {
    result.push(...alignGap(preparedOld.slice(i, ai), preparedNew.slice(j, aj), compare));
    const o = olds[ai];
    const n = news[aj];
    if (o && n) result.push({ old: o, new: n, similarity: 1, moved: false });
    i = ai + 1;
    j = aj + 1;
  }
  return options.detectMoves ? pairMoves(result, preparedOld, preparedNew) : result;
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

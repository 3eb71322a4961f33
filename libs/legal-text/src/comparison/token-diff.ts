/**
 * The character-level comparison of two texts, computed on whole tokens ({@link tokenize}): a Myers
 * O(ND) diff of the token sequences, its changes merged where only a short particle separates them,
 * and the result as segments of each text marked changed or not.
 */
import { tokenize, type Token } from './tokenize';

/** A piece of one side's text. A changed segment with empty `text` marks where the other side has
 * text this side lacks; `width` is the length of that text, for an underlined blank of that width. */
export interface Segment {
  text: string;
  changed: boolean;
  /** Only on a placeholder (`text === ''`): how many characters the other side has there. */
  width?: number;
}

/** One change, quoted as legal staff quote it: whole tokens. `old` or `new` is '' for a pure
 * insertion or deletion. */
export interface TextChange {
  old: string;
  new: string;
}

export interface TextDiff {
  old: Segment[];
  new: Segment[];
  changes: TextChange[];
  /** 2 × (characters in common tokens) / (characters of both texts); 1 for two empty texts. */
  similarity: number;
}

export type EditKind = 'equal' | 'delete' | 'insert';

/** One step of an edit script: `equal` consumes a[oldIndex] and b[newIndex]; `delete` a[oldIndex];
 * `insert` b[newIndex]. */
export interface Edit {
  kind: EditKind;
  oldIndex: number;
  newIndex: number;
}

/** Beyond this many differences the middle part is reported as replaced wholesale (bounded memory). */
const MAX_EDIT_DISTANCE = 2000;

/**
 * A shortest edit script from `a` to `b` (Myers 1986), deterministic: among equally short scripts
 * it prefers deletions before insertions. Common prefix and suffix are matched first.
 */
export function diffSequences<T>(
  a: readonly T[],
  b: readonly T[],
  equals: (x: T, y: T) => boolean = (x, y) => x === y,
): Edit[] {
  let start = 0;
  while (start < a.length && start < b.length && equals(a[start] as T, b[start] as T)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && equals(a[endA - 1] as T, b[endB - 1] as T)) {
    endA--;
    endB--;
  }
  const edits: Edit[] = [];
  for (let i = 0; i < start; i++) edits.push({ kind: 'equal', oldIndex: i, newIndex: i });
  edits.push(...myersMiddle(a, b, start, endA, start, endB, equals));
  for (let i = 0; endA + i < a.length; i++) {
    edits.push({ kind: 'equal', oldIndex: endA + i, newIndex: endB + i });
  }
  return edits;
}

function replaceAll(fromA: number, toA: number, fromB: number, toB: number): Edit[] {
  const edits: Edit[] = [];
  for (let i = fromA; i < toA; i++) edits.push({ kind: 'delete', oldIndex: i, newIndex: fromB });
  for (let j = fromB; j < toB; j++) edits.push({ kind: 'insert', oldIndex: toA, newIndex: j });
  return edits;
}

function myersMiddle<T>(
  a: readonly T[],
  b: readonly T[],
  fromA: number,
  toA: number,
  fromB: number,
  toB: number,
  equals: (x: T, y: T) => boolean,
): Edit[] {
  const n = toA - fromA;
  const m = toB - fromB;
  if (n === 0 || m === 0) return replaceAll(fromA, toA, fromB, toB);
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] holds v[k] for k in -d..d as it was before step d.
  const trace: Int32Array[] = [];
  const at = (k: number): number => v[offset + k] ?? 0;
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d, offset + d + 1));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? at(k + 1) : at(k - 1) + 1;
      let y = x - k;
      while (x < n && y < m && equals(a[fromA + x] as T, b[fromB + y] as T)) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, n, m, fromA, fromB);
    }
  }
  return replaceAll(fromA, toA, fromB, toB);
}

function backtrack(trace: readonly Int32Array[], n: number, m: number, fromA: number, fromB: number): Edit[] {
  const edits: Edit[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const saved = trace[d] ?? new Int32Array(0);
    const at = (k: number): number => saved[k + d] ?? 0;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      edits.push({ kind: 'equal', oldIndex: fromA + x, newIndex: fromB + y });
    }
    if (d > 0) {
      if (x === prevX) edits.push({ kind: 'insert', oldIndex: fromA + x, newIndex: fromB + prevY });
      else edits.push({ kind: 'delete', oldIndex: fromA + prevX, newIndex: fromB + y });
    }
    x = prevX;
    y = prevY;
  }
  return edits.reverse();
}

interface Hunk {
  /** Token ranges [start, end) on each side. */
  oldStart: number;
  oldEnd: number;
  newStart: number;
  newEnd: number;
}

/** Consecutive deletions and insertions form one hunk. */
function hunksOf(edits: readonly Edit[]): Hunk[] {
  const hunks: Hunk[] = [];
  let current: Hunk | undefined;
  let oldPos = 0;
  let newPos = 0;
  for (const edit of edits) {
    if (edit.kind === 'equal') {
      current = undefined;
      oldPos = edit.oldIndex + 1;
      newPos = edit.newIndex + 1;
      continue;
    }
    if (!current) {
      current = { oldStart: oldPos, oldEnd: oldPos, newStart: newPos, newEnd: newPos };
      hunks.push(current);
    }
    if (edit.kind === 'delete') {
      oldPos = edit.oldIndex + 1;
      current.oldEnd = oldPos;
    } else {
      newPos = edit.newIndex + 1;
      current.newEnd = newPos;
    }
  }
  return hunks;
}

/**
 * Two changes separated by a single short particle (one hiragana token of at most two characters,
 * such as の, 及び's び, は) are quoted as one: 「甲の負担」→「乙の分担」, not two changes.
 */
function isMergeableGap(tokens: readonly Token[]): boolean {
  const [only, ...rest] = tokens;
  return only !== undefined && rest.length === 0 && only.kind === 'hiragana' && only.text.length <= 2;
}

function mergeHunks(hunks: readonly Hunk[], oldTokens: readonly Token[]): Hunk[] {
  const merged: Hunk[] = [];
  for (const hunk of hunks) {
    const previous = merged[merged.length - 1];
    if (previous && isMergeableGap(oldTokens.slice(previous.oldEnd, hunk.oldStart))) {
      merged[merged.length - 1] = { ...previous, oldEnd: hunk.oldEnd, newEnd: hunk.newEnd };
    } else {
      merged.push({ ...hunk });
    }
  }
  return merged;
}

function textOf(tokens: readonly Token[], start: number, end: number): string {
  return tokens
    .slice(start, end)
    .map((t) => t.text)
    .join('');
}

function push(segments: Segment[], segment: Segment): void {
  if (segment.text === '' && !segment.changed) return;
  const last = segments[segments.length - 1];
  // Neighbouring pieces with the same mark join; placeholders stay apart.
  if (last && last.changed === segment.changed && last.text !== '' && segment.text !== '') {
    last.text += segment.text;
    return;
  }
  segments.push({ ...segment });
}

function length(text: string): number {
  return [...text].length;
}

/** The whole text as one segment (for an added or removed provision: changed). */
export function wholeSegments(text: string, changed: boolean): Segment[] {
  return text === '' ? [] : [{ text, changed }];
}

function similarityOfEdits(edits: readonly Edit[], oldTokens: readonly Token[], total: number): number {
  let common = 0;
  for (const edit of edits) {
    if (edit.kind === 'equal') common += length(oldTokens[edit.oldIndex]?.text ?? '');
  }
  return total === 0 ? 1 : (2 * common) / total;
}

/** {@link TextDiff.similarity} of two texts already tokenised (`tokenize(oldText)`, `tokenize(newText)`). */
export function tokenSimilarity(
  oldText: string,
  oldTokens: readonly Token[],
  newText: string,
  newTokens: readonly Token[],
): number {
  if (oldText === newText) return 1;
  const edits = diffSequences(oldTokens, newTokens, (x, y) => x.text === y.text);
  return similarityOfEdits(edits, oldTokens, length(oldText) + length(newText));
}

/** Compares two texts token by token. Equal texts give one unchanged segment each and no change. */
export function diffTexts(oldText: string, newText: string): TextDiff {
  if (oldText === newText) {
    return {
      old: wholeSegments(oldText, false),
      new: wholeSegments(newText, false),
      changes: [],
      similarity: 1,
    };
  }
  const oldTokens = tokenize(oldText);
  const newTokens = tokenize(newText);
  const edits = diffSequences(oldTokens, newTokens, (x, y) => x.text === y.text);
  const similarity = similarityOfEdits(edits, oldTokens, length(oldText) + length(newText));
  const hunks = mergeHunks(hunksOf(edits), oldTokens);
  const oldSegments: Segment[] = [];
  const newSegments: Segment[] = [];
  const changes: TextChange[] = [];
  let oldPos = 0;
  let newPos = 0;
  for (const hunk of hunks) {
    push(oldSegments, { text: textOf(oldTokens, oldPos, hunk.oldStart), changed: false });
    push(newSegments, { text: textOf(newTokens, newPos, hunk.newStart), changed: false });
    const removed = textOf(oldTokens, hunk.oldStart, hunk.oldEnd);
    const added = textOf(newTokens, hunk.newStart, hunk.newEnd);
    changes.push({ old: removed, new: added });
    push(
      oldSegments,
      removed === '' ? { text: '', changed: true, width: length(added) } : { text: removed, changed: true },
    );
    push(
      newSegments,
      added === '' ? { text: '', changed: true, width: length(removed) } : { text: added, changed: true },
    );
    oldPos = hunk.oldEnd;
    newPos = hunk.newEnd;
  }
  push(oldSegments, { text: textOf(oldTokens, oldPos, oldTokens.length), changed: false });
  push(newSegments, { text: textOf(newTokens, newPos, newTokens.length), changed: false });
  return { old: oldSegments, new: newSegments, changes, similarity };
}

/** {@link TextDiff.similarity} alone. */
export function textSimilarity(oldText: string, newText: string): number {
  return diffTexts(oldText, newText).similarity;
}

/**
 * Amending by editing the text: the operations that turn a version into a proposed text, so a person
 * may hand the ledger the text as it should read and let the 改め文 be written from them.
 *
 * What it derives, provision by provision (articles matched by number, then by content when numbers
 * moved; paragraphs and items by position, then by content):
 * - words changed within a text (題名, 前文, 見出し, a 項, 号 or 細分): one 「A」を「B」に改める per changed run,
 *   the smallest whole tokens (a pure addition is anchored on the token before it, 「A」を「A X」);
 * - articles added (with their final number), removed (the rest renumbered when the proposed numbers
 *   close the gap), renumbered, or reduced to 「第N条 削除」;
 * - 項 added or removed (項 renumber themselves); 号 and 細分 changed in number or count: the 項 is
 *   rewritten (…を次のように改める);
 * - 別表 rows: 施策名・取組内容・区分 revised, 役割分担 changed per party, rows added or removed;
 * - the 附則 rewritten when it differs.
 *
 * Where the reading is ambiguous — an article or a row that moved among the others, another 別表 that
 * changed — it says so, naming the provision, and asks for operations for that part. The result is
 * checked: the operations applied to the base must give the proposed text exactly.
 */
import { AmendmentError, applyAmendment, type AmendmentOperation, type TextTarget } from './amendment';
import { diffSequences } from './comparison/token-diff';
import { deepEqual } from './deep-equal';
import { tokenize } from './comparison/tokenize';
import {
  DELETED_PROVISION_TEXT,
  type AgreementDocument,
  type Article,
  type Item,
  type Measure,
  type Paragraph,
  type ProvisionPath,
} from './document.model';
import { measuresInTableOrder } from './measure';
import { compareProvisionNumbers } from './numbering';
import { renderArticleNumber } from './render';

export interface DerivationProblem {
  /** The provision: 第5条, 別表(4)の項, 別表第1. */
  where: string;
  reason: string;
}

export type DerivationResult =
  { ok: true; operations: AmendmentOperation[] } | { ok: false; problems: DerivationProblem[] };

/** Start offsets of the non-overlapping occurrences of `word` (as applyAmendment counts them). */
function occurrencesIn(text: string, word: string): number[] {
  const offsets: number[] = [];
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) offsets.push(at);
  return offsets;
}

/**
 * The 改める operations that turn `oldText` into `newText` within `target`. The target's own text comes
 * first among the texts it covers; `within` are the others (its 号 and 細分, as they stand when these
 * operations apply), where a word counts as further occurrences.
 */
function wordOperations(
  target: TextTarget,
  oldText: string,
  newText: string,
  within: readonly string[] = [],
): AmendmentOperation[] {
  if (oldText === newText) return [];
  const a = tokenize(oldText).map((t) => t.text);
  const b = tokenize(newText).map((t) => t.text);
  const edits = diffSequences(a, b);
  // Runs of changes: [old start, old end) in tokens, and the new tokens.
  const hunks: { from: number; to: number; inserted: string[] }[] = [];
  let current: { from: number; to: number; inserted: string[] } | undefined;
  let oldIndex = 0;
  for (const edit of edits) {
    if (edit.kind === 'equal') {
      current = undefined;
      oldIndex = edit.oldIndex + 1;
      continue;
    }
    if (!current) {
      current = { from: oldIndex, to: oldIndex, inserted: [] };
      hunks.push(current);
    }
    if (edit.kind === 'delete') {
      current.to = edit.oldIndex + 1;
      oldIndex = edit.oldIndex + 1;
    } else {
      current.inserted.push(b[edit.newIndex] ?? '');
    }
  }
  const offsetOf = (tokenIndex: number): number => a.slice(0, tokenIndex).join('').length;
  const operations: AmendmentOperation[] = [];
  let text = oldText;
  // Right to left: the text before each run is still the old one when its occurrence is counted.
  for (const hunk of [...hunks].reverse()) {
    let start = offsetOf(hunk.from);
    let from = a.slice(hunk.from, hunk.to).join('');
    let to = hunk.inserted.join('');
    // Tokens are runs of one script, so 「定期的に協議」 and 「毎年度1回以上協議」 share 協議: quote only what
    // differs, keeping a word of at least two characters (「別途」 rather than 「途」).
    while (from.length > 2 && to.length > 0 && from.at(-1) === to.at(-1)) {
      from = from.slice(0, -1);
      to = to.slice(0, -1);
    }
    while (from.length > 2 && to.length > 0 && from[0] === to[0]) {
      from = from.slice(1);
      to = to.slice(1);
      start++;
    }
    if (from === '') {
      // A pure addition: anchored on the token before it (or after it, at the very start).
      const before = a[hunk.from - 1];
      const after = a[hunk.from];
      if (before !== undefined) {
        start -= before.length;
        from = before;
        to = before + to;
      } else if (after !== undefined) {
        from = after;
        to = to + after;
      } else {
        return [];
      }
    }
    // A quote that starts inside another occurrence of itself (「乙乙」 in 「乙乙乙」) is not one that
    // applyAmendment counts: widen it to the left until it is (at the start of the text it always is).
    while (!occurrencesIn(text, from).includes(start) && start > 0) {
      const width = start >= 2 && /[\uDC00-\uDFFF]/.test(text.charAt(start - 1)) ? 2 : 1;
      start -= width;
      from = text.slice(start, start + width) + from;
      to = text.slice(start, start + width) + to;
    }
    const occurrences = occurrencesIn(text, from);
    const occurrence = occurrences.indexOf(start) + 1;
    const total = occurrences.length + within.reduce((n, t) => n + occurrencesIn(t, from).length, 0);
    operations.push({
      op: 'replaceWords',
      target,
      from,
      to,
      ...(total > 1 ? { occurrence } : {}),
    });
    text = text.slice(0, start) + to + text.slice(start + from.length);
  }
  return operations;
}

/** The texts of items and their sub-items, in document order. */
function itemTexts(items: readonly Item[]): string[] {
  return items.flatMap((item) => [item.text, ...itemTexts(item.subItems)]);
}

function sameItems(a: readonly Item[], b: readonly Item[]): boolean {
  return (
    a.length === b.length &&
    a.every((item, i) => item.number === b[i]?.number && sameItems(item.subItems, b[i]?.subItems ?? []))
  );
}

/** Word changes in the 号 and 細分 of a 項 whose items keep their numbers and count. */
function itemOperations(
  path: ProvisionPath,
  oldItems: readonly Item[],
  newItems: readonly Item[],
): AmendmentOperation[] {
  return oldItems.flatMap((item, index) => {
    const next = newItems[index];
    if (!next) return [];
    const itemPath: ProvisionPath =
      path.item === undefined ? { ...path, item: item.number } : { ...path, subItem: item.number };
    // Deeper than 細分 no path reaches: the 細分 is rewritten whole.
    if (path.item !== undefined && !deepEqual(item, next)) {
      return item.subItems.length === 0 && next.subItems.length === 0
        ? wordOperations({ kind: 'provision', path: itemPath }, item.text, next.text)
        : [
            {
              op: 'replaceProvision',
              path: itemPath,
              content: { level: 'item', text: next.text, subItems: next.subItems },
            },
          ];
    }
    return [
      ...wordOperations(
        { kind: 'provision', path: itemPath },
        item.text,
        next.text,
        itemTexts(item.subItems),
      ),
      ...(path.item === undefined ? itemOperations(itemPath, item.subItems, next.subItems) : []),
    ];
  });
}

/** A 項: its words and its items' words, or the whole 項 when its items changed in number or count. */
function paragraphOperations(article: string, oldP: Paragraph, newP: Paragraph): AmendmentOperation[] {
  const path: ProvisionPath = { article, paragraph: newP.number };
  if (!sameItems(oldP.items, newP.items)) {
    return [
      { op: 'replaceProvision', path, content: { level: 'paragraph', text: newP.text, items: newP.items } },
    ];
  }
  return [
    ...wordOperations({ kind: 'provision', path }, oldP.text, newP.text, itemTexts(oldP.items)),
    ...itemOperations(path, oldP.items, newP.items),
  ];
}

/** Paragraphs matched: the same count pairs by position; otherwise one added or removed is found. */
function articleOperations(number: string, oldA: Article, newA: Article): AmendmentOperation[] {
  if (oldA.deleted && newA.deleted) return [];
  if (newA.deleted) return [{ op: 'deleteProvision', path: { article: number }, leaveDeletedMarker: true }];
  const whole: AmendmentOperation = {
    op: 'replaceProvision',
    path: { article: number },
    content: { level: 'article', caption: newA.caption, paragraphs: newA.paragraphs },
  };
  if (oldA.deleted || (oldA.caption === '') !== (newA.caption === '')) return [whole];
  const operations: AmendmentOperation[] = wordOperations(
    { kind: 'caption', article: number },
    oldA.caption,
    newA.caption,
  );
  const oldPs = oldA.paragraphs;
  const newPs = newA.paragraphs;
  if (oldPs.length === newPs.length) {
    return [
      ...operations,
      ...oldPs.flatMap((p, i) => {
        const n = newPs[i];
        return n ? paragraphOperations(number, p, n) : [];
      }),
    ];
  }
  // One 項 more or less, the others unchanged in order: an insertion or a deletion; else rewrite.
  const shorter = oldPs.length < newPs.length ? oldPs : newPs;
  const longer = oldPs.length < newPs.length ? newPs : oldPs;
  if (longer.length - shorter.length === 1) {
    const at = longer.findIndex(
      (p, i) => shorter[i]?.text !== p.text || !deepEqual(shorter[i]?.items, p.items),
    );
    const index = at < 0 ? shorter.length : at;
    const contents = (list: readonly Paragraph[]) => list.map((p) => [p.text, p.items]);
    if (deepEqual(contents(longer.filter((_, i) => i !== index)), contents(shorter))) {
      const changed = longer[index];
      if (changed) {
        return [
          ...operations,
          oldPs.length < newPs.length
            ? {
                op: 'insertParagraph',
                article: number,
                after: index === 0 ? null : index,
                text: changed.text,
                items: changed.items,
              }
            : {
                op: 'deleteProvision',
                path: { article: number, paragraph: index + 1 },
                leaveDeletedMarker: false,
              },
        ];
      }
    }
  }
  return [whole];
}

/** The 別表 rows: revisions, role changes, rows added and removed; a row moved is ambiguous. */
function measureOperations(
  base: readonly Measure[],
  proposed: readonly Measure[],
  problems: DerivationProblem[],
): AmendmentOperation[] {
  const oldRows = measuresInTableOrder(base);
  const newRows = measuresInTableOrder(proposed);
  const byId = new Map(oldRows.map((m) => [m.id, m]));
  const kept = newRows.filter((m) => byId.has(m.id)).map((m) => m.id);
  const keptBefore = oldRows.filter((m) => newRows.some((n) => n.id === m.id)).map((m) => m.id);
  const operations: AmendmentOperation[] = [];
  if (JSON.stringify(kept) !== JSON.stringify(keptBefore)) {
    const moved = newRows.find((m) => byId.has(m.id) && kept.indexOf(m.id) !== keptBefore.indexOf(m.id));
    problems.push({
      where: `別表(${newRows.findIndex((m) => m.id === moved?.id) + 1})の項`,
      reason: '行の順序が変わっています（移動）。移動は操作（連携施策の削除と追加）で指定してください',
    });
    return [];
  }
  for (const old of oldRows) {
    if (!newRows.some((m) => m.id === old.id)) operations.push({ op: 'removeMeasure', id: old.id });
  }
  newRows.forEach((row, index) => {
    const old = byId.get(row.id);
    if (!old) {
      const previous = newRows
        .slice(0, index)
        .reverse()
        .find((m) => m.category === row.category);
      operations.push({ op: 'addMeasure', measure: row, after: previous?.id ?? null });
      return;
    }
    const changes: { name?: string; content?: string; category?: Measure['category'] } = {};
    if (old.name !== row.name) changes.name = row.name;
    if (old.content !== row.content) changes.content = row.content;
    if (old.category !== row.category) changes.category = row.category;
    if (Object.keys(changes).length > 0) operations.push({ op: 'reviseMeasure', id: row.id, changes });
    for (const party of ['core', 'partner'] as const) {
      if (old.roles[party] !== row.roles[party])
        operations.push({ op: 'changeMeasureRole', id: row.id, party, role: row.roles[party] });
    }
  });
  return operations;
}

/**
 * Articles of the proposal matched to the base's: the same number and the same content; else the same
 * content under another number (renumbered); else the same number (changed, deleted or revived).
 * Unmatched base articles are removed, unmatched proposed ones added.
 */
function matchArticles(base: readonly Article[], proposed: readonly Article[]): Map<string, string> {
  const match = new Map<string, string>();
  const taken = new Set<string>();
  const same = (x: Article, y: Article): boolean =>
    x.deleted === y.deleted && x.caption === y.caption && deepEqual(x.paragraphs, y.paragraphs);
  const pass = (pick: (article: Article) => Article | undefined): void => {
    for (const article of proposed) {
      if (match.has(article.number)) continue;
      const found = pick(article);
      if (found) {
        match.set(article.number, found.number);
        taken.add(found.number);
      }
    }
  };
  const free = (b: Article): boolean => !taken.has(b.number);
  pass((article) => base.find((b) => free(b) && b.number === article.number && same(b, article)));
  pass((article) => base.find((b) => free(b) && same(b, article)));
  pass((article) => base.find((b) => free(b) && b.number === article.number));
  // A 「削除」 left where an article stood, under another number: the first article still unmatched.
  pass((article) => (article.deleted ? base.find((b) => free(b) && !b.deleted) : undefined));
  return match;
}

function structureOperations(
  base: AgreementDocument,
  proposed: AgreementDocument,
  problems: DerivationProblem[],
): AmendmentOperation[] {
  const match = matchArticles(base.articles, proposed.articles);
  const matchedBase = [...match.values()];
  const order = proposed.articles.map((a) => match.get(a.number)).filter((n): n is string => n !== undefined);
  const baseOrder = base.articles.map((a) => a.number).filter((n) => matchedBase.includes(n));
  if (JSON.stringify(order) !== JSON.stringify(baseOrder)) {
    const moved = proposed.articles.find((a) => {
      const m = match.get(a.number);
      return m !== undefined && order.indexOf(m) !== baseOrder.indexOf(m);
    });
    problems.push({
      where: moved ? renderArticleNumber(moved.number, 'municipal') : '条',
      reason: '条の順序が変わっています（移動）。移動は操作（条の削除と追加）で指定してください',
    });
    return [];
  }
  const operations: AmendmentOperation[] = [];
  // 1. Removed, from the last (numbers of the others stay until step 2).
  for (const article of [...base.articles].reverse()) {
    if (!matchedBase.includes(article.number)) {
      operations.push({
        op: 'deleteProvision',
        path: { article: article.number },
        leaveDeletedMarker: false,
      });
    }
  }
  // 2. Renumbered to their final numbers: those moving to a lower number (繰上げ) from the first, those
  // moving to a higher one (繰下げ) from the last, so that each number is free when taken. By the numbers,
  // not by places in the list: 第7条の4の3 → 第9条 beside 第9条 → 第10条 keeps both places.
  const moves = proposed.articles
    .map((a) => ({ to: a.number, from: match.get(a.number) }))
    .filter((m): m is { to: string; from: string } => m.from !== undefined && m.from !== m.to);
  const up = moves.filter((m) => compareProvisionNumbers(m.to, m.from) < 0);
  const down = moves.filter((m) => compareProvisionNumbers(m.to, m.from) > 0).reverse();
  for (const m of [...up, ...down]) operations.push({ op: 'renumberArticle', from: m.from, to: m.to });
  // 3. Added, in order, each after the article before it.
  proposed.articles.forEach((article, index) => {
    if (match.has(article.number)) return;
    operations.push({
      op: 'insertArticle',
      after: proposed.articles[index - 1]?.number ?? null,
      number: article.number,
      caption: article.caption,
      // A 「削除」 article is added as one and then marked (an article is never added empty).
      paragraphs: article.deleted
        ? [{ number: 1, text: DELETED_PROVISION_TEXT, items: [] }]
        : article.paragraphs,
    });
    if (article.deleted) {
      operations.push({ op: 'deleteProvision', path: { article: article.number }, leaveDeletedMarker: true });
    }
  });
  // 4. What changed inside the articles kept, by their final numbers.
  for (const article of proposed.articles) {
    const from = match.get(article.number);
    const old = base.articles.find((a) => a.number === from);
    if (old) operations.push(...articleOperations(article.number, old, article));
  }
  return operations;
}

/** The document as compared: its style stated, its measures in table order. */
function comparable(doc: AgreementDocument): AgreementDocument {
  return { ...doc, style: doc.style ?? 'municipal', measures: measuresInTableOrder(doc.measures) };
}

/** The operations that turn `base` into `proposed`, or why they cannot be read off the texts. */
export function deriveOperations(base: AgreementDocument, proposed: AgreementDocument): DerivationResult {
  const problems: DerivationProblem[] = [];
  proposed.appendices.forEach((table) => {
    const old = base.appendices.find((t) => t.number === table.number);
    if (!deepEqual(old, table)) {
      problems.push({
        where: table.number === '' ? '別表' : `別表第${table.number}`,
        reason: '連携施策以外の別表の変更は、本文からは導けません。操作で指定してください',
      });
    }
  });
  const operations: AmendmentOperation[] = [
    ...wordOperations({ kind: 'title' }, base.title, proposed.title),
    ...wordOperations({ kind: 'preamble' }, base.preamble, proposed.preamble),
    ...structureOperations(base, proposed, problems),
    ...measureOperations(base.measures, proposed.measures, problems),
  ];
  if (!deepEqual(base.supplementaryProvisions, proposed.supplementaryProvisions)) {
    operations.push({
      op: 'replaceSupplementaryProvisions',
      supplementaryProvisions: proposed.supplementaryProvisions,
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  if (operations.length === 0) {
    return {
      ok: false,
      problems: [{ where: '本文', reason: '提案の本文は現在の本文と同じです（変更がありません）' }],
    };
  }
  let result: AgreementDocument | undefined;
  try {
    result = applyAmendment(base, operations);
  } catch (error) {
    if (!(error instanceof AmendmentError)) throw error;
  }
  if (result === undefined || !deepEqual(comparable(result), comparable(proposed))) {
    return {
      ok: false,
      problems: [
        {
          where: '本文',
          reason: '本文の変更を操作に置き換えられませんでした。変わった部分を操作で指定してください',
        },
      ],
    };
  }
  return { ok: true, operations };
}

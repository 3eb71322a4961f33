/**
 * References to provisions as legal staff type them — 「第3条の2第1項第2号」, 「第三条の二」, 「３－２」,
 * "3-2" — read into the ledger's canonical form (`"3-2"`, `{ article: '3-2', paragraph: 1, item: '2' }`).
 * A reference that reads but names nothing (第0条, 第4条第0項, 第3条の1: numbers start at 1 and 枝番号 at
 * 2) is told apart from one that does not read at all, so the API can answer the first as 422 and the
 * second as 400.
 */
import type { ProvisionNumber, ProvisionPath } from './document.model';
import { AIUEO_MARKS, IROHA_MARKS, fromKanaMark, isProvisionNumber, parseNumeral } from './numbering';

export interface ReferenceFailure {
  ok: false;
  /** True when the text reads as a reference but no provision can have that number (第0条). */
  namesNothing: boolean;
  /** Why, in Japanese, quoting the text. */
  reason: string;
}

/** What a reference reads as (the shape of {@link ReadResult}, which dates and 年度 use too). */
export type ReferenceReading<T> = { ok: true; value: T } | ReferenceFailure;

/** The unit a number field counts in: 条 (articles) or 号 (items). */
export type ProvisionUnit = '条' | '号';

const NUMERAL = '[0-9０-９]+|[〇一二三四五六七八九十百千万]+';
const KANA = `[${AIUEO_MARKS.join('')}${IROHA_MARKS.join('')}]`;
const LABEL_PATTERN = new RegExp(
  `^第(${NUMERAL})条((?:の(?:${NUMERAL}))*)(?:第(${NUMERAL})項)?(?:第(${NUMERAL})号((?:の(?:${NUMERAL}))*)(${KANA}(?:の(?:${NUMERAL}))*)?)?$`,
);
/** 3-2, ３－２, 3の2, 三の二 (no 第…条 around it). */
const SHORT_PATTERN = new RegExp(`^(?:${NUMERAL})(?:[-－−の](?:${NUMERAL}))*$`);

/** 第3条の2 / 第1号の2 (the 枝番号 follow the unit, as cited). */
const LABELLED_NUMBER: Readonly<Record<ProvisionUnit, RegExp>> = {
  条: new RegExp(`^第(${NUMERAL})条((?:の(?:${NUMERAL}))*)$`),
  号: new RegExp(`^第(${NUMERAL})号((?:の(?:${NUMERAL}))*)$`),
};

const PROVISION_EXAMPLES = '例: 第4条、第4条第2項、第3条の2第1項第2号、第四条、4-2';
const NUMBERING_RULE = '条・項・号の番号は1から、枝番号は2から付きます';

/** Thrown inside this module only, to stop reading at the first bad part. */
class Unread extends Error {
  constructor(readonly namesNothing: boolean) {
    super(namesNothing ? 'names nothing' : 'unreadable');
  }
}

/** Numerals joined by の (or a hyphen in the short form) → `"3-2"`. */
function branched(text: string): ProvisionNumber {
  const parts = text.split(/[-－−の]/).map(parseNumeral);
  if (!parts.every((n): n is number => n !== undefined)) throw new Unread(false);
  const number = parts.join('-');
  // Every part read (parseNumeral bounds them): only a 0 or a 枝番号 1 is left to be wrong.
  if (!isProvisionNumber(number)) throw new Unread(true);
  return number;
}

function failure(text: string, namesNothing: boolean, expected: string): ReferenceFailure {
  return {
    ok: false,
    namesNothing,
    reason: namesNothing
      ? `「${text}」に当たる規定はありません（${NUMBERING_RULE}）`
      : `「${text}」は${expected}として読めません`,
  };
}

/** Runs `read`, turning an {@link Unread} into the failure it stands for. */
function reading<T>(text: string, expected: string, read: () => T): ReferenceReading<T> {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    if (error instanceof Unread) return failure(text, error.namesNothing, expected);
    throw error;
  }
}

function readLabel(text: string): ProvisionPath {
  const match = LABEL_PATTERN.exec(text);
  if (!match) throw new Unread(false);
  const [, articleMain = '', articleBranches = '', paragraphText, itemMain, itemBranches = '', subItemText] =
    match;
  const path: ProvisionPath = { article: branched(articleMain + articleBranches) };
  if (paragraphText !== undefined) {
    const paragraph = parseNumeral(paragraphText);
    if (paragraph === undefined) throw new Unread(false);
    if (paragraph < 1) throw new Unread(true);
    path.paragraph = paragraph;
  }
  if (itemMain !== undefined) {
    // 第3条第1号 cites an item of an article with a single paragraph: it is in 第1項.
    path.paragraph ??= 1;
    path.item = branched(itemMain + itemBranches);
  }
  if (subItemText !== undefined) {
    // ア・イ・ウ where the article number is in arabic digits, イ・ロ・ハ in kanji, as the two styles print.
    const marks = /^[0-9０-９]/.test(articleMain) ? AIUEO_MARKS : IROHA_MARKS;
    const [mark = '', ...branches] = subItemText.split('の');
    const main = fromKanaMark(mark, marks);
    if (main === undefined) throw new Unread(false);
    path.subItem = branched([String(main), ...branches].join('の'));
  }
  return path;
}

/**
 * Reads 第3条の2第2項第1号の2ア or 第三条の二第二項第一号イ (full-width digits too) into a path, as
 * {@link readProvisionReference} does, but only in that 第…条 form.
 */
export function readProvisionLabel(label: string): ReferenceReading<ProvisionPath> {
  const text = label.trim();
  return reading(text, `条項の表示（${PROVISION_EXAMPLES}）`, () => readLabel(text));
}

/**
 * A provision as cited: 第4条, 第4条第2項, 第3条の2第1項第2号, 第四条第二項, 第４条, or the short 4, 4-2,
 * ４－２, 3の2 for an article. The sub-item mark is read as ア・イ・ウ when the article number is in
 * arabic digits and as イ・ロ・ハ in kanji; 第3条第1号 (no 項) is 第3条第1項第1号.
 */
export function readProvisionReference(text: string): ReferenceReading<ProvisionPath> {
  const trimmed = text.trim();
  return reading(trimmed, `条項の指定（${PROVISION_EXAMPLES}）`, () =>
    SHORT_PATTERN.test(trimmed) ? { article: branched(trimmed) } : readLabel(trimmed),
  );
}

/**
 * An article number (`unit` 条: 第3条の2, 第三条の二) or item number (`unit` 号: 第1号の2), or the short
 * 3-2, ３－２, 3の2, 三の二 — as the canonical `"3-2"`. Without a unit only the short forms read.
 */
export function readProvisionNumber(text: string, unit?: ProvisionUnit): ReferenceReading<ProvisionNumber> {
  const trimmed = text.trim();
  const expected =
    unit === undefined
      ? '番号（例: 2、3-2、3の2）'
      : `${unit}の番号（例: 第3${unit}の2、第三${unit}の二、3-2）`;
  const labelled = unit === undefined ? null : LABELLED_NUMBER[unit].exec(trimmed);
  return reading(trimmed, expected, () => {
    if (labelled) return branched((labelled[1] ?? '') + (labelled[2] ?? ''));
    if (SHORT_PATTERN.test(trimmed)) return branched(trimmed);
    throw new Unread(false);
  });
}

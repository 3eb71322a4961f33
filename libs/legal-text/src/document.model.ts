/**
 * The document model of a 連携協約 (DESIGN.md §2.2). Plain JSON-compatible data: documents are stored
 * inside events, hashed, and compared, so they hold no class instances, no undefined and no floats.
 *
 * Numbers are data, rendering is separate: an article number is a string key, `"3"` for 第3条 and
 * `"3-2"` for 第3条の2 (枝番号); items use the same form (`"1"`, `"1-2"`).
 */

/** `"3"`, `"3-2"`, `"3-2-1"`: a main number with optional 枝番号. */
export type ProvisionNumber = string;

/** 号 (and its sub-items, ア・イ / イ・ロ). */
export interface Item {
  number: ProvisionNumber;
  text: string;
  subItems: Item[];
}

/** 項. The first paragraph of an article carries no number when rendered. */
export interface Paragraph {
  /** 1-based. */
  number: number;
  text: string;
  items: Item[];
}

/** 条. */
export interface Article {
  number: ProvisionNumber;
  /** 見出し, e.g. 「目的」; rendered as （目的）. Empty string when none. */
  caption: string;
  paragraphs: Paragraph[];
  /** 「第N条 削除」: kept so later numbers do not move. */
  deleted: boolean;
}

/** The whole text of a provision deleted in place (「第5条 削除」, an item 「削除」). */
export const DELETED_PROVISION_TEXT = '削除';

/** The three categories of measures in the seed. */
export const MEASURE_CATEGORIES = ['economic-growth', 'urban-functions', 'living-services'] as const;
export type MeasureCategory = (typeof MEASURE_CATEGORIES)[number];

/** 連携施策: one row of the measures table (第3条 / 別表). */
export interface Measure {
  /** Stable id that survives renaming, e.g. `m01`. */
  id: string;
  category: MeasureCategory;
  name: string;
  /** 取組内容. */
  content: string;
  /** 役割分担, per party: core = 甲 (the core city), partner = 乙. */
  roles: { core: string; partner: string };
}

/** Any other 別表 (a table with named columns). */
export interface AppendixTable {
  /** `"1"` for 別表第1; `""` for a single 別表. */
  number: string;
  title: string;
  columns: string[];
  rows: { id: string; cells: string[] }[];
}

/** 附則. */
export interface SupplementaryProvisions {
  paragraphs: Paragraph[];
}

/**
 * How the instrument writes its numbers: 'municipal' — horizontal 例規 style, 第1条, (1), 令和4年4月1日
 * (算用数字); 'kanji' — vertical national style, 第一条, 一, 令和四年四月一日 (漢数字). Texts drafted against
 * a document (its 改め文, 新旧対照表) follow it by default.
 */
export type NumeralStyle = 'municipal' | 'kanji';

export interface AgreementDocument {
  /** 題名, e.g. 連携中枢都市圏の形成に係る連携協約. */
  title: string;
  /** The notation of the text; absent means 'municipal' (every document recorded before it existed). */
  style?: NumeralStyle;
  /** 前文. */
  preamble: string;
  articles: Article[];
  /** 連携施策 (the measures table). */
  measures: Measure[];
  appendices: AppendixTable[];
  supplementaryProvisions: SupplementaryProvisions;
}

/**
 * Where a provision is: an article, optionally a paragraph in it, optionally an item (and sub-item)
 * in that paragraph. `{ article: '3-2', paragraph: 2, item: '1' }` is 第3条の2第2項第1号.
 */
export interface ProvisionPath {
  article: ProvisionNumber;
  paragraph?: number;
  item?: ProvisionNumber;
  subItem?: ProvisionNumber;
}

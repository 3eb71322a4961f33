/**
 * The structural comparison of two versions as plain JSON ({@link compareDocuments}): one
 * ProvisionComparison per provision, with its key, labels, status and segments, nested as the
 * document is (articles, paragraphs, items; measures and their fields; 別表, rows and cells; 附則).
 */
import type { ProvisionNumber } from '../document.model';
import type { RenderStyle } from '../render';
import type { Segment } from './token-diff';

/**
 * - `unchanged`: the same number and the same text, everything inside unchanged;
 * - `changed`: the same number, something in it differs;
 * - `added` / `removed`: only in the new / old version;
 * - `renumbered`: paired with a provision under another number (第6条 → 第7条); `textChanged` says
 *   whether its content differs as well.
 */
export type ComparisonStatus = 'unchanged' | 'changed' | 'added' | 'removed' | 'renumbered';

export type ProvisionKind =
  | 'title'
  | 'preamble'
  | 'article'
  | 'caption'
  | 'paragraph'
  | 'item'
  | 'measure'
  | 'measureField'
  | 'appendix'
  | 'appendixTitle'
  | 'appendixColumn'
  | 'appendixRow'
  | 'appendixCell';

export interface ProvisionComparison {
  /**
   * Unique in the comparison and stable: `title`, `preamble`, `article:3`, `article:6>7` (renumbered),
   * `article:>3-2` (added), `article:5>` (removed), `article:3/caption`, `article:3/paragraph:2`,
   * `article:3/paragraph:1/item:2/item:1` (a sub-item), `measure:m01`, `measure:m01/content`,
   * `appendix:1/row:r1/cell:0`, `supplementary/paragraph:1`.
   */
  key: string;
  kind: ProvisionKind;
  /** Where it was / is, rendered in the comparison's style: 第3条第2項, 別表(2)の項の取組内容. */
  oldLabel?: string;
  newLabel?: string;
  status: ComparisonStatus;
  /** Whether its content (its own text or anything in it) differs; false for a pure renumbering. */
  textChanged: boolean;
  /**
   * Its own text split into segments (without what is inside it: a paragraph's segments do not
   * include its items). For an article, its number (第3条). Absent on the side where it does not exist.
   */
  old?: Segment[];
  new?: Segment[];
}

export interface ItemComparison extends ProvisionComparison {
  kind: 'item';
  /** 0 = 号, 1 = its sub-items (ア・イ / イ・ロ), 2 = below. */
  depth: number;
  oldNumber?: ProvisionNumber;
  newNumber?: ProvisionNumber;
  subItems: ItemComparison[];
}

export interface ParagraphComparison extends ProvisionComparison {
  kind: 'paragraph';
  oldNumber?: number;
  newNumber?: number;
  items: ItemComparison[];
}

export interface ArticleComparison extends ProvisionComparison {
  kind: 'article';
  oldNumber?: ProvisionNumber;
  newNumber?: ProvisionNumber;
  /** 「第N条 削除」 on that side. */
  oldDeleted?: boolean;
  newDeleted?: boolean;
  /** Paired out of order. */
  moved: boolean;
  /** Of the whole article's text, 0..1 (0 when added or removed). */
  similarity: number;
  caption: ProvisionComparison;
  paragraphs: ParagraphComparison[];
}

export type MeasureField = 'name' | 'category' | 'content' | 'roles.core' | 'roles.partner';

export const MEASURE_FIELD_LABELS: Readonly<Record<MeasureField, string>> = {
  name: '施策名',
  category: '区分',
  content: '取組内容',
  'roles.core': '役割分担（甲）',
  'roles.partner': '役割分担（乙）',
};

export const MEASURE_FIELDS: readonly MeasureField[] = [
  'name',
  'category',
  'content',
  'roles.core',
  'roles.partner',
];

export interface MeasureFieldComparison extends ProvisionComparison {
  kind: 'measureField';
  field: MeasureField;
}

/** One row of the measures table (別表), matched by measure id. `renumbered`: its row number
 * (position in the table, grouped ①②③) changed. */
export interface MeasureComparison extends ProvisionComparison {
  kind: 'measure';
  id: string;
  /** 1-based row numbers in table order. */
  oldRow?: number;
  newRow?: number;
  /** Its order relative to the other rows changed (not only its number). */
  moved: boolean;
  fields: MeasureFieldComparison[];
}

export interface AppendixRowComparison extends ProvisionComparison {
  kind: 'appendixRow';
  id: string;
  oldRow?: number;
  newRow?: number;
  moved: boolean;
  cells: ProvisionComparison[];
}

export interface AppendixComparison extends ProvisionComparison {
  kind: 'appendix';
  /** `"1"` for 別表第1, `""` for a single 別表. */
  number: string;
  title: ProvisionComparison;
  columns: ProvisionComparison[];
  rows: AppendixRowComparison[];
}

export interface DocumentComparison {
  style: RenderStyle;
  title: ProvisionComparison;
  preamble: ProvisionComparison;
  articles: ArticleComparison[];
  measures: MeasureComparison[];
  /** The heading of the measures table on each side, as the text in force prints it: 「別表（第3条関係）」. */
  measuresHeading: { old: string; new: string };
  appendices: AppendixComparison[];
  /** 附則, paragraph by paragraph. */
  supplementaryProvisions: ParagraphComparison[];
  /** Anything at all differs. */
  changed: boolean;
}

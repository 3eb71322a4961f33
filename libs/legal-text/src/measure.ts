/**
 * 連携施策 (measures): the Japanese labels of their categories and the validation of one measure.
 * Problems are returned as Japanese sentences, because legal staff read them.
 */
import { MEASURE_CATEGORIES, type Measure, type MeasureCategory } from './document.model';
import { parseNumeral } from './numbering';

/** The categories as the seed names them (DESIGN.md §2.2), without the ①②③ mark. */
export const MEASURE_CATEGORY_NAMES: Readonly<Record<MeasureCategory, string>> = {
  'economic-growth': '圏域全体の経済成長のけん引',
  'urban-functions': '高次の都市機能の集積・強化',
  'living-services': '圏域全体の生活関連機能サービスの向上',
};

const CATEGORY_MARKS: Readonly<Record<MeasureCategory, string>> = {
  'economic-growth': '①',
  'urban-functions': '②',
  'living-services': '③',
};

/** ①圏域全体の経済成長のけん引, ②高次の都市機能の集積・強化, ③圏域全体の生活関連機能サービスの向上. */
export function measureCategoryLabel(category: MeasureCategory): string {
  return CATEGORY_MARKS[category] + MEASURE_CATEGORY_NAMES[category];
}

export function isMeasureCategory(value: unknown): value is MeasureCategory {
  return typeof value === 'string' && (MEASURE_CATEGORIES as readonly string[]).includes(value);
}

export const MEASURE_ID_PATTERN = /^[a-z0-9-]+$/;

function isBlank(s: unknown): boolean {
  return typeof s !== 'string' || s.trim().length === 0;
}

/**
 * Problems with one measure; empty when it is valid. Checks the runtime shape too, since measures
 * also arrive from stored JSON.
 */
export function validateMeasure(measure: Measure): string[] {
  const id: unknown = measure.id;
  const where = typeof id === 'string' && id.length > 0 ? `連携施策「${id}」` : '連携施策';
  const problems: string[] = [];
  if (typeof id !== 'string' || !MEASURE_ID_PATTERN.test(id)) {
    problems.push(`${where}: IDは英小文字・数字・ハイフンからなる空でない文字列でなければなりません`);
  }
  if (!isMeasureCategory(measure.category)) {
    const known = MEASURE_CATEGORIES.join('、');
    problems.push(`${where}: 区分「${String(measure.category)}」は不明です（${known}のいずれか）`);
  }
  if (isBlank(measure.name)) problems.push(`${where}: 施策名が空です`);
  if (isBlank(measure.content)) problems.push(`${where}: 取組内容が空です`);
  // `roles` may be missing in malformed JSON even though the type says otherwise.
  const roles = measure.roles as Measure['roles'] | undefined;
  if (isBlank(roles?.core)) problems.push(`${where}: 甲の役割分担が空です`);
  if (isBlank(roles?.partner)) problems.push(`${where}: 乙の役割分担が空です`);
  return problems;
}

/** The rows of the measures table (別表): grouped by category in ①②③ order, document order within each. */
export function measuresInTableOrder(measures: readonly Measure[]): Measure[] {
  return MEASURE_CATEGORIES.flatMap((category) => measures.filter((m) => m.category === category));
}

const ROW_NUMERAL = '([0-9０-９]{1,3}|[一二三四五六七八九十]{1,3})';
const ROW_REFERENCE = new RegExp(
  `^(?:別表\\s*)?(?:[（(]\\s*${ROW_NUMERAL}\\s*[）)]|${ROW_NUMERAL})(?:の項)?$`,
);

/** The row number a reference cites by place (別表(4) → 4, 別表(0) → 0), or `undefined`. */
function measureRowNumber(text: string): number | undefined {
  const match = ROW_REFERENCE.exec(text.trim());
  return match ? parseNumeral(match[1] ?? match[2] ?? '') : undefined;
}

/**
 * Whether `text` cites a row of the measures table by its place (別表(4), (4), ４, 別表四の項), whether
 * or not the table has that row: such a reference is resolved against the text it amends.
 */
export function isMeasureRowReference(text: string): boolean {
  return measureRowNumber(text) !== undefined;
}

/**
 * Reads a reference to a row of the measures table as people type it: 別表(4), 別表(4)の項, (4), ４, 4,
 * 別表四の項 (the 漢数字 style), or the measure's id (m04). Rows are counted as the table prints them.
 */
export function readMeasureReference(
  measures: readonly Measure[],
  input: string,
): { ok: true; id: string; row: number } | { ok: false; reason: string } {
  const text = input.trim();
  const rows = measuresInTableOrder(measures);
  const byId = rows.findIndex((m) => m.id === text);
  if (byId >= 0) return { ok: true, id: text, row: byId + 1 };
  const row = measureRowNumber(text);
  if (row === undefined) {
    return { ok: false, reason: `連携施策の指定として読めません: 「${text}」（例: 別表(4)、(4)、m04）` };
  }
  const measure = rows[row - 1];
  if (measure === undefined) {
    return { ok: false, reason: `別表(${row})の項はありません（別表は(1)から(${rows.length})までです）` };
  }
  return { ok: true, id: measure.id, row };
}

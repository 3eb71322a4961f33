/**
 * 連携施策 (measures): the Japanese labels of their categories and the validation of one measure.
 * Problems are returned as Japanese sentences, because legal staff read them.
 */
import { MEASURE_CATEGORIES, type Measure, type MeasureCategory } from './document.model';

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

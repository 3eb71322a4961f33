/**
 * Printing a 新旧対照表 ({@link buildComparisonTable}): a complete HTML page (A4 landscape, pages
 * numbered 「1 / 3」 at the foot) and plain text, each with a header naming both versions.
 */
import { warekiInStyle } from '../instrument';
import type { LegalDate } from '../legal-date';
import type { RenderStyle } from '../render';
import type {
  ComparisonCell,
  ComparisonLine,
  ComparisonRun,
  ComparisonSide,
  ComparisonTable,
} from './comparison-table';

const SPACE = '\u3000';

/** What a column says of its version: concluded (締結) or changed (変更) on a day, in force from a day. */
export interface ComparedVersion {
  kind: 'conclusion' | 'amendment';
  concludedOn: LegalDate;
  /** 施行日, or — for a 遡及 (before the conclusion) — the day it applies from. */
  effectiveOn: LegalDate;
}

export interface ComparisonRenderOptions {
  /**
   * The title of the header, before 「新旧対照表」 (default: the table's). Name the parties:
   * 「青森市と平内町との連携中枢都市圏の形成に係る連携協約」 ({@link agreementNameWithParties}).
   */
  title?: string;
  /**
   * Each column's version, named by its date of change and 施行日: 「令和5年6月30日変更（令和5年7月1日施行）」,
   * 「令和元年12月25日締結（令和元年12月25日施行）」; a 遡及 「令和4年6月30日変更（令和4年4月1日から適用）」.
   */
  fromVersion?: ComparedVersion;
  toVersion?: ComparedVersion;
  /** Words before the version's name (「令和4年5月1日現在」), or its name when no version is given. */
  fromLabel?: string;
  toLabel?: string;
  /** 施行日 of each version, printed in 和暦, when no version is given. */
  fromEffectiveOn?: LegalDate;
  toEffectiveOn?: LegalDate;
  /** A note under the header; default 「（傍線部分は変更部分）」 (改正部分 for the term 改正). */
  note?: string;
  /** A draft before the vote: the heading reads 「…新旧対照表（案）」. */
  draft?: boolean;
}

/** The heading: the title naming the parties, then 「新旧対照表」 (「新旧対照表（案）」 for a draft). */
export function comparisonHeading(table: ComparisonTable, options: ComparisonRenderOptions): string {
  const title = options.title ?? table.documentTitle;
  return `${title}${title === '' ? '' : SPACE}新旧対照表${options.draft === true ? '（案）' : ''}`;
}

/**
 * How a column names its version: by its date of conclusion and what it was — 「令和元年12月25日締結」
 * for the agreement as concluded, 「令和5年6月30日変更」 for a 変更; the 施行日 follows in the
 * header (「（令和5年7月1日施行）」, {@link versionOf}).
 */
export function versionName(
  version: { kind: 'conclusion' | 'amendment'; concludedOn: LegalDate },
  style: RenderStyle = 'municipal',
): string {
  return `${warekiInStyle(version.concludedOn, style)}${version.kind === 'conclusion' ? '締結' : '変更'}`;
}

/** 「（傍線部分は変更部分）」: the note under the title, in the table's term. */
export function underlineNote(table: Pick<ComparisonTable, 'term'>): string {
  return `（傍線部分は${table.term}部分）`;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function versionText(
  table: ComparisonTable,
  label: string | undefined,
  effectiveOn: LegalDate | undefined,
  version: ComparedVersion | undefined,
): string {
  const effective = version?.effectiveOn ?? effectiveOn;
  const retroactive = version !== undefined && version.effectiveOn < version.concludedOn;
  const date =
    effective === undefined
      ? undefined
      : `${warekiInStyle(effective, table.style)}${retroactive ? 'から適用' : '施行'}`;
  const names = [label, version && versionName(version, table.style)].filter(
    (n): n is string => n !== undefined && n !== '',
  );
  const name = names.length === 0 ? undefined : names.join(SPACE);
  if (name !== undefined && date !== undefined) return `${name}（${date}）`;
  return name ?? date ?? '';
}

/**
 * 「令和5年6月30日変更（令和5年7月1日施行）」: how a side's version is named in the header of every
 * rendering.
 */
export function versionOf(
  table: ComparisonTable,
  side: ComparisonSide,
  options: ComparisonRenderOptions,
): string {
  return side === 'new'
    ? versionText(table, options.toLabel, options.toEffectiveOn, options.toVersion)
    : versionText(table, options.fromLabel, options.fromEffectiveOn, options.fromVersion);
}

const FONT_STACK =
  '"Noto Serif CJK JP", "Noto Serif JP", "IPAmincho", "IPA明朝", "IPAexMincho", "Yu Mincho", "Hiragino Mincho ProN", serif';

// The page number (「2 / 5」) in the bottom margin of every printed page: a CSS page-margin box
// (CSS Paged Media; Chromium prints them since version 131).
const STYLE = `
@page { size: A4 landscape; margin: 12mm 12mm 14mm; @bottom-center { content: counter(page) " / " counter(pages); font-family: ${FONT_STACK}; font-size: 9pt; } }
html { font-family: ${FONT_STACK}; font-size: 10.5pt; line-height: 1.75; color: #000; background: #fff; }
body { margin: 0; }
.kt-header { margin: 0 0 4mm; }
.kt-header h1 { font-size: 14pt; font-weight: normal; text-align: center; margin: 0 0 2mm; }
.kt-versions { margin: 0; text-align: center; }
.kt-note { margin: 1mm 0 0; text-align: right; }
table.kt-table { width: 100%; border-collapse: collapse; table-layout: fixed; }
.kt-table thead { display: table-header-group; }
.kt-table th, .kt-table td { border: 0.5pt solid #000; padding: 1.5mm 2.5mm; vertical-align: top; text-align: left; }
.kt-table th { text-align: center; font-weight: normal; }
.kt-table th .kt-version { display: block; font-size: 9pt; }
.kt-table tr { break-inside: avoid; page-break-inside: avoid; }
.kt-line { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.kt-table u { text-decoration: underline; text-decoration-thickness: 0.08em; text-underline-offset: 0.18em; }
`.trim();

function htmlRuns(runs: readonly ComparisonRun[]): string {
  return runs
    .map((run) => {
      const text = escapeHtml(run.text);
      if (!run.underline) return text;
      return run.blank === true ? `<u class="kt-blank">${text}</u>` : `<u>${text}</u>`;
    })
    .join('');
}

function htmlCell(cell: ComparisonCell): string {
  const lines = cell.lines
    .map((line) => {
      const style =
        line.hanging === false
          ? `text-indent:${line.indent}em`
          : `padding-left:${line.indent + 1}em;text-indent:-1em`;
      return `<p class="kt-line" style="${style}">${htmlRuns(line.runs)}</p>`;
    })
    .join('');
  return `<td class="kt-${cell.side}">${lines}</td>`;
}

/**
 * The 新旧対照表 as a complete, printable HTML document: A4 landscape (@page) with the page number
 * and the page count at the foot of each page, a Japanese serif font stack, a header with the agreement's title and both versions' 施行日 in 和暦, and a real
 * <table> whose header row repeats on every page; rows do not break across pages, page breaks fall
 * between them. Changes are underlined with <u>. All text is escaped.
 */
export function renderComparisonHtml(table: ComparisonTable, options: ComparisonRenderOptions = {}): string {
  const heading = comparisonHeading(table, options);
  const note = options.note ?? underlineNote(table);
  const versions = table.columns
    .map((c) => ({ label: c.label, version: versionOf(table, c.side, options) }))
    .filter((v) => v.version !== '')
    .map((v) => `${v.label}：${v.version}`)
    .join(SPACE);
  const headerCells = table.columns
    .map((c) => {
      const version = versionOf(table, c.side, options);
      const extra = version === '' ? '' : `<span class="kt-version">${escapeHtml(version)}</span>`;
      return `<th scope="col" class="kt-${c.side}">${escapeHtml(c.label)}${extra}</th>`;
    })
    .join('');
  const body = table.rows
    .map(
      (row) =>
        `<tr class="kt-row kt-${row.kind}" data-key="${escapeHtml(row.key)}" data-status="${row.status}">` +
        row.cells.map(htmlCell).join('') +
        '</tr>',
    )
    .join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="ja">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(heading)}</title>`,
    `<style>\n${STYLE}\n</style>`,
    '</head>',
    '<body>',
    '<header class="kt-header">',
    `<h1>${escapeHtml(heading)}</h1>`,
    versions === '' ? '' : `<p class="kt-versions">${escapeHtml(versions)}</p>`,
    note === '' ? '' : `<p class="kt-note">${escapeHtml(note)}</p>`,
    '</header>',
    '<table class="kt-table">',
    '<colgroup><col style="width:50%"><col style="width:50%"></colgroup>',
    `<thead><tr>${headerCells}</tr></thead>`,
    '<tbody>',
    body,
    '</tbody>',
    '</table>',
    '</body>',
    '</html>',
    '',
  ]
    .filter((line, index, all) => line !== '' || index === all.length - 1)
    .join('\n');
}

function textLine(line: ComparisonLine): string {
  let out = SPACE.repeat(line.indent);
  let open = false;
  for (const run of line.runs) {
    if (run.underline && !open) out += '〔';
    if (!run.underline && open) out += '〕';
    open = run.underline;
    out += run.text;
  }
  return open ? `${out}〕` : out;
}

/**
 * The 新旧対照表 as plain text, one row after another: each row gives the first column's text, then
 * the second's, under 【変更後】 / 【変更前】. Changes are bracketed 〔 〕 (underlined in print).
 */
export function renderComparisonText(table: ComparisonTable, options: ComparisonRenderOptions = {}): string {
  const out: string[] = [comparisonHeading(table, options)];
  for (const column of table.columns) {
    const version = versionOf(table, column.side, options);
    if (version !== '') out.push(`${column.label}：${version}`);
  }
  out.push(`（〔\u3000〕内は${table.term}部分）`);
  for (const row of table.rows) {
    out.push('');
    row.cells.forEach((cell, index) => {
      out.push(`【${table.columns[index]?.label ?? ''}】`);
      out.push(...cell.lines.map(textLine));
    });
  }
  return `${out.join('\n')}\n`;
}

/**
 * CSV for registers (RFC 4180) that Excel opens with Japanese intact: UTF-8 with a byte order mark,
 * CRLF line ends, fields quoted when they hold a comma, a quote or a line break (quotes doubled).
 *
 * Text cells that a spreadsheet would read as a formula (starting with = + - @, their full-width
 * forms ＝ ＋ － ＠ — which Excel with Japanese input reads as formulas too — or a tab or carriage
 * return) are prefixed with an apostrophe (CSV injection). Numbers (number, bigint) are written as they
 * are — a negative difference stays a number.
 */
export type CsvCell = string | number | bigint | boolean | null | undefined;

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;
const NEEDS_QUOTES = /[",\r\n]/;

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (typeof value === 'string') {
    text = FORMULA_START.test(value) ? `'${value}` : value;
  } else {
    text = String(value);
  }
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole document: BOM, the header row, then one row per record, each line ending in CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return BOM + [header, ...rows].map((row) => `${row.map(cell).join(',')}\r\n`).join('');
}

/** Content-Disposition for a download; the name is ASCII (ids and years), so no encoding is needed. */
export function csvAttachment(fileName: string): string {
  return `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}.csv"`;
}

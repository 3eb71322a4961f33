/**
 * 新旧対照表 as a Word document (DOCX), from the same model and options as
 * {@link renderComparisonHtml}: an A4 landscape section with the page number and count 「1 / 3」 at
 * the foot of every page (PAGE and NUMPAGES fields); a header (the agreement's title +
 * 「新旧対照表」, both versions with their 施行日 in 和暦, the note 「（傍線部分は変更部分）」); a real
 * two-column Word table whose header row (repeated on every page) carries the table's column labels
 * in the table's order, one table row per model row, one paragraph per model line; changed text as
 * runs with a single underline (blanks — underlined full-width spaces — and 「（新設）」「（削る）」
 * 「（略）」 exactly as the model gives them); a Japanese Mincho font for every character set.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  UnderlineType,
  WidthType,
  type IBorderOptions,
  type IFontAttributesProperties,
  type IStylesOptions,
} from 'docx';
import {
  type ComparisonCell,
  type ComparisonLine,
  type ComparisonRenderOptions,
  type ComparisonRun,
  type ComparisonTable,
  type ComparisonTableRow,
  underlineNote,
  comparisonHeading,
  versionOf,
} from '@kyoyaku/legal-text';

const SPACE = '\u3000';

/** ＭＳ 明朝 (Word's Japanese default Mincho); LibreOffice substitutes a Mincho/Serif CJK font. */
export const COMPARISON_DOCX_FONT: IFontAttributesProperties = {
  ascii: 'MS Mincho',
  hAnsi: 'MS Mincho',
  eastAsia: 'MS Mincho',
  cs: 'MS Mincho',
  hint: 'eastAsia',
};

// Sizes: docx takes half-points for fonts and twentieths of a point (twips) for lengths.
const TWIPS_PER_MM = 1440 / 25.4;
const mm = (value: number): number => Math.round(value * TWIPS_PER_MM);
const BODY_PT = 10.5;
const EM = BODY_PT * 20; // one full-width character, in twips
const A4 = { width: mm(210), height: mm(297) };
const MARGIN = { top: mm(12), right: mm(12), bottom: mm(14), left: mm(12) };
const TABLE_WIDTH = A4.height - MARGIN.left - MARGIN.right;
const COLUMN_WIDTH = Math.floor(TABLE_WIDTH / 2);
const CELL_MARGIN = { top: mm(1.5), bottom: mm(1.5), left: mm(2.5), right: mm(2.5) };
/** Line spacing (240 = single). */
const LINE = 300;

/**
 * The default run and paragraph of the ledger's DOCX documents: the font, 10.5 pt, Japanese, and
 * `line` (in 240ths of a line) between lines.
 */
export function documentStyles(line: number): IStylesOptions {
  return {
    default: {
      document: {
        run: {
          font: COMPARISON_DOCX_FONT,
          size: BODY_PT * 2,
          language: { value: 'ja-JP', eastAsia: 'ja-JP' },
        },
        paragraph: { spacing: { before: 0, after: 0, line, lineRule: LineRuleType.AUTO } },
      },
    },
  };
}
const BORDER: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
/** Rows estimated taller than this many printed lines may break across pages (Word clips a row that
 * is not allowed to break and does not fit on one page). */
const MAX_UNSPLIT_LINES = 20;
/** Full-width characters per line in a column, roughly. */
const CHARS_PER_LINE = Math.floor((COLUMN_WIDTH - CELL_MARGIN.left - CELL_MARGIN.right) / EM);

/** Characters XML 1.0 cannot carry (docx escapes & < > itself). */
// eslint-disable-next-line no-control-regex -- exactly the control characters are meant.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** A run of text in the Mincho font, optionally underlined or in another size (points). */
export function textRun(text: string, extra: { underline?: boolean; size?: number } = {}): TextRun {
  return new TextRun({
    text: text.replace(NOT_XML, ''),
    font: COMPARISON_DOCX_FONT,
    ...(extra.size === undefined ? {} : { size: extra.size * 2 }),
    ...(extra.underline === true ? { underline: { type: UnderlineType.SINGLE } } : {}),
  });
}

const modelRun = (run: ComparisonRun): TextRun => textRun(run.text, { underline: run.underline });

/** The foot of every page: 「2 / 5」, the page number and the page count as Word fields (PAGE, NUMPAGES). */
export function pageNumberFooter(): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({
            font: COMPARISON_DOCX_FONT,
            size: 9 * 2,
            children: [PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES],
          }),
        ],
      }),
    ],
  });
}

/** A model line as a paragraph: hanging by one character (the default), or first line indented. */
function lineParagraph(line: ComparisonLine): Paragraph {
  const indent =
    line.hanging === false
      ? { left: 0, firstLine: line.indent * EM }
      : { left: (line.indent + 1) * EM, hanging: EM };
  return new Paragraph({
    children: line.runs.map(modelRun),
    indent,
    spacing: { before: 0, after: 0, line: LINE, lineRule: LineRuleType.AUTO },
  });
}

function bodyCell(cell: ComparisonCell): TableCell {
  const lines = cell.lines.length > 0 ? cell.lines : [{ indent: 0, runs: [] }];
  return new TableCell({
    width: { size: COLUMN_WIDTH, type: WidthType.DXA },
    margins: CELL_MARGIN,
    children: lines.map(lineParagraph),
  });
}

/** Printed lines of a cell, estimated from its text length. */
function estimatedLines(cell: ComparisonCell): number {
  return cell.lines.reduce((sum, line) => {
    const length = line.runs.reduce((n, run) => n + run.text.length, 0) + line.indent + 1;
    return sum + Math.max(1, Math.ceil(length / CHARS_PER_LINE));
  }, 0);
}

function bodyRow(row: ComparisonTableRow): TableRow {
  const height = Math.max(...row.cells.map(estimatedLines));
  return new TableRow({
    cantSplit: height <= MAX_UNSPLIT_LINES,
    children: row.cells.map(bodyCell),
  });
}

function headerRow(table: ComparisonTable, options: ComparisonRenderOptions): TableRow {
  return new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: table.columns.map((column) => {
      const version = versionOf(table, column.side, options);
      const centered = (child: TextRun): Paragraph =>
        new Paragraph({ alignment: AlignmentType.CENTER, children: [child] });
      return new TableCell({
        width: { size: COLUMN_WIDTH, type: WidthType.DXA },
        margins: CELL_MARGIN,
        children: [
          centered(textRun(column.label)),
          ...(version === '' ? [] : [centered(textRun(version, { size: 9 }))]),
        ],
      });
    }),
  });
}

/**
 * The 新旧対照表 as a DOCX file. Header and versions as {@link renderComparisonHtml} prints them for
 * the same options (施行日 in 和暦, kanji numerals in the kanji style).
 */
export async function renderComparisonDocx(
  table: ComparisonTable,
  options: ComparisonRenderOptions,
): Promise<Buffer> {
  const heading = comparisonHeading(table, options);
  const note = options.note ?? underlineNote(table);
  const versions = table.columns
    .map((c) => ({ label: c.label, version: versionOf(table, c.side, options) }))
    .filter((v) => v.version !== '')
    .map((v) => `${v.label}：${v.version}`)
    .join(SPACE);

  const header: Paragraph[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: versions === '' && note === '' ? 120 : 40 },
      children: [textRun(heading, { size: 14 })],
    }),
  ];
  if (versions !== '') {
    header.push(new Paragraph({ alignment: AlignmentType.CENTER, children: [textRun(versions)] }));
  }
  if (note !== '') {
    header.push(
      new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { after: 80 }, children: [textRun(note)] }),
    );
  }

  const wordTable = new Table({
    width: { size: TABLE_WIDTH, type: WidthType.DXA },
    columnWidths: [COLUMN_WIDTH, COLUMN_WIDTH],
    layout: TableLayoutType.FIXED,
    borders: {
      top: BORDER,
      bottom: BORDER,
      left: BORDER,
      right: BORDER,
      insideHorizontal: BORDER,
      insideVertical: BORDER,
    },
    rows: [headerRow(table, options), ...table.rows.map(bodyRow)],
  });

  const document = new Document({
    title: heading,
    creator: '協約台帳',
    lastModifiedBy: '協約台帳',
    // A blank (underlined full-width spaces) can end a line: underline it there too.
    compatibility: { underlineTrailingSpaces: true },
    styles: documentStyles(LINE),
    sections: [
      {
        properties: {
          page: {
            size: { width: A4.width, height: A4.height, orientation: PageOrientation.LANDSCAPE },
            margin: { ...MARGIN, header: mm(8), footer: mm(6), gutter: 0 },
          },
        },
        footers: { default: pageNumberFooter() },
        // Word ends a body with a paragraph after a table; keep it 1pt high so it cannot spill onto a
        // page of its own.
        children: [
          ...header,
          wordTable,
          new Paragraph({ run: { size: 2 }, spacing: { line: 20, lineRule: LineRuleType.EXACT } }),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

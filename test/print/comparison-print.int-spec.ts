/**
 * Prints the 新旧対照表 HTML (renderComparisonHtml) of 青森圏域 amendments with headless Chromium,
 * as a PNG screenshot and a PDF (@page A4 landscape honoured), and checks the print: landscape A4
 * pages, each numbered 「n / N」 at its foot (read back from the PDF's text), the labels and a
 * changed word in the text, a Japanese font embedded, and a layout that holds — no cell overflows
 * its column and the table fits the printable width. A deliberately broken stylesheet shows that the
 * layout check does catch an overflow.
 *
 * Needs /usr/bin/chromium (Debian `chromium`) and a Japanese font (`fonts-noto-cjk`); without
 * Chromium the suite is skipped with a warning. To look at the prints, set COMPARISON_PRINT_DIR to a
 * folder: the PNG and PDF files are written there and kept.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  applyAmendment,
  comparisonTable,
  renderComparisonHtml,
  type ComparisonTableOptions,
} from '@kyoyaku/legal-text';
import { agreementDocument, HIRANAI_2021_OPERATIONS, HIRANAI_2026_OPERATIONS } from '../fixtures/aomori';
import { pdfPageTexts } from './pdf-text';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const available = existsSync(CHROMIUM);
if (!available) {
  console.warn(
    `comparison-print.int-spec: SKIPPED — ${CHROMIUM} not found (install Debian chromium and fonts-noto-cjk)`,
  );
}
const describePrint = available ? describe : describe.skip;
const KEEP_DIR = process.env['COMPARISON_PRINT_DIR'] || undefined;

/** A4 landscape in PDF points (1/72 in): 297 x 210 mm. */
const A4_LANDSCAPE = { width: 841.89, height: 595.28 };
/** The printable width at 96 px/in: 297 mm minus the @page margins (12 mm each side). */
const PRINTABLE_WIDTH_PX = Math.floor(((297 - 24) / 25.4) * 96);

const HIRANAI_2019 = agreementDocument('平内町');
const HIRANAI_2021 = applyAmendment(HIRANAI_2019, HIRANAI_2021_OPERATIONS);
const HIRANAI_2027 = applyAmendment(HIRANAI_2021, HIRANAI_2026_OPERATIONS);

function html2021(options: ComparisonTableOptions): string {
  return renderComparisonHtml(comparisonTable(HIRANAI_2019, HIRANAI_2021, options), {
    title: '青森市と平内町との連携中枢都市圏の形成に係る連携協約',
    fromVersion: { kind: 'conclusion', concludedOn: '2019-12-25', effectiveOn: '2019-12-25' },
    toVersion: { kind: 'amendment', concludedOn: '2021-03-25', effectiveOn: '2021-04-01' },
  });
}

interface PdfFacts {
  pages: number;
  /** [width, height] of each page's MediaBox, in points. */
  mediaBoxes: [number, number][];
  fonts: string[];
}

/** What the PDF says about its pages and fonts (Chromium writes page and font dictionaries plainly). */
function pdfFacts(pdf: Buffer): PdfFacts {
  const text = pdf.toString('latin1');
  const mediaBoxes = [
    ...text.matchAll(/\/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/g),
  ].map((m): [number, number] => [Number(m[3]) - Number(m[1]), Number(m[4]) - Number(m[2])]);
  const pages = [...text.matchAll(/\/Type\s*\/Page(?![s\w])/g)].length;
  // Skia embeds a CFF CJK face as Type3 fonts: the name is in the FontDescriptor.
  const fonts = [
    ...new Set([...text.matchAll(/\/(?:BaseFont|FontName)\s*\/([^\s/<>[\]]+)/g)].map((m) => m[1] ?? '')),
  ];
  return { pages, mediaBoxes, fonts };
}

interface Layout {
  tableWidth: number;
  viewportWidth: number;
  overflowingCells: string[];
  text: string;
  headers: string[];
  underlined: string[];
}

// The little of the DOM the page functions use (the project compiles without the DOM library; these
// types are erased, the functions run in the page).
interface PageElement {
  scrollWidth: number;
  clientWidth: number;
  textContent: string | null;
  getBoundingClientRect(): { width: number };
}
interface PageDocument {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
  documentElement: { clientWidth: number };
  body: { innerText: string };
  fonts: { ready: Promise<unknown> };
}

/** In print media at the printable width: the table's width and the cells wider than their column. */
async function layoutOf(page: Page): Promise<Layout> {
  return page.evaluate((): Layout => {
    const doc = (globalThis as unknown as { document: PageDocument }).document;
    const table = doc.querySelector('table.kt-table');
    const texts = (selector: string): string[] =>
      [...doc.querySelectorAll(selector)].map((e) => e.textContent ?? '');
    const overflowingCells = [...doc.querySelectorAll('table.kt-table td, table.kt-table th')]
      .filter((cell) => cell.scrollWidth > cell.clientWidth + 1)
      .map((cell) => `${cell.scrollWidth}>${cell.clientWidth}: ${(cell.textContent ?? '').slice(0, 40)}`);
    return {
      tableWidth: table === null ? Number.POSITIVE_INFINITY : table.getBoundingClientRect().width,
      viewportWidth: doc.documentElement.clientWidth,
      overflowingCells,
      text: doc.body.innerText,
      headers: texts('table.kt-table thead th'),
      underlined: texts('table.kt-table td u'),
    };
  });
}

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describePrint('新旧対照表 printed by headless Chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = KEEP_DIR ?? mkdtempSync(join(tmpdir(), 'comparison-print-'));
    mkdirSync(dir, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 20_000 });
  }, 25_000);

  afterAll(async () => {
    await browser?.close();
    if (KEEP_DIR === undefined && dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  async function printed(html: string, name: string): Promise<{ page: Page; pdf: Buffer; png: Buffer }> {
    const page = await browser.newPage({ viewport: { width: PRINTABLE_WIDTH_PX, height: 800 } });
    await page.emulateMedia({ media: 'print' });
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate(async () => {
      await (globalThis as unknown as { document: PageDocument }).document.fonts.ready;
    });
    const pngPath = join(dir, `${name}.png`);
    const pdfPath = join(dir, `${name}.pdf`);
    await page.screenshot({ path: pngPath, fullPage: true });
    await page.pdf({ path: pdfPath, preferCSSPageSize: true, printBackground: true });
    return { page, pdf: readFileSync(pdfPath), png: readFileSync(pngPath) };
  }

  it('prints the full comparison of 平内町 2021 on several landscape A4 pages, with a layout that holds', async () => {
    const { page, pdf, png } = await printed(html2021({ elideUnchanged: false }), 'hiranai-2021-full');
    try {
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const facts = pdfFacts(pdf);
      expect(facts.pages).toBeGreaterThan(1);
      const [first] = facts.mediaBoxes;
      expect(first).toBeDefined();
      const [width = 0, height = 0] = first ?? [];
      expect(Math.abs(width - A4_LANDSCAPE.width)).toBeLessThan(2);
      expect(Math.abs(height - A4_LANDSCAPE.height)).toBeLessThan(2);
      for (const [w, h] of facts.mediaBoxes) expect(w).toBeGreaterThan(h);
      // A Japanese font is embedded (no tofu): Noto Serif CJK from the stylesheet's font stack, or
      // another CJK face.
      expect(facts.fonts.join(' ')).toMatch(/CJK|Mincho|Gothic|IPA|JP/i);

      expect(statSync(join(dir, 'hiranai-2021-full.png')).size).toBeGreaterThan(20_000);
      const size = pngSize(png);
      expect(size.width).toBeGreaterThanOrEqual(PRINTABLE_WIDTH_PX);
      expect(size.height).toBeGreaterThan(size.width);

      // Every printed page is numbered at its foot: 「1 / 6」 … 「6 / 6」.
      const pages = pdfPageTexts(pdf).map((text) => text.replace(/\s+/g, ''));
      expect(pages).toHaveLength(facts.pages);
      pages.forEach((text, index) => expect(text).toContain(`${index + 1}/${pages.length}`));

      const layout = await layoutOf(page);
      expect(layout.text).toContain('変更後');
      expect(layout.text).toContain('変更前');
      expect(layout.text).toContain('青森市と平内町との連携中枢都市圏の形成に係る連携協約\u3000新旧対照表');
      expect(layout.text).toContain('（傍線部分は変更部分）');
      expect(layout.text).not.toContain('区分');
      expect(layout.text).toContain('平内町は夏泊半島等の観光資源の情報を提供し');
      expect(layout.text).toContain('デジタル化の推進');
      expect(layout.overflowingCells).toEqual([]);
      expect(layout.tableWidth).toBeLessThanOrEqual(layout.viewportWidth + 1);
      // 変更後 is the left column, each named by its date of change and 施行日; changes are underlined.
      expect(layout.headers).toEqual([
        '変更後令和3年3月25日変更（令和3年4月1日施行）',
        '変更前令和元年12月25日締結（令和元年12月25日施行）',
      ]);
      expect(layout.underlined).toContain('デジタル化の推進');
    } finally {
      await page.close();
    }
  }, 20_000);

  it('prints an elided comparison (平内町 2026, 未施行) on one landscape A4 page', async () => {
    const html = renderComparisonHtml(comparisonTable(HIRANAI_2021, HIRANAI_2027, { elideUnchanged: true }), {
      fromEffectiveOn: '2021-04-01',
      toEffectiveOn: '2027-04-01',
    });
    const { page, pdf, png } = await printed(html, 'hiranai-2026');
    try {
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const facts = pdfFacts(pdf);
      expect(facts.pages).toBeGreaterThanOrEqual(1);
      const [width = 0, height = 0] = facts.mediaBoxes[0] ?? [];
      expect(Math.abs(width - A4_LANDSCAPE.width)).toBeLessThan(2);
      expect(Math.abs(height - A4_LANDSCAPE.height)).toBeLessThan(2);
      expect(png.length).toBeGreaterThan(5_000);
      expect(pdfPageTexts(pdf)[0]?.replace(/\s+/g, '')).toContain(`1/${facts.pages}`);
      const layout = await layoutOf(page);
      expect(layout.text).toContain('変更後');
      expect(layout.text).toContain('変更前');
      expect(layout.text).toContain('前項の協議は、毎年度1回以上行うものとする。');
      expect(layout.text).toContain('（新設）');
      expect(layout.overflowingCells).toEqual([]);
      expect(layout.tableWidth).toBeLessThanOrEqual(layout.viewportWidth + 1);
    } finally {
      await page.close();
    }
  }, 20_000);

  it('catches a layout that breaks (negative control: lines that may not wrap overflow their cells)', async () => {
    const broken = html2021({ elideUnchanged: true }).replace(
      '</style>',
      '.kt-line { white-space: pre; overflow-wrap: normal; word-break: keep-all; }\n</style>',
    );
    const page = await browser.newPage({ viewport: { width: PRINTABLE_WIDTH_PX, height: 800 } });
    try {
      await page.emulateMedia({ media: 'print' });
      await page.setContent(broken, { waitUntil: 'load' });
      const layout = await layoutOf(page);
      expect(layout.overflowingCells.length).toBeGreaterThan(0);
    } finally {
      await page.close();
    }
  }, 20_000);
});

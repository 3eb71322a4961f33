/**
 * renderComparisonDocx: the DOCX is unzipped and its WordprocessingML read back — a real <w:tbl>
 * with the labelled header row, one Word row per model row, single-underlined runs for exactly the
 * changed words, A4 landscape, a Japanese font. When LibreOffice happens to be installed, the file
 * is also converted to PDF (it must open); otherwise that check is skipped with a notice.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import JSZip from 'jszip';
import {
  applyAmendment,
  comparisonTable,
  type AgreementDocument,
  type AmendmentOperation,
  type ComparisonRenderOptions,
  type ComparisonTable,
} from '@kyoyaku/legal-text';
import {
  agreementDocument,
  HIRANAI_2021_OPERATIONS,
  HIRANAI_2026_OPERATIONS,
  PURPOSE_ENDING,
  SEED_PURPOSE,
} from '../../../../test/fixtures/aomori';
import { pdfPageTexts } from '../../../../test/print/pdf-text';
import { renderComparisonDocx } from './comparison-docx';

const SPACE = '\u3000';

// ——— reading WordprocessingML back (the parts docx writes: no nested tables, bare <w:r>/<w:tr>) ———

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

const all = (xml: string, pattern: RegExp): string[] => xml.match(pattern) ?? [];
const tables = (xml: string): string[] => all(xml, /<w:tbl>[\s\S]*?<\/w:tbl>/g);
const rowsOf = (xml: string): string[] => all(xml, /<w:tr>[\s\S]*?<\/w:tr>/g);
const cellsOf = (xml: string): string[] => all(xml, /<w:tc>[\s\S]*?<\/w:tc>/g);
const paragraphsOf = (xml: string): string[] => all(xml, /<w:p(?:\/>|>[\s\S]*?<\/w:p>)/g);
const runsOf = (xml: string): string[] => all(xml, /<w:r>[\s\S]*?<\/w:r>/g);
const textOf = (xml: string): string =>
  all(xml, /<w:t(?: [^>]*)?>[^<]*<\/w:t>/g)
    .map((t) => decodeXml(t.replace(/^<w:t[^>]*>/, '').replace(/<\/w:t>$/, '')))
    .join('');
const isUnderlined = (run: string): boolean => run.includes('<w:u w:val="single"/>');
const underlinedTexts = (xml: string): string[] => runsOf(xml).filter(isUnderlined).map(textOf);

/** Tags balance (a cheap well-formedness check of every XML part). */
function assertBalanced(name: string, xml: string): void {
  const stack: string[] = [];
  for (const [tag] of xml.matchAll(/<\/?[A-Za-z][^>]*?\/?>/g)) {
    if (tag.endsWith('/>')) continue;
    const tagName = /^<\/?([^\s/>]+)/.exec(tag)?.[1] ?? '';
    if (tag.startsWith('</')) {
      const open = stack.pop();
      if (open !== tagName) throw new Error(`${name}: </${tagName}> closes <${open ?? '(nothing)'}>`);
    } else {
      stack.push(tagName);
    }
  }
  if (stack.length > 0) throw new Error(`${name}: unclosed ${stack.join(', ')}`);
}

interface Unpacked {
  zip: JSZip;
  document: string;
  styles: string;
}

async function unpack(buffer: Buffer): Promise<Unpacked> {
  const zip = await JSZip.loadAsync(buffer);
  const read = async (name: string): Promise<string> => {
    const file = zip.file(name);
    if (file === null) throw new Error(`${name} missing from the DOCX`);
    return file.async('string');
  };
  return { zip, document: await read('word/document.xml'), styles: await read('word/styles.xml') };
}

/** The model's underlined texts, in document order. */
function modelUnderlined(table: ComparisonTable): string[] {
  return table.rows.flatMap((row) =>
    row.cells.flatMap((cell) =>
      cell.lines.flatMap((line) => line.runs.filter((run) => run.underline).map((run) => run.text)),
    ),
  );
}

function findExecutable(...names: string[]): string | undefined {
  const dirs = (process.env['PATH'] ?? '').split(delimiter).filter((d) => d !== '');
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

// ——— fixtures ———

const hiranai2019 = agreementDocument('平内町');
const hiranai2021 = applyAmendment(hiranai2019, HIRANAI_2021_OPERATIONS);
const OPTIONS: ComparisonRenderOptions = {
  title: '青森市と平内町との連携中枢都市圏の形成に係る連携協約',
  fromVersion: { kind: 'conclusion', concludedOn: '2019-12-25', effectiveOn: '2019-12-25' },
  toVersion: { kind: 'amendment', concludedOn: '2021-03-25', effectiveOn: '2021-04-01' },
};
const FROM = '令和元年12月25日締結（令和元年12月25日施行）';
const TO = '令和3年3月25日変更（令和3年4月1日施行）';

describe('renderComparisonDocx', () => {
  const table = comparisonTable(hiranai2019, hiranai2021);
  let unpacked: Unpacked;
  let buffer: Buffer;

  beforeAll(async () => {
    buffer = await renderComparisonDocx(table, OPTIONS);
    unpacked = await unpack(buffer);
  });

  it('is a zip package whose XML parts are well formed', async () => {
    expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK');
    const names = Object.keys(unpacked.zip.files).filter((n) => /\.(xml|rels)$/.test(n));
    expect(names).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml']));
    for (const name of names) {
      const file = unpacked.zip.file(name);
      if (file === null) throw new Error(name);
      assertBalanced(name, await file.async('string'));
    }
  });

  it('is one A4 landscape section', () => {
    const pgSz = all(unpacked.document, /<w:pgSz [^>]*\/>/g);
    expect(pgSz).toHaveLength(1);
    const [size = ''] = pgSz;
    expect(size).toContain('w:orient="landscape"');
    const width = Number(/w:w="(\d+)"/.exec(size)?.[1]);
    const height = Number(/w:h="(\d+)"/.exec(size)?.[1]);
    expect(width).toBeGreaterThan(height);
    // A4: 297 x 210 mm = 16838 x 11906 twips.
    expect(Math.abs(width - 16838)).toBeLessThanOrEqual(2);
    expect(Math.abs(height - 11906)).toBeLessThanOrEqual(2);
  });

  it('numbers the pages at their foot: 「1 / 3」 from the PAGE and NUMPAGES fields', async () => {
    expect(all(unpacked.document, /<w:footerReference [^>]*\/>/g)).toHaveLength(1);
    const name = Object.keys(unpacked.zip.files).find((n) => /^word\/footer\d*\.xml$/.test(n));
    const file = name === undefined ? null : unpacked.zip.file(name);
    if (file === null) throw new Error('no footer part in the DOCX');
    const footer = await file.async('string');
    const fields = all(footer, /<w:instrText[^>]*>[^<]*<\/w:instrText>/g).map((f) =>
      f.replace(/<[^>]+>/g, '').trim(),
    );
    expect(fields).toEqual(['PAGE', 'NUMPAGES']);
    expect(textOf(footer)).toBe(' / ');
  });

  it('opens with the title and both versions with their 施行日 in 和暦', () => {
    const before = unpacked.document.slice(0, unpacked.document.indexOf('<w:tbl>'));
    const header = paragraphsOf(before).map(textOf);
    expect(header).toEqual([
      `青森市と平内町との連携中枢都市圏の形成に係る連携協約${SPACE}新旧対照表`,
      `変更後：${TO}${SPACE}変更前：${FROM}`,
      '（傍線部分は変更部分）',
    ]);
  });

  it('is a real Word table: a repeated header row with 変更後 | 変更前, then one row per table row', () => {
    const found = tables(unpacked.document);
    expect(found).toHaveLength(1);
    const [tbl = ''] = found;
    expect(all(tbl, /<w:gridCol [^>]*\/>/g)).toHaveLength(2);
    const rows = rowsOf(tbl);
    expect(rows).toHaveLength(table.rows.length + 1);
    const [head = '', ...body] = rows;
    expect(head).toContain('<w:tblHeader/>');
    const headCells = cellsOf(head).map((c) => paragraphsOf(c).map(textOf));
    expect(headCells).toEqual([
      ['変更後', TO],
      ['変更前', FROM],
    ]);
    body.forEach((row, index) => {
      const cells = cellsOf(row);
      expect(cells).toHaveLength(2);
      // One paragraph per model line, same text.
      const model = table.rows[index]?.cells.map((c) =>
        c.lines.map((l) => l.runs.map((r) => r.text).join('')),
      );
      expect(cells.map((c) => paragraphsOf(c).map(textOf))).toEqual(model);
    });
  });

  it('underlines exactly the changed words (single underline), nothing else', () => {
    const underlined = underlinedTexts(unpacked.document);
    expect(underlined).toEqual(modelUnderlined(table));
    expect(underlined).toEqual(
      expect.arrayContaining([
        '情報発信、広域観光周遊ルートの形成等',
        '情報発信等',
        // The whole role: the one it replaces (「中心的な役割を担う。」) shares no word with it.
        '青森市は圏域の観光情報を一元的に発信し、広域観光周遊ルートの形成を主導する',
        '平内町は夏泊半島等の観光資源の情報を提供し、周遊ルートの形成に参加する',
        '(16)',
        'デジタル化の推進',
      ]),
    );
    expect(all(unpacked.document, /<w:u [^>]*\/>/g).every((u) => u === '<w:u w:val="single"/>')).toBe(true);
    // Unchanged words of a changed measure are not underlined.
    expect(underlined.join('|')).not.toContain('戦略的な観光施策の展開');
  });

  it('prints an unchanged provision in full, in both columns, not underlined', () => {
    const purpose = SEED_PURPOSE + PURPOSE_ENDING;
    const runs = runsOf(unpacked.document).filter((r) => textOf(r) === purpose);
    expect(runs).toHaveLength(2);
    expect(runs.some(isUnderlined)).toBe(false);
    const row = rowsOf(unpacked.document).find((r) => r.includes(purpose)) ?? '';
    const expected = ['（目的）', `第1条${SPACE}${purpose}`];
    expect(cellsOf(row).map((c) => paragraphsOf(c).map(textOf))).toEqual([expected, expected]);
  });

  it('sets a Japanese font (eastAsia) and Japanese language by default and on the runs', () => {
    const defaults = /<w:docDefaults>[\s\S]*<\/w:docDefaults>/.exec(unpacked.styles)?.[0] ?? '';
    expect(defaults).toMatch(/<w:rFonts [^>]*w:eastAsia="MS Mincho"/);
    expect(defaults).toContain('w:eastAsia="ja-JP"');
    expect(runsOf(unpacked.document).every((r) => /<w:rFonts [^>]*w:eastAsia="MS Mincho"/.test(r))).toBe(
      true,
    );
  });

  it("puts 変更前 first with order 'old-new'", async () => {
    const reversed = comparisonTable(hiranai2019, hiranai2021, { order: 'old-new' });
    const { document } = await unpack(await renderComparisonDocx(reversed, OPTIONS));
    const [head = ''] = rowsOf(document);
    expect(cellsOf(head).map((c) => paragraphsOf(c).map(textOf))).toEqual([
      ['変更前', FROM],
      ['変更後', TO],
    ]);
    const header = paragraphsOf(document.slice(0, document.indexOf('<w:tbl>'))).map(textOf);
    expect(header[1]).toBe(`変更前：${FROM}${SPACE}変更後：${TO}`);
    // The changed measure's new text is now in the second column.
    const row = rowsOf(document).find((r) => r.includes('デジタル化の推進')) ?? '';
    const [oldCell = '', newCell = ''] = cellsOf(row);
    expect(textOf(oldCell)).toBe('（新設）');
    expect(underlinedTexts(newCell)).toContain('デジタル化の推進');
  });

  it('writes blanks, 「（新設）」「（削る）」「（略）」 and 和暦 in kanji numerals as the model gives them', async () => {
    const operations: AmendmentOperation[] = [
      ...HIRANAI_2026_OPERATIONS,
      {
        op: 'replaceWords',
        target: { kind: 'provision', path: { article: '4', paragraph: 1 } },
        from: '相互に',
        to: '',
      },
      { op: 'removeMeasure', id: 'm15' },
    ];
    const before: AgreementDocument = hiranai2021;
    const after = applyAmendment(before, operations);
    const kanji = comparisonTable(before, after, { elideUnchanged: true, style: 'kanji' });
    const { document } = await unpack(
      await renderComparisonDocx(kanji, { fromEffectiveOn: '2021-04-01', toEffectiveOn: '2027-04-01' }),
    );
    const header = paragraphsOf(document.slice(0, document.indexOf('<w:tbl>'))).map(textOf);
    expect(header[1]).toBe(`変更後：令和九年四月一日施行${SPACE}変更前：令和三年四月一日施行`);

    const texts = paragraphsOf(document).map(textOf);
    expect(texts).toEqual(expect.arrayContaining(['（新設）', '（削る）']));
    expect(texts.some((t) => t.includes('（略）'))).toBe(true);
    // 「相互に」 deleted: an underlined blank of three full-width spaces on the 変更後 side.
    const underlined = underlinedTexts(document);
    expect(underlined).toContain(SPACE.repeat(3));
    expect(underlined).toContain('相互に');
    expect(underlined).toEqual(modelUnderlined(kanji));
    // The model's blanks, each as one underlined run.
    const blanks = kanji.rows.flatMap((r) =>
      r.cells.flatMap((c) => c.lines.flatMap((l) => l.runs.filter((run) => run.blank === true))),
    );
    expect(blanks.length).toBeGreaterThan(0);
  });

  it('escapes markup and drops characters XML cannot carry', async () => {
    const table: ComparisonTable = {
      order: 'new-old',
      style: 'municipal',
      elideUnchanged: false,
      term: '変更',
      underlines: 'word-diff',
      documentTitle: 'A&B <協約>',
      columns: [
        { side: 'new', label: '変更後' },
        { side: 'old', label: '変更前' },
      ],
      rows: [
        {
          key: 'preamble',
          kind: 'preamble',
          status: 'changed',
          cells: [
            {
              side: 'new',
              lines: [{ indent: 1, hanging: false, runs: [{ text: '甲\u0001<乙>&"丙"', underline: true }] }],
            },
            { side: 'old', lines: [] },
          ],
        },
      ],
    };
    const { document } = await unpack(await renderComparisonDocx(table, {}));
    assertBalanced('word/document.xml', document);
    expect(underlinedTexts(document)).toEqual(['甲<乙>&"丙"']);
    expect(paragraphsOf(document).map(textOf)[0]).toBe(`A&B <協約>${SPACE}新旧対照表`);
    // An empty cell still holds a paragraph (Word requires one).
    const [, row = ''] = rowsOf(document);
    expect(cellsOf(row).map((c) => paragraphsOf(c).length)).toEqual([1, 1]);
  });

  describe('LibreOffice (only when installed)', () => {
    const soffice = findExecutable('soffice', 'libreoffice');
    if (soffice === undefined) {
      console.warn(
        'SKIPPED: the DOCX-to-PDF check needs LibreOffice (soffice), which is not installed here.',
      );
      it.skip('converts to PDF (soffice not installed)', () => undefined);
      return;
    }
    it('converts to PDF', () => {
      const dir = mkdtempSync(join(tmpdir(), 'comparison-docx-'));
      try {
        const input = join(dir, 'comparison.docx');
        writeFileSync(input, buffer);
        execFileSync(
          soffice,
          [
            `-env:UserInstallation=file://${join(dir, 'profile')}`,
            '--headless',
            '--convert-to',
            'pdf',
            '--outdir',
            dir,
            input,
          ],
          { timeout: 120_000, stdio: 'pipe' },
        );
        const pdf = readFileSync(join(dir, 'comparison.pdf'));
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
        expect(Number(box?.[1])).toBeGreaterThan(Number(box?.[2]));
        // Printed, every page carries its number and the count: 「1 / 3」 … 「3 / 3」.
        const pages = pdfPageTexts(pdf).map((text) => text.replace(/\s+/g, ''));
        expect(pages.length).toBeGreaterThan(1);
        pages.forEach((text, index) => expect(text).toContain(`${index + 1}/${pages.length}`));
        expect(pages[0]).toContain('新旧対照表');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 150_000);
  });
});

/**
 * renderPrintedTextDocx (the 改め文 and the 廃止協約 as DOCX): the title and one paragraph per line,
 * and the pages numbered at their foot like the 新旧対照表's. When LibreOffice is installed, the file
 * is printed to PDF and every page is checked for 「n / N」; otherwise that check is skipped with a
 * notice.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import JSZip from 'jszip';
import { amendingText, type PrintedText } from '@kyoyaku/legal-text';
import { agreementDocument, HIRANAI_2021_OPERATIONS } from '../../../../test/fixtures/aomori';
import { pdfPageTexts } from '../../../../test/print/pdf-text';
import { renderPrintedTextDocx } from './printed-text-docx';

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

const amending = amendingText(agreementDocument('平内町'), HIRANAI_2021_OPERATIONS, {
  effectiveOn: '2021-04-01',
  style: 'municipal',
});
// Long enough for two pages of A4 portrait: the 改め文 three times over.
const lines = [amending.title, ...[1, 2, 3].flatMap(() => amending.lines.slice(1))];
const LONG: PrintedText = { title: amending.title, lines, text: `${lines.join('\n')}\n` };

describe('renderPrintedTextDocx', () => {
  let buffer: Buffer;
  let zip: JSZip;

  beforeAll(async () => {
    buffer = await renderPrintedTextDocx(LONG);
    zip = await JSZip.loadAsync(buffer);
  });

  it('numbers the pages at their foot: 「1 / 2」 from the PAGE and NUMPAGES fields', async () => {
    const document = (await zip.file('word/document.xml')?.async('string')) ?? '';
    expect(document.match(/<w:footerReference [^>]*\/>/g) ?? []).toHaveLength(1);
    const name = Object.keys(zip.files).find((n) => /^word\/footer\d*\.xml$/.test(n));
    const footer = (name === undefined ? undefined : await zip.file(name)?.async('string')) ?? '';
    const fields = (footer.match(/<w:instrText[^>]*>[^<]*<\/w:instrText>/g) ?? []).map((f) =>
      f.replace(/<[^>]+>/g, '').trim(),
    );
    expect(fields).toEqual(['PAGE', 'NUMPAGES']);
  });

  describe('LibreOffice (only when installed)', () => {
    const soffice = findExecutable('soffice', 'libreoffice');
    if (soffice === undefined) {
      console.warn(
        'SKIPPED: the printed-text DOCX-to-PDF check needs LibreOffice (soffice), which is not installed here.',
      );
      it.skip('prints page numbers (soffice not installed)', () => undefined);
      return;
    }
    it('prints 「n / N」 at the foot of every page', () => {
      const dir = mkdtempSync(join(tmpdir(), 'printed-text-docx-'));
      try {
        const input = join(dir, 'amending.docx');
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
        const pages = pdfPageTexts(readFileSync(join(dir, 'amending.pdf'))).map((t) => t.replace(/\s+/g, ''));
        expect(pages.length).toBeGreaterThan(1);
        pages.forEach((text, index) => expect(text).toContain(`${index + 1}/${pages.length}`));
        expect(pages[0]).toContain(amending.title.replace(/\s+/g, ''));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 150_000);
  });
});

/**
 * A text drafted for the councils (an 改め文, a 廃止協約) as a Word document (DOCX), from the same
 * lines as its plain-text and HTML forms: A4 portrait, the title on its own paragraph, then one
 * paragraph per line with its leading full-width spaces kept, the Mincho font of the 新旧対照表, and
 * the pages numbered 「1 / 2」 at their foot as the 新旧対照表's are.
 */
import { Document, Packer, Paragraph } from 'docx';
import type { PrintedText } from '@kyoyaku/legal-text';
import { documentStyles, pageNumberFooter, textRun } from './comparison-docx';

// docx lengths are twentieths of a point (twips); font sizes half-points.
const TWIPS_PER_MM = 1440 / 25.4;
const mm = (value: number): number => Math.round(value * TWIPS_PER_MM);
const BODY_PT = 10.5;
const LINE = 360;

export async function renderPrintedTextDocx(printed: PrintedText): Promise<Buffer> {
  const [, ...body] = printed.lines;
  const document = new Document({
    title: printed.title,
    creator: '協約台帳',
    lastModifiedBy: '協約台帳',
    styles: documentStyles(LINE),
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(210), height: mm(297) },
            margin: {
              top: mm(25),
              right: mm(20),
              bottom: mm(25),
              left: mm(20),
              header: mm(10),
              footer: mm(10),
              gutter: 0,
            },
          },
        },
        footers: { default: pageNumberFooter() },
        children: [
          new Paragraph({
            spacing: { after: 240 },
            indent: { left: 3 * BODY_PT * 20 },
            children: [textRun(printed.title, { size: 12 })],
          }),
          ...body.map((line) => new Paragraph({ children: line === '' ? [] : [textRun(line)] })),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

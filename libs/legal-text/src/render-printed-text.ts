/**
 * A text drafted for the councils (an 改め文, a 廃止協約) as a printable HTML page: A4 portrait, the
 * same Japanese serif font stack as the 新旧対照表, the title on its own line, then one paragraph per
 * line with its leading full-width spaces kept (the indentation of 前文, 附則 and signatures), a blank
 * line as a gap. All text is escaped.
 */
import type { PrintedText } from './instrument';
import { escapeHtml } from './comparison/render-comparison';

const STYLE = `
@page { size: A4 portrait; margin: 25mm 20mm; }
html { font-family: "Noto Serif CJK JP", "Noto Serif JP", "IPAmincho", "IPA明朝", "IPAexMincho", "Yu Mincho", "Hiragino Mincho ProN", serif; font-size: 10.5pt; line-height: 1.9; color: #000; background: #fff; }
body { margin: 0; }
h1.kt-title { font-size: 12pt; font-weight: normal; margin: 0 0 1em; padding-left: 3em; }
.kt-line { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.kt-gap { margin: 0; height: 1em; }
`.trim();

export function renderPrintedTextHtml(printed: PrintedText): string {
  const [, ...body] = printed.lines;
  const paragraphs = body.map((line) =>
    line === '' ? '<p class="kt-gap"></p>' : `<p class="kt-line">${escapeHtml(line)}</p>`,
  );
  return [
    '<!DOCTYPE html>',
    '<html lang="ja">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(printed.title)}</title>`,
    `<style>\n${STYLE}\n</style>`,
    '</head>',
    '<body>',
    `<h1 class="kt-title">${escapeHtml(printed.title)}</h1>`,
    ...paragraphs,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

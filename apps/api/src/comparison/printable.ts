/**
 * The printable forms of the documents legal staff take to the councils — a 新旧対照表 and a text
 * (改め文, 廃止協約, a proposed text) — chosen by Accept: text/plain, text/html (print) or DOCX. JSON,
 * the structured form, stays with each route.
 */
import {
  type ComparisonRenderOptions,
  type ComparisonTable,
  type PrintedText,
  renderComparisonHtml,
  renderComparisonText,
  renderPrintedTextHtml,
} from '@kyoyaku/legal-text';
import type { FastifyReply } from 'fastify';
import { negotiate } from '../http/content-negotiation';
import { renderComparisonDocx } from './comparison-docx';
import { renderPrintedTextDocx } from './printed-text-docx';

export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PRINTABLE_TYPES = ['application/json', 'text/plain', 'text/html', DOCX_MEDIA_TYPE] as const;

export type Printable =
  | { kind: 'text'; printed: PrintedText }
  | { kind: 'comparison'; table: ComparisonTable; render: ComparisonRenderOptions };

/**
 * The printable form Accept asks for, with its content type (and a file name for DOCX) set on the
 * reply; undefined when the client wants JSON (or names none of the forms).
 */
export async function printedAs(
  accept: string | undefined,
  reply: FastifyReply,
  printable: Printable,
  fileName: string,
): Promise<string | Buffer | undefined> {
  const as = negotiate(reply, accept, PRINTABLE_TYPES, 'application/json');
  if (as === 'application/json') return undefined;
  if (as === DOCX_MEDIA_TYPE) {
    void reply
      .header('content-type', DOCX_MEDIA_TYPE)
      .header('content-disposition', `attachment; filename="${fileName}.docx"`);
    return printable.kind === 'text'
      ? renderPrintedTextDocx(printable.printed)
      : renderComparisonDocx(printable.table, printable.render);
  }
  void reply.header('content-type', `${as}; charset=utf-8`);
  if (printable.kind === 'text') {
    return as === 'text/html' ? renderPrintedTextHtml(printable.printed) : printable.printed.text;
  }
  return as === 'text/html'
    ? renderComparisonHtml(printable.table, printable.render)
    : renderComparisonText(printable.table, printable.render);
}

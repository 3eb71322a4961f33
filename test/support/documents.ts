import JSZip from 'jszip';
import type { AgreementApi } from './agreement-api';

/** The media type of a Word document. */
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A GET answered as bytes (supertest buffers text only). */
export function getBytes(api: AgreementApi, path: string, accept: string) {
  return api
    .get(path)
    .set('accept', accept)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

/** The paragraphs of a DOCX body, each as its text (<w:t> runs joined). */
export async function docxParagraphs(buffer: Buffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(buffer);
  const xml = await zip.file('word/document.xml')?.async('string');
  if (xml === undefined) throw new Error('no word/document.xml');
  return (xml.match(/<w:p(?:\/>|>[\s\S]*?<\/w:p>)/g) ?? []).map((p) =>
    (p.match(/<w:t(?: [^>]*)?>[^<]*<\/w:t>/g) ?? [])
      .map((t) => t.replace(/^<w:t[^>]*>/, '').replace(/<\/w:t>$/, ''))
      .join(''),
  );
}

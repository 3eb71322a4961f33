import fc from 'fast-check';
import { documentArb } from '../testing/document.arbitraries';
import { buildSampleDocument } from '../testing/sample-document';
import type { AgreementDocument } from './document.model';
import { measuresInTableOrder } from './measure';
import { renderConsolidatedText } from './consolidated-text';
import { readDocumentText } from './read-document-text';
import { renderDocument, type RenderStyle } from './render';

/** What reading the print gives back: the rows in table order (the print's order), the style noted. */
function asPrinted(doc: AgreementDocument, style: RenderStyle): AgreementDocument {
  const { style: _ignored, ...rest } = doc;
  return { ...rest, ...(style === 'kanji' ? { style } : {}), measures: measuresInTableOrder(doc.measures) };
}

describe('readDocumentText (a printed agreement read back)', () => {
  it.each<RenderStyle>(['municipal', 'kanji'])('reads back every document it prints (%s)', (style) => {
    fc.assert(
      fc.property(documentArb, (doc) => {
        const read = readDocumentText(renderDocument(doc, style), { base: doc });
        expect(read).toMatchObject({ ok: true });
        if (read.ok) expect(read.document).toEqual(asPrinted(doc, style));
      }),
      { numRuns: 300 },
    );
  });

  it('reads the sample agreement in both styles, detecting the style from its article numbers', () => {
    const doc = buildSampleDocument();
    for (const style of ['municipal', 'kanji'] as const) {
      const read = readDocumentText(renderDocument(doc, style), { base: doc });
      expect(read.ok && read.document).toEqual(asPrinted(doc, style));
    }
  });

  it('sets aside the 告示 line and the 附則 of amendments, which are history, not text', () => {
    const doc = buildSampleDocument();
    const [title = '', ...rest] = renderDocument(doc, 'municipal').split('\n');
    const printed = [
      title,
      '令和元年12月25日　青森市告示第600号',
      ...rest,
      '附　則（令和3年3月25日青森市告示第210号）',
      '　この協約は、令和3年4月1日から施行する。',
      '',
    ].join('\n');
    const read = readDocumentText(printed, { base: doc });
    expect(read.ok && read.document).toEqual(asPrinted(doc, 'municipal'));
    expect(read.ok && read.setAside.map((l) => l.text)).toEqual([
      '令和元年12月25日　青森市告示第600号',
      '附　則（令和3年3月25日青森市告示第210号）',
      '　この協約は、令和3年4月1日から施行する。',
    ]);
  });

  it.each<RenderStyle>(['municipal', 'kanji'])(
    'reads the text in 例規集 form the API prints (%s), setting its history aside',
    (style) => {
      const doc = buildSampleDocument();
      const printed = renderConsolidatedText(
        doc,
        {
          enactedOn: '2019-12-25',
          notice: { noticeNumber: '青森市告示第600号', publishedOn: '2019-12-25' },
          amendments: [
            {
              concludedOn: '2022-06-30',
              notice: { noticeNumber: '青森市告示第330号', publishedOn: '2022-06-30' },
              clause: { kind: 'retroactive', appliesFrom: '2022-04-01' },
            },
          ],
        },
        style,
      );
      const read = readDocumentText(printed, { base: doc });
      expect(read.ok && read.document).toEqual(asPrinted(doc, style));
      expect(read.ok && read.setAside.length).toBe(3);
    },
  );

  it('gives a row the base id by name when rows moved, and a new id to a new row', () => {
    const doc = buildSampleDocument();
    const [first, ...others] = measuresInTableOrder(doc.measures);
    if (!first) throw new Error('sample has measures');
    const edited: AgreementDocument = {
      ...doc,
      measures: [...others, first, { ...first, id: 'unseen', name: '新しい施策' }],
    };
    const read = readDocumentText(renderDocument(edited, 'municipal'), { base: doc });
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    const ids = read.document.measures.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(read.document.measures.find((m) => m.name === first.name)?.id).toBe(first.id);
    expect(
      doc.measures.some((m) => m.id === read.document.measures.find((r) => r.name === '新しい施策')?.id),
    ).toBe(false);
  });

  it('names the line it cannot read and what it expected', () => {
    const printed = renderDocument(buildSampleDocument(), 'municipal').replace('\n2　', '\n3　');
    const read = readDocumentText(printed);
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.problems[0]?.reason).toContain('項の番号が続いていません');
      expect(read.problems[0]?.text.startsWith('3　')).toBe(true);
      expect(read.problems[0]?.line).toBeGreaterThan(1);
    }
  });
});

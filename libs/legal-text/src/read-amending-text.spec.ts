import fc from 'fast-check';
import { applicable } from '../testing/comparison.helpers';
import { draftingOperationArb } from '../testing/amending.arbitraries';
import { documentArb } from '../testing/document.arbitraries';
import { buildSampleDocument } from '../testing/sample-document';
import { applyAmendment, type AmendmentOperation } from './amendment';
import { amendingText } from './comparison/amending-text';
import type { AgreementDocument, Item } from './document.model';
import { readAmendingText } from './read-amending-text';
import { renderDocument, type RenderStyle } from './render';

function roundTrip(base: AgreementDocument, ops: AmendmentOperation[], style: RenderStyle): void {
  const written = amendingText(base, ops, { effectiveOn: '2027-04-01', style });
  const read = readAmendingText({ ...base, ...(style === 'kanji' ? { style } : {}) }, written.text);
  if (!read.ok) throw new Error(`${read.problem.reason}: ${read.problem.sentence}\n${written.text}`);
  // The same text: measures' ids are not printed, so a row added or moved by a whole-table rewrite
  // gets an id of its own.
  const expected = applyAmendment(base, ops);
  expect(renderDocument(read.document, 'municipal')).toBe(renderDocument(expected, 'municipal'));
  expect(read.document.articles).toEqual(expected.articles);
}

/** A document and operations against it, renumbering 削る among them. */
const documentWithOperationsArb = documentArb.chain((doc) =>
  fc.tuple(fc.constant(doc), fc.array(draftingOperationArb(doc), { minLength: 1, maxLength: 4 })),
);

describe('readAmendingText (a 改め文 read back into operations)', () => {
  const doc = buildSampleDocument();

  it('reads words changed, several in one provision, with 同条', () => {
    const text = [
      '連携中枢都市圏の形成に係る連携協約の一部を変更する協約',
      '　連携中枢都市圏の形成に係る連携協約の一部を次のように変更する。',
      '　第4条の見出し中「費用分担」を「経費の分担」に改め、同条第1項中「相互に」を削り、「協力」を「協働」に改め、同条第2項中「別途」を「別に」に改める。',
      '',
      '附　則',
      '　この協約は、締結の日から施行し、令和4年4月1日から適用する。',
    ].join('\n');
    const read = readAmendingText(doc, text);
    expect(read).toMatchObject({ ok: true, effect: { kind: 'retroactive', appliesFrom: '2022-04-01' } });
    if (read.ok) {
      expect(read.operations).toHaveLength(4);
      expect(read.document.articles.find((a) => a.number === '4')?.caption).toBe(
        '事務執行にあたっての連携、協力及び経費の分担',
      );
    }
  });

  it('quotes the sentence it cannot apply and says why', () => {
    const read = readAmendingText(doc, '　第7条中「定期的に」を「毎年度1回以上」に改める。');
    expect(read).toEqual({
      ok: false,
      problem: expect.objectContaining({
        sentence: '第7条中「定期的に」を「毎年度1回以上」に改める。',
        line: 1,
      }) as unknown,
    });
    if (!read.ok) expect(read.problem.reason).toContain('第7条');
    const missing = readAmendingText(doc, '　第5条中「毎月」を「毎年度1回以上」に改める。');
    expect(!missing.ok && missing.problem.reason).toContain('「毎月」が見つかりません');
  });

  it('refuses a 和暦 date that does not exist in the 附則', () => {
    const read = readAmendingText(
      doc,
      '　第5条中「定期的に」を「毎年度」に改める。\n\n附　則\n　この協約は、令和元年4月30日から施行する。',
    );
    expect(!read.ok && read.problem.reason).toContain('令和は令和元年5月1日から');
  });

  it('reads the 附則 heading as typed (indented, or 附則 without the space)', () => {
    for (const heading of ['　　　附　則', '附則', '　　附　則　']) {
      const read = readAmendingText(
        doc,
        `\u3000第5条中「定期的に」を「毎年度」に改める。\n${heading}\n\u3000この協約は、令和9年4月1日から施行する。`,
      );
      expect(read).toMatchObject({ ok: true, effect: { kind: 'on-date', effectiveOn: '2027-04-01' } });
    }
  });

  it('refuses a 附則 sentence about taking effect that it cannot read, quoting it', () => {
    const read = readAmendingText(
      doc,
      '　第5条中「定期的に」を「毎年度」に改める。\n\n附　則\n　この協約は、来年度から施行する。',
    );
    expect(read).toMatchObject({ ok: false, problem: { sentence: '　この協約は、来年度から施行する。' } });
  });

  it.each<RenderStyle>(['municipal', 'kanji'])(
    'reads 細分 renumbered after one taken out: 第2条第1号アを削り、同号イを同号アとする (%s)',
    (style) => {
      const item = (number: string, text: string, subItems: Item[] = []): Item => ({
        number,
        text,
        subItems,
      });
      const base: AgreementDocument = {
        ...doc,
        articles: [
          ...doc.articles.filter((a) => a.number === '1'),
          {
            number: '2',
            caption: '',
            paragraphs: [
              {
                number: 1,
                text: '次に掲げる事務',
                items: [item('1', '企画', [item('1', '調査'), item('2', '立案'), item('3', '調整')])],
              },
            ],
            deleted: false,
          },
        ],
      };
      roundTrip(
        base,
        [
          {
            op: 'deleteProvision',
            path: { article: '2', paragraph: 1, item: '1', subItem: '1' },
            leaveDeletedMarker: false,
            renumberFollowing: true,
          },
        ],
        style,
      );
    },
  );

  it.each<RenderStyle>(['municipal', 'kanji'])(
    'round-trips every generated amendment: written, read back, the same text (%s)',
    (style) => {
      fc.assert(
        fc.property(documentWithOperationsArb, ([base, ops]) => {
          const { ops: kept } = applicable(base, ops);
          fc.pre(kept.length > 0);
          roundTrip(base, kept, style);
        }),
        { numRuns: style === 'municipal' ? 500 : 200 },
      );
    },
  );
});

import fc from 'fast-check';
import {
  AmendmentError,
  applyAmendment,
  type AgreementDocument,
  type AmendmentOperation,
} from '@kyoyaku/legal-text';
import { buildSampleDocument, documentWithOperationsArb } from '@kyoyaku/legal-text/testing';
// The generators of documents and operations that legal-text's own property tests use.
import { citedTextIn, operationTouchesCitation, resolveCitation } from './doubt-citation';
import type { CitationInput } from './doubt.types';

function withItems(): AgreementDocument {
  const doc = buildSampleDocument();
  const article = doc.articles.find((a) => a.number === '4');
  const paragraph = article?.paragraphs[1];
  if (paragraph === undefined) throw new Error('sample has 第4条第2項');
  paragraph.items = [
    { number: '1', text: '事業費の負担', subItems: [{ number: '1', text: '均等割', subItems: [] }] },
    { number: '2', text: '人件費の負担', subItems: [] },
  ];
  return doc;
}

describe('cited text', () => {
  it('a paragraph with its items, an item with its sub-items, in municipal style', () => {
    const doc = withItems();
    expect(citedTextIn(doc, { kind: 'provision', path: { article: '4', paragraph: 2 } })).toBe(
      [
        '第4条第2項　連携施策の実施に要する費用の分担については、事業ごとに協議の上、別途定める。',
        '　(1)　事業費の負担',
        '　　ア　均等割',
        '　(2)　人件費の負担',
      ].join('\n'),
    );
    expect(citedTextIn(doc, { kind: 'provision', path: { article: '4', paragraph: 2, item: '1' } })).toBe(
      ['第4条第2項第1号　事業費の負担', '　　ア　均等割'].join('\n'),
    );
    expect(
      citedTextIn(doc, { kind: 'provision', path: { article: '4', paragraph: 2, item: '1', subItem: '1' } }),
    ).toBe('第4条第2項第1号ア　均等割');
    expect(citedTextIn(doc, { kind: 'provision', path: { article: '4', paragraph: 3 } })).toBeUndefined();
    expect(citedTextIn(doc, { kind: 'unspecified' })).toBe('');
  });

  it('a measure as its 別表 row', () => {
    expect(citedTextIn(buildSampleDocument(), { kind: 'measure', measureId: 'm01' })).toBe(
      [
        '施策名　産学金官民一体となった圏域の経済成長等の推進体制の整備',
        '区分　①圏域全体の経済成長のけん引',
        '取組内容　産学官民一体となった青森圏域連携中枢都市圏ビジョン懇談会（以下「ビジョン懇談会」という。）等の推進体制を整備・運営し、連携中枢都市圏ビジョンの策定、進捗管理等に取り組む。',
        '役割分担　甲　中心的な役割を担う。',
        '　　　　　乙　連携して取り組む。',
      ].join('\n'),
    );
  });

  it('resolveCitation says why a citation is not in a version', () => {
    expect(resolveCitation(buildSampleDocument(), { kind: 'measure', measureId: 'm09' })).toEqual({
      ok: false,
      reason: 'not-found',
      problem: '連携施策「m09」は別表にありません（別表の施策: m01、m02、m03）',
    });
    expect(
      resolveCitation(buildSampleDocument(), { kind: 'provision', path: { article: '3-x' } }),
    ).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
  });
});

describe('operationTouchesCitation', () => {
  const m13: CitationInput = { kind: 'measure', measureId: 'm13' };
  const p42: CitationInput = { kind: 'provision', path: { article: '4', paragraph: 2 } };

  it.each<[AmendmentOperation, CitationInput, boolean]>([
    [{ op: 'reviseMeasure', id: 'm13', changes: { content: 'x' } }, m13, true],
    [{ op: 'changeMeasureRole', id: 'm13', party: 'partner', role: 'x' }, m13, true],
    [{ op: 'changeMeasureRole', id: 'm04', party: 'partner', role: 'x' }, m13, false],
    [{ op: 'removeMeasure', id: 'm13' }, m13, true],
    [
      { op: 'replaceWords', target: { kind: 'provision', path: { article: '4' } }, from: 'a', to: 'b' },
      p42,
      true,
    ],
    [
      {
        op: 'replaceWords',
        target: { kind: 'provision', path: { article: '4', paragraph: 1 } },
        from: 'a',
        to: 'b',
      },
      p42,
      false,
    ],
    [{ op: 'replaceWords', target: { kind: 'caption', article: '4' }, from: 'a', to: 'b' }, p42, false],
    [
      { op: 'replaceWords', target: { kind: 'caption', article: '4' }, from: 'a', to: 'b' },
      { kind: 'provision', path: { article: '4' } },
      true,
    ],
    [{ op: 'insertParagraph', article: '4', after: 1, text: 'x', items: [] }, p42, true],
    [{ op: 'insertParagraph', article: '4', after: 2, text: 'x', items: [] }, p42, false],
    [{ op: 'deleteProvision', path: { article: '4', paragraph: 1 }, leaveDeletedMarker: false }, p42, true],
    [{ op: 'deleteProvision', path: { article: '4', paragraph: 1 }, leaveDeletedMarker: true }, p42, false],
    [{ op: 'deleteProvision', path: { article: '3' }, leaveDeletedMarker: false }, p42, false],
    [
      { op: 'deleteProvision', path: { article: '3' }, leaveDeletedMarker: false, renumberFollowing: true },
      p42,
      true,
    ],
    [
      { op: 'deleteProvision', path: { article: '5' }, leaveDeletedMarker: false, renumberFollowing: true },
      p42,
      false,
    ],
    [
      {
        op: 'deleteProvision',
        path: { article: '4', paragraph: 2, item: '1' },
        leaveDeletedMarker: false,
        renumberFollowing: true,
      },
      { kind: 'provision', path: { article: '4', paragraph: 2, item: '2' } },
      true,
    ],
    [{ op: 'renumberArticle', from: '4', to: '5' }, p42, true],
    [{ op: 'reviseMeasure', id: 'm13', changes: { content: 'x' } }, { kind: 'unspecified' }, false],
  ])('%j on %j → %s', (operation, citation, expected) => {
    expect(operationTouchesCitation(operation, citation)).toBe(expected);
  });

  /** Every provision and measure of a document, as citations. */
  function citationsOf(doc: AgreementDocument): CitationInput[] {
    return [
      ...doc.articles.flatMap((a) => [
        { kind: 'provision' as const, path: { article: a.number } },
        ...a.paragraphs.flatMap((p) => [
          { kind: 'provision' as const, path: { article: a.number, paragraph: p.number } },
          ...p.items.flatMap((i) => [
            { kind: 'provision' as const, path: { article: a.number, paragraph: p.number, item: i.number } },
            ...i.subItems.map((s) => ({
              kind: 'provision' as const,
              path: { article: a.number, paragraph: p.number, item: i.number, subItem: s.number },
            })),
          ]),
        ]),
      ]),
      ...doc.measures.map((m) => ({ kind: 'measure' as const, measureId: m.id })),
    ];
  }

  it('property: an operation that does not touch a citation leaves its text as it was', () => {
    fc.assert(
      fc.property(documentWithOperationsArb, ([doc, operations]) => {
        let before = doc;
        for (const operation of operations) {
          let after: AgreementDocument;
          try {
            after = applyAmendment(before, [operation]);
          } catch (error) {
            if (error instanceof AmendmentError) continue;
            throw error;
          }
          for (const citation of citationsOf(before)) {
            if (operationTouchesCitation(operation, citation)) continue;
            expect(citedTextIn(after, citation)).toBe(citedTextIn(before, citation));
          }
          before = after;
        }
      }),
      { numRuns: 300 },
    );
  });
});

import fc from 'fast-check';
import { applicable } from '../testing/comparison.helpers';
import { documentWithOperationsArb } from '../testing/document.arbitraries';
import { buildSampleDocument } from '../testing/sample-document';
import { applyAmendment, type AmendmentOperation } from './amendment';
import { deriveOperations } from './derive-operations';
import type { AgreementDocument } from './document.model';
import { measuresInTableOrder } from './measure';
import { readDocumentText } from './read-document-text';
import { renderDocument } from './render';

function asTable(doc: AgreementDocument): AgreementDocument {
  return { ...doc, measures: measuresInTableOrder(doc.measures) };
}

function derived(base: AgreementDocument, ops: AmendmentOperation[]): AmendmentOperation[] {
  const result = deriveOperations(base, applyAmendment(base, ops));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.operations;
}

describe('deriveOperations (amending by editing the text)', () => {
  const doc = buildSampleDocument();

  it('derives one 改める per changed run of words, with the smallest whole tokens', () => {
    const text = doc.articles.find((a) => a.number === '4')?.paragraphs[0]?.text ?? '';
    const edited = applyAmendment(doc, [
      {
        op: 'replaceProvision',
        path: { article: '4', paragraph: 1 },
        content: { level: 'paragraph', text: text.replace('相互に', '').replace('協力', '協働'), items: [] },
      },
    ]);
    expect(deriveOperations(doc, edited)).toEqual({
      ok: true,
      operations: [
        {
          op: 'replaceWords',
          target: { kind: 'provision', path: { article: '4', paragraph: 1 } },
          from: '協力',
          to: '協働',
        },
        {
          op: 'replaceWords',
          target: { kind: 'provision', path: { article: '4', paragraph: 1 } },
          from: '相互に',
          to: '',
        },
      ],
    });
  });

  it('anchors a pure addition on the word before it', () => {
    const ops = derived(doc, [
      { op: 'replaceWords', target: { kind: 'title' }, from: '形成', to: '形成及び発展' },
    ]);
    expect(ops).toEqual([
      { op: 'replaceWords', target: { kind: 'title' }, from: '形成', to: '形成及び発展' },
    ]);
  });

  it('quotes a word as an occurrence applyAmendment counts, not one inside another (「乙乙」 in 「乙乙乙」)', () => {
    const base = applyAmendment(doc, [
      { op: 'replaceWords', target: { kind: 'title' }, from: '連携協約', to: '連携協約乙乙乙' },
    ]);
    const ops = derived(base, [
      { op: 'replaceWords', target: { kind: 'title' }, from: '乙乙乙', to: '乙乙あ' },
    ]);
    expect(applyAmendment(base, ops).title).toBe(base.title.replace('乙乙乙', '乙乙あ'));
    expect(ops).toEqual([{ op: 'replaceWords', target: { kind: 'title' }, from: '乙乙乙', to: '乙乙あ' }]);
  });

  it('derives articles added and renumbered, and rows of the 別表 revised, added and removed', () => {
    const [first, second] = measuresInTableOrder(doc.measures);
    if (!first || !second) throw new Error('sample has measures');
    const ops: AmendmentOperation[] = [
      { op: 'renumberArticle', from: '6', to: '7' },
      {
        op: 'insertArticle',
        after: '5',
        number: '6',
        caption: '公表',
        paragraphs: [{ number: 1, text: '甲及び乙は、公表する。', items: [] }],
      },
      { op: 'changeMeasureRole', id: first.id, party: 'partner', role: '主体的に取り組む。' },
      { op: 'removeMeasure', id: second.id },
    ];
    const result = derived(doc, ops);
    expect(asTable(applyAmendment(doc, result))).toEqual(asTable(applyAmendment(doc, ops)));
    expect(result.map((o) => o.op).sort()).toEqual([
      'changeMeasureRole',
      'insertArticle',
      'removeMeasure',
      'renumberArticle',
    ]);
  });

  it('reads an edited print of the text: the whole loop from text to operations', () => {
    const printed = renderDocument(doc, 'municipal').replace('別途定める', '別に定める');
    const read = readDocumentText(printed, { base: doc });
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    expect(deriveOperations(doc, read.document)).toEqual({
      ok: true,
      operations: [
        {
          op: 'replaceWords',
          target: { kind: 'provision', path: { article: '4', paragraph: 2 } },
          from: '別途',
          to: '別に',
        },
      ],
    });
  });

  it('says an article that moved among the others is ambiguous, naming it', () => {
    const moved: AgreementDocument = {
      ...doc,
      articles: doc.articles.map((a, _index, all) =>
        a.number === '2'
          ? { ...a, paragraphs: all[2]?.paragraphs ?? [], caption: all[2]?.caption ?? '' }
          : a.number === '3'
            ? { ...a, paragraphs: all[1]?.paragraphs ?? [], caption: all[1]?.caption ?? '' }
            : a,
      ),
    };
    expect(deriveOperations(doc, moved)).toEqual({
      ok: false,
      problems: [
        {
          where: '第2条',
          reason: '条の順序が変わっています（移動）。移動は操作（条の削除と追加）で指定してください',
        },
      ],
    });
  });

  it('compares by content, whatever order the keys of stored JSON come in', () => {
    const reordered = JSON.parse(
      JSON.stringify(doc, (_key, value: unknown) =>
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? Object.fromEntries(Object.entries(value).reverse())
          : value,
      ),
    ) as AgreementDocument;
    expect(deriveOperations(reordered, doc)).toEqual({
      ok: false,
      problems: [{ where: '本文', reason: '提案の本文は現在の本文と同じです（変更がありません）' }],
    });
  });

  it('follows an article reduced to 「削除」 under another number', () => {
    const base: AgreementDocument = {
      ...doc,
      articles: [
        { number: '2', caption: '', paragraphs: [{ number: 1, text: 'すしう', items: [] }], deleted: false },
        { number: '19', caption: '', paragraphs: [{ number: 1, text: 'くいあ', items: [] }], deleted: false },
      ],
    };
    const ops: AmendmentOperation[] = [
      { op: 'deleteProvision', path: { article: '2' }, leaveDeletedMarker: true },
      { op: 'renumberArticle', from: '2', to: '1' },
    ];
    const result = derived(base, ops);
    expect(asTable(applyAmendment(base, result))).toEqual(asTable(applyAmendment(base, ops)));
  });

  it('renumbers to higher numbers from the last, though the 枝番号 article stood first (PROPERTY_SEED 90214050)', () => {
    // 第7条の4の3 becomes 第9条 and 第9条 becomes 第10条: both move to a higher number, so 第9条 must
    // make way first (「第9条を第10条とし、第7条の4の3を第9条とする」). Their places in the list do not
    // show it (each stays where it was), their numbers do.
    const article = (number: string, text: string) => ({
      number,
      caption: '',
      paragraphs: [{ number: 1, text, items: [] }],
      deleted: false,
    });
    const base: AgreementDocument = {
      ...doc,
      articles: [article('7-4-3', 'すすしせ'), article('9', 'すしこさ')],
    };
    const ops: AmendmentOperation[] = [
      { op: 'renumberArticle', from: '9', to: '10' },
      { op: 'renumberArticle', from: '7-4-3', to: '9' },
    ];
    expect(derived(base, ops)).toEqual(ops);
  });

  it('says when nothing changed', () => {
    expect(deriveOperations(doc, doc)).toEqual({
      ok: false,
      problems: [{ where: '本文', reason: '提案の本文は現在の本文と同じです（変更がありません）' }],
    });
  });

  it('for generated amendments, derives operations that give the proposed text exactly (or says why not)', () => {
    let derivedCount = 0;
    fc.assert(
      fc.property(documentWithOperationsArb, ([base, ops]) => {
        const { ops: kept, result: proposed } = applicable(base, ops);
        fc.pre(kept.length > 0 && JSON.stringify(proposed) !== JSON.stringify(base));
        const result = deriveOperations(base, proposed);
        if (!result.ok) {
          // Only a move or a change the text cannot show is refused, and it says where.
          expect(result.problems.every((p) => p.where !== '' && p.reason !== '')).toBe(true);
          expect(result.problems.map((p) => p.reason).join()).not.toContain('置き換えられませんでした');
          return;
        }
        derivedCount++;
        expect(asTable(applyAmendment(base, result.operations))).toEqual(asTable(proposed));
      }),
      { numRuns: 500 },
    );
    expect(derivedCount).toBeGreaterThan(250);
  });
});

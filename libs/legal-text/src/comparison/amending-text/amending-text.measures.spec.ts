/**
 * 別表 changes row by row: 「別表(13)の項中「A」を「B」に改める。」, 「別表(15)の項の次に
 * 次のように加える。」, 「別表(4)の項を削る。」; the whole table only past the threshold (more than half
 * of the rows change) or when rows would be renumbered or move between categories.
 */
import type { AmendmentOperation } from '../../amendment';
import type { AgreementDocument, Measure } from '../../document.model';
import { buildSampleDocument } from '@kyoyaku/legal-text/testing';
import { readAmendingText } from '../../read-amending-text';
import { amendingText } from '.';

const CORE = '中心的な役割を担う。';
const PARTNER = '甲と連携して取り組む。';

function measure(n: number, category: Measure['category'] = 'living-services'): Measure {
  return {
    id: `m${String(n).padStart(2, '0')}`,
    category,
    name: `施策${n}`,
    content: `施策${n}の充実等、各種連携事業に取り組む。`,
    roles: { core: CORE, partner: PARTNER },
  };
}

/** A text whose 別表 has `count` rows, all in category ③. */
function table(count: number, style?: 'kanji'): AgreementDocument {
  return buildSampleDocument({
    measures: Array.from({ length: count }, (_, i) => measure(i + 1)),
    ...(style === undefined ? {} : { style }),
  });
}

function draft(doc: AgreementDocument, ops: AmendmentOperation[]): { sentences: string[]; lines: string[] } {
  const text = amendingText(doc, ops);
  return { sentences: text.sentences.map((s) => s.text), lines: text.sentences.flatMap((s) => s.lines) };
}

describe('amendingText: 別表 row by row (finding 5)', () => {
  it('quotes the smallest phrase unique within the row: 別表(13)の項中「充実等」を…に改める', () => {
    const { sentences } = draft(table(15), [
      {
        op: 'reviseMeasure',
        id: 'm13',
        changes: { content: '施策13の充実、移住相談窓口の共同設置等、各種連携事業に取り組む。' },
      },
    ]);
    expect(sentences).toEqual(['別表(13)の項中「充実等」を「充実、移住相談窓口の共同設置等」に改める。']);
  });

  it('changes a role within its row, with the content in one sentence', () => {
    const { sentences } = draft(table(15), [
      {
        op: 'reviseMeasure',
        id: 'm13',
        changes: { content: '施策13の充実、移住相談窓口の共同設置等、各種連携事業に取り組む。' },
      },
      { op: 'changeMeasureRole', id: 'm13', party: 'partner', role: '移住相談窓口の共同設置に参加する。' },
    ]);
    expect(sentences).toEqual([
      '別表(13)の項中「充実等」を「充実、移住相談窓口の共同設置等」に、「甲と連携して取り組む」を「移住相談窓口の共同設置に参加する」に改める。',
    ]);
  });

  it('adds a row after the last: 別表(15)の項の次に次のように加える。 + the row as the text prints it', () => {
    const { sentences, lines } = draft(table(15), [{ op: 'addMeasure', measure: measure(16) }]);
    expect(sentences).toEqual(['別表(15)の項の次に次のように加える。']);
    expect(lines).toEqual([
      '\u3000別表(15)の項の次に次のように加える。',
      '(16)\u3000施策名\u3000施策16',
      '\u3000\u3000取組内容\u3000施策16の充実等、各種連携事業に取り組む。',
      `\u3000\u3000役割分担\u3000甲\u3000${CORE}`,
      `\u3000\u3000\u3000\u3000\u3000\u3000\u3000乙\u3000${PARTNER}`,
    ]);
  });

  it('removes the last row: 別表(4)の項を削る。, and cites the rows with 同表 in one sentence', () => {
    expect(draft(table(4), [{ op: 'removeMeasure', id: 'm04' }]).sentences).toEqual(['別表(4)の項を削る。']);
    expect(
      draft(table(6), [
        { op: 'reviseMeasure', id: 'm02', changes: { content: '施策2の強化等、各種連携事業に取り組む。' } },
        { op: 'removeMeasure', id: 'm06' },
      ]).sentences,
    ).toEqual(['別表(2)の項中「充実等」を「強化等」に改め、同表(6)の項を削る。']);
    // 「施策2」 is in the 施策名 and the 取組内容 of the row: no quotation is unique, the row is rewritten.
    const rewritten = draft(table(6), [{ op: 'reviseMeasure', id: 'm02', changes: { name: '施策二' } }]);
    expect(rewritten.sentences).toEqual(['別表(2)の項を次のように改める。']);
    expect(rewritten.lines.slice(1, 3)).toEqual([
      '(2)\u3000施策名\u3000施策二',
      '\u3000\u3000取組内容\u3000施策2の充実等、各種連携事業に取り組む。',
    ]);
  });

  it('writes a row added and then removed as the two sentences they are, not an empty one (PROPERTY_SEED 771902)', () => {
    // Together they leave the table as it was: as one change there was nothing to say (「。」), and
    // of a text without a 別表, 「別表を削る。」.
    const ops: AmendmentOperation[] = [
      { op: 'addMeasure', measure: measure(4) },
      { op: 'removeMeasure', id: 'm04' },
    ];
    const text = amendingText(table(3), ops);
    expect(text.sentences.map((s) => [s.text, s.operations])).toEqual([
      ['別表(3)の項の次に次のように加える。', [0]],
      ['別表(4)の項を削る。', [1]],
    ]);
    expect(draft(table(0), ops).sentences).toEqual(['本則の次に次の別表を加える。', '別表を削る。']);
    const read = readAmendingText(table(0), amendingText(table(0), ops).text);
    expect(read.ok && read.document.measures).toEqual([]);
  });

  it('writes the rows in the numerals of a 漢数字 text: 別表十三の項, 十六', () => {
    const { sentences, lines } = draft(table(15, 'kanji'), [
      { op: 'changeMeasureRole', id: 'm13', party: 'core', role: '主導する。' },
      { op: 'addMeasure', measure: measure(16) },
    ]);
    expect(sentences).toEqual([
      '別表十三の項中「中心的な役割を担う」を「主導する」に改め、同表十五の項の次に次のように加える。',
    ]);
    expect(lines[1]).toBe('十六\u3000施策名\u3000施策16');
  });

  it('rewrites the whole table when more than half of the rows change', () => {
    const ops: AmendmentOperation[] = [1, 2, 3].map((n) => ({
      op: 'changeMeasureRole',
      id: `m0${n}`,
      party: 'partner',
      role: '主体的に取り組む。',
    }));
    const { sentences, lines } = draft(table(5), ops);
    expect(sentences).toEqual(['別表を次のように改める。']);
    expect(lines).toContain('(5)\u3000施策名\u3000施策5');
    expect(draft(table(6), ops).sentences).toEqual([
      '別表(1)の項中「甲と連携して」を「主体的に」に改め、同表(2)の項中「甲と連携して」を「主体的に」に改め、同表(3)の項中「甲と連携して」を「主体的に」に改める。',
    ]);
  });

  it('rewrites the whole table when rows would be renumbered or move between categories', () => {
    expect(draft(table(6), [{ op: 'removeMeasure', id: 'm02' }]).sentences).toEqual([
      '別表を次のように改める。',
    ]);
    expect(draft(table(6), [{ op: 'addMeasure', measure: measure(7), after: 'm01' }]).sentences).toEqual([
      '別表を次のように改める。',
    ]);
    expect(
      draft(table(6), [{ op: 'reviseMeasure', id: 'm06', changes: { category: 'urban-functions' } }])
        .sentences,
    ).toEqual(['別表を次のように改める。']);
  });
});

/**
 * The 新旧対照表 of an amendment underlines exactly what its 改め文 quotes (checkers compare the two). Given
 * the spans (AmendedSpan) of the amendment, every span is underlined and nothing else is, in every
 * part of the table (title, 前文, 見出し, numbers, paragraphs, items, 別表 cells, 附則); without
 * spans the word diff stays.
 */
import fc from 'fast-check';
import { applyAmendment, type AmendmentOperation } from '../amendment';
import type { AgreementDocument } from '../document.model';
import { buildSampleDocument } from '@kyoyaku/legal-text/testing';
import type { AmendedSpan, TextLocation } from './amending-text/model';
import { compareDocuments, flattenComparison } from './compare-documents';
import { comparisonTable, type ComparisonSide, type ComparisonTable } from './comparison-table';
import { segmentsFromSpans } from './amended-spans';
import { amendingText } from './amending-text';

const SPACE = '\u3000';

function versions(ops: AmendmentOperation[]): [AgreementDocument, AgreementDocument] {
  const v1 = buildSampleDocument();
  return [v1, applyAmendment(v1, ops)];
}

/** Every underlined run of the table on one side, in order (runs next to each other joined). */
function underlinedOn(table: ComparisonTable, side: ComparisonSide): string[] {
  const out: string[] = [];
  for (const row of table.rows) {
    for (const cell of row.cells) {
      if (cell.side !== side) continue;
      for (const line of cell.lines) {
        let open = false;
        for (const run of line.runs) {
          if (run.underline && open) out[out.length - 1] += run.text;
          else if (run.underline) out.push(run.text);
          open = run.underline;
        }
      }
    }
  }
  return out;
}

/** A span quoting `quoted` (its `occurrence`-th appearance, 1-based) in `text`. */
function quote(
  side: 'old' | 'new',
  at: TextLocation,
  text: string,
  quoted: string,
  occurrence = 1,
): AmendedSpan {
  let start = -1;
  for (let i = 0; i < occurrence; i++) start = text.indexOf(quoted, start + 1);
  if (start < 0) throw new Error(`「${quoted}」 is not in 「${text}」`);
  return { side, at, start, end: start + quoted.length };
}

const whole = (side: 'old' | 'new', at: TextLocation, text: string): AmendedSpan => ({
  side,
  at,
  start: 0,
  end: text.length,
});

const ARTICLE_5 = '甲及び乙は、この連携協約に基づく取組の状況について、定期的に協議を行うものとする。';
const ARTICLE_5_NEW =
  '甲及び乙は、この連携協約に基づく取組の状況について、毎年度1回以上協議を行うものとする。';
const ARTICLE_6 =
  'この協約に定めのない事項又はこの協約に関し疑義が生じた事項については、甲乙協議の上、定めるものとする。';
const ARTICLE_6_NEW = ARTICLE_6.replaceAll('この協約', 'この連携協約');
const P5: TextLocation = { kind: 'text', path: { article: '5', paragraph: 1 } };
const P6: TextLocation = { kind: 'text', path: { article: '6', paragraph: 1 } };

describe('comparisonTable with the spans of the 改め文 (finding 6)', () => {
  const [v1, v2] = versions([
    {
      op: 'replaceWords',
      target: { kind: 'provision', path: { article: '5' } },
      from: '定期的に',
      to: '毎年度1回以上',
    },
    {
      op: 'replaceWords',
      target: { kind: 'provision', path: { article: '6' } },
      from: 'この協約',
      to: 'この連携協約',
      occurrence: 'all',
    },
  ]);
  // What the 改め文 quotes: 第5条中「定期的に」を「毎年度1回以上」に改め、第6条中「この協約」を「この連携協約」に改める。
  const spans: AmendedSpan[] = [
    quote('old', P5, ARTICLE_5, '定期的に'),
    quote('new', P5, ARTICLE_5_NEW, '毎年度1回以上'),
    quote('old', P6, ARTICLE_6, 'この協約', 1),
    quote('old', P6, ARTICLE_6, 'この協約', 2),
    quote('new', P6, ARTICLE_6_NEW, 'この連携協約', 1),
    quote('new', P6, ARTICLE_6_NEW, 'この連携協約', 2),
  ];

  it('underlines a word diff of whole tokens without spans (「定期的に協議」, 「協約」)', () => {
    expect(v2.articles[4]?.paragraphs[0]?.text).toBe(ARTICLE_5_NEW);
    const table = comparisonTable(v1, v2);
    expect(table.underlines).toBe('word-diff');
    expect(underlinedOn(table, 'old')).toEqual(['定期的に協議', '協約', '協約']);
    expect(underlinedOn(table, 'new')).toEqual(['毎年度1回以上協議', '連携協約', '連携協約']);
  });

  it('underlines exactly the quoted spans, nothing else', () => {
    const table = comparisonTable(v1, v2, { spans });
    expect(table.underlines).toBe('amendment');
    expect(underlinedOn(table, 'old')).toEqual(['定期的に', 'この協約', 'この協約']);
    expect(underlinedOn(table, 'new')).toEqual(['毎年度1回以上', 'この連携協約', 'この連携協約']);
  });

  it('gives the structural comparison the same segments', () => {
    const comparison = compareDocuments(v1, v2, { spans });
    const changed = (side: 'old' | 'new'): string[] =>
      flattenComparison(comparison).flatMap((c) =>
        (c[side] ?? []).filter((s) => s.changed).map((s) => s.text),
      );
    expect(changed('old')).toEqual(['定期的に', 'この協約', 'この協約']);
    expect(changed('new')).toEqual(['毎年度1回以上', 'この連携協約', 'この連携協約']);
  });

  it('underlines nothing for an empty list of spans (and still shows the changed rows)', () => {
    const table = comparisonTable(v1, v2, { spans: [], elideUnchanged: true });
    expect(underlinedOn(table, 'old')).toEqual([]);
    expect(underlinedOn(table, 'new')).toEqual([]);
    expect(table.rows.filter((r) => r.kind === 'article').map((r) => r.key)).toEqual([
      'article:5',
      'article:6',
    ]);
  });

  it('reads a path without a paragraph as the first paragraph (第5条中「…」 of a one-paragraph article)', () => {
    const table = comparisonTable(v1, v2, {
      spans: [
        quote('old', { kind: 'text', path: { article: '5' } }, ARTICLE_5, '定期的に'),
        quote('new', { kind: 'text', path: { article: '5' } }, ARTICLE_5_NEW, '毎年度1回以上'),
      ],
    });
    expect(underlinedOn(table, 'old')).toEqual(['定期的に']);
    expect(underlinedOn(table, 'new')).toEqual(['毎年度1回以上']);
  });

  it('prints an empty span as an underlined blank as wide as the other side’s span', () => {
    const [a, b] = versions([
      {
        op: 'replaceWords',
        target: { kind: 'provision', path: { article: '4', paragraph: 1 } },
        from: '相互に',
        to: '',
      },
    ]);
    const text = a.articles[3]?.paragraphs[0]?.text ?? '';
    const at: TextLocation = { kind: 'text', path: { article: '4', paragraph: 1 } };
    const removed = quote('old', at, text, '相互に');
    const table = comparisonTable(a, b, {
      spans: [removed, { side: 'new', at, start: removed.start, end: removed.start }],
    });
    expect(table.underlines).toBe('amendment');
    expect(underlinedOn(table, 'old')).toEqual(['相互に']);
    expect(underlinedOn(table, 'new')).toEqual([SPACE.repeat(3)]);
    const row = table.rows.find((r) => r.key === 'article:4');
    const blank = row?.cells[0].lines[1]?.runs.find((r) => r.blank === true);
    expect(blank).toEqual({ text: SPACE.repeat(3), underline: true, blank: true });
  });
});

describe('spans reach every part of the table', () => {
  const ops: AmendmentOperation[] = [
    { op: 'replaceWords', target: { kind: 'title' }, from: '形成', to: '形成及び発展' },
    { op: 'replaceWords', target: { kind: 'preamble' }, from: '次のとおり', to: '次のように' },
    { op: 'replaceWords', target: { kind: 'caption', article: '4' }, from: '費用分担', to: '経費の分担' },
    { op: 'renumberArticle', from: '6', to: '7' },
    {
      op: 'insertArticle',
      after: '5',
      caption: '公表',
      paragraphs: [{ number: 1, text: '甲は、実施状況を公表する。', items: [] }],
    },
    {
      op: 'insertParagraph',
      article: '4',
      after: 1,
      text: '甲は、次に掲げる調整を行う。',
      items: [{ number: '1', text: '事業の調整', subItems: [] }],
    },
    { op: 'reviseMeasure', id: 'm02', changes: { content: '起業支援等、各種連携事業に取り組む。' } },
    { op: 'changeMeasureRole', id: 'm01', party: 'partner', role: '主体的に取り組む。' },
    { op: 'removeMeasure', id: 'm03' },
    {
      op: 'replaceSupplementaryProvisions',
      supplementaryProvisions: {
        paragraphs: [{ number: 1, text: 'この協約は、令和2年4月1日から施行する。', items: [] }],
      },
    },
  ];
  const [v1, v2] = versions(ops);
  const m02 = v1.measures.find((m) => m.id === 'm02');
  const m03 = v1.measures.find((m) => m.id === 'm03');
  if (m02 === undefined || m03 === undefined) throw new Error('sample measures');
  const dropped = m02.content.slice(0, m02.content.indexOf('起業支援等'));
  const p2: TextLocation = { kind: 'text', path: { article: '4', paragraph: 2 } };
  const spans: AmendedSpan[] = [
    quote('old', { kind: 'title' }, v1.title, '形成'),
    quote('new', { kind: 'title' }, v2.title, '形成及び発展'),
    quote('old', { kind: 'preamble' }, v1.preamble, 'とおり'),
    quote('new', { kind: 'preamble' }, v2.preamble, 'ように'),
    quote('old', { kind: 'caption', article: '4' }, '事務執行にあたっての連携、協力及び費用分担', '費用分担'),
    quote(
      'new',
      { kind: 'caption', article: '4' },
      '事務執行にあたっての連携、協力及び経費の分担',
      '経費の分担',
    ),
    // 第6条を第7条とし、第5条の次に次の1条を加える。
    whole('old', { kind: 'number', path: { article: '6' } }, '第6条'),
    whole('new', { kind: 'number', path: { article: '7' } }, '第7条'),
    whole('new', { kind: 'number', path: { article: '6' } }, '第6条'),
    whole('new', { kind: 'caption', article: '6' }, '公表'),
    whole('new', { kind: 'text', path: { article: '6', paragraph: 1 } }, '甲は、実施状況を公表する。'),
    // 第4条に次の1項を加える（第2項を第3項とする）.
    whole('old', { kind: 'number', path: { article: '4', paragraph: 2 } }, '2'),
    whole('new', { kind: 'number', path: { article: '4', paragraph: 3 } }, '3'),
    whole('new', { kind: 'number', path: { article: '4', paragraph: 2 } }, '2'),
    whole('new', p2, '甲は、次に掲げる調整を行う。'),
    whole('new', { kind: 'number', path: { article: '4', paragraph: 2, item: '1' } }, '(1)'),
    whole('new', { kind: 'text', path: { article: '4', paragraph: 2, item: '1' } }, '事業の調整'),
    // 別表(2)の項中「…」を「…」に改める; (1)の項 乙; (3)の項を削る.
    quote('old', { kind: 'measure', id: 'm02', field: 'content' }, m02.content, dropped),
    { side: 'new', at: { kind: 'measure', id: 'm02', field: 'content' }, start: 0, end: 0 },
    whole('old', { kind: 'measure', id: 'm01', field: 'roles.partner' }, '連携して取り組む。'),
    whole('new', { kind: 'measure', id: 'm01', field: 'roles.partner' }, '主体的に取り組む。'),
    whole('old', { kind: 'measure', id: 'm03', field: 'number' }, '(3)'),
    whole('old', { kind: 'measure', id: 'm03', field: 'name' }, m03.name),
    whole('old', { kind: 'measure', id: 'm03', field: 'content' }, m03.content),
    quote(
      'old',
      { kind: 'supplementary', paragraph: 1 },
      'この協約は、令和元年12月25日から施行する。',
      '令和元年12月25日',
    ),
    quote(
      'new',
      { kind: 'supplementary', paragraph: 1 },
      'この協約は、令和2年4月1日から施行する。',
      '令和2年4月1日',
    ),
  ];

  it('underlines every span in 題名, 前文, 見出し, numbers, items, 別表 cells and 附則 — and nothing else', () => {
    const table = comparisonTable(v1, v2, { spans });
    expect(underlinedOn(table, 'new')).toEqual([
      '形成及び発展',
      'ように',
      '経費の分担',
      '2',
      '甲は、次に掲げる調整を行う。',
      '(1)',
      '事業の調整',
      '3',
      '公表',
      '第6条',
      '甲は、実施状況を公表する。',
      '第7条',
      '主体的に取り組む。',
      // 別表(2)の項: an empty span — a blank as wide as the old side's
      SPACE.repeat(dropped.length),
      '令和2年4月1日',
    ]);
    expect(underlinedOn(table, 'old')).toEqual([
      '形成',
      'とおり',
      '費用分担',
      '2',
      '第6条',
      '連携して取り組む。',
      dropped,
      '(3)',
      m03.name,
      m03.content,
      '令和元年12月25日',
    ]);
  });

  it('underlines no number that moves unless a span is at it', () => {
    const table = comparisonTable(v1, v2, {
      spans: spans.filter(
        (s) => s.at.kind !== 'number' && !(s.at.kind === 'measure' && s.at.field === 'number'),
      ),
    });
    expect(underlinedOn(table, 'old')).not.toContain('第6条');
    expect(underlinedOn(table, 'new')).not.toContain('第7条');
    expect(underlinedOn(table, 'old')).not.toContain('(3)');
  });

  it('agrees with any span drawn in an unchanged paragraph (property)', () => {
    // 第1条～第3条 and 第5条 are the same in both versions.
    const texts = v1.articles
      .filter((a) => ['1', '2', '3', '5'].includes(a.number))
      .map((a) => ({ article: a.number, text: a.paragraphs[0]?.text ?? '' }));
    const spanArb = fc
      .constantFrom(...texts)
      .chain((t) => fc.tuple(fc.constant(t), fc.nat(t.text.length), fc.nat(t.text.length)))
      .filter(([, a, b]) => a !== b);
    fc.assert(
      fc.property(spanArb, ([t, a, b]) => {
        const [start, end] = [Math.min(a, b), Math.max(a, b)];
        const side = a < b ? 'old' : 'new';
        const span: AmendedSpan = {
          side,
          at: { kind: 'text', path: { article: t.article, paragraph: 1 } },
          start,
          end,
        };
        const table = comparisonTable(v1, v2, { spans: [span] });
        expect(underlinedOn(table, side)).toEqual([t.text.slice(start, end)]);
        expect(underlinedOn(table, side === 'old' ? 'new' : 'old')).toEqual([]);
      }),
    );
  });
});

describe('segmentsFromSpans', () => {
  it('cuts a text at its spans, merging overlaps and clamping to the text', () => {
    expect(
      segmentsFromSpans('ABCDEFG', [
        { start: 1, end: 3 },
        { start: 2, end: 5 },
        { start: 6, end: 99 },
      ]),
    ).toEqual([
      { text: 'A', changed: false },
      { text: 'BCDE', changed: true },
      { text: 'F', changed: false },
      { text: 'G', changed: true },
    ]);
    expect(segmentsFromSpans('AB', [])).toEqual([{ text: 'AB', changed: false }]);
    expect(segmentsFromSpans('AB', [{ start: 1, end: 1 }], [{ start: 0, end: 4 }])).toEqual([
      { text: 'A', changed: false },
      { text: '', changed: true, width: 4 },
      { text: 'B', changed: false },
    ]);
  });

  it('underlines a deleted article’s 「削除」 with its number, where the 改め文 makes it and where it takes it out', () => {
    // The whole provision the 改め文 cites is underlined (ほうれいくん FAQ: 条の削除, 条の繰上げ).
    const rows = (base: AgreementDocument, ops: AmendmentOperation[]) => {
      const written = amendingText(base, ops);
      const table = comparisonTable(base, applyAmendment(base, ops), {
        spans: written.sentences.flatMap((s) => s.spans),
      });
      return {
        sentences: written.sentences.map((s) => s.text),
        old: underlinedOn(table, 'old'),
        new: underlinedOn(table, 'new'),
      };
    };
    const v1 = buildSampleDocument();
    const toMarker: AmendmentOperation[] = [
      { op: 'deleteProvision', path: { article: '5' }, leaveDeletedMarker: true, renumberFollowing: false },
    ];
    const made = rows(v1, toMarker);
    expect(made.sentences).toEqual(['第5条を次のように改める。']);
    expect(made.new).toEqual(['第5条', '削除']);

    const takenOut = rows(applyAmendment(v1, toMarker), [
      { op: 'deleteProvision', path: { article: '5' }, leaveDeletedMarker: false, renumberFollowing: true },
    ]);
    expect(takenOut.sentences[0]).toMatch(/^第5条を削り、第6条を第5条と/);
    expect(takenOut.old.slice(0, 2)).toEqual(['第5条', '削除']);
  });
});

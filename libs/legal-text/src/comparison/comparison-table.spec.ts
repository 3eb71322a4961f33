import { measuresTableHeading } from '../consolidated-text';
import fc from 'fast-check';
import { applyAmendment, type AmendmentOperation } from '../amendment';
import type { AgreementDocument } from '../document.model';
import { renderDocument } from '../render';
import { buildSampleDocument } from '@kyoyaku/legal-text/testing';
import {
  comparisonTable,
  type ComparisonCell,
  type ComparisonTable,
  type ComparisonTableRow,
} from './comparison-table';
import { escapeHtml, renderComparisonHtml, renderComparisonText } from './render-comparison';

function versions(ops: AmendmentOperation[]): [AgreementDocument, AgreementDocument] {
  const v1 = buildSampleDocument();
  return [v1, applyAmendment(v1, ops)];
}

const plainText = (cell: ComparisonCell | undefined): string[] =>
  (cell?.lines ?? []).map((l) => '\u3000'.repeat(l.indent) + l.runs.map((r) => r.text).join(''));
const underlined = (cell: ComparisonCell | undefined): string[] =>
  (cell?.lines ?? []).flatMap((l) => l.runs.filter((r) => r.underline).map((r) => r.text));

function row(table: ComparisonTable, key: string): ComparisonTableRow {
  const found = table.rows.find((r) => r.key === key);
  if (!found) throw new Error(`no row ${key}: ${table.rows.map((r) => r.key).join(', ')}`);
  return found;
}

const RENUMBER_AND_INSERT: AmendmentOperation[] = [
  { op: 'renumberArticle', from: '6', to: '7' },
  {
    op: 'insertArticle',
    after: '5',
    caption: '報告',
    paragraphs: [{ number: 1, text: '甲は、毎年度、実施状況を公表する。', items: [] }],
  },
  {
    op: 'replaceWords',
    target: { kind: 'provision', path: { article: '4', paragraph: 1 } },
    from: '相互に',
    to: '',
  },
  { op: 'deleteProvision', path: { article: '5' }, leaveDeletedMarker: false },
];

describe('comparisonTable', () => {
  it('puts 変更後 left and 変更前 right by default, or the other way round (an agreement is 変更, not 改正)', () => {
    const [v1, v2] = versions(RENUMBER_AND_INSERT);
    const table = comparisonTable(v1, v2);
    expect(table.term).toBe('変更');
    expect(table.columns).toEqual([
      { side: 'new', label: '変更後' },
      { side: 'old', label: '変更前' },
    ]);
    expect(table.rows.every((r) => r.cells[0].side === 'new' && r.cells[1].side === 'old')).toBe(true);
    const flipped = comparisonTable(v1, v2, { order: 'old-new' });
    expect(flipped.columns.map((c) => c.label)).toEqual(['変更前', '変更後']);
    expect(flipped.rows.every((r) => r.cells[0].side === 'old')).toBe(true);
    // A 例規 is 改正.
    expect(comparisonTable(v1, v2, { term: '改正' }).columns.map((c) => c.label)).toEqual([
      '改正後',
      '改正前',
    ]);
  });

  it('marks a new article 「（新設）」 on the old side and a removed one 「（削る）」 on the new side', () => {
    const [v1, v2] = versions(RENUMBER_AND_INSERT);
    const table = comparisonTable(v1, v2, { style: 'kanji' });
    const added = row(table, 'article:>6');
    expect(plainText(added.cells[0])).toEqual([
      '\u3000（報告）',
      '第六条\u3000甲は、毎年度、実施状況を公表する。',
    ]);
    expect(underlined(added.cells[0])).toEqual(['報告', '第六条', '甲は、毎年度、実施状況を公表する。']);
    expect(plainText(added.cells[1])).toEqual(['（新設）']);
    const removed = row(table, 'article:5>');
    expect(plainText(removed.cells[0])).toEqual(['（削る）']);
    expect(underlined(removed.cells[1])).toContain('第五条');
    const renumbered = row(table, 'article:6>7');
    expect(underlined(renumbered.cells[0])).toEqual(['第七条']);
    expect(underlined(renumbered.cells[1])).toEqual(['第六条']);
  });

  it('underlines changed words on both sides, and a deletion as an underlined blank of its length', () => {
    const [v1, v2] = versions(RENUMBER_AND_INSERT);
    const a4 = row(comparisonTable(v1, v2), 'article:4');
    const blank = a4.cells[0].lines[1]?.runs.find((r) => r.blank === true);
    expect(blank).toEqual({ text: '\u3000\u3000\u3000', underline: true, blank: true });
    expect(underlined(a4.cells[1])).toEqual(['相互に']);
    expect(plainText(a4.cells[0])[1]).toBe(
      '第4条\u3000甲及び乙は、連携施策の事務の執行に当たり、\u3000\u3000\u3000連携し、協力するものとする。',
    );
  });

  it('elides unchanged provisions as 「（略）」, collapsing runs of articles', () => {
    const [v1, v2] = versions(RENUMBER_AND_INSERT);
    const table = comparisonTable(v1, v2, { elideUnchanged: true });
    expect(table.rows.map((r) => [r.kind, plainText(r.cells[0])[0]])).toEqual([
      ['preamble', '（略）'],
      ['articles-elided', '第1条～第3条\u3000（略）'],
      ['article', '（事務執行にあたっての連携、協力及び費用分担）'],
      ['article', '（削る）'],
      ['article', '（報告）'],
      ['article', '（疑義の解決）'],
      ['measures-heading', '別表（第3条関係）\u3000（略）'],
    ]);
    // Inside a changed article, an unchanged paragraph is （略） too.
    expect(plainText(row(table, 'article:4').cells[0])[2]).toBe('2\u3000（略）');
    expect(plainText(row(table, 'article:6>7').cells[0])[1]).toBe('第7条\u3000（略）');
  });

  it('compares the measures row by row', () => {
    const [v1, v2] = versions([
      { op: 'reviseMeasure', id: 'm02', changes: { name: '戦略産業の育成' } },
      { op: 'removeMeasure', id: 'm03' },
    ]);
    const table = comparisonTable(v1, v2, { elideUnchanged: true });
    expect(
      table.rows.filter((r) => r.kind.startsWith('measure')).map((r) => [r.kind, r.key, r.status]),
    ).toEqual([
      ['measures-heading', 'measures', 'changed'],
      ['measures-elided', 'measure:m01', 'unchanged'],
      ['measure', 'measure:m02', 'changed'],
      ['measure', 'measure:m03', 'removed'],
    ]);
    const m02 = row(table, 'measure:m02');
    // The words dropped from the name: underlined on the old side, an underlined blank on the new.
    const dropped = '産業クラスターの形成、イノベーション実現、新規創業促進、地域の中堅企業等を核とした';
    expect(underlined(m02.cells[1])).toEqual([dropped]);
    expect(underlined(m02.cells[0])).toEqual(['\u3000'.repeat(dropped.length)]);
    expect(plainText(m02.cells[0])[0]).toBe(
      `(2)\u3000施策名\u3000${'\u3000'.repeat(dropped.length)}戦略産業の育成`,
    );
    expect(plainText(row(table, 'measure:m03').cells[0])).toEqual(['（削る）']);
  });
});

describe('renderComparisonHtml', () => {
  const [v1, v2] = versions(RENUMBER_AND_INSERT);
  const html = renderComparisonHtml(comparisonTable(v1, v2), {
    fromLabel: '締結時',
    toLabel: '第1次変更',
    fromEffectiveOn: '2019-12-25',
    toEffectiveOn: '2020-04-01',
  });

  it('is a complete printable document: A4 landscape, Japanese serif fonts, a real table', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="ja">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('@page { size: A4 landscape;');
    expect(html).toMatch(/font-family: "Noto Serif CJK JP", .*"IPAmincho", .*serif;/);
    expect(html).toContain('<table class="kt-table">');
    expect(html).toContain('<thead><tr><th scope="col" class="kt-new">変更後');
    expect(html).toContain('break-inside: avoid');
    expect(html).toContain('<u>相互に</u>');
    expect(html).toContain('<u class="kt-blank">\u3000\u3000\u3000</u>');
  });

  it('heads the table with the title and both versions’ 施行日 in 和暦', () => {
    expect(html).toContain('<h1>連携中枢都市圏の形成に係る連携協約\u3000新旧対照表</h1>');
    expect(html).toContain(
      '変更後：第1次変更（令和2年4月1日施行）\u3000変更前：締結時（令和元年12月25日施行）',
    );
    expect(html).toContain('<p class="kt-note">（傍線部分は変更部分）</p>');
    const kanji = renderComparisonHtml(comparisonTable(v1, v2, { style: 'kanji' }), {
      toEffectiveOn: '2020-04-01',
    });
    expect(kanji).toContain('変更後：令和二年四月一日施行');
  });

  it('escapes all text: a <script> in a provision stays text', () => {
    const evil = applyAmendment(v1, [
      {
        op: 'replaceWords',
        target: { kind: 'provision', path: { article: '5' } },
        from: '定期的に',
        to: '<script>alert("x")</script>&',
      },
    ]);
    const page = renderComparisonHtml(comparisonTable(v1, evil), { title: '<b>題名</b>', toLabel: '"案"' });
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<b>');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;');
    expect(page).toContain('&lt;b&gt;題名&lt;/b&gt;');
  });

  it('escapes whatever the provisions contain', () => {
    const tag = fc.constantFrom(
      '<script>',
      '</td>',
      '<img src=x onerror=alert(1)>',
      '"',
      "'",
      '&amp;',
      '<!--',
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(tag, fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 6 }),
        (parts) => {
          const text = parts.join('');
          fc.pre(text !== '' && !text.includes('\n'));
          const doc = buildSampleDocument();
          const changed = buildSampleDocument({ preamble: text });
          const table = comparisonTable(doc, changed);
          const page = renderComparisonHtml(table, { title: text });
          expect(page).toContain(`<h1>${escapeHtml(text)}\u3000新旧対照表</h1>`);
          // Apart from the page's own markup, no tag and no raw ampersand from the text survive.
          const body = page.slice(page.indexOf('<tbody>'));
          expect(body).not.toMatch(/<(script|img|!--)/);
          expect(body.match(/<tr /g)).toHaveLength(table.rows.length);
          expect(body.match(/<\/td>/g)).toHaveLength(2 * table.rows.length);
          const markup =
            /<p class="kt-line" style="(padding-left:\d+em;)?text-indent:-?\d+em">|<\/p>|<u( class="kt-blank")?>|<\/u>|<td class="kt-(new|old)">|<\/td>|<tr class="kt-row kt-[a-z-]+" data-key="[^"<>]*" data-status="[a-z]+">|<\/tr>|<\/?tbody>|<\/table>|<\/body>|<\/html>/g;
          const withoutMarkup = body.replace(markup, '');
          expect(withoutMarkup).not.toMatch(/[<>"]/);
          expect(withoutMarkup).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)/);
        },
      ),
    );
  });
});

describe('renderComparisonText', () => {
  it('prints each row, 変更後 then 変更前, with changes in 〔 〕', () => {
    const [v1, v2] = versions(RENUMBER_AND_INSERT);
    const text = renderComparisonText(comparisonTable(v1, v2, { elideUnchanged: true }), {
      toEffectiveOn: '2020-04-01',
    });
    expect(text.split('\n').slice(0, 3)).toEqual([
      '連携中枢都市圏の形成に係る連携協約\u3000新旧対照表',
      '変更後：令和2年4月1日施行',
      '（〔　〕内は変更部分）',
    ]);
    expect(text).toContain(
      '【変更後】\n（疑義の解決）\n〔第7条〕\u3000（略）\n【変更前】\n（疑義の解決）\n〔第6条〕\u3000（略）',
    );
    expect(text).toContain('〔相互に〕');
  });
});

describe('the 新旧対照表 reads as the document prints (finding 7)', () => {
  const m16 = {
    id: 'm16',
    category: 'living-services' as const,
    name: '地域公共交通ネットワークの形成',
    content: '圏域の地域公共交通の維持・確保に向け、各種連携事業に取り組む。',
    roles: { core: '中心的な役割を担う。', partner: '連携して取り組む。' },
  };

  it('prints the rows of the 別表 verbatim: the category only as the heading of its group, no 区分 line', () => {
    const [v1, v2] = versions([
      { op: 'addMeasure', measure: m16 },
      { op: 'reviseMeasure', id: 'm02', changes: { content: '起業支援等、各種連携事業に取り組む。' } },
    ]);
    const table = comparisonTable(v1, v2);
    // The lines of the cells without the blanks standing for the other side's words.
    const measureLines = (side: 0 | 1): string[] =>
      table.rows
        .filter((r) => r.kind === 'measures-heading' || r.kind === 'measure')
        .flatMap((r) =>
          r.cells[side].lines.map(
            (l) =>
              '\u3000'.repeat(l.indent) +
              l.runs
                .filter((run) => run.blank !== true)
                .map((run) => run.text)
                .join(''),
          ),
        )
        .filter((line) => line !== '（新設）');
    const printed = (doc: AgreementDocument): string[] => {
      // As the text in force prints it (例規集 form): 別表（第3条関係）.
      const sections = renderDocument(doc, 'municipal', {
        measuresHeading: measuresTableHeading(doc, 'municipal'),
      }).split('\n\n');
      return (sections.find((s) => s.startsWith('別表')) ?? '').split('\n');
    };
    expect(measureLines(0)).toEqual(printed(v2));
    expect(measureLines(1)).toEqual(printed(v1));
    expect(measureLines(0)).toContain('③圏域全体の生活関連機能サービスの向上');
    expect(measureLines(0).filter((l) => l.includes('区分'))).toEqual([]);
    // A group only the new version has: its heading is new words, underlined.
    expect(underlined(row(table, 'measure:m16').cells[0])[0]).toBe('③圏域全体の生活関連機能サービスの向上');
    expect(underlined(row(table, 'measure:m01').cells[0])).toEqual([]);
  });

  it('leaves out an unchanged 附則, elided or not, and prints a changed one', () => {
    const [v1, v2] = versions(RENUMBER_AND_INSERT);
    for (const elideUnchanged of [false, true]) {
      const table = comparisonTable(v1, v2, { elideUnchanged });
      expect(table.rows.map((r) => r.kind)).not.toContain('supplementary');
    }
    const [, v3] = versions([
      {
        op: 'replaceSupplementaryProvisions',
        supplementaryProvisions: {
          paragraphs: [{ number: 1, text: 'この協約は、令和2年4月1日から施行する。', items: [] }],
        },
      },
    ]);
    const changed = comparisonTable(v1, v3, { elideUnchanged: true });
    expect(plainText(row(changed, 'supplementary').cells[0])).toEqual([
      '附\u3000則',
      '\u3000この協約は、令和2年4月1日から施行する。',
    ]);
  });

  it('writes numbers in the style of the document by default', () => {
    const v1 = buildSampleDocument({ style: 'kanji' });
    const v2 = applyAmendment(v1, RENUMBER_AND_INSERT);
    const table = comparisonTable(v1, v2);
    expect(table.style).toBe('kanji');
    expect(underlined(row(table, 'article:6>7').cells[0])).toEqual(['第七条']);
    expect(comparisonTable(v1, v2, { style: 'municipal' }).style).toBe('municipal');
    expect(comparisonTable(buildSampleDocument(), buildSampleDocument()).style).toBe('municipal');
  });

  it('numbers the printed pages at their foot (「2 / 5」)', () => {
    const [v1, v2] = versions(RENUMBER_AND_INSERT);
    const html = renderComparisonHtml(comparisonTable(v1, v2));
    expect(html).toMatch(/@page \{[^\n]*@bottom-center \{ content: counter\(page\) " \/ " counter\(pages\);/);
  });
});

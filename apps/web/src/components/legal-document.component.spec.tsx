import { describe, expect, it } from '@jest/globals';
import type { Enactments } from '@kyoyaku/legal-text';
import { buildSampleDocument, SAMPLE_MEASURES } from '@kyoyaku/legal-text/testing';
import { renderToStaticMarkup } from 'react-dom/server';
import { LegalDocument } from './legal-document.component';

/** The sample agreement with what a 例規集 page must show: 号 and their 細分, a deleted 条, 別表, a two-paragraph 附則. */
const DOCUMENT = buildSampleDocument({
  articles: [
    {
      number: '1',
      caption: '目的',
      deleted: false,
      paragraphs: [{ number: 1, text: 'この連携協約は、圏域の発展を目的とする。', items: [] }],
    },
    {
      number: '2',
      caption: '連携する取組',
      deleted: false,
      paragraphs: [
        {
          number: 1,
          text: '甲及び乙は、次に掲げる取組を行う。',
          items: [
            {
              number: '1',
              text: '経済成長のけん引',
              subItems: [{ number: '1', text: '起業支援', subItems: [] }],
            },
            { number: '1-2', text: '観光の振興', subItems: [] },
          ],
        },
        { number: 2, text: '前項の取組の費用は、別途定める。', items: [] },
      ],
    },
    { number: '2-2', caption: '', deleted: true, paragraphs: [] },
  ],
  measures: SAMPLE_MEASURES.map((m) => ({ ...m, roles: { ...m.roles } })),
  appendices: [
    {
      number: '2',
      title: '事業の一覧',
      columns: ['事業名', '担当'],
      rows: [{ id: 'r1', cells: ['圏域観光', '青森市'] }],
    },
  ],
  supplementaryProvisions: {
    paragraphs: [
      { number: 1, text: 'この協約は、令和2年4月1日から施行する。', items: [] },
      { number: 2, text: '前項の規定にかかわらず、第2条の規定は公布の日から施行する。', items: [] },
    ],
  },
});

function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"');
}

describe('the text as a 例規集 page', () => {
  it('numbers articles, paragraphs, items and sub-items in the municipal style', () => {
    const html = renderToStaticMarkup(<LegalDocument document={DOCUMENT} style="municipal" />);
    const text = textOf(html);
    expect(html).toContain('<h2 class="reiki-title">');
    expect(text).toContain('（目的）第1条\u3000この連携協約は');
    expect(text).toContain('2\u3000前項の取組の費用は');
    expect(text).toContain('(1)\u3000経済成長のけん引');
    expect(text).toContain('ア\u3000起業支援');
    expect(text).toContain('(1の2)\u3000観光の振興');
    expect(text).toContain('第2条の2\u3000削除');
  });

  it('writes the vertical national style on request: 第一条, items 一, sub-items イ', () => {
    const text = textOf(renderToStaticMarkup(<LegalDocument document={DOCUMENT} style="kanji" />));
    expect(text).toContain('第一条\u3000この連携協約は');
    expect(text).toContain('２\u3000前項の取組の費用は');
    expect(text).toContain('一\u3000経済成長のけん引');
    expect(text).toContain('イ\u3000起業支援');
    expect(text).toContain('第二条の二\u3000削除');
  });

  it('sets out the 連携施策 as a 別表 table grouped by 政策分野, then the other 別表 and the 附則', () => {
    const html = renderToStaticMarkup(
      <LegalDocument document={DOCUMENT} style="municipal" headingLevel={3} />,
    );
    expect(html).toContain('<h3 class="reiki-title">');
    // No article of this document refers to 「別表」: no 関係 note.
    expect(html).toContain('>別表</h4>');
    expect(html).toContain('<th scope="colgroup" colSpan="5">①圏域全体の経済成長のけん引</th>');
    expect(html.match(/<tr id="measure-/g)).toHaveLength(SAMPLE_MEASURES.length);
    expect(html).toContain(`<th scope="row">${SAMPLE_MEASURES[0]?.name ?? ''}</th>`);
    expect(html).toContain('別表第2\u3000事業の一覧</h4>');
    expect(html).toContain('<td>圏域観光</td>');
    const text = textOf(html);
    expect(text).toContain('附\u3000則');
    expect(text).toContain('1\u3000この協約は、令和2年4月1日から施行する。');
    expect(text).toContain('2\u3000前項の規定にかかわらず');
  });

  it('gives a single 附則 paragraph no number', () => {
    const single = {
      ...DOCUMENT,
      supplementaryProvisions: {
        paragraphs: [{ number: 1, text: 'この協約は、締結の日から施行する。', items: [] }],
      },
    };
    const html = renderToStaticMarkup(<LegalDocument document={single} style="municipal" />);
    expect(html).toContain(
      '<p class="reiki-paragraph reiki-unnumbered">\u3000この協約は、締結の日から施行する。</p>',
    );
  });

  it('lays the text out in 例規集 form: the 告示 under the title, 別表（第3条関係）, each amendment’s 附則 after the original', () => {
    const enactments: Enactments = {
      enactedOn: '2019-12-25',
      notice: { noticeNumber: '青森市告示第600号', publishedOn: '2019-12-25' },
      amendments: [
        {
          concludedOn: '2021-03-25',
          notice: { noticeNumber: '青森市告示第210号', publishedOn: '2021-03-25' },
          clause: { kind: 'on-date', effectiveOn: '2021-04-01' },
        },
        { concludedOn: '2022-06-30', clause: { kind: 'retroactive', appliesFrom: '2022-04-01' } },
      ],
    };
    const html = renderToStaticMarkup(
      <LegalDocument document={buildSampleDocument()} style="municipal" enactments={enactments} />,
    );
    const text = textOf(html);
    expect(html).toContain('<p class="reiki-enactment">令和元年12月25日\u3000青森市告示第600号</p>');
    expect(html).toContain('>別表（第3条関係）</h3>');
    const original = text.indexOf('附\u3000則\u3000この協約は、令和元年12月25日から施行する。');
    const first = text.indexOf(
      '附\u3000則（令和3年3月25日青森市告示第210号）\u3000この協約は、令和3年4月1日から施行する。',
    );
    const second = text.indexOf(
      '附\u3000則（令和4年6月30日）\u3000この協約は、締結の日から施行し、令和4年4月1日から適用する。',
    );
    expect(original).toBeGreaterThan(0);
    expect(first).toBeGreaterThan(original);
    expect(second).toBeGreaterThan(first);

    const kanji = textOf(
      renderToStaticMarkup(
        <LegalDocument document={buildSampleDocument()} style="kanji" enactments={enactments} />,
      ),
    );
    expect(kanji).toContain('令和元年十二月二十五日\u3000青森市告示第600号');
    expect(kanji).toContain('別表（第三条関係）');
    expect(kanji).toContain('この協約は、令和三年四月一日から施行する。');
  });
});

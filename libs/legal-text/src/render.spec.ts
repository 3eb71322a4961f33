import fc from 'fast-check';
import type { AgreementDocument } from './document.model';
import {
  renderArticleNumber,
  renderDocument,
  renderItemMark,
  renderParagraphMark,
  renderProvisionLabel,
} from './render';
import { documentArb, buildSampleDocument } from '@kyoyaku/legal-text/testing';

describe('renderArticleNumber', () => {
  it.each([
    ['1', '第1条', '第一条'],
    ['3-2', '第3条の2', '第三条の二'],
    ['3-2-2', '第3条の2の2', '第三条の二の二'],
    ['23', '第23条', '第二十三条'],
    ['100', '第100条', '第百条'],
    ['252-2', '第252条の2', '第二百五十二条の二'],
  ])('%s → %s / %s', (n, municipal, kanji) => {
    expect(renderArticleNumber(n, 'municipal')).toBe(municipal);
    expect(renderArticleNumber(n, 'kanji')).toBe(kanji);
  });

  it('refuses an invalid number', () => {
    expect(() => renderArticleNumber('3-1', 'municipal')).toThrow(RangeError);
  });
});

describe('renderProvisionLabel', () => {
  it('renders each level in both styles', () => {
    const path = { article: '3-2', paragraph: 2, item: '1' };
    expect(renderProvisionLabel(path, 'municipal')).toBe('第3条の2第2項第1号');
    expect(renderProvisionLabel(path, 'kanji')).toBe('第三条の二第二項第一号');
    expect(renderProvisionLabel({ article: '3' }, 'municipal')).toBe('第3条');
    expect(renderProvisionLabel({ article: '3', paragraph: 1 }, 'municipal')).toBe('第3条第1項');
    expect(renderProvisionLabel({ article: '3', paragraph: 2, item: '1-2' }, 'kanji')).toBe(
      '第三条第二項第一号の二',
    );
    const sub = { article: '3', paragraph: 1, item: '2', subItem: '3' };
    expect(renderProvisionLabel(sub, 'municipal')).toBe('第3条第1項第2号ウ');
    expect(renderProvisionLabel(sub, 'kanji')).toBe('第三条第一項第二号ハ');
  });
});

describe('marks', () => {
  it('numbers paragraphs 2 / ２ and items (1) / 一, ア / イ, then (ア) / （１）', () => {
    expect(renderParagraphMark(2, 'municipal')).toBe('2');
    expect(renderParagraphMark(2, 'kanji')).toBe('２');
    expect(renderItemMark('1', 0, 'municipal')).toBe('(1)');
    expect(renderItemMark('1-2', 0, 'municipal')).toBe('(1の2)');
    expect(renderItemMark('1', 0, 'kanji')).toBe('一');
    expect(renderItemMark('1-2', 0, 'kanji')).toBe('一の二');
    expect(renderItemMark('2', 1, 'municipal')).toBe('イ');
    expect(renderItemMark('2', 1, 'kanji')).toBe('ロ');
    expect(renderItemMark('2-2', 1, 'municipal')).toBe('イの2');
    expect(renderItemMark('2', 2, 'municipal')).toBe('(イ)');
    expect(renderItemMark('2', 2, 'kanji')).toBe('（２）');
  });
});

/** A small document that uses every construct once. Text is illustrative. */
function smallDocument(): AgreementDocument {
  return {
    title: '連携協約',
    preamble: '甲と乙とは、次のとおり協約を締結する。',
    articles: [
      {
        number: '1',
        caption: '目的',
        paragraphs: [{ number: 1, text: 'この協約は、目的を定める。', items: [] }],
        deleted: false,
      },
      { number: '2', caption: '', paragraphs: [], deleted: true },
      {
        number: '2-2',
        caption: '',
        paragraphs: [
          { number: 1, text: '甲は、次に掲げる事務を行う。', items: [] },
          {
            number: 2,
            text: '乙は、次に掲げる事務を行う。',
            items: [
              {
                number: '1',
                text: '調査',
                subItems: [
                  { number: '1', text: '現地調査', subItems: [] },
                  { number: '2', text: '文献調査', subItems: [] },
                ],
              },
              { number: '2', text: '報告', subItems: [] },
            ],
          },
        ],
        deleted: false,
      },
    ],
    measures: [
      {
        id: 'b',
        category: 'living-services',
        name: '地域医療',
        content: '研修を行う。',
        roles: { core: '主', partner: '従' },
      },
      {
        id: 'a',
        category: 'economic-growth',
        name: '観光',
        content: '誘客する。',
        roles: { core: '主', partner: '従' },
      },
    ],
    appendices: [
      {
        number: '2',
        title: '負担割合',
        columns: ['事業', '割合'],
        rows: [{ id: 'r1', cells: ['研修', '均等割'] }],
      },
    ],
    supplementaryProvisions: {
      paragraphs: [
        { number: 1, text: 'この協約は、令和元年12月25日から施行する。', items: [] },
        { number: 2, text: '経過措置を定める。', items: [] },
      ],
    },
  };
}

describe('renderDocument', () => {
  it('renders the municipal horizontal style', () => {
    expect(renderDocument(smallDocument(), 'municipal')).toBe(
      [
        '連携協約',
        '',
        '　甲と乙とは、次のとおり協約を締結する。',
        '',
        '（目的）',
        '第1条　この協約は、目的を定める。',
        '第2条　削除',
        '第2条の2　甲は、次に掲げる事務を行う。',
        '2　乙は、次に掲げる事務を行う。',
        '　(1)　調査',
        '　　ア　現地調査',
        '　　イ　文献調査',
        '　(2)　報告',
        '',
        '別表　連携施策',
        '①圏域全体の経済成長のけん引',
        '(1)　施策名　観光',
        '　　取組内容　誘客する。',
        '　　役割分担　甲　主',
        '　　　　　　　乙　従',
        '③圏域全体の生活関連機能サービスの向上',
        '(2)　施策名　地域医療',
        '　　取組内容　研修を行う。',
        '　　役割分担　甲　主',
        '　　　　　　　乙　従',
        '',
        '別表第2　負担割合',
        '(1)　事業　研修',
        '　　割合　均等割',
        '',
        '附　則',
        '1　この協約は、令和元年12月25日から施行する。',
        '2　経過措置を定める。',
        '',
      ].join('\n'),
    );
  });

  it('renders the kanji vertical national style', () => {
    expect(renderDocument(smallDocument(), 'kanji')).toBe(
      [
        '連携協約',
        '',
        '　甲と乙とは、次のとおり協約を締結する。',
        '',
        '　（目的）',
        '第一条　この協約は、目的を定める。',
        '第二条　削除',
        '第二条の二　甲は、次に掲げる事務を行う。',
        '２　乙は、次に掲げる事務を行う。',
        '　一　調査',
        '　　イ　現地調査',
        '　　ロ　文献調査',
        '　二　報告',
        '',
        '別表　連携施策',
        '①圏域全体の経済成長のけん引',
        '一　施策名　観光',
        '　　取組内容　誘客する。',
        '　　役割分担　甲　主',
        '　　　　　　　乙　従',
        '③圏域全体の生活関連機能サービスの向上',
        '二　施策名　地域医療',
        '　　取組内容　研修を行う。',
        '　　役割分担　甲　主',
        '　　　　　　　乙　従',
        '',
        '別表第二　負担割合',
        '一　事業　研修',
        '　　割合　均等割',
        '',
        '附　則',
        '１　この協約は、令和元年12月25日から施行する。',
        '２　経過措置を定める。',
        '',
      ].join('\n'),
    );
  });

  it('renders the sample: 前文 first, then articles, 別表, 附則 (single paragraph unnumbered)', () => {
    const text = renderDocument(buildSampleDocument(), 'municipal');
    const order = [
      '連携中枢都市圏の形成に係る連携協約',
      '　青森市（以下「甲」という。）と平内町',
      '（目的）\n第1条　',
      '第6条　',
      '別表　連携施策',
      '附　則\n　この協約は、令和元年12月25日から施行する。\n',
    ];
    const positions = order.map((s) => text.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('omits empty sections', () => {
    const doc = { ...smallDocument(), preamble: '', measures: [], appendices: [] };
    const text = renderDocument(doc, 'municipal');
    expect(text.startsWith('連携協約\n\n（目的）')).toBe(true);
    expect(text).not.toContain('別表');
  });

  it('is deterministic and total over valid documents', () => {
    fc.assert(
      fc.property(documentArb, fc.constantFrom('municipal' as const, 'kanji' as const), (doc, style) => {
        const text = renderDocument(doc, style);
        expect(renderDocument(structuredClone(doc), style)).toBe(text);
        for (const article of doc.articles) {
          expect(text).toContain(renderProvisionLabel({ article: article.number }, style));
        }
      }),
    );
  });
});

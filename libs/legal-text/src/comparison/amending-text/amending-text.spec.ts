import { AmendmentError, type AmendmentOperation } from '../../amendment';
import type { AgreementDocument, Paragraph } from '../../document.model';
import { buildSampleDocument } from '@kyoyaku/legal-text/testing';
import { amendingText, type AmendingTextOptions } from '.';

const kanji: AmendingTextOptions = { effectiveOn: '2020-04-01', style: 'kanji' };
const municipal: AmendingTextOptions = { effectiveOn: '2020-04-01', style: 'municipal' };
const para = (text: string, number = 1): Paragraph => ({ number, text, items: [] });

function sentences(
  ops: AmendmentOperation[],
  options = kanji,
  doc: AgreementDocument = buildSampleDocument(),
): string[] {
  return amendingText(doc, ops, options).sentences.map((s) => s.text);
}

describe('amendingText', () => {
  it('writes the title, the enacting sentence and the 附則 with the 施行日 in 和暦', () => {
    const ops: AmendmentOperation[] = [
      {
        op: 'replaceWords',
        target: { kind: 'provision', path: { article: '4', paragraph: 2 } },
        from: '別途',
        to: '別に',
      },
    ];
    const result = amendingText(buildSampleDocument(), ops, kanji);
    expect(result.title).toBe('連携中枢都市圏の形成に係る連携協約の一部を変更する協約');
    expect(result.lines.slice(0, 6)).toEqual([
      '連携中枢都市圏の形成に係る連携協約の一部を変更する協約',
      '\u3000連携中枢都市圏の形成に係る連携協約の一部を次のように変更する。',
      '\u3000第四条第二項中「別途」を「別に」に改める。',
      '',
      '附\u3000則',
      '\u3000この協約は、令和二年四月一日から施行する。',
    ]);
    expect(result.text).toBe(`${result.lines.join('\n')}\n`);
    expect(amendingText(buildSampleDocument(), ops, { effectiveOn: '2019-12-25' }).lines).toContain(
      '\u3000この協約は、令和元年12月25日から施行する。',
    );
    expect(amendingText(buildSampleDocument(), ops, { effectiveOn: '2019-12-25' }).sentences[0]?.text).toBe(
      '第4条第2項中「別途」を「別に」に改める。',
    );
  });

  it('combines several replacements in one article: 「A」を「B」に、「C」を「D」に改め、同条第二項中…', () => {
    const doc = buildSampleDocument();
    expect(
      sentences(
        [
          {
            op: 'replaceWords',
            target: { kind: 'provision', path: { article: '4', paragraph: 1 } },
            from: '事務',
            to: '業務',
          },
          {
            op: 'replaceWords',
            target: { kind: 'provision', path: { article: '4', paragraph: 1 } },
            from: '協力',
            to: '協働',
          },
          {
            op: 'replaceWords',
            target: { kind: 'provision', path: { article: '4', paragraph: 2 } },
            from: '別途',
            to: '別に',
          },
          {
            op: 'replaceWords',
            target: { kind: 'caption', article: '4' },
            from: '費用分担',
            to: '経費の分担',
          },
        ],
        kanji,
        doc,
      ),
    ).toEqual([
      '第四条の見出し中「費用分担」を「経費の分担」に改め、同条第一項中「事務」を「業務」に、「協力」を「協働」に改め、同条第二項中「別途」を「別に」に改める。',
    ]);
  });

  it('writes 削る and 加える for words removed or added', () => {
    expect(
      sentences([
        {
          op: 'replaceWords',
          target: { kind: 'provision', path: { article: '4', paragraph: 1 } },
          from: '相互に',
          to: '',
        },
        { op: 'replaceWords', target: { kind: 'title' }, from: '形成', to: '形成及び発展' },
        { op: 'replaceWords', target: { kind: 'preamble' }, from: '締結する', to: '改めて締結する' },
      ]),
    ).toEqual([
      '題名中「形成」の下に「及び発展」を加える。',
      '前文中「締結する」の上に「改めて」を加える。',
      '第四条第一項中「相互に」を削る。',
    ]);
    expect(
      sentences(
        [{ op: 'replaceWords', target: { kind: 'title' }, from: '形成', to: '形成及び発展' }],
        municipal,
      ),
    ).toEqual(['題名中「形成」の次に「及び発展」を加える。']);
  });

  it('quotes whole numbers with their units', () => {
    const doc = buildSampleDocument();
    const five = doc.articles[4]?.paragraphs[0];
    if (five) five.text = '甲及び乙は、年2回以上、協議を行うものとする。';
    expect(
      sentences(
        [{ op: 'replaceWords', target: { kind: 'provision', path: { article: '5' } }, from: '2', to: '3' }],
        municipal,
        doc,
      ),
    ).toEqual(['第5条中「2回」を「3回」に改める。']);
  });

  it('quotes one of several occurrences with enough context to be unique', () => {
    // 圏域 occurs many times in 第1条; the second one is in 「及び圏域全体の生活…」.
    const result = amendingText(
      buildSampleDocument(),
      [
        {
          op: 'replaceWords',
          target: { kind: 'provision', path: { article: '1' } },
          from: '圏域',
          to: '青森圏域',
          occurrence: 2,
        },
      ],
      kanji,
    );
    expect(result.sentences.map((s) => s.text)).toEqual(['第一条中「及び圏域」を「及び青森圏域」に改める。']);
  });

  it('writes 「第五条を次のように改める。」 with the new article', () => {
    const result = amendingText(
      buildSampleDocument(),
      [
        {
          op: 'replaceProvision',
          path: { article: '5' },
          content: {
            level: 'article',
            caption: '連携協議会',
            paragraphs: [para('甲及び乙は、連携協議会を置く。')],
          },
        },
      ],
      kanji,
    );
    expect(result.sentences[0]?.lines).toEqual([
      '\u3000第五条を次のように改める。',
      '\u3000（連携協議会）',
      '第五条\u3000甲及び乙は、連携協議会を置く。',
    ]);
  });

  it('inserts articles: 第三条の次に次の一条を加える / 次の二条を加える', () => {
    const article = (caption: string, text: string, after = '3'): AmendmentOperation => ({
      op: 'insertArticle',
      after,
      caption,
      paragraphs: [para(text)],
    });
    expect(sentences([article('連携事業', '甲及び乙は、連携事業を行う。')])).toEqual([
      '第三条の次に次の一条を加える。',
    ]);
    const two = amendingText(
      buildSampleDocument(),
      [
        article('連携事業', '甲及び乙は、連携事業を行う。'),
        article('成果指標', '甲は、成果指標を定める。', '3-2'),
      ],
      municipal,
    );
    expect(two.sentences.map((s) => [s.text, s.operations])).toEqual([
      ['第3条の次に次の2条を加える。', [0, 1]],
    ]);
    expect(two.sentences[0]?.lines).toEqual([
      '\u3000第3条の次に次の2条を加える。',
      '（連携事業）',
      '第3条の2\u3000甲及び乙は、連携事業を行う。',
      '（成果指標）',
      '第3条の3\u3000甲は、成果指標を定める。',
    ]);
  });

  it('renumbers to make room: 第六条を第七条とし、第五条の次に次の一条を加える', () => {
    const result = amendingText(
      buildSampleDocument(),
      [
        { op: 'renumberArticle', from: '6', to: '7' },
        {
          op: 'insertArticle',
          after: '5',
          caption: '報告',
          paragraphs: [para('甲は、毎年度、実施状況を公表する。')],
        },
      ],
      kanji,
    );
    expect(result.sentences.map((s) => [s.text, s.operations, s.parts])).toEqual([
      [
        '第六条を第七条とし、第五条の次に次の一条を加える。',
        [0, 1],
        [
          { kind: 'article', old: '6', new: '7' },
          { kind: 'article', new: '6' },
        ],
      ],
    ]);
    expect(result.sentences[0]?.lines.slice(1)).toEqual([
      '\u3000（報告）',
      '第六条\u3000甲は、毎年度、実施状況を公表する。',
    ]);
    // Renumbering twice, from the back.
    expect(
      sentences([
        { op: 'renumberArticle', from: '6', to: '8' },
        { op: 'renumberArticle', from: '5', to: '7' },
        { op: 'insertArticle', after: '4', caption: '', paragraphs: [para('甲は、報告する。')] },
        { op: 'insertArticle', after: '5', caption: '', paragraphs: [para('乙は、報告する。')] },
      ]),
    ).toEqual(['第六条を第八条とし、第五条を第七条とし、第四条の次に次の二条を加える。']);
  });

  it('cites later provisions by the numbers the earlier sentences gave them', () => {
    expect(
      sentences([
        {
          op: 'replaceWords',
          target: { kind: 'provision', path: { article: '6' } },
          from: '定めるものとする',
          to: '定める',
        },
        { op: 'renumberArticle', from: '6', to: '7' },
        { op: 'insertArticle', after: '5', caption: '', paragraphs: [para('甲は、報告する。')] },
      ]),
    ).toEqual([
      '第六条を第七条とし、第五条の次に次の一条を加える。',
      '第七条中「定めるものとする」を「定める」に改める。',
    ]);
  });

  it('deletes articles, with or without 「削除」', () => {
    expect(sentences([{ op: 'deleteProvision', path: { article: '5' }, leaveDeletedMarker: false }])).toEqual(
      ['第五条を削る。'],
    );
    const marker = amendingText(
      buildSampleDocument(),
      [{ op: 'deleteProvision', path: { article: '5' }, leaveDeletedMarker: true }],
      kanji,
    );
    expect(marker.sentences[0]?.lines).toEqual(['\u3000第五条を次のように改める。', '第五条\u3000削除']);
  });

  it('renumbers the 項 that follow an inserted or removed one', () => {
    expect(
      sentences([{ op: 'insertParagraph', article: '4', after: 1, text: '甲は、事務局を置く。', items: [] }]),
    ).toEqual(['第四条第二項を同条第三項とし、同条第一項の次に次の一項を加える。']);
    expect(
      sentences([{ op: 'insertParagraph', article: '4', after: 2, text: '甲は、事務局を置く。', items: [] }]),
    ).toEqual(['第四条に次の一項を加える。']);
    expect(
      sentences([
        { op: 'insertParagraph', article: '4', after: null, text: '甲は、事務局を置く。', items: [] },
      ]),
    ).toEqual([
      '第四条第二項を同条第三項とし、同条第一項を同条第二項とし、同条に第一項として次の一項を加える。',
    ]);
    expect(
      sentences([{ op: 'deleteProvision', path: { article: '4', paragraph: 1 }, leaveDeletedMarker: false }]),
    ).toEqual(['第四条第一項を削り、同条第二項を同条第一項とする。']);
    const added = amendingText(
      buildSampleDocument(),
      [{ op: 'insertParagraph', article: '4', after: 2, text: '甲は、事務局を置く。', items: [] }],
      kanji,
    );
    expect(added.sentences[0]?.lines.slice(1)).toEqual(['３\u3000甲は、事務局を置く。']);
  });

  it('adds and removes 号, citing 第三条第一号 when the article has one 項', () => {
    const doc = buildSampleDocument();
    const withItems = amendingText(
      doc,
      [
        {
          op: 'insertItem',
          parent: { article: '3', paragraph: 1 },
          after: null,
          text: '圏域の経済成長',
          subItems: [],
        },
      ],
      kanji,
    );
    expect(withItems.sentences[0]?.lines).toEqual([
      '\u3000第三条に次の一号を加える。',
      '\u3000一\u3000圏域の経済成長',
    ]);
    const two: AmendmentOperation[] = [
      {
        op: 'insertItem',
        parent: { article: '3', paragraph: 1 },
        after: null,
        text: '圏域の経済成長',
        subItems: [],
      },
      {
        op: 'insertItem',
        parent: { article: '3', paragraph: 1 },
        after: '1',
        text: '都市機能の強化',
        subItems: [],
      },
      {
        op: 'insertItem',
        parent: { article: '3', paragraph: 1 },
        after: '1',
        number: '1-2',
        text: '観光',
        subItems: [],
      },
      { op: 'deleteProvision', path: { article: '3', paragraph: 1, item: '2' }, leaveDeletedMarker: false },
    ];
    expect(sentences(two, municipal)).toEqual([
      '第3条に次の1号を加える。',
      '第3条に次の1号を加える。',
      '第3条第1号の次に次の1号を加える。',
      '第3条第2号を削る。',
    ]);
  });

  describe('in an article with items and sub-items', () => {
    /** 第4条: 甲は、次に掲げる事務を行う。 (1) 企画 (2) 調整 ア 甲の事務 イ 乙の事務; 2 乙は、前項の事務に協力する。 */
    function withItems(): AgreementDocument {
      const doc = buildSampleDocument();
      doc.articles[3] = {
        number: '4',
        caption: '事務',
        deleted: false,
        paragraphs: [
          {
            number: 1,
            text: '甲は、次に掲げる事務を行う。',
            items: [
              { number: '1', text: '連携施策の企画', subItems: [] },
              {
                number: '2',
                text: '連携施策の調整',
                subItems: [
                  { number: '1', text: '甲の事務', subItems: [] },
                  { number: '2', text: '乙の事務', subItems: [] },
                ],
              },
            ],
          },
          { number: 2, text: '乙は、前項の事務に協力する。', items: [] },
        ],
      };
      return doc;
    }

    it('cites the narrowest provision holding the chosen occurrence', () => {
      // The third 「事務」 of 第4条 is in 第1項第2号イ (ロ in the kanji style).
      const op: AmendmentOperation = {
        op: 'replaceWords',
        target: { kind: 'provision', path: { article: '4' } },
        from: '事務',
        to: '業務',
        occurrence: 3,
      };
      expect(sentences([op], municipal, withItems())).toEqual([
        '第4条第1項第2号イ中「事務」を「業務」に改める。',
      ]);
      expect(sentences([op], kanji, withItems())).toEqual([
        '第四条第一項第二号ロ中「事務」を「業務」に改める。',
      ]);
      expect(sentences([{ ...op, occurrence: 'all' }], kanji, withItems())).toEqual([
        '第四条中「事務」を「業務」に改める。',
      ]);
    });

    it('rewrites items, sub-items and paragraphs', () => {
      const result = amendingText(
        withItems(),
        [
          {
            op: 'replaceProvision',
            path: { article: '4', paragraph: 1, item: '2' },
            content: { level: 'item', text: '連携施策の総合調整', subItems: [] },
          },
          {
            op: 'deleteProvision',
            path: { article: '4', paragraph: 1, item: '1' },
            leaveDeletedMarker: true,
          },
          {
            op: 'replaceProvision',
            path: { article: '4', paragraph: 2 },
            content: { level: 'paragraph', text: '乙は、協力する。', items: [] },
          },
        ],
        kanji,
      );
      expect(result.sentences.flatMap((s) => s.lines)).toEqual([
        '\u3000第四条第一項第一号を次のように改める。',
        '\u3000一\u3000削除',
        '\u3000第四条第一項第二号を次のように改める。',
        '\u3000二\u3000連携施策の総合調整',
        '\u3000第四条第二項を次のように改める。',
        '２\u3000乙は、協力する。',
      ]);
    });

    it('adds a sub-item', () => {
      const result = amendingText(
        withItems(),
        [
          {
            op: 'insertItem',
            parent: { article: '4', paragraph: 1, item: '2' },
            after: '1',
            text: '調整の記録',
            subItems: [],
          },
        ],
        municipal,
      );
      expect(result.sentences[0]?.lines).toEqual([
        '\u3000第4条第1項第2号アの次に次のように加える。',
        '\u3000\u3000アの2\u3000調整の記録',
      ]);
    });

    it('rewrites the provision when no quotation can single out the occurrence', () => {
      const doc = withItems();
      const paragraph = doc.articles[3]?.paragraphs[0];
      if (paragraph) paragraph.text = '連携施策の企画';
      // 第1項's own text is the same as its 第1号: no phrase of it is unique in 第1項.
      const result = amendingText(
        doc,
        [
          {
            op: 'replaceWords',
            target: { kind: 'provision', path: { article: '4' } },
            from: '企画',
            to: '立案',
            occurrence: 1,
          },
        ],
        municipal,
      );
      expect(result.sentences[0]?.lines).toEqual([
        '\u3000第4条第1項を次のように改める。',
        '第4条\u3000連携施策の立案',
        '\u3000(1)\u3000連携施策の企画',
        '\u3000(2)\u3000連携施策の調整',
        '\u3000\u3000ア\u3000甲の事務',
        '\u3000\u3000イ\u3000乙の事務',
      ]);
    });
  });

  it('rewrites the measures table and the old 附則', () => {
    const result = amendingText(
      buildSampleDocument(),
      [
        { op: 'reviseMeasure', id: 'm02', changes: { content: '起業支援等に取り組む。' } },
        {
          op: 'replaceSupplementaryProvisions',
          supplementaryProvisions: { paragraphs: [para('この協約は、令和2年1月1日から施行する。')] },
        },
        { op: 'removeMeasure', id: 'm03' },
      ],
      municipal,
    );
    expect(result.sentences.map((s) => [s.text, s.operations])).toEqual([
      ['別表を次のように改める。', [0, 2]],
      ['附則を次のように改める。', [1]],
    ]);
    expect(result.sentences[0]?.lines).toContain('　　取組内容　起業支援等に取り組む。');
    expect(result.sentences[0]?.lines.join('\n')).not.toContain('地域資源を活用した');
    expect(result.sentences[1]?.lines.slice(1)).toEqual([
      '附　則',
      '　この協約は、令和2年1月1日から施行する。',
    ]);
    const all = buildSampleDocument().measures.map((m): AmendmentOperation => ({
      op: 'removeMeasure',
      id: m.id,
    }));
    expect(sentences(all)).toEqual(['別表を削る。']);
  });

  it('orders sentences from the first provision to the last, whatever the order of the operations', () => {
    expect(
      sentences([
        { op: 'reviseMeasure', id: 'm01', changes: { name: '推進体制の整備' } },
        {
          op: 'replaceWords',
          target: { kind: 'provision', path: { article: '6' } },
          from: '甲乙',
          to: '甲及び乙が',
        },
        {
          op: 'replaceWords',
          target: { kind: 'provision', path: { article: '2' } },
          from: '次条',
          to: '第三条',
        },
        { op: 'replaceWords', target: { kind: 'title' }, from: '形成', to: '形成及び発展' },
      ]),
    ).toEqual([
      '題名中「形成」の下に「及び発展」を加える。',
      '第二条中「次条」を「第三条」に改める。',
      '第六条中「甲乙」を「甲及び乙が」に改める。',
      // One row of three: changed within the row (a 別表 is amended row by row).
      '別表一の項中「産学金官民一体となった圏域の経済成長等の」を削る。',
    ]);
  });

  it('keeps the order of the operations where reading front to back would say something else', () => {
    // 第6条 becomes 第7条 before the new 第6条 is inserted, with an unrelated change in between.
    const result = amendingText(
      buildSampleDocument(),
      [
        { op: 'renumberArticle', from: '6', to: '7' },
        {
          op: 'replaceWords',
          target: { kind: 'provision', path: { article: '2' } },
          from: '次条',
          to: '第三条',
        },
        { op: 'insertArticle', after: '5', caption: '', paragraphs: [para('甲は、報告する。')] },
      ],
      kanji,
    );
    expect(result.sentences.map((s) => s.text)).toEqual([
      '第六条を第七条とする。',
      '第二条中「次条」を「第三条」に改める。',
      '第五条の次に次の一条を加える。',
    ]);
  });

  it('refuses operations that do not apply, no operations, and a bad 施行日', () => {
    const bad: AmendmentOperation = { op: 'renumberArticle', from: '9', to: '10' };
    expect(() => amendingText(buildSampleDocument(), [bad], kanji)).toThrow(AmendmentError);
    expect(() => amendingText(buildSampleDocument(), [], kanji)).toThrow('改正操作がありません');
    expect(() =>
      amendingText(buildSampleDocument(), [{ op: 'removeMeasure', id: 'm01' }], {
        effectiveOn: '2020-02-30',
      }),
    ).toThrow('施行日が不正です');
  });
});

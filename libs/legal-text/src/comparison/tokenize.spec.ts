import fc from 'fast-check';
import { tokenize, type TokenKind } from './tokenize';

const texts = (text: string): string[] => tokenize(text).map((t) => t.text);
const kinds = (text: string): [string, TokenKind][] => tokenize(text).map((t) => [t.text, t.kind]);

describe('tokenize', () => {
  it('keeps a number with its unit or counter', () => {
    expect(texts('負担金は500円とする。')).toEqual(['負担金', 'は', '500円', 'とする', '。']);
    expect(texts('委員3人以内')).toEqual(['委員', '3人', '以内']);
    expect(texts('1,000万円、2分の1、50％、１２か月、3年度')).toEqual([
      '1,000万円',
      '、',
      '2分の1',
      '、',
      '50％',
      '、',
      '１２か月',
      '、',
      '3年度',
    ]);
  });

  it('keeps whole dates', () => {
    expect(kinds('令和元年12月25日から')).toEqual([
      ['令和元年12月25日', 'date'],
      ['から', 'hiragana'],
    ]);
    expect(texts('2019-12-25及び2020/3/23')).toEqual(['2019-12-25', '及', 'び', '2020/3/23']);
    expect(texts('令和二年四月一日')).toEqual(['令和二年四月一日']);
    expect(texts('令和2年度')).toEqual(['令和2年度']);
    expect(texts('4月1日から')).toEqual(['4月1日', 'から']);
  });

  it('keeps references, 枝番号 included, and stops a kanji run before them', () => {
    expect(kinds('第3条の2第1項')).toEqual([
      ['第3条の2', 'reference'],
      ['第1項', 'reference'],
    ]);
    expect(texts('同法第二百五十二条の二の規定')).toEqual(['同法', '第二百五十二条の二', 'の', '規定']);
    // の一 is no 枝番号.
    expect(texts('第三条の一部')).toEqual(['第三条', 'の', '一部']);
    expect(texts('昭和22年法律第67号')).toEqual(['昭和22年', '法律', '第67号']);
  });

  it('keeps a quoted phrase whole, nested quotes included', () => {
    expect(kinds('「うみ・まち・ひと」にわたる')).toEqual([
      ['「うみ・まち・ひと」', 'quote'],
      ['にわたる', 'hiragana'],
    ]);
    expect(texts('「「甲」という」')).toEqual(['「「甲」という」']);
    expect(texts('「閉じない')).toEqual(['「', '閉', 'じない']);
  });

  it('splits scripts into runs', () => {
    expect(kinds('外ヶ浜町のビジョン懇談会、ICT活用')).toEqual([
      ['外ヶ浜町', 'kanji'],
      ['の', 'hiragana'],
      ['ビジョン', 'katakana'],
      ['懇談会', 'kanji'],
      ['、', 'punctuation'],
      ['ICT', 'latin'],
      ['活用', 'kanji'],
    ]);
    expect(kinds('甲\u3000乙')).toEqual([
      ['甲', 'kanji'],
      ['\u3000', 'space'],
      ['乙', 'kanji'],
    ]);
  });

  it('gives the text back when the tokens are joined', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(texts(text).join('')).toBe(text);
      }),
    );
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(...'第3条の二年月日円人「」、。令和元あア漢字５0,.'),
          maxLength: 30,
        }),
        (text) => {
          const tokens = tokenize(text);
          expect(tokens.map((t) => t.text).join('')).toBe(text);
          expect(tokens.every((t) => t.text.length > 0)).toBe(true);
        },
      ),
    );
  });
});

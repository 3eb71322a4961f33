import fc from 'fast-check';
import {
  AIUEO_MARKS,
  IROHA_MARKS,
  compareProvisionNumbers,
  formatProvisionNumber,
  fromKanaMark,
  fromKanjiNumeral,
  isProvisionNumber,
  kanaMark,
  numberBetween,
  parseNumeral,
  parseProvisionNumber,
  toFullWidthDigits,
  toKanjiNumeral,
} from './numbering';
import { provisionNumberArb } from '@kyoyaku/legal-text/testing';

describe('provision numbers', () => {
  it.each(['1', '3', '3-2', '3-2-2', '12-10', '100'])('accepts %s', (n) =>
    expect(isProvisionNumber(n)).toBe(true),
  );

  it.each(['', '0', '03', '3-1', '3-0', '3-', '-3', '3_2', '３', '3-02', ' 3', '1000000000'])(
    'rejects %j',
    (n) => expect(isProvisionNumber(n)).toBe(false),
  );

  it('parses and formats', () => {
    expect(parseProvisionNumber('3-2')).toEqual([3, 2]);
    expect(formatProvisionNumber([3, 2, 2])).toBe('3-2-2');
    expect(() => parseProvisionNumber('3-1')).toThrow(RangeError);
    expect(() => formatProvisionNumber([])).toThrow(RangeError);
    expect(() => formatProvisionNumber([3, 1])).toThrow(RangeError);
    expect(() => formatProvisionNumber([2.5])).toThrow(RangeError);
  });

  it('round-trips', () => {
    fc.assert(fc.property(provisionNumberArb, (n) => formatProvisionNumber(parseProvisionNumber(n)) === n));
  });

  it('orders 第3条 < 第3条の2 < 第3条の2の2 < 第3条の3 < 第4条 < 第10条', () => {
    const sorted = ['3', '3-2', '3-2-2', '3-3', '4', '10'];
    const shuffled = ['10', '3-3', '3', '4', '3-2-2', '3-2'];
    expect([...shuffled].sort(compareProvisionNumbers)).toEqual(sorted);
    expect(compareProvisionNumbers('3-2', '3-2')).toBe(0);
    expect(compareProvisionNumbers('9', '10')).toBe(-1);
  });

  it('orders as a total order (antisymmetric, transitive)', () => {
    fc.assert(
      fc.property(provisionNumberArb, provisionNumberArb, provisionNumberArb, (a, b, c) => {
        expect(compareProvisionNumbers(a, b)).toBe(-compareProvisionNumbers(b, a) || 0);
        expect(compareProvisionNumbers(a, b) === 0).toBe(a === b);
        if (compareProvisionNumbers(a, b) < 0 && compareProvisionNumbers(b, c) < 0) {
          expect(compareProvisionNumbers(a, c)).toBe(-1);
        }
      }),
    );
  });
});

describe('numberBetween (枝番号)', () => {
  it.each([
    ['3', '4', '3-2'],
    ['3-2', '4', '3-3'],
    ['3-2', '3-3', '3-2-2'],
    ['6', null, '7'],
    ['3', '5', '4'],
    [null, '2', '1'],
    [null, null, '1'],
    ['3-2', null, '3-3'],
  ])('after %s before %s → %s', (after, before, expected) =>
    expect(numberBetween(after, before)).toBe(expected),
  );

  it.each([
    [null, '1'],
    ['3', '3-2'],
    ['3-2', '3-2-2'],
  ])('finds nothing after %s before %s', (after, before) =>
    expect(numberBetween(after, before)).toBeUndefined(),
  );

  it('always lies strictly between its neighbours', () => {
    fc.assert(
      fc.property(fc.option(provisionNumberArb), fc.option(provisionNumberArb), (a, b) => {
        fc.pre(a === null || b === null || compareProvisionNumbers(a, b) < 0);
        const n = numberBetween(a, b);
        if (n === undefined) return;
        expect(isProvisionNumber(n)).toBe(true);
        if (a !== null) expect(compareProvisionNumbers(a, n)).toBe(-1);
        if (b !== null) expect(compareProvisionNumbers(n, b)).toBe(-1);
      }),
    );
  });
});

describe('kanji numerals', () => {
  it.each([
    [0, '〇'],
    [1, '一'],
    [10, '十'],
    [11, '十一'],
    [20, '二十'],
    [23, '二十三'],
    [99, '九十九'],
    [100, '百'],
    [101, '百一'],
    [110, '百十'],
    [252, '二百五十二'],
    [1000, '千'],
    [1111, '千百十一'],
    [2024, '二千二十四'],
    [10000, '一万'],
    [10001, '一万一'],
    [123456, '十二万三千四百五十六'],
  ])('%i → %s', (n, kanji) => {
    expect(toKanjiNumeral(n)).toBe(kanji);
    expect(fromKanjiNumeral(kanji)).toBe(n);
  });

  it('rejects non-canonical spellings and other text', () => {
    for (const s of ['一十', '二〇', '十十', '百百', '', 'x', '一二', '万'])
      expect(fromKanjiNumeral(s)).toBeUndefined();
    expect(() => toKanjiNumeral(-1)).toThrow(RangeError);
    expect(() => toKanjiNumeral(1.5)).toThrow(RangeError);
  });

  it('round-trips every number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), (n) => fromKanjiNumeral(toKanjiNumeral(n)) === n),
    );
  });

  it('parses arabic, full-width and kanji numerals', () => {
    expect(parseNumeral('12')).toBe(12);
    expect(parseNumeral('１２')).toBe(12);
    expect(parseNumeral('十二')).toBe(12);
    expect(parseNumeral('012')).toBeUndefined();
    expect(parseNumeral('1a')).toBeUndefined();
    expect(toFullWidthDigits(2)).toBe('２');
    expect(toFullWidthDigits(10)).toBe('１０');
  });
});

describe('kana marks', () => {
  it('follows アイウ and いろは order', () => {
    expect(AIUEO_MARKS.slice(0, 5).join('')).toBe('アイウエオ');
    expect(IROHA_MARKS.slice(0, 7).join('')).toBe('イロハニホヘト');
    expect(AIUEO_MARKS).toHaveLength(44);
    expect(IROHA_MARKS).toHaveLength(47);
    expect(kanaMark(3, AIUEO_MARKS)).toBe('ウ');
    expect(kanaMark(3, IROHA_MARKS)).toBe('ハ');
    expect(kanaMark(45, AIUEO_MARKS)).toBe('45');
    expect(fromKanaMark('ウ', AIUEO_MARKS)).toBe(3);
    expect(fromKanaMark('ハ', IROHA_MARKS)).toBe(3);
    expect(fromKanaMark('ン', AIUEO_MARKS)).toBeUndefined();
  });

  it('has no repeated marks', () => {
    expect(new Set(AIUEO_MARKS).size).toBe(AIUEO_MARKS.length);
    expect(new Set(IROHA_MARKS).size).toBe(IROHA_MARKS.length);
  });
});

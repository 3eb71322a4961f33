import fc from 'fast-check';
import type { ProvisionPath } from './document.model';
import { toFullWidthDigits } from './numbering';
import { readProvisionNumber, readProvisionReference } from './reference';
import { renderArticleNumber, renderBranchedNumber, renderProvisionLabel, type RenderStyle } from './render';

/** FC_RUNS=2000 for a long local run; CI keeps the default. */
const RUNS = Number(process.env.FC_RUNS ?? 200);

describe('readProvisionNumber (an article or item number as people type it)', () => {
  it.each<[string, '条' | '号' | undefined, string]>([
    ['4', '条', '4'],
    ['3-2', '条', '3-2'],
    ['第4条', '条', '4'],
    ['第3条の2', '条', '3-2'],
    ['第三条の二', '条', '3-2'],
    ['第３条の２', '条', '3-2'],
    ['第二百五十二条の二', '条', '252-2'],
    ['４', '条', '4'],
    ['３－２', '条', '3-2'],
    ['3の2', '条', '3-2'],
    ['三の二', '条', '3-2'],
    [' 第4条 ', '条', '4'],
    ['第1号の2', '号', '1-2'],
    ['第一号', '号', '1'],
    ['1-2', '号', '1-2'],
    ['2', undefined, '2'],
  ])('reads %j (%s) as %j', (text, unit, number) => {
    expect(readProvisionNumber(text, unit)).toEqual({ ok: true, value: number });
  });

  it.each<[string, '条' | '号' | undefined]>([
    ['', '条'],
    ['第4条第2項', '条'],
    ['第1号', '条'],
    ['第4条', '号'],
    ['第4条', undefined],
    ['4条', '条'],
    ['03', '条'],
    ['3-', '条'],
    ['第一十条', '条'],
    ['第3条の', '条'],
    ['99999999999', '条'],
    ['m04', '条'],
  ])('cannot read %j (%s)', (text, unit) => {
    expect(readProvisionNumber(text, unit)).toMatchObject({ ok: false, namesNothing: false });
  });

  it.each<[string, '条' | '号']>([
    ['第0条', '条'],
    ['第〇条', '条'],
    ['第3条の1', '条'],
    ['0', '条'],
    ['3-1', '条'],
    ['第0号', '号'],
  ])('says %j names nothing (numbers from 1, 枝番号 from 2)', (text, unit) => {
    const read = readProvisionNumber(text, unit);
    expect(read).toMatchObject({ ok: false, namesNothing: true });
    expect(read.ok ? '' : read.reason).toContain(`「${text}」`);
  });
});

describe('readProvisionReference (a provision as people cite it)', () => {
  it.each<[string, ProvisionPath]>([
    ['第4条', { article: '4' }],
    ['第4条第2項', { article: '4', paragraph: 2 }],
    ['第3条の2', { article: '3-2' }],
    ['第3条の2第1項第2号', { article: '3-2', paragraph: 1, item: '2' }],
    ['第四条', { article: '4' }],
    ['第四条第二項', { article: '4', paragraph: 2 }],
    ['第４条第２項', { article: '4', paragraph: 2 }],
    ['第3条第1項第2号ウ', { article: '3', paragraph: 1, item: '2', subItem: '3' }],
    ['4', { article: '4' }],
    ['4-2', { article: '4-2' }],
    ['４－２', { article: '4-2' }],
  ])('reads %j', (text, path) => {
    expect(readProvisionReference(text)).toEqual({ ok: true, value: path });
  });

  it.each([
    '',
    '第4項',
    '4条2項',
    '第4条 第2項',
    '第一十条',
    '第3条第1項第1号ン',
    'article 4',
    '{"article":"4"}',
  ])('cannot read %j', (text) => {
    const read = readProvisionReference(text);
    expect(read).toMatchObject({ ok: false, namesNothing: false });
    expect(read.ok ? '' : read.reason).toContain('第4条第2項');
  });

  it.each(['第0条', '第4条第0項', '第3条の1', '第4条第1項第0号', '第〇条', '0'])(
    'says %j names nothing',
    (text) => {
      expect(readProvisionReference(text)).toMatchObject({ ok: false, namesNothing: true });
    },
  );

  const numberArb = fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 12_000 }).map(String) },
    fc
      .tuple(
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.integer({ min: 2, max: 120 }), { minLength: 1, maxLength: 2 }),
      )
      .map(([main, branches]) => [main, ...branches].join('-')),
  );
  const pathArb: fc.Arbitrary<ProvisionPath> = fc
    .record(
      {
        article: numberArb,
        paragraph: fc.integer({ min: 1, max: 120 }),
        item: numberArb,
        subItem: fc.integer({ min: 1, max: 44 }).map(String),
      },
      { requiredKeys: ['article'] },
    )
    .map((raw) => {
      // A real citation: no item without a paragraph, no sub-item without an item.
      const path: ProvisionPath = { article: raw.article };
      if (raw.paragraph === undefined) return path;
      path.paragraph = raw.paragraph;
      if (raw.item === undefined) return path;
      path.item = raw.item;
      if (raw.subItem !== undefined) path.subItem = raw.subItem;
      return path;
    });
  const styleArb = fc.constantFrom<RenderStyle>('municipal', 'kanji');

  it('reads back every canonical path printed in either style, and in full-width digits', () => {
    fc.assert(
      fc.property(pathArb, styleArb, (path, style) => {
        const label = renderProvisionLabel(path, style);
        expect(readProvisionReference(label)).toEqual({ ok: true, value: path });
        const fullWidth = label.replace(/\d+/g, (d) => toFullWidthDigits(Number(d)));
        expect(readProvisionReference(fullWidth)).toEqual({ ok: true, value: path });
      }),
      { numRuns: RUNS },
    );
  });

  it('reads back every canonical number: as it is, printed as an article, and without 第…条', () => {
    fc.assert(
      fc.property(numberArb, styleArb, (number, style) => {
        expect(readProvisionNumber(number, '条')).toEqual({ ok: true, value: number });
        expect(readProvisionNumber(renderArticleNumber(number, style), '条')).toEqual({
          ok: true,
          value: number,
        });
        expect(readProvisionNumber(renderBranchedNumber(number, style), '条')).toEqual({
          ok: true,
          value: number,
        });
        expect(readProvisionReference(number)).toEqual({ ok: true, value: { article: number } });
      }),
      { numRuns: RUNS },
    );
  });

  it('says a printed path with a 0 in it names nothing', () => {
    fc.assert(
      fc.property(pathArb, styleArb, (path, style) => {
        const label = renderProvisionLabel(path, style);
        // Put 0 where the first number stands: 第0条…, 第〇条….
        const zeroed = label.replace(/^第[^条]+条/, style === 'kanji' ? '第〇条' : '第0条');
        expect(readProvisionReference(zeroed)).toMatchObject({ ok: false, namesNothing: true });
      }),
      { numRuns: RUNS },
    );
  });
});

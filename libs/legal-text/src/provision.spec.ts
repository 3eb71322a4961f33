import fc from 'fast-check';
import type { ProvisionPath } from './document.model';
import {
  describeLookupFailure,
  describeProvision,
  findProvision,
  isValidProvisionPath,
  locateProvision,
  parseProvisionLabel,
} from './provision';
import { renderProvisionLabel } from './render';
import { provisionNumberArb, buildSampleDocument } from '@kyoyaku/legal-text/testing';

describe('locateProvision', () => {
  const doc = buildSampleDocument();

  it('finds articles and paragraphs', () => {
    const found = findProvision(doc, { article: '4', paragraph: 2 });
    expect(found?.level).toBe('paragraph');
    expect(found && found.level === 'paragraph' ? found.paragraph.text : '').toContain('事業ごとに協議の上');
    expect(findProvision(doc, { article: '1' })?.level).toBe('article');
  });

  it('says where a path stops', () => {
    const missing = locateProvision(doc, { article: '4', paragraph: 5, item: '1' });
    expect(missing).toEqual({ ok: false, reason: 'not-found', at: { article: '4', paragraph: 5 } });
    if (!missing.ok) expect(describeLookupFailure(missing)).toBe('第4条第5項が見つかりません');
    expect(locateProvision(doc, { article: '9' })).toMatchObject({
      ok: false,
      reason: 'not-found',
      at: { article: '9' },
    });
    expect(locateProvision(doc, { article: '1', paragraph: 1, item: '1' })).toMatchObject({
      reason: 'not-found',
      at: { item: '1' },
    });
  });

  it('refuses malformed paths', () => {
    expect(locateProvision(doc, { article: '3-1' })).toMatchObject({ ok: false, reason: 'invalid-path' });
    expect(locateProvision(doc, { article: '1', paragraph: 0 })).toMatchObject({ reason: 'invalid-path' });
    expect(locateProvision(doc, { article: '1', item: '1' })).toMatchObject({ reason: 'invalid-path' });
    expect(isValidProvisionPath({ article: '1', paragraph: 1, subItem: '1' })).toBe(false);
    expect(describeProvision({ article: 'x' })).toBe('「{"article":"x"}」');
  });

  it('finds a deleted article but nothing inside it', () => {
    const withDeleted = buildSampleDocument();
    withDeleted.articles[4] = { number: '5', caption: '', paragraphs: [], deleted: true };
    expect(findProvision(withDeleted, { article: '5' })?.level).toBe('article');
    expect(locateProvision(withDeleted, { article: '5', paragraph: 1 })).toMatchObject({ reason: 'deleted' });
  });
});

describe('parseProvisionLabel', () => {
  it.each<[string, ProvisionPath]>([
    ['第3条', { article: '3' }],
    ['第3条の2第2項第1号', { article: '3-2', paragraph: 2, item: '1' }],
    ['第三条の二第二項第一号', { article: '3-2', paragraph: 2, item: '1' }],
    ['第３条第２項', { article: '3', paragraph: 2 }],
    ['第3条第1項第2号ウ', { article: '3', paragraph: 1, item: '2', subItem: '3' }],
    ['第三条第一項第二号ハ', { article: '3', paragraph: 1, item: '2', subItem: '3' }],
    ['第3条第1項第1号の2', { article: '3', paragraph: 1, item: '1-2' }],
    ['第3条第1号', { article: '3', paragraph: 1, item: '1' }],
    ['第二百五十二条の二第七項', { article: '252-2', paragraph: 7 }],
  ])('%s', (label, path) => expect(parseProvisionLabel(label)).toEqual(path));

  it.each([
    '',
    '第3項',
    '3条',
    '第3条の1',
    '第〇条',
    '第3条第0項',
    '第3条第1項第1号ン',
    '第一十条',
    '第3条 第2項',
  ])('rejects %j', (label) => expect(parseProvisionLabel(label)).toBeUndefined());

  it('reads back every rendered label in both styles', () => {
    const pathArb = fc.record(
      {
        article: provisionNumberArb,
        paragraph: fc.integer({ min: 1, max: 30 }),
        item: provisionNumberArb,
        subItem: fc.integer({ min: 1, max: 44 }).map(String),
      },
      { requiredKeys: ['article'] },
    );
    fc.assert(
      fc.property(pathArb, fc.constantFrom('municipal' as const, 'kanji' as const), (raw, style) => {
        // Shape the path as a real citation: no item without paragraph, no sub-item without item.
        const path: ProvisionPath = { article: raw.article };
        if (raw.paragraph !== undefined) {
          path.paragraph = raw.paragraph;
          if (raw.item !== undefined) {
            path.item = raw.item;
            if (raw.subItem !== undefined) path.subItem = raw.subItem;
          }
        }
        expect(parseProvisionLabel(renderProvisionLabel(path, style))).toEqual(path);
      }),
    );
  });
});

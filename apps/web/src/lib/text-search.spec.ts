import { describe, expect, it } from '@jest/globals';
import type { AgreementDocument } from '@kyoyaku/legal-text';
import { findIn, searchUnits, searchVersions } from './text-search';

function document(role: string): AgreementDocument {
  return {
    title: '連携中枢都市圏の形成に係る連携協約',
    preamble: '青森市（以下「甲」という。）と平内町（以下「乙」という。）とは、…',
    articles: [
      {
        number: '3-2',
        caption: '疑義の解決',
        deleted: false,
        paragraphs: [{ number: 1, text: '甲乙協議の上、定める。', items: [] }],
      },
      { number: '4', caption: '', deleted: true, paragraphs: [] },
    ],
    measures: [
      {
        id: 'm04',
        category: 'economic-growth',
        name: '戦略的な観光施策の展開',
        content: '誘客拡大を図る。',
        roles: { core: '中心的な役割を担う。', partner: role },
      },
    ],
    appendices: [],
    supplementaryProvisions: {
      paragraphs: [{ number: 1, text: 'この協約は、締結の日から施行する。', items: [] }],
    },
  };
}

describe('searching agreement texts', () => {
  it('names each provision by its label and the anchor of the text page', () => {
    expect(searchUnits(document('甲と連携して取り組む。')).map((u) => [u.label, u.anchor])).toEqual([
      ['題名', ''],
      ['前文', ''],
      ['第3条の2', 'article-3-2'],
      ['別表 戦略的な観光施策の展開', 'measure-m04'],
      ['附則', 'supplementary-provisions'],
    ]);
  });

  it('finds the words with their context; Latin letters in either case', () => {
    expect(findIn('甲乙協議の上、定める。', '協議')).toEqual({
      before: '甲乙',
      match: '協議',
      after: 'の上、定める。',
    });
    expect(findIn('DX の推進', 'dx')?.match).toBe('DX');
    expect(findIn('甲乙協議の上', '  ')).toBeUndefined();
    expect(findIn('甲乙協議の上', '廃止')).toBeUndefined();
  });

  it('tells the same wording in several versions once, with every version it stands in', () => {
    const versions = [
      {
        agreementId: 'a',
        versionNumber: 1,
        effectiveFrom: '2019-12-25',
        document: document('甲と連携して取り組む。'),
      },
      {
        agreementId: 'a',
        versionNumber: 2,
        effectiveFrom: '2021-04-01',
        document: document('夏泊半島の情報を提供する'),
      },
    ];
    const hits = searchVersions(versions, '協議');
    expect(hits.map((h) => [h.label, h.versions.map((v) => v.number)])).toEqual([['第3条の2', [1, 2]]]);
    // The 別表 row changed: one hit per wording.
    expect(searchVersions(versions, '観光施策').map((h) => h.versions.map((v) => v.number))).toEqual([
      [1],
      [2],
    ]);
    expect(searchVersions(versions, '夏泊半島').map((h) => [h.anchor, h.versions[0]?.effectiveFrom])).toEqual(
      [['measure-m04', '2021-04-01']],
    );
  });
});

/**
 * Golden files for representative amendments of the sample agreement: the 改め文 and the
 * 新旧対照表 (HTML). Regenerate with `UPDATE_GOLDEN=1 npx jest libs/legal-text`, then review the diff.
 */
import { join } from 'node:path';
import { applyAmendment, type AmendmentOperation } from '../amendment';
import type { LegalDate } from '../legal-date';
import type { RenderStyle } from '../render';
import { buildSampleDocument, goldenFiles } from '@kyoyaku/legal-text/testing';
import { amendingText } from './amending-text';
import { comparisonTable, type ComparisonTableOptions } from './comparison-table';
import { renderComparisonHtml } from './render-comparison';

const expectGolden = goldenFiles(join(__dirname, '__golden__'));

interface Case {
  name: string;
  description: string;
  style: RenderStyle;
  /** ILLUSTRATIVE: the day the 変更 was concluded, for the column header. */
  concludedOn: LegalDate;
  effectiveOn: LegalDate;
  table: ComparisonTableOptions;
  operations: AmendmentOperation[];
}

const CASES: Case[] = [
  {
    name: '01-words',
    description: '字句の改正（複数の字句、見出し、題名）',
    style: 'municipal',
    concludedOn: '2020-03-25',
    effectiveOn: '2020-04-01',
    table: { order: 'new-old', elideUnchanged: false },
    operations: [
      {
        op: 'replaceWords',
        target: { kind: 'provision', path: { article: '4', paragraph: 2 } },
        from: '別途',
        to: '別に',
      },
      {
        op: 'replaceWords',
        target: { kind: 'provision', path: { article: '4', paragraph: 1 } },
        from: '相互に',
        to: '',
      },
      {
        op: 'replaceWords',
        target: { kind: 'provision', path: { article: '4', paragraph: 1 } },
        from: '協力',
        to: '協働',
      },
      { op: 'replaceWords', target: { kind: 'caption', article: '4' }, from: '費用分担', to: '経費の分担' },
      { op: 'replaceWords', target: { kind: 'title' }, from: '形成', to: '形成及び発展' },
      {
        op: 'replaceWords',
        target: { kind: 'provision', path: { article: '1' } },
        from: '圏域',
        to: '青森圏域',
        occurrence: 2,
      },
    ],
  },
  {
    name: '02-structure',
    description: '条の繰下げと追加、項の追加、条の全部改正（縦書き・漢数字）',
    style: 'kanji',
    concludedOn: '2021-03-25',
    effectiveOn: '2021-04-01',
    table: { order: 'new-old', elideUnchanged: true },
    operations: [
      { op: 'renumberArticle', from: '6', to: '7' },
      {
        op: 'insertArticle',
        after: '5',
        caption: '実施状況の公表',
        paragraphs: [
          { number: 1, text: '甲及び乙は、毎年度、連携施策の実施状況を公表するものとする。', items: [] },
          {
            number: 2,
            text: '前項の公表は、次に掲げる方法により行う。',
            items: [
              { number: '1', text: '甲及び乙の公報への登載', subItems: [] },
              { number: '2', text: 'インターネットの利用', subItems: [] },
            ],
          },
        ],
      },
      {
        op: 'insertParagraph',
        article: '4',
        after: 1,
        text: '甲は、前項の連携に必要な調整を行う。',
        items: [],
      },
      {
        op: 'replaceProvision',
        path: { article: '5' },
        content: {
          level: 'article',
          caption: '連携協議会',
          paragraphs: [
            {
              number: 1,
              text: '甲及び乙は、この連携協約に基づく取組の状況について協議するため、連携協議会を置く。',
              items: [],
            },
          ],
        },
      },
    ],
  },
  {
    name: '03-measures',
    description: '別表（連携施策）の変更と附則（改正前右・改正後左の逆順）',
    style: 'municipal',
    concludedOn: '2022-03-25',
    effectiveOn: '2022-04-01',
    table: { order: 'old-new', elideUnchanged: true },
    operations: [
      { op: 'reviseMeasure', id: 'm02', changes: { content: '起業支援等、各種連携事業に取り組む。' } },
      { op: 'changeMeasureRole', id: 'm01', party: 'partner', role: '主体的に取り組む。' },
      { op: 'removeMeasure', id: 'm03' },
      {
        op: 'addMeasure',
        measure: {
          id: 'm16',
          category: 'living-services',
          name: '地域公共交通ネットワークの形成',
          content: '圏域の地域公共交通の維持・確保に向け、各種連携事業に取り組む。',
          roles: { core: '中心的な役割を担う。', partner: '連携して取り組む。' },
        },
      },
      {
        op: 'replaceWords',
        target: { kind: 'provision', path: { article: '3' } },
        from: '別表',
        to: '別表第1',
      },
    ],
  },
];

describe('golden files', () => {
  it.each(CASES)('$name: $description', (c) => {
    const before = buildSampleDocument();
    const after = applyAmendment(before, c.operations);
    const text = amendingText(before, c.operations, { effectiveOn: c.effectiveOn, style: c.style });
    expectGolden(`${c.name}.amending.txt`, text.text);
    const html = renderComparisonHtml(comparisonTable(before, after, { ...c.table, style: c.style }), {
      fromVersion: { kind: 'conclusion', concludedOn: '2019-12-25', effectiveOn: '2019-12-25' },
      toVersion: { kind: 'amendment', concludedOn: c.concludedOn, effectiveOn: c.effectiveOn },
    });
    // Not `.html`: Prettier would reformat it (`prettier --check .` skips this extension).
    expectGolden(`${c.name}.comparison.html.golden`, html);
  });
});

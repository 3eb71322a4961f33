/**
 * Golden 改め文 for each drafting convention of the README's 「Drafting conventions」 as its own small case (the 新旧対照表 goldens
 * of the same sample are in ../golden.spec.ts). Regenerate with
 * `UPDATE_GOLDEN=1 npx jest libs/legal-text/src/comparison/amending-text`, then review the diff.
 */
import { join } from 'node:path';
import type { AmendmentOperation } from '../../amendment';
import type { AgreementDocument, Article } from '../../document.model';
import { buildSampleDocument, goldenFiles } from '@kyoyaku/legal-text/testing';
import { amendingText, type AmendingTextOptions } from '.';

const expectGolden = goldenFiles(join(__dirname, '..', '__golden__'));

const AGREEMENT: AmendingTextOptions['agreement'] = {
  core: { name: '青森市', head: '青森市長' },
  partner: { name: '平内町', head: '平内町長' },
  concludedOn: '2019-12-25',
};

const SIGNED = (concludedOn: string): AmendingTextOptions['signing'] => ({
  concludedOn,
  core: { title: '青森市長', name: '（甲の署名者）' },
  partner: { title: '平内町長', name: '（乙の署名者）' },
});

/** The sample with 第7条 to 第10条 added (ILLUSTRATIVE), so a removal moves four or more articles. */
function tenArticles(): AgreementDocument {
  const doc = buildSampleDocument();
  const extra: Article[] = [7, 8, 9, 10].map((n) => ({
    number: String(n),
    caption: `見出し${n}`,
    paragraphs: [{ number: 1, text: `第${n}条の規定（例示）。`, items: [] }],
    deleted: false,
  }));
  return { ...doc, articles: [...doc.articles, ...extra] };
}

interface Case {
  name: string;
  description: string;
  doc: AgreementDocument;
  operations: AmendmentOperation[];
  options: AmendingTextOptions;
}

const CASES: Case[] = [
  {
    name: '04-kanji-base',
    description: '漢数字の本文を改める改め文は全体が漢数字（条、附則の日付、末文）',
    doc: buildSampleDocument({ style: 'kanji' }),
    operations: [
      {
        op: 'replaceWords',
        target: { kind: 'provision', path: { article: '5' } },
        from: '定期的に',
        to: '毎年度一回以上',
      },
      {
        op: 'insertParagraph',
        article: '5',
        after: 1,
        text: '前項の協議の結果は、公表するものとする。',
        items: [],
      },
    ],
    options: { effectiveOn: '2022-04-01', agreement: AGREEMENT },
  },
  {
    name: '05-retroactive',
    description: '遡及: 締結の日から施行し、令和4年4月1日から適用する',
    doc: buildSampleDocument(),
    operations: [
      {
        op: 'replaceWords',
        target: { kind: 'provision', path: { article: '5' } },
        from: '定期的に',
        to: '毎年度1回以上',
      },
    ],
    options: {
      concludedOn: '2022-06-30',
      effectiveOn: '2022-04-01',
      agreement: AGREEMENT,
      signing: SIGNED('2022-06-30'),
    },
  },
  {
    name: '06-delete-renumber',
    description: '第5条を削り、後の条を繰り上げる（4条以上はまとめて繰り上げる）',
    doc: tenArticles(),
    operations: [
      { op: 'deleteProvision', path: { article: '5' }, leaveDeletedMarker: false, renumberFollowing: true },
    ],
    options: { effectiveOn: '2023-04-01', agreement: AGREEMENT },
  },
  {
    name: '07-delete-marker',
    description: '第5条を「削除」として番号を残す',
    doc: buildSampleDocument(),
    operations: [{ op: 'deleteProvision', path: { article: '5' }, leaveDeletedMarker: true }],
    options: { effectiveOn: '2023-04-01', agreement: AGREEMENT },
  },
  {
    name: '08-measure-row',
    description: '別表の一つの項を項の中で改め、最後の項の次に項を加える',
    doc: buildSampleDocument(),
    operations: [
      { op: 'changeMeasureRole', id: 'm02', party: 'partner', role: '起業支援の窓口を共同で設置する。' },
      {
        op: 'addMeasure',
        measure: {
          id: 'm04',
          category: 'economic-growth',
          name: '戦略的な観光施策の展開',
          content: '圏域の観光資源を活用した魅力向上や情報発信等、各種連携事業に取り組む。',
          roles: { core: '中心的な役割を担う。', partner: '連携して取り組む。' },
        },
      },
    ],
    options: { effectiveOn: '2023-04-01', agreement: AGREEMENT },
  },
  {
    name: '09-measures-many',
    description: '別表の項の半数を超えて改めるときは別表の全部を改める',
    doc: buildSampleDocument(),
    operations: [
      { op: 'changeMeasureRole', id: 'm01', party: 'partner', role: '主体的に取り組む。' },
      { op: 'changeMeasureRole', id: 'm02', party: 'partner', role: '主体的に取り組む。' },
    ],
    options: { effectiveOn: '2023-04-01', agreement: AGREEMENT },
  },
];

describe('golden 改め文 (drafting conventions)', () => {
  it.each(CASES)('$name: $description', (c) => {
    expectGolden(`${c.name}.amending.txt`, amendingText(c.doc, c.operations, c.options).text);
  });
});

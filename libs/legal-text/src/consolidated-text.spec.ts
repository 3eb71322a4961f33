import { buildSampleDocument } from '@kyoyaku/legal-text/testing';
import type { AgreementDocument } from './document.model';
import {
  enactmentLabel,
  measuresTableHeading,
  renderConsolidatedText,
  type Enactments,
} from './consolidated-text';
import { effectiveDateClauseOf } from './instrument';
import { renderDocument } from './render';

/** The sample agreement (第3条 refers to 別表) with two amendments: one prospective, one 遡及. */
const ENACTMENTS: Enactments = {
  enactedOn: '2019-12-25',
  notice: { noticeNumber: '青森市告示第600号', publishedOn: '2019-12-25' },
  amendments: [
    {
      concludedOn: '2021-03-25',
      notice: { noticeNumber: '青森市告示第210号', publishedOn: '2021-03-25' },
      clause: effectiveDateClauseOf('2021-03-25', '2021-04-01'),
    },
    {
      concludedOn: '2022-06-30',
      clause: effectiveDateClauseOf('2022-06-30', '2022-04-01'),
    },
  ],
};

describe('renderConsolidatedText (例規集 form)', () => {
  const doc = buildSampleDocument();

  it('puts the 告示 line under the title, heads the measures table with the article that cites it, and appends each amendment’s 附則', () => {
    const text = renderConsolidatedText(doc, ENACTMENTS, 'municipal');
    expect(
      text.startsWith('連携中枢都市圏の形成に係る連携協約\n令和元年12月25日　青森市告示第600号\n\n'),
    ).toBe(true);
    expect(text).toContain('\n\n別表（第3条関係）\n①圏域全体の経済成長のけん引\n(1)　施策名　');
    expect(text).not.toContain('別表　連携施策');
    expect(
      text.endsWith(
        [
          '附　則',
          '　この協約は、令和元年12月25日から施行する。',
          '',
          '附　則（令和3年3月25日青森市告示第210号）',
          '　この協約は、令和3年4月1日から施行する。',
          '',
          // No 告示 recorded yet: the date of conclusion alone.
          '附　則（令和4年6月30日）',
          '　この協約は、締結の日から施行し、令和4年4月1日から適用する。',
          '',
        ].join('\n'),
      ),
    ).toBe(true);
  });

  it('keeps everything else as renderDocument writes it', () => {
    const plain = renderDocument(doc, 'municipal');
    const text = renderConsolidatedText(doc, { ...ENACTMENTS, amendments: [] }, 'municipal');
    expect(
      text
        .replace('令和元年12月25日　青森市告示第600号\n', '')
        .replace('別表（第3条関係）', '別表　連携施策'),
    ).toBe(plain);
  });

  it('writes dates and article numbers in 漢数字 in the kanji style (the recorded 告示番号 verbatim)', () => {
    const text = renderConsolidatedText(doc, ENACTMENTS, 'kanji');
    expect(text).toContain('\n令和元年十二月二十五日　青森市告示第600号\n');
    expect(text).toContain('\n別表（第三条関係）\n');
    expect(text).toContain(
      '附　則（令和三年三月二十五日青森市告示第210号）\n　この協約は、令和三年四月一日から施行する。\n',
    );
  });

  it('omits the 告示 while none is recorded', () => {
    const text = renderConsolidatedText(doc, { enactedOn: '2019-12-25', amendments: [] }, 'municipal');
    expect(text.startsWith('連携中枢都市圏の形成に係る連携協約\n令和元年12月25日\n\n')).toBe(true);
  });

  it('dates the line and each 附則 by the 告示 it cites, which may follow the conclusion', () => {
    const text = renderConsolidatedText(
      doc,
      {
        enactedOn: '2019-12-25',
        notice: { noticeNumber: '青森市告示第603号', publishedOn: '2019-12-27' },
        amendments: [
          {
            concludedOn: '2023-06-30',
            notice: { noticeNumber: '青森市告示第301号', publishedOn: '2023-07-03' },
            clause: effectiveDateClauseOf('2023-06-30', '2023-07-01'),
          },
        ],
      },
      'municipal',
    );
    expect(text).toContain('\n令和元年12月27日　青森市告示第603号\n');
    expect(text).toContain(
      '附　則（令和5年7月3日青森市告示第301号）\n　この協約は、令和5年7月1日から施行する。\n',
    );
  });
});

describe('measuresTableHeading', () => {
  const base = buildSampleDocument();
  const withArticle3 = (text: string): AgreementDocument => ({
    ...base,
    articles: base.articles.map((a) =>
      a.number === '3' ? { ...a, paragraphs: [{ number: 1, text, items: [] }] } : a,
    ),
  });

  it('names every article whose text refers to the 別表, and none when no article does', () => {
    expect(measuresTableHeading(base, 'municipal')).toBe('別表（第3条関係）');
    expect(measuresTableHeading(withArticle3('甲及び乙は、連携して取り組む。'), 'municipal')).toBe('別表');
    const two: AgreementDocument = {
      ...base,
      articles: base.articles.map((a) =>
        a.number === '5'
          ? { ...a, paragraphs: [{ number: 1, text: '別表の連携施策は、毎年度見直す。', items: [] }] }
          : a,
      ),
    };
    expect(measuresTableHeading(two, 'municipal')).toBe('別表（第3条、第5条関係）');
    expect(measuresTableHeading(two, 'kanji')).toBe('別表（第三条、第五条関係）');
  });

  it('does not take a reference to a numbered 別表 (別表第1) for the measures table', () => {
    expect(measuresTableHeading(withArticle3('別表第1に定める事業を行う。'), 'municipal')).toBe('別表');
  });
});

describe('enactmentLabel (沿革)', () => {
  it.each([
    [{ kind: 'conclusion', concludedOn: '2019-12-25', effectiveOn: '2019-12-25' }, '令和元年12月25日締結'],
    [
      { kind: 'conclusion', concludedOn: '2020-03-27', effectiveOn: '2020-04-01' },
      '令和2年3月27日締結（令和2年4月1日施行）',
    ],
    [
      { kind: 'amendment', concludedOn: '2021-03-25', effectiveOn: '2021-04-01' },
      '令和3年3月25日一部変更（令和3年4月1日施行）',
    ],
    [
      { kind: 'amendment', concludedOn: '2022-06-30', effectiveOn: '2022-04-01' },
      '令和4年6月30日一部変更（令和4年4月1日から適用）',
    ],
    [
      { kind: 'abolition', concludedOn: '2024-03-22', effectiveOn: '2024-04-01' },
      '令和6年3月22日廃止（令和6年4月1日施行）',
    ],
    [
      { kind: 'amendment', concludedOn: '2026-10-01', effectiveOn: '2027-04-01', notYetInForce: true },
      '令和8年10月1日一部変更（令和9年4月1日施行、未施行）',
    ],
  ] as const)('%j → %s', (entry, label) => {
    expect(enactmentLabel(entry)).toBe(label);
  });
});

/**
 * GetComparisonHandler on the demo's 沿革 (folded from the fixture): when the two texts are a version
 * and the one its amendment made from it, the 傍線 are the spans its 改め文 quotes (`underlines:
 * 'amendment'`); otherwise — other pairs, the record as known then, a 改め文 that locates nothing or
 * cannot be drafted — the word diff. The 改め文 is replaced here by one whose spans the test chooses,
 * since the real one locates its spans in another change.
 */
import type { AgreementHistory } from '@kyoyaku/domain';
import * as legalText from '@kyoyaku/legal-text';
import type { AmendedSpan, AmendingText } from '@kyoyaku/legal-text';
import { foldFixture } from '../../../../test/fixtures/aomori';
import type { AgreementReadModels } from '../agreements/agreement-read-model.service';
import type { ComparisonQueryDto } from './comparison.dto';
import { GetComparisonHandler, GetComparisonQuery, type AgreementComparison } from './comparison.queries';

jest.mock('@kyoyaku/legal-text', () => {
  const actual = jest.requireActual<typeof legalText>('@kyoyaku/legal-text');
  return { ...actual, amendingText: jest.fn(actual.amendingText) };
});
const amendingText = jest.mocked(legalText.amendingText);

const folded = foldFixture();
const histories = new Map(folded.histories().map((h) => [h.agreementId, h]));
const readModels = {
  history: (agreementId: string): { history: AgreementHistory } => {
    const history = histories.get(agreementId);
    if (history === undefined) throw new Error(`no ${agreementId}`);
    return { history };
  },
  historyKnownAt: (agreementId: string, at: { knownAt?: string }): Promise<AgreementHistory> => {
    const then = folded.histories({ ...(at.knownAt === undefined ? {} : { knownAt: at.knownAt }) });
    const history = then.find((h) => h.agreementId === agreementId);
    if (history === undefined) throw new Error(`no ${agreementId} then`);
    return Promise.resolve(history);
  },
} as unknown as AgreementReadModels;
const handler = new GetComparisonHandler(readModels);
const compare = (agreementId: string, query: ComparisonQueryDto): Promise<AgreementComparison> =>
  handler.execute(new GetComparisonQuery(agreementId, query));

const M04_CONTENT_OLD = '圏域の観光資源を活用した魅力向上や情報発信等、';
/** What a 改め文 of 平内町 2021 would quote: 別表(4)の項中「情報発信等」を「情報発信、広域観光周遊ルートの形成等」に改める。 */
function hiranaiSpans(): AmendedSpan[] {
  const history = histories.get('aomori-hiranai');
  const [v1, v2] = history?.versions ?? [];
  const oldText = v1?.document.measures.find((m) => m.id === 'm04')?.content ?? '';
  const newText = v2?.document.measures.find((m) => m.id === 'm04')?.content ?? '';
  expect(oldText.startsWith(M04_CONTENT_OLD)).toBe(true);
  const at = { kind: 'measure', id: 'm04', field: 'content' } as const;
  const oldStart = oldText.indexOf('情報発信等');
  const newStart = newText.indexOf('情報発信、広域観光周遊ルートの形成等');
  return [
    { side: 'old', at, start: oldStart, end: oldStart + '情報発信等'.length },
    { side: 'new', at, start: newStart, end: newStart + '情報発信、広域観光周遊ルートの形成等'.length },
  ];
}

function withSpans(spans: AmendedSpan[]): void {
  amendingText.mockImplementation((base, operations, options) => {
    const actual = jest.requireActual<typeof legalText>('@kyoyaku/legal-text');
    const text: AmendingText = actual.amendingText(base, operations, options);
    const [first, ...rest] = text.sentences;
    return first === undefined ? text : { ...text, sentences: [{ ...first, spans }, ...rest] };
  });
}

const underlined = (result: AgreementComparison, side: 'old' | 'new'): string[] =>
  result.table.rows.flatMap((row) =>
    row.cells
      .filter((cell) => cell.side === side)
      .flatMap((cell) => cell.lines.flatMap((l) => l.runs.filter((r) => r.underline).map((r) => r.text))),
  );

afterEach(() => {
  amendingText.mockReset();
  amendingText.mockImplementation(jest.requireActual<typeof legalText>('@kyoyaku/legal-text').amendingText);
});

describe('GetComparisonHandler: underlines that agree with the 改め文 (finding 6)', () => {
  it('underlines the spans of the amendment that made version 2 from version 1, and nothing else', async () => {
    withSpans(hiranaiSpans());
    const result = await compare('aomori-hiranai', { from: 1, to: 2 });
    expect(amendingText).toHaveBeenCalledTimes(1);
    expect(result.underlines).toBe('amendment');
    expect(underlined(result, 'old')).toEqual(['情報発信等']);
    expect(underlined(result, 'new')).toEqual(['情報発信、広域観光周遊ルートの形成等']);
    // The structure says the same.
    const changed = legalText
      .flattenComparison(result.comparison)
      .flatMap((c) => (c.new ?? []).filter((s) => s.changed).map((s) => s.text));
    expect(changed).toEqual(['情報発信、広域観光周遊ルートの形成等']);
  });

  it('does the same for two dates whose texts are those two versions', async () => {
    withSpans(hiranaiSpans());
    const result = await compare('aomori-hiranai', { fromDate: '2020-01-01', toDate: '2021-05-01' });
    expect([result.from.versionNumber, result.to.versionNumber]).toEqual([1, 2]);
    expect(result.underlines).toBe('amendment');
  });

  it('keeps the word diff while the 改め文 locates nothing (an empty list of spans)', async () => {
    withSpans([]);
    const result = await compare('aomori-hiranai', { from: 1, to: 2 });
    expect(result.underlines).toBe('word-diff');
    expect(underlined(result, 'new')).toContain('デジタル化の推進');
  });

  it('keeps the word diff when the 改め文 cannot be drafted', async () => {
    amendingText.mockImplementation(() => {
      throw new Error('not drafted');
    });
    const result = await compare('aomori-hiranai', { from: 1, to: 2 });
    expect(result.underlines).toBe('word-diff');
    expect(underlined(result, 'new').length).toBeGreaterThan(0);
  });

  it('uses the word diff for versions no single amendment leads between, and for the record as known then', async () => {
    withSpans(hiranaiSpans());
    const across = await compare('aomori-hiranai', { from: 1, to: 3 });
    expect(across.underlines).toBe('word-diff');
    const same = await compare('aomori-hiranai', { from: 2, to: 2 });
    expect(same.underlines).toBe('word-diff');
    const known = await compare('aomori-imabetsu', { asOf: '2022-05-01', knownAt: '2022-06-01T00:00:00Z' });
    expect(known.underlines).toBe('word-diff');
    expect(amendingText).not.toHaveBeenCalled();
  });
});

describe('GetComparisonHandler: the document as printed (finding 7)', () => {
  it('titles the table with the parties and names each column by its date of change and 施行日', async () => {
    const result = await compare('aomori-sotogahama', { from: 1, to: 2 });
    expect(result.render.title).toBe('青森市と外ヶ浜町との連携中枢都市圏の形成に係る連携協約');
    expect(result.from.heading).toBe('令和元年12月25日締結（令和元年12月25日施行）');
    expect(result.to.heading).toBe('令和5年6月30日変更（令和5年7月1日施行）');
    expect(result.table.columns.map((c) => c.label)).toEqual(['変更後', '変更前']);
    const html = legalText.renderComparisonHtml(result.table, result.render);
    expect(html).toContain('<h1>青森市と外ヶ浜町との連携中枢都市圏の形成に係る連携協約\u3000新旧対照表</h1>');
    expect(html).toContain('変更後<span class="kt-version">令和5年6月30日変更（令和5年7月1日施行）</span>');
  });

  it('says a 遡及 applies from its date, and a text asked for by date which day it is', async () => {
    const imabetsu = await compare('aomori-imabetsu', { from: 1, to: 2 });
    expect(imabetsu.to.heading).toBe('令和4年6月30日変更（令和4年4月1日から適用）');
    const byDate = await compare('aomori-hiranai', { fromDate: '2020-01-01', toDate: '2021-05-01' });
    expect(byDate.from.heading).toBe('令和2年1月1日現在\u3000令和元年12月25日締結（令和元年12月25日施行）');
    expect(byDate.to.heading).toBe('令和3年5月1日現在\u3000令和3年3月25日変更（令和3年4月1日施行）');
  });

  it('writes numbers in the style of the text unless asked otherwise', async () => {
    const result = await compare('aomori-hiranai', { from: 1, to: 2 });
    expect(result.table.style).toBe('municipal');
    expect(result.comparison.style).toBe('municipal');
    const kanji = await compare('aomori-hiranai', { from: 1, to: 2, style: 'kanji' });
    expect(kanji.to.heading).toBe('令和三年三月二十五日変更（令和三年四月一日施行）');
  });
});

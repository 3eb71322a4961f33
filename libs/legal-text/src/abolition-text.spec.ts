import { abolitionText, renderAbolitionText, type AbolitionTextInput } from './abolition-text';
import {
  agreementNameWithParties,
  effectiveDateClauseOf,
  effectiveDateSentence,
  statedEffectiveDate,
} from './instrument';
import { renderPrintedTextHtml } from './render-printed-text';

const SPACE = '\u3000';

function input(overrides: Partial<AbolitionTextInput> = {}): AbolitionTextInput {
  return {
    agreementTitle: '連携中枢都市圏の形成に係る連携協約',
    core: { name: '青森市', head: '青森市長' },
    partner: { name: '平内町', head: '平内町長' },
    concludedOn: '2019-12-25',
    effect: { kind: 'on-date', effectiveOn: '2024-04-01' },
    ...overrides,
  };
}

describe('abolitionText (廃止協約)', () => {
  it('titles the text after the agreement and its parties: 「…を廃止する協約」', () => {
    expect(abolitionText(input()).title).toBe(
      '青森市と平内町との連携中枢都市圏の形成に係る連携協約を廃止する協約',
    );
  });

  it('does not name the parties twice when the agreement title already names both', () => {
    const title = '姫路市及びたつの市における連携中枢都市圏形成に係る連携協約';
    expect(agreementNameWithParties(title, '姫路市', 'たつの市')).toBe(title);
    expect(
      abolitionText(
        input({
          agreementTitle: title,
          core: { name: '姫路市', head: '姫路市長' },
          partner: { name: 'たつの市', head: 'たつの市長' },
        }),
      ).title,
    ).toBe(`${title}を廃止する協約`);
  });

  it('abolishes the agreement by name with its conclusion date: 「…（令和元年12月25日締結）は、廃止する。」', () => {
    expect(abolitionText(input()).provision).toBe(
      '青森市と平内町との連携中枢都市圏の形成に係る連携協約（令和元年12月25日締結）は、廃止する。',
    );
  });

  it('names the parties 甲 and 乙, the law and the agreement with its conclusion date in the 前文', () => {
    const { preamble } = abolitionText(input({ concludedOn: '2020-03-27' }));
    expect(preamble).toBe(
      '青森市（以下「甲」という。）と平内町（以下「乙」という。）とは、地方自治法（昭和22年法律第67号）第252条の2第4項の規定により、令和2年3月27日に締結した連携中枢都市圏の形成に係る連携協約を廃止する協約を次のとおり締結する。',
    );
  });

  it.each([
    [{ kind: 'on-date', effectiveOn: '2024-04-01' } as const, 'この協約は、令和6年4月1日から施行する。'],
    [{ kind: 'on-conclusion' } as const, 'この協約は、締結の日から施行する。'],
    [
      { kind: 'retroactive', appliesFrom: '2024-04-01' } as const,
      'この協約は、締結の日から施行し、令和6年4月1日から適用する。',
    ],
    [{ kind: 'on-date', effectiveOn: '2019-05-01' } as const, 'この協約は、令和元年5月1日から施行する。'],
  ])('writes the 附則 for %j as 「%s」', (effect, sentence) => {
    expect(effectiveDateSentence(effect)).toBe(sentence);
    const text = abolitionText(input({ effect }));
    expect(text.supplementaryProvision).toBe(sentence);
    expect(text.effect).toEqual(effect);
  });

  it('closes with the sentence the heads sign under, and keeps their titles for the signatures', () => {
    const text = abolitionText(input());
    expect(text.closing).toBe(
      'この協約の締結を証するため、本書2通を作成し、甲乙記名押印の上、各自その1通を保有する。',
    );
    expect(text.signatories).toEqual({ core: '青森市長', partner: '平内町長' });
  });

  it('refuses a blank title or name and a date that is not a calendar date', () => {
    expect(() => abolitionText(input({ agreementTitle: ' ' }))).toThrow(RangeError);
    expect(() => abolitionText(input({ partner: { name: '', head: '平内町長' } }))).toThrow(RangeError);
    expect(() => abolitionText(input({ concludedOn: '2019-02-30' }))).toThrow(/締結日/);
    expect(() => abolitionText(input({ effect: { kind: 'on-date', effectiveOn: '2024-13-01' } }))).toThrow(
      /施行日/,
    );
    expect(() => abolitionText(input({ effect: { kind: 'retroactive', appliesFrom: 'yesterday' } }))).toThrow(
      /適用日/,
    );
  });
});

describe('renderAbolitionText', () => {
  it('prints a draft with a blank date and the heads to sign', () => {
    const printed = renderAbolitionText(abolitionText(input()));
    expect(printed.title).toBe('青森市と平内町との連携中枢都市圏の形成に係る連携協約を廃止する協約');
    expect(printed.lines).toEqual([
      '青森市と平内町との連携中枢都市圏の形成に係る連携協約を廃止する協約',
      `${SPACE}青森市（以下「甲」という。）と平内町（以下「乙」という。）とは、地方自治法（昭和22年法律第67号）第252条の2第4項の規定により、令和元年12月25日に締結した連携中枢都市圏の形成に係る連携協約を廃止する協約を次のとおり締結する。`,
      `${SPACE}青森市と平内町との連携中枢都市圏の形成に係る連携協約（令和元年12月25日締結）は、廃止する。`,
      '',
      `附${SPACE}則`,
      `${SPACE}この協約は、令和6年4月1日から施行する。`,
      '',
      `${SPACE}この協約の締結を証するため、本書2通を作成し、甲乙記名押印の上、各自その1通を保有する。`,
      '',
      `${SPACE}${SPACE}${SPACE}${SPACE}年${SPACE}${SPACE}月${SPACE}${SPACE}日`,
      '',
      `${SPACE.repeat(4)}甲${SPACE}青森市長`,
      `${SPACE.repeat(4)}乙${SPACE}平内町長`,
    ]);
    expect(printed.text).toBe(`${printed.lines.join('\n')}\n`);
  });

  it('prints a concluded one with its date of conclusion and the signatories recorded', () => {
    const printed = renderAbolitionText(abolitionText(input()), {
      concludedOn: '2024-03-22',
      core: { title: '青森市長', name: '青森 太郎' },
      partner: { title: '平内町長', name: '平内 花子' },
    });
    expect(printed.lines.slice(-4)).toEqual([
      `${SPACE}${SPACE}令和6年3月22日`,
      '',
      `${SPACE.repeat(4)}甲${SPACE}青森市長${SPACE}青森 太郎`,
      `${SPACE.repeat(4)}乙${SPACE}平内町長${SPACE}平内 花子`,
    ]);
  });
});

describe('renderPrintedTextHtml', () => {
  it('prints the title and every line, A4 portrait, escaping the text', () => {
    const html = renderPrintedTextHtml({
      title: '<題名> & "協約"',
      lines: ['<題名> & "協約"', `${SPACE}本文<b>`, '', `附${SPACE}則`],
      text: '',
    });
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('size: A4 portrait');
    expect(html).toContain('<h1 class="kt-title">&lt;題名&gt; &amp; &quot;協約&quot;</h1>');
    expect(html).toContain(`<p class="kt-line">${SPACE}本文&lt;b&gt;</p>`);
    expect(html).toContain('<p class="kt-gap"></p>');
    expect(html).toContain(`<p class="kt-line">附${SPACE}則</p>`);
    expect(html).not.toContain('<b>');
  });
});

describe('the 附則 form of a conclusion and the date it states', () => {
  it('reads a conclusion as 締結の日から, a later 施行日 or a 遡及, and gives back the date each states', () => {
    expect(effectiveDateClauseOf('2024-03-22', '2024-03-22')).toEqual({ kind: 'on-conclusion' });
    expect(effectiveDateClauseOf('2024-03-22', '2024-04-01')).toEqual({
      kind: 'on-date',
      effectiveOn: '2024-04-01',
    });
    expect(effectiveDateClauseOf('2024-03-22', '2024-03-01')).toEqual({
      kind: 'retroactive',
      appliesFrom: '2024-03-01',
    });
    expect(statedEffectiveDate({ kind: 'on-conclusion' })).toBeUndefined();
    expect(statedEffectiveDate(effectiveDateClauseOf('2024-03-22', '2024-04-01'))).toBe('2024-04-01');
    expect(statedEffectiveDate(effectiveDateClauseOf('2024-03-22', '2024-03-01'))).toBe('2024-03-01');
  });
});

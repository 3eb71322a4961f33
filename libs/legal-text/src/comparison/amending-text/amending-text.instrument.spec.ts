/**
 * The 変更協約 as an instrument: the 附則 in its three forms, the title and
 * 前文 naming the agreement with its parties and conclusion date, the 末文 with the date and the two
 * heads, and one numeral style for the whole document (the style of the text it amends by default).
 */
import type { AmendmentOperation } from '../../amendment';
import { buildSampleDocument } from '@kyoyaku/legal-text/testing';
import { amendingText, type AmendedAgreement } from '.';

const SPACE = '\u3000';

const AGREEMENT: AmendedAgreement = {
  core: { name: '青森市', head: '青森市長' },
  partner: { name: '平内町', head: '平内町長' },
  concludedOn: '2019-12-25',
};

const WORDS: AmendmentOperation[] = [
  {
    op: 'replaceWords',
    target: { kind: 'provision', path: { article: '5' } },
    from: '定期的に',
    to: '毎年度1回以上',
  },
];

describe('amendingText: the 附則 (finding 1)', () => {
  const last = (lines: readonly string[], at: string): string | undefined =>
    lines[lines.indexOf(`附${SPACE}則`) + 1] ?? at;

  it('states a later 施行日: 「この協約は、令和4年4月1日から施行する。」', () => {
    const text = amendingText(buildSampleDocument(), WORDS, {
      concludedOn: '2022-03-25',
      effectiveOn: '2022-04-01',
    });
    expect(last(text.lines, '')).toBe(`${SPACE}この協約は、令和4年4月1日から施行する。`);
    expect(text.effect).toEqual({ kind: 'on-date', effectiveOn: '2022-04-01' });
  });

  it('takes effect on conclusion when no 施行日 is given or it is the day of conclusion', () => {
    const none = amendingText(buildSampleDocument(), WORDS, {});
    expect(last(none.lines, '')).toBe(`${SPACE}この協約は、締結の日から施行する。`);
    const same = amendingText(buildSampleDocument(), WORDS, {
      concludedOn: '2022-04-01',
      effectiveOn: '2022-04-01',
    });
    expect(last(same.lines, '')).toBe(`${SPACE}この協約は、締結の日から施行する。`);
  });

  it('never takes effect before it exists: a 施行日 before the conclusion is an 適用 (遡及)', () => {
    const text = amendingText(buildSampleDocument(), WORDS, {
      concludedOn: '2022-06-30',
      effectiveOn: '2022-04-01',
    });
    expect(last(text.lines, '')).toBe(`${SPACE}この協約は、締結の日から施行し、令和4年4月1日から適用する。`);
    expect(text.effect).toEqual({ kind: 'retroactive', appliesFrom: '2022-04-01' });
  });

  it('takes the clause itself, in the numerals of the document', () => {
    const text = amendingText(buildSampleDocument({ style: 'kanji' }), WORDS, {
      effect: { kind: 'retroactive', appliesFrom: '2022-04-01' },
    });
    expect(last(text.lines, '')).toBe(
      `${SPACE}この協約は、締結の日から施行し、令和四年四月一日から適用する。`,
    );
  });
});

describe('amendingText: title, 前文 and 末文 (finding 2)', () => {
  it('names the agreement with its parties and its conclusion date, and ends with the 末文 and the heads', () => {
    const text = amendingText(buildSampleDocument(), WORDS, {
      effectiveOn: '2022-04-01',
      agreement: AGREEMENT,
    });
    expect(text.title).toBe('青森市と平内町との連携中枢都市圏の形成に係る連携協約の一部を変更する協約');
    expect(text.lines).toEqual([
      '青森市と平内町との連携中枢都市圏の形成に係る連携協約の一部を変更する協約',
      `${SPACE}青森市（以下「甲」という。）と平内町（以下「乙」という。）とは、令和元年12月25日に締結した連携中枢都市圏の形成に係る連携協約の一部を次のように変更する。`,
      `${SPACE}第5条中「定期的に」を「毎年度1回以上」に改める。`,
      '',
      `附${SPACE}則`,
      `${SPACE}この協約は、令和4年4月1日から施行する。`,
      '',
      `${SPACE}この協約の締結を証するため、本書2通を作成し、甲乙記名押印の上、各自その1通を保有する。`,
      '',
      `${SPACE}${SPACE}${SPACE}${SPACE}年${SPACE}${SPACE}月${SPACE}${SPACE}日`,
      '',
      `${SPACE.repeat(4)}甲${SPACE}青森市長`,
      `${SPACE.repeat(4)}乙${SPACE}平内町長`,
    ]);
    expect(text.text).toBe(`${text.lines.join('\n')}\n`);
  });

  it('prints the date of conclusion and the names of the signatories once concluded', () => {
    const text = amendingText(buildSampleDocument(), WORDS, {
      concludedOn: '2022-06-30',
      effectiveOn: '2022-04-01',
      agreement: AGREEMENT,
      signing: {
        concludedOn: '2022-06-30',
        core: { title: '青森市長', name: '小野寺晃彦' },
        partner: { title: '平内町長', name: '船橋正之' },
      },
    });
    expect(text.lines.slice(-6)).toEqual([
      `${SPACE}この協約の締結を証するため、本書2通を作成し、甲乙記名押印の上、各自その1通を保有する。`,
      '',
      `${SPACE}${SPACE}令和4年6月30日`,
      '',
      `${SPACE.repeat(4)}甲${SPACE}青森市長${SPACE}小野寺晃彦`,
      `${SPACE.repeat(4)}乙${SPACE}平内町長${SPACE}船橋正之`,
    ]);
  });

  it('without the parties, names the agreement by its title and leaves the signatures to 甲 and 乙', () => {
    const text = amendingText(buildSampleDocument(), WORDS, { effectiveOn: '2022-04-01' });
    expect(text.title).toBe('連携中枢都市圏の形成に係る連携協約の一部を変更する協約');
    expect(text.lines[1]).toBe(`${SPACE}連携中枢都市圏の形成に係る連携協約の一部を次のように変更する。`);
    expect(text.lines.slice(-2)).toEqual([`${SPACE.repeat(4)}甲`, `${SPACE.repeat(4)}乙`]);
  });
});

describe('amendingText: one numeral style per document (finding 3)', () => {
  const ops: AmendmentOperation[] = [
    ...WORDS,
    {
      op: 'insertArticle',
      after: '6',
      caption: '委任',
      paragraphs: [{ number: 1, text: 'この協約に定めるもののほか、必要な事項は、別に定める。', items: [] }],
    },
  ];

  it('follows the style of the text it amends by default: 第5条, 毎年度1回以上, 本書2通 in a municipal text', () => {
    const text = amendingText(buildSampleDocument(), ops, {
      effectiveOn: '2022-04-01',
      agreement: AGREEMENT,
    });
    expect(text.style).toBe('municipal');
    expect(text.text).toContain('第5条中「定期的に」を「毎年度1回以上」に改める。');
    expect(text.text).toContain('第6条の次に次の1条を加える。\n（委任）\n第7条');
    expect(text.text).toContain('令和元年12月25日に締結した');
    expect(text.text).toContain('令和4年4月1日から施行する。');
    expect(text.text).toContain('本書2通');
    expect(text.text).not.toMatch(
      /[一二三四五六七八九十]条|令和[一二三四五六七八九十元]+年[一二三四五六七八九十]/,
    );
  });

  it('follows a 漢数字 text in everything: 第五条, 次の一条, 令和四年, 本書二通', () => {
    const text = amendingText(buildSampleDocument({ style: 'kanji' }), ops, {
      effectiveOn: '2022-04-01',
      agreement: AGREEMENT,
    });
    expect(text.style).toBe('kanji');
    expect(text.text).toContain('第五条中「定期的に」を「毎年度1回以上」に改める。');
    expect(text.text).toContain('第六条の次に次の一条を加える。');
    expect(text.text).toContain('第七条');
    expect(text.text).toContain('令和元年十二月二十五日に締結した');
    expect(text.text).toContain('令和四年四月一日から施行する。');
    expect(text.text).toContain('本書二通を作成し、甲乙記名押印の上、各自その一通を保有する。');
    expect(text.text).not.toMatch(/第\d+条|令和\d/);
  });

  it('lets `style` override the document', () => {
    const text = amendingText(buildSampleDocument(), ops, { style: 'kanji', agreement: AGREEMENT });
    expect(text.style).toBe('kanji');
    expect(text.text).toContain('第五条中');
    expect(text.text).toContain('本書二通');
  });
});

/**
 * What every instrument the parties conclude has in common — the agreement itself, a 変更協約 (「…の一部を
 * 変更する協約」) and a 廃止協約 (「…を廃止する協約」), each concluded 「前三項の例により」 (地方自治法
 * 第252条の2第4項):
 *
 * - the name that cites an agreement with its parties: 「青森市と平内町との連携中枢都市圏の形成に係る連携協約」;
 * - the 附則's 施行期日 sentence, in one of three forms: a date (「この協約は、令和6年4月1日から施行する。」),
 *   the day of conclusion (「この協約は、締結の日から施行する。」, as 「公布の日から施行する。」 for an
 *   ordinance), or retroactive (「この協約は、締結の日から施行し、令和4年4月1日から適用する。」) — an
 *   instrument cannot take effect before it exists, so a 遡及 is an 適用 from the earlier date;
 * - the 末文 and the signatures: 「この協約の締結を証するため、本書2通を作成し、甲乙記名押印の上、各自その
 *   1通を保有する。」, the date of conclusion and the two heads (blank date and titles only until concluded).
 *
 * Numbers follow the style of the text: 算用数字 for the horizontal municipal style, 漢数字 for 'kanji'.
 */
import { isLegalDate, toWareki, type LegalDate } from './legal-date';
import type { RenderStyle } from './render';

const SPACE = '\u3000';

/** What the 附則 says about when an instrument takes effect. */
export type EffectiveDateClause =
  /** 「この協約は、締結の日から施行する。」 */
  | { kind: 'on-conclusion' }
  /** 「この協約は、令和6年4月1日から施行する。」 */
  | { kind: 'on-date'; effectiveOn: LegalDate }
  /** 「この協約は、締結の日から施行し、令和4年4月1日から適用する。」 (遡及: appliesFrom before the conclusion). */
  | { kind: 'retroactive'; appliesFrom: LegalDate };

/** A party as an instrument names it: 青森市, and its head who signs, 青森市長. */
export interface InstrumentParty {
  name: string;
  /** 青森市長, 平内町長, 青森県知事. */
  head: string;
}

/** Who signed and when, once concluded. */
export interface InstrumentSigning {
  concludedOn: LegalDate;
  core: { title: string; name: string };
  partner: { title: string; name: string };
}

/** A text as printed: its title, its lines, and the lines joined (ending with a line break). */
export interface PrintedText {
  title: string;
  lines: string[];
  text: string;
}

/** 末文 of a bilateral instrument. */
export const CLOSING_SENTENCE =
  'この協約の締結を証するため、本書2通を作成し、甲乙記名押印の上、各自その1通を保有する。';

/** The 末文 in the style of the text: 本書二通, その一通 in the kanji style. */
export function closingSentence(style: RenderStyle = 'municipal'): string {
  return style === 'kanji'
    ? CLOSING_SENTENCE.replace('2通', '二通').replace('1通', '一通')
    : CLOSING_SENTENCE;
}

export function assertLegalDate(date: string, what: string): void {
  if (!isLegalDate(date)) {
    throw new RangeError(`${what}が不正です（YYYY-MM-DD の暦日が必要です）: ${date}`);
  }
}

/** A date in 和暦 with the numerals of the style: 令和4年4月1日 / 令和四年四月一日. */
export function warekiInStyle(date: LegalDate, style: RenderStyle = 'municipal'): string {
  return toWareki(date, { digits: style === 'kanji' ? 'kanji' : 'arabic' });
}

/**
 * An agreement's name as another instrument cites it: 「青森市と平内町との連携中枢都市圏の形成に係る連携協約」
 * — the parties put in front of the agreement's own title, unless the title already names both.
 */
export function agreementNameWithParties(
  agreementTitle: string,
  coreName: string,
  partnerName: string,
): string {
  if (agreementTitle.includes(coreName) && agreementTitle.includes(partnerName)) return agreementTitle;
  return `${coreName}と${partnerName}との${agreementTitle}`;
}

/**
 * How an instrument names its parties at the start of its 前文:
 * 「青森市（以下「甲」という。）と平内町（以下「乙」という。）とは、」.
 */
export function partiesOpening(coreName: string, partnerName: string): string {
  return `${coreName}（以下「甲」という。）と${partnerName}（以下「乙」という。）とは、`;
}

/** The 附則 form a conclusion amounts to: 締結の日から, a later 施行日, or 遡及 from an earlier date. */
export function effectiveDateClauseOf(concludedOn: LegalDate, effectiveOn: LegalDate): EffectiveDateClause {
  if (effectiveOn === concludedOn) return { kind: 'on-conclusion' };
  return effectiveOn > concludedOn
    ? { kind: 'on-date', effectiveOn }
    : { kind: 'retroactive', appliesFrom: effectiveOn };
}

/**
 * The date from which an instrument takes effect, as its 附則 states it: the 施行日, or the 遡及 適用日;
 * undefined for 「締結の日から施行する」, which names the conclusion date.
 */
export function statedEffectiveDate(clause: EffectiveDateClause): LegalDate | undefined {
  switch (clause.kind) {
    case 'on-conclusion':
      return undefined;
    case 'on-date':
      return clause.effectiveOn;
    case 'retroactive':
      return clause.appliesFrom;
  }
}

/**
 * The 附則's 施行期日 sentence. `subject` is how the instrument calls itself (「この協約」 for a 変更協約
 * or 廃止協約; an agreement may say 「この連携協約」).
 */
export function effectiveDateSentence(
  clause: EffectiveDateClause,
  options: { style?: RenderStyle; subject?: string } = {},
): string {
  const subject = options.subject ?? 'この協約';
  switch (clause.kind) {
    case 'on-conclusion':
      return `${subject}は、締結の日から施行する。`;
    case 'on-date':
      assertLegalDate(clause.effectiveOn, '施行日');
      return `${subject}は、${warekiInStyle(clause.effectiveOn, options.style)}から施行する。`;
    case 'retroactive':
      assertLegalDate(clause.appliesFrom, '適用日');
      return `${subject}は、締結の日から施行し、${warekiInStyle(clause.appliesFrom, options.style)}から適用する。`;
  }
}

/**
 * The lines after the 附則 of a bilateral instrument: the 末文 (`closing`, {@link closingSentence}), the date of conclusion and the two
 * signatures — from `signing` once concluded, else a blank date (年・月・日 left blank) and the heads'
 * titles for the signatures to come.
 */
export function closingLines(
  closing: string,
  heads: { core: string; partner: string },
  signing: InstrumentSigning | undefined,
  style: RenderStyle = 'municipal',
): string[] {
  const date =
    signing === undefined
      ? `${SPACE}${SPACE}年${SPACE}${SPACE}月${SPACE}${SPACE}日`
      : warekiInStyle(signing.concludedOn, style);
  // A head not known (an instrument drafted without its parties) leaves the mark alone: 「甲」.
  const signature = (mark: '甲' | '乙', title: string, name?: string): string =>
    [`${SPACE.repeat(4)}${mark}`, title, name]
      .filter((part) => part !== undefined && part !== '')
      .join(SPACE);
  return [
    `${SPACE}${closing}`,
    '',
    `${SPACE}${SPACE}${date}`,
    '',
    signing === undefined
      ? signature('甲', heads.core)
      : signature('甲', signing.core.title, signing.core.name),
    signing === undefined
      ? signature('乙', heads.partner)
      : signature('乙', signing.partner.title, signing.partner.name),
  ];
}

/**
 * 廃止協約: the text the councils vote on to abolish a 連携協約. 地方自治法 第252条の2第4項 applies the
 * steps of conclusion 「前三項の例により」, so an abolition is itself an agreement with a title, a 前文,
 * its one provision and a 附則, drafted as municipalities draft an instrument that abolishes another:
 *
 *     青森市と平内町との連携中枢都市圏の形成に係る連携協約を廃止する協約
 *       青森市（以下「甲」という。）と平内町（以下「乙」という。）とは、地方自治法（昭和22年法律第67号）
 *     第252条の2第4項の規定により、令和元年12月25日に締結した連携中枢都市圏の形成に係る連携協約を廃止する
 *     協約を次のとおり締結する。
 *       青森市と平内町との連携中枢都市圏の形成に係る連携協約（令和元年12月25日締結）は、廃止する。
 *     附 則
 *       この協約は、令和6年4月1日から施行する。
 *       この協約の締結を証するため、本書2通を作成し、甲乙記名押印の上、各自その1通を保有する。
 *
 * The 施行日 of the 附則 takes one of three forms: a date (「令和6年4月1日から施行する。」), the day of
 * conclusion (「締結の日から施行する。」, as 「公布の日から施行する。」 for an ordinance), or retroactive
 * (「締結の日から施行し、令和6年4月1日から適用する。」). Numbers are written in the horizontal municipal
 * style of the agreements themselves (arabic digits, 和暦).
 *
 * Pure: the text is built from the facts given, and stored as built; printing adds the date of
 * conclusion and the signatories once they are known.
 */
import { isLegalDate, toWareki, type LegalDate } from './legal-date';

const SPACE = '\u3000';

/** What the 附則 says about when the abolition takes effect. */
export type AbolitionEffect =
  /** 「この協約は、締結の日から施行する。」 */
  | { kind: 'on-conclusion' }
  /** 「この協約は、令和6年4月1日から施行する。」 */
  | { kind: 'on-date'; effectiveOn: LegalDate }
  /** 「この協約は、締結の日から施行し、令和6年4月1日から適用する。」 (遡及: appliesFrom before the conclusion). */
  | { kind: 'retroactive'; appliesFrom: LegalDate };

/** A party as the text names it: 青森市, and its head who signs, 青森市長. */
export interface AbolitionParty {
  name: string;
  /** 青森市長, 平内町長, 青森県知事. */
  head: string;
}

export interface AbolitionTextInput {
  /** 題名 of the agreement abolished, as its latest version states it. */
  agreementTitle: string;
  /** 甲. */
  core: AbolitionParty;
  /** 乙. */
  partner: AbolitionParty;
  /** 締結日 of the agreement abolished (its original conclusion). */
  concludedOn: LegalDate;
  effect: AbolitionEffect;
}

/** The drafted text, JSON (it is stored in the draft event). */
export interface AbolitionText {
  /** 「…を廃止する協約」. */
  title: string;
  /** 前文: the parties as 甲 and 乙, the legal basis and the agreement with its conclusion date. */
  preamble: string;
  /** 本則: 「…（令和元年12月25日締結）は、廃止する。」 */
  provision: string;
  /** 附則: the 施行日 sentence. */
  supplementaryProvision: string;
  /** 末文: 「この協約の締結を証するため、…」 */
  closing: string;
  /** The heads who sign, by title (their names are recorded at conclusion). */
  signatories: { core: string; partner: string };
  effect: AbolitionEffect;
}

/** Who signed and when, once concluded. */
export interface AbolitionSigning {
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

function assertDate(date: string, what: string): void {
  if (!isLegalDate(date)) {
    throw new RangeError(`${what}が不正です（YYYY-MM-DD の暦日が必要です）: ${date}`);
  }
}

/**
 * The agreement's name as the abolition cites it: 「青森市と平内町との連携中枢都市圏の形成に係る連携協約」
 * — the parties put in front of the agreement's own title, unless the title already names both.
 */
export function abolishedAgreementName(
  agreementTitle: string,
  coreName: string,
  partnerName: string,
): string {
  if (agreementTitle.includes(coreName) && agreementTitle.includes(partnerName)) return agreementTitle;
  return `${coreName}と${partnerName}との${agreementTitle}`;
}

/** The 附則 form a conclusion amounts to: 締結の日から, a later 施行日, or 遡及 from an earlier date. */
export function abolitionEffectOf(concludedOn: LegalDate, effectiveOn: LegalDate): AbolitionEffect {
  if (effectiveOn === concludedOn) return { kind: 'on-conclusion' };
  return effectiveOn > concludedOn
    ? { kind: 'on-date', effectiveOn }
    : { kind: 'retroactive', appliesFrom: effectiveOn };
}

/**
 * The date from which the abolition takes effect, as its 附則 states it: the 施行日, or the 遡及 適用日;
 * undefined for 「締結の日から施行する」, which names the conclusion date.
 */
export function statedEffectiveDate(effect: AbolitionEffect): LegalDate | undefined {
  switch (effect.kind) {
    case 'on-conclusion':
      return undefined;
    case 'on-date':
      return effect.effectiveOn;
    case 'retroactive':
      return effect.appliesFrom;
  }
}

/** The 附則's sentence for an effect. */
export function abolitionSupplementaryProvision(effect: AbolitionEffect): string {
  switch (effect.kind) {
    case 'on-conclusion':
      return 'この協約は、締結の日から施行する。';
    case 'on-date':
      assertDate(effect.effectiveOn, '施行日');
      return `この協約は、${toWareki(effect.effectiveOn)}から施行する。`;
    case 'retroactive':
      assertDate(effect.appliesFrom, '適用日');
      return `この協約は、締結の日から施行し、${toWareki(effect.appliesFrom)}から適用する。`;
  }
}

/**
 * Drafts the 廃止協約 of an agreement. Throws a RangeError for a blank title or party name, or a date
 * that is not a calendar date.
 */
export function abolitionText(input: AbolitionTextInput): AbolitionText {
  for (const [value, what] of [
    [input.agreementTitle, '題名'],
    [input.core.name, '甲の名称'],
    [input.partner.name, '乙の名称'],
    [input.core.head, '甲の長'],
    [input.partner.head, '乙の長'],
  ] as const) {
    if (value.trim() === '') throw new RangeError(`廃止協約の${what}が空です`);
  }
  assertDate(input.concludedOn, '廃止する連携協約の締結日');
  const concluded = toWareki(input.concludedOn);
  const name = abolishedAgreementName(input.agreementTitle, input.core.name, input.partner.name);
  return {
    title: `${name}を廃止する協約`,
    preamble:
      `${input.core.name}（以下「甲」という。）と${input.partner.name}（以下「乙」という。）とは、` +
      `地方自治法（昭和22年法律第67号）第252条の2第4項の規定により、${concluded}に締結した` +
      `${input.agreementTitle}を廃止する協約を次のとおり締結する。`,
    provision: `${name}（${concluded}締結）は、廃止する。`,
    supplementaryProvision: abolitionSupplementaryProvision(input.effect),
    closing: 'この協約の締結を証するため、本書2通を作成し、甲乙記名押印の上、各自その1通を保有する。',
    signatories: { core: input.core.head, partner: input.partner.head },
    effect: input.effect,
  };
}

/**
 * The 廃止協約 as printed: title, 前文, the provision, 附則 and its sentence, the closing sentence,
 * then the date and the two signatories — from `signing` once concluded, else a blank date
 * (年・月・日 left blank) and the heads' titles for the signatures to come.
 */
export function renderAbolitionText(text: AbolitionText, signing?: AbolitionSigning): PrintedText {
  const date =
    signing === undefined
      ? `${SPACE}${SPACE}年${SPACE}${SPACE}月${SPACE}${SPACE}日`
      : toWareki(signing.concludedOn);
  const signature = (mark: '甲' | '乙', title: string, name?: string): string =>
    `${SPACE.repeat(4)}${mark}${SPACE}${title}${name === undefined ? '' : `${SPACE}${name}`}`;
  const lines = [
    text.title,
    `${SPACE}${text.preamble}`,
    `${SPACE}${text.provision}`,
    '',
    `附${SPACE}則`,
    `${SPACE}${text.supplementaryProvision}`,
    '',
    `${SPACE}${text.closing}`,
    '',
    `${SPACE}${SPACE}${date}`,
    '',
    signing === undefined
      ? signature('甲', text.signatories.core)
      : signature('甲', signing.core.title, signing.core.name),
    signing === undefined
      ? signature('乙', text.signatories.partner)
      : signature('乙', signing.partner.title, signing.partner.name),
  ];
  return { title: text.title, lines, text: `${lines.join('\n')}\n` };
}

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
 * The 施行日 of the 附則, the 末文 and the signatures are those of every instrument (instrument.ts).
 * Numbers are written in the horizontal municipal style of the agreements themselves (arabic digits, 和暦).
 *
 * Pure: the text is built from the facts given, and stored as built; printing adds the date of
 * conclusion and the signatories once they are known.
 */
import {
  agreementNameWithParties,
  assertLegalDate,
  CLOSING_SENTENCE,
  closingLines,
  effectiveDateSentence,
  partiesOpening,
  type EffectiveDateClause,
  type InstrumentParty,
  type InstrumentSigning,
  type PrintedText,
} from './instrument';
import { toWareki, type LegalDate } from './legal-date';

const SPACE = '\u3000';

export interface AbolitionTextInput {
  /** 題名 of the agreement abolished, as its latest version states it. */
  agreementTitle: string;
  /** 甲. */
  core: InstrumentParty;
  /** 乙. */
  partner: InstrumentParty;
  /** 締結日 of the agreement abolished (its original conclusion). */
  concludedOn: LegalDate;
  effect: EffectiveDateClause;
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
  effect: EffectiveDateClause;
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
  assertLegalDate(input.concludedOn, '廃止する連携協約の締結日');
  const concluded = toWareki(input.concludedOn);
  const name = agreementNameWithParties(input.agreementTitle, input.core.name, input.partner.name);
  return {
    title: `${name}を廃止する協約`,
    preamble:
      partiesOpening(input.core.name, input.partner.name) +
      `地方自治法（昭和22年法律第67号）第252条の2第4項の規定により、${concluded}に締結した` +
      `${input.agreementTitle}を廃止する協約を次のとおり締結する。`,
    provision: `${name}（${concluded}締結）は、廃止する。`,
    supplementaryProvision: effectiveDateSentence(input.effect),
    closing: CLOSING_SENTENCE,
    signatories: { core: input.core.head, partner: input.partner.head },
    effect: input.effect,
  };
}

/**
 * The 廃止協約 as printed: title, 前文, the provision, 附則 and its sentence, the closing sentence,
 * then the date and the two signatories — from `signing` once concluded, else a blank date
 * (年・月・日 left blank) and the heads' titles for the signatures to come.
 */
export function renderAbolitionText(text: AbolitionText, signing?: InstrumentSigning): PrintedText {
  const lines = [
    text.title,
    `${SPACE}${text.preamble}`,
    `${SPACE}${text.provision}`,
    '',
    `附${SPACE}則`,
    `${SPACE}${text.supplementaryProvision}`,
    '',
    ...closingLines(text.closing, text.signatories, signing),
  ];
  return { title: text.title, lines, text: `${lines.join('\n')}\n` };
}

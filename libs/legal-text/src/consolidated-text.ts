/**
 * The text in force in 例規集 form (the consolidated text legal staff read for years), and the 沿革
 * labels that go with it:
 *
 * - under the 題名, the date and number of the 告示 that published the original (「令和元年12月25日
 *   青森市告示第600号」), as a 例規集 prints 「昭和24年4月1日 規則第1号」 under a title; the date of
 *   conclusion alone while no 告示 is recorded;
 * - the measures table headed with the article that refers to it: 「別表（第3条関係）」;
 * - after the original 附則, each amendment dissolved into the text appends its own 附則, headed with
 *   its date and 告示: 「附\u3000則（令和3年3月25日青森市告示第210号）」, then its 施行期日 sentence
 *   (effectiveDateSentence: 「この協約は、締結の日から施行し、令和4年4月1日から適用する。」 for a 遡及).
 *
 * The 附則 of the amendments are not part of AgreementDocument (the operations never act on them): the
 * caller passes them as data ({@link Enactments}), taken from the version history.
 */
import type { AgreementDocument, Item } from './document.model';
import type { LegalDate } from './legal-date';
import {
  effectiveDateClauseOf,
  effectiveDateSentence,
  type EffectiveDateClause,
  warekiInStyle,
} from './instrument';
import { renderArticleNumber, renderDocument, type RenderStyle } from './render';

const SPACE = '\u3000';

/** A 告示 as a 例規集 cites it: its number as recorded (青森市告示第600号) and its date. */
export interface PublicNoticeCitation {
  noticeNumber: string;
  publishedOn: LegalDate;
}

/** An amendment dissolved into the text: its conclusion, its 告示 once recorded, and its 附則. */
export interface AmendmentEnactment {
  concludedOn: LegalDate;
  notice?: PublicNoticeCitation;
  clause: EffectiveDateClause;
}

/** What the 例規集 form prints besides the document: the original's 告示, then each amendment's 附則. */
export interface Enactments {
  /** The original's date of conclusion. */
  enactedOn: LegalDate;
  /** The 告示 of the original (the core city's), once recorded. */
  notice?: PublicNoticeCitation;
  /** The amendments in the text, in conclusion order (the order their 附則 were enacted). */
  amendments: AmendmentEnactment[];
}

function mentionsMeasuresTable(text: string): boolean {
  // 「別表」 alone is the measures table; 「別表第1」 is another, numbered one.
  return /別表(?!第)/.test(text);
}

function itemsMention(items: readonly Item[]): boolean {
  return items.some((item) => mentionsMeasuresTable(item.text) || itemsMention(item.subItems));
}

/**
 * The heading of the measures table: 「別表（第3条関係）」, naming every article whose text refers to
 * 「別表」 (「別表（第3条、第5条関係）」), or 「別表」 alone when none does.
 */
export function measuresTableHeading(doc: AgreementDocument, style: RenderStyle): string {
  const citing = doc.articles.filter(
    (article) =>
      !article.deleted &&
      article.paragraphs.some((p) => mentionsMeasuresTable(p.text) || itemsMention(p.items)),
  );
  if (citing.length === 0) return '別表';
  return `別表（${citing.map((a) => renderArticleNumber(a.number, style)).join('、')}関係）`;
}

/** 「令和元年12月25日\u3000青森市告示第600号」, or the date of conclusion while no 告示 is recorded. */
export function enactmentLine(enactments: Enactments, style: RenderStyle): string {
  const notice = enactments.notice;
  return notice === undefined
    ? warekiInStyle(enactments.enactedOn, style)
    : `${warekiInStyle(notice.publishedOn, style)}${SPACE}${notice.noticeNumber}`;
}

/** 「附\u3000則（令和3年3月25日青森市告示第210号）」 and its 施行期日 sentence. */
export function amendmentSupplementaryLines(amendment: AmendmentEnactment, style: RenderStyle): string[] {
  const notice = amendment.notice;
  const cited =
    notice === undefined
      ? warekiInStyle(amendment.concludedOn, style)
      : `${warekiInStyle(notice.publishedOn, style)}${notice.noticeNumber}`;
  return [`附${SPACE}則（${cited}）`, SPACE + effectiveDateSentence(amendment.clause, { style })];
}

/** The text in force in 例規集 form (see the file comment). Deterministic, as renderDocument. */
export function renderConsolidatedText(
  doc: AgreementDocument,
  enactments: Enactments,
  style: RenderStyle,
): string {
  return renderDocument(doc, style, {
    underTitle: [enactmentLine(enactments, style)],
    measuresHeading: measuresTableHeading(doc, style),
    trailingSections: enactments.amendments.map((a) => amendmentSupplementaryLines(a, style)),
  });
}

/** What an entry of the 沿革 is. */
export type EnactmentKind = 'conclusion' | 'amendment' | 'abolition';

const ENACTMENT_NAMES: Record<EnactmentKind, string> = {
  conclusion: '締結',
  amendment: '一部変更',
  abolition: '廃止',
};

/**
 * An entry of the 沿革 as a 例規集 writes it: 「令和元年12月25日締結」, 「令和3年3月25日一部変更（令和3年4月1日
 * 施行）」, 「令和4年6月30日一部変更（令和4年4月1日から適用）」 for a 遡及, 「令和6年3月22日廃止（令和6年4月1日
 * 施行）」; the 施行 is said only when it is not the day of conclusion. `notYetInForce` adds 「未施行」.
 */
export function enactmentLabel(
  entry: {
    kind: EnactmentKind;
    concludedOn: LegalDate;
    effectiveOn: LegalDate;
    notYetInForce?: boolean;
  },
  style: RenderStyle = 'municipal',
): string {
  const clause = effectiveDateClauseOf(entry.concludedOn, entry.effectiveOn);
  const notes: string[] = [];
  if (clause.kind === 'on-date') notes.push(`${warekiInStyle(clause.effectiveOn, style)}施行`);
  if (clause.kind === 'retroactive') notes.push(`${warekiInStyle(clause.appliesFrom, style)}から適用`);
  if (entry.notYetInForce === true) notes.push('未施行');
  const head = `${warekiInStyle(entry.concludedOn, style)}${ENACTMENT_NAMES[entry.kind]}`;
  return notes.length === 0 ? head : `${head}（${notes.join('、')}）`;
}

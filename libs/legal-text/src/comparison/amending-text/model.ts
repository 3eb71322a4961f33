import type { ProvisionNumber, ProvisionPath } from '../../document.model';
import type { EffectiveDateClause, InstrumentParty, InstrumentSigning } from '../../instrument';
import type { LegalDate } from '../../legal-date';
import type { RenderStyle } from '../../render';

/** The agreement a 変更協約 amends, as its title, 前文 and signatures name it. */
export interface AmendedAgreement {
  /** 甲. */
  core: InstrumentParty;
  /** 乙. */
  partner: InstrumentParty;
  /** 締結日 of the agreement itself (its original conclusion): 「令和元年12月25日に締結した…」. */
  concludedOn: LegalDate;
}

export interface AmendingTextOptions {
  /**
   * The 附則's 施行期日 clause. Without it, it follows from `concludedOn` and `effectiveOn`
   * ({@link effectiveDateClauseOf}: 締結の日から / a later date / 遡及 with 適用); `effectiveOn` alone is a
   * planned 施行日; neither: 「この協約は、締結の日から施行する。」.
   */
  effect?: EffectiveDateClause;
  /** 施行日 of the amendment. */
  effectiveOn?: LegalDate;
  /** 締結日 of the 変更協約 (defaults to `signing.concludedOn`). */
  concludedOn?: LegalDate;
  /**
   * Numerals of the whole 変更協約 (sentences, provisions, 別表 rows, dates, 末文): `'municipal'`
   * 第3条, 次の1条, 本書2通; `'kanji'` 第三条, 次の一条, 本書二通. Default: the style of the text amended.
   */
  style?: RenderStyle;
  /** The parties and the conclusion date of the agreement amended; without it, its title alone. */
  agreement?: AmendedAgreement;
  /** Once concluded: the date and the signatories printed under the 末文. */
  signing?: InstrumentSigning;
}

/** What a sentence amends, on the old and the new side (for checking against a comparison). */
export type AmendedPart =
  | { kind: 'title' }
  | { kind: 'preamble' }
  /** `old`: its number in the old version (absent for an article the amendment adds);
   *  `new`: in the new version (absent for one it removes). */
  | { kind: 'article'; old?: ProvisionNumber; new?: ProvisionNumber }
  | { kind: 'measures' }
  | { kind: 'supplementaryProvisions' };

/** A piece of text in one version that an 改め文 sentence works on. */
export type TextLocation =
  | { kind: 'title' }
  | { kind: 'preamble' }
  /** The 見出し of an article (without its brackets). */
  | { kind: 'caption'; article: ProvisionNumber }
  /** The number of an article, paragraph or item as printed (第6条, 2, (1)): underlined when it moves. */
  | { kind: 'number'; path: ProvisionPath }
  /** The text of a paragraph, item or sub-item (an article's text is its paragraphs'). */
  | { kind: 'text'; path: ProvisionPath }
  /** A cell of a row of the measures table (別表): its number, 施策名, 取組内容 or a party's 役割分担. */
  | { kind: 'measure'; id: string; field: 'number' | 'name' | 'content' | 'roles.core' | 'roles.partner' }
  /** A paragraph of the 附則 (1-based), or a 号 or 細分 in it. */
  | { kind: 'supplementary'; paragraph: number; item?: ProvisionNumber; subItem?: ProvisionNumber };

/**
 * What a sentence changes, located in the old or the new version: the text it quotes (「A」 on the old
 * side, 「B」 on the new) or, for a provision it replaces, adds or removes, the whole of that provision.
 * The 新旧対照表 of the same amendment underlines exactly these spans.
 */
export interface AmendedSpan {
  side: 'old' | 'new';
  at: TextLocation;
  /** UTF-16 offsets into that text, end exclusive. */
  start: number;
  end: number;
}

export interface AmendingSentence {
  /** The sentence: 第三条中「A」を「B」に改める。 */
  text: string;
  /** The sentence (indented) and the provision text that follows it, if any. */
  lines: string[];
  /** Indexes of the operations it carries out (each operation is in exactly one sentence). */
  operations: number[];
  parts: AmendedPart[];
  /** What the sentence changes, for the 新旧対照表's underlines. */
  spans: AmendedSpan[];
}

export interface AmendingText {
  /** 「青森市と平内町との{題名}の一部を変更する協約」. */
  title: string;
  /** Title, the 前文, the sentences with their texts, 附則, then the 末文, the date and the signatures. */
  lines: string[];
  /** `lines` joined with line breaks, ending with one. */
  text: string;
  sentences: AmendingSentence[];
  /** The numerals it is written in. */
  style: RenderStyle;
  /** What its 附則 says about when it takes effect. */
  effect: EffectiveDateClause;
}

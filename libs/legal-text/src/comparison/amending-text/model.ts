import type { ProvisionNumber, ProvisionPath } from '../../document.model';
import type { LegalDate } from '../../legal-date';
import type { RenderStyle } from '../../render';

export interface AmendingTextOptions {
  /** 施行日 of the amendment, written in 和暦 in the 附則 (kanji numerals in the kanji style). */
  effectiveOn: LegalDate;
  /** `'municipal'` (default): 第3条, 次の1条; `'kanji'`: 第三条, 次の一条. */
  style?: RenderStyle;
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
  /** A paragraph of the 附則 (1-based). */
  | { kind: 'supplementary'; paragraph: number };

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
  /** 「{題名}の一部を変更する連携協約」. */
  title: string;
  /** Title, the enacting sentence, the sentences with their texts, then 附則. */
  lines: string[];
  /** `lines` joined with line breaks, ending with one. */
  text: string;
  sentences: AmendingSentence[];
}

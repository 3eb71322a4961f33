import type { ProvisionNumber } from '../../document.model';
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

export interface AmendingSentence {
  /** The sentence: 第三条中「A」を「B」に改める。 */
  text: string;
  /** The sentence (indented) and the provision text that follows it, if any. */
  lines: string[];
  /** Indexes of the operations it carries out (each operation is in exactly one sentence). */
  operations: number[];
  parts: AmendedPart[];
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

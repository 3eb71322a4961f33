/** Sentences: clauses with their citations and verbs, joined into 改め文 sentences. */
import type { AmendedPart } from './model';
import type { ReadingSpan } from './spans';

export type Verb = 'aratameru' | 'kezuru' | 'kuwaeru' | 'suru' | 'kuriageru' | 'kurisageru';
const VERBS: Readonly<Record<Verb, [string, string]>> = {
  aratameru: ['改め', '改める'],
  kezuru: ['削り', '削る'],
  kuwaeru: ['加え', '加える'],
  suru: ['し', 'する'],
  kuriageru: ['繰り上げ', '繰り上げる'],
  kurisageru: ['繰り下げ', '繰り下げる'],
};

/**
 * A cited provision: `scope` groups citations that `same` (「同条」, or 「同項」 for the 号 of one 項)
 * can refer back to.
 */
export interface Citation {
  head: string;
  tail: string;
  scope?: string;
  /** How a later citation in the same scope names `head`: 同条 (default) or 同項. */
  same?: string;
}

export interface Clause {
  citation?: Citation;
  /** After the citation (and after 中 for words): 「A」を「B」に / を次のように / の次に次の一条を. */
  body: string;
  verb: Verb;
  /** A replacement of words: consecutive ones in one provision share their verb. */
  words: boolean;
  /** Words: the citation is followed by 中. */
  within: boolean;
  lines: string[];
  /** What it changes, located in the old and the new version (for the 新旧対照表). */
  spans?: ReadingSpan[];
}

export interface Sentence {
  clauses: Clause[];
  operations: number[];
  parts: AmendedPart[];
  /** Sentences of words on the same scope may be joined. */
  joinKey?: string;
}

function citationText(citation: Citation, previous: Citation | undefined): string {
  if (previous && previous.scope !== undefined && previous.scope === citation.scope) {
    if (previous.head === citation.head && previous.tail === citation.tail) return '';
    return `${citation.same ?? '同条'}${citation.tail}`;
  }
  if (previous && previous.scope === undefined && citation.scope === undefined) {
    if (previous.head === citation.head && previous.tail === citation.tail) return '';
  }
  return citation.head + citation.tail;
}

export function sentenceText(clauses: readonly Clause[]): string {
  let previous: Citation | undefined;
  const cited = clauses.map((clause) => {
    const text = clause.citation ? citationText(clause.citation, previous) : '';
    if (clause.citation) previous = clause.citation;
    return text;
  });
  const phrases = clauses.map((clause, i) => {
    const citation = cited[i] ?? '';
    const head = citation === '' ? '' : citation + (clause.within ? '中' : '');
    const last = i === clauses.length - 1;
    const next = clauses[i + 1];
    // 「A」を「B」に、「C」を「D」に改める: replacements in one provision share the verb.
    const sharesVerb =
      !last &&
      clause.words &&
      clause.verb === 'aratameru' &&
      next?.words === true &&
      next.verb === 'aratameru' &&
      (cited[i + 1] ?? '') === '';
    const verb = sharesVerb ? '' : VERBS[clause.verb][last ? 1 : 0];
    return head + clause.body + verb;
  });
  return `${phrases.join('、')}。`;
}

/** Consecutive sentences of words in the same article (or part) become one. */
export function joinWordSentences(sentences: readonly Sentence[]): Sentence[] {
  const out: Sentence[] = [];
  for (const sentence of sentences) {
    const previous = out[out.length - 1];
    if (previous && sentence.joinKey !== undefined && previous.joinKey === sentence.joinKey) {
      out[out.length - 1] = {
        ...previous,
        clauses: [...previous.clauses, ...sentence.clauses],
        operations: [...previous.operations, ...sentence.operations],
      };
    } else {
      out.push(sentence);
    }
  }
  return out;
}

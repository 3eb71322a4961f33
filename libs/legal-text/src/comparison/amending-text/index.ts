/**
 * 改め文: the text of an amending agreement (「…の一部を変更する連携協約」) generated from the old
 * version and the list of amendment operations, in the standard phrasing:
 *
 * - 第三条中「A」を「B」に改める。 (several in one provision: 「A」を「B」に、「C」を「D」に改める;
 *   in another paragraph of the same article: …に改め、同条第二項中「E」を削る);
 *   「A」を削る; 「A」の次に「X」を加える (縦書き 'kanji': の下に) where the change only adds words;
 * - 第五条を次のように改める。 + the new text; 第二条第二項を削る。; 第五条を削る。;
 * - 第三条の次に次の一条を加える。 + the text (several in a row: 次の二条を加える);
 * - 第六条を第七条とし、第五条の次に次の一条を加える。 where the operations renumber to make room;
 * - 項 renumber themselves: 第三条第二項を削り、同条第三項を同条第二項とする。 /
 *   第三条第二項を同条第三項とし、同条第一項の次に次の一項を加える。;
 * - 号: 第三条第一項第二号の次に次の一号を加える。 (第三条第二号 when the article has one 項);
 * - the measures table: 別表を次のように改める。 + the new table (one sentence for all measure operations);
 * - 附則 of the old version: 附則を次のように改める。 + the new 附則;
 * then the 附則 of the amending agreement: 「この協約は、令和○年○月○日から施行する。」.
 *
 * Order: from the first provision to the last (題名, 前文, articles, 別表, 附則), each sentence citing
 * provisions by their numbers at that point of the reading. A sentence that picks one of several
 * occurrences of a word quotes the word with enough context to be unique in the narrowest provision,
 * or, when none is, rewrites that provision (…を次のように改める).
 *
 * Correct by construction and checked: the sentences are replayed, in the order printed, as
 * operations on the old version, and must give exactly applyAmendment(old, operations). When the
 * front-to-back order would not (an operation depending on one further back), the order of the
 * operations is kept instead.
 */
import { applyAmendment, type AmendmentOperation } from '../../amendment';
import type { AgreementDocument, ProvisionNumber } from '../../document.model';
import { isLegalDate, toWareki } from '../../legal-date';
import type { AmendedPart, AmendingSentence, AmendingText, AmendingTextOptions } from './model';
import { readInOrder } from './replay';
import { sentenceText, type Sentence } from './sentences';
import { compareKeys, formUnits, identityOrder, PART_RANK, partsOf, traceSteps, type Unit } from './trace';

export type {
  AmendedPart,
  AmendedSpan,
  AmendingSentence,
  AmendingText,
  AmendingTextOptions,
  TextLocation,
} from './model';

const SPACE = '\u3000';

/**
 * The 改め文 of `operations` applied to `oldDoc`. Throws the {@link AmendmentError} of the first
 * operation that does not apply, and a RangeError for no operations or a bad 施行日.
 */
export function amendingText(
  oldDoc: AgreementDocument,
  operations: readonly AmendmentOperation[],
  options: AmendingTextOptions,
): AmendingText {
  const style = options.style ?? 'municipal';
  if (!isLegalDate(options.effectiveOn)) {
    throw new RangeError(`施行日が不正です（YYYY-MM-DD の暦日が必要です）: ${options.effectiveOn}`);
  }
  if (operations.length === 0)
    throw new RangeError('改正操作がありません。改め文には1つ以上の操作が必要です');
  const expected = applyAmendment(oldDoc, operations);
  const steps = traceSteps(oldDoc, operations);
  const oldIds = oldDoc.articles.map((a) => `o:${a.number}`);
  const slots = identityOrder(oldIds, steps);
  const units = formUnits(steps, slots);
  const lastStep = steps[steps.length - 1];
  const finalIds = new Set(lastStep?.idsAfter ?? oldIds);
  const finalNumbers = new Map<string, ProvisionNumber>();
  (lastStep?.idsAfter ?? oldIds).forEach((id, index) => {
    const article = expected.articles[index];
    if (article) finalNumbers.set(id, article.number);
  });
  const parts = (unit: Unit): AmendedPart[] => partsOf(unit, finalIds, finalNumbers);
  const byPosition = (withinArticle: boolean) => (a: Unit, b: Unit) =>
    PART_RANK[a.part] - PART_RANK[b.part] ||
    a.slot - b.slot ||
    (withinArticle ? compareKeys(a.sub, b.sub) : 0) ||
    a.first - b.first;
  const orders = [
    [...units].sort(byPosition(true)),
    [...units].sort(byPosition(false)),
    [...units].sort((a, b) => a.first - b.first),
  ];
  let sentences: Sentence[] | undefined;
  for (const order of orders) {
    sentences = readInOrder(oldDoc, order, expected, parts, style);
    if (sentences) break;
  }
  if (!sentences) {
    throw new Error(
      '改め文を生成できませんでした: 文を順に適用しても改正後の協約と一致しません（内部エラー）',
    );
  }
  const title = `${oldDoc.title}の一部を変更する連携協約`;
  const rendered: AmendingSentence[] = sentences.map((s) => {
    const text = sentenceText(s.clauses);
    return {
      text,
      lines: [SPACE + text, ...s.clauses.flatMap((c) => c.lines)],
      operations: s.operations,
      parts: s.parts,
      // Filled in by the span tracing of the drafting work (issue 17, finding 6).
      spans: [],
    };
  });
  const date = toWareki(options.effectiveOn, { digits: style === 'kanji' ? 'kanji' : 'arabic' });
  const lines = [
    title,
    `${SPACE}${oldDoc.title}の一部を次のように変更する。`,
    ...rendered.flatMap((s) => s.lines),
    '',
    `附${SPACE}則`,
    `${SPACE}この協約は、${date}から施行する。`,
  ];
  return { title, lines, text: `${lines.join('\n')}\n`, sentences: rendered };
}

/**
 * 改め文: the text of the 変更協約 (「青森市と平内町との…連携協約の一部を変更する協約」) generated from the
 * old version and the list of amendment operations: the title naming the parties, the 前文 (「青森市
 * （以下「甲」という。）と平内町（以下「乙」という。）とは、令和元年12月25日に締結した…の一部を次のように
 * 変更する。」), the sentences, the 附則 (instrument.ts: a 施行日, 締結の日から, or 遡及 as 適用), the 末文,
 * the date and the two heads. One numeral style throughout, by default that of the text amended.
 * The sentences follow the standard phrasing:
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
import {
  agreementNameWithParties,
  assertLegalDate,
  closingLines,
  closingSentence,
  effectiveDateClauseOf,
  effectiveDateSentence,
  partiesOpening,
  warekiInStyle,
  type EffectiveDateClause,
} from '../../instrument';
import { documentStyle } from '../../render';
import type { AmendedPart, AmendingSentence, AmendingText, AmendingTextOptions } from './model';
import { readInOrder } from './replay';
import { locateSpans } from './spans';
import { sentenceText } from './sentences';
import { compareKeys, formUnits, identityOrder, PART_RANK, partsOf, traceSteps, type Unit } from './trace';

export type {
  AmendedAgreement,
  AmendedPart,
  AmendedSpan,
  AmendingSentence,
  AmendingText,
  AmendingTextOptions,
  TextLocation,
} from './model';

const SPACE = '\u3000';

/** The 附則's clause the options give (see {@link AmendingTextOptions.effect}). */
function effectOf(options: AmendingTextOptions): EffectiveDateClause {
  if (options.effect) return options.effect;
  const concludedOn = options.concludedOn ?? options.signing?.concludedOn;
  if (options.effectiveOn !== undefined) assertLegalDate(options.effectiveOn, '施行日');
  if (concludedOn !== undefined) assertLegalDate(concludedOn, '締結日');
  if (options.effectiveOn === undefined) return { kind: 'on-conclusion' };
  return concludedOn === undefined
    ? { kind: 'on-date', effectiveOn: options.effectiveOn }
    : effectiveDateClauseOf(concludedOn, options.effectiveOn);
}

/**
 * The 改め文 of `operations` applied to `oldDoc`, as the 変更協約 the parties conclude: title, 前文,
 * sentences, 附則, 末文 and signatures. Throws the {@link AmendmentError} of the first operation that
 * does not apply, and a RangeError for no operations or a bad date.
 */
export function amendingText(
  oldDoc: AgreementDocument,
  operations: readonly AmendmentOperation[],
  options: AmendingTextOptions = {},
): AmendingText {
  const style = options.style ?? documentStyle(oldDoc);
  const effect = effectOf(options);
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
  let read: ReturnType<typeof readInOrder>;
  for (const order of orders) {
    read = readInOrder(oldDoc, order, expected, parts, style);
    if (read) break;
  }
  if (!read) {
    throw new Error(
      '改め文を生成できませんでした: 文を順に適用しても改正後の協約と一致しません（内部エラー）',
    );
  }
  const oldNumbers = new Map(oldIds.map((id) => [id, id.slice(2)]));
  const { sentences, paragraphMoves } = read;
  const spans = locateSpans(
    sentences.map((s) => s.clauses.flatMap((c) => c.spans ?? [])),
    paragraphMoves,
    { old: oldDoc, new: expected },
    { old: (id) => oldNumbers.get(id), new: (id) => (finalIds.has(id) ? finalNumbers.get(id) : undefined) },
    style,
  );
  const rendered: AmendingSentence[] = sentences.map((s, i) => {
    const text = sentenceText(s.clauses);
    return {
      text,
      lines: [SPACE + text, ...s.clauses.flatMap((c) => c.lines)],
      operations: s.operations,
      parts: s.parts,
      spans: spans[i] ?? [],
    };
  });
  const { agreement } = options;
  const name =
    agreement === undefined
      ? oldDoc.title
      : agreementNameWithParties(oldDoc.title, agreement.core.name, agreement.partner.name);
  const title = `${name}の一部を変更する協約`;
  const preamble =
    agreement === undefined
      ? `${oldDoc.title}の一部を次のように変更する。`
      : `${partiesOpening(agreement.core.name, agreement.partner.name)}${warekiInStyle(agreement.concludedOn, style)}に締結した${oldDoc.title}の一部を次のように変更する。`;
  const heads = { core: agreement?.core.head ?? '', partner: agreement?.partner.head ?? '' };
  const lines = [
    title,
    `${SPACE}${preamble}`,
    ...rendered.flatMap((s) => s.lines),
    '',
    `附${SPACE}則`,
    `${SPACE}${effectiveDateSentence(effect, { style })}`,
    '',
    ...closingLines(closingSentence(style), heads, options.signing, style),
  ];
  return { title, lines, text: `${lines.join('\n')}\n`, sentences: rendered, style, effect };
}

/**
 * The 改め文 of a draft not yet concluded, marked as the 議案 attachments are: 「…の一部を変更する協約（案）」.
 */
export function markedAsDraft(text: AmendingText): AmendingText {
  const title = `${text.title}（案）`;
  const lines = [title, ...text.lines.slice(1)];
  return { ...text, title, lines, text: `${lines.join('\n')}\n` };
}

/**
 * The articles a 改め文 names, by their numbers in the old and the new version: what a 新旧対照表 of
 * the same amendment pairs (`articles` of compareDocuments and comparisonTable).
 */
export function amendedArticles(text: AmendingText): Extract<AmendedPart, { kind: 'article' }>[] {
  return text.sentences.flatMap((s) => s.parts.flatMap((part) => (part.kind === 'article' ? [part] : [])));
}

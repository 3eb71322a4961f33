import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import {
  type AgreementHistory,
  type AgreementVersion,
  currentDraft,
  draftAbolitionText,
  proceedingName,
  versionAsOf,
  warekiOrIso,
} from '@kyoyaku/domain';
import {
  agreementNameWithParties,
  buildComparisonTable,
  effectiveDateClauseOf,
  type AbolitionText,
  type AmendedSpan,
  type AmendingText,
  amendedArticles,
  amendingText,
  type NamedPair,
  type ComparedVersion,
  type ComparisonRenderOptions,
  type ComparisonTable,
  compareDocuments,
  documentStyle,
  type DocumentComparison,
  type InstrumentSigning,
  type PrintedText,
  type RenderStyle,
  renderAbolitionText,
  statedEffectiveDate,
  versionOf,
  warekiInStyle,
} from '@kyoyaku/legal-text';
import type { ProceedingDoc } from '@kyoyaku/projections';
import { AgreementReadModels } from '../agreements/agreement-read-model.service';
import type { ComparisonQueryDto } from './comparison.dto';
import { amendedAgreementOf, amendmentDraftOf, documentsOfDraft, isConcludedDraft } from './draft-documents';
import { problem } from './problem';

export interface ComparedText {
  /** 第2版, 2022-05-01 時点 …: which text was asked for. */
  label: string;
  versionNumber: number;
  effectiveFrom: string;
  knownAt?: string;
  /** Its column's header as printed: 「令和3年3月25日変更（令和3年4月1日施行）」. */
  heading: string;
}

export interface AgreementComparison {
  agreementId: string;
  from: ComparedText;
  to: ComparedText;
  /**
   * Where the 傍線 come from: `amendment` — the spans the 改め文 of the amendment that made `to`
   * from `from` quotes, so the two agree exactly; `word-diff` — the word diff, for two texts no
   * amendment leads from one to the other (two dates apart, or a record against an older one).
   */
  underlines: 'amendment' | 'word-diff';
  comparison: DocumentComparison;
  table: ComparisonTable;
  /** What the printable forms put in their header. */
  render: ComparisonRenderOptions;
}

const comparedVersion = (version: AgreementVersion): ComparedVersion => ({
  kind: version.kind,
  concludedOn: version.concludedOn,
  effectiveOn: version.effectiveFrom,
});

/**
 * What the 改め文 says when `to` is the version the amendment made from `from` (its base), so that
 * the 新旧対照表 pairs the articles it names as it names them and underlines what it quotes; undefined
 * otherwise. The spans are left out while the 改め文 locates nothing (an empty list from a non-empty
 * amendment means no underline information: the word diff stays).
 */
function amendmentAccount(
  from: AgreementVersion,
  to: AgreementVersion,
  style: RenderStyle,
): { spans?: readonly AmendedSpan[]; articles: readonly NamedPair[] } | undefined {
  const operations = to.operations;
  if (to.kind !== 'amendment' || operations === undefined || operations.length === 0) return undefined;
  if (to.base?.versionNumbers.at(-1) !== from.number) return undefined;
  let text: AmendingText;
  try {
    text = amendingText(from.document, operations, { effectiveOn: to.effectiveFrom, style });
  } catch {
    // The 改め文 could not be drafted (it reports that on its own endpoint): compare word by word.
    return undefined;
  }
  const spans = text.sentences.flatMap((s) => s.spans);
  return { ...(spans.length === 0 ? {} : { spans }), articles: amendedArticles(text) };
}

/** Where a version stands in the 沿革 (施行日 order; ties in conclusion order). */
function placeInTimeline(history: AgreementHistory, version: AgreementVersion): number {
  return history.versions.indexOf(version);
}

function versionNumbered(history: AgreementHistory, n: number, field: string): AgreementVersion {
  const version = history.versions.find((v) => v.number === n);
  if (version === undefined) {
    throw problem(
      404,
      'VersionNotFound',
      `第${n}版はありません。この協約の版は第1版から第${history.versions.length}版までです。`,
      field,
    );
  }
  return version;
}

function versionOn(
  history: AgreementHistory,
  date: string,
  field: string,
  knownAt?: string,
): AgreementVersion {
  const version = versionAsOf(history, date);
  if (version === undefined) {
    throw problem(
      404,
      'NoVersionInForce',
      `${warekiOrIso(date)}に施行されている版はありません${knownAt === undefined ? '' : `（台帳の ${knownAt} の時点の記録による）`}。`,
      field,
    );
  }
  return version;
}

export class GetComparisonQuery extends Query<AgreementComparison> {
  constructor(
    readonly agreementId: string,
    readonly query: ComparisonQueryDto,
  ) {
    super();
  }
}

/** The 新旧対照表 between two texts of an agreement (DESIGN.md §2.2, the comparison issue). */
@QueryHandler(GetComparisonQuery)
export class GetComparisonHandler implements IQueryHandler<GetComparisonQuery, AgreementComparison> {
  constructor(private readonly readModels: AgreementReadModels) {}

  async execute({ agreementId, query }: GetComparisonQuery): Promise<AgreementComparison> {
    const byVersion = query.from !== undefined || query.to !== undefined;
    const byDate = query.fromDate !== undefined || query.toDate !== undefined;
    const byKnowledge = query.asOf !== undefined || query.knownAt !== undefined;
    if ([byVersion, byDate, byKnowledge].filter(Boolean).length !== 1) {
      throw problem(
        400,
        'ValidationFailed',
        'Name the two texts one way: from and to (versions), fromDate and toDate (dates), or asOf and knownAt (as known then against as known now).',
      );
    }
    const current = this.readModels.history(agreementId).history;
    // The columns name their versions by date; a text asked for by date says which day first.
    let from: { version: AgreementVersion; label: string; knownAt?: string; prefix?: string };
    let to: { version: AgreementVersion; label: string; prefix?: string };
    if (byVersion) {
      if (query.from === undefined || query.to === undefined)
        throw problem(400, 'ValidationFailed', 'Give both from and to.', 'to');
      const older = versionNumbered(current, query.from, 'from');
      const newer = versionNumbered(current, query.to, 'to');
      if (placeInTimeline(current, older) > placeInTimeline(current, newer)) {
        throw problem(
          422,
          'FromAfterTo',
          `第${query.from}版（${warekiOrIso(older.effectiveFrom)}施行）は第${query.to}版（${warekiOrIso(newer.effectiveFrom)}施行）より後の版です。古い版を比較元（from）に、新しい版を比較先（to）に指定してください。`,
          'from',
        );
      }
      from = { version: older, label: `第${query.from}版` };
      to = { version: newer, label: `第${query.to}版` };
    } else if (byDate) {
      if (query.fromDate === undefined || query.toDate === undefined) {
        throw problem(400, 'ValidationFailed', 'Give both fromDate and toDate.', 'toDate');
      }
      if (query.fromDate > query.toDate) {
        throw problem(
          422,
          'FromAfterTo',
          `比較元の日付（${warekiOrIso(query.fromDate)}）が比較先の日付（${warekiOrIso(query.toDate)}）より後です。前の日付を比較元（fromDate）に指定してください。`,
          'fromDate',
        );
      }
      from = {
        version: versionOn(current, query.fromDate, 'fromDate'),
        label: `${query.fromDate} 時点`,
        prefix: query.fromDate,
      };
      to = {
        version: versionOn(current, query.toDate, 'toDate'),
        label: `${query.toDate} 時点`,
        prefix: query.toDate,
      };
    } else {
      if (query.asOf === undefined || query.knownAt === undefined) {
        throw problem(
          400,
          'ValidationFailed',
          'Give both asOf and knownAt.',
          query.asOf === undefined ? 'asOf' : 'knownAt',
        );
      }
      const then = await this.readModels.historyKnownAt(agreementId, { knownAt: query.knownAt });
      from = {
        version: versionOn(then, query.asOf, 'knownAt', query.knownAt),
        label: `${query.asOf} 時点（${query.knownAt} の記録）`,
        knownAt: query.knownAt,
        prefix: query.asOf,
      };
      to = {
        version: versionOn(current, query.asOf, 'asOf'),
        label: `${query.asOf} 時点（現在の記録）`,
        prefix: query.asOf,
      };
    }
    // Numbers as the text writes them, unless asked otherwise.
    const style: RenderStyle = query.style ?? documentStyle(to.version.document);
    // Only an amendment's own versions have operations to underline from; the record as known then
    // is another history, whatever its numbers.
    const account = byKnowledge ? undefined : amendmentAccount(from.version, to.version, style);
    const spans = account?.spans;
    const comparison = compareDocuments(from.version.document, to.version.document, {
      style,
      ...(spans === undefined ? {} : { spans }),
      ...(account === undefined ? {} : { articles: account.articles }),
    });
    const table = buildComparisonTable(comparison, {
      style,
      ...(spans === undefined ? {} : { spans }),
      ...(query.order === undefined ? {} : { order: query.order }),
      ...(query.elide === undefined ? {} : { elideUnchanged: query.elide }),
    });
    const dayOf = (side: { prefix?: string; knownAt?: string }, knownNow: boolean): string | undefined => {
      if (side.prefix === undefined) return undefined;
      const day = `${warekiInStyle(side.prefix, style)}現在`;
      if (!byKnowledge) return day;
      return `${day}（${knownNow ? '現在' : (side.knownAt ?? '')}の記録）`;
    };
    const fromDay = dayOf(from, false);
    const toDay = dayOf(to, true);
    const render: ComparisonRenderOptions = {
      title: agreementNameWithParties(to.version.document.title, current.coreCity.name, current.partner.name),
      fromVersion: comparedVersion(from.version),
      toVersion: comparedVersion(to.version),
      ...(fromDay === undefined ? {} : { fromLabel: fromDay }),
      ...(toDay === undefined ? {} : { toLabel: toDay }),
    };
    const describe = (
      side: { version: AgreementVersion; label: string; knownAt?: string },
      which: 'old' | 'new',
    ): ComparedText => ({
      label: side.label,
      versionNumber: side.version.number,
      effectiveFrom: side.version.effectiveFrom,
      ...(side.knownAt === undefined ? {} : { knownAt: side.knownAt }),
      heading: versionOf(table, which, render),
    });
    return {
      agreementId,
      from: describe(from, 'old'),
      to: describe(to, 'new'),
      underlines: table.underlines,
      comparison,
      table,
      render,
    };
  }
}

/** The 改め文 of an amendment proceeding, as the endpoint answers it. */
export type AmendmentText = AmendingText & {
  kind: 'amendment';
  proceedingId: string;
  /** 施行日: the conclusion's, else the planned one asked for; absent for 「締結の日から施行する」. */
  effectiveOn?: string;
  concluded: boolean;
  /** While not concluded: the draft printed (its number and date); the title is marked （案）. */
  draft?: { draftNumber: number; draftedOn: string };
};

/** The 廃止協約 of an abolition proceeding, printed, with the text as drafted. */
export interface AbolitionProceedingText extends PrintedText {
  kind: 'abolition';
  proceedingId: string;
  /** The draft printed: the current one, or the one concluded. */
  draftNumber: number;
  /** 施行日: the conclusion's, else the one the 附則 states (absent for 「締結の日から施行する」). */
  effectiveOn?: string;
  concluded: boolean;
  /** Abolition texts are drafted in the horizontal municipal style of the agreements. */
  style: 'municipal';
  /**
   * `draft`: the text stored with the draft the councils voted on; `record`: drafted now from the
   * record, for a draft recorded before drafts carried their text.
   */
  source: 'draft' | 'record';
  abolition: AbolitionText;
}

/** What …/amending-text answers: the text a council votes on for an amendment or an abolition. */
export type ProceedingText = AmendmentText | AbolitionProceedingText;

/** Who signed an instrument and when, from its proceeding's conclusion. */
function signingOf(conclusion: NonNullable<ProceedingDoc['conclusion']>): InstrumentSigning {
  return {
    concludedOn: conclusion.concludedOn,
    core: conclusion.signatories.core,
    partner: conclusion.signatories.partner,
  };
}

export class GetAmendingTextQuery extends Query<ProceedingText> {
  constructor(
    readonly agreementId: string,
    readonly proceedingId: string,
    /**
     * `style` absent: the style of the text amended (or, for an abolition, municipal); `draftNumber`
     * absent: the current draft (of an amendment).
     */
    readonly options: { style?: RenderStyle; effectiveOn?: string; draftNumber?: number },
  ) {
    super();
  }
}

/**
 * The text a council votes on for an amendment or an abolition proceeding (地方自治法 第252条の2第4項):
 *
 * - amendment: the 変更協約 — its operations against the text they apply to: for a concluded amendment,
 *   the version before it in 施行日 order (its base); for a pending one, the end of the timeline (the
 *   last version in 施行日 order). Its 附則 follows from the conclusion (締結日 and 施行日: 遡及 is
 *   「締結の日から施行し、…から適用する」); while pending, from the 施行期日 the draft states, else from
 *   `effectiveOn` (a planned 施行日 asked for), else 「締結の日から施行する」. The parties and their heads come from the agreement, the signatories from
 *   the conclusion. Numerals follow the text amended unless `style` is given.
 * - abolition: the 廃止協約 stored with its current (or concluded) draft, printed with the conclusion
 *   date and the signatories once concluded. A draft recorded before drafts carried their text is
 *   drafted from the record: the 施行日 of its conclusion, or `effectiveOn` (else 締結の日から) while
 *   pending.
 *
 * A conclusion proceeding has no such text: 422 NotAnAmendment.
 */
@QueryHandler(GetAmendingTextQuery)
export class GetAmendingTextHandler implements IQueryHandler<GetAmendingTextQuery, ProceedingText> {
  constructor(private readonly readModels: AgreementReadModels) {}

  execute({ agreementId, proceedingId, options }: GetAmendingTextQuery): Promise<ProceedingText> {
    const proceeding = this.readModels.proceeding(agreementId, proceedingId);
    if (proceeding.kind === 'abolition')
      return Promise.resolve(this.abolition(agreementId, proceeding, options));
    if (proceeding.kind !== 'amendment') {
      throw problem(
        422,
        'NotAnAmendment',
        `${proceedingName(proceeding)}は変更でも廃止でもないため、改め文も廃止協約もありません。`,
      );
    }
    const history = this.readModels.history(agreementId).history;
    const chosen = amendmentDraftOf(proceeding, options.draftNumber);
    const made = history.versions.find((v) => v.proceedingId === proceedingId);
    const conclusion = proceeding.conclusion;
    if (made === undefined || conclusion === undefined || !isConcludedDraft(proceeding, chosen)) {
      // A draft (the pending one, or an earlier one): its 改め文（案）.
      const { documents, draft } = documentsOfDraft(history, proceeding, chosen, options);
      const effectiveOn = statedEffectiveDate(documents.amendingText.effect);
      return Promise.resolve({
        kind: 'amendment',
        proceedingId,
        ...(effectiveOn === undefined ? {} : { effectiveOn }),
        concluded: conclusion !== undefined,
        ...documents.amendingText,
        draft,
      });
    }
    const baseNumber = made.base?.versionNumbers.at(-1);
    const base = history.versions.find((v) => v.number === baseNumber);
    if (base === undefined) {
      throw problem(
        409,
        'AmendmentHasNoBase',
        `${proceedingName(proceeding)}が変更した版が台帳にありません。`,
      );
    }
    const text = amendingText(base.document, chosen.draft.operations, {
      effect: effectiveDateClauseOf(conclusion.concludedOn, conclusion.effectiveOn),
      signing: signingOf(conclusion),
      ...(options.style === undefined ? {} : { style: options.style }),
      ...(amendedAgreementOf(history) ?? {}),
    });
    return Promise.resolve({
      kind: 'amendment',
      proceedingId,
      effectiveOn: conclusion.effectiveOn,
      concluded: true,
      ...text,
    });
  }

  private abolition(
    agreementId: string,
    proceeding: ProceedingDoc,
    options: { effectiveOn?: string },
  ): AbolitionProceedingText {
    const draft = currentDraft(proceeding);
    if (draft === undefined || draft.draft.kind !== 'abolition') {
      throw new Error(`invariant: abolition ${proceeding.proceedingId} without an abolition draft`);
    }
    const conclusion = proceeding.conclusion;
    const stored = draft.draft.text;
    const text =
      stored ??
      draftAbolitionText(
        this.readModels.history(agreementId).history,
        conclusion !== undefined
          ? effectiveDateClauseOf(conclusion.concludedOn, conclusion.effectiveOn)
          : options.effectiveOn !== undefined
            ? { kind: 'on-date', effectiveOn: options.effectiveOn }
            : { kind: 'on-conclusion' },
      );
    if (text === undefined) {
      throw problem(
        409,
        'AmendmentHasNoBase',
        `${proceedingName(proceeding)}が廃止する版が台帳にありません。`,
      );
    }
    const effectiveOn = conclusion?.effectiveOn ?? statedEffectiveDate(text.effect);
    return {
      kind: 'abolition',
      proceedingId: proceeding.proceedingId,
      draftNumber: draft.draftNumber,
      ...(effectiveOn === undefined ? {} : { effectiveOn }),
      concluded: conclusion !== undefined,
      style: 'municipal',
      source: stored === undefined ? 'record' : 'draft',
      ...renderAbolitionText(text, conclusion === undefined ? undefined : signingOf(conclusion)),
      abolition: text,
    };
  }
}

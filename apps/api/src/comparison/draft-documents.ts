/**
 * The documents of an amendment before its vote (draft first): the proposed text, the 改め文（案） with
 * its 附則, and the 新旧対照表（案） underlined from that 改め文 — for a preview and for the current draft
 * of a pending proceeding alike, drafted exactly as the concluded ones and marked 案.
 */
import {
  type AgreementHistory,
  type AgreementVersion,
  type AmendmentDraft,
  headOf,
  proceedingName,
} from '@kyoyaku/domain';
import type { ProceedingDoc } from '@kyoyaku/projections';
import {
  type AgreementDocument,
  type AmendedAgreement,
  agreementNameWithParties,
  type AmendingText,
  type AmendmentOperation,
  amendedArticles,
  amendingText,
  applyAmendment,
  comparisonTable,
  type ComparisonOrder,
  type ComparisonTableOptions,
  type ComparisonRenderOptions,
  type ComparisonTable,
  documentStyle,
  type EffectiveDateClause,
  type LegalDate,
  markedAsDraft,
  type PrintedText,
  renderDocument,
  type RenderStyle,
  statedEffectiveDate,
  warekiInStyle,
} from '@kyoyaku/legal-text';
import { problem } from './problem';

export type TableLayout = Pick<ComparisonTableOptions, 'order' | 'elideUnchanged'>;

/** The layout a request asks for (`order`, `elide`), as the table options name it. */
export function tableLayout(query: { order?: ComparisonOrder; elide?: boolean }): TableLayout {
  return {
    ...(query.order === undefined ? {} : { order: query.order }),
    ...(query.elide === undefined ? {} : { elideUnchanged: query.elide }),
  };
}

/** Which draft of a proceeding the documents print: its number and date. */
export interface DraftMark {
  draftNumber: number;
  draftedOn: LegalDate;
}

export interface DraftDocuments {
  /** The text as the amendment makes it, and as printed (titled （案）). */
  document: AgreementDocument;
  text: string;
  proposedText: PrintedText;
  /** The 変更協約（案）: sentences, 附則, 末文. */
  amendingText: AmendingText;
  /** The 新旧対照表（案）, with what its printable forms put in their header. */
  comparison: { title: string; table: ComparisonTable; render: ComparisonRenderOptions };
}

/**
 * Drafts the documents of `operations` against `base`. The 附則 states `effect` when the draft does;
 * else the planned `effectiveOn` asked for; else 「この協約は、締結の日から施行する。」.
 */
export function draftDocuments(
  history: AgreementHistory,
  base: AgreementVersion,
  operations: readonly AmendmentOperation[],
  options: {
    effect?: EffectiveDateClause;
    effectiveOn?: LegalDate;
    style?: RenderStyle;
    draft?: DraftMark;
    /** The 新旧対照表's layout: column order, unchanged provisions as 「（略）」. */
    layout?: TableLayout;
  },
): DraftDocuments {
  const style = options.style ?? documentStyle(base.document);
  const document = applyAmendment(base.document, [...operations]);
  const drafted = amendingText(base.document, [...operations], {
    ...(options.effect !== undefined
      ? { effect: options.effect }
      : options.effectiveOn !== undefined
        ? { effectiveOn: options.effectiveOn }
        : {}),
    style,
    ...(amendedAgreementOf(history) ?? {}),
  });
  const table = comparisonTable(base.document, document, {
    ...options.layout,
    style,
    spans: drafted.sentences.flatMap((s) => s.spans),
    articles: amendedArticles(drafted),
  });
  const name = agreementNameWithParties(base.document.title, history.coreCity.name, history.partner.name);
  const planned = statedEffectiveDate(drafted.effect);
  const draftName =
    options.draft === undefined
      ? '変更案'
      : `第${options.draft.draftNumber}案（${warekiInStyle(options.draft.draftedOn, style)}作成）`;
  const render: ComparisonRenderOptions = {
    title: name,
    draft: true,
    fromVersion: { kind: base.kind, concludedOn: base.concludedOn, effectiveOn: base.effectiveFrom },
    toLabel: draftName,
    ...(planned === undefined ? {} : { toEffectiveOn: planned }),
  };
  return {
    document,
    text: renderDocument(document, style),
    proposedText: printedDocument(document, style, { draft: true }),
    amendingText: markedAsDraft(drafted),
    comparison: { title: `${name}\u3000新旧対照表（案）`, table, render },
  };
}

/** A text as printed for the councils: its lines under its title, the title marked （案） for a draft. */
export function printedDocument(
  document: AgreementDocument,
  style: RenderStyle,
  options: { draft: boolean },
): PrintedText {
  const lines = renderDocument(document, style).replace(/\n$/, '').split('\n');
  const title = options.draft ? `${document.title}（案）` : document.title;
  const printed = document.title === '' ? lines : [title, ...lines.slice(1)];
  return { title, lines: printed, text: `${printed.join('\n')}\n` };
}

/** A draft of an amendment proceeding, as the proceeding keeps it. */
export type AmendmentDraftState = ProceedingDoc['drafts'][number] & { draft: AmendmentDraft };

/**
 * The draft of an amendment proceeding a request names (`draftNumber`: 第1案, 第2案 …), else its current
 * one; 404 DraftNotFound naming the drafts there are.
 */
export function amendmentDraftOf(proceeding: ProceedingDoc, draftNumber?: number): AmendmentDraftState {
  const chosen =
    draftNumber === undefined
      ? proceeding.drafts.at(-1)
      : proceeding.drafts.find((d) => d.draftNumber === draftNumber);
  if (chosen === undefined) {
    throw problem(
      404,
      'DraftNotFound',
      `${proceedingName(proceeding)}に第${draftNumber ?? ''}案はありません。この手続の案は第1案から第${proceeding.drafts.length}案までです。`,
      'draft',
    );
  }
  const { draft } = chosen;
  if (draft.kind !== 'amendment') {
    throw new Error(`invariant: amendment ${proceeding.proceedingId} with a ${draft.kind} draft`);
  }
  return { ...chosen, draft };
}

/** Whether `chosen` is the draft the proceeding was concluded on (its last, once concluded). */
export function isConcludedDraft(proceeding: ProceedingDoc, chosen: AmendmentDraftState): boolean {
  return proceeding.conclusion !== undefined && chosen.draftNumber === proceeding.drafts.at(-1)?.draftNumber;
}

/**
 * The 案 documents of one draft of an amendment proceeding, against the text it amends: for a
 * concluded proceeding, the version its conclusion amended; else the last version in 施行日 order, as
 * a new amendment takes it. The 附則 is the one the draft states, else from `effectiveOn` (planned).
 */
export function documentsOfDraft(
  history: AgreementHistory,
  proceeding: ProceedingDoc,
  chosen: AmendmentDraftState,
  options: { effectiveOn?: LegalDate; style?: RenderStyle; layout?: TableLayout },
): { documents: DraftDocuments; base: AgreementVersion; draft: DraftMark } {
  const made = history.versions.find((v) => v.proceedingId === proceeding.proceedingId);
  const baseNumber = made?.base?.versionNumbers.at(-1);
  const base =
    made === undefined ? history.versions.at(-1) : history.versions.find((v) => v.number === baseNumber);
  if (base === undefined) {
    throw problem(409, 'AmendmentHasNoBase', `${proceedingName(proceeding)}が変更する版が台帳にありません。`);
  }
  const draft = { draftNumber: chosen.draftNumber, draftedOn: chosen.draftedOn };
  const documents = draftDocuments(history, base, chosen.draft.operations, {
    ...(chosen.draft.effect !== undefined
      ? { effect: chosen.draft.effect }
      : options.effectiveOn !== undefined
        ? { effectiveOn: options.effectiveOn }
        : {}),
    ...(options.style === undefined ? {} : { style: options.style }),
    ...(options.layout === undefined ? {} : { layout: options.layout }),
    draft,
  });
  return { documents, base, draft };
}

/**
 * The agreement as a 変更協約 names it: its parties with their heads, and the date it was concluded
 * (the first version); undefined before it has one.
 */
export function amendedAgreementOf(history: AgreementHistory): { agreement: AmendedAgreement } | undefined {
  const first = history.versions.find((v) => v.kind === 'conclusion') ?? history.versions[0];
  if (first === undefined) return undefined;
  return {
    agreement: {
      core: { name: history.coreCity.name, head: headOf(history.coreCity) },
      partner: { name: history.partner.name, head: headOf(history.partner) },
      concludedOn: first.concludedOn,
    },
  };
}

/**
 * The documents of an amendment before its vote (draft first): the proposed text, the 改め文（案） with
 * its 附則, and the 新旧対照表（案） underlined from that 改め文 — for a preview and for the current draft
 * of a pending proceeding alike, drafted exactly as the concluded ones and marked 案.
 */
import type { AgreementHistory, AgreementVersion } from '@kyoyaku/domain';
import {
  type AgreementDocument,
  agreementNameWithParties,
  type AmendingText,
  type AmendmentOperation,
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
import { amendedAgreementOf } from './comparison.queries';

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
  const text = renderDocument(document, style);
  const lines = text.replace(/\n$/, '').split('\n');
  const title = `${document.title}（案）`;
  const printedLines = document.title === '' ? lines : [title, ...lines.slice(1)];
  return {
    document,
    text,
    proposedText: { title, lines: printedLines, text: `${printedLines.join('\n')}\n` },
    amendingText: markedAsDraft(drafted),
    comparison: { title: `${name}\u3000新旧対照表（案）`, table, render },
  };
}

import { type IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import {
  type AgreementDocument,
  agreementNameWithParties,
  type ComparisonRenderOptions,
  type ComparisonTable,
  documentStyle,
  type PrintedText,
  type RenderStyle,
} from '@kyoyaku/legal-text';
import { AgreementReadModels } from '../agreements/agreement-read-model.service';
import { GetComparisonQuery } from './comparison.queries';
import { problem } from './problem';
import { proceedingName } from '@kyoyaku/domain';
import {
  amendmentDraftOf,
  type DraftMark,
  documentsOfDraft,
  isConcludedDraft,
  printedDocument,
  type TableLayout,
} from './draft-documents';

/**
 * The 新旧対照表 and the proposed text of an amendment proceeding: while pending, of its current draft
 * (marked 案, with the draft's number and date); once concluded, of the version it made, without the mark;
 * of any earlier draft (第1案 of one revised after a 否決), marked 案 with its number.
 */
export interface ProceedingDocuments {
  agreementId: string;
  proceedingId: string;
  concluded: boolean;
  draft?: DraftMark;
  /** The version amended. */
  base: { versionNumber: number; effectiveFrom: string };
  /** The version the amendment made, once concluded. */
  made?: { versionNumber: number; effectiveFrom: string };
  comparison: { title: string; table: ComparisonTable; render: ComparisonRenderOptions };
  document: AgreementDocument;
  proposedText: PrintedText;
}

export class GetProceedingDocumentsQuery extends Query<ProceedingDocuments> {
  constructor(
    readonly agreementId: string,
    readonly proceedingId: string,
    /**
     * `draftNumber`: which draft (default: the current one); `effectiveOn`: a planned 施行日 for a draft
     * that states none.
     */
    readonly options: {
      style?: RenderStyle;
      effectiveOn?: string;
      layout?: TableLayout;
      draftNumber?: number;
    },
  ) {
    super();
  }
}

@QueryHandler(GetProceedingDocumentsQuery)
export class GetProceedingDocumentsHandler implements IQueryHandler<
  GetProceedingDocumentsQuery,
  ProceedingDocuments
> {
  constructor(
    private readonly readModels: AgreementReadModels,
    private readonly queries: QueryBus,
  ) {}

  async execute({
    agreementId,
    proceedingId,
    options,
  }: GetProceedingDocumentsQuery): Promise<ProceedingDocuments> {
    const proceeding = this.readModels.proceeding(agreementId, proceedingId);
    if (proceeding.kind !== 'amendment') {
      throw problem(
        422,
        'NotAnAmendment',
        `${proceedingName(proceeding)}は変更の手続ではないため、新旧対照表も変更後の本文もありません（議会に諮る文は …/amending-text にあります）。`,
      );
    }
    const history = this.readModels.history(agreementId).history;
    const chosen = amendmentDraftOf(proceeding, options.draftNumber);
    const made = history.versions.find((v) => v.proceedingId === proceedingId);
    if (made !== undefined && isConcludedDraft(proceeding, chosen)) {
      const baseNumber = made.base?.versionNumbers.at(-1);
      const base = history.versions.find((v) => v.number === baseNumber);
      if (base === undefined) {
        throw problem(
          409,
          'AmendmentHasNoBase',
          `${proceedingName(proceeding)}が変更した版が台帳にありません。`,
        );
      }
      // The concluded amendment's 新旧対照表 is the one between the version it amended and the one it made.
      const compared = await this.queries.execute(
        new GetComparisonQuery(agreementId, {
          from: base.number,
          to: made.number,
          ...(options.style === undefined ? {} : { style: options.style }),
          ...(options.layout?.order === undefined ? {} : { order: options.layout.order }),
          ...(options.layout?.elideUnchanged === undefined ? {} : { elide: options.layout.elideUnchanged }),
        }),
      );
      return {
        agreementId,
        proceedingId,
        concluded: true,
        base: { versionNumber: base.number, effectiveFrom: base.effectiveFrom },
        made: { versionNumber: made.number, effectiveFrom: made.effectiveFrom },
        comparison: {
          title: `${agreementNameWithParties(made.document.title, history.coreCity.name, history.partner.name)}\u3000新旧対照表`,
          table: compared.table,
          render: compared.render,
        },
        document: made.document,
        proposedText: printedDocument(made.document, options.style ?? documentStyle(made.document), {
          draft: false,
        }),
      };
    }
    const { documents, base, draft } = documentsOfDraft(history, proceeding, chosen, options);
    return {
      agreementId,
      proceedingId,
      concluded: proceeding.conclusion !== undefined,
      draft,
      base: { versionNumber: base.number, effectiveFrom: base.effectiveFrom },
      comparison: documents.comparison,
      document: documents.document,
      proposedText: documents.proposedText,
    };
  }
}

import { type IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { currentDraft } from '@kyoyaku/domain';
import {
  type AgreementDocument,
  agreementNameWithParties,
  type ComparisonRenderOptions,
  type ComparisonTable,
  documentStyle,
  type PrintedText,
  renderDocument,
  type RenderStyle,
} from '@kyoyaku/legal-text';
import { AgreementReadModels } from '../agreements/agreement-read-model.service';
import { GetComparisonQuery, problem } from './comparison.queries';
import { type DraftMark, draftDocuments, type TableLayout } from './draft-documents';

/**
 * The 新旧対照表 and the proposed text of an amendment proceeding: while pending, of its current draft
 * (marked 案, with the draft's number and date); once concluded, of the version it made, without the mark.
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
    /** `effectiveOn`: a planned 施行日 for a draft that states none. */
    readonly options: { style?: RenderStyle; effectiveOn?: string; layout?: TableLayout },
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
        `Proceeding ${proceedingId} is a ${proceeding.kind}; only an amendment (変更) has a 新旧対照表 and a proposed text. Its council text is at …/amending-text.`,
      );
    }
    const history = this.readModels.history(agreementId).history;
    const made = history.versions.find((v) => v.proceedingId === proceedingId);
    if (made !== undefined) {
      const baseNumber = made.base?.versionNumbers.at(-1);
      const base = history.versions.find((v) => v.number === baseNumber);
      if (base === undefined) {
        throw problem(409, 'AmendmentHasNoBase', `Proceeding ${proceedingId} has no version it amended.`);
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
      const style = options.style ?? documentStyle(made.document);
      const text = renderDocument(made.document, style);
      const lines = text.replace(/\n$/, '').split('\n');
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
        proposedText: { title: made.document.title, lines, text },
      };
    }
    const pending = currentDraft(proceeding);
    const base = history.versions.at(-1);
    if (pending === undefined || pending.draft.kind !== 'amendment' || base === undefined) {
      throw problem(
        409,
        'AmendmentHasNoBase',
        `Proceeding ${proceedingId} has no version to amend or no operations.`,
      );
    }
    const draft = { draftNumber: pending.draftNumber, draftedOn: pending.draftedOn };
    const documents = draftDocuments(history, base, pending.draft.operations, {
      ...(pending.draft.effect !== undefined
        ? { effect: pending.draft.effect }
        : options.effectiveOn !== undefined
          ? { effectiveOn: options.effectiveOn }
          : {}),
      ...(options.style === undefined ? {} : { style: options.style }),
      ...(options.layout === undefined ? {} : { layout: options.layout }),
      draft,
    });
    return {
      agreementId,
      proceedingId,
      concluded: false,
      draft,
      base: { versionNumber: base.number, effectiveFrom: base.effectiveFrom },
      comparison: documents.comparison,
      document: documents.document,
      proposedText: documents.proposedText,
    };
  }
}

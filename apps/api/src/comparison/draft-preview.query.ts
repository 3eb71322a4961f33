import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type Actor, agreementStreamId } from '@kyoyaku/domain';
import {
  type AgreementDocument,
  type AmendingText,
  type AmendmentOperation,
  amendingText,
  applyAmendment,
  agreementNameWithParties,
  comparisonTable,
  type ComparisonTable,
  deriveOperations,
  documentStyle,
  markedAsDraft,
  type EffectiveDateClause,
  readAmendingText,
  readDocumentText,
  renderDocument,
  type RenderStyle,
} from '@kyoyaku/legal-text';
import { AGREEMENT, CLOCK, type Clock, CommandExecutor, japanToday } from '@kyoyaku/runtime';
import { v7 as uuidv7 } from 'uuid';
import { AgreementReadModels } from '../agreements/agreement-read-model.service';
import { ProblemException } from '../http/problem';
import { amendedAgreementOf, problem } from './comparison.queries';

/** How the amendment was stated. */
export type DraftSource = 'operations' | 'text' | 'amendingText';

export interface DraftInput {
  operations?: AmendmentOperation[];
  text?: string;
  amendingText?: string;
  effectiveOn?: string;
  style?: RenderStyle;
}

/** The documents of a proposed amendment, before anything is recorded (案). */
export interface DraftPreview {
  agreementId: string;
  /** Nothing was recorded: the ledger head is where it was. */
  recorded: false;
  source: DraftSource;
  /** The version amended: the last in 施行日 order, as a new amendment would take it. */
  base: { versionNumber: number; effectiveFrom: string };
  /** What the amendment does, as operations (derived from the text or the 改め文 when so stated). */
  operations: AmendmentOperation[];
  /** The proposed text, and as printed. */
  document: AgreementDocument;
  text: string;
  /** The 改め文 (変更協約（案）) with its 附則 and 末文. */
  amendingText: AmendingText;
  /** The 新旧対照表（案）, underlined from the 改め文. */
  comparison: { title: string; table: ComparisonTable };
}

export class PreviewDraftQuery extends Query<DraftPreview> {
  constructor(
    readonly agreementId: string,
    readonly input: DraftInput,
    readonly actor: Actor,
  ) {
    super();
  }
}

/**
 * The documents of a proposed amendment without recording it (draft first): the operations are taken
 * as given, derived from a proposed text, or read from a 改め文; the command that would open the
 * proceeding is decided on the agreement as it stands, so the preview refuses what the command would;
 * then the proposed text, the 改め文（案） and the 新旧対照表（案） are drafted as for a concluded one.
 */
@QueryHandler(PreviewDraftQuery)
export class PreviewDraftHandler implements IQueryHandler<PreviewDraftQuery, DraftPreview> {
  constructor(
    private readonly readModels: AgreementReadModels,
    private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ agreementId, input, actor }: PreviewDraftQuery): Promise<DraftPreview> {
    const stated = (['operations', 'text', 'amendingText'] as const).filter((k) => input[k] !== undefined);
    const source = stated[0];
    if (source === undefined || stated.length > 1) {
      throw new ProblemException({
        status: 400,
        title: 'Bad Request',
        code: 'ValidationFailed',
        detail:
          'State the amendment one way: operations, text (the whole proposed text) or amendingText (a 改め文).',
        errors: [
          {
            field: stated[1] ?? 'operations',
            rule: 'OneOf',
            message: 'give exactly one of operations, text, amendingText',
          },
        ],
      });
    }
    const history = this.readModels.history(agreementId).history;
    const base = history.versions.at(-1);
    if (base === undefined) {
      throw new ProblemException({
        status: 409,
        title: 'Conflict',
        code: 'AmendmentHasNoBase',
        detail: `Agreement ${agreementId} has no concluded version to amend yet.`,
      });
    }
    const { operations, effect } = this.operationsOf(source, input, base.document);
    const today = japanToday(this.clock);
    // The same decision as POST …/proceedings: its refusals are the preview's.
    await this.executor.decideOnly(agreementStreamId(agreementId), AGREEMENT, {
      type: 'ProposeAmendment',
      agreementId,
      proceedingId: uuidv7(),
      draftedOn: today,
      operations,
      actor,
      today,
    });
    const style = input.style ?? documentStyle(base.document);
    const document = applyAmendment(base.document, operations);
    const drafted = amendingText(base.document, operations, {
      ...(effect !== undefined
        ? { effect }
        : input.effectiveOn !== undefined
          ? { effectiveOn: input.effectiveOn }
          : {}),
      style,
      ...(amendedAgreementOf(history) ?? {}),
    });
    const table = comparisonTable(base.document, document, {
      style,
      spans: drafted.sentences.flatMap((s) => s.spans),
    });
    const name = agreementNameWithParties(base.document.title, history.coreCity.name, history.partner.name);
    return {
      agreementId,
      recorded: false,
      source,
      base: { versionNumber: base.number, effectiveFrom: base.effectiveFrom },
      operations,
      document,
      text: renderDocument(document, style),
      amendingText: markedAsDraft(drafted),
      comparison: { title: `${name}\u3000新旧対照表（案）`, table },
    };
  }

  private operationsOf(
    source: DraftSource,
    input: DraftInput,
    base: AgreementDocument,
  ): { operations: AmendmentOperation[]; effect?: EffectiveDateClause } {
    if (source === 'operations') return { operations: input.operations ?? [] };
    if (source === 'text') {
      const read = readDocumentText(input.text ?? '', { base });
      if (!read.ok) {
        const first = read.problems[0];
        throw problem(
          422,
          'ProposedTextUnreadable',
          `The proposed text does not read as an agreement: line ${first?.line ?? 0} 「${first?.text ?? ''}」: ${first?.reason ?? ''}`,
          'text',
        );
      }
      const derived = deriveOperations(base, read.document);
      if (!derived.ok) {
        throw problem(
          422,
          'AmendmentNotDerivable',
          `The changes cannot be read off the text: ${derived.problems.map((p) => `${p.where}: ${p.reason}`).join('; ')}`,
          'text',
        );
      }
      return { operations: derived.operations };
    }
    const read = readAmendingText(base, input.amendingText ?? '');
    if (!read.ok) {
      throw problem(
        422,
        'AmendingTextUnreadable',
        `The 改め文 does not read: line ${read.problem.line} 「${read.problem.sentence}」: ${read.problem.reason}`,
        'amendingText',
      );
    }
    return { operations: read.operations, ...(read.effect === undefined ? {} : { effect: read.effect }) };
  }
}

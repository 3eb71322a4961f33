import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type Actor, agreementStreamId } from '@kyoyaku/domain';
import type { AmendmentOperation, RenderStyle } from '@kyoyaku/legal-text';
import { AGREEMENT, CLOCK, type Clock, CommandExecutor, japanToday } from '@kyoyaku/runtime';
import { v7 as uuidv7 } from 'uuid';
import { AgreementReadModels } from '../agreements/agreement-read-model.service';
import { type AmendmentSource, AmendmentReader } from '../agreements/amendment-reader';
import type { AmendmentStatementDto } from '../agreements/dto/amendment-statement.dto';
import { type DraftDocuments, draftDocuments, type TableLayout } from './draft-documents';

/** The documents of a proposed amendment, before anything is recorded (案). */
export interface DraftPreview extends DraftDocuments {
  agreementId: string;
  /** Nothing was recorded: the ledger head is where it was. */
  recorded: false;
  source: AmendmentSource;
  /** The version amended: the last in 施行日 order, as a new amendment would take it. */
  base: { versionNumber: number; effectiveFrom: string };
  /** What the amendment does, as operations (derived from the text or the 改め文 when so stated). */
  operations: AmendmentOperation[];
}

export class PreviewDraftQuery extends Query<DraftPreview> {
  constructor(
    readonly agreementId: string,
    readonly statement: AmendmentStatementDto,
    readonly style: RenderStyle | undefined,
    readonly layout: TableLayout,
    readonly actor: Actor,
    /** A revised draft (修正案) of this pending amendment, decided as POST …/drafts decides it. */
    readonly revising?: string,
  ) {
    super();
  }
}

/**
 * The documents of a proposed amendment without recording it (draft first): the amendment is read as
 * POST …/proceedings reads it (operations, a proposed text or a 改め文), the command that would open the
 * proceeding is decided on the agreement as it stands — so the preview refuses what the command would —
 * and the proposed text, the 改め文（案） and the 新旧対照表（案） are drafted as for a pending draft.
 */
@QueryHandler(PreviewDraftQuery)
export class PreviewDraftHandler implements IQueryHandler<PreviewDraftQuery, DraftPreview> {
  constructor(
    private readonly readModels: AgreementReadModels,
    private readonly amendments: AmendmentReader,
    private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({
    agreementId,
    statement,
    style,
    layout,
    actor,
    revising,
  }: PreviewDraftQuery): Promise<DraftPreview> {
    const read = this.amendments.read(agreementId, statement);
    const today = japanToday(this.clock);
    const effect = read.effect === undefined ? {} : { effect: read.effect };
    // The same decision as POST …/proceedings (or, for a 修正案, POST …/drafts): its refusals are the preview's.
    await this.executor.decideOnly(
      agreementStreamId(agreementId),
      AGREEMENT,
      revising === undefined
        ? {
            type: 'ProposeAmendment',
            agreementId,
            proceedingId: uuidv7(),
            draftedOn: today,
            operations: read.operations,
            ...effect,
            actor,
            today,
          }
        : {
            type: 'ReviseDraft',
            agreementId,
            proceedingId: revising,
            draftedOn: today,
            draft: { kind: 'amendment', operations: read.operations, ...effect },
            actor,
            today,
          },
    );
    const history = this.readModels.history(agreementId).history;
    const documents = draftDocuments(history, read.base, read.operations, {
      ...(read.effect === undefined ? {} : { effect: read.effect }),
      ...(style === undefined ? {} : { style }),
      layout,
    });
    return {
      agreementId,
      recorded: false,
      source: read.source,
      base: { versionNumber: read.base.number, effectiveFrom: read.base.effectiveFrom },
      operations: read.operations,
      ...documents,
    };
  }
}

import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import {
  CONSULTATION_COLLECTIONS,
  type ConsultationCitation,
  consultationCitationsCollection,
  type ConsultationView,
} from '@kyoyaku/projections';
import type { AuthenticatedActor } from '@kyoyaku/runtime';
import { EventVisibilityService } from '../../events/event-visibility.service';
import { ProblemException } from '../../http/problem';
import type { Page } from '../../http/pagination.dto';
import { ProjectReadModels } from '../../projects/project-read-models.service';

export class ListRegionConsultationsQuery extends Query<Page<ConsultationView>> {
  constructor(
    readonly regionId: string,
    readonly fiscalYear: number | undefined,
    /** Omitted: every match (the CSV register). */
    readonly page?: { after?: string; limit: number },
  ) {
    super();
  }
}

/** A region's consultations by date (held date, else the date set); cursor = `<date>~<consultationId>`. */
@QueryHandler(ListRegionConsultationsQuery)
export class ListRegionConsultationsHandler implements IQueryHandler<
  ListRegionConsultationsQuery,
  Page<ConsultationView>
> {
  constructor(private readonly readModels: ProjectReadModels) {}

  execute({ regionId, fiscalYear, page }: ListRegionConsultationsQuery): Promise<Page<ConsultationView>> {
    this.readModels.region(regionId);
    const matching = this.readModels
      .reader()
      .all<ConsultationView>(CONSULTATION_COLLECTIONS.regionConsultations(regionId))
      .filter(
        ({ doc, sortKey }) =>
          (fiscalYear === undefined || doc.fiscalYear === fiscalYear) &&
          (page?.after === undefined || sortKey > page.after),
      );
    if (page === undefined) return Promise.resolve({ items: matching.map((d) => d.doc), nextCursor: null });
    const items = matching.slice(0, page.limit);
    const last = items.at(-1);
    return Promise.resolve({
      items: items.map((d) => d.doc),
      nextCursor: matching.length > page.limit && last !== undefined ? last.sortKey : null,
    });
  }
}

export type ConsultationDetail = ConsultationView & {
  /** The events elsewhere in the ledger that cite this consultation and the caller may read, in recording order. */
  citedBy: ConsultationCitation[];
};

export class GetConsultationQuery extends Query<ConsultationDetail> {
  constructor(
    readonly consultationId: string,
    /** The caller (null: anonymous): citedBy leaves out the citing events it may not read. */
    readonly actor: AuthenticatedActor | null,
  ) {
    super();
  }
}

@QueryHandler(GetConsultationQuery)
export class GetConsultationHandler implements IQueryHandler<GetConsultationQuery, ConsultationDetail> {
  constructor(
    private readonly readModels: ProjectReadModels,
    private readonly visibility: EventVisibilityService,
  ) {}

  async execute({ consultationId, actor }: GetConsultationQuery): Promise<ConsultationDetail> {
    const reader = this.readModels.reader();
    const view = reader.get<ConsultationView>(CONSULTATION_COLLECTIONS.consultations, consultationId);
    if (view === null) {
      throw new ProblemException({
        status: 404,
        title: 'Not Found',
        code: 'ConsultationNotFound',
        detail: `協議「${consultationId}」は登録されていません。登録されている協議は圏域のページの「定期的な協議」にあります。`,
      });
    }
    const citedBy = await this.visibility.visibleOf(
      actor,
      reader.all<ConsultationCitation>(consultationCitationsCollection(consultationId)).map((d) => d.doc),
    );
    return { ...view, citedBy };
  }
}

import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import {
  type CostShareDecisionView,
  type CostShareSettlementView,
  PROJECT_COLLECTIONS,
  type ProjectView,
} from '@kyoyaku/projections';
import { type FiscalYearPeriod, fiscalYearPeriod } from '@kyoyaku/domain';
import type { Page } from '../../http/pagination.dto';
import { ProjectReadModels } from '../project-read-models.service';

export class ListRegionProjectsQuery extends Query<Page<ProjectView>> {
  constructor(
    readonly regionId: string,
    readonly page: { after?: string; limit: number },
  ) {
    super();
  }
}

/** A region's projects by id; cursor = projectId. */
@QueryHandler(ListRegionProjectsQuery)
export class ListRegionProjectsHandler implements IQueryHandler<ListRegionProjectsQuery, Page<ProjectView>> {
  constructor(private readonly readModels: ProjectReadModels) {}

  execute({ regionId, page }: ListRegionProjectsQuery): Promise<Page<ProjectView>> {
    this.readModels.region(regionId);
    const docs = this.readModels.reader().list<ProjectView>(PROJECT_COLLECTIONS.regionProjects(regionId), {
      ...(page.after === undefined ? {} : { after: page.after }),
      limit: page.limit + 1,
    });
    const items = docs.slice(0, page.limit).map((d) => d.doc);
    const last = items.at(-1);
    return Promise.resolve({
      items,
      nextCursor: docs.length > page.limit && last !== undefined ? last.projectId : null,
    });
  }
}

export class GetProjectQuery extends Query<ProjectView> {
  constructor(readonly projectId: string) {
    super();
  }
}

@QueryHandler(GetProjectQuery)
export class GetProjectHandler implements IQueryHandler<GetProjectQuery, ProjectView> {
  constructor(private readonly readModels: ProjectReadModels) {}

  execute({ projectId }: GetProjectQuery): Promise<ProjectView> {
    return Promise.resolve(this.readModels.project(projectId));
  }
}

/** One fiscal year of a project's cost-share register. */
export interface ProjectCostShareYear {
  fiscalYear: number;
  period: FiscalYearPeriod;
  /** The decision in force (the latest revision); null if every one was superseded — never the case. */
  inForce: string | null;
  /** The decision and its revisions, in recording order (superseded ones marked). */
  decisions: CostShareDecisionView[];
  settlement: CostShareSettlementView | null;
}

export interface ProjectCostShareRegister {
  project: Pick<ProjectView, 'projectId' | 'regionId' | 'name' | 'measure' | 'participants' | 'revision'>;
  fiscalYears: ProjectCostShareYear[];
}

export class GetProjectCostSharesQuery extends Query<ProjectCostShareRegister> {
  constructor(
    readonly projectId: string,
    readonly fiscalYear: number | undefined,
  ) {
    super();
  }
}

/** 費用分担の台帳 of a project: every decision, revision and settlement, by fiscal year. */
@QueryHandler(GetProjectCostSharesQuery)
export class GetProjectCostSharesHandler implements IQueryHandler<
  GetProjectCostSharesQuery,
  ProjectCostShareRegister
> {
  constructor(private readonly readModels: ProjectReadModels) {}

  execute({ projectId, fiscalYear }: GetProjectCostSharesQuery): Promise<ProjectCostShareRegister> {
    const project = this.readModels.project(projectId);
    const decisions = this.readModels.decisions(projectId);
    const settlements = this.readModels.settlements(projectId);
    const years = project.fiscalYears.filter((y) => fiscalYear === undefined || y === fiscalYear);
    return Promise.resolve({
      project: {
        projectId: project.projectId,
        regionId: project.regionId,
        name: project.name,
        measure: project.measure,
        participants: project.participants,
        revision: project.revision,
      },
      fiscalYears: years.map((year) => {
        const ofYear = decisions.filter((d) => d.fiscalYear === year);
        return {
          fiscalYear: year,
          period: fiscalYearPeriod(year),
          inForce: ofYear.find((d) => d.status === 'in-force')?.decisionId ?? null,
          decisions: ofYear,
          settlement: settlements.find((s) => s.fiscalYear === year) ?? null,
        };
      }),
    });
  }
}

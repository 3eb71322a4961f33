import { Inject, Injectable } from '@nestjs/common';
import {
  COLLECTIONS,
  type CostShareDecisionView,
  type CostShareSettlementView,
  PROJECT_COLLECTIONS,
  type ProjectView,
  type ReadModelReader,
  type ReadModelSource,
  type RegionDoc,
  SqliteReadModels,
} from '@kyoyaku/projections';
import { ProblemException } from '../http/problem';

/** The project and cost-share read models, with a 404 problem for what is not there. */
@Injectable()
export class ProjectReadModels {
  constructor(@Inject(SqliteReadModels) private readonly readModels: ReadModelSource) {}

  reader(): ReadModelReader {
    return this.readModels.reader();
  }

  region(regionId: string): RegionDoc {
    const doc = this.reader().get<RegionDoc>(COLLECTIONS.regions, regionId);
    if (doc !== null) return doc;
    throw new ProblemException({
      status: 404,
      title: 'Not Found',
      code: 'RegionNotFound',
      detail: `圏域「${regionId}」は登録されていません。登録されている圏域は「圏域と協約の一覧」にあります。`,
    });
  }

  project(projectId: string): ProjectView {
    const doc = this.reader().get<ProjectView>(PROJECT_COLLECTIONS.projects, projectId);
    if (doc !== null) return doc;
    throw new ProblemException({
      status: 404,
      title: 'Not Found',
      code: 'ProjectNotFound',
      detail: `事業「${projectId}」は登録されていません。登録されている事業は圏域のページの「費用分担」にあります。`,
    });
  }

  /** Every decision and revision of a project, in recording order. */
  decisions(projectId: string): CostShareDecisionView[] {
    return this.reader()
      .all<CostShareDecisionView>(PROJECT_COLLECTIONS.costShares(projectId))
      .map((d) => d.doc);
  }

  settlements(projectId: string): CostShareSettlementView[] {
    return this.reader()
      .all<CostShareSettlementView>(PROJECT_COLLECTIONS.settlements(projectId))
      .map((d) => d.doc);
  }

  regionProjects(regionId: string): ProjectView[] {
    return this.reader()
      .all<ProjectView>(PROJECT_COLLECTIONS.regionProjects(regionId))
      .map((d) => d.doc);
  }
}

import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import {
  type MeasuresMatrix,
  measuresMatrixOn,
  type RegionMembership,
  regionMembersOn,
} from '@kyoyaku/domain';
import {
  COLLECTIONS,
  fromHistoryDoc,
  type HistoryDoc,
  type ReadModelSource,
  type RegionDoc,
  SqliteReadModels,
} from '@kyoyaku/projections';
import { ProblemException } from '../../http/problem';
import { CLOCK, type Clock, japanToday } from '@kyoyaku/runtime';

export class ListRegionsQuery extends Query<RegionDoc[]> {}

@QueryHandler(ListRegionsQuery)
export class ListRegionsHandler implements IQueryHandler<ListRegionsQuery, RegionDoc[]> {
  constructor(@Inject(SqliteReadModels) private readonly readModels: ReadModelSource) {}

  execute(): Promise<RegionDoc[]> {
    return Promise.resolve(
      this.readModels
        .reader()
        .all<RegionDoc>(COLLECTIONS.regions)
        .map((d) => d.doc),
    );
  }
}

export type RegionDetail = RegionDoc & {
  asOf: string;
  members: RegionMembership['members'];
  measuresMatrix: MeasuresMatrix;
};

export class GetRegionQuery extends Query<RegionDetail> {
  constructor(
    readonly regionId: string,
    readonly asOf: string | undefined,
  ) {
    super();
  }
}

/** A region on a date: members with an agreement in force, and who takes part in which measure. */
@QueryHandler(GetRegionQuery)
export class GetRegionHandler implements IQueryHandler<GetRegionQuery, RegionDetail> {
  constructor(
    @Inject(SqliteReadModels) private readonly readModels: ReadModelSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ regionId, asOf }: GetRegionQuery): Promise<RegionDetail> {
    const reader = this.readModels.reader();
    const region = reader.get<RegionDoc>(COLLECTIONS.regions, regionId);
    if (region === null) {
      throw new ProblemException({
        status: 404,
        title: 'Not Found',
        code: 'RegionNotFound',
        detail: `No region ${regionId} is recorded; GET /regions lists them.`,
      });
    }
    const on = asOf ?? japanToday(this.clock);
    const histories = reader
      .all<HistoryDoc>(COLLECTIONS.histories)
      .map((d) => fromHistoryDoc(d.doc))
      .filter((h) => h.regionId === regionId);
    return Promise.resolve({
      ...region,
      asOf: on,
      members: regionMembersOn(region, histories, on).members,
      measuresMatrix: measuresMatrixOn(region, histories, on),
    });
  }
}

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
  readHistoryDocs,
  type ReadModelSource,
  padded,
  type RegionDoc,
  SqliteReadModels,
  type TimelineEntryDoc,
} from '@kyoyaku/projections';
import type { Page } from '../../http/pagination.dto';
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
        detail: `圏域「${regionId}」は登録されていません。登録されている圏域は「圏域と協約の一覧」にあります。`,
      });
    }
    const on = asOf ?? japanToday(this.clock);
    const histories = readHistoryDocs(reader)
      .map(fromHistoryDoc)
      .filter((h) => h.regionId === regionId);
    return Promise.resolve({
      ...region,
      asOf: on,
      members: regionMembersOn(region, histories, on).members,
      measuresMatrix: measuresMatrixOn(region, histories, on),
    });
  }
}

export class GetRegionHistoryQuery extends Query<Page<TimelineEntryDoc>> {
  constructor(
    readonly regionId: string,
    readonly page: { after?: string; limit: number },
  ) {
    super();
  }
}

/** The region's own events (宣言, ビジョン, 勧告) with a one-line summary each, in global order; cursor = position. */
@QueryHandler(GetRegionHistoryQuery)
export class GetRegionHistoryHandler implements IQueryHandler<GetRegionHistoryQuery, Page<TimelineEntryDoc>> {
  constructor(private readonly readModels: SqliteReadModels) {}

  execute({ regionId, page }: GetRegionHistoryQuery): Promise<Page<TimelineEntryDoc>> {
    const reader = this.readModels.reader();
    if (reader.get<RegionDoc>(COLLECTIONS.regions, regionId) === null) {
      throw new ProblemException({
        status: 404,
        title: 'Not Found',
        code: 'RegionNotFound',
        detail: `圏域「${regionId}」は登録されていません。登録されている圏域は「圏域と協約の一覧」にあります。`,
      });
    }
    const docs = reader.list<TimelineEntryDoc>(COLLECTIONS.regionTimeline(regionId), {
      ...(page.after === undefined ? {} : { after: padded(page.after) }),
      limit: page.limit + 1,
    });
    const items = docs.slice(0, page.limit).map((d) => d.doc);
    const last = items.at(-1);
    return Promise.resolve({
      items,
      nextCursor: docs.length > page.limit && last !== undefined ? last.position : null,
    });
  }
}

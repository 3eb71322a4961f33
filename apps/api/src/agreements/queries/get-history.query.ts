import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { COLLECTIONS, padded, type TimelineEntryDoc } from '@kyoyaku/projections';
import type { Page } from '../../http/pagination.dto';
import { AgreementReadModels } from '../agreement-read-model.service';

export class GetHistoryQuery extends Query<Page<TimelineEntryDoc>> {
  constructor(
    readonly agreementId: string,
    readonly page: { after?: string; limit: number },
  ) {
    super();
  }
}

/** The agreement's timeline: every event with a one-line summary, in global order; cursor = position. */
@QueryHandler(GetHistoryQuery)
export class GetHistoryHandler implements IQueryHandler<GetHistoryQuery, Page<TimelineEntryDoc>> {
  constructor(private readonly readModels: AgreementReadModels) {}

  execute({ agreementId, page }: GetHistoryQuery): Promise<Page<TimelineEntryDoc>> {
    this.readModels.summary(agreementId);
    const docs = this.readModels.reader().list<TimelineEntryDoc>(COLLECTIONS.timeline(agreementId), {
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

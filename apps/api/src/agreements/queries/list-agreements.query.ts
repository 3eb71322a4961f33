import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type AgreementStatusOn, agreementStatusOn } from '@kyoyaku/domain';
import { type AgreementSummaryDoc, COLLECTIONS, fromHistoryDoc, readHistoryDoc } from '@kyoyaku/projections';
import type { Page } from '../../http/pagination.dto';
import { CLOCK, type Clock, japanToday } from '@kyoyaku/runtime';
import { AgreementReadModels } from '../agreement-read-model.service';

export type AgreementListItem = AgreementSummaryDoc & { statusToday: AgreementStatusOn; today: string };

export class ListAgreementsQuery extends Query<Page<AgreementListItem>> {
  constructor(
    readonly filter: { party?: string; status?: AgreementStatusOn; regionId?: string },
    readonly page: { after?: string; limit: number },
  ) {
    super();
  }
}

/** Agreements ordered by id; `status` is where each stands today (in Japan), as the domain defines it. */
@QueryHandler(ListAgreementsQuery)
export class ListAgreementsHandler implements IQueryHandler<ListAgreementsQuery, Page<AgreementListItem>> {
  constructor(
    private readonly readModels: AgreementReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ filter, page }: ListAgreementsQuery): Promise<Page<AgreementListItem>> {
    const today = japanToday(this.clock);
    const reader = this.readModels.reader();
    const matching = reader
      .all<AgreementSummaryDoc>(COLLECTIONS.summaries)
      .filter(({ key }) => page.after === undefined || key > page.after)
      .map(({ doc }): AgreementListItem => {
        const history = readHistoryDoc(reader, doc.agreementId);
        const statusToday =
          history === null ? 'negotiating' : agreementStatusOn(fromHistoryDoc(history), today);
        return { ...doc, statusToday, today };
      })
      .filter(
        (item) =>
          (filter.party === undefined ||
            item.coreCity.code === filter.party ||
            item.partner.code === filter.party) &&
          (filter.status === undefined || item.statusToday === filter.status) &&
          (filter.regionId === undefined || item.regionId === filter.regionId),
      );
    const items = matching.slice(0, page.limit);
    const last = items.at(-1);
    return Promise.resolve({
      items,
      nextCursor: matching.length > page.limit && last !== undefined ? last.agreementId : null,
    });
  }
}

import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { agreementName, versionAsOf, warekiOrIso } from '@kyoyaku/domain';
import { type Measure, measureCategoryLabel } from '@kyoyaku/legal-text';
import { COLLECTIONS, type MeasureHistoryDoc } from '@kyoyaku/projections';
import { ProblemException } from '../../http/problem';
import { CLOCK, type Clock, japanToday } from '@kyoyaku/runtime';
import { AgreementReadModels } from '../agreement-read-model.service';

export interface MeasuresAsOf {
  agreementId: string;
  asOf: string;
  versionNumber: number;
  measures: (Measure & { categoryLabel: string })[];
}

export class ListMeasuresQuery extends Query<MeasuresAsOf> {
  constructor(
    readonly agreementId: string,
    readonly asOf: string | undefined,
  ) {
    super();
  }
}

/** The measures (連携施策) of the version in force on a date, today by default. */
@QueryHandler(ListMeasuresQuery)
export class ListMeasuresHandler implements IQueryHandler<ListMeasuresQuery, MeasuresAsOf> {
  constructor(
    private readonly readModels: AgreementReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ agreementId, asOf }: ListMeasuresQuery): Promise<MeasuresAsOf> {
    const on = asOf ?? japanToday(this.clock);
    const version = versionAsOf(this.readModels.history(agreementId).history, on);
    if (version === undefined) {
      throw new ProblemException({
        status: 404,
        title: 'Not Found',
        code: 'NoVersionInForce',
        detail: `${warekiOrIso(on)}に施行されている${agreementName(this.readModels.summary(agreementId))}の版はありません。`,
      });
    }
    return Promise.resolve({
      agreementId,
      asOf: on,
      versionNumber: version.number,
      measures: version.document.measures.map((m) => ({
        ...m,
        categoryLabel: measureCategoryLabel(m.category),
      })),
    });
  }
}

export class GetMeasureHistoryQuery extends Query<MeasureHistoryDoc> {
  constructor(
    readonly agreementId: string,
    readonly measureId: string,
  ) {
    super();
  }
}

/** One measure through every version: added, revised, roles changed, unchanged, removed. */
@QueryHandler(GetMeasureHistoryQuery)
export class GetMeasureHistoryHandler implements IQueryHandler<GetMeasureHistoryQuery, MeasureHistoryDoc> {
  constructor(private readonly readModels: AgreementReadModels) {}

  execute({ agreementId, measureId }: GetMeasureHistoryQuery): Promise<MeasureHistoryDoc> {
    this.readModels.summary(agreementId);
    const doc = this.readModels
      .reader()
      .get<MeasureHistoryDoc>(COLLECTIONS.measureHistory(agreementId), measureId);
    if (doc === null) {
      throw new ProblemException({
        status: 404,
        title: 'Not Found',
        code: 'MeasureNotFound',
        detail: `${agreementName(this.readModels.summary(agreementId))}のどの版にも取組「${measureId}」はありません。取組は協約の「取組」の一覧にあります。`,
      });
    }
    return Promise.resolve(doc);
  }
}

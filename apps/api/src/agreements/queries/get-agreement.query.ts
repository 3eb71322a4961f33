import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { AgreementSummaryDoc } from '@kyoyaku/projections';
import { AgreementReadModels } from '../agreement-read-model.service';

export class GetAgreementQuery extends Query<AgreementSummaryDoc> {
  constructor(readonly agreementId: string) {
    super();
  }
}

@QueryHandler(GetAgreementQuery)
export class GetAgreementHandler implements IQueryHandler<GetAgreementQuery, AgreementSummaryDoc> {
  constructor(private readonly readModels: AgreementReadModels) {}

  execute({ agreementId }: GetAgreementQuery): Promise<AgreementSummaryDoc> {
    return Promise.resolve(this.readModels.summary(agreementId));
  }
}

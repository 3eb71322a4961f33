import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { COLLECTIONS, type ProceedingDoc } from '@kyoyaku/projections';
import { AgreementReadModels } from '../agreement-read-model.service';

export class ListProceedingsQuery extends Query<ProceedingDoc[]> {
  constructor(readonly agreementId: string) {
    super();
  }
}

/** Every proceeding of an agreement (締結・変更・廃止) in the order they were opened, with their steps. */
@QueryHandler(ListProceedingsQuery)
export class ListProceedingsHandler implements IQueryHandler<ListProceedingsQuery, ProceedingDoc[]> {
  constructor(private readonly readModels: AgreementReadModels) {}

  execute({ agreementId }: ListProceedingsQuery): Promise<ProceedingDoc[]> {
    this.readModels.summary(agreementId);
    const docs = this.readModels.reader().all<ProceedingDoc>(COLLECTIONS.proceedings(agreementId));
    return Promise.resolve(docs.map((d) => d.doc));
  }
}

export class GetProceedingQuery extends Query<ProceedingDoc> {
  constructor(
    readonly agreementId: string,
    readonly proceedingId: string,
  ) {
    super();
  }
}

@QueryHandler(GetProceedingQuery)
export class GetProceedingHandler implements IQueryHandler<GetProceedingQuery, ProceedingDoc> {
  constructor(private readonly readModels: AgreementReadModels) {}

  execute({ agreementId, proceedingId }: GetProceedingQuery): Promise<ProceedingDoc> {
    return Promise.resolve(this.readModels.proceeding(agreementId, proceedingId));
  }
}

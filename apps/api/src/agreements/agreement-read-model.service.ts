import { Injectable } from '@nestjs/common';
import {
  type AgreementSummaryDoc,
  COLLECTIONS,
  type HistoryDoc,
  type ProceedingDoc,
  type ReadModelReader,
  SqliteReadModels,
} from '@kyoyaku/projections';
import { ProblemException } from '../http/problem';

/** The agreement read models, with a 404 problem for anything that is not there. */
@Injectable()
export class AgreementReadModels {
  constructor(private readonly readModels: SqliteReadModels) {}

  reader(): ReadModelReader {
    return this.readModels.reader();
  }

  summary(agreementId: string): AgreementSummaryDoc {
    return this.required(
      this.reader().get<AgreementSummaryDoc>(COLLECTIONS.summaries, agreementId),
      agreementId,
    );
  }

  history(agreementId: string): HistoryDoc {
    return this.required(this.reader().get<HistoryDoc>(COLLECTIONS.histories, agreementId), agreementId);
  }

  proceeding(agreementId: string, proceedingId: string): ProceedingDoc {
    const doc = this.reader().get<ProceedingDoc>(COLLECTIONS.proceedings(agreementId), proceedingId);
    if (doc !== null) return doc;
    this.summary(agreementId);
    throw new ProblemException({
      status: 404,
      title: 'Not Found',
      code: 'ProceedingNotFound',
      detail: `Agreement ${agreementId} has no proceeding ${proceedingId}; GET /agreements/${agreementId}/proceedings lists them.`,
    });
  }

  private required<T>(doc: T | null, agreementId: string): T {
    if (doc !== null) return doc;
    throw new ProblemException({
      status: 404,
      title: 'Not Found',
      code: 'AgreementNotFound',
      detail: `No agreement ${agreementId} is recorded; GET /agreements lists them.`,
    });
  }
}

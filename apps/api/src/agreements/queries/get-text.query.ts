import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { AGREEMENT_STATUS_ON_NAMES, agreementName, agreementStatusOn, versionAsOf } from '@kyoyaku/domain';
import {
  type AgreementDocument,
  documentStyle,
  type Enactments,
  type RenderStyle,
  toWareki,
} from '@kyoyaku/legal-text';
import { enactmentsOf } from '@kyoyaku/projections';
import { ProblemException } from '../../http/problem';
import { CLOCK, type Clock, japanToday } from '@kyoyaku/runtime';
import { AgreementReadModels } from '../agreement-read-model.service';

export interface TextAsOf {
  agreementId: string;
  /** The date the text is in force on (valid time). */
  asOf: string;
  asOfWareki: string;
  /** Transaction time, when the request asked for one. */
  knownAt?: string;
  atPosition?: string;
  version: {
    number: number;
    proceedingId: string;
    concludedOn: string;
    effectiveFrom: string;
    effectiveTo?: string;
    retroactive?: { reason: string };
    /** The proceeding that made it records invented facts (the shipped demo); absent otherwise. */
    illustrative?: true;
  };
  /** The style the text is written in: the one asked for, else the document's own. */
  style: RenderStyle;
  /** The text in 例規集 form: the 告示 line, 別表（第3条関係）, each amendment's 附則. */
  text: string;
  /** The agreement's own text (the amendments' 附則 are not in it: see `enactments`). */
  document: AgreementDocument;
  /** What the 例規集 form prints besides the document: the original's 告示 and each amendment's 附則. */
  enactments: Enactments;
}

export class GetTextQuery extends Query<TextAsOf> {
  constructor(
    readonly agreementId: string,
    readonly options: { asOf?: string; knownAt?: string; atPosition?: bigint; style?: RenderStyle },
  ) {
    super();
  }
}

/**
 * The text in force on a date (時点指定). Without knownAt/atPosition it reads the 沿革 read model; with
 * one, it replays the agreement's events recorded up to then (bitemporal: what the ledger knew).
 */
@QueryHandler(GetTextQuery)
export class GetTextHandler implements IQueryHandler<GetTextQuery, TextAsOf> {
  constructor(
    private readonly readModels: AgreementReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ agreementId, options }: GetTextQuery): Promise<TextAsOf> {
    const asOf = options.asOf ?? japanToday(this.clock);
    const history = await this.readModels.historyKnownAt(agreementId, {
      ...(options.knownAt === undefined ? {} : { knownAt: options.knownAt }),
      ...(options.atPosition === undefined ? {} : { atPosition: options.atPosition }),
    });
    const version = versionAsOf(history, asOf);
    if (version === undefined) {
      const status = agreementStatusOn(history, asOf);
      throw new ProblemException({
        status: 404,
        title: 'Not Found',
        code: 'NoVersionInForce',
        detail: `${toWareki(asOf)}（${asOf}）に施行されている${agreementName(this.readModels.summary(agreementId))}の版はありません。その日は${AGREEMENT_STATUS_ON_NAMES[status]}です。`,
      });
    }
    const style = options.style ?? documentStyle(version.document);
    return {
      agreementId,
      asOf,
      asOfWareki: toWareki(asOf),
      ...(options.knownAt === undefined ? {} : { knownAt: options.knownAt }),
      ...(options.atPosition === undefined ? {} : { atPosition: options.atPosition.toString() }),
      version: {
        number: version.number,
        proceedingId: version.proceedingId,
        concludedOn: version.concludedOn,
        effectiveFrom: version.effectiveFrom,
        ...(version.effectiveTo === undefined ? {} : { effectiveTo: version.effectiveTo }),
        ...(version.retroactive === undefined ? {} : { retroactive: version.retroactive }),
        // A version's text, and whether it is invented, never change: the current 沿革 says.
        ...(this.readModels.history(agreementId).doc.versions.find((v) => v.number === version.number)
          ?.illustrative === true
          ? { illustrative: true }
          : {}),
      },
      style,
      text: this.readModels.renderedText(agreementId, history, version, style),
      document: version.document,
      enactments: enactmentsOf(history, version),
    };
  }
}

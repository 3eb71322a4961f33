import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type VersionStatus, versionStatusOn } from '@kyoyaku/domain';
import type { VersionDoc } from '@kyoyaku/projections';
import type { RenderStyle } from '@kyoyaku/legal-text';
import { ProblemException } from '../../http/problem';
import { CLOCK, type Clock, japanToday } from '@kyoyaku/runtime';
import { AgreementReadModels } from '../agreement-read-model.service';

export type VersionListItem = Omit<VersionDoc, 'document' | 'operations'> & {
  title: string;
  /** Where the version stands today (in Japan): 未施行, in force, superseded … */
  statusToday: VersionStatus;
};

export type VersionDetail = VersionDoc & { statusToday: VersionStatus; text: string; style: RenderStyle };

export class ListVersionsQuery extends Query<{ today: string; versions: VersionListItem[] }> {
  constructor(readonly agreementId: string) {
    super();
  }
}

/** The 沿革: every concluded version with its 施行日, its end, and the proceeding that made it. */
@QueryHandler(ListVersionsQuery)
export class ListVersionsHandler implements IQueryHandler<
  ListVersionsQuery,
  { today: string; versions: VersionListItem[] }
> {
  constructor(
    private readonly readModels: AgreementReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ agreementId }: ListVersionsQuery): Promise<{ today: string; versions: VersionListItem[] }> {
    const today = japanToday(this.clock);
    const { doc, history } = this.readModels.history(agreementId);
    const versions = doc.versions.map((stored, index): VersionListItem => {
      const { document, operations: _operations, ...rest } = stored;
      const version = history.versions[index];
      return {
        ...rest,
        title: document.title,
        statusToday: version === undefined ? 'not-yet-in-force' : versionStatusOn(version, today),
      };
    });
    return Promise.resolve({ today, versions });
  }
}

export class GetVersionQuery extends Query<VersionDetail> {
  constructor(
    readonly agreementId: string,
    readonly versionNumber: number,
    readonly style: RenderStyle,
  ) {
    super();
  }
}

@QueryHandler(GetVersionQuery)
export class GetVersionHandler implements IQueryHandler<GetVersionQuery, VersionDetail> {
  constructor(
    private readonly readModels: AgreementReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ agreementId, versionNumber, style }: GetVersionQuery): Promise<VersionDetail> {
    const { doc, history } = this.readModels.history(agreementId);
    const version = history.versions.find((v) => v.number === versionNumber);
    const stored = doc.versions.find((v) => v.number === versionNumber);
    if (version === undefined || stored === undefined) {
      throw new ProblemException({
        status: 404,
        title: 'Not Found',
        code: 'VersionNotFound',
        detail: `Agreement ${agreementId} has versions 1 to ${doc.versions.length}; there is no version ${versionNumber}.`,
      });
    }
    return Promise.resolve({
      ...stored,
      statusToday: versionStatusOn(version, japanToday(this.clock)),
      style,
      text: this.readModels.renderedText(agreementId, version, style),
    });
  }
}

import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type AmendmentBase, type VersionStatus, agreementName, versionStatusOn } from '@kyoyaku/domain';
import { type AbolitionDoc, enactmentsOf, type VersionDoc, versionLabel } from '@kyoyaku/projections';
import { documentStyle, enactmentLabel, type Enactments, type RenderStyle } from '@kyoyaku/legal-text';
import type { Page } from '../../http/pagination.dto';
import { ProblemException } from '../../http/problem';
import { CLOCK, type Clock, japanToday } from '@kyoyaku/runtime';
import { AgreementReadModels } from '../agreement-read-model.service';

/**
 * A list entry's base: the version it amends — the one before it in the list, which is in 施行日
 * order — rather than the whole chain, so an entry does not grow with the versions before it. The
 * chain (`versionNumbers`) is on GET …/versions/{n} and on the proceeding.
 */
export interface VersionListBase {
  kind: AmendmentBase['kind'];
  asOf: string;
  versionNumber: number;
}

export type VersionListItem = Omit<VersionDoc, 'document' | 'operations' | 'base'> & {
  base?: VersionListBase;
  title: string;
  /** Where the version stands today (in Japan): 未施行, in force, superseded … */
  statusToday: VersionStatus;
  /** Its entry in a 例規集's 沿革: 令和3年3月25日一部変更（令和3年4月1日施行）, 未施行 marked. */
  label: string;
};

/** The 廃止, once concluded, with its entry in the 沿革 (令和6年3月22日廃止（令和6年4月1日施行）). */
export type AbolitionListItem = AbolitionDoc & { label: string };

/**
 * A page of the 沿革, oldest first in 施行日 order as a 例規集 prints it and as the history lists
 * events; cursor = the number of the page's last version. `today` and the abolition (the 沿革's
 * end) are on every page.
 */
export type VersionList = Page<VersionListItem> & {
  today: string;
  abolition?: AbolitionListItem;
};

export type VersionDetail = VersionDoc & {
  statusToday: VersionStatus;
  label: string;
  /** The text in force from its 施行日 in 例規集 form (see GET …/text). */
  text: string;
  style: RenderStyle;
  enactments: Enactments;
};

function labelOf(version: VersionDoc, status: VersionStatus): string {
  return versionLabel(version, status === 'not-yet-in-force');
}

export class ListVersionsQuery extends Query<VersionList> {
  constructor(
    readonly agreementId: string,
    /** `after`: a version number (0, or none: from the first). */
    readonly page: { after?: string; limit: number },
  ) {
    super();
  }
}

function versionNotFound(agreement: string, count: number, versionNumber: number | string): ProblemException {
  return new ProblemException({
    status: 404,
    title: 'Not Found',
    code: 'VersionNotFound',
    detail: `${agreement}の版は第1版から第${count}版までです。第${versionNumber}版はありません。`,
  });
}

/** The 沿革: every concluded version with its 施行日, its end, and the proceeding that made it. */
@QueryHandler(ListVersionsQuery)
export class ListVersionsHandler implements IQueryHandler<ListVersionsQuery, VersionList> {
  constructor(
    private readonly readModels: AgreementReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ agreementId, page }: ListVersionsQuery): Promise<VersionList> {
    const today = japanToday(this.clock);
    const { doc, history } = this.readModels.history(agreementId);
    // The list is in 施行日 order, the numbers in conclusion order: the cursor's place is looked up.
    const start =
      page.after === undefined || page.after === '0'
        ? 0
        : doc.versions.findIndex((v) => String(v.number) === page.after) + 1;
    if (start === 0 && page.after !== undefined && page.after !== '0') {
      throw versionNotFound(
        agreementName(this.readModels.summary(agreementId)),
        doc.versions.length,
        page.after,
      );
    }
    const end = Math.min(doc.versions.length, start + page.limit);
    const items = doc.versions.slice(start, end).map((stored, offset): VersionListItem => {
      const index = start + offset;
      const { document, operations: _operations, base, ...rest } = stored;
      const version = history.versions[index];
      const statusToday = version === undefined ? 'not-yet-in-force' : versionStatusOn(version, today);
      const amended = base?.versionNumbers.at(-1);
      return {
        ...rest,
        ...(base === undefined || amended === undefined
          ? {}
          : { base: { kind: base.kind, asOf: base.asOf, versionNumber: amended } }),
        title: document.title,
        statusToday,
        label: labelOf(stored, statusToday),
      };
    });
    const abolition = doc.abolition;
    const last = items.at(-1);
    return Promise.resolve({
      today,
      items,
      nextCursor: end < doc.versions.length && last !== undefined ? String(last.number) : null,
      ...(abolition === undefined
        ? {}
        : {
            abolition: {
              ...abolition,
              label: enactmentLabel({
                kind: 'abolition',
                concludedOn: abolition.concludedOn,
                effectiveOn: abolition.effectiveOn,
                notYetInForce: today < abolition.effectiveOn,
              }),
            },
          }),
    });
  }
}

export class GetVersionQuery extends Query<VersionDetail> {
  constructor(
    readonly agreementId: string,
    readonly versionNumber: number,
    /** Absent: the document's own style. */
    readonly style?: RenderStyle,
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
      throw versionNotFound(
        agreementName(this.readModels.summary(agreementId)),
        doc.versions.length,
        versionNumber,
      );
    }
    const statusToday = versionStatusOn(version, japanToday(this.clock));
    const textStyle = style ?? documentStyle(version.document);
    return Promise.resolve({
      ...stored,
      statusToday,
      label: labelOf(stored, statusToday),
      style: textStyle,
      text: this.readModels.renderedText(agreementId, history, version, textStyle),
      enactments: enactmentsOf(history, version),
    });
  }
}

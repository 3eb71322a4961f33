import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { DoubtListItem, DoubtView } from '@kyoyaku/projections';
import { AgreementReadModels } from '../../agreements/agreement-read-model.service';
import {
  type AuthenticatedActor,
  CLOCK,
  type Clock,
  type DossierAccessEntry,
  type ChainCheck,
  DossierAccessLogRepository,
  type DossierFormat,
} from '@kyoyaku/runtime';
import type { Page } from '../../http/pagination.dto';
import {
  anonymousDoubtRefusal,
  assertAdmin,
  assertMayReadDoubt,
  doubtReadRefusal,
} from '../access/doubt-access';
import { DossierBuilder } from '../dossier/dossier-builder';
import type { Dossier } from '../dossier/dossier.types';
import { DoubtReadModels } from '../doubt-read-model.service';

type Reader = AuthenticatedActor | null;

export class GetDoubtQuery extends Query<DoubtView> {
  constructor(
    readonly doubtId: string,
    readonly actor: Reader,
  ) {
    super();
  }
}

@QueryHandler(GetDoubtQuery)
export class GetDoubtHandler implements IQueryHandler<GetDoubtQuery, DoubtView> {
  constructor(private readonly doubts: DoubtReadModels) {}

  execute({ doubtId, actor }: GetDoubtQuery): Promise<DoubtView> {
    const view = this.doubts.view(doubtId);
    assertMayReadDoubt(actor, view.parties);
    return Promise.resolve(view);
  }
}

export class ListDoubtsQuery extends Query<Page<DoubtListItem>> {
  constructor(
    readonly agreementId: string,
    readonly actor: Reader,
    readonly page: { after?: string; limit: number },
    readonly status?: string,
  ) {
    super();
  }
}

/** An agreement's register of doubts: read by its parties' clerks, the secretariat and admins. */
@QueryHandler(ListDoubtsQuery)
export class ListDoubtsHandler implements IQueryHandler<ListDoubtsQuery, Page<DoubtListItem>> {
  constructor(
    private readonly doubts: DoubtReadModels,
    private readonly agreements: AgreementReadModels,
  ) {}

  execute({ agreementId, actor, page, status }: ListDoubtsQuery): Promise<Page<DoubtListItem>> {
    const summary = this.agreements.summary(agreementId);
    assertMayReadDoubt(actor, { core: summary.coreCity, partner: summary.partner });
    return Promise.resolve(this.doubts.list(agreementId, page, status));
  }
}

export class GetDossierQuery extends Query<Dossier> {
  constructor(
    readonly doubtId: string,
    readonly actor: Reader,
    readonly format: DossierFormat,
  ) {
    super();
  }
}

/** The dispute dossier; every access, granted or refused, is appended to the access log. */
@QueryHandler(GetDossierQuery)
export class GetDossierHandler implements IQueryHandler<GetDossierQuery, Dossier> {
  constructor(
    private readonly doubts: DoubtReadModels,
    private readonly builder: DossierBuilder,
    private readonly accessLog: DossierAccessLogRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ doubtId, actor, format }: GetDossierQuery): Promise<Dossier> {
    const view = this.doubts.view(doubtId);
    if (actor === null) {
      // Anyone can send anonymous requests: they are counted, never logged (the log would only grow).
      this.accessLog.countAnonymousRefusal();
      throw anonymousDoubtRefusal();
    }
    const refusal = doubtReadRefusal(actor, view.parties);
    if (refusal !== null) {
      await this.accessLog.append({
        doubtId,
        actor,
        format,
        outcome: 'refused',
        accessedAt: this.clock.now().toISOString(),
      });
      throw refusal;
    }
    const dossier = await this.builder.build(view, actor);
    await this.accessLog.append({
      doubtId,
      actor,
      format,
      outcome: 'granted',
      accessedAt: this.clock.now().toISOString(),
      treeSize: dossier.ledgerSize,
    });
    return dossier;
  }
}

export interface DossierAccessLogPage extends Page<DossierAccessEntry> {
  doubtId: string;
  /** The hash chain over the whole log, verified incrementally (see verifyChain). */
  chain: ChainCheck;
}

export class GetDossierAccessLogQuery extends Query<DossierAccessLogPage> {
  constructor(
    readonly doubtId: string,
    readonly actor: Reader,
    readonly page: { after?: string; limit: number },
  ) {
    super();
  }
}

/** Who read a dossier, when and how: for admins. */
@QueryHandler(GetDossierAccessLogQuery)
export class GetDossierAccessLogHandler implements IQueryHandler<
  GetDossierAccessLogQuery,
  DossierAccessLogPage
> {
  constructor(
    private readonly doubts: DoubtReadModels,
    private readonly accessLog: DossierAccessLogRepository,
  ) {}

  async execute({ doubtId, actor, page }: GetDossierAccessLogQuery): Promise<DossierAccessLogPage> {
    assertAdmin(actor);
    this.doubts.view(doubtId);
    const entries = await this.accessLog.list(doubtId, {
      ...(page.after === undefined ? {} : { after: Number(page.after) }),
      limit: page.limit + 1,
    });
    const items = entries.slice(0, page.limit);
    const last = items.at(-1);
    return {
      doubtId,
      items,
      nextCursor: entries.length > page.limit && last !== undefined ? String(last.sequence) : null,
      chain: await this.accessLog.verifyChain(),
    };
  }
}

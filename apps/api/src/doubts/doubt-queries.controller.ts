import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { DoubtListItem, DoubtView } from '@kyoyaku/projections';
import type { FastifyReply } from 'fastify';
import { AgreementParams } from '../agreements/dto/agreement-params.dto';
import type { AuthenticatedActor } from '@kyoyaku/runtime';
import { OptionalActor, ReadAccess } from '../auth/access.decorators';
import { negotiate } from '../http/content-negotiation';
import { DEFAULT_PAGE_SIZE, type Page, PageQuery } from '../http/pagination.dto';
import { ApiProblems } from '../http/problem-responses';
import { renderDossierHtml } from './dossier/dossier-html';
import type { Dossier } from './dossier/dossier.types';
import { DoubtParams } from './dto/doubt-params.dto';
import { ListDoubtsQueryDto } from './dto/doubt-queries.dto';
import {
  type DossierAccessLogPage,
  GetDossierAccessLogQuery,
  GetDossierQuery,
  GetDoubtQuery,
  ListDoubtsQuery,
} from './queries/doubt.queries';

const page = (query: PageQuery) => ({
  ...(query.after === undefined ? {} : { after: query.after }),
  limit: query.limit ?? DEFAULT_PAGE_SIZE,
});

/**
 * Reads of doubts and dossiers. Not public even when LEDGER_READ_ACCESS=open: the two parties'
 * clerks, the secretariat and admins only (checked per doubt, as it needs the doubt's parties).
 */
@ApiTags('doubts')
@ApiBearerAuth()
@Controller()
@ReadAccess()
// 403: a reader token, or a clerk of neither party (the access log: any role but admin).
@ApiProblems(400, 403, 404)
export class DoubtQueriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get('agreements/:agreementId/doubts')
  @ApiOperation({
    summary: '疑義の台帳 (協約ごと)',
    description: '提起順。カーソル = 提起の位置。当事者の clerk・事務局・管理者のみ。',
  })
  list(
    @Param() params: AgreementParams,
    @Query() query: ListDoubtsQueryDto,
    @OptionalActor() actor: AuthenticatedActor | null,
  ): Promise<Page<DoubtListItem>> {
    return this.queries.execute(new ListDoubtsQuery(params.agreementId, actor, page(query), query.status));
  }

  @Get('doubts/:doubtId')
  @ApiOperation({
    summary: '疑義',
    description:
      '引用・固定した版・協議・解決・紛争処理の手続・経過。ETag = リビジョン。当事者の clerk・事務局・管理者のみ。',
  })
  async get(
    @Param() params: DoubtParams,
    @OptionalActor() actor: AuthenticatedActor | null,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DoubtView> {
    const view = await this.queries.execute(new GetDoubtQuery(params.doubtId, actor));
    void reply.header('etag', `"${view.revision}"`);
    return view;
  }

  @Get('doubts/:doubtId/dossier')
  @ApiOperation({
    summary: '紛争記録 (ドシエ)',
    description:
      '提起日に施行されていた引用箇所の文言 (提起時の記録と現在の記録、その差と原因)、その後の関連記録、協議・費用分担・解決、経過、引用した全イベントの包含証明と署名付きチェックポイント。' +
      'Accept: text/html で A4 の印刷用。閲覧はすべてアクセス記録に残ります (台帳には何も記録しません)。',
  })
  @ApiProduces('application/json', 'text/html')
  // Every reading is logged before it is answered: without the access log, no dossier.
  @ApiProblems(503)
  async dossier(
    @Param() params: DoubtParams,
    @Headers('accept') accept: string | undefined,
    @OptionalActor() actor: AuthenticatedActor | null,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Dossier | string> {
    const as = negotiate(reply, accept, ['application/json', 'text/html'] as const, 'application/json');
    const dossier = await this.queries.execute(
      new GetDossierQuery(params.doubtId, actor, as === 'text/html' ? 'html' : 'json'),
    );
    void reply.header('cache-control', 'no-store');
    if (as === 'text/html') {
      void reply.header('content-type', 'text/html; charset=utf-8');
      return renderDossierHtml(dossier);
    }
    return dossier;
  }

  @Get('doubts/:doubtId/dossier/access-log')
  @ApiOperation({
    summary: '紛争記録のアクセス記録 (管理者のみ)',
    description:
      '誰が・いつ・どの形式で閲覧したか (拒否を含む)。追記のみ、ハッシュで連鎖。カーソル = sequence。',
  })
  accessLog(
    @Param() params: DoubtParams,
    @Query() query: PageQuery,
    @OptionalActor() actor: AuthenticatedActor | null,
  ): Promise<DossierAccessLogPage> {
    return this.queries.execute(new GetDossierAccessLogQuery(params.doubtId, actor, page(query)));
  }
}

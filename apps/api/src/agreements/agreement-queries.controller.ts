import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type {
  AgreementSummaryDoc,
  MeasureHistoryDoc,
  ProceedingDoc,
  TimelineEntryDoc,
} from '@kyoyaku/projections';
import type { FastifyReply } from 'fastify';
import { ReadAccess } from '../auth/access.decorators';
import { CachedRead } from '../http/read-cache';
import { negotiate } from '../http/content-negotiation';
import { DEFAULT_PAGE_SIZE, type Page, PageQuery } from '../http/pagination.dto';
import { ProblemException } from '../http/problem';
import { ApiReadProblems } from '../http/problem-responses';
import { AgreementParams, ProceedingParams } from './dto/agreement-params.dto';
import {
  AgreementPageResource,
  AgreementSummaryResource,
  ProceedingResource,
  TextAsOfResource,
  VersionListResource,
} from './dto/agreement.resources';
import {
  AsOfQueryDto,
  ListAgreementsQueryDto,
  MeasureParams,
  StyleQueryDto,
  TextQueryDto,
  VersionParams,
} from './dto/agreement-queries.dto';
import { GetAgreementQuery } from './queries/get-agreement.query';
import { GetHistoryQuery } from './queries/get-history.query';
import { GetTextQuery, type TextAsOf } from './queries/get-text.query';
import { type AgreementListItem, ListAgreementsQuery } from './queries/list-agreements.query';
import { GetMeasureHistoryQuery, ListMeasuresQuery, type MeasuresAsOf } from './queries/list-measures.query';
import { GetProceedingQuery, ListProceedingsQuery } from './queries/list-proceedings.query';
import {
  GetVersionQuery,
  ListVersionsQuery,
  type VersionDetail,
  type VersionList,
} from './queries/list-versions.query';

/** Reads on agreements. Agreements, versions and texts are public documents (LEDGER_READ_ACCESS). */
@ApiTags('agreements')
@Controller('agreements')
@ReadAccess()
@ApiReadProblems()
export class AgreementQueriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @CachedRead()
  @ApiOperation({ summary: '協約の一覧', description: '当事者・状態・圏域で絞り込み。カーソル = 協約ID' })
  @ApiOkResponse({ type: AgreementPageResource })
  list(@Query() query: ListAgreementsQueryDto): Promise<Page<AgreementListItem>> {
    return this.queries.execute(
      new ListAgreementsQuery(
        {
          ...(query.party === undefined ? {} : { party: query.party }),
          ...(query.status === undefined ? {} : { status: query.status }),
          ...(query.regionId === undefined ? {} : { regionId: query.regionId }),
        },
        {
          ...(query.after === undefined ? {} : { after: query.after }),
          limit: query.limit ?? DEFAULT_PAGE_SIZE,
        },
      ),
    );
  }

  @Get(':agreementId')
  @ApiOperation({
    summary: '協約の概要',
    description:
      '当事者・状態・現行版・未了の手続と不足している手順。ETag = ストリームのリビジョン (If-Match に使う)',
  })
  @ApiOkResponse({ type: AgreementSummaryResource })
  async get(
    @Param() params: AgreementParams,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgreementSummaryDoc> {
    const summary = await this.queries.execute(new GetAgreementQuery(params.agreementId));
    void reply.header('etag', `"${summary.revision}"`);
    return summary;
  }

  @Get(':agreementId/proceedings')
  @CachedRead()
  @ApiOperation({
    summary: '手続 (締結・変更・廃止) の一覧と各手順',
    description: '変更の手続には base (案が対象とする本文: 起案の基礎) が付きます',
  })
  @ApiOkResponse({ type: [ProceedingResource] })
  proceedings(@Param() params: AgreementParams): Promise<ProceedingDoc[]> {
    return this.queries.execute(new ListProceedingsQuery(params.agreementId));
  }

  @Get(':agreementId/proceedings/:proceedingId')
  @CachedRead()
  @ApiOperation({ summary: '手続の詳細 (案・議決・締結・告示・届出、不足している手順、変更の起案の基礎)' })
  @ApiOkResponse({ type: ProceedingResource })
  proceeding(@Param() params: ProceedingParams): Promise<ProceedingDoc> {
    return this.queries.execute(new GetProceedingQuery(params.agreementId, params.proceedingId));
  }

  @Get(':agreementId/versions')
  @CachedRead()
  @ApiOperation({
    summary: '沿革 (版の一覧)',
    description:
      '各版の施行日・失効日・締結した手続・双方の告示・本日時点の状態 (未施行など)・例規集の沿革の表記 (label)。施行日順 (同じ施行日は締結順) に並び、版の番号は締結順。' +
      '各版の本文は、原文に施行日がその版以前の変更を施行日順に適用したもの。廃止が締結されていれば abolition (各ページに)。' +
      'ほかの一覧と同じくページ単位: カーソル = ページ最後の版の番号 (nextCursor)',
  })
  @ApiOkResponse({ type: VersionListResource })
  versions(@Param() params: AgreementParams, @Query() query: PageQuery): Promise<VersionList> {
    return this.queries.execute(
      new ListVersionsQuery(params.agreementId, {
        ...(query.after === undefined ? {} : { after: query.after }),
        limit: query.limit ?? DEFAULT_PAGE_SIZE,
      }),
    );
  }

  @Get(':agreementId/versions/:n')
  @CachedRead()
  @ApiOperation({
    summary: '版の本文',
    description:
      'その版の施行日から施行されている本文を例規集の形で (GET …/text と同じ)。表記は style、省略時は本文自身の表記',
  })
  version(@Param() params: VersionParams, @Query() query: StyleQueryDto): Promise<VersionDetail> {
    return this.queries.execute(new GetVersionQuery(params.agreementId, params.n, query.style));
  }

  @Get(':agreementId/text')
  @CachedRead()
  @ApiOperation({
    summary: '時点指定の本文',
    description:
      'asOf の日に施行されている本文を例規集の形で: 題名の下に原協約の告示の日付と番号 (甲の告示。未記録なら締結日のみ)、別表（第3条関係）、原附則の後にその日までに施行された各変更の附則 (「附　則（令和3年3月25日青森市告示第210号）」と施行期日の文)。' +
      'knownAt (時刻) または atPosition (位置) を付けると、その時点で台帳が記録していた事実だけで答えます。' +
      '表記は style、省略時は本文自身の表記。Accept: text/plain でテキストのみを返します。',
  })
  @ApiProduces('application/json', 'text/plain')
  @ApiOkResponse({ type: TextAsOfResource, description: '本文と版の情報 (Accept: text/plain なら本文のみ)' })
  async text(
    @Param() params: AgreementParams,
    @Query() query: TextQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TextAsOf | string> {
    if (query.knownAt !== undefined && query.atPosition !== undefined) {
      throw new ProblemException({
        status: 400,
        title: 'Bad Request',
        code: 'ValidationFailed',
        detail:
          'Give knownAt or atPosition, not both: they are two ways to name the same moment of the ledger.',
        errors: [{ field: 'atPosition', rule: 'exclusiveWith', message: 'not together with knownAt' }],
      });
    }
    const result = await this.queries.execute(
      new GetTextQuery(params.agreementId, {
        ...(query.style === undefined ? {} : { style: query.style }),
        ...(query.asOf === undefined ? {} : { asOf: query.asOf }),
        ...(query.knownAt === undefined ? {} : { knownAt: query.knownAt }),
        ...(query.atPosition === undefined ? {} : { atPosition: BigInt(query.atPosition) }),
      }),
    );
    if (
      negotiate(reply, accept, ['application/json', 'text/plain'] as const, 'application/json') ===
      'text/plain'
    ) {
      void reply.header('content-type', 'text/plain; charset=utf-8');
      return result.text;
    }
    return result;
  }

  @Get(':agreementId/measures')
  @CachedRead()
  @ApiOperation({ summary: '連携施策の一覧 (時点指定可)' })
  measures(@Param() params: AgreementParams, @Query() query: AsOfQueryDto): Promise<MeasuresAsOf> {
    return this.queries.execute(new ListMeasuresQuery(params.agreementId, query.asOf));
  }

  @Get(':agreementId/measures/:measureId/history')
  @CachedRead()
  @ApiOperation({ summary: '連携施策の変遷 (版ごとの追加・改正・役割分担の変更・削除)' })
  measureHistory(@Param() params: MeasureParams): Promise<MeasureHistoryDoc> {
    return this.queries.execute(new GetMeasureHistoryQuery(params.agreementId, params.measureId));
  }

  @Get(':agreementId/history')
  @CachedRead()
  @ApiOperation({ summary: '履歴 (すべての記録と一行の要約)', description: 'カーソル = position' })
  history(@Param() params: AgreementParams, @Query() query: PageQuery): Promise<Page<TimelineEntryDoc>> {
    return this.queries.execute(
      new GetHistoryQuery(params.agreementId, {
        ...(query.after === undefined ? {} : { after: query.after }),
        limit: query.limit ?? DEFAULT_PAGE_SIZE,
      }),
    );
  }
}

import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RegionDoc, TimelineEntryDoc } from '@kyoyaku/projections';
import type { FastifyReply } from 'fastify';
import { AsOfQueryDto } from '../agreements/dto/agreement-queries.dto';
import type { CommandContext, CommandResult } from '@kyoyaku/runtime';
import { CommandContextOf } from '../application/command-context.decorator';
import { CommandSender } from '../application/command-sender';
import { WriteDocs } from '../application/write-docs.decorator';
import { ReadAccess, WriteAccess } from '../auth/access.decorators';
import { CachedRead } from '../http/read-cache';
import { DEFAULT_PAGE_SIZE, type Page, PageQuery } from '../http/pagination.dto';
import { ApiReadProblems } from '../http/problem-responses';
import { RecordRegionCommand } from './commands/region-command.handler';
import {
  AdoptVisionRequestDto,
  DeclareRegionRequestDto,
  RegionParams,
} from './dto/declare-region.request.dto';
import { RecordRecommendationRequestDto } from './dto/record-recommendation.request.dto';
import {
  GetRegionHistoryQuery,
  GetRegionQuery,
  ListRegionsQuery,
  type RegionDetail,
} from './queries/regions.query';

@ApiTags('regions')
@Controller('regions')
export class RegionsController {
  constructor(
    private readonly commands: CommandSender,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @WriteAccess('secretariat', 'admin')
  @WriteDocs({ requestHeaders: false })
  @ApiOperation({ summary: '連携中枢都市圏の登録 (連携中枢都市宣言)' })
  declare(
    @Body() body: DeclareRegionRequestDto,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    return this.commands.send(
      reply,
      `/regions/${body.regionId}`,
      new RecordRegionCommand({ type: 'DeclareRegion', ...body }, context),
    );
  }

  @Post(':regionId/visions')
  @WriteAccess('secretariat', 'admin')
  @WriteDocs({ requestHeaders: false })
  @ApiOperation({ summary: '都市圏ビジョンの策定の記録' })
  adoptVision(
    @Param() params: RegionParams,
    @Body() body: AdoptVisionRequestDto,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    return this.commands.send(
      reply,
      `/regions/${params.regionId}`,
      new RecordRegionCommand({ type: 'AdoptVision', ...params, ...body }, context),
    );
  }

  @Post(':regionId/recommendations')
  @WriteAccess('secretariat', 'admin')
  @WriteDocs({ requestHeaders: false })
  @ApiOperation({
    summary: '勧告の記録 (地方自治法第252条の2第5項)',
    description:
      '総務大臣 (都道府県が締結するもの) 又は都道府県知事 (その他のもの) が、関係のある普通地方公共団体に連携協約を締結すべきことを勧告したことを記録します。勧告の日は本日 (日本時間) 以前。圏域の履歴と、その団体間の連携協約が締結された後はその協約の履歴に表示されます。',
  })
  recommend(
    @Param() params: RegionParams,
    @Body() body: RecordRecommendationRequestDto,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    return this.commands.send(
      reply,
      `/regions/${params.regionId}/history`,
      new RecordRegionCommand(
        {
          type: 'RecordRecommendation',
          regionId: params.regionId,
          recommender: {
            kind: body.recommender.kind,
            ...(body.recommender.prefectureCode === undefined
              ? {}
              : { prefectureCode: body.recommender.prefectureCode }),
          },
          addressees: body.addressees.map((p) => ({ code: p.code, name: p.name })),
          recommendedOn: body.recommendedOn,
          documentNumber: body.documentNumber,
          content: body.content,
        },
        context,
      ),
    );
  }

  @Get()
  @CachedRead()
  @ReadAccess()
  @ApiOperation({ summary: '連携中枢都市圏の一覧' })
  list(): Promise<RegionDoc[]> {
    return this.queries.execute(new ListRegionsQuery());
  }

  @Get(':regionId')
  @CachedRead()
  @ReadAccess()
  @ApiOperation({ summary: '圏域の構成団体と連携施策の参加状況 (時点指定可)' })
  @ApiReadProblems()
  get(@Param() params: RegionParams, @Query() query: AsOfQueryDto): Promise<RegionDetail> {
    return this.queries.execute(new GetRegionQuery(params.regionId, query.asOf));
  }

  @Get(':regionId/history')
  @CachedRead()
  @ReadAccess()
  @ApiOperation({
    summary: '圏域の履歴 (連携中枢都市宣言・ビジョン・勧告と一行の要約)',
    description: 'カーソル = position',
  })
  @ApiReadProblems()
  history(@Param() params: RegionParams, @Query() query: PageQuery): Promise<Page<TimelineEntryDoc>> {
    return this.queries.execute(
      new GetRegionHistoryQuery(params.regionId, {
        ...(query.after === undefined ? {} : { after: query.after }),
        limit: query.limit ?? DEFAULT_PAGE_SIZE,
      }),
    );
  }
}

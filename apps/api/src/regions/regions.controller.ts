import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RegionDoc } from '@kyoyaku/projections';
import type { FastifyReply } from 'fastify';
import { AsOfQueryDto } from '../agreements/dto/agreement-queries.dto';
import type { CommandContext, CommandResult } from '@kyoyaku/runtime';
import { CommandContextOf } from '../application/command-context.decorator';
import { CommandSender } from '../application/command-sender';
import { WriteDocs } from '../application/write-docs.decorator';
import { ReadAccess, WriteAccess } from '../auth/access.decorators';
import { ApiReadProblems } from '../http/problem-responses';
import { RecordRegionCommand } from './commands/region-command.handler';
import {
  AdoptVisionRequestDto,
  DeclareRegionRequestDto,
  RegionParams,
} from './dto/declare-region.request.dto';
import { GetRegionQuery, ListRegionsQuery, type RegionDetail } from './queries/regions.query';

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

  @Get()
  @ReadAccess()
  @ApiOperation({ summary: '連携中枢都市圏の一覧' })
  list(): Promise<RegionDoc[]> {
    return this.queries.execute(new ListRegionsQuery());
  }

  @Get(':regionId')
  @ReadAccess()
  @ApiOperation({ summary: '圏域の構成団体と連携施策の参加状況 (時点指定可)' })
  @ApiReadProblems()
  get(@Param() params: RegionParams, @Query() query: AsOfQueryDto): Promise<RegionDetail> {
    return this.queries.execute(new GetRegionQuery(params.regionId, query.asOf));
  }
}

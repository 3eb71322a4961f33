import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Page } from '../http/pagination.dto';
import type { ProjectView } from '@kyoyaku/projections';
import type { FastifyReply } from 'fastify';
import type { CommandContext, CommandResult } from '@kyoyaku/runtime';
import { CommandContextOf } from '../application/command-context.decorator';
import { CommandSender } from '../application/command-sender';
import { WriteDocs } from '../application/write-docs.decorator';
import { ReadAccess, WriteAccess } from '../auth/access.decorators';
import { CachedRead } from '../http/read-cache';
import { negotiate } from '../http/content-negotiation';
import { CSV_CONTENT_TYPE, csvAttachment } from '../http/csv';
import { DEFAULT_PAGE_SIZE } from '../http/pagination.dto';
import { ApiReadProblems } from '../http/problem-responses';
import { RegionParams } from '../regions/dto/declare-region.request.dto';
import { RecordProjectCommand } from './commands/project-command.handler';
import { projectCostSharesCsv, regionCostSharesCsv } from './cost-share-csv';
import { toCostShareBasis } from './dto/cost-share-basis.dto';
import {
  DecisionParams,
  FiscalYearQueryDto,
  ListProjectsQueryDto,
  OptionalFiscalYearQueryDto,
  ProjectParams,
} from './dto/project-queries.dto';
import {
  DecideCostShareRequestDto,
  RegisterProjectRequestDto,
  ReviseCostShareRequestDto,
  SettleCostShareRequestDto,
} from './dto/project.request.dto';
import {
  GetProjectCostSharesQuery,
  GetProjectQuery,
  ListRegionProjectsQuery,
  type ProjectCostShareRegister,
} from './queries/projects.query';
import { GetRegionCostSharesQuery, type RegionCostShareSummary } from './queries/region-cost-shares.query';

const OFFERED = ['application/json', 'text/csv'] as const;

/** The optional parts of a decision or a revision, copied only when given (events carry no undefined). */
function decisionOptions(body: DecideCostShareRequestDto | ReviseCostShareRequestDto) {
  return {
    ...(body.participants === undefined ? {} : { participants: body.participants }),
    ...(body.consultationId === undefined ? {} : { consultationId: body.consultationId }),
    ...(body.reasonWithoutConsultation === undefined
      ? {}
      : { reasonWithoutConsultation: body.reasonWithoutConsultation }),
  };
}

/**
 * 事業 and 費用分担 (第4条): projects of a region, their cost-share decisions, revisions and
 * settlements, and the registers (JSON, or CSV with `Accept: text/csv`).
 */
@ApiTags('projects')
@Controller()
export class ProjectsController {
  constructor(
    private readonly commands: CommandSender,
    private readonly queries: QueryBus,
  ) {}

  @Post('regions/:regionId/projects')
  @WriteAccess('secretariat', 'admin')
  @WriteDocs()
  @ApiOperation({
    summary: '事業の登録',
    description:
      '参加団体は、登録日に当該連携施策を含む連携協約が連携中枢都市との間で施行されている団体に限ります。',
  })
  async register(
    @Param() params: RegionParams,
    @Body() body: RegisterProjectRequestDto,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    const projectId = body.projectId ?? (await this.commands.newId(context, 'projectId'));
    return this.commands.send(
      reply,
      `/projects/${projectId}`,
      new RecordProjectCommand(
        {
          type: 'RegisterProject',
          projectId,
          regionId: params.regionId,
          name: body.name,
          measureId: body.measureId,
          participants: body.participants,
          description: body.description,
          registeredOn: body.registeredOn,
        },
        context,
      ),
    );
  }

  @Get('regions/:regionId/projects')
  @CachedRead()
  @ReadAccess()
  @ApiReadProblems()
  @ApiOperation({ summary: '圏域の事業の一覧', description: 'カーソル = 事業ID' })
  list(@Param() params: RegionParams, @Query() query: ListProjectsQueryDto): Promise<Page<ProjectView>> {
    return this.queries.execute(
      new ListRegionProjectsQuery(params.regionId, {
        ...(query.after === undefined ? {} : { after: query.after }),
        limit: query.limit ?? DEFAULT_PAGE_SIZE,
      }),
    );
  }

  @Get('regions/:regionId/cost-shares')
  @CachedRead()
  @ReadAccess()
  @ApiReadProblems()
  @ApiOperation({
    summary: '圏域の費用分担 (年度別)',
    description:
      '事業別・団体別・連携施策別の決定額と決算額。差額は決算済みの事業についての (決算額 − 決定額)。Accept: text/csv で CSV (UTF-8 BOM 付き)。',
  })
  @ApiProduces('application/json', 'text/csv')
  async regionCostShares(
    @Param() params: RegionParams,
    @Query() query: FiscalYearQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RegionCostShareSummary | string> {
    const summary = await this.queries.execute(
      new GetRegionCostSharesQuery(params.regionId, query.fiscalYear),
    );
    if (negotiate(reply, accept, OFFERED, 'application/json') === 'text/csv') {
      void reply
        .header('content-type', CSV_CONTENT_TYPE)
        .header('content-disposition', csvAttachment(`cost-shares-${params.regionId}-${query.fiscalYear}`));
      return regionCostSharesCsv(summary);
    }
    return summary;
  }

  @Get('projects/:projectId')
  @ReadAccess()
  @ApiReadProblems()
  @ApiOperation({ summary: '事業', description: 'ETag = ストリームのリビジョン (If-Match に使う)' })
  async get(
    @Param() params: ProjectParams,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProjectView> {
    const project = await this.queries.execute(new GetProjectQuery(params.projectId));
    void reply.header('etag', `"${project.revision}"`);
    return project;
  }

  @Post('projects/:projectId/cost-shares')
  @WriteAccess('secretariat', 'admin')
  @WriteDocs()
  @ApiOperation({
    summary: '費用分担の決定',
    description:
      '年度ごとに総額と基準 (定額・負担割合・算定式) から各団体の負担額を円単位で按分します (最大剰余法、同順位は連携中枢都市、次に団体コード順)。決定した協議 (開催済み、分担する全団体が出席) か、協議によらない理由が必要です。',
  })
  async decide(
    @Param() params: ProjectParams,
    @Body() body: DecideCostShareRequestDto,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    return this.commands.send(
      reply,
      `/projects/${params.projectId}/cost-shares?fiscalYear=${body.fiscalYear}`,
      new RecordProjectCommand(
        {
          type: 'DecideCostShare',
          projectId: params.projectId,
          decisionId: body.decisionId ?? (await this.commands.newId(context, 'decisionId')),
          fiscalYear: body.fiscalYear,
          decidedOn: body.decidedOn,
          total: body.total,
          basis: toCostShareBasis(body.basis),
          ...decisionOptions(body),
        },
        context,
      ),
    );
  }

  @Post('projects/:projectId/cost-shares/:decisionId/revisions')
  @WriteAccess('secretariat', 'admin')
  @WriteDocs()
  @ApiOperation({
    summary: '費用分担の変更',
    description: '現に有効な決定を理由を付して新たな決定で置き換えます。元の決定は履歴に残ります。',
  })
  async revise(
    @Param() params: DecisionParams,
    @Body() body: ReviseCostShareRequestDto,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    return this.commands.send(
      reply,
      `/projects/${params.projectId}/cost-shares`,
      new RecordProjectCommand(
        {
          type: 'ReviseCostShare',
          projectId: params.projectId,
          supersedesDecisionId: params.decisionId,
          decisionId: body.decisionId ?? (await this.commands.newId(context, 'decisionId')),
          reason: body.reason,
          decidedOn: body.decidedOn,
          total: body.total,
          basis: toCostShareBasis(body.basis),
          ...decisionOptions(body),
        },
        context,
      ),
    );
  }

  @Post('projects/:projectId/settlements')
  @WriteAccess('secretariat', 'admin')
  @WriteDocs()
  @ApiOperation({
    summary: '決算の記録',
    description: '年度の実績額とその按分。基準を省略すると決定の基準で按分します (定額の決定は決定額の比)。',
  })
  settle(
    @Param() params: ProjectParams,
    @Body() body: SettleCostShareRequestDto,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    return this.commands.send(
      reply,
      `/projects/${params.projectId}/cost-shares?fiscalYear=${body.fiscalYear}`,
      new RecordProjectCommand(
        {
          type: 'SettleCostShare',
          projectId: params.projectId,
          fiscalYear: body.fiscalYear,
          settledOn: body.settledOn,
          total: body.total,
          ...(body.basis === undefined ? {} : { basis: toCostShareBasis(body.basis) }),
          ...(body.note === undefined ? {} : { note: body.note }),
        },
        context,
      ),
    );
  }

  @Get('projects/:projectId/cost-shares')
  @ReadAccess()
  @ApiReadProblems()
  @ApiOperation({
    summary: '事業の費用分担の台帳',
    description:
      '年度ごとの決定・変更 (変更済みのものを含む)・決算。Accept: text/csv で CSV (UTF-8 BOM 付き)。',
  })
  @ApiProduces('application/json', 'text/csv')
  async costShares(
    @Param() params: ProjectParams,
    @Query() query: OptionalFiscalYearQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProjectCostShareRegister | string> {
    const register = await this.queries.execute(
      new GetProjectCostSharesQuery(params.projectId, query.fiscalYear),
    );
    void reply.header('etag', `"${register.project.revision}"`);
    if (negotiate(reply, accept, OFFERED, 'application/json') === 'text/csv') {
      void reply
        .header('content-type', CSV_CONTENT_TYPE)
        .header(
          'content-disposition',
          csvAttachment(
            `cost-shares-${params.projectId}${query.fiscalYear === undefined ? '' : `-${query.fiscalYear}`}`,
          ),
        );
      return projectCostSharesCsv(register);
    }
    return register;
  }
}

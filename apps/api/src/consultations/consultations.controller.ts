import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { ConsultationView } from '@kyoyaku/projections';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedActor, CommandContext, CommandResult } from '@kyoyaku/runtime';
import { CommandContextOf } from '../application/command-context.decorator';
import { CommandSender } from '../application/command-sender';
import { WriteDocs } from '../application/write-docs.decorator';
import { OptionalActor, ReadAccess, WriteAccess } from '../auth/access.decorators';
import { CachedRead } from '../http/read-cache';
import { negotiate } from '../http/content-negotiation';
import { CSV_CONTENT_TYPE, csvAttachment } from '../http/csv';
import { DEFAULT_PAGE_SIZE, type Page } from '../http/pagination.dto';
import { ApiReadProblems } from '../http/problem-responses';
import { RegionParams } from '../regions/dto/declare-region.request.dto';
import { RecordConsultationCommand } from './commands/consultation-command.handler';
import { consultationsCsv } from './consultation-csv';
import { ConsultationParams, ListConsultationsQueryDto } from './dto/consultation-queries.dto';
import {
  CancelConsultationRequestDto,
  PostponeConsultationRequestDto,
  RecordConsultationRequestDto,
  ScheduleConsultationRequestDto,
} from './dto/consultation.request.dto';
import {
  type ConsultationDetail,
  GetConsultationQuery,
  ListRegionConsultationsQuery,
} from './queries/consultations.query';

/** 定期的な協議 (第5条) and extraordinary ones: scheduled, held, postponed, cancelled; the register. */
@ApiTags('consultations')
@Controller()
export class ConsultationsController {
  constructor(
    private readonly commands: CommandSender,
    private readonly queries: QueryBus,
  ) {}

  @Post('regions/:regionId/consultations')
  @WriteAccess('secretariat', 'admin')
  @WriteDocs()
  @ApiOperation({
    summary: '協議の予定の登録',
    description:
      '参加団体は連携中枢都市と、開催予定日に連携協約が施行されている団体 (連携中枢都市と1団体以上)。',
  })
  async schedule(
    @Param() params: RegionParams,
    @Body() body: ScheduleConsultationRequestDto,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    const consultationId = body.consultationId ?? (await this.commands.newId(context, 'consultationId'));
    return this.commands.send(
      reply,
      `/consultations/${consultationId}`,
      new RecordConsultationCommand(
        {
          type: 'ScheduleConsultation',
          consultationId,
          regionId: params.regionId,
          kind: body.kind,
          scheduledOn: body.scheduledOn,
          participants: body.participants,
          agenda: body.agenda,
        },
        context,
      ),
    );
  }

  @Post('consultations/:consultationId/record')
  @WriteAccess('secretariat', 'admin')
  @WriteDocs()
  @ApiOperation({
    summary: '協議の開催の記録',
    description: '開催日・出席者・議事録・結果。結果は記録済みのイベントを引用できます。記録は一度だけです。',
  })
  record(
    @Param() params: ConsultationParams,
    @Body() body: RecordConsultationRequestDto,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    return this.commands.send(
      reply,
      `/consultations/${params.consultationId}`,
      new RecordConsultationCommand(
        {
          type: 'RecordConsultation',
          consultationId: params.consultationId,
          heldOn: body.heldOn,
          attendees: body.attendees.map((a) => ({
            municipalityCode: a.municipalityCode,
            title: a.title,
            ...(a.name === undefined ? {} : { name: a.name }),
          })),
          minutes: body.minutes,
          ...(body.agenda === undefined ? {} : { agenda: body.agenda }),
          outcomes: body.outcomes.map((o) => ({
            kind: o.kind,
            summary: o.summary,
            ...(o.cites === undefined
              ? {}
              : { cites: { streamId: o.cites.streamId, eventId: o.cites.eventId } }),
          })),
        },
        context,
      ),
    );
  }

  @Post('consultations/:consultationId/postponement')
  @WriteAccess('secretariat', 'admin')
  @WriteDocs()
  @ApiOperation({ summary: '協議の延期', description: '理由と、決まっていれば新しい開催予定日。' })
  postpone(
    @Param() params: ConsultationParams,
    @Body() body: PostponeConsultationRequestDto,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    return this.commands.send(
      reply,
      `/consultations/${params.consultationId}`,
      new RecordConsultationCommand(
        {
          type: 'PostponeConsultation',
          consultationId: params.consultationId,
          postponedOn: body.postponedOn,
          ...(body.rescheduledTo === undefined ? {} : { rescheduledTo: body.rescheduledTo }),
          reason: body.reason,
        },
        context,
      ),
    );
  }

  @Post('consultations/:consultationId/cancellation')
  @WriteAccess('secretariat', 'admin')
  @WriteDocs()
  @ApiOperation({
    summary: '協議の中止',
    description: '理由を付して中止します。中止した協議には何も記録できません。',
  })
  cancel(
    @Param() params: ConsultationParams,
    @Body() body: CancelConsultationRequestDto,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    return this.commands.send(
      reply,
      `/consultations/${params.consultationId}`,
      new RecordConsultationCommand(
        {
          type: 'CancelConsultation',
          consultationId: params.consultationId,
          cancelledOn: body.cancelledOn,
          reason: body.reason,
        },
        context,
      ),
    );
  }

  @Get('regions/:regionId/consultations')
  @CachedRead()
  @ReadAccess()
  @ApiReadProblems()
  @ApiOperation({
    summary: '協議の台帳',
    description:
      '圏域の協議を日付順に (開催日、未開催なら開催予定日)。fiscalYear で年度を絞り込み。カーソル = nextCursor。Accept: text/csv で該当するすべてを CSV (UTF-8 BOM 付き)。',
  })
  @ApiProduces('application/json', 'text/csv')
  async list(
    @Param() params: RegionParams,
    @Query() query: ListConsultationsQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Page<ConsultationView> | string> {
    if (
      negotiate(reply, accept, ['application/json', 'text/csv'] as const, 'application/json') === 'text/csv'
    ) {
      const all = await this.queries.execute(
        new ListRegionConsultationsQuery(params.regionId, query.fiscalYear),
      );
      void reply
        .header('content-type', CSV_CONTENT_TYPE)
        .header(
          'content-disposition',
          csvAttachment(
            `consultations-${params.regionId}${query.fiscalYear === undefined ? '' : `-${query.fiscalYear}`}`,
          ),
        );
      return consultationsCsv(all.items);
    }
    return this.queries.execute(
      new ListRegionConsultationsQuery(params.regionId, query.fiscalYear, {
        ...(query.after === undefined ? {} : { after: query.after }),
        limit: query.limit ?? DEFAULT_PAGE_SIZE,
      }),
    );
  }

  @Get('consultations/:consultationId')
  @ReadAccess()
  @ApiReadProblems()
  @ApiOperation({
    summary: '協議',
    description:
      '予定・開催・延期・中止の記録、出席者、議事録、結果と、この協議を引用する記録 (citedBy: 閲覧権限のある記録のみ。疑義は当事者の clerk・事務局・管理者に)。ETag = リビジョン',
  })
  async get(
    @Param() params: ConsultationParams,
    @OptionalActor() actor: AuthenticatedActor | null,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ConsultationDetail> {
    const detail = await this.queries.execute(new GetConsultationQuery(params.consultationId, actor));
    void reply.header('etag', `"${detail.revision}"`);
    return detail;
  }
}

import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CorrectionInput, ProceedingDraftInput } from '@kyoyaku/domain';
import type { FastifyReply } from 'fastify';
import type { CommandContext, CommandResult } from '@kyoyaku/runtime';
import { CommandContextOf } from '../application/command-context.decorator';
import { CommandSender } from '../application/command-sender';
import { WriteDocs } from '../application/write-docs.decorator';
import { WriteAccess } from '../auth/access.decorators';
import { ProblemException } from '../http/problem';
import { AgreementParams, ProceedingParams } from './dto/agreement-params.dto';
import { AmendmentReader } from './amendment-reader';
import { RecordAgreementCommand } from './commands/agreement-command.handler';
import { ConcludeProceedingRequestDto } from './dto/conclude-proceeding.request.dto';
import { OpenAgreementRequestDto } from './dto/open-agreement.request.dto';
import { OpenProceedingRequestDto } from './dto/open-proceeding.request.dto';
import { RecordCorrectionRequestDto } from './dto/record-correction.request.dto';
import { RecordCouncilResolutionRequestDto } from './dto/record-council-resolution.request.dto';
import { RecordGovernorNotificationRequestDto } from './dto/record-governor-notification.request.dto';
import { RecordPublicNoticeRequestDto } from './dto/record-public-notice.request.dto';
import { ReviseDraftRequestDto } from './dto/revise-draft.request.dto';
import { WithdrawProceedingRequestDto } from './dto/withdraw-proceeding.request.dto';

/**
 * Writes on agreements: each route validates its DTO, sends one command, and answers 201 with where
 * the events landed (ETag = the new stream revision). Rules live in the domain, not here.
 */
@ApiTags('agreements')
@Controller('agreements')
export class AgreementCommandsController {
  constructor(
    private readonly commands: CommandSender,
    private readonly amendments: AmendmentReader,
  ) {}

  @Post()
  @WriteAccess('secretariat', 'admin')
  @WriteDocs()
  @ApiOperation({ summary: '協約案の登録 (締結手続の開始)' })
  async open(
    @Body() body: OpenAgreementRequestDto,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    const agreementId = body.agreementId ?? (await this.commands.newId(context, 'agreementId'));
    return this.commands.send(
      reply,
      `/agreements/${agreementId}`,
      new RecordAgreementCommand(
        {
          type: 'OpenAgreement',
          agreementId,
          regionId: body.regionId,
          coreCity: body.coreCity,
          partner: body.partner,
          proceedingId: body.proceedingId ?? (await this.commands.newId(context, 'proceedingId')),
          draftedOn: body.draftedOn,
          document: body.document,
        },
        context,
      ),
    );
  }

  @Post(':agreementId/drafts')
  @WriteAccess('secretariat', 'admin')
  @WriteDocs()
  @ApiOperation({ summary: '修正案の記録 (協議中の手続)' })
  reviseDraft(
    @Param() params: AgreementParams,
    @Body() body: ReviseDraftRequestDto,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    return this.commands.send(
      reply,
      `/agreements/${params.agreementId}/proceedings/${body.proceedingId}`,
      new RecordAgreementCommand(
        {
          type: 'ReviseDraft',
          agreementId: params.agreementId,
          proceedingId: body.proceedingId,
          draftedOn: body.draftedOn,
          draft: this.draftOf(params.agreementId, body),
        },
        context,
      ),
    );
  }

  @Post(':agreementId/proceedings')
  @WriteAccess('secretariat', 'admin')
  @WriteDocs()
  @ApiOperation({ summary: '変更・廃止の手続の開始' })
  async openProceeding(
    @Param() params: AgreementParams,
    @Body() body: OpenProceedingRequestDto,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    const proceedingId = body.proceedingId ?? (await this.commands.newId(context, 'proceedingId'));
    const common = { agreementId: params.agreementId, proceedingId, draftedOn: body.draftedOn };
    const draft = this.draftOf(params.agreementId, body);
    const command =
      draft.kind === 'amendment'
        ? new RecordAgreementCommand(
            {
              type: 'ProposeAmendment',
              ...common,
              operations: draft.operations,
              ...(draft.effect === undefined ? {} : { effect: draft.effect }),
            },
            context,
          )
        : draft.kind === 'abolition'
          ? new RecordAgreementCommand(
              {
                type: 'ProposeAbolition',
                ...common,
                reason: draft.reason,
                ...(draft.effectiveOn === undefined ? {} : { effectiveOn: draft.effectiveOn }),
                ...(draft.appliesFrom === undefined ? {} : { appliesFrom: draft.appliesFrom }),
              },
              context,
            )
          : missingPart('kind', 'amendment or abolition');
    return this.commands.send(
      reply,
      `/agreements/${params.agreementId}/proceedings/${proceedingId}`,
      command,
    );
  }

  @Post(':agreementId/proceedings/:proceedingId/council-resolutions')
  @WriteAccess('clerk', 'secretariat', 'admin')
  @WriteDocs()
  @ApiOperation({
    summary: '議会の議決の記録 (可決・否決)',
    description: 'clerk は自団体の議会の議決のみ記録できます。',
  })
  recordCouncilResolution(
    @Param() params: ProceedingParams,
    @Body() body: RecordCouncilResolutionRequestDto,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    return this.commands.send(
      reply,
      proceedingLocation(params),
      new RecordAgreementCommand(
        {
          type: 'RecordCouncilResolution',
          agreementId: params.agreementId,
          proceedingId: params.proceedingId,
          party: body.party,
          decision: body.decision,
          resolvedOn: body.resolvedOn,
          ...(body.resolutionNumber === undefined ? {} : { resolutionNumber: body.resolutionNumber }),
        },
        context,
      ),
    );
  }

  @Post(':agreementId/proceedings/:proceedingId/conclusion')
  @WriteAccess('secretariat', 'admin')
  @WriteDocs()
  @ApiOperation({ summary: '締結の記録', description: '双方の議会が現在の案を可決した後に限ります。' })
  conclude(
    @Param() params: ProceedingParams,
    @Body() body: ConcludeProceedingRequestDto,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    return this.commands.send(
      reply,
      proceedingLocation(params),
      new RecordAgreementCommand(
        {
          type: 'ConcludeProceeding',
          agreementId: params.agreementId,
          proceedingId: params.proceedingId,
          concludedOn: body.concludedOn,
          effectiveOn: body.effectiveOn,
          signatories: body.signatories,
          ...(body.retroactive === undefined ? {} : { retroactive: { reason: body.retroactive.reason } }),
        },
        context,
      ),
    );
  }

  @Post(':agreementId/proceedings/:proceedingId/public-notices')
  @WriteAccess('clerk', 'secretariat', 'admin')
  @WriteDocs()
  @ApiOperation({
    summary: '告示の記録',
    description: '締結後に限ります。clerk は自団体の告示のみ記録できます。',
  })
  recordPublicNotice(
    @Param() params: ProceedingParams,
    @Body() body: RecordPublicNoticeRequestDto,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    return this.commands.send(
      reply,
      proceedingLocation(params),
      new RecordAgreementCommand({ type: 'RecordPublicNotice', ...params, ...body }, context),
    );
  }

  @Post(':agreementId/proceedings/:proceedingId/governor-notification')
  @WriteAccess('clerk', 'secretariat', 'admin')
  @WriteDocs()
  @ApiOperation({
    summary: '届出の記録 (都道府県知事・総務大臣)',
    description:
      '締結後に限ります (地方自治法第252条の2第2項)。当事者ごとの届出 (filedBy: ["core"] / ["partner"]) 又は連名の届出 (["core", "partner"]) を文書番号とともに記録します。届出先は当事者の団体コードから定まります。clerk は自団体の単独の届出のみ記録できます (連名は事務局・管理者)。同じ当事者の届出は一つの手続に一度だけです。',
  })
  recordGovernorNotification(
    @Param() params: ProceedingParams,
    @Body() body: RecordGovernorNotificationRequestDto,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    return this.commands.send(
      reply,
      proceedingLocation(params),
      new RecordAgreementCommand(
        {
          type: 'RecordGovernorNotification',
          ...params,
          filedBy: body.filedBy,
          documentNumber: body.documentNumber,
          notifiedOn: body.notifiedOn,
          ...(body.addressee === undefined
            ? {}
            : {
                addressee: {
                  kind: body.addressee.kind,
                  ...(body.addressee.prefectureCode === undefined
                    ? {}
                    : { prefectureCode: body.addressee.prefectureCode }),
                },
              }),
        },
        context,
      ),
    );
  }

  @Post(':agreementId/proceedings/:proceedingId/withdrawal')
  @WriteAccess('secretariat', 'admin')
  @WriteDocs()
  @ApiOperation({ summary: '手続の取下げ (締結前に限る)' })
  withdraw(
    @Param() params: ProceedingParams,
    @Body() body: WithdrawProceedingRequestDto,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    return this.commands.send(
      reply,
      proceedingLocation(params),
      new RecordAgreementCommand({ type: 'WithdrawProceeding', ...params, ...body }, context),
    );
  }

  @Post(':agreementId/corrections')
  @WriteAccess('secretariat', 'admin')
  @WriteDocs()
  @ApiOperation({
    summary: '誤記訂正',
    description: '訂正するイベントと理由を記録します。元のイベントは履歴に残ります。',
  })
  correct(
    @Param() params: AgreementParams,
    @Body() body: RecordCorrectionRequestDto,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    const correction = correctionOf(body);
    return this.commands.send(
      reply,
      `/agreements/${params.agreementId}/history`,
      new RecordAgreementCommand(
        {
          type: 'RecordCorrection',
          agreementId: params.agreementId,
          correctsEventId: body.correctsEventId,
          correction,
          reason: body.reason,
        },
        context,
      ),
    );
  }

  /**
   * The part of the draft that `kind` names: a conclusion's document, an amendment read from its
   * operations, proposed text or 改め文, an abolition's reason; each with the 施行期日 its 附則 states.
   */
  private draftOf(
    agreementId: string,
    body: ReviseDraftRequestDto | (OpenProceedingRequestDto & { document?: undefined }),
  ): ProceedingDraftInput {
    if (body.kind === 'conclusion') {
      return body.document === undefined
        ? missingPart('document', 'the conclusion draft')
        : { kind: 'conclusion', document: body.document };
    }
    if (body.kind === 'amendment') {
      const read = this.amendments.read(agreementId, body);
      return {
        kind: 'amendment',
        operations: read.operations,
        ...(read.effect === undefined ? {} : { effect: read.effect }),
      };
    }
    if (body.reason === undefined) return missingPart('reason', 'the abolition draft');
    return {
      kind: 'abolition',
      reason: body.reason,
      ...(body.effectiveOn === undefined ? {} : { effectiveOn: body.effectiveOn }),
      ...(body.appliesFrom === undefined ? {} : { appliesFrom: body.appliesFrom }),
    };
  }
}

function proceedingLocation(params: ProceedingParams): string {
  return `/agreements/${params.agreementId}/proceedings/${params.proceedingId}`;
}

function correctionOf(body: RecordCorrectionRequestDto): CorrectionInput {
  const c = body.correction;
  if (c.field === 'signatory') {
    if (c.party === undefined || c.signatory === undefined)
      return missingPart('correction.signatory', 'party and signatory');
    return {
      field: 'signatory',
      party: c.party,
      value: { title: c.signatory.title, name: c.signatory.name },
    };
  }
  if (c.value === undefined) return missingPart('correction.value', 'the corrected value');
  return { field: c.field, value: c.value };
}

function missingPart(field: string, what: string): never {
  throw new ProblemException({
    status: 400,
    title: 'Bad Request',
    code: 'ValidationFailed',
    detail: `${field} is required: give ${what}.`,
    errors: [{ field, rule: 'required', message: `${field} is required` }],
  });
}

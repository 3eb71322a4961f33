import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CitationInput, DisputeStepEvidence } from '@kyoyaku/domain';
import { parseProvisionLabel, type ProvisionPath } from '@kyoyaku/legal-text';
import type { FastifyReply } from 'fastify';
import { AgreementParams } from '../agreements/dto/agreement-params.dto';
import type { CommandContext, CommandResult } from '@kyoyaku/runtime';
import { CommandContextOf } from '../application/command-context.decorator';
import { CommandSender } from '../application/command-sender';
import { WriteDocs } from '../application/write-docs.decorator';
import { WriteAccess } from '../auth/access.decorators';
import { RecordDoubtCommand } from './commands/doubt-command.handler';
import { DiscussDoubtRequestDto } from './dto/discuss-doubt.request.dto';
import type { DisputeStepEvidenceDto } from './dto/dispute-step-evidence.dto';
import { DoubtParams } from './dto/doubt-params.dto';
import { EscalationRequestDto } from './dto/escalation.request.dto';
import { ProposalResponseRequestDto } from './dto/proposal-response.request.dto';
import { type CitationDto, RaiseDoubtRequestDto } from './dto/raise-doubt.request.dto';
import { ResolveDoubtRequestDto } from './dto/resolve-doubt.request.dto';
import { SettlementProposalRequestDto } from './dto/settlement-proposal.request.dto';
import { WithdrawDoubtRequestDto } from './dto/withdraw-doubt.request.dto';

/** The DTO has been validated: a label parses, numbers are well formed, the right fields are there. */
function citationOf(dto: CitationDto): CitationInput {
  switch (dto.kind) {
    case 'unspecified':
      return { kind: 'unspecified' };
    case 'measure':
      return { kind: 'measure', measureId: dto.measureId ?? '' };
    case 'provision': {
      const path: ProvisionPath | undefined =
        dto.label === undefined
          ? {
              article: dto.article ?? '',
              ...(dto.paragraph === undefined ? {} : { paragraph: dto.paragraph }),
              ...(dto.item === undefined ? {} : { item: dto.item }),
              ...(dto.subItem === undefined ? {} : { subItem: dto.subItem }),
            }
          : parseProvisionLabel(dto.label);
      return { kind: 'provision', path: path ?? { article: '' } };
    }
  }
}

/** The validated evidence of a step taken outside the parties (the decider refuses a blank one). */
function evidenceOf(dto: DisputeStepEvidenceDto | undefined): DisputeStepEvidence {
  return { documentNumber: dto?.documentNumber ?? '', documentDate: dto?.documentDate ?? '' };
}

/**
 * Writes on doubts (疑義) and disputes: each route validates its DTO and sends one command; the rules
 * live in the doubt decider. 201 with where the events landed (ETag = the doubt's new revision).
 */
@ApiTags('doubts')
@Controller()
export class DoubtCommandsController {
  constructor(private readonly commands: CommandSender) {}

  @Post('agreements/:agreementId/doubts')
  @WriteAccess('clerk', 'secretariat', 'admin')
  @WriteDocs()
  @ApiOperation({
    summary: '疑義の提起 (第6条)',
    description:
      '協約の当事者が、協約が効力を有する日について、条項・連携施策を引用して (又は定めのない事項として) 疑義を提起します。その日に施行されている版と台帳の現在位置が固定されます。clerk は自団体の疑義のみ。',
  })
  async raise(
    @Param() params: AgreementParams,
    @Body() body: RaiseDoubtRequestDto,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    const doubtId = body.doubtId ?? (await this.commands.newId(context, 'doubtId'));
    return this.commands.send(
      reply,
      `/doubts/${doubtId}`,
      new RecordDoubtCommand(
        {
          type: 'RaiseDoubt',
          doubtId,
          agreementId: params.agreementId,
          raisedBy: body.raisedBy,
          raisedOn: body.raisedOn,
          citation: citationOf(body.citation),
          question: body.question,
        },
        context,
      ),
    );
  }

  @Post('doubts/:doubtId/consultations')
  @WriteAccess('clerk', 'secretariat', 'admin')
  @WriteDocs()
  @ApiOperation({
    summary: '協議への付議',
    description:
      '双方の当事者が参加する協議 (予定又は開催済み) にこの疑義を付議します。協議の側からも参照されます。',
  })
  discuss(
    @Param() params: DoubtParams,
    @Body() body: DiscussDoubtRequestDto,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    return this.commands.send(
      reply,
      `/doubts/${params.doubtId}`,
      new RecordDoubtCommand(
        {
          type: 'DiscussDoubt',
          doubtId: params.doubtId,
          consultationId: body.consultationId,
          ...(body.note === undefined ? {} : { note: body.note }),
        },
        context,
      ),
    );
  }

  @Post('doubts/:doubtId/resolution')
  @WriteAccess('secretariat', 'admin')
  @WriteDocs()
  @ApiOperation({
    summary: '疑義の解決 (協議による合意)',
    description:
      '開催された協議で双方の当事者が合意したことを記録します。紛争処理の申請中は記録できません (申請の取下げ後は可)。解決が開始する変更手続を followUpProceedingId で示せます。',
  })
  resolve(
    @Param() params: DoubtParams,
    @Body() body: ResolveDoubtRequestDto,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    return this.commands.send(
      reply,
      `/doubts/${params.doubtId}`,
      new RecordDoubtCommand(
        {
          type: 'ResolveDoubt',
          doubtId: params.doubtId,
          resolvedOn: body.resolvedOn,
          resolution: body.resolution,
          consultationId: body.consultationId,
          agreedBy: body.agreedBy,
          ...(body.followUpProceedingId === undefined
            ? {}
            : { followUpProceedingId: body.followUpProceedingId }),
        },
        context,
      ),
    );
  }

  @Post('doubts/:doubtId/withdrawal')
  @WriteAccess('clerk', 'secretariat', 'admin')
  @WriteDocs()
  @ApiOperation({
    summary: '疑義の取下げ',
    description: '提起した当事者が取り下げます (紛争処理の申請中は不可)。',
  })
  withdraw(
    @Param() params: DoubtParams,
    @Body() body: WithdrawDoubtRequestDto,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    return this.commands.send(
      reply,
      `/doubts/${params.doubtId}`,
      new RecordDoubtCommand(
        {
          type: 'WithdrawDoubt',
          doubtId: params.doubtId,
          withdrawnOn: body.withdrawnOn,
          reason: body.reason,
        },
        context,
      ),
    );
  }

  @Post('doubts/:doubtId/escalation')
  @WriteAccess('clerk', 'secretariat', 'admin')
  @WriteDocs()
  @ApiOperation({
    summary: '紛争処理の手続 (地方自治法第252条の2第7項)',
    description:
      'step=application: 当事者が知事 (都道府県が当事者の場合は総務大臣) に文書で申請。step=appointment: 知事 (総務大臣) による自治紛争処理委員3人の任命 (事務局が任命の文書の文書番号と日付 evidence を添えて記録。当事者の担当職員は記録できない)。step=application-withdrawal: 申請者が知事等の同意を得て取下げ。いずれの日付も本日 (日本時間) 以前。',
  })
  escalate(
    @Param() params: DoubtParams,
    @Body() body: EscalationRequestDto,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    const doubtId = params.doubtId;
    const step =
      body.step === 'application'
        ? {
            type: 'FileDisputeApplication' as const,
            doubtId,
            appliedOn: body.appliedOn ?? '',
            applicant: body.applicant ?? '',
            recipient: body.recipient ?? 'prefectural-governor',
            documentNumber: body.documentNumber ?? '',
            summary: body.summary ?? '',
          }
        : body.step === 'appointment'
          ? {
              type: 'AppointDisputeCommissioners' as const,
              doubtId,
              appointedOn: body.appointedOn ?? '',
              commissioners: (body.commissioners ?? []).map((c) => ({ name: c.name, title: c.title })),
              evidence: evidenceOf(body.evidence),
            }
          : {
              type: 'WithdrawDisputeApplication' as const,
              doubtId,
              withdrawnOn: body.withdrawnOn ?? '',
              consentedOn: body.consentedOn ?? '',
              reason: body.reason ?? '',
            };
    return this.commands.send(reply, `/doubts/${doubtId}`, new RecordDoubtCommand(step, context));
  }

  @Post('doubts/:doubtId/settlement-proposal')
  @WriteAccess('secretariat', 'admin')
  @WriteDocs()
  @ApiOperation({
    summary: '処理方策 (提示・通知・公表)',
    description:
      'step=presented: 自治紛争処理委員が合議で定めた処理方策を当事者に提示。step=notified: 知事 (総務大臣) への通知。step=published: 公表。いずれも自治紛争処理委員の手続 (地方自治法第251条の3の2) で、事務局がそれを証する文書の文書番号と日付 (evidence) を添えて記録する。日付は本日 (日本時間) 以前。',
  })
  settlementProposal(
    @Param() params: DoubtParams,
    @Body() body: SettlementProposalRequestDto,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    const doubtId = params.doubtId;
    const step =
      body.step === 'presented'
        ? {
            type: 'PresentSettlementProposal' as const,
            doubtId,
            presentedOn: body.presentedOn ?? '',
            proposal: body.proposal ?? '',
            ...(body.decidedOn === undefined ? {} : { decidedOn: body.decidedOn }),
            evidence: evidenceOf(body.evidence),
          }
        : body.step === 'notified'
          ? {
              type: 'NotifySettlementProposal' as const,
              doubtId,
              notifiedOn: body.notifiedOn ?? '',
              evidence: evidenceOf(body.evidence),
            }
          : {
              type: 'PublishSettlementProposal' as const,
              doubtId,
              publishedOn: body.publishedOn ?? '',
              medium: body.medium ?? '',
              evidence: evidenceOf(body.evidence),
            };
    return this.commands.send(reply, `/doubts/${doubtId}`, new RecordDoubtCommand(step, context));
  }

  @Post('doubts/:doubtId/responses')
  @WriteAccess('clerk', 'secretariat', 'admin')
  @WriteDocs()
  @ApiOperation({
    summary: '処理方策に対する当事者の回答',
    description:
      '当事者は処理方策を尊重して必要な措置を執るようにしなければならない (拘束力はない)。双方が受け入れると解決、そうでなければ未解決のまま手続が終わります。',
  })
  respond(
    @Param() params: DoubtParams,
    @Body() body: ProposalResponseRequestDto,
    @CommandContextOf() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResult> {
    return this.commands.send(
      reply,
      `/doubts/${params.doubtId}`,
      new RecordDoubtCommand(
        {
          type: 'RespondToSettlementProposal',
          doubtId: params.doubtId,
          respondent: body.respondent,
          respondedOn: body.respondedOn,
          stance: body.stance,
          statement: body.statement,
        },
        context,
      ),
    );
  }
}

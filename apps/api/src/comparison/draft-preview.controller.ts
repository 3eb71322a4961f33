import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@kyoyaku/runtime';
import { AgreementParams } from '../agreements/dto/agreement-params.dto';
import { withDeleteDefaults } from '../agreements/dto/amendment-operation.dto';
import { CommandContextOf } from '../application/command-context.decorator';
import { WriteAccess } from '../auth/access.decorators';
import { ApiProblems } from '../http/problem-responses';
import { PreviewDraftRequestDto } from './draft-preview.dto';
import { type DraftPreview, PreviewDraftQuery } from './draft-preview.query';

/** Draft first: the 議案 documents of a proposed amendment, before anything is recorded. */
@ApiTags('comparison')
@Controller('agreements/:agreementId/drafts')
export class DraftPreviewController {
  constructor(private readonly queries: QueryBus) {}

  @Post('preview')
  @HttpCode(200)
  @WriteAccess('secretariat', 'admin')
  @ApiOperation({
    summary: '変更案のプレビュー (記録しません)',
    description:
      '変更を操作 (operations)、変更後の本文全体 (text)、または改め文 (amendingText) のいずれかで示すと、変更後の本文、改め文（案）、新旧対照表（案）を返します。' +
      '手続の開始 (POST …/proceedings) と同じ判定を行い、同じ理由で拒否します。台帳には何も記録しません。',
  })
  @ApiBearerAuth()
  @ApiOkResponse({ description: '変更後の本文、改め文（案）、新旧対照表（案）。何も記録しません。' })
  @ApiProblems(400, 403, 404, 409, 422, 503)
  preview(
    @Param() params: AgreementParams,
    @Body() body: PreviewDraftRequestDto,
    @CommandContextOf() context: CommandContext,
  ): Promise<DraftPreview> {
    return this.queries.execute(
      new PreviewDraftQuery(
        params.agreementId,
        {
          ...(body.operations === undefined ? {} : { operations: withDeleteDefaults(body.operations) }),
          ...(body.text === undefined ? {} : { text: body.text }),
          ...(body.amendingText === undefined ? {} : { amendingText: body.amendingText }),
          ...(body.effectiveOn === undefined ? {} : { effectiveOn: body.effectiveOn }),
          ...(body.style === undefined ? {} : { style: body.style }),
        },
        context.actor,
      ),
    );
  }
}

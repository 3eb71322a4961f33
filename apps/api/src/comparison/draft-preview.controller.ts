import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type AgreementDocument, documentStyle, renderDocument } from '@kyoyaku/legal-text';
import type { CommandContext } from '@kyoyaku/runtime';
import type { FastifyReply } from 'fastify';
import { AmendmentReader } from '../agreements/amendment-reader';
import { AgreementParams } from '../agreements/dto/agreement-params.dto';
import { CommandContextOf } from '../application/command-context.decorator';
import { ReadAccess, WriteAccess } from '../auth/access.decorators';
import { CachedRead } from '../http/read-cache';
import { negotiate } from '../http/content-negotiation';
import { ApiProblems, ApiReadProblems } from '../http/problem-responses';
import { PreviewDraftQueryDto, PreviewDraftRequestDto } from './draft-preview.dto';
import { type DraftPreview, PreviewDraftQuery } from './draft-preview.query';
import { tableLayout } from './draft-documents';
import { type Printable, printedAs, PRINTABLE_TYPES } from './printable';

/** The text a new amendment amends, as GET …/drafts/base answers it. */
export interface DraftBase {
  agreementId: string;
  versionNumber: number;
  effectiveFrom: string;
  document: AgreementDocument;
  text: string;
}

/** Draft first: the 議案 documents of a proposed amendment, before anything is recorded. */
@ApiTags('comparison')
@Controller('agreements/:agreementId/drafts')
export class DraftPreviewController {
  constructor(
    private readonly queries: QueryBus,
    private readonly amendments: AmendmentReader,
  ) {}

  @Get('base')
  @CachedRead()
  @ReadAccess()
  @ApiOperation({
    summary: '変更案の基になる本文',
    description:
      '新しい変更が改める本文: 施行日順で最後の版 (未施行の版を含む)。変更後の本文全体 (text) を作るときはこの本文を編集します。' +
      'Accept: application/json (版と構造)、text/plain (本文のみ)。',
  })
  @ApiProduces('application/json', 'text/plain')
  @ApiReadProblems()
  @ApiProblems(409)
  base(
    @Param() params: AgreementParams,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): DraftBase | string {
    const base = this.amendments.base(params.agreementId);
    const style = documentStyle(base.document);
    const text = renderDocument(base.document, style);
    if (
      negotiate(reply, accept, ['application/json', 'text/plain'] as const, 'application/json') ===
      'text/plain'
    ) {
      void reply.header('content-type', 'text/plain; charset=utf-8');
      return text;
    }
    return {
      agreementId: params.agreementId,
      versionNumber: base.number,
      effectiveFrom: base.effectiveFrom,
      document: base.document,
      text,
    };
  }

  @Post('preview')
  @HttpCode(200)
  @WriteAccess('secretariat', 'admin')
  @ApiOperation({
    summary: '変更案のプレビュー (記録しません)',
    description:
      '変更を操作 (operations)、変更後の本文全体 (text)、または改め文 (amendingText) のいずれかで示すと、変更後の本文、改め文（案）、新旧対照表（案）を返します。' +
      '手続の開始 (POST …/proceedings) と同じ判定を行い、同じ理由で拒否します。台帳には何も記録しません。' +
      'Accept: application/json (全部)、text/plain・text/html (印刷用)・DOCX (document で選んだ一つ)。',
  })
  @ApiBearerAuth()
  @ApiProduces(...PRINTABLE_TYPES)
  @ApiOkResponse({ description: '変更後の本文、改め文（案）、新旧対照表（案）。何も記録しません。' })
  @ApiProblems(400, 403, 404, 409, 422, 503)
  async preview(
    @Param() params: AgreementParams,
    @Query() query: PreviewDraftQueryDto,
    @Body() body: PreviewDraftRequestDto,
    @CommandContextOf() context: CommandContext,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DraftPreview | string | Buffer> {
    const preview = await this.queries.execute(
      new PreviewDraftQuery(
        params.agreementId,
        body,
        body.style,
        tableLayout(query),
        context.actor,
        body.proceedingId,
      ),
    );
    const document = query.document ?? 'amending-text';
    const printable: Printable =
      document === 'comparison'
        ? { kind: 'comparison', table: preview.comparison.table, render: preview.comparison.render }
        : {
            kind: 'text',
            printed: document === 'proposed-text' ? preview.proposedText : preview.amendingText,
          };
    const printed = await printedAs(accept, reply, printable, `${params.agreementId}-draft-${document}`);
    return printed ?? preview;
  }
}

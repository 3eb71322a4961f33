import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { renderComparisonHtml, renderPrintedTextHtml } from '@kyoyaku/legal-text';
import type { FastifyReply } from 'fastify';
import { AgreementParams, ProceedingParams } from '../agreements/dto/agreement-params.dto';
import { ReadAccess } from '../auth/access.decorators';
import { preferredType } from '../http/content-negotiation';
import { ApiProblems, ApiReadProblems } from '../http/problem-responses';
import { renderComparisonDocx } from './comparison-docx';
import { renderPrintedTextDocx } from './printed-text-docx';
import { AmendingTextQueryDto, ComparisonQueryDto } from './comparison.dto';
import {
  type AgreementComparison,
  GetAmendingTextQuery,
  GetComparisonQuery,
  type ProceedingText,
} from './comparison.queries';

export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** 新旧対照表 and 改め文, as legal staff review and enact amendments. */
@ApiTags('comparison')
@Controller('agreements/:agreementId')
@ReadAccess()
@ApiReadProblems()
export class ComparisonController {
  constructor(private readonly queries: QueryBus) {}

  @Get('comparison')
  @ApiOperation({
    summary: '新旧対照表',
    description:
      '2つの版 (from, to)、2つの日に施行されている本文 (fromDate, toDate)、または asOf の本文を knownAt の記録と現在の記録で比較します。' +
      'Accept: application/json (構造)、text/html (A4横の印刷用)、DOCX。',
  })
  @ApiProduces('application/json', 'text/html', DOCX_MEDIA_TYPE)
  async comparison(
    @Param() params: AgreementParams,
    @Query() query: ComparisonQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgreementComparison | string | Buffer> {
    const result = await this.queries.execute(new GetComparisonQuery(params.agreementId, query));
    const as = preferredType(
      accept,
      ['application/json', 'text/html', DOCX_MEDIA_TYPE] as const,
      'application/json',
    );
    if (as === 'text/html') {
      void reply.header('content-type', 'text/html; charset=utf-8');
      return renderComparisonHtml(result.table, result.render);
    }
    if (as === DOCX_MEDIA_TYPE) {
      void reply
        .header('content-type', DOCX_MEDIA_TYPE)
        .header('content-disposition', `attachment; filename="${params.agreementId}-comparison.docx"`);
      return renderComparisonDocx(result.table, result.render);
    }
    return result;
  }

  @Get('proceedings/:proceedingId/amending-text')
  @ApiOperation({
    summary: '改め文・廃止協約',
    description:
      '変更手続: 操作から生成した変更協約 (当事者を示す題名、前文、各改正文、附則、末文と署名欄。数字は改正される本文の表記に合わせ、style で変更可)。廃止手続: 議会の議決に付した廃止協約 (題名、前文、「…は、廃止する。」、附則、締結後は締結日と署名者)。' +
      'Accept: application/json (構造)、text/plain (本文のみ)、text/html (A4縦の印刷用)、DOCX。',
  })
  @ApiProduces('application/json', 'text/plain', 'text/html', DOCX_MEDIA_TYPE)
  @ApiProblems(422)
  async amendingText(
    @Param() params: ProceedingParams,
    @Query() query: AmendingTextQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProceedingText | string | Buffer> {
    const result = await this.queries.execute(
      new GetAmendingTextQuery(params.agreementId, params.proceedingId, {
        ...(query.style === undefined ? {} : { style: query.style }),
        ...(query.effectiveOn === undefined ? {} : { effectiveOn: query.effectiveOn }),
      }),
    );
    const as = preferredType(
      accept,
      ['application/json', 'text/plain', 'text/html', DOCX_MEDIA_TYPE] as const,
      'application/json',
    );
    if (as === 'text/plain') {
      void reply.header('content-type', 'text/plain; charset=utf-8');
      return result.text;
    }
    if (as === 'text/html') {
      void reply.header('content-type', 'text/html; charset=utf-8');
      return renderPrintedTextHtml(result);
    }
    if (as === DOCX_MEDIA_TYPE) {
      void reply
        .header('content-type', DOCX_MEDIA_TYPE)
        .header(
          'content-disposition',
          `attachment; filename="${params.agreementId}-${params.proceedingId}.docx"`,
        );
      return renderPrintedTextDocx(result);
    }
    return result;
  }
}

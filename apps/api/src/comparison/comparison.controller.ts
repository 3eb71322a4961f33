import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AgreementParams, ProceedingParams } from '../agreements/dto/agreement-params.dto';
import { ReadAccess } from '../auth/access.decorators';
import { CachedRead } from '../http/read-cache';
import { ApiProblems, ApiReadProblems } from '../http/problem-responses';
import { printedAs, PRINTABLE_TYPES } from './printable';
import { GetProceedingDocumentsQuery, type ProceedingDocuments } from './proceeding-documents.query';
import { AmendingTextQueryDto, ComparisonQueryDto, ProceedingComparisonQueryDto } from './comparison.dto';
import { tableLayout, type TableLayout } from './draft-documents';
import {
  type AgreementComparison,
  GetAmendingTextQuery,
  GetComparisonQuery,
  type ProceedingText,
} from './comparison.queries';

/** 新旧対照表 and 改め文, as legal staff review and enact amendments. */
@ApiTags('comparison')
@Controller('agreements/:agreementId')
@ReadAccess()
@ApiReadProblems()
export class ComparisonController {
  constructor(private readonly queries: QueryBus) {}

  @Get('comparison')
  @CachedRead()
  @ApiOperation({
    summary: '新旧対照表',
    description:
      '2つの版 (from, to)、2つの日に施行されている本文 (fromDate, toDate)、または asOf の本文を knownAt の記録と現在の記録で比較します。' +
      'Accept: application/json (構造)、text/plain、text/html (A4横の印刷用)、DOCX。',
  })
  @ApiProduces(...PRINTABLE_TYPES)
  async comparison(
    @Param() params: AgreementParams,
    @Query() query: ComparisonQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgreementComparison | string | Buffer> {
    const result = await this.queries.execute(new GetComparisonQuery(params.agreementId, query));
    const printed = await printedAs(
      accept,
      reply,
      { kind: 'comparison', table: result.table, render: result.render },
      `${params.agreementId}-comparison`,
    );
    return printed ?? result;
  }

  @Get('proceedings/:proceedingId/amending-text')
  @CachedRead()
  @ApiOperation({
    summary: '改め文・廃止協約',
    description:
      '変更手続: 操作から生成した変更協約 (当事者を示す題名、前文、各改正文、附則、末文と署名欄。数字は改正される本文の表記に合わせ、style で変更可)。廃止手続: 議会の議決に付した廃止協約 (題名、前文、「…は、廃止する。」、附則、締結後は締結日と署名者)。' +
      'Accept: application/json (構造)、text/plain (本文のみ)、text/html (A4縦の印刷用)、DOCX。',
  })
  @ApiProduces(...PRINTABLE_TYPES)
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
        ...(query.draft === undefined ? {} : { draftNumber: query.draft }),
      }),
    );
    const printed = await printedAs(
      accept,
      reply,
      { kind: 'text', printed: result },
      `${params.agreementId}-${params.proceedingId}`,
    );
    return printed ?? result;
  }

  @Get('proceedings/:proceedingId/comparison')
  @CachedRead()
  @ApiOperation({
    summary: '変更手続の新旧対照表',
    description:
      '締結前は現在の案の新旧対照表（案） (案の番号と作成日、案が定める施行日)、締結後は変更前の版と変更後の版の新旧対照表。傍線は改め文が改める部分。' +
      'Accept: application/json (構造)、text/plain、text/html (A4横の印刷用)、DOCX。',
  })
  @ApiProduces(...PRINTABLE_TYPES)
  @ApiProblems(409, 422)
  async proceedingComparison(
    @Param() params: ProceedingParams,
    @Query() query: ProceedingComparisonQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProceedingDocuments | string | Buffer> {
    const result = await this.proceedingDocuments(params, query, tableLayout(query));
    const printed = await printedAs(
      accept,
      reply,
      { kind: 'comparison', table: result.comparison.table, render: result.comparison.render },
      `${params.agreementId}-${params.proceedingId}-comparison`,
    );
    return printed ?? result;
  }

  @Get('proceedings/:proceedingId/proposed-text')
  @CachedRead()
  @ApiOperation({
    summary: '変更手続の変更後の本文',
    description:
      '締結前は現在の案による変更後の本文 (題名に（案）)、締結後はその変更でできた版の本文。' +
      'Accept: application/json (構造)、text/plain、text/html (A4縦の印刷用)、DOCX。',
  })
  @ApiProduces(...PRINTABLE_TYPES)
  @ApiProblems(409, 422)
  async proposedText(
    @Param() params: ProceedingParams,
    @Query() query: AmendingTextQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProceedingDocuments | string | Buffer> {
    const result = await this.proceedingDocuments(params, query);
    const printed = await printedAs(
      accept,
      reply,
      { kind: 'text', printed: result.proposedText },
      `${params.agreementId}-${params.proceedingId}-text`,
    );
    return printed ?? result;
  }

  private proceedingDocuments(
    params: ProceedingParams,
    query: AmendingTextQueryDto,
    layout?: TableLayout,
  ): Promise<ProceedingDocuments> {
    return this.queries.execute(
      new GetProceedingDocumentsQuery(params.agreementId, params.proceedingId, {
        ...(query.style === undefined ? {} : { style: query.style }),
        ...(query.effectiveOn === undefined ? {} : { effectiveOn: query.effectiveOn }),
        ...(query.draft === undefined ? {} : { draftNumber: query.draft }),
        ...(layout === undefined ? {} : { layout }),
      }),
    );
  }
}

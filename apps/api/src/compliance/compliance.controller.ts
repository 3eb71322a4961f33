import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgreementParams } from '../agreements/dto/agreement-params.dto';
import { ReadAccess } from '../auth/access.decorators';
import { CachedRead } from '../http/read-cache';
import { ApiReadProblems } from '../http/problem-responses';
import { FiscalYearQueryDto } from '../projects/dto/project-queries.dto';
import { type AgreementCompliance, GetComplianceQuery } from './compliance.query';

/** Whether an agreement's duties were met in a fiscal year, with the events behind each item. */
@ApiTags('agreements')
@Controller('agreements/:agreementId')
@ReadAccess()
@ApiReadProblems()
export class ComplianceController {
  constructor(private readonly queries: QueryBus) {}

  @Get('compliance')
  @CachedRead()
  @ApiOperation({
    summary: '協約の履行状況 (年度別)',
    description:
      '年度 (4月1日〜翌年3月31日) の、双方が出席した協議 (第5条)、協議による・よらない費用分担の決定 (第4条)、締結後に告示・届出が記録されていない手続。各項目に根拠のイベント (eventId, position, streamId)。',
  })
  compliance(
    @Param() params: AgreementParams,
    @Query() query: FiscalYearQueryDto,
  ): Promise<AgreementCompliance> {
    return this.queries.execute(new GetComplianceQuery(params.agreementId, query.fiscalYear));
  }
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, Matches } from 'class-validator';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../http/pagination.dto';
import { ID_MESSAGE, ID_PATTERN, IsDecimalInteger } from '../../http/validators';
import { IsFiscalYear } from './cost-share.validators';

export class ProjectParams {
  @ApiProperty({ description: '事業ID', example: 'tourism-route' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  projectId!: string;
}

export class DecisionParams extends ProjectParams {
  @ApiProperty({ description: '変更する決定のID', example: 'fy2021' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  decisionId!: string;
}

export class OptionalFiscalYearQueryDto {
  @ApiPropertyOptional({ description: '年度で絞り込み', example: 2020 })
  @IsOptional()
  @Type(() => Number)
  @IsFiscalYear()
  fiscalYear?: number;
}

export class FiscalYearQueryDto {
  @ApiProperty({ description: '年度', example: 2020 })
  @Type(() => Number)
  @IsFiscalYear()
  fiscalYear!: number;
}

export class ListProjectsQueryDto {
  @ApiPropertyOptional({ description: 'この事業IDより後 (前ページの nextCursor)' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'after must be the nextCursor of the previous page' })
  after?: string;

  @ApiPropertyOptional({ description: `1ページの件数 (1〜${MAX_PAGE_SIZE})`, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @IsDecimalInteger(1, MAX_PAGE_SIZE, 'a page size')
  limit?: number;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, Matches } from 'class-validator';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../http/pagination.dto';
import { ID_MESSAGE, ID_PATTERN, IsDecimalInteger } from '../../http/validators';
import { IsFiscalYear } from '../../projects/dto/cost-share.validators';

export class ConsultationParams {
  @ApiProperty({ description: '協議ID', example: 'aomori-2024-periodic' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  consultationId!: string;
}

export class ListConsultationsQueryDto {
  @ApiPropertyOptional({ description: '年度 (開催日、未開催なら開催予定日の年度)', example: 2024 })
  @IsOptional()
  @Type(() => Number)
  @IsFiscalYear()
  fiscalYear?: number;

  @ApiPropertyOptional({ description: 'このカーソルより後 (前ページの nextCursor)' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}~[a-z0-9][a-z0-9-]{0,63}$/, {
    message: 'after must be the nextCursor of the previous page',
  })
  after?: string;

  @ApiPropertyOptional({ description: `1ページの件数 (1〜${MAX_PAGE_SIZE})`, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @IsDecimalInteger(1, MAX_PAGE_SIZE, 'a page size')
  limit?: number;
}

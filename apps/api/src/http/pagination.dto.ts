import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsDecimalInteger, IsPosition } from './validators';

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 100;

/** `?after=&limit=`: cursor pagination, ordered and bounded (DESIGN.md §8). */
export class PageQuery {
  @ApiPropertyOptional({ description: 'このカーソルより後を返す (前ページの nextCursor)', example: '0' })
  @IsOptional()
  @IsPosition({
    message:
      'after must be a cursor returned as nextCursor (plain decimal digits, at most 9223372036854775807)',
  })
  after?: string;

  @ApiPropertyOptional({ description: `1ページの件数 (1〜${MAX_PAGE_SIZE})`, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @IsDecimalInteger(1, MAX_PAGE_SIZE, 'a page size')
  limit?: number;
}

export interface Page<T> {
  items: T[];
  /** Pass as `after` to get the next page; null on the last page. */
  nextCursor: string | null;
}

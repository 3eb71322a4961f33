import { ApiPropertyOptional, IntersectionType, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { MAX_VERSION_NUMBER, RENDER_STYLES } from '../agreements/dto/agreement-queries.dto';
import { IsDecimalInteger, IsInstant, IsLegalDate } from '../http/validators';

/**
 * Two texts of one agreement to compare, named one of three ways: two versions (from, to), the texts
 * in force on two dates (fromDate, toDate), or the text in force on a date as the ledger knew it at an
 * instant against the same as it stands now (asOf, knownAt) — the dispute question.
 */
export class ComparisonQueryDto {
  @ApiPropertyOptional({ description: '比較元の版番号', example: 1 })
  @IsOptional()
  @IsDecimalInteger(1, MAX_VERSION_NUMBER, 'a version number (1, 2, 3 …)')
  from?: number;

  @ApiPropertyOptional({ description: '比較先の版番号', example: 2 })
  @IsOptional()
  @IsDecimalInteger(1, MAX_VERSION_NUMBER, 'a version number (1, 2, 3 …)')
  to?: number;

  @ApiPropertyOptional({ description: 'この日に施行されている本文を比較元に', example: '2020-04-01' })
  @IsOptional()
  @IsLegalDate()
  fromDate?: string;

  @ApiPropertyOptional({ description: 'この日に施行されている本文を比較先に', example: '2022-05-01' })
  @IsOptional()
  @IsLegalDate()
  toDate?: string;

  @ApiPropertyOptional({ description: '時点指定の日 (knownAt と組み合わせる)', example: '2022-05-01' })
  @IsOptional()
  @IsLegalDate()
  asOf?: string;

  @ApiPropertyOptional({
    description: 'asOf の本文を、この時刻に台帳が記録していた内容 (比較元) と現在の記録 (比較先) で比べる',
    example: '2022-06-01T00:00:00Z',
  })
  @IsOptional()
  @IsInstant()
  knownAt?: string;

  @ApiPropertyOptional({
    enum: ['new-old', 'old-new'],
    default: 'new-old',
    description: '列の順 (変更後・変更前 / 変更前・変更後)',
  })
  @IsOptional()
  @IsIn(['new-old', 'old-new'], { message: 'order must be new-old (変更後 left) or old-new (変更前 left)' })
  order?: 'new-old' | 'old-new';

  @ApiPropertyOptional({ default: false, description: '変更のない条を「（略）」とする' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'elide must be true or false' })
  elide?: boolean;

  @ApiPropertyOptional({
    enum: RENDER_STYLES,
    description: '数字の書き方。既定は変更後の本文の書き方 (横書きの算用数字なら municipal)',
  })
  @IsOptional()
  @IsIn(RENDER_STYLES, { message: 'style must be municipal (第1条) or kanji (第一条)' })
  style?: (typeof RENDER_STYLES)[number];
}

export class AmendingTextQueryDto {
  @ApiPropertyOptional({
    enum: RENDER_STYLES,
    description:
      '漢数字 (第三条、令和四年) または横書き・算用数字 (第3条、令和4年)。省略時は改正される本文の表記 (変更協約の全体が一つの表記)',
  })
  @IsOptional()
  @IsIn(RENDER_STYLES, { message: 'style must be kanji (第三条) or municipal (第3条)' })
  style?: (typeof RENDER_STYLES)[number];

  @ApiPropertyOptional({
    description:
      '施行日 (締結前の手続で附則に書く予定日)。省略時は「この協約は、締結の日から施行する。」。締結済みなら締結日と施行日から (遡及は「締結の日から施行し、…から適用する。」)',
    example: '2021-04-01',
  })
  @IsOptional()
  @IsLegalDate()
  effectiveOn?: string;

  @ApiPropertyOptional({
    description:
      '変更手続の何番目の案か (1, 2 …)。省略時は現在の案 (締結済みなら締結した案)。締結した案のほかは（案）を付けて作成します。',
    example: 1,
  })
  @IsOptional()
  @IsDecimalInteger(1, MAX_VERSION_NUMBER, 'a draft number (1, 2, 3 …)')
  draft?: number;
}

/** The 新旧対照表 of an amendment proceeding: the 改め文's options and the table's layout. */
export class ProceedingComparisonQueryDto extends IntersectionType(
  AmendingTextQueryDto,
  PickType(ComparisonQueryDto, ['order', 'elide'] as const),
) {}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN, IsLegalDate } from '../../http/validators';
import { AmendmentStatementDto } from './amendment-statement.dto';

/**
 * POST /agreements/{id}/proceedings: opens an amendment (変更) — stated as operations, the whole
 * proposed text or a 改め文 — or an abolition (廃止) with its reason; either with the 施行期日 its 附則
 * states.
 */
export class OpenProceedingRequestDto extends AmendmentStatementDto {
  @ApiProperty({ enum: ['amendment', 'abolition'], description: '手続の種類 (変更・廃止)' })
  @IsIn(['amendment', 'abolition'], { message: 'kind must be amendment or abolition' })
  kind!: 'amendment' | 'abolition';

  @ApiPropertyOptional({ description: '手続ID (省略時はサーバーが採番)', example: 'amendment-2021' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  proceedingId?: string;

  @ApiProperty({ description: '案の作成日', example: '2021-01-15' })
  @IsLegalDate()
  draftedOn!: string;

  @ApiPropertyOptional({ description: '廃止: 廃止の理由' })
  @ValidateIf((o: OpenProceedingRequestDto) => o.kind === 'abolition')
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reason?: string;
}

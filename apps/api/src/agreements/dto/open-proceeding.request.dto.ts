import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN, IsLegalDate } from '../../http/validators';
import { type AmendmentOperationDtoUnion, IsAmendmentOperationList } from './amendment-operation.dto';

/** POST /agreements/{id}/proceedings: opens an amendment (変更) or abolition (廃止) proceeding. */
export class OpenProceedingRequestDto {
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

  @ValidateIf((o: OpenProceedingRequestDto) => o.kind === 'amendment')
  @IsAmendmentOperationList()
  operations?: AmendmentOperationDtoUnion[];

  @ApiPropertyOptional({ description: '廃止: 廃止の理由' })
  @ValidateIf((o: OpenProceedingRequestDto) => o.kind === 'abolition')
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reason?: string;

  @ApiPropertyOptional({
    description:
      '廃止: 廃止協約の附則に定める施行日 (「この協約は、令和6年4月1日から施行する。」)。appliesFrom と併せて指定できません。どちらも省略すると「この協約は、締結の日から施行する。」',
    example: '2024-04-01',
  })
  @ValidateIf((o: OpenProceedingRequestDto) => o.kind === 'abolition' && o.effectiveOn !== undefined)
  @IsLegalDate()
  effectiveOn?: string;

  @ApiPropertyOptional({
    description: '廃止: 遡及して適用する日 (「この協約は、締結の日から施行し、令和6年4月1日から適用する。」)',
    example: '2024-04-01',
  })
  @ValidateIf((o: OpenProceedingRequestDto) => o.kind === 'abolition' && o.appliesFrom !== undefined)
  @IsLegalDate()
  appliesFrom?: string;
}

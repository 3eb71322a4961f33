import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN, IsLegalDate } from '../../http/validators';
import { AgreementDocumentDto, IsNestedObject } from './agreement-document.dto';
import { type AmendmentOperationDtoUnion, IsAmendmentOperationList } from './amendment-operation.dto';

/**
 * POST /agreements/{id}/drafts: a revised draft (修正案) of a pending proceeding. Give exactly the
 * part the proceeding negotiates: `document` (締結), `operations` (変更) or `reason` (廃止).
 */
export class ReviseDraftRequestDto {
  @ApiProperty({ description: '手続ID', example: 'conclusion' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  proceedingId!: string;

  @ApiProperty({ description: '修正案の作成日', example: '2019-12-01' })
  @IsLegalDate()
  draftedOn!: string;

  @ApiProperty({
    enum: ['conclusion', 'amendment', 'abolition'],
    description: '手続の種類 (締結・変更・廃止)',
  })
  @IsString()
  @Matches(/^(conclusion|amendment|abolition)$/, {
    message: 'kind must be conclusion, amendment or abolition',
  })
  kind!: 'conclusion' | 'amendment' | 'abolition';

  @ApiPropertyOptional({ type: AgreementDocumentDto, description: '締結: 協約案の全文' })
  @ValidateIf((o: ReviseDraftRequestDto) => o.kind === 'conclusion')
  @IsNestedObject(() => AgreementDocumentDto)
  document?: AgreementDocumentDto;

  @ValidateIf((o: ReviseDraftRequestDto) => o.kind === 'amendment')
  @IsAmendmentOperationList()
  operations?: AmendmentOperationDtoUnion[];

  @ApiPropertyOptional({ description: '廃止: 廃止の理由' })
  @ValidateIf((o: ReviseDraftRequestDto) => o.kind === 'abolition')
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reason?: string;

  @ApiPropertyOptional({
    description:
      '廃止: 廃止協約の附則に定める施行日 (「この協約は、令和6年4月1日から施行する。」)。appliesFrom と併せて指定できません。どちらも省略すると「この協約は、締結の日から施行する。」',
    example: '2024-04-01',
  })
  @ValidateIf((o: ReviseDraftRequestDto) => o.kind === 'abolition' && o.effectiveOn !== undefined)
  @IsLegalDate()
  effectiveOn?: string;

  @ApiPropertyOptional({
    description: '廃止: 遡及して適用する日 (「この協約は、締結の日から施行し、令和6年4月1日から適用する。」)',
    example: '2024-04-01',
  })
  @ValidateIf((o: ReviseDraftRequestDto) => o.kind === 'abolition' && o.appliesFrom !== undefined)
  @IsLegalDate()
  appliesFrom?: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN, IsLegalDate } from '../../http/validators';
import { AgreementDocumentDto, IsNestedObject } from './agreement-document.dto';
import { AmendmentStatementDto } from './amendment-statement.dto';

/**
 * POST /agreements/{id}/drafts: a revised draft (修正案) of a pending proceeding. Give exactly the
 * part the proceeding negotiates: `document` (締結), the amendment (変更: operations, text or amendingText)
 * or `reason` (廃止); an amendment or abolition with the 施行期日 its 附則 states.
 */
export class ReviseDraftRequestDto extends AmendmentStatementDto {
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

  @ApiPropertyOptional({ description: '廃止: 廃止の理由' })
  @ValidateIf((o: ReviseDraftRequestDto) => o.kind === 'abolition')
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reason?: string;
}

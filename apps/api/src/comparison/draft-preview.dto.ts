import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import {
  type AmendmentOperationDtoUnion,
  IsAmendmentOperationList,
} from '../agreements/dto/amendment-operation.dto';
import { IsLegalDate } from '../http/validators';

/**
 * POST /agreements/{id}/drafts/preview: a proposed amendment, stated one of three ways, and its
 * planned 施行日; nothing is written.
 */
export class PreviewDraftRequestDto {
  @ApiPropertyOptional({ description: '変更の操作 (POST …/proceedings の operations と同じ)' })
  @ValidateIf((o: PreviewDraftRequestDto) => o.operations !== undefined)
  @IsAmendmentOperationList()
  operations?: AmendmentOperationDtoUnion[];

  @ApiPropertyOptional({
    description:
      '変更後の本文全体 (GET …/text が text/plain で返す形。算用数字・漢数字のどちらでも)。操作は本文の差分から導きます。',
  })
  @ValidateIf((o: PreviewDraftRequestDto) => o.text !== undefined)
  @IsString()
  @MaxLength(500_000)
  text?: string;

  @ApiPropertyOptional({
    description: '改め文 (変更協約の本文。附則の施行期日も読みます)。操作は改め文から読み取ります。',
  })
  @ValidateIf((o: PreviewDraftRequestDto) => o.amendingText !== undefined)
  @IsString()
  @MaxLength(500_000)
  amendingText?: string;

  @ApiPropertyOptional({
    description: '予定する施行日 (省略すると「この協約は、締結の日から施行する。」)',
    example: '2027-04-01',
  })
  @IsOptional()
  @IsLegalDate()
  effectiveOn?: string;

  @ApiPropertyOptional({ enum: ['municipal', 'kanji'], description: '数字の表記 (省略時は本文の表記)' })
  @IsOptional()
  @IsIn(['municipal', 'kanji'], { message: 'style must be municipal or kanji' })
  style?: 'municipal' | 'kanji';
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { Equals, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { IsLegalDate } from '../../http/validators';
import { type AmendmentOperationDtoUnion, IsAmendmentOperationList } from './amendment-operation.dto';

/**
 * An amendment as a request states it — exactly one of operations, the whole proposed text, or a
 * 改め文 — and the 施行期日 its 附則 states (POST …/proceedings, POST …/drafts, POST …/drafts/preview).
 * Which one was given, and that only one was, is checked by AmendmentReader; abolitions use the
 * 施行期日 fields alone.
 */
export class AmendmentStatementDto {
  @ApiPropertyOptional({ description: '変更: 操作の一覧 (text・amendingText と併せて指定できません)' })
  @ValidateIf((o: AmendmentStatementDto) => o.operations !== undefined)
  @IsAmendmentOperationList()
  operations?: AmendmentOperationDtoUnion[];

  @ApiPropertyOptional({
    description:
      '変更: 変更後の本文全体 (GET …/text が text/plain で返す形。算用数字・漢数字のどちらでも)。操作は本文の差分から導きます。',
  })
  @ValidateIf((o: AmendmentStatementDto) => o.text !== undefined)
  @IsString()
  @MaxLength(500_000)
  text?: string;

  @ApiPropertyOptional({
    description:
      '変更: 改め文 (変更協約の本文。算用数字・漢数字のどちらでも)。操作を改め文から読み取り、附則の施行期日も読みます。',
  })
  @ValidateIf((o: AmendmentStatementDto) => o.amendingText !== undefined)
  @IsString()
  @MaxLength(500_000)
  amendingText?: string;

  @ApiPropertyOptional({
    description:
      '附則に定める施行日 (「この協約は、令和9年4月1日から施行する。」)。西暦 (2027-04-01) または和暦 (令和9年4月1日)。appliesFrom・effectiveOnConclusion と併せて指定できません。締結はこの日を施行日として行います。',
    example: '2027-04-01',
  })
  @ValidateIf((o: AmendmentStatementDto) => o.effectiveOn !== undefined)
  @IsLegalDate()
  effectiveOn?: string;

  @ApiPropertyOptional({
    description: '遡及して適用する日 (「この協約は、締結の日から施行し、令和6年4月1日から適用する。」)',
    example: '2024-04-01',
  })
  @ValidateIf((o: AmendmentStatementDto) => o.appliesFrom !== undefined)
  @IsLegalDate()
  appliesFrom?: string;

  @ApiPropertyOptional({
    description:
      '変更: 附則を「この協約は、締結の日から施行する。」と定める (締結日が施行日)。施行期日をどれも指定しない変更案は、施行日を締結の記録に委ねます。',
    enum: [true],
  })
  @IsOptional()
  @Equals(true, { message: 'effectiveOnConclusion must be true when given (omit it otherwise)' })
  effectiveOnConclusion?: true;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { IsNestedObject } from './agreement-document.dto';
import { SignatoryDto } from './party.dto';

const CORRECTABLE_FIELDS = [
  'noticeNumber',
  'publishedOn',
  'resolutionNumber',
  'resolvedOn',
  'notifiedOn',
  'signatory',
  'documentNumber',
] as const;

export class CorrectionDto {
  @ApiProperty({ enum: CORRECTABLE_FIELDS, description: '訂正する項目' })
  @IsIn(CORRECTABLE_FIELDS, { message: `field must be one of ${CORRECTABLE_FIELDS.join(', ')}` })
  field!: (typeof CORRECTABLE_FIELDS)[number];

  @ApiPropertyOptional({ description: '訂正後の値 (signatory 以外)。日付は YYYY-MM-DD' })
  @ValidateIf((o: CorrectionDto) => o.field !== 'signatory')
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  value?: string;

  @ApiPropertyOptional({ enum: ['core', 'partner'], description: 'signatory: 訂正する署名者の当事者' })
  @ValidateIf((o: CorrectionDto) => o.field === 'signatory')
  @IsIn(['core', 'partner'], { message: 'party must be core (甲) or partner (乙)' })
  party?: 'core' | 'partner';

  @ApiPropertyOptional({ type: SignatoryDto, description: 'signatory: 訂正後の署名者' })
  @ValidateIf((o: CorrectionDto) => o.field === 'signatory')
  @IsNestedObject(() => SignatoryDto)
  signatory?: SignatoryDto;
}

/** 誤記訂正 of a recorded fact: names the event it corrects and why; the original stays visible. */
export class RecordCorrectionRequestDto {
  @ApiProperty({ description: '訂正するイベントのID (eventId)' })
  @IsUUID('all', { message: 'correctsEventId must be the eventId (a UUID) of the event to correct' })
  correctsEventId!: string;

  @ApiProperty({ type: CorrectionDto })
  @IsNestedObject(() => CorrectionDto)
  correction!: CorrectionDto;

  @ApiProperty({ description: '訂正の理由' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reason!: string;
}

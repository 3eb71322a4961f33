import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CONSULTATION_KINDS, type ConsultationKind, OUTCOME_KINDS, type OutcomeKind } from '@kyoyaku/domain';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { IsNestedArray, IsNestedObject, IsOmittable } from '../../agreements/dto/agreement-document.dto';
import { ID_MESSAGE, ID_PATTERN, IsLegalDate, IsMunicipalityCode } from '../../http/validators';

const AGENDA_ITEM = 1000;

/** POST /regions/{id}/consultations: 協議の予定. */
export class ScheduleConsultationRequestDto {
  @ApiPropertyOptional({ description: '協議ID (省略時は採番)', example: 'aomori-2024-periodic' })
  @IsOmittable()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  consultationId?: string;

  @ApiProperty({ enum: CONSULTATION_KINDS, description: 'periodic (第5条の定期協議) / extraordinary (臨時)' })
  @IsIn(CONSULTATION_KINDS, { message: `kind must be one of ${CONSULTATION_KINDS.join(', ')}` })
  kind!: ConsultationKind;

  @ApiProperty({ description: '開催予定日', example: '2024-05-20' })
  @IsLegalDate()
  scheduledOn!: string;

  @ApiProperty({
    type: [String],
    description: '参加団体 (連携中枢都市と、開催予定日に連携協約が施行されている団体)',
    example: ['022012', '023019'],
  })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(200)
  @IsMunicipalityCode({ each: true })
  participants!: string[];

  @ApiProperty({ type: [String], description: '議題', example: ['令和6年度の連携事業について'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(AGENDA_ITEM, { each: true })
  agenda!: string[];
}

export class AttendeeDto {
  @ApiProperty({ description: '出席者の団体 (全国地方公共団体コード)', example: '022012' })
  @IsMunicipalityCode()
  municipalityCode!: string;

  @ApiProperty({ description: '職名', example: '青森市企画部長' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;

  @ApiPropertyOptional({ description: '氏名' })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;
}

export class CitedEventDto {
  @ApiProperty({ description: '引用するイベントのストリーム', example: 'agreement-aomori-imabetsu' })
  @Matches(/^[a-z][a-z-]{0,31}-[a-z0-9][a-z0-9-]{0,63}$/, {
    message: 'streamId must be a stream id such as agreement-aomori-hiranai or project-tourism-route',
  })
  streamId!: string;

  @ApiProperty({ description: '引用するイベントのID' })
  @Matches(/^[A-Za-z0-9_.:-]{1,128}$/, { message: 'eventId must be an event id as GET /events returns it' })
  eventId!: string;
}

export class OutcomeDto {
  @ApiProperty({ enum: OUTCOME_KINDS, description: '費用分担・協約の変更・疑義の解決・その他' })
  @IsIn(OUTCOME_KINDS, { message: `kind must be one of ${OUTCOME_KINDS.join(', ')}` })
  kind!: OutcomeKind;

  @ApiProperty({ description: '協議の結果 (何を決めたか)', example: '令和6年度の費用分担を了承した。' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  summary!: string;

  @ApiPropertyOptional({ type: CitedEventDto, description: '結果が対象とする記録済みのイベント' })
  @IsOmittable()
  @IsNestedObject(() => CitedEventDto)
  cites?: CitedEventDto;
}

/** POST /consultations/{cid}/record: 開催の記録 (一度だけ). */
export class RecordConsultationRequestDto {
  @ApiProperty({ description: '開催日', example: '2024-05-20' })
  @IsLegalDate()
  heldOn!: string;

  @ApiProperty({ type: [AttendeeDto], description: '出席者 (参加団体の職員)' })
  @IsNestedArray(() => AttendeeDto, { min: 1, max: 500 })
  attendees!: AttendeeDto[];

  @ApiProperty({ description: '議事録 (要旨)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100_000)
  minutes!: string;

  @ApiPropertyOptional({ type: [String], description: '実際に取り上げた議題 (省略時は予定の議題)' })
  @IsOmittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(AGENDA_ITEM, { each: true })
  agenda?: string[];

  @ApiProperty({ type: [OutcomeDto], description: '協議の結果 (なければ空の配列)' })
  @IsNestedArray(() => OutcomeDto, { max: 100 })
  outcomes!: OutcomeDto[];
}

/** POST /consultations/{cid}/postponement: 延期. */
export class PostponeConsultationRequestDto {
  @ApiProperty({ description: '延期を決定した日', example: '2023-05-15' })
  @IsLegalDate()
  postponedOn!: string;

  @ApiPropertyOptional({ description: '変更後の開催予定日 (未定なら省略)', example: '2023-08-30' })
  @IsOmittable()
  @IsLegalDate()
  rescheduledTo?: string;

  @ApiProperty({ description: '延期の理由' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reason!: string;
}

/** POST /consultations/{cid}/cancellation: 中止. */
export class CancelConsultationRequestDto {
  @ApiProperty({ description: '中止を決定した日', example: '2023-08-20' })
  @IsLegalDate()
  cancelledOn!: string;

  @ApiProperty({ description: '中止の理由' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reason!: string;
}

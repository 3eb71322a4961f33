import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsNestedArray, IsNestedObject } from '../../agreements/dto/agreement-document.dto';
import { IsLegalDate, IsMunicipalityCode } from '../../http/validators';
import { DisputeStepEvidenceDto } from './dispute-step-evidence.dto';
import { RequiredFor } from './step-fields';

export const ESCALATION_STEPS = ['application', 'appointment', 'application-withdrawal'] as const;
export type EscalationStep = (typeof ESCALATION_STEPS)[number];

const RECIPIENTS = ['prefectural-governor', 'minister-of-internal-affairs'] as const;

export class CommissionerDto {
  @ApiProperty({ description: '氏名' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ description: '職 (弁護士、大学教授 等)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  title!: string;
}

/**
 * The statutory procedure (地方自治法 第252条の2第7項, 第251条の3の2), one step per request:
 * - `application`: a party applies in writing to the 知事 (総務大臣 where a prefecture is a party);
 * - `appointment`: the 知事 (総務大臣) appoints three 自治紛争処理委員 (recorded by the secretariat
 *   with the appointment's 文書番号 and date);
 * - `application-withdrawal`: the applicant withdraws with the consent of the 知事 (総務大臣).
 */
export class EscalationRequestDto {
  @ApiProperty({ enum: ESCALATION_STEPS, description: '記録する手順' })
  @IsIn(ESCALATION_STEPS, { message: `step must be one of ${ESCALATION_STEPS.join(', ')}` })
  step!: EscalationStep;

  @ApiPropertyOptional({ description: 'application: 申請の日', example: '2024-09-02' })
  @RequiredFor('step', 'application')
  @IsLegalDate()
  appliedOn?: string;

  @ApiPropertyOptional({ description: 'application: 申請する当事者の団体コード', example: '023078' })
  @RequiredFor('step', 'application')
  @IsMunicipalityCode()
  applicant?: string;

  @ApiPropertyOptional({
    enum: RECIPIENTS,
    description: 'application: 申請先 (都道府県知事、都道府県が当事者の場合は総務大臣)',
  })
  @RequiredFor('step', 'application')
  @IsIn(RECIPIENTS, { message: `recipient must be one of ${RECIPIENTS.join(', ')}` })
  recipient?: (typeof RECIPIENTS)[number];

  @ApiPropertyOptional({
    description: 'application: 申請書の文書番号 (申請は文書による)',
    example: '外企第210号',
  })
  @RequiredFor('step', 'application')
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  documentNumber?: string;

  @ApiPropertyOptional({ description: 'application: 申請の要旨' })
  @RequiredFor('step', 'application')
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  summary?: string;

  @ApiPropertyOptional({ description: 'appointment: 任命の日' })
  @RequiredFor('step', 'appointment')
  @IsLegalDate()
  appointedOn?: string;

  @ApiPropertyOptional({ type: [CommissionerDto], description: 'appointment: 自治紛争処理委員 (3人)' })
  @RequiredFor('step', 'appointment')
  @IsNestedArray(() => CommissionerDto)
  commissioners?: CommissionerDto[];

  @ApiPropertyOptional({
    type: DisputeStepEvidenceDto,
    description: 'appointment: 知事 (総務大臣) による任命を証する文書の文書番号と日付',
  })
  @RequiredFor('step', 'appointment')
  @IsNestedObject(() => DisputeStepEvidenceDto)
  evidence?: DisputeStepEvidenceDto;

  @ApiPropertyOptional({ description: 'application-withdrawal: 取下げの日' })
  @RequiredFor('step', 'application-withdrawal')
  @IsLegalDate()
  withdrawnOn?: string;

  @ApiPropertyOptional({ description: 'application-withdrawal: 知事 (総務大臣) が同意した日' })
  @RequiredFor('step', 'application-withdrawal')
  @IsLegalDate()
  consentedOn?: string;

  @ApiPropertyOptional({ description: 'application-withdrawal: 取下げの理由' })
  @RequiredFor('step', 'application-withdrawal')
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reason?: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsNestedObject } from '../../agreements/dto/agreement-document.dto';
import { IsLegalDate } from '../../http/validators';
import { DisputeStepEvidenceDto } from './dispute-step-evidence.dto';
import { OptionalFor, RequiredFor } from './step-fields';

export const PROPOSAL_STEPS = ['presented', 'notified', 'published'] as const;
export type ProposalStep = (typeof PROPOSAL_STEPS)[number];

/**
 * The 処理方策 (第251条の3の2), one step per request: `presented` to the parties (decided by the
 * commissioners' 合議), `notified` to the 知事 (総務大臣), `published`. Each is a step of the
 * commissioners, recorded by the secretariat with the document that proves it (`evidence`).
 */
export class SettlementProposalRequestDto {
  @ApiProperty({ enum: PROPOSAL_STEPS, description: '記録する手順' })
  @IsIn(PROPOSAL_STEPS, { message: `step must be one of ${PROPOSAL_STEPS.join(', ')}` })
  step!: ProposalStep;

  @ApiPropertyOptional({ description: 'presented: 当事者に提示した日' })
  @RequiredFor('step', 'presented')
  @IsLegalDate()
  presentedOn?: string;

  @ApiPropertyOptional({ description: 'presented: 合議の日' })
  @OptionalFor('step', 'presented')
  @IsLegalDate()
  decidedOn?: string;

  @ApiPropertyOptional({ description: 'presented: 処理方策の内容' })
  @RequiredFor('step', 'presented')
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  proposal?: string;

  @ApiPropertyOptional({ description: 'notified: 知事 (総務大臣) に通知した日' })
  @RequiredFor('step', 'notified')
  @IsLegalDate()
  notifiedOn?: string;

  @ApiPropertyOptional({ description: 'published: 公表の日' })
  @RequiredFor('step', 'published')
  @IsLegalDate()
  publishedOn?: string;

  @ApiPropertyOptional({ description: 'published: 公表の方法', example: '青森県報' })
  @RequiredFor('step', 'published')
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  medium?: string;

  @ApiProperty({
    type: DisputeStepEvidenceDto,
    description:
      'その手順を証する文書の文書番号と日付: presented は処理方策を提示した文書、notified は知事 (総務大臣) への通知の文書、published は公表した公報等の号数',
  })
  @IsNestedObject(() => DisputeStepEvidenceDto)
  evidence!: DisputeStepEvidenceDto;
}

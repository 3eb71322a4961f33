import { ApiProperty } from '@nestjs/swagger';
import { RESPONSE_STANCES, type ResponseStance } from '@kyoyaku/domain';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsLegalDate, IsMunicipalityCode } from '../../http/validators';

/** A party's response to the 処理方策: it must respect it (尊重義務); the 処理方策 does not bind. */
export class ProposalResponseRequestDto {
  @ApiProperty({ description: '回答する当事者の団体コード', example: '022012' })
  @IsMunicipalityCode()
  respondent!: string;

  @ApiProperty({ description: '回答の日' })
  @IsLegalDate()
  respondedOn!: string;

  @ApiProperty({
    enum: RESPONSE_STANCES,
    description:
      'accepts (尊重し必要な措置を執る) / accepts-in-part (一部を尊重) / does-not-accept (応じない)',
  })
  @IsIn(RESPONSE_STANCES, { message: `stance must be one of ${RESPONSE_STANCES.join(', ')}` })
  stance!: ResponseStance;

  @ApiProperty({ description: '回答の要旨 (執る措置)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  statement!: string;
}

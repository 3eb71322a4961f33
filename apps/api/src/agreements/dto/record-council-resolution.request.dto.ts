import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsLegalDate } from '../../http/validators';

/** 議会の議決 of one party's council on the current draft. */
export class RecordCouncilResolutionRequestDto {
  @ApiProperty({ enum: ['core', 'partner'], description: '議決した議会の当事者 (core=甲, partner=乙)' })
  @IsIn(['core', 'partner'], { message: 'party must be core (甲) or partner (乙)' })
  party!: 'core' | 'partner';

  @ApiProperty({ enum: ['approved', 'rejected'], description: '可決 (approved) / 否決 (rejected)' })
  @IsIn(['approved', 'rejected'], { message: 'decision must be approved (可決) or rejected (否決)' })
  decision!: 'approved' | 'rejected';

  @ApiProperty({ description: '議決日', example: '2019-12-12' })
  @IsLegalDate()
  resolvedOn!: string;

  @ApiPropertyOptional({ description: '議決番号・議案番号', example: '議案第120号' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  resolutionNumber?: string;
}

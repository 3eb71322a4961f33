import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsLegalDate } from '../../http/validators';
import { IsNestedObject } from './agreement-document.dto';
import { SignatoryDto } from './party.dto';

export class SignatoriesDto {
  @ApiProperty({ type: SignatoryDto, description: '甲の署名者' })
  @IsNestedObject(() => SignatoryDto)
  core!: SignatoryDto;

  @ApiProperty({ type: SignatoryDto, description: '乙の署名者' })
  @IsNestedObject(() => SignatoryDto)
  partner!: SignatoryDto;
}

export class RetroactivityDto {
  @ApiProperty({ description: '遡及適用の理由' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reason!: string;
}

/** 締結, after both councils approved the current draft. */
export class ConcludeProceedingRequestDto {
  @ApiProperty({ description: '締結日', example: '2019-12-25' })
  @IsLegalDate()
  concludedOn!: string;

  @ApiProperty({ description: '施行日 (廃止の場合は効力を失う日)', example: '2019-12-25' })
  @IsLegalDate()
  effectiveOn!: string;

  @ApiProperty({ type: SignatoriesDto })
  @IsNestedObject(() => SignatoriesDto)
  signatories!: SignatoriesDto;

  @ApiPropertyOptional({ type: RetroactivityDto, description: '施行日が締結日より前の場合 (遡及) に必須' })
  @IsOptional()
  @IsNestedObject(() => RetroactivityDto)
  retroactive?: RetroactivityDto;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsLegalDate } from '../../http/validators';

/** 疑義の取下げ by the party that raised it. */
export class WithdrawDoubtRequestDto {
  @ApiProperty({ description: '取下げの日', example: '2023-09-01' })
  @IsLegalDate()
  withdrawnOn!: string;

  @ApiProperty({ description: '取下げの理由' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reason!: string;
}

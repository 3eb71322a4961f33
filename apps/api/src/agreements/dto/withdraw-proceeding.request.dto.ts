import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsLegalDate } from '../../http/validators';

/** 取下げ of a pending (not yet concluded) proceeding. */
export class WithdrawProceedingRequestDto {
  @ApiProperty({ description: '取下げ日', example: '2021-03-01' })
  @IsLegalDate()
  withdrawnOn!: string;

  @ApiProperty({ description: '取下げの理由' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reason!: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsLegalDate } from '../../http/validators';

/** 告示 by one party, after conclusion. */
export class RecordPublicNoticeRequestDto {
  @ApiProperty({ enum: ['core', 'partner'], description: '告示した当事者 (core=甲, partner=乙)' })
  @IsIn(['core', 'partner'], { message: 'party must be core (甲) or partner (乙)' })
  party!: 'core' | 'partner';

  @ApiProperty({ description: '告示番号', example: '青森市告示第500号' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  noticeNumber!: string;

  @ApiProperty({ description: '告示日', example: '2019-12-25' })
  @IsLegalDate()
  publishedOn!: string;
}

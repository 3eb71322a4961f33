import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsLegalDate } from '../../http/validators';

/**
 * The document that proves a step taken outside the parties (地方自治法 第251条の3の2): the 知事's
 * (総務大臣's) appointment of the 自治紛争処理委員, and the 処理方策 the commissioners present,
 * notify and publish. The secretariat records the step from it.
 */
export class DisputeStepEvidenceDto {
  @ApiProperty({
    description: '文書番号 (公表はその公報の号数)',
    example: '青森県指令市第100号',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  documentNumber!: string;

  @ApiProperty({ description: '文書の日付 (本日以前)', example: '2024-07-01' })
  @IsLegalDate()
  documentDate!: string;
}

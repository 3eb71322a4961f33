import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsNotEmpty,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { IsOmittable } from '../../agreements/dto/agreement-document.dto';
import { ID_MESSAGE, ID_PATTERN, IsLegalDate, IsMunicipalityCode } from '../../http/validators';

/** 疑義の解決 by agreement of both parties at a held consultation (第6条). */
export class ResolveDoubtRequestDto {
  @ApiProperty({ description: '解決の日 (協議の開催日以後)', example: '2022-04-26' })
  @IsLegalDate()
  resolvedOn!: string;

  @ApiProperty({ description: '解決の内容 (双方が合意した事項)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  resolution!: string;

  @ApiProperty({ description: '合意した協議のID (開催済みのもの)', example: 'aomori-2022-extra-1' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  consultationId!: string;

  @ApiProperty({
    type: [String],
    description: '合意した当事者の団体コード (甲乙双方)',
    example: ['022012', '023035'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @IsMunicipalityCode({ each: true })
  agreedBy!: string[];

  @ApiPropertyOptional({
    description: '解決により開始する変更手続のID (先に POST /agreements/{id}/proceedings で開始したもの)',
    example: 'imabetsu-amendment-2022',
  })
  @IsOmittable()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  followUpProceedingId?: string;
}

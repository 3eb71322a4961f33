import { ApiProperty } from '@nestjs/swagger';
import type { Party, Signatory } from '@kyoyaku/domain';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsMunicipalityCode } from '../../http/validators';

export class PartyDto implements Party {
  @ApiProperty({ description: '全国地方公共団体コード (6桁、検査数字付き)', example: '022012' })
  @IsMunicipalityCode()
  code!: string;

  @ApiProperty({ description: '団体名', example: '青森市' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;
}

export class SignatoryDto implements Signatory {
  @ApiProperty({ description: '職名', example: '青森市長' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  title!: string;

  @ApiProperty({ description: '氏名', example: '（氏名）' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { IsNestedObject } from '../../agreements/dto/agreement-document.dto';
import { PartyDto } from '../../agreements/dto/party.dto';
import { ID_MESSAGE, ID_PATTERN, IsLegalDate } from '../../http/validators';

/** POST /regions: 連携中枢都市宣言. */
export class DeclareRegionRequestDto {
  @ApiProperty({ description: '圏域ID', example: 'aomori' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  regionId!: string;

  @ApiProperty({ description: '連携中枢都市圏の名称', example: '青森圏域連携中枢都市圏' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ type: PartyDto, description: '連携中枢都市' })
  @IsNestedObject(() => PartyDto)
  coreCity!: PartyDto;

  @ApiProperty({ description: '連携中枢都市宣言の日', example: '2019-11-18' })
  @IsLegalDate()
  declaredOn!: string;
}

/** POST /regions/{id}/visions: 都市圏ビジョンの策定. */
export class AdoptVisionRequestDto {
  @ApiProperty({ description: 'ビジョンの名称', example: '青森圏域連携中枢都市圏ビジョン' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;

  @ApiProperty({ description: '策定日', example: '2020-03-23' })
  @IsLegalDate()
  adoptedOn!: string;
}

export class RegionParams {
  @ApiProperty({ description: '圏域ID', example: 'aomori' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  regionId!: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsNestedArray, IsNestedObject } from '../../agreements/dto/agreement-document.dto';
import { PartyDto } from '../../agreements/dto/party.dto';
import { IsLegalDate, IsMunicipalityCode } from '../../http/validators';

/** Who recommended: the 総務大臣, or the governor of a prefecture (by the prefecture's own code). */
export class RecommenderDto {
  @ApiProperty({
    enum: ['minister-of-internal-affairs', 'prefectural-governor'],
    description: '勧告をした者: 総務大臣 (都道府県が締結するもの) / 都道府県知事 (その他のもの)',
  })
  @IsIn(['minister-of-internal-affairs', 'prefectural-governor'], {
    message:
      'recommender.kind must be minister-of-internal-affairs (総務大臣) or prefectural-governor (都道府県知事)',
  })
  kind!: 'minister-of-internal-affairs' | 'prefectural-governor';

  @ApiPropertyOptional({
    description: '都道府県知事のとき、その都道府県の団体コード (例: 青森県 020001)',
    example: '020001',
  })
  @IsOptional()
  @IsMunicipalityCode()
  prefectureCode?: string;
}

/** POST /regions/{id}/recommendations: 勧告 (地方自治法 第252条の2第5項). */
export class RecordRecommendationRequestDto {
  @ApiProperty({ type: RecommenderDto })
  @IsNestedObject(() => RecommenderDto)
  recommender!: RecommenderDto;

  @ApiProperty({
    type: [PartyDto],
    description: '勧告の相手方 (関係のある普通地方公共団体、二以上)',
  })
  @IsNestedArray(() => PartyDto, { min: 2, max: 50 })
  addressees!: PartyDto[];

  @ApiProperty({ description: '勧告の日 (本日以前)', example: '2019-10-01' })
  @IsLegalDate()
  recommendedOn!: string;

  @ApiProperty({ description: '勧告の文書番号', example: '青市第100号' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  documentNumber!: string;

  @ApiProperty({ description: '勧告の内容' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  content!: string;
}

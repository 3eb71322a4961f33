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
import { IsNestedObject, IsOmittable } from '../../agreements/dto/agreement-document.dto';
import { ID_MESSAGE, ID_PATTERN, IsLegalDate, IsMunicipalityCode } from '../../http/validators';
import { CostShareBasisDto } from './cost-share-basis.dto';
import { IsFiscalYear, IsYenAmount } from './cost-share.validators';

const MEASURE_ID = /^[a-z0-9-]{1,64}$/;

/** POST /regions/{id}/projects: 事業の登録. */
export class RegisterProjectRequestDto {
  @ApiPropertyOptional({ description: '事業ID (省略時は採番)', example: 'tourism-route' })
  @IsOmittable()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  projectId?: string;

  @ApiProperty({ description: '事業名', example: '広域観光周遊ルート形成事業' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ description: '実施する連携施策のID (協約の別表)', example: 'm04' })
  @Matches(MEASURE_ID, { message: 'measureId must be a measure id such as m04' })
  measureId!: string;

  @ApiProperty({
    type: [String],
    description: '参加団体の全国地方公共団体コード (登録日に当該施策を含む連携協約が施行されている団体)',
    example: ['022012', '023019'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsMunicipalityCode({ each: true })
  participants!: string[];

  @ApiProperty({ description: '事業の概要' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  description!: string;

  @ApiProperty({ description: '事業の登録日', example: '2020-01-20' })
  @IsLegalDate()
  registeredOn!: string;
}

/** What a decision and a revision share. */
class CostShareDecisionRequestBase {
  @ApiProperty({ description: '決定日', example: '2020-02-10' })
  @IsLegalDate()
  decidedOn!: string;

  @ApiProperty({ description: '総額 (円、数字の文字列)', example: '12000000' })
  @IsYenAmount()
  total!: string;

  @ApiProperty({ type: CostShareBasisDto })
  @IsNestedObject(() => CostShareBasisDto)
  basis!: CostShareBasisDto;

  @ApiPropertyOptional({
    type: [String],
    description: '費用を分担する団体 (省略時は事業の参加団体すべて)',
  })
  @IsOmittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsMunicipalityCode({ each: true })
  participants?: string[];

  @ApiPropertyOptional({
    description: '決定した協議 (開催済み、分担する全団体が出席)',
    example: 'aomori-2019-periodic',
  })
  @IsOmittable()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  consultationId?: string;

  @ApiPropertyOptional({ description: '協議によらずに決定した理由 (consultationId がない場合に必須)' })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reasonWithoutConsultation?: string;
}

/** POST /projects/{pid}/cost-shares: 費用分担の決定. */
export class DecideCostShareRequestDto extends CostShareDecisionRequestBase {
  @ApiPropertyOptional({ description: '決定ID (省略時は採番)', example: 'fy2020' })
  @IsOmittable()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  decisionId?: string;

  @ApiProperty({ description: '年度 (開始年)', example: 2020 })
  @IsFiscalYear()
  fiscalYear!: number;
}

/** POST /projects/{pid}/cost-shares/{decisionId}/revisions: 費用分担の変更. */
export class ReviseCostShareRequestDto extends CostShareDecisionRequestBase {
  @ApiPropertyOptional({ description: '変更後の決定ID (省略時は採番)', example: 'fy2021-r1' })
  @IsOmittable()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  decisionId?: string;

  @ApiProperty({ description: '変更の理由' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reason!: string;
}

/** POST /projects/{pid}/settlements: 決算. */
export class SettleCostShareRequestDto {
  @ApiProperty({ description: '年度', example: 2020 })
  @IsFiscalYear()
  fiscalYear!: number;

  @ApiProperty({ description: '決算日', example: '2021-05-31' })
  @IsLegalDate()
  settledOn!: string;

  @ApiProperty({ description: '決算額 (円、数字の文字列)', example: '11437000' })
  @IsYenAmount()
  total!: string;

  @ApiPropertyOptional({
    type: CostShareBasisDto,
    description: '決算の按分の基準 (省略時は決定の基準。定額の決定は決定額の比で按分)',
  })
  @IsOmittable()
  @IsNestedObject(() => CostShareBasisDto)
  basis?: CostShareBasisDto;

  @ApiPropertyOptional({ description: '備考' })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  note?: string;
}

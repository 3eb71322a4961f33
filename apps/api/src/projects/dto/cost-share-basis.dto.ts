import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  COST_SHARE_BASIS_KINDS,
  COST_SHARE_METHODS,
  type CostShareBasis,
  type CostShareBasisKind,
  type CostShareMethod,
} from '@kyoyaku/domain';
import { IsInt, IsNotEmpty, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { IsNestedArray, IsNestedObject, IsOmittable } from '../../agreements/dto/agreement-document.dto';
import { IsLegalDate, IsMunicipalityCode } from '../../http/validators';
import { IsFigure, IsOneOf, IsYenAmount, OnlyForKind } from './cost-share.validators';

const MAX_MUNICIPALITIES = 200;

export class MunicipalityAmountDto {
  @ApiProperty({ description: '全国地方公共団体コード', example: '022012' })
  @IsMunicipalityCode()
  municipalityCode!: string;

  @ApiProperty({ description: '負担額 (円、数字の文字列)', example: '600000' })
  @IsYenAmount()
  amount!: string;
}

export class MunicipalityFigureDto {
  @ApiProperty({ description: '全国地方公共団体コード', example: '022012' })
  @IsMunicipalityCode()
  municipalityCode!: string;

  @ApiProperty({ description: '0以上の整数 (数字の文字列): 負担割合・人口・実績', example: '275192' })
  @IsFigure()
  value!: string;
}

export class FormulaComponentDto {
  @ApiProperty({ enum: COST_SHARE_METHODS, description: '均等割 equal / 人口割 population / 実績割 usage' })
  @IsOneOf(COST_SHARE_METHODS, 'UnknownCostShareBasis')
  method!: CostShareMethod;

  @ApiProperty({ description: '割合 (基準点、10000 = 100%)。合計は10000', example: 7000 })
  @IsInt()
  @Min(1)
  @Max(10000)
  proportionBasisPoints!: number;
}

export class PopulationFiguresDto {
  @ApiProperty({ description: '人口の出典', example: '令和2年国勢調査' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  source!: string;

  @ApiProperty({ description: '人口の基準日', example: '2020-10-01' })
  @IsLegalDate()
  sourceDate!: string;

  @ApiProperty({ type: [MunicipalityFigureDto] })
  @IsNestedArray(() => MunicipalityFigureDto, { min: 1, max: MAX_MUNICIPALITIES })
  figures!: MunicipalityFigureDto[];
}

export class UsageFiguresDto {
  @ApiProperty({ description: '実績の単位', example: '相談件数' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  unit!: string;

  @ApiPropertyOptional({ description: '実績の期間', example: '令和3年度' })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  period?: string;

  @ApiProperty({ type: [MunicipalityFigureDto] })
  @IsNestedArray(() => MunicipalityFigureDto, { min: 1, max: MAX_MUNICIPALITIES })
  figures!: MunicipalityFigureDto[];
}

/** 費用分担の基準: fixed (定額), ratio (負担割合) or formula (均等割・人口割・実績割を割合で組み合わせ). */
export class CostShareBasisDto {
  @ApiProperty({
    enum: COST_SHARE_BASIS_KINDS,
    description: 'fixed (定額) / ratio (負担割合) / formula (算定式)',
  })
  @IsOneOf(COST_SHARE_BASIS_KINDS, 'UnknownCostShareBasis')
  kind!: CostShareBasisKind;

  @ApiPropertyOptional({ type: [MunicipalityAmountDto], description: 'fixed: 各団体の負担額 (合計 = 総額)' })
  @ValidateIf((o: CostShareBasisDto) => o.kind === 'fixed' || o.amounts !== undefined)
  @OnlyForKind('fixed')
  @IsNestedArray(() => MunicipalityAmountDto, { min: 1, max: MAX_MUNICIPALITIES })
  amounts?: MunicipalityAmountDto[];

  @ApiPropertyOptional({ type: [MunicipalityFigureDto], description: 'ratio: 各団体の負担割合 (整数の比)' })
  @ValidateIf((o: CostShareBasisDto) => o.kind === 'ratio' || o.weights !== undefined)
  @OnlyForKind('ratio')
  @IsNestedArray(() => MunicipalityFigureDto, { min: 1, max: MAX_MUNICIPALITIES })
  weights?: MunicipalityFigureDto[];

  @ApiPropertyOptional({
    type: [FormulaComponentDto],
    description: 'formula: 算定方法と割合 (合計10000基準点)',
  })
  @ValidateIf((o: CostShareBasisDto) => o.kind === 'formula' || o.components !== undefined)
  @OnlyForKind('formula')
  @IsNestedArray(() => FormulaComponentDto, { min: 1, max: 3 })
  components?: FormulaComponentDto[];

  @ApiPropertyOptional({
    type: PopulationFiguresDto,
    description: 'formula に人口割がある場合: 人口と基準日',
  })
  @IsOmittable()
  @IsNestedObject(() => PopulationFiguresDto)
  population?: PopulationFiguresDto;

  @ApiPropertyOptional({ type: UsageFiguresDto, description: 'formula に実績割がある場合: 実績' })
  @IsOmittable()
  @IsNestedObject(() => UsageFiguresDto)
  usage?: UsageFiguresDto;
}

const figures = (list: readonly MunicipalityFigureDto[]) =>
  list.map((f) => ({ municipalityCode: f.municipalityCode, value: f.value }));

/** The validated DTO as the domain's plain basis (only the fields of its kind). */
export function toCostShareBasis(dto: CostShareBasisDto): CostShareBasis {
  switch (dto.kind) {
    case 'fixed':
      return {
        kind: 'fixed',
        amounts: (dto.amounts ?? []).map((a) => ({ municipalityCode: a.municipalityCode, amount: a.amount })),
      };
    case 'ratio':
      return { kind: 'ratio', weights: figures(dto.weights ?? []) };
    case 'formula':
      return {
        kind: 'formula',
        components: (dto.components ?? []).map((c) => ({
          method: c.method,
          proportionBasisPoints: c.proportionBasisPoints,
        })),
        ...(dto.population === undefined
          ? {}
          : {
              population: {
                source: dto.population.source,
                sourceDate: dto.population.sourceDate,
                figures: figures(dto.population.figures),
              },
            }),
        ...(dto.usage === undefined
          ? {}
          : {
              usage: {
                unit: dto.usage.unit,
                ...(dto.usage.period === undefined ? {} : { period: dto.usage.period }),
                figures: figures(dto.usage.figures),
              },
            }),
      };
  }
}

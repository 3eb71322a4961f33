import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ID_MESSAGE, ID_PATTERN, IsLegalDate } from '../../http/validators';
import { AmendmentOperationDto, AMENDMENT_OPERATION_TYPE_OPTIONS } from './amendment-operation.dto';

/** POST /agreements/{id}/proceedings: opens an amendment (変更) or abolition (廃止) proceeding. */
export class OpenProceedingRequestDto {
  @ApiProperty({ enum: ['amendment', 'abolition'], description: '手続の種類 (変更・廃止)' })
  @IsIn(['amendment', 'abolition'], { message: 'kind must be amendment or abolition' })
  kind!: 'amendment' | 'abolition';

  @ApiPropertyOptional({ description: '手続ID (省略時はサーバーが採番)', example: 'amendment-2021' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  proceedingId?: string;

  @ApiProperty({ description: '案の作成日', example: '2021-01-15' })
  @IsLegalDate()
  draftedOn!: string;

  @ApiPropertyOptional({ type: [AmendmentOperationDto], description: '変更: 改正の操作 (現行版に対して検査されます)' })
  @ValidateIf((o: OpenProceedingRequestDto) => o.kind === 'amendment')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => AmendmentOperationDto, AMENDMENT_OPERATION_TYPE_OPTIONS)
  operations?: AmendmentOperationDto[];

  @ApiPropertyOptional({ description: '廃止: 廃止の理由' })
  @ValidateIf((o: OpenProceedingRequestDto) => o.kind === 'abolition')
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reason?: string;
}

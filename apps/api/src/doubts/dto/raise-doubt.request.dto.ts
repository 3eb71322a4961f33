import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { isProvisionNumber, parseProvisionLabel } from '@kyoyaku/legal-text';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsString,
  Matches,
  MaxLength,
  Min,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import { IsNestedObject, IsOmittable } from '../../agreements/dto/agreement-document.dto';
import { ID_MESSAGE, ID_PATTERN, IsLegalDate, IsMunicipalityCode } from '../../http/validators';
import { OptionalFor, RequiredFor } from './step-fields';

const CITATION_KINDS = ['provision', 'measure', 'unspecified'] as const;

function IsProvisionNumber(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'provisionNumber',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be a number such as "3" or "3-2" (第3条の2)' },
      validator: { validate: (value: unknown) => typeof value === 'string' && isProvisionNumber(value) },
    });
}

function IsProvisionLabel(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'provisionLabel',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be a provision label such as 第4条第2項 or 第3条の2第1項第2号' },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseProvisionLabel(value) !== undefined,
      },
    });
}

/** A provision is named once: by its label, or by article (with paragraph, item, sub-item). */
function NamesProvisionOnce(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'namesProvisionOnce',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message:
          'a provision citation gives either label (e.g. 第4条第2項) or article with optional paragraph, item and subItem, not both',
      },
      validator: {
        validate: (_value: unknown, args: ValidationArguments) => {
          const o = args.object as CitationDto;
          if (o.kind !== 'provision') return true;
          const byNumbers = [o.article, o.paragraph, o.item, o.subItem].some((v) => v !== undefined);
          return (o.label !== undefined) !== byNumbers && (!byNumbers || o.article !== undefined);
        },
      },
    });
}

/** What the doubt cites: a provision (by label or by numbers), a measure, or none (定めのない事項). */
export class CitationDto {
  @ApiProperty({
    enum: CITATION_KINDS,
    description: 'provision (条・項・号) / measure (別表の連携施策) / unspecified (定めのない事項: 引用なし)',
  })
  @IsIn(CITATION_KINDS, { message: `kind must be one of ${CITATION_KINDS.join(', ')}` })
  @NamesProvisionOnce()
  kind!: (typeof CITATION_KINDS)[number];

  @ApiPropertyOptional({ description: 'provision: 条項の表示 (article 等の代わりに)', example: '第4条第2項' })
  @OptionalFor('kind', 'provision')
  @IsProvisionLabel()
  label?: string;

  @ApiPropertyOptional({ description: 'provision: 条 ("3", 枝番号は "3-2")', example: '4' })
  @OptionalFor('kind', 'provision')
  @IsProvisionNumber()
  article?: string;

  @ApiPropertyOptional({ description: 'provision: 項 (1 から)', example: 2 })
  @OptionalFor('kind', 'provision')
  @IsInt()
  @Min(1)
  paragraph?: number;

  @ApiPropertyOptional({ description: 'provision: 号 ("1", "1-2")' })
  @OptionalFor('kind', 'provision')
  @IsProvisionNumber()
  item?: string;

  @ApiPropertyOptional({ description: 'provision: 号の細分 (ア・イ → "1", "2")' })
  @OptionalFor('kind', 'provision')
  @IsProvisionNumber()
  subItem?: string;

  @ApiPropertyOptional({ description: 'measure: 連携施策のID', example: 'm13' })
  @RequiredFor('kind', 'measure')
  @IsString()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'measureId must be a measure id such as m13' })
  measureId?: string;
}

/** 疑義の提起 (第6条) by a party of the agreement. */
export class RaiseDoubtRequestDto {
  @ApiPropertyOptional({ description: '疑義ID (省略時は生成)', example: 'imabetsu-2022-migration' })
  @IsOmittable()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  doubtId?: string;

  @ApiProperty({ description: '疑義を提起する当事者の全国地方公共団体コード', example: '023035' })
  @IsMunicipalityCode()
  raisedBy!: string;

  @ApiProperty({
    description: '疑義が生じた日 (提起日)。この日に施行されている版が固定されます',
    example: '2022-04-12',
  })
  @IsLegalDate()
  raisedOn!: string;

  @ApiProperty({ type: CitationDto })
  @IsNestedObject(() => CitationDto)
  citation!: CitationDto;

  @ApiProperty({ description: '疑義の内容' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  question!: string;
}

/**
 * Request DTOs for the document model of a 連携協約 (libs/legal-text/src/document.model.ts). Each class
 * `implements` its legal-text interface, so a validated instance is assignable to the domain type.
 *
 * The DTOs check shape, types and bounds (what makes a request a 400); the structural rules of the
 * text — numbering order, duplicates, deleted articles — stay with `validateDocument` in the domain
 * (a 422 naming the provision). Where validateDocument refuses empty text, so do the DTOs.
 *
 * Validated instances are class instances whose omitted optional fields are own `undefined`
 * properties (ES2022 class fields); the event store takes plain JSON only, so hand documents to
 * commands through {@link toAgreementDocument}.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { plainToInstance, Type, type TypeOptions } from 'class-transformer';
import {
  buildMessage,
  IsBoolean,
  IsIn,
  IsObject,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import {
  type AgreementDocument,
  type AppendixTable,
  type Article,
  isMeasureRowReference,
  isProvisionNumber,
  type Item,
  MEASURE_CATEGORIES,
  MEASURE_CATEGORY_NAMES,
  MEASURE_ID_PATTERN,
  type Measure,
  type MeasureCategory,
  type Paragraph,
  type ProvisionNumber,
  type ProvisionPath,
  type ProvisionUnit,
  readProvisionNumber,
  readProvisionReference,
  type SupplementaryProvisions,
} from '@kyoyaku/legal-text';
import { NamesSomething, ReadAs } from '../../http/validators';

/** Bounds on request bodies (the body size limit bounds the total). */
export const DTO_LIMITS = {
  /** 本文, 前文, 取組内容, 役割分担. */
  text: 20_000,
  /** 題名, 見出し, 施策名, 別表の題名・列名・欄. */
  shortText: 1_000,
  /** 連携施策 and 別表 row ids. */
  id: 100,
  /** `"3-2"`: well above any real 条・号 number. */
  provisionNumber: 50,
  /** Articles, paragraphs, items, measures, rows, operations. */
  entries: 1_000,
  /** 別表 per document, columns per 別表. */
  tables: 100,
  /** 号 and the levels of 細分 below a paragraph (号 → イ → (1) → (i) → …). */
  itemLevels: 5,
} as const;

/** For the OpenAPI document; validation uses legal-text's isProvisionNumber (which also bounds each part). */
export const PROVISION_NUMBER_PATTERN = '^[1-9]\\d*(-([2-9]|[1-9]\\d+))*$';

const PROVISION_NUMBER_MESSAGE =
  'must be an article/item number like "3" or "3-2" (第3条の2): numbers from 1 without leading zeros, 枝番号 from 2';

// ---------------------------------------------------------------------------------------------
// Reusable property decorators (also used by amendment-operation.dto.ts)
// ---------------------------------------------------------------------------------------------

/** A ProvisionNumber: `"3"` (第3条), `"3-2"` (第3条の2), `"1-2"` (第1号の2). */
export function IsProvisionNumber(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isProvisionNumber',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && value.length <= DTO_LIMITS.provisionNumber && isProvisionNumber(value),
        defaultMessage: buildMessage((each) => `${each}$property ${PROVISION_NUMBER_MESSAGE}`, options),
      },
    },
    options,
  );
}

/** How a number field of an amendment operation may be written (OpenAPI descriptions and messages). */
export const NUMBER_FORMS = {
  条: '第3条の2、第三条の二、3の2、３－２ 又は "3-2" (記録・応答は "3-2")',
  号: '第1号の2、第一号の二、1の2 又は "1-2" (記録・応答は "1-2")',
  none: '"1"、"1-2"、1の2 (記録・応答は "1-2")',
} as const;

const NUMBER_EXPECTED = {
  条: 'an article number: 第3条, 第3条の2, 第三条の二, 3の2, ３－２ or "3-2"',
  号: 'an item number: 第1号, 第1号の2, 第一号の二, 1の2 or "1-2"',
  none: 'a number such as "1", "1-2" or 1の2',
} as const;

/**
 * An article (`unit` 条) or item (号) number in an amendment operation, as legal staff type it
 * (第3条の2, 第三条の二, ３－２, "3-2"), read into the canonical `"3-2"` before validation — the form
 * recorded and echoed back. A number that names nothing (第0条, 第3条の1) is answered 422; anything
 * else that does not read, 400 with `message` (default: the forms read).
 */
export function IsProvisionNumberReference(unit?: ProvisionUnit, message?: string): PropertyDecorator {
  const read = (input: string) => readProvisionNumber(input, unit);
  const expected = NUMBER_EXPECTED[unit ?? 'none'];
  return applyDecorators(
    ReadAs(read),
    NamesSomething(read, expected),
    IsProvisionNumber({ message: message ?? `$property must be ${expected}` }),
  );
}

/** What a refused value was, for messages: "got a number", "got nothing (the field is missing)". */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/**
 * A string of at most `maxLength` characters; with `blank: 'refuse'` it must also contain text
 * other than white space (validateDocument reports such text as 「本文が空です」). One rule, so a
 * wrong value gets one message saying what is expected.
 */
export function IsText(
  maxLength: number,
  blank: 'allow' | 'refuse',
  options?: ValidationOptions,
): PropertyDecorator {
  const expected =
    blank === 'refuse'
      ? `text of 1 to ${maxLength} characters (not only spaces)`
      : `a string of at most ${maxLength} characters ("" allowed)`;
  return ValidateBy(
    {
      name: 'isText',
      constraints: [maxLength, blank],
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          value.length <= maxLength &&
          (blank === 'allow' || value.trim().length > 0),
        defaultMessage: buildMessage((each, args) => {
          const value: unknown = args?.value;
          const got =
            typeof value !== 'string'
              ? describeValue(value)
              : value.length > maxLength
                ? `${value.length} characters`
                : 'blank text';
          return `${each}$property must be ${expected}, got ${got}`;
        }, options),
      },
    },
    options,
  );
}

/** An integer from `min` to `max`. One rule, so a wrong value gets one message. */
export function IsIntegerInRange(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIntegerInRange',
      constraints: [min, max],
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max,
        defaultMessage: buildMessage(
          (each) => `${each}$property must be an integer from ${min} to ${max}`,
          options,
        ),
      },
    },
    options,
  );
}

/**
 * An array of `min` to `max` entries; with `entries: 'objects'`, each one an object (not a list:
 * ValidateNested would otherwise validate a nested list's elements and let `[[…]]` through).
 * The entries themselves are checked by other decorators.
 */
export function IsBoundedArray(
  min: number,
  max: number,
  entries: 'objects' | 'any' = 'any',
): PropertyDecorator {
  const badEntry = (value: unknown[]): number =>
    entries === 'objects'
      ? value.findIndex((v) => typeof v !== 'object' || v === null || Array.isArray(v))
      : -1;
  const what = entries === 'objects' ? 'objects' : 'entries';
  const expected = min > 0 ? `a list of ${min} to ${max} ${what}` : `a list of at most ${max} ${what}`;
  return ValidateBy({
    name: 'isBoundedArray',
    constraints: [min, max],
    validator: {
      validate: (value: unknown) =>
        Array.isArray(value) && value.length >= min && value.length <= max && badEntry(value) < 0,
      defaultMessage: (args) => {
        const value: unknown = args?.value;
        if (!Array.isArray(value)) return `$property must be ${expected}, got ${describeValue(value)}`;
        if (value.length < min || value.length > max) {
          return `$property must be ${expected}, got ${value.length}`;
        }
        const index = badEntry(value);
        return `$property must be ${expected}; entry ${index} is ${describeValue(value[index])}`;
      },
    },
  });
}

/**
 * For `field?: T`: the field may be left out, but `null` is validated (and so refused). Unlike
 * `@IsOptional()`, which would let `null` through into a field whose type does not allow it.
 */
export function IsOmittable(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

/** One nested object (an array is refused, not validated element by element). */
export function IsNestedObject(type: () => new () => object, typeOptions?: TypeOptions): PropertyDecorator {
  return applyDecorators(IsObject(), ValidateNested(), Type(type, typeOptions));
}

/** An array of nested objects, with at most `max` (and at least `min`) entries. */
export function IsNestedArray(
  type: () => new () => object,
  { max = DTO_LIMITS.entries, min = 0 }: { max?: number; min?: number } = {},
): PropertyDecorator {
  return applyDecorators(IsBoundedArray(min, max, 'objects'), ValidateNested({ each: true }), Type(type));
}

/** How a reference to a 連携施策 may be written in an amendment operation (OpenAPI descriptions). */
export const MEASURE_REFERENCE_FORMS =
  'ID ("m04") 又は別表の行 (「別表(4)」「(4)」「４」「別表四の項」。変更する本文の別表で数え、記録・応答は ID)';

/**
 * The id of a 連携施策 (`m01`); with `'idOrRow'`, also a row of the 別表 cited by place (別表(4), (4),
 * ４, 別表四の項), which only the text amended can resolve to an id (resolveMeasureReferences).
 */
export function IsMeasureId(
  accepts: 'id' | 'idOrRow' = 'id',
  options?: ValidationOptions,
): PropertyDecorator {
  const expected =
    accepts === 'id'
      ? `the id of a 連携施策: 1 to ${DTO_LIMITS.id} lower-case letters, digits and hyphens, e.g. "m01"`
      : 'a 連携施策: its id (lower-case letters, digits and hyphens, e.g. "m04") or its row of the 別表 (別表(4), (4), ４, 別表四の項)';
  return ValidateBy(
    {
      name: 'isMeasureId',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          value.length <= DTO_LIMITS.id &&
          (MEASURE_ID_PATTERN.test(value) || (accepts === 'idOrRow' && isMeasureRowReference(value))),
        defaultMessage: buildMessage((each) => `${each}$property must be ${expected}`, options),
      },
    },
    options,
  );
}

/** How many levels of items `items` holds (0 for none); stops counting past `limit`. */
function itemLevels(items: unknown, limit: number): number {
  if (!Array.isArray(items) || items.length === 0) return 0;
  if (limit < 0) return 1;
  let deepest = 0;
  for (const item of items as unknown[]) {
    const subItems: unknown =
      typeof item === 'object' && item !== null ? Reflect.get(item, 'subItems') : undefined;
    deepest = Math.max(deepest, itemLevels(subItems, limit - 1));
  }
  return 1 + deepest;
}

/** Items (with their sub-items) nested at most `levels` deep, counting `items` itself as 1. */
export function HasItemLevelsAtMost(levels: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxItemLevels',
      constraints: [levels],
      validator: {
        validate: (value: unknown) => itemLevels(value, levels) <= levels,
        defaultMessage: buildMessage(
          () => `$property may nest items (号 and their 細分) at most $constraint1 levels deep`,
          options,
        ),
      },
    },
    options,
  );
}

const PROVISION_NUMBER_SCHEMA = { type: String, pattern: PROVISION_NUMBER_PATTERN, example: '3-2' } as const;

// ---------------------------------------------------------------------------------------------
// The document
// ---------------------------------------------------------------------------------------------

/** 号 (and its 細分, ア・イ / イ・ロ). */
export class ItemDto implements Item {
  @ApiProperty({
    ...PROVISION_NUMBER_SCHEMA,
    description: '号番号 ("1" は第1号、"1-2" は第1号の2)',
    example: '1',
  })
  @IsProvisionNumber()
  number!: ProvisionNumber;

  @ApiProperty({ description: '号の本文', maxLength: DTO_LIMITS.text })
  @IsText(DTO_LIMITS.text, 'refuse')
  text!: string;

  @ApiProperty({ type: () => [ItemDto], description: '号の細分 (イ、ロ …)。なければ空の配列' })
  @IsNestedArray(() => ItemDto)
  subItems!: ItemDto[];
}

/** 項. */
export class ParagraphDto implements Paragraph {
  @ApiProperty({ description: '項番号 (1から連続。第1項は表示上の番号を付けない)', minimum: 1, example: 1 })
  @IsIntegerInRange(1, DTO_LIMITS.entries)
  number!: number;

  @ApiProperty({ description: '項の本文', maxLength: DTO_LIMITS.text })
  @IsText(DTO_LIMITS.text, 'refuse')
  text!: string;

  @ApiProperty({ type: () => [ItemDto], description: '号。なければ空の配列' })
  @IsNestedArray(() => ItemDto)
  @HasItemLevelsAtMost(DTO_LIMITS.itemLevels)
  items!: ItemDto[];
}

/** 条. */
export class ArticleDto implements Article {
  @ApiProperty({ ...PROVISION_NUMBER_SCHEMA, description: '条番号 ("3" は第3条、"3-2" は第3条の2)' })
  @IsProvisionNumber()
  number!: ProvisionNumber;

  @ApiProperty({
    description: '見出し (括弧を付けずに「目的」のように。見出しがなければ空文字列)',
    example: '目的',
    maxLength: DTO_LIMITS.shortText,
  })
  @IsText(DTO_LIMITS.shortText, 'allow')
  caption!: string;

  @ApiProperty({ type: () => [ParagraphDto], description: '項 (削除された条では空の配列)' })
  @IsNestedArray(() => ParagraphDto)
  paragraphs!: ParagraphDto[];

  @ApiProperty({ description: '「第N条 削除」として番号だけを残した条であるか' })
  @IsBoolean()
  deleted!: boolean;
}

type MeasureRoles = Measure['roles'];
type AppendixRow = AppendixTable['rows'][number];

/** 役割分担 of one measure, per party. */
export class MeasureRolesDto implements MeasureRoles {
  @ApiProperty({ description: '役割分担: 甲 (連携中枢都市)', maxLength: DTO_LIMITS.text })
  @IsText(DTO_LIMITS.text, 'refuse')
  core!: string;

  @ApiProperty({ description: '役割分担: 乙 (連携市町村)', maxLength: DTO_LIMITS.text })
  @IsText(DTO_LIMITS.text, 'refuse')
  partner!: string;
}

/** 連携施策: one row of the measures table. */
export class MeasureDto implements Measure {
  @ApiProperty({
    description: '連携施策のID (名称が変わっても変わらない。英小文字・数字・ハイフン)',
    pattern: MEASURE_ID_PATTERN.source,
    example: 'm01',
    maxLength: DTO_LIMITS.id,
  })
  @IsMeasureId()
  id!: string;

  @ApiProperty({
    enum: MEASURE_CATEGORIES,
    description: `政策分野: ${MEASURE_CATEGORIES.map((c) => `${c} = ${MEASURE_CATEGORY_NAMES[c]}`).join('、')}`,
  })
  @IsIn(MEASURE_CATEGORIES)
  category!: MeasureCategory;

  @ApiProperty({ description: '連携施策の名称', maxLength: DTO_LIMITS.shortText })
  @IsText(DTO_LIMITS.shortText, 'refuse')
  name!: string;

  @ApiProperty({ description: '取組内容', maxLength: DTO_LIMITS.text })
  @IsText(DTO_LIMITS.text, 'refuse')
  content!: string;

  @ApiProperty({ type: () => MeasureRolesDto, description: '役割分担 (甲・乙それぞれ)' })
  @IsNestedObject(() => MeasureRolesDto)
  roles!: MeasureRolesDto;
}

/** One row of a 別表. */
export class AppendixRowDto implements AppendixRow {
  @ApiProperty({ description: '行のID (別表の中で一意)', example: 'r1', maxLength: DTO_LIMITS.id })
  @IsText(DTO_LIMITS.id, 'refuse')
  id!: string;

  @ApiProperty({ type: [String], description: '欄 (列と同じ数)' })
  @IsBoundedArray(0, DTO_LIMITS.tables)
  @IsText(DTO_LIMITS.text, 'allow', { each: true })
  cells!: string[];
}

/** 別表 (other than the measures table). */
export class AppendixTableDto implements AppendixTable {
  @ApiProperty({ description: '別表の番号 ("1" は別表第1。別表が一つだけなら空文字列)', example: '1' })
  @ValidateBy({
    name: 'isAppendixNumber',
    validator: {
      validate: (value: unknown) =>
        value === '' ||
        (typeof value === 'string' && value.length <= DTO_LIMITS.provisionNumber && isProvisionNumber(value)),
      defaultMessage: () => '$property must be "" for a single 別表 or a number like "1" (別表第1) or "1-2"',
    },
  })
  number!: string;

  @ApiProperty({ description: '別表の題名', maxLength: DTO_LIMITS.shortText })
  @IsText(DTO_LIMITS.shortText, 'allow')
  title!: string;

  @ApiProperty({ type: [String], description: '列の名称' })
  @IsBoundedArray(0, DTO_LIMITS.tables)
  @IsText(DTO_LIMITS.shortText, 'allow', { each: true })
  columns!: string[];

  @ApiProperty({ type: () => [AppendixRowDto], description: '行' })
  @IsNestedArray(() => AppendixRowDto)
  rows!: AppendixRowDto[];
}

/** 附則. */
export class SupplementaryProvisionsDto implements SupplementaryProvisions {
  @ApiProperty({ type: () => [ParagraphDto], description: '附則の項 (1から連続)' })
  @IsNestedArray(() => ParagraphDto)
  paragraphs!: ParagraphDto[];
}

/** The whole text of a 連携協約. */
export class AgreementDocumentDto implements AgreementDocument {
  @ApiProperty({
    description: '題名',
    example: '連携中枢都市圏の形成に係る連携協約',
    maxLength: DTO_LIMITS.shortText,
  })
  @IsText(DTO_LIMITS.shortText, 'refuse')
  title!: string;

  @ApiProperty({ description: '前文 (なければ空文字列)', maxLength: DTO_LIMITS.text })
  @IsText(DTO_LIMITS.text, 'allow')
  preamble!: string;

  @ApiProperty({ type: () => [ArticleDto], minItems: 1, description: '条 (番号順、1つ以上)' })
  @IsNestedArray(() => ArticleDto, { min: 1 })
  articles!: ArticleDto[];

  @ApiProperty({ type: () => [MeasureDto], description: '連携施策 (別表の連携施策一覧)' })
  @IsNestedArray(() => MeasureDto)
  measures!: MeasureDto[];

  @ApiProperty({ type: () => [AppendixTableDto], description: 'その他の別表' })
  @IsNestedArray(() => AppendixTableDto, { max: DTO_LIMITS.tables })
  appendices!: AppendixTableDto[];

  @ApiProperty({ type: () => SupplementaryProvisionsDto, description: '附則' })
  @IsNestedObject(() => SupplementaryProvisionsDto)
  supplementaryProvisions!: SupplementaryProvisionsDto;
}

/** Where a provision is: `{ article: '3-2', paragraph: 2, item: '1' }` is 第3条の2第2項第1号. */
export class ProvisionPathDto implements ProvisionPath {
  @ApiProperty({ type: String, description: `条番号: ${NUMBER_FORMS.条}`, example: '3-2' })
  @IsProvisionNumberReference('条')
  article!: ProvisionNumber;

  @ApiPropertyOptional({ description: '項番号 (省略すると条全体)', minimum: 1, example: 2 })
  @IsOmittable()
  @IsIntegerInRange(1, DTO_LIMITS.entries)
  paragraph?: number;

  @ApiPropertyOptional({
    type: String,
    description: `号番号 (項を指定したときのみ): ${NUMBER_FORMS.号}`,
    example: '1',
  })
  @IsOmittable()
  @IsProvisionNumberReference('号')
  item?: ProvisionNumber;

  @ApiPropertyOptional({
    type: String,
    description: `号の細分の番号 (号を指定したときのみ。ア・イ → "1", "2"): ${NUMBER_FORMS.none}`,
    example: '1',
  })
  @IsOmittable()
  @IsProvisionNumberReference()
  subItem?: ProvisionNumber;
}

const PATH_EXPECTED =
  'a provision: an object { "article": "4", "paragraph": 2 } or a label such as 第4条第2項, 第3条の2第1項第2号, 第四条第二項 or 4-2';

/**
 * A provision in an amendment operation: a {@link ProvisionPathDto}, or the label legal staff write
 * (第4条第2項, 第3条の2第1項第2号, 第四条, 4-2), read into the path before validation — the form recorded
 * and echoed back. A label that names nothing (第4条第0項) is answered 422; one that does not read, 400.
 */
export function IsProvisionPathReference(description: string): PropertyDecorator {
  return (target: object, propertyKey: string | symbol) => {
    ApiExtraModels(ProvisionPathDto)(target.constructor);
    applyDecorators(
      ApiProperty({
        description: `${description}。{ article, paragraph, item, subItem } 又は「第4条第2項」「第3条の2第1項第2号」「第四条」「4-2」のような表示 (記録・応答は { article: "4", paragraph: 2 } の形)`,
        // Object, not the property's class: the class would add an allOf that refuses the string form.
        type: Object,
        oneOf: [{ $ref: getSchemaPath(ProvisionPathDto) }, { type: 'string', example: '第4条第2項' }],
      }),
      ReadAs((input) => {
        const read = readProvisionReference(input);
        return read.ok ? { ok: true, value: plainToInstance(ProvisionPathDto, read.value) } : read;
      }),
      NamesSomething(readProvisionReference, PATH_EXPECTED),
      IsObject({ message: `$property must be ${PATH_EXPECTED}` }),
      ValidateNested(),
      Type(() => ProvisionPathDto),
    )(target, propertyKey);
  };
}

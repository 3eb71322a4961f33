/**
 * Request DTOs for amendment operations (libs/legal-text/src/amendment.ts): the AmendmentOperation
 * union (discriminated by `op`), TextTarget (by `kind`) and ProvisionContent (by `level`).
 *
 * Each union is read with a class-transformer discriminator: the subtype named by the discriminator
 * is instantiated; a missing or unknown value falls back to the union's base class, which keeps
 * only the discriminator, with an @IsIn naming the allowed values — so `{ op: 'renameArticle' }`
 * fails with the one error "op must be one of the following values: replaceWords, …". A null or
 * non-object where an operation belongs is a validation error too, never a TypeError (see
 * {@link discriminated}).
 *
 * Type a property holding operations as `AmendmentOperationDtoUnion[]` (assignable to
 * `AmendmentOperation[]`), or use {@link IsAmendmentOperationList}, which declares all of it.
 */
import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  getSchemaPath,
  type SchemaObject,
} from '@nestjs/swagger';
import { Exclude, Expose, Type, type TypeOptions } from 'class-transformer';
import {
  buildMessage,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  type AddMeasureOperation,
  type AmendmentOperation,
  type ChangeMeasureRoleOperation,
  type DeleteProvisionOperation,
  type InsertArticleOperation,
  type InsertItemOperation,
  type InsertParagraphOperation,
  MEASURE_CATEGORIES,
  type MeasureCategory,
  type ProvisionContent,
  type ProvisionNumber,
  type RemoveMeasureOperation,
  type RenumberArticleOperation,
  type ReplaceProvisionOperation,
  type ReplaceSupplementaryProvisionsOperation,
  type ReplaceWordsOperation,
  type ReviseMeasureOperation,
  type TextTarget,
} from '@kyoyaku/legal-text';
import {
  DTO_LIMITS,
  HasItemLevelsAtMost,
  IsBoundedArray,
  IsIntegerInRange,
  IsMeasureId,
  IsNestedArray,
  IsNestedObject,
  IsOmittable,
  IsProvisionNumberReference,
  IsProvisionPathReference,
  IsText,
  ItemDto,
  MEASURE_REFERENCE_FORMS,
  MeasureDto,
  NUMBER_FORMS,
  ParagraphDto,
  ProvisionPathDto,
  SupplementaryProvisionsDto,
} from './agreement-document.dto';

type DtoClass = new () => object;

/** The classes of a union, keyed by discriminator value. */
type UnionClasses<U, K extends keyof U> = {
  [V in U[K] & string]: new () => Extract<U, Record<K, V>>;
};

/**
 * class-transformer options for a union discriminated by `property`, keeping the property.
 *
 * class-transformer 0.5.1 reads the discriminator of each array element without checking that it
 * is an object, so `[null]` (in an array of operations, or an array sent where one target is
 * expected) throws a TypeError — a 500. The `find` of this subtype list treats that as "no
 * subtype": the element falls back to the base class and fails validation as a 400 instead.
 */
function discriminated(property: string, classes: Readonly<Record<string, DtoClass>>): TypeOptions {
  type SubType = { name: string; value: DtoClass };
  const subTypes: SubType[] = Object.entries(classes).map(([name, value]) => ({ name, value }));
  Object.defineProperty(subTypes, 'find', {
    value(predicate: (subType: SubType, index: number, all: SubType[]) => unknown): SubType | undefined {
      try {
        return subTypes.filter((subType, index) => predicate(subType, index, subTypes))[0];
      } catch (error) {
        if (error instanceof TypeError) return undefined;
        throw error;
      }
    },
  });
  return { discriminator: { property, subTypes }, keepDiscriminatorProperty: true };
}

/** OpenAPI: `oneOf` the subtypes, with the discriminator mapping. */
function oneOfSchema(
  property: string,
  classes: Readonly<Record<string, DtoClass>>,
): Required<Pick<SchemaObject, 'oneOf' | 'discriminator'>> {
  return {
    oneOf: Object.values(classes).map((type) => ({ $ref: getSchemaPath(type) })),
    discriminator: {
      propertyName: property,
      mapping: Object.fromEntries(Object.entries(classes).map(([name, type]) => [name, getSchemaPath(type)])),
    },
  };
}

function IsDiscriminator(values: readonly string[], description: string): PropertyDecorator {
  return applyDecorators(ApiProperty({ enum: [...values], description }), IsIn(values));
}

// ---------------------------------------------------------------------------------------------
// TextTarget: what 「A」を「B」に改める works on
// ---------------------------------------------------------------------------------------------

type TextTargetOf<K extends TextTarget['kind']> = Extract<TextTarget, { kind: K }>;

export class ProvisionTextTargetDto implements TextTargetOf<'provision'> {
  @IsDiscriminator(['provision'], '条・項・号 (見出しを除くその中の全ての字句)')
  kind!: 'provision';

  @IsProvisionPathReference('改める規定')
  path!: ProvisionPathDto;
}

export class CaptionTextTargetDto implements TextTargetOf<'caption'> {
  @IsDiscriminator(['caption'], '条の見出し (（目的）)')
  kind!: 'caption';

  @ApiProperty({ type: String, description: `条番号: ${NUMBER_FORMS.条}`, example: '第3条' })
  @IsProvisionNumberReference('条')
  article!: ProvisionNumber;
}

export class TitleTextTargetDto implements TextTargetOf<'title'> {
  @IsDiscriminator(['title'], '題名')
  kind!: 'title';
}

export class PreambleTextTargetDto implements TextTargetOf<'preamble'> {
  @IsDiscriminator(['preamble'], '前文')
  kind!: 'preamble';
}

export class SupplementaryProvisionsTextTargetDto implements TextTargetOf<'supplementaryProvisions'> {
  @IsDiscriminator(['supplementaryProvisions'], '附則')
  kind!: 'supplementaryProvisions';

  @ApiPropertyOptional({ description: '附則の項番号 (省略すると附則全体)', minimum: 1, example: 1 })
  @IsOmittable()
  @IsIntegerInRange(1, DTO_LIMITS.entries)
  paragraph?: number;
}

export type TextTargetDtoUnion =
  | ProvisionTextTargetDto
  | CaptionTextTargetDto
  | TitleTextTargetDto
  | PreambleTextTargetDto
  | SupplementaryProvisionsTextTargetDto;

export const TEXT_TARGET_CLASSES = {
  provision: ProvisionTextTargetDto,
  caption: CaptionTextTargetDto,
  title: TitleTextTargetDto,
  preamble: PreambleTextTargetDto,
  supplementaryProvisions: SupplementaryProvisionsTextTargetDto,
} as const satisfies UnionClasses<TextTarget, 'kind'>;

const TEXT_TARGET_KINDS = Object.keys(TEXT_TARGET_CLASSES);

/**
 * Base of the TextTarget union: what a target with a missing or unknown `kind` is read as. Like
 * the other bases it keeps only its discriminator (@Exclude/@Expose), so such a target is refused
 * with the one error that matters, not also with "property … should not exist" for its other fields.
 */
@Exclude()
export class TextTargetDto {
  @Expose()
  @IsDiscriminator(TEXT_TARGET_KINDS, '字句を改める対象の種類')
  kind!: TextTarget['kind'];
}

export const TEXT_TARGET_TYPE_OPTIONS = discriminated('kind', TEXT_TARGET_CLASSES);

// ---------------------------------------------------------------------------------------------
// ProvisionContent: the replacement for a whole provision (「第N条を次のように改める」)
// ---------------------------------------------------------------------------------------------

type ProvisionContentOf<L extends ProvisionContent['level']> = Extract<ProvisionContent, { level: L }>;

export class ArticleContentDto implements ProvisionContentOf<'article'> {
  @IsDiscriminator(['article'], '条の内容 (path が条のとき)')
  level!: 'article';

  @ApiProperty({ description: '見出し (括弧なし。なければ空文字列)', example: '目的' })
  @IsText(DTO_LIMITS.shortText, 'allow')
  caption!: string;

  @ApiProperty({ type: () => [ParagraphDto], minItems: 1, description: '項 (1つ以上)' })
  @IsNestedArray(() => ParagraphDto, { min: 1 })
  paragraphs!: ParagraphDto[];
}

export class ParagraphContentDto implements ProvisionContentOf<'paragraph'> {
  @IsDiscriminator(['paragraph'], '項の内容 (path が項のとき)')
  level!: 'paragraph';

  @ApiProperty({ description: '項の本文' })
  @IsText(DTO_LIMITS.text, 'refuse')
  text!: string;

  @ApiProperty({ type: () => [ItemDto], description: '号。なければ空の配列' })
  @IsNestedArray(() => ItemDto)
  @HasItemLevelsAtMost(DTO_LIMITS.itemLevels)
  items!: ItemDto[];
}

export class ItemContentDto implements ProvisionContentOf<'item'> {
  @IsDiscriminator(['item'], '号 (又は号の細分) の内容 (path が号のとき)')
  level!: 'item';

  @ApiProperty({ description: '号の本文' })
  @IsText(DTO_LIMITS.text, 'refuse')
  text!: string;

  @ApiProperty({ type: () => [ItemDto], description: '号の細分。なければ空の配列' })
  @IsNestedArray(() => ItemDto)
  @HasItemLevelsAtMost(DTO_LIMITS.itemLevels - 1)
  subItems!: ItemDto[];
}

export type ProvisionContentDtoUnion = ArticleContentDto | ParagraphContentDto | ItemContentDto;

export const PROVISION_CONTENT_CLASSES = {
  article: ArticleContentDto,
  paragraph: ParagraphContentDto,
  item: ItemContentDto,
} as const satisfies UnionClasses<ProvisionContent, 'level'>;

/** Base of the ProvisionContent union: what content with a missing or unknown `level` is read as. */
@Exclude()
export class ProvisionContentDto {
  @Expose()
  @IsDiscriminator(Object.keys(PROVISION_CONTENT_CLASSES), '置き換える規定の段階 (path の深さと一致)')
  level!: ProvisionContent['level'];
}

export const PROVISION_CONTENT_TYPE_OPTIONS = discriminated('level', PROVISION_CONTENT_CLASSES);

// ---------------------------------------------------------------------------------------------
// The operations
// ---------------------------------------------------------------------------------------------

/** 1-based occurrence, or `'all'`. */
function IsOccurrence(): PropertyDecorator {
  return ValidateBy({
    name: 'isOccurrence',
    validator: {
      validate: (value: unknown) =>
        value === 'all' ||
        (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 1_000_000),
      defaultMessage: buildMessage(
        () =>
          '$property must be a positive integer (1 = the first occurrence of from) or "all"; omit it when from occurs once',
      ),
    },
  });
}

@ApiExtraModels(...Object.values(TEXT_TARGET_CLASSES))
export class ReplaceWordsOperationDto implements ReplaceWordsOperation {
  @IsDiscriminator(['replaceWords'], '「A」を「B」に改める (「A」を削る)')
  op!: 'replaceWords';

  @ApiProperty({ description: '字句を改める対象', ...oneOfSchema('kind', TEXT_TARGET_CLASSES) })
  @IsNestedObject(() => TextTargetDto, TEXT_TARGET_TYPE_OPTIONS)
  target!: TextTargetDtoUnion;

  @ApiProperty({ description: '改める字句「A」', example: '連携施策', minLength: 1 })
  @IsText(DTO_LIMITS.text, 'allow')
  @IsNotEmpty({ message: 'from must not be empty: give the words 「A」 to change' })
  from!: string;

  @ApiProperty({ description: '改めた後の字句「B」 (空文字列なら「A」を削る)', example: '連携事業' })
  @IsText(DTO_LIMITS.text, 'allow')
  to!: string;

  @ApiPropertyOptional({
    oneOf: [
      { type: 'integer', minimum: 1 },
      { type: 'string', enum: ['all'] },
    ],
    description: '何番目の「A」を改めるか (1から)。"all" で全て。「A」が複数あるときは必須',
  })
  @IsOmittable()
  @IsOccurrence()
  occurrence?: number | 'all';
}

@ApiExtraModels(...Object.values(PROVISION_CONTENT_CLASSES))
export class ReplaceProvisionOperationDto implements ReplaceProvisionOperation {
  @IsDiscriminator(['replaceProvision'], '規定を次のように改める (条・項・号の全部改正)')
  op!: 'replaceProvision';

  @IsProvisionPathReference('改める規定')
  path!: ProvisionPathDto;

  @ApiProperty({
    description: '改めた後の内容 (level は path の深さと一致)',
    ...oneOfSchema('level', PROVISION_CONTENT_CLASSES),
  })
  @IsNestedObject(() => ProvisionContentDto, PROVISION_CONTENT_TYPE_OPTIONS)
  content!: ProvisionContentDtoUnion;
}

export class InsertArticleOperationDto implements InsertArticleOperation {
  @IsDiscriminator(['insertArticle'], '条を加える')
  op!: 'insertArticle';

  @ApiProperty({
    type: String,
    nullable: true,
    description: `この条の次に加える (条番号: ${NUMBER_FORMS.条})。先頭に加えるときは null`,
    example: '第3条',
  })
  @ValidateIf((_object: object, value: unknown) => value !== null)
  @IsProvisionNumberReference(
    '条',
    '$property must be the number of the article it follows (第3条, 第3条の2, 第三条の二, "3-2") or null to insert first',
  )
  after!: ProvisionNumber | null;

  @ApiPropertyOptional({
    type: String,
    description: `加える条の番号 (${NUMBER_FORMS.条})。省略すると次の番号又は枝番号 (第3条の2) を付ける`,
    example: '第3条の2',
  })
  @IsOmittable()
  @IsProvisionNumberReference('条')
  number?: ProvisionNumber;

  @ApiProperty({ description: '見出し (括弧なし。なければ空文字列)', example: '連携協約の変更' })
  @IsText(DTO_LIMITS.shortText, 'allow')
  caption!: string;

  @ApiProperty({ type: () => [ParagraphDto], minItems: 1, description: '項 (1つ以上)' })
  @IsNestedArray(() => ParagraphDto, { min: 1 })
  paragraphs!: ParagraphDto[];
}

export class InsertParagraphOperationDto implements InsertParagraphOperation {
  @IsDiscriminator(['insertParagraph'], '項を加える (後の項は繰り下がる)')
  op!: 'insertParagraph';

  @ApiProperty({ type: String, description: `項を加える条の番号: ${NUMBER_FORMS.条}`, example: '第4条' })
  @IsProvisionNumberReference('条')
  article!: ProvisionNumber;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    minimum: 1,
    description: 'この項の次に加える (項番号)。先頭に加えるときは null',
    example: 1,
  })
  @ValidateIf((_object: object, value: unknown) => value !== null)
  @IsIntegerInRange(1, DTO_LIMITS.entries, {
    message: '$property must be the number of the paragraph it follows (1, 2, …) or null to insert first',
  })
  after!: number | null;

  @ApiProperty({ description: '項の本文' })
  @IsText(DTO_LIMITS.text, 'refuse')
  text!: string;

  @ApiProperty({ type: () => [ItemDto], description: '号。なければ空の配列' })
  @IsNestedArray(() => ItemDto)
  @HasItemLevelsAtMost(DTO_LIMITS.itemLevels)
  items!: ItemDto[];
}

export class InsertItemOperationDto implements InsertItemOperation {
  @IsDiscriminator(['insertItem'], '号 (又は号の細分) を加える')
  op!: 'insertItem';

  @IsProvisionPathReference('号を加える項 (又は細分を加える号)')
  parent!: ProvisionPathDto;

  @ApiProperty({
    type: String,
    nullable: true,
    description: `この号の次に加える (号番号: ${NUMBER_FORMS.号})。先頭に加えるときは null`,
    example: '第1号',
  })
  @ValidateIf((_object: object, value: unknown) => value !== null)
  @IsProvisionNumberReference(
    '号',
    '$property must be the number of the item it follows (第1号, 第1号の2, 第一号の二, "1-2") or null to insert first',
  )
  after!: ProvisionNumber | null;

  @ApiPropertyOptional({
    type: String,
    description: `加える号の番号 (${NUMBER_FORMS.号})。省略すると次の番号又は枝番号 (第1号の2) を付ける`,
    example: '第1号の2',
  })
  @IsOmittable()
  @IsProvisionNumberReference('号')
  number?: ProvisionNumber;

  @ApiProperty({ description: '号の本文' })
  @IsText(DTO_LIMITS.text, 'refuse')
  text!: string;

  @ApiProperty({ type: () => [ItemDto], description: '号の細分。なければ空の配列' })
  @IsNestedArray(() => ItemDto)
  @HasItemLevelsAtMost(DTO_LIMITS.itemLevels - 1)
  subItems!: ItemDto[];
}

export class DeleteProvisionOperationDto implements DeleteProvisionOperation {
  @IsDiscriminator(['deleteProvision'], '規定を削る')
  op!: 'deleteProvision';

  @IsProvisionPathReference('削る規定')
  path!: ProvisionPathDto;

  @ApiPropertyOptional({
    description:
      'true: 「第N条 削除」のように番号を残す (後の番号は動かない)。false (省略時): 規定そのものを削る (後の番号は renumberFollowing による)',
  })
  @IsOmittable()
  @IsBoolean()
  leaveDeletedMarker!: boolean;

  @ApiPropertyOptional({
    description:
      '条・号 (号の細分を含む) を削るとき、後の番号を1つずつ繰り上げる (「第5条を削り、第6条を第5条とする。」)。' +
      '省略時は、番号を残さない (leaveDeletedMarker: false) 条・号なら true (例規は番号に欠番を残さない)。' +
      'false: 後の番号はそのまま (欠番が残る)。項は常に繰り上がるため false は指定できない。' +
      '枝番号 (第5条の2) が後にあると番号が定まらないため繰り上げは拒否される',
  })
  @IsOmittable()
  @IsBoolean()
  renumberFollowing?: boolean;
}

/**
 * The operations as recorded: a 削る of an article or 号 that keeps no 「削除」 marker and does not say
 * whether the later numbers move renumbers them (renumberFollowing: true), as 例規 leave no gap. The
 * library's own default stays `false`, so operations stored before the field keep their meaning.
 */
export function withDeleteDefaults<T extends AmendmentOperation>(operations: readonly T[]): T[] {
  return operations.map((op) => {
    if (op.op !== 'deleteProvision') return op;
    // Omitted, leaveDeletedMarker is false: the provision itself is removed.
    const leaveDeletedMarker = (op.leaveDeletedMarker as boolean | undefined) ?? false;
    const renumbers =
      !leaveDeletedMarker &&
      op.renumberFollowing === undefined &&
      (op.path.paragraph === undefined || op.path.item !== undefined);
    return { ...op, leaveDeletedMarker, ...(renumbers ? { renumberFollowing: true } : {}) };
  });
}

export class RenumberArticleOperationDto implements RenumberArticleOperation {
  @IsDiscriminator(['renumberArticle'], '条名を改める (第N条を第M条とする)')
  op!: 'renumberArticle';

  @ApiProperty({ type: String, description: `現在の条番号: ${NUMBER_FORMS.条}`, example: '第5条' })
  @IsProvisionNumberReference('条')
  from!: ProvisionNumber;

  @ApiProperty({ type: String, description: `新しい条番号: ${NUMBER_FORMS.条}`, example: '第6条' })
  @IsProvisionNumberReference('条')
  to!: ProvisionNumber;
}

export class AddMeasureOperationDto implements AddMeasureOperation {
  @IsDiscriminator(['addMeasure'], '連携施策を加える')
  op!: 'addMeasure';

  @ApiProperty({ type: () => MeasureDto, description: '加える連携施策' })
  @IsNestedObject(() => MeasureDto)
  measure!: MeasureDto;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: `この連携施策の次に加える: ${MEASURE_REFERENCE_FORMS}。null なら先頭、省略すると同じ政策分野の最後`,
    example: '別表(1)',
  })
  @IsOptional()
  @IsMeasureId('idOrRow')
  after?: string | null;
}

type MeasureChanges = ReviseMeasureOperation['changes'];

export class ReviseMeasureChangesDto implements MeasureChanges {
  @ApiPropertyOptional({ description: '新しい名称' })
  @IsOmittable()
  @IsText(DTO_LIMITS.shortText, 'refuse')
  name?: string;

  @ApiPropertyOptional({ description: '新しい取組内容' })
  @IsOmittable()
  @IsText(DTO_LIMITS.text, 'refuse')
  content?: string;

  @ApiPropertyOptional({ enum: [...MEASURE_CATEGORIES], description: '新しい政策分野' })
  @IsOmittable()
  @IsIn(MEASURE_CATEGORIES)
  category?: MeasureCategory;
}

export class ReviseMeasureOperationDto implements ReviseMeasureOperation {
  @IsDiscriminator(['reviseMeasure'], '連携施策の名称・取組内容・政策分野を改める')
  op!: 'reviseMeasure';

  @ApiProperty({ description: `改める連携施策: ${MEASURE_REFERENCE_FORMS}`, example: '別表(1)' })
  @IsMeasureId('idOrRow')
  id!: string;

  @ApiProperty({ type: () => ReviseMeasureChangesDto, description: '改める項目 (1つ以上)' })
  @IsNestedObject(() => ReviseMeasureChangesDto)
  @ValidateBy({
    name: 'hasChanges',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' &&
        value !== null &&
        ['name', 'content', 'category'].some((key) => Reflect.get(value, key) !== undefined),
      defaultMessage: () => '$property must set at least one of name, content, category',
    },
  })
  changes!: ReviseMeasureChangesDto;
}

export class RemoveMeasureOperationDto implements RemoveMeasureOperation {
  @IsDiscriminator(['removeMeasure'], '連携施策を削る')
  op!: 'removeMeasure';

  @ApiProperty({ description: `削る連携施策: ${MEASURE_REFERENCE_FORMS}`, example: 'm03' })
  @IsMeasureId('idOrRow')
  id!: string;
}

export class ChangeMeasureRoleOperationDto implements ChangeMeasureRoleOperation {
  @IsDiscriminator(['changeMeasureRole'], '連携施策の役割分担を改める')
  op!: 'changeMeasureRole';

  @ApiProperty({ description: `役割分担を改める連携施策: ${MEASURE_REFERENCE_FORMS}`, example: '別表(4)' })
  @IsMeasureId('idOrRow')
  id!: string;

  @ApiProperty({ enum: ['core', 'partner'], description: '当事者: core = 甲 (連携中枢都市)、partner = 乙' })
  @IsIn(['core', 'partner'])
  party!: 'core' | 'partner';

  @ApiProperty({ description: '新しい役割分担' })
  @IsText(DTO_LIMITS.text, 'refuse')
  role!: string;
}

export class ReplaceSupplementaryProvisionsOperationDto implements ReplaceSupplementaryProvisionsOperation {
  @IsDiscriminator(['replaceSupplementaryProvisions'], '附則を改める (附則の全部)')
  op!: 'replaceSupplementaryProvisions';

  @ApiProperty({ type: () => SupplementaryProvisionsDto, description: '改めた後の附則' })
  @IsNestedObject(() => SupplementaryProvisionsDto)
  supplementaryProvisions!: SupplementaryProvisionsDto;
}

export type AmendmentOperationDtoUnion =
  | ReplaceWordsOperationDto
  | ReplaceProvisionOperationDto
  | InsertArticleOperationDto
  | InsertParagraphOperationDto
  | InsertItemOperationDto
  | DeleteProvisionOperationDto
  | RenumberArticleOperationDto
  | AddMeasureOperationDto
  | ReviseMeasureOperationDto
  | RemoveMeasureOperationDto
  | ChangeMeasureRoleOperationDto
  | ReplaceSupplementaryProvisionsOperationDto;

/** Every operation, keyed by `op`; the type checks that each class fits its operation. */
export const AMENDMENT_OPERATION_CLASSES = {
  replaceWords: ReplaceWordsOperationDto,
  replaceProvision: ReplaceProvisionOperationDto,
  insertArticle: InsertArticleOperationDto,
  insertParagraph: InsertParagraphOperationDto,
  insertItem: InsertItemOperationDto,
  deleteProvision: DeleteProvisionOperationDto,
  renumberArticle: RenumberArticleOperationDto,
  addMeasure: AddMeasureOperationDto,
  reviseMeasure: ReviseMeasureOperationDto,
  removeMeasure: RemoveMeasureOperationDto,
  changeMeasureRole: ChangeMeasureRoleOperationDto,
  replaceSupplementaryProvisions: ReplaceSupplementaryProvisionsOperationDto,
} as const satisfies UnionClasses<AmendmentOperation, 'op'>;

export const AMENDMENT_OPERATION_KINDS = Object.keys(
  AMENDMENT_OPERATION_CLASSES,
) as AmendmentOperation['op'][];

/**
 * Base of the AmendmentOperation union: what an operation with a missing or unknown `op` is read
 * as (and so refused). Referencing it in OpenAPI (`type: [AmendmentOperationDto]`) also registers
 * every operation schema; prefer {@link AMENDMENT_OPERATION_SCHEMA} for the property itself.
 */
@ApiExtraModels(...Object.values(AMENDMENT_OPERATION_CLASSES))
@Exclude()
export class AmendmentOperationDto {
  @Expose()
  @IsDiscriminator(AMENDMENT_OPERATION_KINDS, '改正の操作の種類')
  op!: AmendmentOperation['op'];
}

/** For `@Type(() => AmendmentOperationDto, AMENDMENT_OPERATION_TYPE_OPTIONS)` on an operations array. */
export const AMENDMENT_OPERATION_TYPE_OPTIONS = discriminated('op', AMENDMENT_OPERATION_CLASSES);

/** OpenAPI schema of one operation: `oneOf` the operation schemas, discriminated by `op`. */
export const AMENDMENT_OPERATION_SCHEMA: SchemaObject = oneOfSchema('op', AMENDMENT_OPERATION_CLASSES);

/**
 * Everything an `operations` property needs: an array of 1..`max` operations, each validated as
 * the subtype its `op` names, documented as `oneOf`. Type the property `AmendmentOperationDtoUnion[]`.
 */
export function IsAmendmentOperationList({ max = 500 }: { max?: number } = {}): PropertyDecorator {
  return (target: object, propertyKey: string | symbol) => {
    ApiExtraModels(...Object.values(AMENDMENT_OPERATION_CLASSES))(target.constructor);
    applyDecorators(
      ApiProperty({
        type: 'array',
        items: AMENDMENT_OPERATION_SCHEMA,
        minItems: 1,
        maxItems: max,
        description: '改正の操作 (順に適用)',
      }),
      IsBoundedArray(1, max, 'objects'),
      ValidateNested({ each: true }),
      Type(() => AmendmentOperationDto, AMENDMENT_OPERATION_TYPE_OPTIONS),
    )(target, propertyKey);
  };
}

/** A body holding only a list of operations (e.g. to check an amendment against a version). */
export class AmendmentOperationListDto {
  @IsAmendmentOperationList()
  operations!: AmendmentOperationDtoUnion[];
}

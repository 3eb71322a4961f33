import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../http/pagination.dto';
import {
  ID_MESSAGE,
  ID_PATTERN,
  IsDecimalInteger,
  IsInstant,
  IsLegalDate,
  IsMunicipalityCode,
  IsPosition,
} from '../../http/validators';

export const AGREEMENT_STATUSES = [
  'negotiating',
  'withdrawn',
  'not-yet-in-force',
  'in-force',
  'abolished',
] as const;
export const RENDER_STYLES = ['municipal', 'kanji'] as const;

/** The highest version or draft number a path or query names. */
export const MAX_VERSION_NUMBER = 100000;

export class ListAgreementsQueryDto {
  @ApiPropertyOptional({
    description: '当事者の全国地方公共団体コード (甲・乙のいずれか)',
    example: '023019',
  })
  @IsOptional()
  @IsMunicipalityCode()
  party?: string;

  @ApiPropertyOptional({
    enum: AGREEMENT_STATUSES,
    description: '本日時点の状態 (協議中・取下げ・未施行・施行中・廃止)',
  })
  @IsOptional()
  @IsIn(AGREEMENT_STATUSES, { message: `status must be one of ${AGREEMENT_STATUSES.join(', ')}` })
  status?: (typeof AGREEMENT_STATUSES)[number];

  @ApiPropertyOptional({ description: '連携中枢都市圏ID' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  regionId?: string;

  @ApiPropertyOptional({ description: 'このIDより後 (前ページの nextCursor)' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'after must be the nextCursor of the previous page' })
  after?: string;

  @ApiPropertyOptional({ description: `1ページの件数 (1〜${MAX_PAGE_SIZE})`, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @IsDecimalInteger(1, MAX_PAGE_SIZE, 'a page size')
  limit?: number;
}

export class StyleQueryDto {
  @ApiPropertyOptional({
    enum: RENDER_STYLES,
    description:
      '表記 (横書き municipal: 第1条・令和3年4月1日 / 漢数字 kanji: 第一条・令和三年四月一日)。省略時は本文自身の表記 (通常は municipal)',
  })
  @IsOptional()
  @IsIn(RENDER_STYLES, { message: 'style must be municipal (第1条) or kanji (第一条)' })
  style?: (typeof RENDER_STYLES)[number];
}

export class AsOfQueryDto {
  @ApiPropertyOptional({
    description: '時点指定 (この日に施行されている版)。省略時は本日 (日本時間)',
    example: '2020-04-01',
  })
  @IsOptional()
  @IsLegalDate()
  asOf?: string;
}

export class TextQueryDto extends StyleQueryDto {
  @ApiPropertyOptional({
    description: '時点指定 (この日に施行されている版)。省略時は本日 (日本時間)',
    example: '2020-04-01',
  })
  @IsOptional()
  @IsLegalDate()
  asOf?: string;

  @ApiPropertyOptional({
    description: 'この時刻に台帳が記録していた事実で答える (RFC 3339)',
    example: '2021-04-01T00:00:00Z',
  })
  @IsOptional()
  @IsInstant()
  knownAt?: string;

  @ApiPropertyOptional({ description: 'このグローバル位置までの記録で答える', example: '120' })
  @IsOptional()
  @IsPosition()
  atPosition?: string;
}

export class VersionParams {
  @ApiPropertyOptional({ description: '協約ID' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  agreementId!: string;

  @ApiPropertyOptional({ description: '版番号 (1始まり)' })
  @IsDecimalInteger(1, MAX_VERSION_NUMBER, 'a version number (1, 2, 3 …)')
  n!: number;
}

export class MeasureParams {
  @ApiPropertyOptional({ description: '協約ID' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  agreementId!: string;

  @ApiPropertyOptional({ description: '連携施策ID' })
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'measureId must be a measure id such as m01' })
  measureId!: string;
}

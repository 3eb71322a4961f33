import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';
import { IsLegalDate, IsMunicipalityCode } from '../../http/validators';
import { IsNestedObject } from './agreement-document.dto';

/** The addressee as the client states it: checked against the one the ledger derives. */
export class NotificationAddresseeDto {
  @ApiProperty({
    enum: ['prefectural-governor', 'minister-of-internal-affairs'],
    description: '届出先の種別 (都道府県知事 / 総務大臣)',
  })
  @IsIn(['prefectural-governor', 'minister-of-internal-affairs'], {
    message:
      'addressee.kind must be prefectural-governor (都道府県知事) or minister-of-internal-affairs (総務大臣)',
  })
  kind!: 'prefectural-governor' | 'minister-of-internal-affairs';

  @ApiPropertyOptional({
    description: '都道府県知事のとき、その都道府県の団体コード (例: 青森県 020001)',
    example: '020001',
  })
  @IsOptional()
  @IsMunicipalityCode()
  prefectureCode?: string;
}

/**
 * 届出 after conclusion (地方自治法 第252条の2第2項): by one party for itself, or by both in one filing
 * (連名). The addressee is derived from the parties' codes.
 */
export class RecordGovernorNotificationRequestDto {
  @ApiProperty({
    type: [String],
    enum: ['core', 'partner'],
    description:
      '届出をした当事者: 自団体の届出は ["core"] (甲) 又は ["partner"] (乙)、連名の届出は ["core", "partner"]',
    example: ['core', 'partner'],
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'filedBy must name the filing party: ["core"], ["partner"] or both' })
  @ArrayMaxSize(2, { message: 'filedBy names at most the two parties' })
  @ArrayUnique({ message: 'filedBy must not name a party twice' })
  @IsIn(['core', 'partner'], { each: true, message: 'filedBy must hold core (甲) and/or partner (乙)' })
  filedBy!: ('core' | 'partner')[];

  @ApiProperty({ description: '届出の文書番号', example: '青企第1201号' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  documentNumber!: string;

  @ApiProperty({ description: '届出日', example: '2019-12-26' })
  @IsLegalDate()
  notifiedOn!: string;

  @ApiPropertyOptional({
    type: NotificationAddresseeDto,
    description:
      '届出先。当事者の団体コードから定まる (市町村間: 届出をする団体の都道府県知事、都道府県が当事者: 総務大臣) ので省略できます。指定した場合、定まる届出先と異なれば 422 WrongNotificationRecipient',
  })
  @IsOptional()
  @IsNestedObject(() => NotificationAddresseeDto)
  addressee?: NotificationAddresseeDto;
}

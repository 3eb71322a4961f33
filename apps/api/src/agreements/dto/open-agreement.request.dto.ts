import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN, IsLegalDate } from '../../http/validators';
import { AgreementDocumentDto, IsNestedObject } from './agreement-document.dto';
import { PartyDto } from './party.dto';

/** POST /agreements: the first draft; opens the conclusion proceeding (締結手続). */
export class OpenAgreementRequestDto {
  @ApiPropertyOptional({ description: '協約ID (省略時はサーバーが採番)', example: 'aomori-hiranai' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  agreementId?: string;

  @ApiProperty({ description: '連携中枢都市圏ID', example: 'aomori' })
  @IsString()
  @IsNotEmpty()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  regionId!: string;

  @ApiProperty({ type: PartyDto, description: '甲 (連携中枢都市)' })
  @IsNestedObject(() => PartyDto)
  coreCity!: PartyDto;

  @ApiProperty({ type: PartyDto, description: '乙 (連携市町村)' })
  @IsNestedObject(() => PartyDto)
  partner!: PartyDto;

  @ApiPropertyOptional({ description: '締結手続のID (省略時はサーバーが採番)', example: 'conclusion' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  proceedingId?: string;

  @ApiProperty({ description: '案の作成日', example: '2019-11-20' })
  @IsLegalDate()
  draftedOn!: string;

  @ApiProperty({ type: AgreementDocumentDto, description: '協約案の本文' })
  @IsNestedObject(() => AgreementDocumentDto)
  document!: AgreementDocumentDto;
}

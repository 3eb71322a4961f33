import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN } from '../../http/validators';

export class AgreementParams {
  @ApiProperty({ description: '協約ID', example: 'aomori-hiranai' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  agreementId!: string;
}

export class ProceedingParams extends AgreementParams {
  @ApiProperty({ description: '手続ID', example: 'conclusion' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  proceedingId!: string;
}

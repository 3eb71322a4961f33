import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsLegalDate } from '../../http/validators';

/** 届出 to 都道府県知事 (or 総務大臣 where a prefecture is a party), after conclusion. */
export class RecordGovernorNotificationRequestDto {
  @ApiProperty({
    enum: ['prefectural-governor', 'minister-of-internal-affairs'],
    description: '届出先 (都道府県知事 / 総務大臣)',
  })
  @IsIn(['prefectural-governor', 'minister-of-internal-affairs'], {
    message:
      'recipient must be prefectural-governor (都道府県知事) or minister-of-internal-affairs (総務大臣)',
  })
  recipient!: 'prefectural-governor' | 'minister-of-internal-affairs';

  @ApiProperty({ description: '届出日', example: '2019-12-26' })
  @IsLegalDate()
  notifiedOn!: string;
}

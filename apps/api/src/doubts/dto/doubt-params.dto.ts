import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN } from '../../http/validators';

export class DoubtParams {
  @ApiProperty({ description: '疑義ID', example: 'imabetsu-2022-migration' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  doubtId!: string;
}

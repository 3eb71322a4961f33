import { ApiPropertyOptional } from '@nestjs/swagger';
import type { DoubtStatus } from '@kyoyaku/domain';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../http/pagination.dto';

const STATUSES: readonly DoubtStatus[] = [
  'open',
  'escalated',
  'resolved',
  'withdrawn',
  'settled',
  'unsettled',
];

export class ListDoubtsQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: STATUSES, description: '状態で絞り込み' })
  @IsOptional()
  @IsIn(STATUSES, { message: `status must be one of ${STATUSES.join(', ')}` })
  status?: DoubtStatus;
}

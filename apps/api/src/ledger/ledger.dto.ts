import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

const POSITIVE = /^[1-9]\d{0,18}$/;
const NATURAL = /^(0|[1-9]\d{0,18})$/;

export class InclusionQueryDto {
  @ApiProperty({ description: '証明するイベントのグローバル位置 (1始まり)', example: '42' })
  @Matches(POSITIVE, { message: 'position must be a global position (1, 2, 3 …)' })
  position!: string;

  @ApiProperty({ description: '木の大きさ (チェックポイントの size)', example: '104' })
  @Matches(POSITIVE, { message: 'treeSize must be a tree size (1, 2, 3 …), at least position' })
  treeSize!: string;
}

export class ConsistencyQueryDto {
  @ApiProperty({ description: '古いチェックポイントの size', example: '50' })
  @Matches(NATURAL, { message: 'from must be a tree size (0, 1, 2 …)' })
  from!: string;

  @ApiProperty({ description: '新しいチェックポイントの size', example: '104' })
  @Matches(POSITIVE, { message: 'to must be a tree size (1, 2, 3 …), at least from' })
  to!: string;
}

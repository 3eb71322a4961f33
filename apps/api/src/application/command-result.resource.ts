import { ApiProperty } from '@nestjs/swagger';
import type { CommandResult } from '@kyoyaku/runtime';

export class CommandResultResource implements CommandResult {
  @ApiProperty({ description: '記録したストリーム', example: 'agreement-aomori-hiranai' })
  streamId!: string;
  @ApiProperty({ description: '記録後のリビジョン (新しい ETag)', example: '7' })
  revision!: string;
  @ApiProperty({ description: '最後に記録したイベントのグローバル位置', example: '42' })
  position!: string;
  @ApiProperty({ type: [String], description: '記録したイベントのID' })
  eventIds!: string[];
  @ApiProperty({ description: '読み取りモデルへの反映が完了したか (read-your-writes)' })
  projected!: boolean;
}

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

class KeyPeriodBoundResource {
  @ApiProperty({ description: '木の大きさ (この大きさのチェックポイントから／まで署名する)', example: '104' })
  treeSize!: string;
  @ApiProperty({ description: '時刻 (RFC 3339)', example: '2026-11-27T03:00:00.000Z' })
  at!: string;
}

export class VerifierKeyResource {
  @ApiProperty({ description: '検証鍵 (`<name>+<hash>+<base64>`)' })
  verifierKey!: string;
  @ApiProperty({
    description: '署名行が名乗る鍵の識別子 (`<name>+<8 hex>`)',
    example: 'kyoyaku-ledger+1a2b3c4d',
  })
  keyId!: string;
  @ApiProperty({ type: KeyPeriodBoundResource, description: '有効期間の始まり (最初の鍵は木の大きさ 0)' })
  from!: KeyPeriodBoundResource;
  @ApiProperty({
    type: KeyPeriodBoundResource,
    nullable: true,
    description: '有効期間の終わり (次の鍵への交代。この大きさまで署名できる)。現在の鍵は null',
  })
  to!: KeyPeriodBoundResource | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'この鍵を導入した鍵交代の声明 (signed note。本文は origin・"key rotation"・木の大きさ・時刻・旧鍵・新鍵の6行、旧鍵と新鍵が署名)。最初の鍵は null',
  })
  rotationStatement!: string | null;
}

export class VerifierKeyHistoryResource {
  @ApiProperty({ description: '鍵の名前 (チェックポイントの origin)', example: 'kyoyaku-ledger' })
  origin!: string;
  @ApiProperty({ description: '現在署名している鍵 (keys の最後)' })
  current!: string;
  @ApiProperty({ type: [VerifierKeyResource], description: 'これまで署名に使ったすべての鍵 (古い順)' })
  keys!: VerifierKeyResource[];
}

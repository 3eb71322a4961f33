import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { EventMetadata, JsonObject, RecordedEvent } from '@kyoyaku/event-store';

/** An event as API clients see it: bigints as decimal strings, everything else as stored. */
export class EventResource {
  @ApiProperty({ description: 'イベントID (UUIDv7)' })
  eventId!: string;
  @ApiProperty({ description: 'ストリームID', example: 'agreement-aomori-hiranai' })
  streamId!: string;
  @ApiProperty({ description: 'ストリーム内のリビジョン (0始まり)', example: '0' })
  revision!: string;
  @ApiProperty({
    description:
      'グローバル位置 (1以上、コミット順に増加。SQLite・PostgreSQL では 1,2,3… と欠番なし、EventStoreDB ではコミット位置)',
    example: '1',
  })
  position!: string;
  @ApiPropertyOptional({
    description:
      'ハッシュが対象とする位置 (position と異なる場合のみ: EventStoreDB では 0、移行されたイベントでは最初の位置)',
    example: '0',
  })
  hashedPosition?: string;
  @ApiProperty({ description: 'イベント種別 (過去形)', example: 'AgreementDrafted' })
  type!: string;
  @ApiProperty()
  schemaVersion!: number;
  @ApiProperty({ type: 'object', additionalProperties: true })
  data!: JsonObject;
  @ApiProperty({ type: 'object', additionalProperties: true, description: '記録者・記録時刻・相関ID等' })
  metadata!: EventMetadata;
  @ApiProperty({ description: 'RFC 8785 正規化JSONの SHA-256 (hex)' })
  hash!: string;
  @ApiPropertyOptional({
    description: '同一ストリームの直前イベントのハッシュ',
    nullable: true,
    type: String,
  })
  prevHash!: string | null;
}

export function toEventResource(event: RecordedEvent): EventResource {
  return {
    eventId: event.eventId,
    streamId: event.streamId,
    revision: event.revision.toString(),
    position: event.position.toString(),
    ...(event.hashedPosition === undefined ? {} : { hashedPosition: event.hashedPosition.toString() }),
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    hash: event.hash,
    prevHash: event.prevHash,
  };
}

/** In place of an event the caller may not read (a doubt, for anyone but its parties): see WithheldEvent. */
export class WithheldEventResource {
  @ApiProperty({ description: 'グローバル位置', example: '81' })
  position!: string;
  @ApiPropertyOptional({ description: 'ハッシュが対象とする位置 (position と異なる場合のみ)' })
  hashedPosition?: string;
  @ApiProperty({ description: '閲覧権限がないため内容を示さないイベント', enum: [true] })
  withheld!: true;
  @ApiProperty({ description: 'イベントのハッシュ (hex)' })
  hash!: string;
  @ApiProperty({ description: 'RFC 9162 の葉ハッシュ SHA-256(0x00‖正準形) (base64): 包含・一貫性の検証用' })
  leafHash!: string;
}

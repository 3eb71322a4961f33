import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore } from '@kyoyaku/event-store';
import {
  CHECKPOINTS_COLLECTION,
  type CheckpointDoc,
  Projector,
  SqliteReadModels,
} from '@kyoyaku/projections';
import { ReadAccess } from '../auth/access.decorators';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config';
import { type IntegrityState, LedgerIntegrity } from '../ledger/ledger-integrity';

class StoreHealth {
  @ApiProperty({ enum: ['sqlite', 'postgres', 'eventstoredb'], description: '使用中のイベントストア' })
  kind!: string;
  @ApiProperty({ description: '最新のグローバル位置 (head position)', example: '128' })
  headPosition!: string;
}

class ProjectionHealth {
  @ApiProperty({ description: '読み取りモデルが反映済みの位置', example: '128' })
  checkpoint!: string;
  @ApiProperty({ description: '未反映のイベント数 (head − checkpoint)', example: 0 })
  lag!: number;
}

class IntegrityHealth {
  @ApiProperty({
    nullable: true,
    description: '最後に発行されたチェックポイント (手続の締結ごと)',
    type: Object,
  })
  lastCheckpoint!: CheckpointDoc | null;
  @ApiProperty({ description: '保存済みイベントと木の再検証 (起動時と1時間ごと)', type: Object })
  verification!: IntegrityState;
}

class HealthResponse {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';
  @ApiProperty({ type: StoreHealth })
  store!: StoreHealth;
  @ApiProperty({ type: ProjectionHealth })
  projection!: ProjectionHealth;
  @ApiProperty({ type: IntegrityHealth })
  integrity!: IntegrityHealth;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
    private readonly readModels: SqliteReadModels,
    private readonly integrity: LedgerIntegrity,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Get()
  @ReadAccess()
  @ApiOkResponse({ type: HealthResponse })
  async health(): Promise<HealthResponse> {
    const head = await this.store.headPosition();
    const checkpoint = this.projector.checkpoint();
    return {
      status: 'ok',
      store: { kind: this.config.store, headPosition: head.toString() },
      projection: { checkpoint: checkpoint.toString(), lag: Number(head - checkpoint) },
      integrity: {
        lastCheckpoint:
          this.readModels.reader().list<CheckpointDoc>(CHECKPOINTS_COLLECTION, { limit: 1, reverse: true })[0]
            ?.doc ?? null,
        verification: this.integrity.integrityState,
      },
    };
  }
}

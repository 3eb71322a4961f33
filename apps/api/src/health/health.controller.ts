import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore } from '@kyoyaku/event-store';
import { Projector } from '@kyoyaku/projections';
import { ReadAccess } from '../auth/access.decorators';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config';

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

class HealthResponse {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';
  @ApiProperty({ type: StoreHealth })
  store!: StoreHealth;
  @ApiProperty({ type: ProjectionHealth })
  projection!: ProjectionHealth;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
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
    };
  }
}

import { Controller, Get, Inject, type OnModuleDestroy, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EVENT_STORE, type EventStore, observesCommits } from '@kyoyaku/event-store';
import {
  CHECKPOINTS_COLLECTION,
  type CheckpointDoc,
  Projector,
  type ReadModelSource,
  SqliteReadModels,
} from '@kyoyaku/projections';
import { accessSync, constants, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { ProbeAccess, ReadAccess } from '../auth/access.decorators';
import { ProblemException } from '../http/problem';
import { ProblemResource } from '../http/problem-responses';
import { STORE_RETRY_AFTER_SECONDS } from '../http/error-mapping';
import {
  LEDGER_CONFIG,
  type LedgerConfig,
  CLOCK,
  type Clock,
  LEDGER_FILE_NAME,
  type IntegrityState,
  LedgerIntegrity,
  type ReadModelCheckState,
} from '@kyoyaku/runtime';

/** Most events counted for the lag where positions have gaps (one read of the store). */
const LAG_COUNT_LIMIT = 10_000;

class StoreHealth {
  @ApiProperty({ enum: ['sqlite', 'postgres', 'eventstoredb'], description: '使用中のイベントストア' })
  kind!: string;
  @ApiProperty({ description: '最新のグローバル位置 (head position)', example: '128' })
  headPosition!: string;
}

class ProjectionHealth {
  @ApiProperty({
    enum: ['projector', 'follower'],
    description:
      'projector: このプロセスがイベントを読み取りモデルに反映する (単独、または PostgreSQL 上の複数プロセスから選ばれた1つ); follower: 選ばれたプロセスの反映に追随する',
  })
  role!: 'projector' | 'follower';
  @ApiProperty({ description: '読み取りモデルが反映済みの位置', example: '128' })
  checkpoint!: string;
  @ApiProperty({
    description: `未反映のイベント数 (位置に欠番のないストアでは head − checkpoint、EventStoreDB では数えた数で最大 ${LAG_COUNT_LIMIT})`,
    example: 0,
  })
  lag!: number;
}

class IntegrityHealth {
  @ApiProperty({
    nullable: true,
    description: '最後に発行されたチェックポイント (手続の締結ごと)',
    type: Object,
  })
  lastCheckpoint!: CheckpointDoc | null;
  @ApiProperty({
    description:
      '保存済みイベント (JSON・ハッシュ・連鎖)・木の根・これまで署名したすべてのチェックポイントの再検証。プロジェクタを担うプロセスだけが行う (その役に就いたとき全件、以後1時間ごとに新しいイベントと順に巡る古いイベントの標本)。他のプロセスは PostgreSQL に記録された結果を示す。' +
      'status: not-yet-checked | ok | failing (position に最初の不正な位置、problem に内容。failing の間は署名しない)',
    type: Object,
  })
  verification!: IntegrityState;
  @ApiProperty({
    description:
      '読み取りモデルの照合: イベントから別に作り直した読み取りモデルと、問合せが読むものを文書ごとに比べる (再検証のたびに、プロジェクタを担うプロセスで。CLI check-read-models)。' +
      'status: not-yet-checked | ok | drift (differences に最初の食い違う文書)',
    type: Object,
  })
  readModels!: ReadModelCheckState;
}

class WriteHealth {
  @ApiProperty({
    enum: ['ok', 'failed'],
    nullable: true,
    description: '直近のグループコミットの結果 (起動後まだ書込みがなければ null)',
  })
  lastCommit!: 'ok' | 'failed' | null;
  @ApiProperty({
    nullable: true,
    description: '書込みが失敗し続けている最初の時刻 (次の書込みが成功すると null)',
  })
  failingSince!: string | null;
}

class DataFolderHealth {
  @ApiProperty({
    description: 'データフォルダとそのデータベースファイルに書き込めるか (読取専用・不変属性なら false)',
  })
  writable!: boolean;
  @ApiProperty({ description: 'データフォルダのファイルシステムの空き容量 (バイト)', example: '1073741824' })
  freeBytes!: string;
}

class HealthResponse {
  @ApiProperty({
    enum: ['ok', 'degraded'],
    description:
      'degraded: 直近の書込みが失敗したか、データフォルダに書き込めない (読取りは続く; 書込みは 503)、完全性の検証が failing (integrity.verification)、または読み取りモデルが drift (integrity.readModels)',
  })
  status!: 'ok' | 'degraded';
  @ApiProperty({ type: StoreHealth })
  store!: StoreHealth;
  @ApiProperty({ type: WriteHealth })
  writes!: WriteHealth;
  @ApiProperty({ type: DataFolderHealth })
  dataFolder!: DataFolderHealth;
  @ApiProperty({ type: ProjectionHealth })
  projection!: ProjectionHealth;
  @ApiProperty({ type: IntegrityHealth })
  integrity!: IntegrityHealth;
}

class LiveResponse {
  @ApiProperty({ enum: ['live'], description: 'プロセスが応答している' })
  status!: 'live';
}

class ReadyResponse {
  @ApiProperty({
    enum: ['ready'],
    description: '要求を受けられる (ストアに届き、完全性の検証に失敗がなく、投影の遅れが上限以内)',
  })
  status!: 'ready';
  @ApiProperty({ description: '最新のグローバル位置', example: '128' })
  headPosition!: string;
  @ApiProperty({ description: '未反映のイベント数', example: 0 })
  projectionLag!: number;
  @ApiProperty({ description: '遅れの上限 (LEDGER_READY_MAX_LAG)', example: 1000 })
  maxProjectionLag!: number;
  @ApiProperty({ enum: ['not-yet-checked', 'ok'], description: '完全性の検証の状態' })
  integrity!: 'not-yet-checked' | 'ok';
}

/** The embedded store's file and the API state file (tokens, idempotency records). */
const DATA_FILES = [LEDGER_FILE_NAME, 'api.sqlite'];

/**
 * Whether the data folder and its database files can be written now (a read-only mount, an
 * immutable file) and the free space of its file system: checked on each request, so the answer
 * recovers by itself when the disk does.
 */
function dataFolderHealth(dataDir: string): DataFolderHealth {
  let writable = true;
  for (const path of [dataDir, ...DATA_FILES.map((name) => join(dataDir, name))]) {
    try {
      accessSync(path, constants.W_OK);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') writable = false;
    }
  }
  let freeBytes = '0';
  try {
    const fs = statfsSync(dataDir, { bigint: true });
    freeBytes = (fs.bavail * fs.bsize).toString();
  } catch {
    writable = false;
  }
  return { writable, freeBytes };
}

@ApiTags('health')
@Controller('health')
export class HealthController implements OnModuleDestroy {
  private lastCommit: 'ok' | 'failed' | null = null;
  private failingSince: string | null = null;
  private readonly stopObserving: () => void;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
    @Inject(SqliteReadModels) private readonly readModels: ReadModelSource,
    private readonly integrity: LedgerIntegrity,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.stopObserving = observesCommits(store)
      ? store.observeCommits(({ committed }) => {
          this.lastCommit = committed ? 'ok' : 'failed';
          if (committed) this.failingSince = null;
          else this.failingSince ??= this.clock.now().toISOString();
        })
      : () => undefined;
  }

  onModuleDestroy(): void {
    this.stopObserving();
  }

  @Get()
  @ReadAccess()
  @ApiOkResponse({ type: HealthResponse })
  async health(): Promise<HealthResponse> {
    const head = await this.store.headPosition();
    const checkpoint = this.projector.checkpoint();
    const dataFolder = dataFolderHealth(this.config.dataDir);
    return {
      status:
        this.lastCommit === 'failed' ||
        !dataFolder.writable ||
        this.integrity.integrityState.status === 'failing' ||
        this.integrity.readModelCheck.status === 'drift'
          ? 'degraded'
          : 'ok',
      store: { kind: this.config.store, headPosition: head.toString() },
      writes: { lastCommit: this.lastCommit, failingSince: this.failingSince },
      dataFolder,
      projection: {
        role: this.projector.role(),
        checkpoint: checkpoint.toString(),
        lag: await this.lag(head, checkpoint),
      },
      integrity: {
        lastCheckpoint:
          this.readModels.reader().list<CheckpointDoc>(CHECKPOINTS_COLLECTION, { limit: 1, reverse: true })[0]
            ?.doc ?? null,
        verification: this.integrity.integrityState,
        readModels: this.integrity.readModelCheck,
      },
    };
  }

  /** Liveness: the process answers. Restart it when this stops answering, not when it is not ready. */
  @Get('live')
  @ProbeAccess()
  @ApiOkResponse({ type: LiveResponse })
  live(): LiveResponse {
    return { status: 'live' };
  }

  /**
   * Readiness, for a load balancer: 503 while the store cannot be reached, the integrity check has
   * failed, or the projector is more than LEDGER_READY_MAX_LAG events behind (reads would be stale),
   * so that the process is taken out until it recovers; it recovers by itself.
   */
  @Get('ready')
  @ProbeAccess()
  @ApiOkResponse({ type: ReadyResponse })
  @ApiResponse({
    status: 503,
    description: '要求を受けられない (detail に理由)。Retry-After 秒後に再確認',
    content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemResource) } } },
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadyResponse> {
    const reasons: string[] = [];
    let head: bigint | null = null;
    try {
      head = await this.store.headPosition();
    } catch {
      reasons.push('the event store cannot be reached');
    }
    const integrityState = this.integrity.integrityState;
    const integrity = integrityState.status;
    if (integrity === 'failing') {
      reasons.push(`the integrity check of the stored events is failing (${integrityState.problem ?? ''})`);
    }
    const lag = head === null ? null : await this.lag(head, this.projector.checkpoint()).catch(() => null);
    if (head !== null && lag === null) reasons.push('the event store cannot be reached');
    if (lag !== null && lag > this.config.readyMaxLag) {
      reasons.push(`the projector is ${lag} events behind (at most ${this.config.readyMaxLag})`);
    }
    if (head === null || lag === null || integrity === 'failing' || reasons.length > 0) {
      void reply.header('retry-after', String(STORE_RETRY_AFTER_SECONDS));
      throw new ProblemException({
        status: 503,
        title: 'Service Unavailable',
        code: 'NotReady',
        detail: `Not ready: ${reasons.join('; ')}.`,
      });
    }
    return {
      status: 'ready',
      headPosition: head.toString(),
      projectionLag: lag,
      maxProjectionLag: this.config.readyMaxLag,
      integrity,
    };
  }

  /**
   * Events stored but not yet applied: head − checkpoint where positions are 1, 2, 3…; counted
   * where they have gaps (EventStoreDB), up to LAG_COUNT_LIMIT.
   */
  private async lag(head: bigint, checkpoint: bigint): Promise<number> {
    if (this.store.gapFreePositions) return Number(head - checkpoint);
    if (head <= checkpoint) return 0;
    return (await this.store.readAll({ after: checkpoint, limit: LAG_COUNT_LIMIT })).length;
  }
}

import {
  type DynamicModule,
  type FactoryProvider,
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type ValueProvider,
} from '@nestjs/common';
import { EVENT_STORE } from '@kyoyaku/event-store';
import { Projector, ReadModelStore, SqliteReadModels } from '@kyoyaku/projections';
import {
  CommandExecutor,
  AccessTokenRepository,
  DossierAccessLogRepository,
  LEDGER_CONFIG,
  type LedgerConfig,
  IdempotencyRepository,
  LedgerIntegrity,
  CLOCK,
  type Clock,
  type OpenLedger,
  openLedger,
} from '@kyoyaku/runtime';

const OPEN_LEDGER = Symbol('OPEN_LEDGER');
const REVERIFY_INTERVAL_MS = 60 * 60 * 1000;

/**
 * The ledger's infrastructure bound to DI tokens: configuration, clock, event store, read models,
 * projector, and the API's own state (tokens, idempotency records). Opened once, closed on shutdown.
 */
@Global()
@Module({})
export class LedgerInfrastructureModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private reverification: NodeJS.Timeout | null = null;
  private readonly logger = new Logger('Integrity');

  constructor(@Inject(OPEN_LEDGER) private readonly ledger: OpenLedger) {}

  /**
   * Re-verifies the stored events and tree in the background, then rebuilds the read models aside
   * and compares them with the live ones: at start, then every hour.
   */
  onApplicationBootstrap(): void {
    const run = (): void => {
      this.ledger.integrity
        .reverify()
        .then(async (state) => {
          if (state.status === 'failing')
            this.logger.error(`integrity check failing: ${state.problem ?? ''}`);
          const readModels = await this.ledger.checkReadModels();
          if (readModels.status === 'drift')
            this.logger.error(`read-model drift: ${readModels.problem ?? ''}`);
        })
        .catch((error: unknown) => this.logger.error(error instanceof Error ? error.message : String(error)));
    };
    setImmediate(run);
    this.reverification = setInterval(run, REVERIFY_INTERVAL_MS).unref();
  }

  static forRoot(config: LedgerConfig, clock: Clock): DynamicModule {
    const logger = new Logger('Projector');
    // Opening may wait for a server (PostgreSQL): an async provider, the rest taken from it.
    const fromLedger = (provide: FactoryProvider['provide'], pick: (ledger: OpenLedger) => unknown) => ({
      provide,
      useFactory: pick,
      inject: [OPEN_LEDGER],
    });
    const providers: (ValueProvider | FactoryProvider)[] = [
      {
        provide: OPEN_LEDGER,
        useFactory: () =>
          openLedger(config, clock, (error) =>
            logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error)),
          ),
      },
      { provide: LEDGER_CONFIG, useValue: config },
      { provide: CLOCK, useValue: clock },
      fromLedger(EVENT_STORE, (ledger) => ledger.store),
      // Queries read either token; SqliteReadModels is this process's synchronous view on either store.
      fromLedger(SqliteReadModels, (ledger) => ledger.readModels),
      fromLedger(ReadModelStore, (ledger) => ledger.readModelStore),
      fromLedger(Projector, (ledger) => ledger.projector),
      fromLedger(LedgerIntegrity, (ledger) => ledger.integrity),
      // The API state: api.sqlite, or the ledger's PostgreSQL database shared by every process.
      fromLedger(AccessTokenRepository, (ledger) => ledger.state.tokens),
      fromLedger(IdempotencyRepository, (ledger) => ledger.state.idempotency),
      fromLedger(DossierAccessLogRepository, (ledger) => ledger.state.accessLog),
      fromLedger(
        CommandExecutor,
        (ledger) => new CommandExecutor(ledger.store, ledger.projector, config.projectionWaitMs),
      ),
    ];
    return {
      module: LedgerInfrastructureModule,
      providers,
      exports: providers.map((p) => p.provide),
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.reverification !== null) clearInterval(this.reverification);
    await this.ledger.close();
  }
}

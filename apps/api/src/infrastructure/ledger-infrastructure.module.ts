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
  BackgroundVerification,
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

/**
 * The ledger's infrastructure bound to DI tokens: configuration, clock, event store, read models,
 * projector, and the API's own state (tokens, idempotency records). Opened once, closed on shutdown.
 */
@Global()
@Module({})
export class LedgerInfrastructureModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Integrity');
  private readonly verification: BackgroundVerification;

  constructor(@Inject(OPEN_LEDGER) private readonly ledger: OpenLedger) {
    this.verification = new BackgroundVerification(ledger, (message) => this.logger.error(message));
  }

  /**
   * Re-verifies the stored events and tree in the background, then rebuilds the read models aside
   * and compares them with the live ones — on the projector only (the elected one of several
   * processes on PostgreSQL): fully once it has the role, then hourly and incrementally; the other
   * processes report its recorded result (BackgroundVerification).
   */
  onApplicationBootstrap(): void {
    this.verification.start();
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
        // The read models give a stream not kept its latest snapshot to fold from (load).
        (ledger) =>
          new CommandExecutor(ledger.store, ledger.projector, config.projectionWaitMs, ledger.readModels),
      ),
    ];
    return {
      module: LedgerInfrastructureModule,
      providers,
      exports: providers.map((p) => p.provide),
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.verification.stop();
    await this.ledger.close();
  }
}

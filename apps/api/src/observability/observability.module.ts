import { type DynamicModule, Module } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import type { LedgerConfig } from '@kyoyaku/runtime';
import { LedgerMetrics } from './ledger-metrics';
import { loggingModule } from './logging';
import { MetricsController } from './metrics.controller';

export interface ObservabilityOptions {
  /** Where the JSON log goes (stdout by default); tests pass a stream to read it. */
  logDestination?: DestinationStream;
}

/**
 * Logs and metrics. Under Jest (NODE_ENV=test) the log keeps to errors unless a test reads it, as the
 * test output would otherwise carry a line per request.
 */
@Module({})
export class ObservabilityModule {
  static forRoot(config: LedgerConfig, options: ObservabilityOptions = {}): DynamicModule {
    const quiet = process.env.NODE_ENV === 'test' && options.logDestination === undefined;
    return {
      module: ObservabilityModule,
      imports: [loggingModule(quiet ? 'error' : config.logLevel, options.logDestination)],
      controllers: [MetricsController],
      providers: [LedgerMetrics],
      exports: [LedgerMetrics],
    };
  }
}

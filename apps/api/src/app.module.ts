import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AgreementsModule } from './agreements/agreements.module';
import { AccessGuard } from './auth/access.guard';
import { WhoamiController } from './auth/whoami.controller';
import { ComparisonModule } from './comparison/comparison.module';
import type { LedgerConfig, Clock } from '@kyoyaku/runtime';
import { EventsModule } from './events/events.module';
import { HealthController } from './health/health.controller';
import { LedgerController } from './ledger/ledger.controller';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { RateLimiter } from './http/rate-limit';
import { ObservabilityModule, type ObservabilityOptions } from './observability/observability.module';
import { LedgerInfrastructureModule } from './infrastructure/ledger-infrastructure.module';
import { RegionsModule } from './regions/regions.module';
import { ComplianceModule } from './compliance/compliance.module';
import { ConsultationsModule } from './consultations/consultations.module';
import { ProjectsModule } from './projects/projects.module';
import { DoubtsModule } from './doubts/doubts.module';

@Module({})
export class AppModule {
  static forRoot(
    config: LedgerConfig,
    clock: Clock,
    observability: ObservabilityOptions = {},
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LedgerInfrastructureModule.forRoot(config, clock),
        ObservabilityModule.forRoot(config, observability),
        CqrsModule.forRoot(),
        EventsModule,
        AgreementsModule,
        RegionsModule,
        ComparisonModule,
        ProjectsModule,
        ConsultationsModule,
        ComplianceModule,
        DoubtsModule,
      ],
      controllers: [HealthController, LedgerController, WhoamiController],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        // Rate limits and access are applied before the body is read (access-before-body.ts); the
        // guard applies the access policy again.
        RateLimiter,
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
    };
  }
}

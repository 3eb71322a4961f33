import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type GroupCommitReport, observesCommits } from '@kyoyaku/event-store';
import { Projector } from '@kyoyaku/projections';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DossierAccessLogRepository, LedgerIntegrity } from '@kyoyaku/runtime';
import { OpenStreams } from '../http/open-streams';

/** Requests that matched no route share one label, so unknown URLs cannot grow the series. */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * The Prometheus metrics of one running API (GET /metrics). Each app has its own registry; request
 * metrics come from a Fastify hook (so refusals before a controller count too), store metrics from
 * the store's commit reports, and the ledger's state is read when scraped.
 */
@Injectable()
export class LedgerMetrics implements OnModuleDestroy {
  readonly registry = new Registry();
  private readonly stopObservingCommits: () => void;

  private readonly requests = new Counter({
    name: 'kyoyaku_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'kyoyaku_http_request_duration_seconds',
    help: 'Time from receiving a request to sending its answer, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly appends = new Counter({
    name: 'kyoyaku_event_appends_total',
    help: 'Appends the store committed (an idempotent replay counts, writing no event)',
    registers: [this.registry],
  });
  private readonly eventsAppended = new Counter({
    name: 'kyoyaku_events_appended_total',
    help: 'Events written to the store',
    registers: [this.registry],
  });
  private readonly eventsPerAppend = new Histogram({
    name: 'kyoyaku_events_per_append',
    help: 'Events written by one committed append',
    buckets: [0, 1, 2, 3, 5, 10, 20, 50, 100, 500],
    registers: [this.registry],
  });
  private readonly batchSize = new Histogram({
    name: 'kyoyaku_group_commit_appends',
    help: 'Appends sharing one group-commit transaction (one fsync)',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000],
    registers: [this.registry],
  });
  private readonly failedCommits = new Counter({
    name: 'kyoyaku_group_commits_failed_total',
    help: 'Group-commit transactions that failed (none of their appends was kept)',
    registers: [this.registry],
  });

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    projector: Projector,
    integrity: LedgerIntegrity,
    accessLog: DossierAccessLogRepository,
    openStreams: OpenStreams,
  ) {
    this.stopObservingCommits = observesCommits(store)
      ? store.observeCommits((report) => this.recordCommit(report))
      : () => undefined;

    const head = async (): Promise<bigint> => store.headPosition();
    new Gauge({
      name: 'kyoyaku_store_head_position',
      help: 'Global position of the last event stored',
      registers: [this.registry],
      async collect() {
        this.set(Number(await head()));
      },
    });
    new Gauge({
      name: 'kyoyaku_projection_checkpoint_position',
      help: 'Position the read models have applied',
      registers: [this.registry],
      collect() {
        this.set(Number(projector.checkpoint()));
      },
    });
    new Gauge({
      name: 'kyoyaku_projector_elected',
      help: '1 while this process applies the events to the read models (alone, or elected among the processes on one PostgreSQL), 0 while it follows the elected one',
      registers: [this.registry],
      collect() {
        this.set(projector.role() === 'projector' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'kyoyaku_projection_lag_events',
      help: 'Events stored but not yet applied to the read models (head − checkpoint; counted up to 10000 where positions have gaps)',
      registers: [this.registry],
      async collect() {
        const checkpoint = projector.checkpoint();
        // EventStoreDB's positions have gaps: count the events after the checkpoint instead.
        this.set(
          store.gapFreePositions
            ? Number((await head()) - checkpoint)
            : (await store.readAll({ after: checkpoint, limit: 10_000 })).length,
        );
      },
    });

    let counted = { ok: 0, failed: 0 };
    new Counter({
      name: 'kyoyaku_integrity_checks_total',
      help: 'Background re-verifications of the stored events and the Merkle tree run by this process (the projector), by result',
      labelNames: ['result'] as const,
      registers: [this.registry],
      collect() {
        const now = { ...integrity.checks };
        for (const result of ['ok', 'failed'] as const) this.inc({ result }, now[result] - counted[result]);
        counted = now;
      },
    });
    new Gauge({
      name: 'kyoyaku_integrity_status',
      help: 'Where the re-verification stands: 1 for the current status (not-yet-checked, ok or failing), 0 for the others',
      labelNames: ['status'] as const,
      registers: [this.registry],
      collect() {
        for (const status of ['not-yet-checked', 'ok', 'failing'] as const) {
          this.set({ status }, integrity.integrityState.status === status ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'kyoyaku_integrity_last_check_timestamp_seconds',
      help: 'When the last re-verification finished (Unix time; 0 before the first)',
      registers: [this.registry],
      collect() {
        const checkedAt = integrity.integrityState.checkedAt;
        this.set(checkedAt === undefined ? 0 : Date.parse(checkedAt) / 1000);
      },
    });

    let refusalsCounted = 0;
    new Counter({
      name: 'kyoyaku_dossier_anonymous_refusals_total',
      help: 'Dispute dossiers refused to anonymous callers (counted here, not written to the access log)',
      registers: [this.registry],
      collect() {
        const now = accessLog.anonymousRefusals;
        this.inc(now - refusalsCounted);
        refusalsCounted = now;
      },
    });

    new Gauge({
      name: 'kyoyaku_open_streams',
      help: 'Event streams and exports open now (capped by LEDGER_STREAMS_PER_ADDRESS and LEDGER_STREAMS_TOTAL)',
      registers: [this.registry],
      collect() {
        this.set(openStreams.count);
      },
    });
    let stalledCounted = 0;
    new Counter({
      name: 'kyoyaku_streams_stalled_total',
      help: 'Event streams and exports closed because their client read nothing for LEDGER_STREAM_WRITE_TIMEOUT_MS',
      registers: [this.registry],
      collect() {
        this.inc(openStreams.stalled - stalledCounted);
        stalledCounted = openStreams.stalled;
      },
    });

    collectDefaultMetrics({ register: this.registry });
  }

  /** Counts every answer, including those Fastify or a guard gave before any controller ran. */
  observeHttp(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', (request, reply, done) => {
      const labels = {
        method: request.method,
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        status: String(reply.statusCode),
      };
      this.requests.inc(labels);
      this.latency.observe(labels, reply.elapsedTime / 1000);
      done();
    });
  }

  private recordCommit(report: GroupCommitReport): void {
    if (!report.committed) {
      this.failedCommits.inc();
      return;
    }
    this.batchSize.observe(report.appends);
    for (const events of report.eventsPerAppend) {
      this.appends.inc();
      this.eventsAppended.inc(events);
      this.eventsPerAppend.observe(events);
    }
  }

  onModuleDestroy(): void {
    this.stopObservingCommits();
  }
}

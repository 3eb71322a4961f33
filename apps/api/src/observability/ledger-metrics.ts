import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type GroupCommitReport, observesCommits } from '@kyoyaku/event-store';
import { Projector } from '@kyoyaku/projections';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, type MetricValue, Registry } from 'prom-client';
import { DossierAccessLogRepository, LedgerIntegrity } from '@kyoyaku/runtime';
import { OpenStreams } from '../http/open-streams';

/** Requests that matched no route share one label, so unknown URLs cannot grow the series. */
export const UNMATCHED_ROUTE = '(unmatched)';

type HttpLabel = 'method' | 'route' | 'status';
type HttpLabels = Record<HttpLabel, string>;

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The answers of one method, route pattern and status: a count, and their latency as a histogram. */
interface HttpSeries {
  labels: HttpLabels;
  count: number;
  sum: number;
  /** Answers per bucket (not cumulative), in LATENCY_BUCKETS' order; the last one is +Inf. */
  buckets: number[];
}

/**
 * The request metrics counted in plain numbers. prom-client validates and hashes the labels on every
 * inc() and observe() (through a labelled child too), which a read cache hit would pay for each
 * answer: here one map lookup finds the series and the numbers are added; the registry reads them
 * when scraped, with the same names, labels and values.
 */
export class HttpAnswers {
  private readonly series = new Map<string, HttpSeries>();

  record(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let series = this.series.get(key);
    if (series === undefined) {
      series = {
        labels: { method, route, status: String(status) },
        count: 0,
        sum: 0,
        buckets: new Array<number>(LATENCY_BUCKETS.length + 1).fill(0),
      };
      this.series.set(key, series);
    }
    series.count++;
    series.sum += seconds;
    let bucket = 0;
    while (bucket < LATENCY_BUCKETS.length && seconds > (LATENCY_BUCKETS[bucket] ?? Infinity)) bucket++;
    series.buckets[bucket] = (series.buckets[bucket] ?? 0) + 1;
  }

  /** The counter's samples, as prom-client's Counter gives them. */
  counts(): MetricValue<HttpLabel>[] {
    return [...this.series.values()].map((s) => ({ labels: { ...s.labels }, value: s.count }));
  }

  /** The histogram's samples, as prom-client's Histogram hands them to the registry. */
  histogram(name: string): HistogramSample[] {
    const values: HistogramSample[] = [];
    for (const s of this.series.values()) {
      let cumulative = 0;
      LATENCY_BUCKETS.forEach((le, i) => {
        cumulative += s.buckets[i] ?? 0;
        values.push({
          metricName: `${name}_bucket`,
          labels: { le },
          value: cumulative,
          sharedLabels: s.labels,
        });
      });
      values.push(
        { metricName: `${name}_bucket`, labels: { le: '+Inf' }, value: s.count, sharedLabels: s.labels },
        { metricName: `${name}_sum`, labels: {}, value: s.sum, sharedLabels: s.labels },
        { metricName: `${name}_count`, labels: {}, value: s.count, sharedLabels: s.labels },
      );
    }
    return values;
  }

  reset(): void {
    this.series.clear();
  }
}

interface HistogramSample {
  metricName: string;
  labels: { le?: number | string };
  value: number;
  /** The series' own labels (prom-client's histogram keeps them apart from `le`). */
  sharedLabels: HttpLabels;
}

const REQUESTS = {
  name: 'kyoyaku_http_requests_total',
  help: 'HTTP requests answered, by method, route pattern and status',
};
const LATENCY = {
  name: 'kyoyaku_http_request_duration_seconds',
  help: 'Time from receiving a request to sending its answer, by method, route pattern and status',
};

/** kyoyaku_http_requests_total, its samples read from HttpAnswers when scraped. */
class HttpRequestsCounter extends Counter<HttpLabel> {
  constructor(
    registry: Registry,
    private readonly answers: HttpAnswers,
  ) {
    super({ ...REQUESTS, labelNames: ['method', 'route', 'status'] as const, registers: [registry] });
  }

  override async get(): ReturnType<Counter<HttpLabel>['get']> {
    return { ...(await super.get()), values: this.answers.counts() };
  }

  override reset(): void {
    super.reset();
    // prom-client's constructor resets before this class has set its fields.
    (this.answers as HttpAnswers | undefined)?.reset();
  }
}

/** kyoyaku_http_request_duration_seconds, its samples read from HttpAnswers when scraped. */
class HttpLatencyHistogram extends Histogram<HttpLabel> {
  constructor(
    registry: Registry,
    private readonly answers: HttpAnswers,
  ) {
    super({
      ...LATENCY,
      labelNames: ['method', 'route', 'status'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
  }

  /**
   * What the registry formats: prom-client's Histogram has this method (undeclared in its types),
   * and its get() splays these samples' labels.
   */
  getForPromString(): Promise<{
    name: string;
    help: string;
    type: 'histogram';
    values: HistogramSample[];
    aggregator: 'sum';
  }> {
    return Promise.resolve({
      ...LATENCY,
      type: 'histogram',
      values: this.answers.histogram(LATENCY.name),
      aggregator: 'sum',
    });
  }

  override reset(): void {
    super.reset();
    // prom-client's constructor resets before this class has set its fields.
    (this.answers as HttpAnswers | undefined)?.reset();
  }
}

/** Registers the request metrics in `registry`; answers are counted on what it returns. */
export function httpMetricsIn(registry: Registry): HttpAnswers {
  const answers = new HttpAnswers();
  new HttpRequestsCounter(registry, answers);
  new HttpLatencyHistogram(registry, answers);
  return answers;
}

/**
 * The Prometheus metrics of one running API (GET /metrics). Each app has its own registry; request
 * metrics come from a Fastify hook (so refusals before a controller count too), store metrics from
 * the store's commit reports, and the ledger's state is read when scraped.
 */
@Injectable()
export class LedgerMetrics implements OnModuleDestroy {
  readonly registry = new Registry();
  private readonly stopObservingCommits: () => void;

  /** Every answer, counted in plain numbers (a read cache hit counts itself here too). */
  readonly httpAnswers = httpMetricsIn(this.registry);
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
      this.httpAnswers.record(
        request.method,
        request.routeOptions.url ?? UNMATCHED_ROUTE,
        reply.statusCode,
        reply.elapsedTime / 1000,
      );
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

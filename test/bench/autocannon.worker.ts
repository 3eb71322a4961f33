import autocannon from 'autocannon';

/**
 * One autocannon run in a process of its own (for `npm run bench:api`), so that the load generator
 * does not share an event loop with the harness. Reads its spec as JSON from argv[2] and prints the
 * result as one JSON line.
 */
export interface LoadSpec {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** `region`: a fresh POST /regions body per request (each id new). */
  body?: 'region';
  duration: number;
  connections: number;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  /** Answers by status code, and errors (timeouts, resets). */
  statuses: Record<string, number>;
  errors: number;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
let n = 0;
const regionBody = (): string =>
  JSON.stringify({
    regionId: `bench-${process.pid}-${n++}`,
    name: 'ベンチマーク圏域',
    coreCity: { code: '022012', name: '青森市' },
    declaredOn: '2019-11-18',
  });

autocannon(
  {
    url: spec.url,
    connections: spec.connections,
    duration: spec.duration,
    method: spec.method ?? 'GET',
    headers: spec.headers ?? {},
    ...(spec.body === 'region'
      ? { requests: [{ setupRequest: (req) => ({ ...req, body: regionBody() }) }] }
      : {}),
  },
  (error, result) => {
    if (error !== null && error !== undefined) {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    }
    const statuses: Record<string, number> = {};
    for (const [status, stats] of Object.entries(result.statusCodeStats ?? {}))
      statuses[status] = stats.count ?? 0;
    const out: LoadResult = {
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      statuses,
      errors: result.errors + result.timeouts,
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  },
);

import { Counter, Histogram, Registry } from 'prom-client';
import { httpMetricsIn } from './ledger-metrics';

/** The answers one test counts: method, route pattern, status, seconds. */
const ANSWERS: [string, string, number, number][] = [
  ['GET', '/agreements/:agreementId/text', 200, 0.0004],
  ['GET', '/agreements/:agreementId/text', 200, 0.001],
  ['GET', '/agreements/:agreementId/text', 200, 0.0031],
  ['GET', '/agreements/:agreementId/text', 304, 0.0002],
  ['POST', '/regions', 201, 0.042],
  ['GET', '(unmatched)', 404, 12],
];

describe('the request metrics counted in plain numbers', () => {
  it('read as prom-client’s own Counter and Histogram would give them, name for name and value for value', async () => {
    const ours = new Registry();
    const answers = httpMetricsIn(ours);
    const theirs = new Registry();
    const requests = new Counter({
      name: 'kyoyaku_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [theirs],
    });
    const latency = new Histogram({
      name: 'kyoyaku_http_request_duration_seconds',
      help: 'Time from receiving a request to sending its answer, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [theirs],
    });
    for (const [method, route, status, seconds] of ANSWERS) {
      answers.record(method, route, status, seconds);
      const labels = { method, route, status: String(status) };
      requests.inc(labels);
      latency.observe(labels, seconds);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
    ours.resetMetrics();
    theirs.resetMetrics();
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });

  it('counts an answer without a prom-client label lookup', () => {
    const registry = new Registry();
    const answers = httpMetricsIn(registry);
    answers.record('GET', '/regions', 200, 0.002);
    const { inc, observe } = spiesOnRequestMetrics(registry);
    try {
      for (const [method, route, status, seconds] of ANSWERS) answers.record(method, route, status, seconds);
      expect(inc).not.toHaveBeenCalled();
      expect(observe).not.toHaveBeenCalled();
    } finally {
      inc.mockRestore();
      observe.mockRestore();
    }
  });
});

/** Spies on the labelled updates of the two request metrics (prom-client sets them per instance). */
function spiesOnRequestMetrics(registry: Registry): {
  inc: jest.SpyInstance;
  observe: jest.SpyInstance;
} {
  const requests = registry.getSingleMetric('kyoyaku_http_requests_total');
  const latency = registry.getSingleMetric('kyoyaku_http_request_duration_seconds');
  if (!(requests instanceof Counter) || !(latency instanceof Histogram))
    throw new Error('request metrics not registered');
  return { inc: jest.spyOn(requests, 'inc'), observe: jest.spyOn(latency, 'observe') };
}

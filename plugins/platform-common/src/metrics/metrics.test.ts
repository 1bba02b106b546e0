/**
 * @jest-environment node
 */
// The skeleton is a Node server: prom-client needs Node's timers.
import { startGoldenPathSkeleton } from '../testUtils';
import {
  LATENCY_BUCKETS_MS,
  LATENCY_BUCKETS_SECONDS,
  latencyBucketLabel,
  millisecondsAsSeconds,
} from './buckets';
import {
  HTTP_REQUESTS_TOTAL,
  HTTP_REQUEST_DURATION_SECONDS,
  REQUEST_LABELS,
  SERVICE_METRIC_NAMES,
} from './names';

describe('latency buckets', () => {
  it.each([
    [0, '0'],
    [5, '0.005'],
    [10, '0.01'],
    [300, '0.3'],
    [1000, '1'],
    [2500, '2.5'],
    [60000, '60'],
  ])('prints %d ms as %s seconds', (ms, seconds) => {
    expect(millisecondsAsSeconds(ms)).toBe(seconds);
  });

  it('names the bucket of a boundary, and no bucket elsewhere', () => {
    expect(latencyBucketLabel(300)).toBe('0.3');
    expect(latencyBucketLabel(301)).toBeUndefined();
    expect(LATENCY_BUCKETS_SECONDS).toContain(0.3);
    expect(LATENCY_BUCKETS_MS).toHaveLength(LATENCY_BUCKETS_SECONDS.length);
  });
});

/** The `{...}` label sets of one metric's samples in a text exposition. */
function labelSets(exposition: string, metric: string) {
  const samples = exposition
    .split('\n')
    .filter(line => line.startsWith(`${metric}{`));
  return samples.map(line => {
    const inside = line.slice(metric.length + 1, line.indexOf('}'));
    return Object.fromEntries(
      [...inside.matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v]),
    );
  });
}

describe('the golden-path skeleton', () => {
  let skeleton: Awaited<ReturnType<typeof startGoldenPathSkeleton>>;
  let exposition: string;

  beforeAll(async () => {
    skeleton = await startGoldenPathSkeleton();
    await fetch(`${skeleton.url}/healthz`);
    exposition = await (await fetch(`${skeleton.url}/metrics`)).text();
  });

  afterAll(() => skeleton.close());

  it('exposes every metric the rules and dashboards query', () => {
    for (const name of SERVICE_METRIC_NAMES) {
      expect(exposition).toMatch(new RegExp(`^${name}[ {]`, 'm'));
    }
  });

  it('labels requests with exactly method, route and status_code', () => {
    const [sample] = labelSets(exposition, HTTP_REQUESTS_TOTAL);
    expect(Object.keys(sample).sort()).toEqual(
      Object.values(REQUEST_LABELS).sort(),
    );
  });

  it('has the latency buckets of the contract', () => {
    const bounds = labelSets(
      exposition,
      `${HTTP_REQUEST_DURATION_SECONDS}_bucket`,
    ).map(labels => labels.le);
    expect(bounds).toEqual([
      ...LATENCY_BUCKETS_MS.map(millisecondsAsSeconds),
      '+Inf',
    ]);
  });
});

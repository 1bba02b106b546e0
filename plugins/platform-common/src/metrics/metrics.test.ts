/**
 * @jest-environment node
 */
// The skeletons are servers: prom-client needs Node's timers, and the Python
// one runs in a subprocess.
import {
  AI_INFERENCE_SKELETON_DIR,
  startGoldenPathSkeleton,
  startPythonSkeleton,
} from '../testUtils';
import {
  LATENCY_BUCKETS_MS,
  LATENCY_BUCKETS_SECONDS,
  latencyBucketLabel,
  millisecondsAsSeconds,
} from './buckets';
import {
  BUILD_INFO_LABELS,
  HTTP_REQUESTS_TOTAL,
  HTTP_REQUEST_DURATION_SECONDS,
  REQUEST_LABELS,
  RUNTIME_METRICS,
  SERVICE_BUILD_INFO,
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

/** A skeleton's server, running: its URL and how to stop it. */
type RunningSkeleton = { url: string; stop(): Promise<unknown> };

describe.each([
  [
    'Node.js golden-path',
    async (): Promise<RunningSkeleton> => {
      const skeleton = await startGoldenPathSkeleton();
      return { url: skeleton.url, stop: () => skeleton.close() };
    },
    Object.values(RUNTIME_METRICS.nodejs),
  ],
  [
    'Python golden-path',
    async (): Promise<RunningSkeleton> => startPythonSkeleton(),
    [] as string[],
  ],
  [
    // Its model loads in the background (by default the example baked into
    // the image, read where it is): the routes and /metrics answer at once.
    'AI inference',
    async (): Promise<RunningSkeleton> =>
      startPythonSkeleton({ dir: AI_INFERENCE_SKELETON_DIR }),
    [] as string[],
  ],
])('the %s skeleton', (_language, start, runtimeMetrics) => {
  let skeleton: RunningSkeleton;
  let exposition: string;

  beforeAll(async () => {
    skeleton = await start();
    await fetch(`${skeleton.url}/healthz`);
    exposition = await (await fetch(`${skeleton.url}/metrics`)).text();
  }, 30_000);

  afterAll(() => skeleton?.stop());

  it('exposes every metric of the contract', () => {
    for (const name of [...SERVICE_METRIC_NAMES, ...runtimeMetrics]) {
      expect(exposition).toMatch(new RegExp(`^${name}[ {]`, 'm'));
    }
  });

  it('labels requests with exactly method, route and status_code', () => {
    const labels = Object.values(REQUEST_LABELS).sort();
    const requests = labelSets(exposition, HTTP_REQUESTS_TOTAL);
    expect(requests).toEqual([
      { method: 'GET', route: '/healthz', status_code: '200' },
    ]);
    for (const series of ['_count', '_sum']) {
      for (const sample of labelSets(
        exposition,
        `${HTTP_REQUEST_DURATION_SECONDS}${series}`,
      )) {
        expect(Object.keys(sample).sort()).toEqual(labels);
      }
    }
    for (const sample of labelSets(
      exposition,
      `${HTTP_REQUEST_DURATION_SECONDS}_bucket`,
    )) {
      expect(Object.keys(sample).sort()).toEqual([...labels, 'le'].sort());
    }
  });

  it('has the latency buckets of the contract, printed as the rules select them', () => {
    const bounds = labelSets(
      exposition,
      `${HTTP_REQUEST_DURATION_SECONDS}_bucket`,
    ).map(labels => labels.le);
    expect(bounds).toEqual([
      ...LATENCY_BUCKETS_MS.map(millisecondsAsSeconds),
      '+Inf',
    ]);
  });

  it('exposes the build that runs as one gauge sample of 1, labelled version and commit', () => {
    expect(exposition).toMatch(
      new RegExp(`^# TYPE ${SERVICE_BUILD_INFO} gauge$`, 'm'),
    );
    const samples = exposition
      .split('\n')
      .filter(line => line.startsWith(`${SERVICE_BUILD_INFO}{`));
    expect(samples).toHaveLength(1);
    expect(samples[0]).toMatch(/\} 1(\.0)?$/);
    const [labels] = labelSets(exposition, SERVICE_BUILD_INFO);
    expect(Object.keys(labels).sort()).toEqual(
      Object.values(BUILD_INFO_LABELS).sort(),
    );
    expect(labels.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('declares the counter and the histogram with their types', () => {
    expect(exposition).toMatch(
      new RegExp(`^# TYPE ${HTTP_REQUESTS_TOTAL} counter$`, 'm'),
    );
    expect(exposition).toMatch(
      new RegExp(`^# TYPE ${HTTP_REQUEST_DURATION_SECONDS} histogram$`, 'm'),
    );
  });
});

/**
 * The Prometheus metrics every golden-path service exposes, and that the
 * portal's alert rules and dashboards query. The skeletons hard-code these
 * names (they render into repositories that cannot import this package);
 * a test here reads the skeleton's `/metrics` to keep both in step.
 */

/** Labels of the request metrics. Only these are stable: rules aggregate by them alone. */
export const REQUEST_LABELS = {
  method: 'method',
  /** The matched route, `unmatched` for unknown paths, never the raw URL. */
  route: 'route',
  /** The HTTP status code as a string, e.g. `200`. */
  statusCode: 'status_code',
} as const;

/**
 * Where Prometheus scrapes a service: the path on the Service's port of this
 * name (the skeleton serves its API and metrics on one port).
 */
export const METRICS_ENDPOINT = { port: 'http', path: '/metrics' } as const;

/** Counter of handled HTTP requests, labelled with `REQUEST_LABELS`. */
export const HTTP_REQUESTS_TOTAL = 'http_requests_total';

/** Histogram of the time to handle an HTTP request, labelled with `REQUEST_LABELS`. */
export const HTTP_REQUEST_DURATION_SECONDS = 'http_request_duration_seconds';

/**
 * Gauge, always 1, labelled with the build that runs (`BUILD_INFO_LABELS`):
 * the version (`SERVICE_VERSION`, else the skeleton's own) and the commit it
 * was built from (`GIT_COMMIT`, which CI bakes into the image, else
 * `unknown`). A new label set is a deploy; a restart keeps the same one, so
 * the dashboard marks deploys by it, not by process restarts.
 */
export const SERVICE_BUILD_INFO = 'service_build_info';

/** The labels of `SERVICE_BUILD_INFO`. */
export const BUILD_INFO_LABELS = {
  version: 'version',
  commit: 'commit',
} as const;

/**
 * Process metrics, named alike by the Prometheus client libraries' process
 * collectors (Node.js `prom-client`, Python `prometheus_client`, Go), so every
 * skeleton exposes them; the dashboard's saturation panels read them.
 */
export const PROCESS_METRICS = {
  cpuSecondsTotal: 'process_cpu_seconds_total',
  residentMemoryBytes: 'process_resident_memory_bytes',
  startTimeSeconds: 'process_start_time_seconds',
} as const;

/**
 * Metrics only one language's runtime has. The dashboard shows them beside the
 * process metrics (its panel has no series for a service in another language);
 * no alert rule reads them.
 */
export const RUNTIME_METRICS = {
  nodejs: {
    eventLoopLagSeconds: 'nodejs_eventloop_lag_seconds',
  },
} as const;

/**
 * Every series every golden-path service exposes, whatever its language: the
 * request metrics (with the series a histogram exposes), the build info and
 * the process metrics.
 */
export const SERVICE_METRIC_NAMES: readonly string[] = [
  HTTP_REQUESTS_TOTAL,
  `${HTTP_REQUEST_DURATION_SECONDS}_bucket`,
  `${HTTP_REQUEST_DURATION_SECONDS}_sum`,
  `${HTTP_REQUEST_DURATION_SECONDS}_count`,
  SERVICE_BUILD_INFO,
  ...Object.values(PROCESS_METRICS),
];

/** Every metric name the portal's rules and dashboards may query. */
export const QUERYABLE_METRIC_NAMES: readonly string[] = [
  ...SERVICE_METRIC_NAMES,
  ...Object.values(RUNTIME_METRICS).flatMap(metrics => Object.values(metrics)),
];

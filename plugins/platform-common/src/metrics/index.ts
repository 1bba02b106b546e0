export {
  REQUEST_LABELS,
  HTTP_REQUESTS_TOTAL,
  HTTP_REQUEST_DURATION_SECONDS,
  PROCESS_METRICS,
  METRICS_ENDPOINT,
  SERVICE_METRIC_NAMES,
} from './names';
export {
  LATENCY_BUCKETS_MS,
  LATENCY_BUCKETS_SECONDS,
  latencyBucketLabel,
  millisecondsAsSeconds,
} from './buckets';

/**
 * Upper bounds of the latency histogram's buckets, in whole milliseconds.
 * A latency SLO can only be measured at a bucket boundary (the share of
 * requests under it is `le` bucket / count, exactly), so the SLO inputs are
 * checked against this list. Kept in milliseconds so no boundary is a float.
 */
export const LATENCY_BUCKETS_MS: readonly number[] = [
  5, 10, 25, 50, 100, 250, 300, 500, 1000, 2500, 5000,
];

/**
 * A whole number of milliseconds as seconds in decimal, the way Prometheus
 * clients print a bucket's `le` label: 300 is `0.3`, 1000 is `1`, 2500 is `2.5`.
 */
export function millisecondsAsSeconds(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new RangeError(`${ms} is not a whole number of milliseconds`);
  }
  const whole = Math.floor(ms / 1000);
  const fraction = String(ms % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** The histogram's boundaries in seconds, as the skeleton passes them to `prom-client`. */
export const LATENCY_BUCKETS_SECONDS: readonly number[] =
  LATENCY_BUCKETS_MS.map(ms => Number(millisecondsAsSeconds(ms)));

/** The `le` label value of the bucket that ends at `ms`, or undefined when no bucket does. */
export function latencyBucketLabel(ms: number): string | undefined {
  return LATENCY_BUCKETS_MS.includes(ms)
    ? millisecondsAsSeconds(ms)
    : undefined;
}

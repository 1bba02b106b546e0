const units: Array<[suffix: string, seconds: number]> = [
  ['d', 86400],
  ['h', 3600],
  ['m', 60],
];

/**
 * How long ago an ISO 8601 time was, as `kubectl get` shows ages (`5m`,
 * `3h`, `2d`); undefined when the deployer did not stamp a valid time.
 */
export function formatAge(
  iso: string | undefined,
  now: number = Date.now(),
): string | undefined {
  const then = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(then)) {
    return undefined;
  }
  const seconds = Math.max(0, Math.floor((now - then) / 1000));
  for (const [suffix, size] of units) {
    if (seconds >= size) {
      return `${Math.floor(seconds / size)}${suffix}`;
    }
  }
  return `${seconds}s`;
}

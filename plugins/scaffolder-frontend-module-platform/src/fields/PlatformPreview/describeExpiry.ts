const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * When a preview expires, in words: the time in UTC (as its namespace's
 * expires-at annotation holds it) and how far off it is from `now`, e.g.
 * "expires 2026-12-02 18:00 UTC, in 5 h 20 min".
 */
export function describeExpiry(expiresAt: string, now: number): string {
  const at = new Date(expiresAt);
  if (Number.isNaN(at.getTime())) return `expires ${expiresAt}`;
  const when = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const left = at.getTime() - now;
  if (left <= 0) return `expired ${when}: it can no longer be extended`;
  const hours = Math.floor(left / HOUR_MS);
  const minutes = Math.floor((left % HOUR_MS) / MINUTE_MS);
  const parts = [
    ...(hours > 0 ? [`${hours} h`] : []),
    ...(minutes > 0 || hours === 0 ? [`${minutes} min`] : []),
  ];
  return `expires ${when}, in ${parts.join(' ')}`;
}

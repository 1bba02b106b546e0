/** Resolves `maxSurge`/`maxUnavailable`-style values (`2` or `"25%"`) against a total. */
export function resolveIntOrPercent(
  value: unknown,
  total: number,
  roundUp: boolean,
): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const match = /^(\d+)%$/.exec(value.trim());
    if (match) {
      const scaled = (Number(match[1]) * total) / 100;
      return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
    }
    const number = Number(value);
    if (Number.isInteger(number)) return number;
  }
  return 0;
}

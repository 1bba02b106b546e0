import type { Request } from 'express';

/** A query parameter as one string (the last one when repeated). */
export function queryString(req: Request, key: string): string | undefined {
  const value = req.query[key];
  if (Array.isArray(value)) return String(value[value.length - 1]);
  return typeof value === 'string' ? value : undefined;
}

export function queryBoolean(req: Request, key: string): boolean {
  const value = queryString(req, key);
  return value === 'true' || value === '1';
}

export function queryNumber(req: Request, key: string): number | undefined {
  const value = queryString(req, key);
  const number = value === undefined ? NaN : Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/** Every value of a query parameter, in order; none when absent. */
export function queryValues(req: Request, key: string): string[] {
  const value = req.query[key];
  if (Array.isArray(value)) return value.map(String);
  return value ? [String(value)] : [];
}

/** `?dryRun=All`; any other value is refused like the real server does. */
export function isDryRun(req: Request): boolean {
  return queryValues(req, 'dryRun').includes('All');
}

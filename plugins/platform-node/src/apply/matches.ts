import { parseQuantity } from '@internal/plugin-platform-common';

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Quantities are compared by value: the API server prints `0.5` as `500m`. */
function sameLeaf(desired: Json, live: Json): boolean {
  if (desired === live) {
    return true;
  }
  if (typeof desired === 'string' && typeof live === 'string') {
    const a = parseQuantity(desired);
    const b = parseQuantity(live);
    return Boolean(a && b && a.milli === b.milli);
  }
  return false;
}

/**
 * Whether the live object already holds what applying `desired` would set.
 * Maps may hold more than desired (others' labels, fields the server
 * defaults), except at `exact` paths, maps the portal owns whole, where a
 * key it no longer sets must go. Lists are the portal's whole: same length,
 * each item matching.
 */
export function matches(
  desired: Json,
  live: Json,
  exact: string[] = [],
  path = '',
): boolean {
  if (Array.isArray(desired)) {
    return (
      Array.isArray(live) &&
      live.length === desired.length &&
      desired.every((item, index) =>
        matches(item, live[index], exact, `${path}[]`),
      )
    );
  }
  if (isObject(desired)) {
    if (!isObject(live)) {
      return false;
    }
    if (
      exact.includes(path) &&
      Object.keys(live).length !== Object.keys(desired).length
    ) {
      return false;
    }
    return Object.entries(desired).every(([key, value]) =>
      matches(value, live[key], exact, path ? `${path}.${key}` : key),
    );
  }
  return sameLeaf(desired, live);
}

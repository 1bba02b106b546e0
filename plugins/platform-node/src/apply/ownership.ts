type Json = unknown;
type Fields = Record<string, Json>;

function isObject(value: Json): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  fieldsV1?: Json;
}

/** Whether `fields` (a managedFields entry's fieldsV1) holds `path` or something under it. */
function holds(fields: Json, path: string[]): boolean {
  let node = fields;
  for (const segment of path) {
    if (!isObject(node) || !(segment in node)) {
      return false;
    }
    node = node[segment];
  }
  return true;
}

/**
 * Whether applying `desired` as `manager` would remove nothing from `live`.
 * Server-side apply removes a map key the manager applied before and no
 * longer applies, unless another manager owns it too; a key only others set
 * stays. So a key the portal stopped setting (a GPU quota after a tier
 * change) is a difference, and a key someone else added is none. Lists the
 * portal sets are compared whole by `matches`, so only map keys (`f:`
 * segments) are followed here.
 */
export function removesNothing(
  desired: Json,
  live: Json,
  manager: string,
): boolean {
  const metadata = isObject(live) ? live.metadata : undefined;
  const entries = (
    isObject(metadata) && Array.isArray(metadata.managedFields)
      ? metadata.managedFields
      : []
  ) as ManagedFieldsEntry[];
  const mine = entries.find(
    e => e.manager === manager && e.operation === 'Apply',
  );
  if (!mine || !isObject(mine.fieldsV1)) {
    return true;
  }
  const others = entries.filter(e => e !== mine).map(e => e.fieldsV1);

  const walk = (
    owned: Fields,
    wanted: Json,
    actual: Json,
    path: string[],
  ): boolean =>
    Object.entries(owned).every(([segment, child]) => {
      if (!segment.startsWith('f:')) {
        return true;
      }
      const key = segment.slice(2);
      const at = [...path, segment];
      if (isObject(wanted) && key in wanted) {
        return (
          !isObject(child) ||
          walk(
            child,
            wanted[key],
            isObject(actual) ? actual[key] : undefined,
            at,
          )
        );
      }
      // No longer applied: it goes unless it is gone already or others own it.
      return (
        !(isObject(actual) && key in actual) ||
        others.some(fields => holds(fields, at))
      );
    });
  return walk(mine.fieldsV1, desired, live, []);
}

import {
  clone,
  isObject,
  type JsonObject,
  type JsonValue,
  PatchError,
} from './json';
import { listStrategy } from './patchMeta';

const SET_ORDER = '$setElementOrder/';
const DELETE_FROM_PRIMITIVES = '$deleteFromPrimitiveList/';

/**
 * Kubernetes' strategic merge patch: maps merge, `null` deletes, lists of
 * containers, ports, env, volumes… merge by their key, and the directives
 * kubectl's client-side apply sends (`$patch`, `$setElementOrder`,
 * `$deleteFromPrimitiveList`, `$retainKeys`) are honoured.
 */
export function applyStrategicMergePatch(
  kind: string,
  target: JsonValue,
  patch: JsonValue,
): JsonValue {
  if (!isObject(patch)) {
    throw new PatchError('strategic merge patch must be a JSON object', 400);
  }
  return mergeMap(kind, isObject(target) ? target : {}, patch, []) ?? {};
}

function mergeMap(
  kind: string,
  original: JsonObject,
  patch: JsonObject,
  path: string[],
): JsonObject | undefined {
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') {
    const { $patch: _ignored, ...rest } = patch;
    return stripDirectives(rest) as JsonObject;
  }
  const result: JsonObject = clone(original);
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith(SET_ORDER))
      continue;
    if (key.startsWith(DELETE_FROM_PRIMITIVES)) {
      const field = key.slice(DELETE_FROM_PRIMITIVES.length);
      const drop = new Set(
        (Array.isArray(value) ? value : []).map(v => JSON.stringify(v)),
      );
      const current = result[field];
      if (Array.isArray(current)) {
        result[field] = current.filter(v => !drop.has(JSON.stringify(v)));
      }
      continue;
    }
    if (value === null) {
      delete result[key];
    } else if (Array.isArray(value)) {
      result[key] = mergeList(kind, result[key], value, [...path, key]);
    } else if (isObject(value)) {
      const merged = mergeMap(
        kind,
        isObject(result[key]) ? (result[key] as JsonObject) : {},
        value,
        [...path, key],
      );
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else {
      result[key] = value;
    }
  }
  for (const [key, order] of Object.entries(patch)) {
    if (key.startsWith(SET_ORDER) && Array.isArray(order)) {
      const field = key.slice(SET_ORDER.length);
      const list = result[field];
      if (Array.isArray(list)) {
        result[field] = orderList(kind, list, order, [...path, field]);
      }
    }
  }
  const retain = patch.$retainKeys;
  if (Array.isArray(retain)) {
    for (const key of Object.keys(result)) {
      if (!retain.includes(key)) delete result[key];
    }
  }
  return result;
}

function mergeList(
  kind: string,
  original: JsonValue | undefined,
  patch: JsonValue[],
  path: string[],
): JsonValue[] {
  const strategy = listStrategy(kind, path);
  const current = Array.isArray(original) ? original : [];
  if (patch.some(item => isObject(item) && item.$patch === 'replace')) {
    return stripDirectives(
      patch.filter(item => !(isObject(item) && item.$patch === 'replace')),
    ) as JsonValue[];
  }
  if (!strategy) {
    return stripDirectives(patch) as JsonValue[];
  }
  const { mergeKey } = strategy;
  if (!mergeKey) {
    const seen = new Set(current.map(v => JSON.stringify(v)));
    return [...current, ...patch.filter(v => !seen.has(JSON.stringify(v)))];
  }
  const result = clone(current);
  for (const item of patch) {
    if (!isObject(item)) {
      throw new PatchError(
        `${path.join(
          '.',
        )}: items must be objects with the merge key "${mergeKey}"`,
      );
    }
    const index = result.findIndex(
      existing => isObject(existing) && existing[mergeKey] === item[mergeKey],
    );
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) {
      const merged = mergeMap(kind, result[index] as JsonObject, item, path);
      if (merged === undefined) result.splice(index, 1);
      else result[index] = merged;
    } else {
      result.push(stripDirectives(item));
    }
  }
  return result;
}

/** Puts the listed items first, in the order given, as `$setElementOrder` asks. */
function orderList(
  kind: string,
  list: JsonValue[],
  order: JsonValue[],
  path: string[],
): JsonValue[] {
  const mergeKey = listStrategy(kind, path)?.mergeKey;
  const keyOf = (item: JsonValue) =>
    JSON.stringify(mergeKey && isObject(item) ? item[mergeKey] : item);
  const position = new Map(order.map((item, index) => [keyOf(item), index]));
  return [...list].sort(
    (a, b) =>
      (position.get(keyOf(a)) ?? order.length) -
      (position.get(keyOf(b)) ?? order.length),
  );
}

function stripDirectives(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isObject(value)) return value;
  const result: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (!key.startsWith('$')) result[key] = stripDirectives(child);
  }
  return result;
}

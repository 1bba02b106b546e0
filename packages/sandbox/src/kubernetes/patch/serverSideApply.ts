import {
  clone,
  isObject,
  type JsonObject,
  type JsonValue,
  PatchError,
} from './json';
import { listStrategy } from './patchMeta';
import { applyStrategicMergePatch } from './strategicMergePatch';

/** One entry of `metadata.managedFields`. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: JsonObject;
  subresource?: string;
}

/** Leaf field paths, each a list of `f:name` / `k:{...}` / `v:value` segments. */
type FieldPaths = Map<string, string[]>;

const IGNORED_ROOTS = new Set(['apiVersion', 'kind', 'status']);
const IGNORED_METADATA = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
]);

/** The fields an applied configuration sets, in the fieldsV1 form the server records. */
export function fieldsOf(kind: string, object: JsonObject): JsonObject {
  const walk = (value: JsonValue, path: string[]): JsonObject => {
    const node: JsonObject = {};
    if (Array.isArray(value)) {
      const strategy = listStrategy(kind, path);
      if (!strategy) return node;
      for (const item of value) {
        if (strategy.mergeKey && isObject(item)) {
          node[
            `k:${JSON.stringify({
              [strategy.mergeKey]: item[strategy.mergeKey],
            })}`
          ] = {
            '.': {},
            ...walk(item, path),
          };
        } else {
          node[`v:${JSON.stringify(item)}`] = {};
        }
      }
      return node;
    }
    if (!isObject(value)) return node;
    for (const [key, child] of Object.entries(value)) {
      if (path.length === 0 && IGNORED_ROOTS.has(key)) continue;
      if (
        path.length === 1 &&
        path[0] === 'metadata' &&
        IGNORED_METADATA.has(key)
      )
        continue;
      node[`f:${key}`] = walk(child, [...path, key]);
    }
    return node;
  };
  return walk(object, []);
}

function leaves(
  fields: JsonObject,
  prefix: string[] = [],
  out: FieldPaths = new Map(),
): FieldPaths {
  const entries = Object.entries(fields).filter(([key]) => key !== '.');
  if (!entries.length && prefix.length) {
    out.set(prefix.join('\u0000'), prefix);
  }
  for (const [key, child] of entries) {
    leaves(isObject(child) ? child : {}, [...prefix, key], out);
  }
  return out;
}

/** Finds the value a field path points at, or the list item a `k:` segment names. */
function locate(
  object: JsonValue,
  path: string[],
): { parent: JsonValue; key: string | number } | undefined {
  let node: JsonValue = object;
  let parent: JsonValue = object;
  let key: string | number = '';
  for (const segment of path) {
    parent = node;
    if (segment.startsWith('f:') && isObject(node)) {
      key = segment.slice(2);
      node = node[key];
    } else if (segment.startsWith('k:') && Array.isArray(node)) {
      const wanted = JSON.parse(segment.slice(2)) as JsonObject;
      key = node.findIndex(
        item =>
          isObject(item) &&
          Object.entries(wanted).every(([k, v]) => item[k] === v),
      );
      node = key >= 0 ? node[key] : (undefined as unknown as JsonValue);
    } else if (segment.startsWith('v:') && Array.isArray(node)) {
      const wanted = segment.slice(2);
      key = node.findIndex(item => JSON.stringify(item) === wanted);
      node = key >= 0 ? node[key] : (undefined as unknown as JsonValue);
    } else {
      return undefined;
    }
    if (node === undefined) return undefined;
  }
  return { parent, key };
}

function valueAt(object: JsonValue, path: string[]): JsonValue | undefined {
  const found = locate(object, path);
  if (!found) return undefined;
  const { parent, key } = found;
  if (Array.isArray(parent)) return parent[key as number];
  return isObject(parent) ? parent[key as string] : undefined;
}

function removeAt(object: JsonValue, path: string[]) {
  const found = locate(object, path);
  if (!found) return;
  const { parent, key } = found;
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else if (isObject(parent)) delete parent[key as string];
}

function describe(path: string[]): string {
  return path
    .map(s => (s.startsWith('f:') ? `.${s.slice(2)}` : `[${s.slice(2)}]`))
    .join('');
}

export interface ApplyResult {
  object: JsonObject;
  managedFields: ManagedFieldsEntry[];
}

/**
 * Server-side apply: merges the applied configuration into the live object,
 * removes fields this manager applied before and no longer applies, and
 * refuses (409) to change fields another applier owns unless `force`.
 */
export function serverSideApply(options: {
  kind: string;
  live: JsonObject | undefined;
  applied: JsonObject;
  manager: string;
  force: boolean;
  apiVersion: string;
  now: string;
}): ApplyResult {
  const { kind, live, applied, manager, force, apiVersion, now } = options;
  const previous = ((live?.metadata as JsonObject | undefined)?.managedFields ??
    []) as unknown as ManagedFieldsEntry[];
  const appliedFields = fieldsOf(kind, applied);
  const appliedLeaves = leaves(appliedFields);
  const others = previous.filter(
    e => !(e.manager === manager && e.operation === 'Apply'),
  );
  const mine = previous.find(
    e => e.manager === manager && e.operation === 'Apply',
  );

  const current: JsonObject = clone(live ?? {});
  const conflicts: string[] = [];
  const updatedOthers: ManagedFieldsEntry[] = [];
  for (const entry of others) {
    const owned = leaves(entry.fieldsV1 ?? {});
    const contested = [...owned.entries()].filter(([key, path]) => {
      if (!appliedLeaves.has(key)) return false;
      return (
        JSON.stringify(valueAt(current, path)) !==
        JSON.stringify(valueAt(applied, path))
      );
    });
    if (contested.length && entry.operation === 'Apply' && !force) {
      conflicts.push(
        ...contested.map(
          ([, path]) =>
            `conflict with "${entry.manager}" using ${
              entry.apiVersion
            }: ${describe(path)}`,
        ),
      );
    }
    if (contested.length && (force || entry.operation === 'Update')) {
      // The applier takes these fields over.
      const remaining = new Set(owned.keys());
      contested.forEach(([key]) => remaining.delete(key));
      updatedOthers.push({
        ...entry,
        fieldsV1: rebuild([...remaining].map(k => owned.get(k)!)),
      });
    } else {
      updatedOthers.push(entry);
    }
  }
  if (conflicts.length) {
    throw new PatchError(
      `Apply failed with ${conflicts.length} conflict${
        conflicts.length > 1 ? 's' : ''
      }: ${conflicts.join('\n')}`,
      409,
    );
  }
  if (mine) {
    const stillOwned = new Set<string>();
    for (const entry of updatedOthers)
      for (const key of leaves(entry.fieldsV1 ?? {}).keys())
        stillOwned.add(key);
    for (const [key, path] of leaves(mine.fieldsV1 ?? {})) {
      if (!appliedLeaves.has(key) && !stillOwned.has(key))
        removeAt(current, path);
    }
  }
  const result = applyStrategicMergePatch(
    kind,
    current,
    stripNulls(applied),
  ) as JsonObject;
  const managedFields: ManagedFieldsEntry[] = [
    ...updatedOthers.filter(e => Object.keys(e.fieldsV1 ?? {}).length),
    {
      manager,
      operation: 'Apply',
      apiVersion,
      time: now,
      fieldsType: 'FieldsV1',
      fieldsV1: appliedFields,
    },
  ];
  return { object: result, managedFields };
}

function rebuild(paths: string[][]): JsonObject {
  const root: JsonObject = {};
  for (const path of paths) {
    let node = root;
    for (const segment of path) {
      node[segment] = (node[segment] as JsonObject | undefined) ?? {};
      node = node[segment] as JsonObject;
    }
  }
  return root;
}

function stripNulls(value: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (child === null) continue;
    result[key] = isObject(child) ? stripNulls(child) : child;
  }
  return result;
}

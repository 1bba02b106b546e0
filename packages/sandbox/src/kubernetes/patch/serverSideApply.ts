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
  const fields = walk(object, []);
  // Only name and namespace: nothing of metadata is set.
  if (
    isObject(fields['f:metadata']) &&
    !Object.keys(fields['f:metadata']).length
  )
    delete fields['f:metadata'];
  return fields;
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
    const owned = members(entry.fieldsV1 ?? {});
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
  const managedFields = sortManagedFields([
    ...updatedOthers.filter(e => Object.keys(e.fieldsV1 ?? {}).length),
    {
      manager,
      operation: 'Apply',
      apiVersion,
      time: now,
      fieldsType: 'FieldsV1',
      fieldsV1: appliedFields,
    },
  ]);
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

/** The key of a managedFields entry: appliers by name, updaters by name and version too. */
function sameEntry(a: ManagedFieldsEntry, b: ManagedFieldsEntry): boolean {
  return (
    a.manager === b.manager &&
    a.operation === b.operation &&
    (a.operation === 'Apply' || a.apiVersion === b.apiVersion) &&
    (a.subresource ?? '') === (b.subresource ?? '')
  );
}

/**
 * The members of a fieldsV1 set: every leaf, and `<node>/.` where the set
 * owns a map or list item itself (the server writes that as `.: {}`).
 */
function members(fields: JsonObject): FieldPaths {
  const out: FieldPaths = new Map();
  const walk = (node: JsonObject, prefix: string[]) => {
    const entries = Object.entries(node);
    if (!entries.length && prefix.length) {
      out.set(prefix.join('\u0000'), prefix);
    }
    for (const [key, child] of entries) {
      if (key === '.') {
        const path = [...prefix, '.'];
        out.set(path.join('\u0000'), path);
      } else {
        walk(isObject(child) ? child : {}, [...prefix, key]);
      }
    }
  };
  walk(fields, []);
  return out;
}

/** Every node of an object's field set, by path key: whether it has children. */
function nodesOf(kind: string, object: JsonObject): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (node: JsonObject, prefix: string[]) => {
    for (const [key, child] of Object.entries(node)) {
      if (key === '.') continue;
      const path = [...prefix, key];
      out.set(path.join('\u0000'), path);
      if (isObject(child)) walk(child, path);
    }
  };
  walk(fieldsOf(kind, object), []);
  return out;
}

/**
 * As the API server orders managedFields: by operation (Apply before
 * Update), then time, manager and apiVersion.
 */
export function sortManagedFields(
  entries: ManagedFieldsEntry[],
): ManagedFieldsEntry[] {
  const seconds = (time: string) => Math.floor(Date.parse(time) / 1000) || 0;
  return [...entries].sort(
    (p, q) =>
      p.operation.localeCompare(q.operation) ||
      seconds(p.time) - seconds(q.time) ||
      p.manager.localeCompare(q.manager) ||
      p.apiVersion.localeCompare(q.apiVersion),
  );
}

/**
 * The managedFields after a create, update (PUT) or non-apply patch by
 * `manager`, as the API server's field manager records it: an `Update`
 * entry for the manager (and version) owning what it owned before, less
 * the fields the write removed, plus the fields it changed or added; every
 * other manager, appliers included, loses the fields the write changed,
 * added or removed, and an entry left with no field goes. The manager's
 * time moves only when its fields change. `live` is undefined on create.
 */
/**
 * Structs the API's Go types always have (not pointers), so a write never
 * adds them and the server records no `.` for them; maps, list items and
 * optional structs a write adds are recorded with `.`.
 */
const ALWAYS_PRESENT = new Set(['f:metadata', 'f:spec', 'f:template']);

export function updateManagedFields(options: {
  kind: string;
  live: JsonObject | undefined;
  object: JsonObject;
  manager: string;
  apiVersion: string;
  now: string;
}): ManagedFieldsEntry[] {
  const { kind, live, object, manager, apiVersion, now } = options;
  const before = nodesOf(kind, live ?? {});
  const beforeLeaves = leaves(fieldsOf(kind, live ?? {}));
  const after = nodesOf(kind, object);
  const afterLeaves = leaves(fieldsOf(kind, object));
  // Members (leaves, and `/.` for a map or list item itself) the write
  // changed or added, and those it removed.
  const touched: FieldPaths = new Map();
  const removed = new Set<string>();
  const dot = (path: string[]) => [...path, '.'];
  const keyOf = (path: string[]) => path.join('\u0000');
  for (const [key, path] of after) {
    if (afterLeaves.has(key)) {
      if (
        !beforeLeaves.has(key) ||
        JSON.stringify(valueAt(live ?? {}, path)) !==
          JSON.stringify(valueAt(object, path))
      )
        touched.set(key, path);
    } else if (!before.has(key) && !ALWAYS_PRESENT.has(path[path.length - 1])) {
      touched.set(keyOf(dot(path)), dot(path));
    }
  }
  for (const [key, path] of before) {
    if (!after.has(key)) removed.add(keyOf(dot(path)));
    if (beforeLeaves.has(key) && !afterLeaves.has(key)) removed.add(key);
  }

  const entries = ((object.metadata as JsonObject | undefined)?.managedFields ??
    (live?.metadata as JsonObject | undefined)?.managedFields ??
    []) as unknown as ManagedFieldsEntry[];
  const self: ManagedFieldsEntry = {
    manager,
    operation: 'Update',
    apiVersion,
    time: now,
    fieldsType: 'FieldsV1',
    fieldsV1: {},
  };
  const previous = entries.find(e => sameEntry(e, self));
  const result: ManagedFieldsEntry[] = [];
  // Times to the second, as the server stores them (a client may send
  // them back with milliseconds).
  const normal = (entry: ManagedFieldsEntry): ManagedFieldsEntry => {
    const time = Date.parse(entry.time);
    const stored = Number.isNaN(time)
      ? entry.time
      : `${new Date(time).toISOString().slice(0, 19)}Z`;
    return stored === entry.time ? entry : { ...entry, time: stored };
  };
  for (const entry of entries) {
    if (entry === previous) continue;
    const owned = members(entry.fieldsV1 ?? {});
    const kept = [...owned.entries()].filter(
      ([key]) => !touched.has(key) && !removed.has(key),
    );
    if (!kept.length) continue;
    result.push(
      normal(
        kept.length === owned.size
          ? entry
          : { ...entry, fieldsV1: rebuild(kept.map(([, path]) => path)) },
      ),
    );
  }
  const ownedBefore = members(previous?.fieldsV1 ?? {});
  const mine = new Map([...ownedBefore].filter(([key]) => !removed.has(key)));
  for (const [key, path] of touched) mine.set(key, path);
  if (mine.size) {
    const unchanged = previous && sameKeys(ownedBefore, mine);
    result.push(
      unchanged
        ? normal(previous)
        : { ...self, fieldsV1: rebuild([...mine.values()]) },
    );
  }
  return sortManagedFields(result);
}

function sameKeys(a: FieldPaths, b: FieldPaths): boolean {
  return a.size === b.size && [...a.keys()].every(key => b.has(key));
}

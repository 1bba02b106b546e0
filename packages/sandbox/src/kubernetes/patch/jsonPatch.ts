import { clone, isObject, type JsonValue, PatchError } from './json';

/** One RFC 6902 operation. */
export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: JsonValue;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw new PatchError(`invalid JSON pointer: ${JSON.stringify(pointer)}`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The child under `segment` of an array or object; undefined for anything else. */
function childOf(node: JsonValue, segment: string): JsonValue | undefined {
  if (Array.isArray(node)) return node[Number(segment)];
  return isObject(node) ? node[segment] : undefined;
}

function parentOf(document: JsonValue, path: string[]): [JsonValue, string] {
  let node = document;
  for (const segment of path.slice(0, -1)) {
    const next = childOf(node, segment);
    if (next === undefined) {
      throw new PatchError(`doc is missing path: /${path.join('/')}`);
    }
    node = next;
  }
  return [node, path[path.length - 1]];
}

function read(document: JsonValue, path: string[]): JsonValue {
  if (!path.length) return document;
  const [parent, key] = parentOf(document, path);
  const value = childOf(parent, key);
  if (value === undefined) {
    throw new PatchError(`doc is missing path: /${path.join('/')}`);
  }
  return value;
}

function add(document: JsonValue, path: string[], value: JsonValue): JsonValue {
  if (!path.length) return value;
  const [parent, key] = parentOf(document, path);
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) {
      throw new PatchError(`invalid index ${key} for /${path.join('/')}`);
    }
    parent.splice(index, 0, value);
  } else if (isObject(parent)) {
    parent[key] = value;
  } else {
    throw new PatchError(`doc is missing path: /${path.join('/')}`);
  }
  return document;
}

function remove(document: JsonValue, path: string[]): JsonValue {
  read(document, path);
  const [parent, key] = parentOf(document, path);
  if (Array.isArray(parent)) {
    parent.splice(Number(key), 1);
  } else if (isObject(parent)) {
    delete parent[key];
  }
  return document;
}

/** RFC 6902 JSON patch, applied to a copy of `target`. */
export function applyJsonPatch(
  target: JsonValue,
  operations: unknown,
): JsonValue {
  if (!Array.isArray(operations)) {
    throw new PatchError(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
      400,
    );
  }
  let document = clone(target);
  for (const operation of operations as JsonPatchOperation[]) {
    const path = parsePointer(operation.path);
    switch (operation.op) {
      case 'add':
        document = add(document, path, clone(operation.value ?? null));
        break;
      case 'remove':
        document = remove(document, path);
        break;
      case 'replace':
        document = remove(document, path);
        document = add(document, path, clone(operation.value ?? null));
        break;
      case 'move': {
        const from = parsePointer(operation.from ?? '');
        const value = read(document, from);
        document = add(remove(document, from), path, value);
        break;
      }
      case 'copy':
        document = add(
          document,
          path,
          clone(read(document, parsePointer(operation.from ?? ''))),
        );
        break;
      case 'test':
        if (
          JSON.stringify(read(document, path)) !==
          JSON.stringify(operation.value)
        ) {
          throw new PatchError(
            `testing value /${path.join('/')} failed: test failed`,
          );
        }
        break;
      default:
        throw new PatchError(
          `Unexpected kind: ${String((operation as { op: unknown }).op)}`,
        );
    }
  }
  return document;
}

import { clone, isObject, type JsonValue } from './json';

/** RFC 7386 JSON merge patch: objects merge, `null` deletes, anything else replaces. */
export function applyMergePatch(
  target: JsonValue | undefined,
  patch: JsonValue,
): JsonValue {
  if (!isObject(patch)) {
    return clone(patch);
  }
  const result = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else {
      result[key] = applyMergePatch(result[key], value);
    }
  }
  return result;
}

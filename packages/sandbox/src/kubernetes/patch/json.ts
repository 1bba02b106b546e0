/** JSON values as patches see them. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

export type JsonObject = { [key: string]: JsonValue };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** Thrown for a patch that cannot be applied; answered as 422 or 400. */
export class PatchError extends Error {
  name = 'PatchError';
  constructor(message: string, readonly code = 422) {
    super(message);
  }
}

import type { PatchType } from '../store/types';

export { applyJsonPatch, type JsonPatchOperation } from './jsonPatch';
export { applyMergePatch } from './mergePatch';
export { applyStrategicMergePatch } from './strategicMergePatch';
export {
  serverSideApply,
  fieldsOf,
  sortManagedFields,
  updateManagedFields,
  type ManagedFieldsEntry,
} from './serverSideApply';
export { PatchError, type JsonValue, type JsonObject } from './json';

const CONTENT_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

/** The patch type a PATCH request's Content-Type names; undefined when unsupported. */
export function patchTypeOf(
  contentType: string | undefined,
): PatchType | undefined {
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return CONTENT_TYPES[mediaType];
}

export const PATCH_CONTENT_TYPES = Object.keys(CONTENT_TYPES).filter(
  t => !t.endsWith('cbor'),
);

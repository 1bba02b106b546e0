import type { KubernetesObject, OwnerReference } from '../types';

/** Small readers shared by the controllers. */

/** The owner that manages `object`, if any (`controller: true`). */
export function controllerOf(
  object: KubernetesObject,
): OwnerReference | undefined {
  return object.metadata?.ownerReferences?.find(ref => ref.controller);
}

export function isControlledBy(
  object: KubernetesObject,
  owner: KubernetesObject,
): boolean {
  return controllerOf(object)?.uid === owner.metadata?.uid;
}

/** An owner reference that makes `owner` the controller, as controllers write it. */
export function controllerRef(owner: KubernetesObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion!,
    kind: owner.kind!,
    name: owner.metadata!.name!,
    uid: owner.metadata!.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function nameOf(object: KubernetesObject): string {
  return object.metadata?.name ?? '';
}

export function namespaceOf(object: KubernetesObject): string {
  return object.metadata?.namespace ?? '';
}

/** Oldest first, then by name, as the controllers sort by creation timestamp. */
export function byCreation(a: KubernetesObject, b: KubernetesObject): number {
  const ta = a.metadata?.creationTimestamp ?? '';
  const tb = b.metadata?.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return compareStrings(nameOf(a), nameOf(b));
}

/** JSON with sorted keys, to compare objects whatever order their fields were written in. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => compareStrings(a, b));
    return `{${entries
      .map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Drops zero counts, as Go's `omitempty` does for the status fields that carry it. */
export function omitZero<T extends Record<string, unknown>>(
  value: T,
  keep: string[] = [],
): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (v === 0 && !keep.includes(key)) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[key] = v;
  }
  return out as T;
}

/** Code-point order, as Go sorts strings. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

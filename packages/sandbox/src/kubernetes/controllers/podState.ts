import type { IPod } from 'kubernetes-models/v1';
import type { KubernetesObject } from '../types';
import { findCondition } from './conditions';

/** Readers of a pod's state, as the workload controllers judge pods. */

export function asPod(object: KubernetesObject): IPod {
  return object as unknown as IPod;
}

/** Not finished and not being deleted: a pod that counts towards replicas. */
export function isPodActive(object: KubernetesObject): boolean {
  const pod = asPod(object);
  const phase = pod.status?.phase;
  return (
    phase !== 'Succeeded' &&
    phase !== 'Failed' &&
    !pod.metadata?.deletionTimestamp
  );
}

export function isPodReady(object: KubernetesObject): boolean {
  return (
    findCondition(asPod(object).status?.conditions, 'Ready')?.status === 'True'
  );
}

/** Ready for at least `minReadySeconds`. */
export function isPodAvailable(
  object: KubernetesObject,
  minReadySeconds: number,
  now: Date,
): boolean {
  const ready = findCondition(asPod(object).status?.conditions, 'Ready');
  if (ready?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const since = Date.parse(ready.lastTransitionTime ?? '');
  return Number.isNaN(since) || since + minReadySeconds * 1000 <= now.getTime();
}

/** How long until a ready pod becomes available, or undefined if it never will on its own. */
export function msUntilAvailable(
  object: KubernetesObject,
  minReadySeconds: number,
  now: Date,
): number | undefined {
  const ready = findCondition(asPod(object).status?.conditions, 'Ready');
  if (ready?.status !== 'True' || !minReadySeconds) return undefined;
  const since = Date.parse(ready.lastTransitionTime ?? '');
  if (Number.isNaN(since)) return undefined;
  const left = since + minReadySeconds * 1000 - now.getTime();
  return left > 0 ? left : undefined;
}

export function labelsMatch(
  labels: Record<string, string> | undefined,
  wanted: Record<string, string> | undefined,
): boolean {
  return Object.entries(wanted ?? {}).every(
    ([key, value]) => labels?.[key] === value,
  );
}

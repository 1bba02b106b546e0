import type { IDeployment, IReplicaSet } from 'kubernetes-models/apps/v1';
import type { KubernetesObject } from '../types';
import type { Condition } from './conditions';
import { resolveIntOrPercent } from './intOrPercent';
import { byCreation, stableJson } from './objects';

/** The kinds as the controllers read them: the official shapes, plus store metadata. */
export type Deployment = IDeployment & KubernetesObject;
export type ReplicaSet = IReplicaSet & KubernetesObject;

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const POD_TEMPLATE_HASH = 'pod-template-hash';

/** Annotations a Deployment does not pass on to its ReplicaSets. */
const NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
]);

export const replicasOf = (d: Deployment) => d.spec?.replicas ?? 1;
export const rsReplicas = (rs: ReplicaSet) => rs.spec?.replicas ?? 0;
export const isRollingUpdate = (d: Deployment) =>
  (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';

/** maxSurge and maxUnavailable as counts; both zero would deadlock, so unavailable becomes 1. */
function fenceposts(d: Deployment): { surge: number; unavailable: number } {
  const rolling = d.spec?.strategy?.rollingUpdate;
  const desired = replicasOf(d);
  const surge = resolveIntOrPercent(rolling?.maxSurge ?? '25%', desired, true);
  let unavailable = resolveIntOrPercent(
    rolling?.maxUnavailable ?? '25%',
    desired,
    false,
  );
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function maxSurge(d: Deployment): number {
  return isRollingUpdate(d) ? fenceposts(d).surge : 0;
}

export function maxUnavailable(d: Deployment): number {
  if (!isRollingUpdate(d) || replicasOf(d) === 0) return 0;
  return Math.min(fenceposts(d).unavailable, replicasOf(d));
}

export function revisionOf(object: KubernetesObject): number {
  const value = Number(object.metadata?.annotations?.[REVISION]);
  return Number.isFinite(value) ? value : 0;
}

/** The template without the hash label, to compare a ReplicaSet's template with the Deployment's. */
function templateWithoutHash(template: unknown): string {
  const copy = structuredClone(
    (template ?? {}) as { metadata?: { labels?: Record<string, string> } },
  );
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[POD_TEMPLATE_HASH];
    if (!Object.keys(copy.metadata.labels).length) delete copy.metadata.labels;
  }
  return stableJson(copy);
}

export function sameTemplate(rs: ReplicaSet, d: Deployment): boolean {
  return (
    templateWithoutHash(rs.spec?.template) ===
    templateWithoutHash(d.spec?.template)
  );
}

/** The oldest ReplicaSet running the Deployment's current template. */
export function findNewReplicaSet(
  d: Deployment,
  all: ReplicaSet[],
): ReplicaSet | undefined {
  return [...all].sort(byCreation).find(rs => sameTemplate(rs, d));
}

export function isActive(rs: ReplicaSet | undefined): rs is ReplicaSet {
  return !!rs && rsReplicas(rs) > 0;
}

/** Sets the desired/max-replicas annotations; says whether anything changed. */
export function setReplicasAnnotations(
  rs: ReplicaSet,
  desired: number,
  max: number,
): boolean {
  const annotations = (rs.metadata!.annotations ??= {});
  const changed =
    annotations[DESIRED_REPLICAS] !== String(desired) ||
    annotations[MAX_REPLICAS] !== String(max);
  annotations[DESIRED_REPLICAS] = String(desired);
  annotations[MAX_REPLICAS] = String(max);
  return changed;
}

/** SetNewReplicaSetAnnotations: the Deployment's annotations and the new revision. */
export function setNewReplicaSetAnnotations(
  d: Deployment,
  rs: ReplicaSet,
  newRevision: number,
  exists: boolean,
): boolean {
  const annotations = (rs.metadata!.annotations ??= {});
  let changed = false;
  for (const [key, value] of Object.entries(d.metadata?.annotations ?? {})) {
    if (NOT_COPIED.has(key) || annotations[key] === value) continue;
    annotations[key] = value;
    changed = true;
  }
  const old = annotations[REVISION];
  const oldRevision = old === undefined ? 0 : Number(old);
  if (oldRevision < newRevision) {
    annotations[REVISION] = String(newRevision);
    changed = true;
    // Rolling back to this template: remember the revisions it had before.
    if (old !== undefined) {
      annotations[REVISION_HISTORY] = annotations[REVISION_HISTORY]
        ? `${annotations[REVISION_HISTORY]},${old}`
        : old;
    }
  }
  if (
    !exists &&
    setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d))
  )
    changed = true;
  return changed;
}

export function newCondition(
  type: string,
  status: Condition['status'],
  reason: string,
  message: string,
  now: string,
): Condition {
  return {
    type,
    status,
    lastUpdateTime: now,
    lastTransitionTime: now,
    reason,
    message,
  };
}

export const sum = (
  items: ReplicaSet[],
  read: (rs: ReplicaSet) => number | undefined,
) => items.reduce((total, rs) => total + (read(rs) ?? 0), 0);

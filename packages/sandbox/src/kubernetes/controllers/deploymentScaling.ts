import {
  type Deployment,
  DESIRED_REPLICAS,
  isActive,
  isRollingUpdate,
  MAX_REPLICAS,
  maxSurge,
  type ReplicaSet,
  replicasOf,
  rsReplicas,
  sum,
} from './deploymentUtil';
import { statusOf } from './deploymentStatus';
import { byCreation } from './objects';

/** The sizing rules of pkg/controller/deployment/util, as pure functions. */

/** NewRSNewReplicas: how far the new ReplicaSet may grow within maxSurge. */
export function newReplicaCount(
  d: Deployment,
  all: ReplicaSet[],
  newRS: ReplicaSet,
): number {
  const desired = replicasOf(d);
  if (!isRollingUpdate(d)) return desired;
  const current = sum(all, rsReplicas);
  const maxTotal = desired + maxSurge(d);
  if (current >= maxTotal) return rsReplicas(newRS);
  return (
    rsReplicas(newRS) +
    Math.min(maxTotal - current, desired - rsReplicas(newRS))
  );
}

/** isScalingEvent: an active ReplicaSet was sized for another `spec.replicas`. */
export function isScalingEvent(d: Deployment, rsList: ReplicaSet[]): boolean {
  return rsList.filter(isActive).some(rs => {
    const desired = rs.metadata?.annotations?.[DESIRED_REPLICAS];
    return desired !== undefined && Number(desired) !== replicasOf(d);
  });
}

/** IsSaturated: the new ReplicaSet has all the replicas, all available. */
export function isSaturated(d: Deployment, rs: ReplicaSet): boolean {
  const desired = replicasOf(d);
  return (
    rsReplicas(rs) === desired &&
    Number(rs.metadata?.annotations?.[DESIRED_REPLICAS]) === desired &&
    (rs.status?.availableReplicas ?? 0) === desired
  );
}

/** Whether the desired/max-replicas annotations are not those of the Deployment's current size. */
export function annotationsStale(rs: ReplicaSet, d: Deployment): boolean {
  const annotations = rs.metadata?.annotations ?? {};
  return (
    annotations[DESIRED_REPLICAS] !== String(replicasOf(d)) ||
    annotations[MAX_REPLICAS] !== String(replicasOf(d) + maxSurge(d))
  );
}

/** Go's integer.RoundToInt32: halves round away from zero. */
function round(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value));
}

/** getReplicaSetFraction: this ReplicaSet's share of a resize, from the size it was made for. */
function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  if (replicasOf(d) === 0) return -rsReplicas(rs);
  const deploymentReplicas = replicasOf(d) + maxSurge(d);
  const annotated = Number(
    rs.metadata?.annotations?.[MAX_REPLICAS] ?? statusOf(d).replicas ?? 0,
  );
  if (!annotated) return 0;
  return (
    round((rsReplicas(rs) * deploymentReplicas) / annotated) - rsReplicas(rs)
  );
}

/**
 * The proportional part of `scale`: the new size of each active ReplicaSet
 * when `spec.replicas` changes mid-rollout; leftovers go to the biggest.
 */
export function proportionalSizes(
  d: Deployment,
  active: ReplicaSet[],
): Array<[ReplicaSet, number]> {
  const desired = replicasOf(d);
  const current = sum(active, rsReplicas);
  const allowed = desired > 0 ? desired + maxSurge(d) : 0;
  const toAdd = allowed - current;
  // Grow the biggest (newest on ties) first; shrink the biggest (oldest on ties) first.
  const sorted = [...active].sort((a, b) => {
    const size = rsReplicas(b) - rsReplicas(a);
    if (size) return size;
    return toAdd > 0 ? -byCreation(a, b) : byCreation(a, b);
  });
  const sizes: Array<[ReplicaSet, number]> = [];
  let added = 0;
  for (const rs of sorted) {
    let proportion = 0;
    if (toAdd !== 0 && rsReplicas(rs) !== 0 && toAdd !== added) {
      const fraction = replicaSetFraction(rs, d);
      const left = toAdd - added;
      proportion =
        toAdd > 0 ? Math.min(fraction, left) : Math.max(fraction, left);
    }
    sizes.push([rs, rsReplicas(rs) + proportion]);
    added += proportion;
  }
  if (sizes.length && toAdd !== 0)
    sizes[0][1] = Math.max(0, sizes[0][1] + toAdd - added);
  return sizes;
}

import type { Condition } from './conditions';
import { findCondition, setCondition, withoutCondition } from './conditions';
import {
  type Deployment,
  maxUnavailable,
  newCondition,
  type ReplicaSet,
  replicasOf,
  rsReplicas,
  sum,
} from './deploymentUtil';
import { omitZero } from './objects';

/** `status` of a Deployment, as the controller writes it. */
export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  collisionCount?: number;
  conditions?: Condition[];
}

// Condition reasons, as pkg/controller/deployment/util names them.
export const REASONS = {
  newRSCreated: 'NewReplicaSetCreated',
  foundNewRS: 'FoundNewReplicaSet',
  rsUpdated: 'ReplicaSetUpdated',
  newRSAvailable: 'NewReplicaSetAvailable',
  timedOut: 'ProgressDeadlineExceeded',
  failedRSCreate: 'ReplicaSetCreateError',
  paused: 'DeploymentPaused',
  resumed: 'DeploymentResumed',
  minimumAvailable: 'MinimumReplicasAvailable',
  minimumUnavailable: 'MinimumReplicasUnavailable',
} as const;

export const statusOf = (d: Deployment) => (d.status ?? {}) as DeploymentStatus;

/** calculateStatus: the counts from the ReplicaSets, and the Available condition. */
export function calculateStatus(
  all: ReplicaSet[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
  now: string,
): DeploymentStatus {
  const available = sum(all, rs => rs.status?.availableReplicas);
  const total = sum(all, rsReplicas);
  let conditions = statusOf(d).conditions;
  conditions =
    available >= replicasOf(d) - maxUnavailable(d)
      ? setCondition(
          conditions,
          newCondition(
            'Available',
            'True',
            REASONS.minimumAvailable,
            'Deployment has minimum availability.',
            now,
          ),
        )
      : setCondition(
          conditions,
          newCondition(
            'Available',
            'False',
            REASONS.minimumUnavailable,
            'Deployment does not have minimum availability.',
            now,
          ),
        );
  return omitZero({
    observedGeneration: d.metadata?.generation,
    replicas: sum(all, rs => rs.status?.replicas),
    updatedReplicas: newRS?.status?.replicas ?? 0,
    readyReplicas: sum(all, rs => rs.status?.readyReplicas),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
    collisionCount: statusOf(d).collisionCount,
    conditions,
  });
}

/** DeploymentComplete: every replica updated and available, and the latest spec observed. */
export function isComplete(d: Deployment, status: DeploymentStatus): boolean {
  const desired = replicasOf(d);
  return (
    (status.updatedReplicas ?? 0) === desired &&
    (status.replicas ?? 0) === desired &&
    (status.availableReplicas ?? 0) === desired &&
    (status.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0)
  );
}

/** DeploymentProgressing: more updated, ready or available pods, or fewer old ones, than last time. */
export function isProgressing(
  d: Deployment,
  status: DeploymentStatus,
): boolean {
  const old = statusOf(d);
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
  return (
    (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

export function hasProgressDeadline(d: Deployment): boolean {
  const seconds = d.spec?.progressDeadlineSeconds;
  return seconds !== undefined && seconds !== 2147483647;
}

/**
 * The rest of syncRolloutStatus: the Progressing condition (complete,
 * progressing, or timed out when `timedOut` says the deadline passed) and
 * the ReplicaFailure condition copied from a ReplicaSet.
 */
export function rolloutStatus(
  d: Deployment,
  all: ReplicaSet[],
  newRS: ReplicaSet | undefined,
  now: string,
  timedOut: (status: DeploymentStatus) => boolean,
): DeploymentStatus {
  const status = calculateStatus(all, newRS, d, now);
  if (!hasProgressDeadline(d))
    status.conditions = withoutCondition(status.conditions, 'Progressing');
  const current = findCondition(statusOf(d).conditions, 'Progressing');
  const completeRollout =
    status.replicas === status.updatedReplicas &&
    current?.reason === REASONS.newRSAvailable;
  if (hasProgressDeadline(d) && !completeRollout) {
    if (isComplete(d, status)) {
      const message = newRS
        ? `ReplicaSet "${newRS.metadata!.name}" has successfully progressed.`
        : `Deployment "${d.metadata!.name}" has successfully progressed.`;
      status.conditions = setCondition(
        status.conditions,
        newCondition(
          'Progressing',
          'True',
          REASONS.newRSAvailable,
          message,
          now,
        ),
      );
    } else if (isProgressing(d, status)) {
      const message = newRS
        ? `ReplicaSet "${newRS.metadata!.name}" is progressing.`
        : `Deployment "${d.metadata!.name}" is progressing.`;
      const condition = newCondition(
        'Progressing',
        'True',
        REASONS.rsUpdated,
        message,
        now,
      );
      // Progress refreshes lastUpdateTime even when the reason stays the same.
      if (current?.status === 'True')
        condition.lastTransitionTime = current.lastTransitionTime;
      status.conditions = [
        ...withoutCondition(status.conditions, 'Progressing'),
        condition,
      ];
    } else if (timedOut(status)) {
      const message = newRS
        ? `ReplicaSet "${newRS.metadata!.name}" has timed out progressing.`
        : `Deployment "${d.metadata!.name}" has timed out progressing.`;
      status.conditions = setCondition(
        status.conditions,
        newCondition('Progressing', 'False', REASONS.timedOut, message, now),
      );
    }
  }
  const failure = [newRS, ...all]
    .map(rs =>
      findCondition(
        rs?.status?.conditions as Condition[] | undefined,
        'ReplicaFailure',
      ),
    )
    .find(c => c);
  status.conditions = failure
    ? setCondition(status.conditions, {
        type: 'ReplicaFailure',
        status: failure.status,
        lastUpdateTime: failure.lastTransitionTime,
        lastTransitionTime: failure.lastTransitionTime,
        reason: failure.reason,
        message: failure.message,
      })
    : withoutCondition(status.conditions, 'ReplicaFailure');
  if (!status.conditions.length) delete status.conditions;
  return status;
}

import type {
  CoreV1Event,
  V1Deployment,
  V1Pod,
  V1ReplicaSet,
} from '@kubernetes/client-node';
import {
  DEPLOYMENT_ANNOTATIONS,
  LABELS,
} from '@internal/plugin-platform-common';
import type {
  PodProblem,
  WarningEvent,
  WorkloadStatus,
} from '@internal/plugin-deployment-status-common';
import type { WatchedObjects } from '../ClusterWatch/ClusterWatch';

/** Waiting reasons a rollout does not get over by waiting. */
const FAILING_REASONS = new Set([
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CrashLoopBackOff',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

/** How long warning events stay on the page. */
export const EVENT_WINDOW_MS = 60 * 60 * 1000;
const MAX_EVENTS = 10;

const ownedBy = (
  object: { metadata?: { ownerReferences?: Array<{ uid: string }> } },
  uid?: string,
) => Boolean(uid && object.metadata?.ownerReferences?.some(o => o.uid === uid));

function podProblem(pod: V1Pod): PodProblem | undefined {
  const statuses = pod.status?.containerStatuses ?? [];
  const ready =
    pod.status?.conditions?.some(
      c => c.type === 'Ready' && c.status === 'True',
    ) ?? false;
  const restarts = statuses.reduce((sum, s) => sum + (s.restartCount ?? 0), 0);
  if (ready && restarts === 0) return undefined;
  const waiting = statuses.find(s => s.state?.waiting)?.state?.waiting;
  const terminated = statuses.find(s => s.lastState?.terminated)?.lastState
    ?.terminated;
  return {
    name: pod.metadata?.name ?? '',
    ready,
    restarts,
    ...((waiting?.reason ?? terminated?.reason ?? pod.status?.reason) && {
      reason: waiting?.reason ?? terminated?.reason ?? pod.status?.reason,
    }),
    ...((waiting?.message ?? terminated?.message ?? pod.status?.message) && {
      message: waiting?.message ?? terminated?.message ?? pod.status?.message,
    }),
  };
}

/**
 * How a rollout stands, as `kubectl rollout status` judges it, except that a
 * pod stuck on a reason waiting will not cure (a missing image, a crash loop)
 * fails it at once instead of at the progress deadline.
 */
function rolloutOf(
  deployment: V1Deployment,
  replicas: WorkloadStatus['replicas'],
  current: PodProblem[],
): WorkloadStatus['rollout'] {
  const stuck = current.find(p => p.reason && FAILING_REASONS.has(p.reason));
  if (stuck) {
    return {
      state: 'failed',
      reason: `${stuck.reason} on ${stuck.name}${
        stuck.message ? `: ${stuck.message}` : ''
      }`,
    };
  }
  const conditions = deployment.status?.conditions ?? [];
  const progressing = conditions.find(c => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return {
      state: 'failed',
      reason: progressing.message ?? 'progress deadline exceeded',
    };
  }
  const replicaFailure = conditions.find(
    c => c.type === 'ReplicaFailure' && c.status === 'True',
  );
  if (replicaFailure) {
    return {
      state: 'failed',
      reason:
        replicaFailure.message ?? replicaFailure.reason ?? 'replica failure',
    };
  }
  if (
    (deployment.status?.observedGeneration ?? 0) <
    (deployment.metadata?.generation ?? 0)
  ) {
    return {
      state: 'progressing',
      reason: 'waiting for the controller to see the change',
    };
  }
  if (replicas.updated < replicas.desired) {
    return {
      state: 'progressing',
      reason: `${replicas.updated} of ${replicas.desired} replicas updated`,
    };
  }
  const total = deployment.status?.replicas ?? 0;
  if (total > replicas.updated) {
    return {
      state: 'progressing',
      reason: `${total - replicas.updated} old replicas pending termination`,
    };
  }
  if (replicas.available < replicas.updated) {
    return {
      state: 'progressing',
      reason: `${replicas.available} of ${replicas.updated} updated replicas available`,
    };
  }
  return { state: 'complete' };
}

function workloadOf(
  deployment: V1Deployment,
  replicaSets: V1ReplicaSet[],
  pods: V1Pod[],
): WorkloadStatus {
  const owned = replicaSets.filter(rs => ownedBy(rs, deployment.metadata?.uid));
  const revision =
    deployment.metadata?.annotations?.['deployment.kubernetes.io/revision'];
  const newest = owned.find(
    rs =>
      rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] ===
      revision,
  );
  const ownPods = pods.filter(pod =>
    owned.some(rs => ownedBy(pod, rs.metadata?.uid)),
  );
  const problems = ownPods.map(podProblem).filter((p): p is PodProblem => !!p);
  const current = newest
    ? problems.filter(p =>
        ownPods.some(
          pod =>
            pod.metadata?.name === p.name && ownedBy(pod, newest.metadata?.uid),
        ),
      )
    : problems;
  const replicas = {
    desired: deployment.spec?.replicas ?? 1,
    updated: deployment.status?.updatedReplicas ?? 0,
    ready: deployment.status?.readyReplicas ?? 0,
    available: deployment.status?.availableReplicas ?? 0,
  };
  const annotations = deployment.metadata?.annotations ?? {};
  const template = deployment.spec?.template;
  const image = template?.spec?.containers?.[0]?.image;
  const version = template?.metadata?.labels?.[LABELS.version];
  const commit = annotations[DEPLOYMENT_ANNOTATIONS.commitSha];
  const deployedAt = annotations[DEPLOYMENT_ANNOTATIONS.deployedAt];
  return {
    kind: 'Deployment',
    name: deployment.metadata?.name ?? '',
    ...(image && { image }),
    ...(version && { version }),
    replicas,
    rollout: rolloutOf(deployment, replicas, current),
    ...(commit && { commit }),
    ...(deployedAt && { deployedAt }),
    pods: problems,
  };
}

function eventTime(event: CoreV1Event): number {
  const time = event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp;
  return time ? new Date(time as unknown as string).getTime() : 0;
}

/**
 * The workloads of one service in one namespace, from a cluster's caches,
 * and the recent warning events about them.
 */
export function buildEnvironmentStatus(
  objects: WatchedObjects,
  kubernetesId: string,
  now: number = Date.now(),
): { workloads: WorkloadStatus[]; events: WarningEvent[] } {
  const mine = <T extends { metadata?: { labels?: Record<string, string> } }>(
    list: T[],
  ) =>
    list.filter(
      o => o.metadata?.labels?.[LABELS.kubernetesId] === kubernetesId,
    );
  const deployments = mine(objects.deployments);
  const replicaSets = mine(objects.replicaSets);
  const pods = mine(objects.pods);
  const workloads = deployments
    .map(d => workloadOf(d, replicaSets, pods))
    .sort((a, b) => a.name.localeCompare(b.name));
  const names = new Set(
    [...deployments, ...replicaSets, ...pods].map(o => o.metadata?.name),
  );
  const events = objects.events
    .filter(
      e =>
        names.has(e.involvedObject?.name) &&
        now - eventTime(e) <= EVENT_WINDOW_MS,
    )
    .sort((a, b) => eventTime(b) - eventTime(a))
    .slice(0, MAX_EVENTS)
    .map(e => ({
      object: `${e.involvedObject?.kind}/${e.involvedObject?.name}`,
      reason: e.reason ?? '',
      message: e.message ?? '',
      count: e.count ?? 1,
      lastSeen: new Date(eventTime(e)).toISOString(),
    }));
  return { workloads, events };
}

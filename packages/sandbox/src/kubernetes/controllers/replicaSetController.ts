import type { IReplicaSet } from 'kubernetes-models/apps/v1';
import type { KubernetesObject } from '../types';
import {
  type Condition,
  findCondition,
  setCondition,
  withoutCondition,
} from './conditions';
import type { ControllerContext } from './ControllerContext';
import { byCreation, omitZero, stableJson } from './objects';
import { errorMessage, podFromTemplate } from './podTemplate';
import {
  asPod,
  isPodActive,
  isPodAvailable,
  isPodReady,
  labelsMatch,
  msUntilAvailable,
} from './podState';
import { keyOf, refOf } from './refs';
import { claim } from './adoption';

const SOURCE = { component: 'replicaset-controller' };
/** The real controller creates at most this many pods per sync. */
const BURST = 500;

/**
 * The ReplicaSet controller: keeps `spec.replicas` pods of the template
 * alive, and reports how many are ready and available.
 */
export class ReplicaSetController {
  /** Failed create attempts in a row, per ReplicaSet key, for the retry back-off. */
  private readonly failures = new Map<string, number>();

  constructor(private readonly ctx: ControllerContext) {}

  sync(namespace: string, name: string) {
    const { store } = this.ctx;
    const key = keyOf('ReplicaSet', namespace, name);
    const found = store.find(refOf('ReplicaSet', namespace, name));
    if (!found) {
      this.failures.delete(key);
      return;
    }
    const rs = found as unknown as IReplicaSet & KubernetesObject;
    if (rs.metadata?.deletionTimestamp) return;
    const pods = claim(store, found, 'Pod', rs.spec?.selector).filter(
      isPodActive,
    );
    const desired = rs.spec?.replicas ?? 1;
    let failure: Condition | undefined;
    if (pods.length < desired) {
      failure = this.createPods(
        found,
        Math.min(desired - pods.length, BURST),
        pods,
      );
    } else if (pods.length > desired) {
      for (const pod of rankForDeletion(pods).slice(0, pods.length - desired)) {
        this.deletePod(found, pod);
        pods.splice(pods.indexOf(pod), 1);
      }
    }
    if (failure) {
      const attempts = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, attempts);
      const base = Math.max(this.ctx.options.podReadyDelayMs, 20);
      this.ctx.queue.addAfter(key, base * Math.min(2 ** (attempts - 1), 30));
    } else {
      this.failures.delete(key);
    }
    this.updateStatus(found, pods, failure);
  }

  /** Creates `count` pods from the template; stops at the first refusal and returns it. */
  private createPods(
    rs: KubernetesObject,
    count: number,
    pods: KubernetesObject[],
  ): Condition | undefined {
    const spec = (rs as unknown as IReplicaSet).spec!;
    const template = spec.template;
    const namespace = rs.metadata!.namespace!;
    for (let i = 0; i < count; i++) {
      try {
        const pod = this.ctx.store.create(
          refOf('Pod', namespace),
          podFromTemplate(rs, template, {
            generateName: `${rs.metadata!.name}-`,
          }),
        );
        pods.push(pod);
        this.ctx.events.record(rs, SOURCE, {
          type: 'Normal',
          reason: 'SuccessfulCreate',
          message: `Created pod: ${pod.metadata!.name}`,
        });
      } catch (error) {
        const message = errorMessage(error);
        this.ctx.events.record(rs, SOURCE, {
          type: 'Warning',
          reason: 'FailedCreate',
          message: `Error creating: ${message}`,
        });
        return {
          type: 'ReplicaFailure',
          status: 'True',
          reason: 'FailedCreate',
          message,
          lastTransitionTime: this.ctx.timestamp(),
        };
      }
    }
    return undefined;
  }

  private deletePod(rs: KubernetesObject, pod: KubernetesObject) {
    try {
      this.ctx.store.delete(
        refOf('Pod', rs.metadata!.namespace!, pod.metadata!.name),
      );
      this.ctx.events.record(rs, SOURCE, {
        type: 'Normal',
        reason: 'SuccessfulDelete',
        message: `Deleted pod: ${pod.metadata!.name}`,
      });
    } catch (error) {
      this.ctx.events.record(rs, SOURCE, {
        type: 'Warning',
        reason: 'FailedDelete',
        message: `Error deleting: ${(error as Error).message}`,
      });
    }
  }

  private updateStatus(
    found: KubernetesObject,
    pods: KubernetesObject[],
    failure: Condition | undefined,
  ) {
    const rs = found as unknown as IReplicaSet;
    const now = this.ctx.now();
    const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
    const templateLabels = rs.spec?.template?.metadata?.labels;
    let conditions = rs.status?.conditions as Condition[] | undefined;
    if (failure && !findCondition(conditions, 'ReplicaFailure'))
      conditions = setCondition(conditions, failure);
    else if (!failure)
      conditions = withoutCondition(conditions, 'ReplicaFailure');
    const status = omitZero(
      {
        replicas: pods.length,
        fullyLabeledReplicas: pods.filter(p =>
          labelsMatch(p.metadata?.labels, templateLabels),
        ).length,
        readyReplicas: pods.filter(isPodReady).length,
        availableReplicas: pods.filter(p =>
          isPodAvailable(p, minReadySeconds, now),
        ).length,
        observedGeneration: rs.metadata?.generation,
        conditions,
      },
      ['replicas'],
    );
    // Pods ready but not yet available for minReadySeconds: look again when they are.
    const waits = pods
      .map(p => msUntilAvailable(p, minReadySeconds, now))
      .filter((ms): ms is number => ms !== undefined);
    if (waits.length) {
      this.ctx.queue.addAfter(
        keyOf('ReplicaSet', rs.metadata!.namespace!, rs.metadata!.name!),
        Math.min(...waits) + 5,
      );
    }
    if (stableJson(status) === stableJson(rs.status ?? {})) return;
    this.ctx.store.updateStatus(
      refOf('ReplicaSet', rs.metadata!.namespace!, rs.metadata!.name!),
      { ...found, status },
    );
  }
}

const PHASE_RANK: Record<string, number> = {
  Pending: 0,
  Unknown: 1,
  Running: 2,
};

/** Which pods go first when scaling down: unscheduled, pending, unready, restarting, newest. */
function rankForDeletion(pods: KubernetesObject[]): KubernetesObject[] {
  const restarts = (pod: KubernetesObject) =>
    (asPod(pod).status?.containerStatuses ?? []).reduce(
      (sum, s) => sum + (s.restartCount ?? 0),
      0,
    );
  return [...pods].sort((a, b) => {
    const pa = asPod(a);
    const pb = asPod(b);
    const assigned = Number(!!pa.spec?.nodeName) - Number(!!pb.spec?.nodeName);
    if (assigned) return assigned;
    const phase =
      (PHASE_RANK[pa.status?.phase ?? 'Pending'] ?? 0) -
      (PHASE_RANK[pb.status?.phase ?? 'Pending'] ?? 0);
    if (phase) return phase;
    const ready = Number(isPodReady(a)) - Number(isPodReady(b));
    if (ready) return ready;
    const restarted = restarts(b) - restarts(a);
    if (restarted) return restarted;
    return -byCreation(a, b);
  });
}

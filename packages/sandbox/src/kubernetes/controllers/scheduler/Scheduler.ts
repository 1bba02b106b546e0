import type { IPod } from 'kubernetes-models/v1';
import type { KubernetesObject } from '../../types';
import type { Condition } from '../conditions';
import type { ControllerContext } from '../ControllerContext';
import { stableJson } from '../objects';
import { keyOf, refOf } from '../refs';
import { placePod } from './placement';

type Pod = IPod & KubernetesObject;

const SOURCE = { component: 'default-scheduler' };
const SCHEDULER_NAME = 'default-scheduler';

/** How long a pod waits in the unschedulable queue before it is tried anyway (podMaxInUnschedulablePodsDuration). */
const UNSCHEDULABLE_RETRY_MS = 5 * 60_000;

interface Waiting {
  uid: string;
  /** The pod as last tried: only a change of it (not of its status) makes it worth another try. */
  signature: string;
  timer: { cancel(): void };
}

const signatureOf = (pod: Pod) =>
  stableJson({ spec: pod.spec, labels: pod.metadata?.labels });

/**
 * The default scheduler: binds each pod without a node to the node its
 * filters and scores pick, or leaves it Pending with `PodScheduled=False`
 * (`Unschedulable`) and a `FailedScheduling` event. Pods that fit nowhere
 * wait until the cluster changes (a node added or changed, a pod gone or
 * finished) or five minutes pass, as the scheduling queue keeps them.
 */
export class Scheduler {
  private readonly waiting = new Map<string, Waiting>();
  private readonly due = new Set<string>();

  constructor(private readonly ctx: ControllerContext) {}

  sync(namespace: string, name: string) {
    const key = `${namespace}/${name}`;
    const pod = this.ctx.store.find(refOf('Pod', namespace, name)) as
      | Pod
      | undefined;
    if (!pod || !this.wantsScheduling(pod)) {
      this.forget(key);
      return;
    }
    const signature = signatureOf(pod);
    const waiting = this.waiting.get(key);
    if (
      waiting?.uid === pod.metadata?.uid &&
      waiting?.signature === signature &&
      !this.due.has(key)
    )
      return;
    this.forget(key);
    if (pod.spec?.schedulingGates?.length) {
      this.setUnscheduled(
        pod,
        'SchedulingGated',
        'Scheduling is blocked due to non-empty scheduling gates',
      );
      this.wait(key, pod, signature, false);
      return;
    }
    const placement = placePod(
      pod,
      this.ctx.store.list(refOf('Node')).items,
      this.ctx.store
        .list(refOf('Pod'))
        .items.filter(p => (p.spec as Pod['spec'])?.nodeName),
    );
    if (placement.node !== undefined) {
      this.bind(pod, placement.node);
      return;
    }
    this.setUnscheduled(pod, 'Unschedulable', placement.message);
    this.ctx.events.record(pod, SOURCE, {
      type: 'Warning',
      reason: 'FailedScheduling',
      message: placement.message,
    });
    this.wait(key, pod, signature, true);
  }

  /** Something changed that may make room: every waiting pod is tried again. */
  retryUnschedulable() {
    for (const key of this.waiting.keys()) this.retry(key);
  }

  stop() {
    for (const waiting of this.waiting.values()) waiting.timer.cancel();
    this.waiting.clear();
    this.due.clear();
  }

  private wantsScheduling(pod: Pod): boolean {
    const phase = pod.status?.phase;
    return (
      !pod.spec?.nodeName &&
      (pod.spec?.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME &&
      !pod.metadata?.deletionTimestamp &&
      phase !== 'Succeeded' &&
      phase !== 'Failed'
    );
  }

  private retry(key: string) {
    const [namespace, name] = key.split('/');
    this.due.add(key);
    this.ctx.queue.add(keyOf('Pod', namespace, name));
  }

  private wait(key: string, pod: Pod, signature: string, timed: boolean) {
    this.waiting.set(key, {
      uid: pod.metadata!.uid!,
      signature,
      timer: timed
        ? this.ctx.after(UNSCHEDULABLE_RETRY_MS, () => this.retry(key))
        : { cancel: () => undefined },
    });
  }

  private forget(key: string) {
    this.waiting.get(key)?.timer.cancel();
    this.waiting.delete(key);
    this.due.delete(key);
  }

  private bind(pod: Pod, node: string) {
    const namespace = pod.metadata!.namespace!;
    const name = pod.metadata!.name!;
    const bound = structuredClone(pod);
    bound.spec!.nodeName = node;
    delete bound.metadata!.resourceVersion;
    const updated = this.ctx.store.update(
      refOf('Pod', namespace, name),
      bound as KubernetesObject,
    );
    this.ctx.events.record(updated, SOURCE, {
      type: 'Normal',
      reason: 'Scheduled',
      message: `Successfully assigned ${namespace}/${name} to ${node}`,
    });
  }

  /** `PodScheduled=False` with the reason and message, unless the pod says so already. */
  private setUnscheduled(pod: Pod, reason: string, message: string) {
    const conditions = (pod.status?.conditions ?? []) as Condition[];
    const before = conditions.find(c => c.type === 'PodScheduled');
    if (
      before?.status === 'False' &&
      before.reason === reason &&
      before.message === message
    )
      return;
    const condition: Condition = {
      type: 'PodScheduled',
      status: 'False',
      lastProbeTime: null,
      lastTransitionTime:
        before?.status === 'False' && before.lastTransitionTime
          ? before.lastTransitionTime
          : this.ctx.timestamp(),
      reason,
      message,
    };
    this.ctx.store.updateStatus(
      refOf('Pod', pod.metadata!.namespace!, pod.metadata!.name!),
      {
        ...pod,
        status: {
          ...pod.status,
          phase: 'Pending',
          conditions: [
            ...conditions.filter(c => c.type !== 'PodScheduled'),
            condition,
          ],
        },
      } as KubernetesObject,
    );
  }
}

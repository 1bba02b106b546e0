import type { KubernetesObject } from '../types';
import { type Condition, findCondition, setCondition } from './conditions';
import type { ControllerContext } from './ControllerContext';
import { type Deployment, newCondition, REVISION } from './deploymentUtil';
import {
  type DeploymentStatus,
  hasProgressDeadline,
  isComplete,
  REASONS,
  statusOf,
} from './deploymentStatus';
import { stableJson } from './objects';
import { keyOf, refOf } from './refs';

/**
 * Writes what the Deployment controller decides onto Deployments (status,
 * revision annotation) and keeps time for progress deadlines, which need
 * finer clocks than the seconds of a condition's lastUpdateTime.
 */
export class DeploymentWriter {
  /** When (in ms) each Deployment's Progressing lastUpdateTime was written, finer than its seconds. */
  private readonly progressMarks = new Map<
    string,
    { stamp: string; at: number }
  >();

  constructor(private readonly ctx: ControllerContext) {}

  /** DeploymentTimedOut, measured from the precise time lastUpdateTime was written when known. */
  timedOut(d: Deployment, status: DeploymentStatus): boolean {
    if (!hasProgressDeadline(d)) return false;
    const condition = findCondition(status.conditions, 'Progressing');
    if (!condition || condition.reason === REASONS.newRSAvailable) return false;
    if (condition.reason === REASONS.timedOut) return true;
    const from = this.progressTime(d, condition.lastUpdateTime);
    return (
      from !== undefined && from + this.deadlineMs(d) < this.ctx.now().getTime()
    );
  }

  requeueStuck(d: Deployment, status: DeploymentStatus) {
    const condition = findCondition(status.conditions, 'Progressing');
    if (
      !hasProgressDeadline(d) ||
      !condition ||
      isComplete(d, status) ||
      condition.reason === REASONS.timedOut
    )
      return;
    if (
      condition.reason === REASONS.newRSAvailable ||
      condition.status !== 'True'
    )
      return;
    const from = this.progressTime(d, condition.lastUpdateTime);
    if (from === undefined) return;
    const wait = from + this.deadlineMs(d) - this.ctx.now().getTime();
    this.ctx.queue.addAfter(
      keyOf('Deployment', d.metadata!.namespace!, d.metadata!.name!),
      Math.max(1, wait + 1),
    );
  }

  private deadlineMs(d: Deployment): number {
    return (
      (d.spec?.progressDeadlineSeconds ?? 600) *
      1000 *
      this.ctx.options.progressDeadlineScale
    );
  }

  private progressTime(
    d: Deployment,
    stamp: string | undefined,
  ): number | undefined {
    const mark = this.progressMarks.get(d.metadata!.uid!);
    if (mark && mark.stamp === stamp) return mark.at;
    const parsed = Date.parse(stamp ?? '');
    return Number.isNaN(parsed) ? undefined : parsed;
  }

  /** Writes the Deployment's status when it changed; returns the Deployment as stored. */
  writeStatus(d: Deployment, status: DeploymentStatus): Deployment | undefined {
    const ref = refOf('Deployment', d.metadata!.namespace!, d.metadata!.name!);
    const current = this.ctx.store.find(ref) as Deployment | undefined;
    if (!current || current.metadata?.uid !== d.metadata?.uid) return undefined;
    if (stableJson(current.status ?? {}) === stableJson(status))
      return { ...d, status: current.status };
    const before = findCondition(
      statusOf(current).conditions,
      'Progressing',
    )?.lastUpdateTime;
    const after = findCondition(
      status.conditions,
      'Progressing',
    )?.lastUpdateTime;
    if (after && after !== before)
      this.progressMarks.set(d.metadata!.uid!, {
        stamp: after,
        at: this.ctx.now().getTime(),
      });
    const written = this.ctx.store.updateStatus(ref, {
      ...current,
      status: status as KubernetesObject['status'],
    }) as Deployment;
    return { ...d, metadata: written.metadata, status: written.status };
  }

  /** Sets the Progressing condition as SetDeploymentCondition does and writes it; returns the Deployment as stored. */
  setProgressing(
    d: Deployment,
    status: Condition['status'],
    reason: string,
    message: string,
  ): Deployment {
    const condition = newCondition(
      'Progressing',
      status,
      reason,
      message,
      this.ctx.timestamp(),
    );
    return (
      this.writeStatus(d, {
        ...statusOf(d),
        conditions: setCondition(statusOf(d).conditions, condition),
      }) ?? d
    );
  }

  /** SetDeploymentRevision: the Deployment carries the revision of its newest ReplicaSet. */
  setDeploymentRevision(
    d: Deployment,
    revision: string | undefined,
  ): Deployment {
    if (!revision || d.metadata?.annotations?.[REVISION] === revision) return d;
    const ref = refOf('Deployment', d.metadata!.namespace!, d.metadata!.name!);
    const current = this.ctx.store.find(ref) as Deployment | undefined;
    if (!current) return d;
    current.metadata = {
      ...current.metadata,
      annotations: { ...current.metadata?.annotations, [REVISION]: revision },
    };
    delete current.metadata.resourceVersion;
    const written = this.ctx.store.update(ref, current) as Deployment;
    return { ...d, metadata: written.metadata };
  }
}

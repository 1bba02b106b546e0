import { findCondition } from './conditions';
import type { ControllerContext } from './ControllerContext';
import {
  type Deployment,
  findNewReplicaSet,
  isActive,
  isRollingUpdate,
  maxSurge,
  maxUnavailable,
  POD_TEMPLATE_HASH,
  type ReplicaSet,
  replicasOf,
  REVISION,
  revisionOf,
  rsReplicas,
  sameTemplate,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  sum,
} from './deploymentUtil';
import {
  calculateStatus,
  hasProgressDeadline,
  isComplete,
  REASONS,
  rolloutStatus,
  statusOf,
} from './deploymentStatus';
import { byCreation, controllerRef, isControlledBy } from './objects';
import { podTemplateHash } from './podTemplateHash';
import { isPodActive } from './podState';
import { refOf } from './refs';
import { claim } from './adoption';
import { DeploymentWriter } from './DeploymentWriter';
import {
  annotationsStale,
  isSaturated,
  isScalingEvent,
  newReplicaCount,
  proportionalSizes,
} from './deploymentScaling';
import { KubernetesApiError } from '../status';

const SOURCE = { component: 'deployment-controller' };

/**
 * The Deployment controller, after pkg/controller/deployment: one
 * ReplicaSet per pod template, rolled out by the RollingUpdate or Recreate
 * strategy, with the status and conditions `kubectl rollout status` and the
 * portal read.
 */
export class DeploymentController {
  private readonly writer: DeploymentWriter;

  constructor(private readonly ctx: ControllerContext) {
    this.writer = new DeploymentWriter(ctx);
  }

  sync(namespace: string, name: string) {
    const found = this.ctx.store.find(refOf('Deployment', namespace, name)) as
      | Deployment
      | undefined;
    if (!found || found.metadata?.deletionTimestamp) return;
    let d = found;
    const selector = d.spec?.selector;
    if (!selector || (!selector.matchLabels && !selector.matchExpressions))
      return;
    const rsList = claim(
      this.ctx.store,
      d,
      'ReplicaSet',
      selector,
    ) as ReplicaSet[];

    d = this.checkPausedConditions(d);
    if (d.spec?.paused || isScalingEvent(d, rsList)) {
      this.syncOnly(d, rsList);
      return;
    }
    if (isRollingUpdate(d)) this.rolloutRolling(d, rsList);
    else this.rolloutRecreate(d, rsList);
  }

  // ---- strategies -----------------------------------------------------------

  private rolloutRolling(input: Deployment, rsList: ReplicaSet[]) {
    const got = this.getAllReplicaSets(input, rsList, true);
    if (!got) return;
    const { d, newRS, oldRSs } = got;
    const all = newRS ? [...oldRSs, newRS] : oldRSs;
    if (newRS && this.reconcileNewReplicaSet(all, newRS, d)) {
      this.syncRolloutStatus(all, newRS, d);
      return;
    }
    if (this.reconcileOldReplicaSets(all, oldRSs.filter(isActive), newRS, d)) {
      this.syncRolloutStatus(all, newRS, d);
      return;
    }
    if (isComplete(d, statusOf(d))) this.cleanup(oldRSs, d);
    this.syncRolloutStatus(all, newRS, d);
  }

  private rolloutRecreate(input: Deployment, rsList: ReplicaSet[]) {
    const first = this.getAllReplicaSets(input, rsList, false);
    if (!first) return;
    let { d, newRS } = first;
    const { oldRSs } = first;
    let scaledDown = false;
    for (const rs of oldRSs.filter(isActive)) {
      if (this.scaleReplicaSet(rs, 0, d)) scaledDown = true;
    }
    const all = () => (newRS ? [...oldRSs, newRS] : oldRSs);
    if (scaledDown || this.oldPodsRunning(oldRSs, d)) {
      this.syncRolloutStatus(all(), newRS, d);
      return;
    }
    if (!newRS) {
      const created = this.getAllReplicaSets(d, rsList, true);
      if (!created) return;
      ({ d, newRS } = created);
    }
    if (newRS) this.scaleReplicaSet(newRS, replicasOf(d), d);
    if (isComplete(d, statusOf(d))) this.cleanup(oldRSs, d);
    this.syncRolloutStatus(all(), newRS, d);
  }

  /** Paused, or only `spec.replicas` changed: scale what exists, no new ReplicaSet. */
  private syncOnly(input: Deployment, rsList: ReplicaSet[]) {
    const got = this.getAllReplicaSets(input, rsList, false);
    if (!got) return;
    const { d, newRS, oldRSs } = got;
    this.scale(d, newRS, oldRSs);
    if (d.spec?.paused) this.cleanup(oldRSs, d);
    const all = newRS ? [...oldRSs, newRS] : oldRSs;
    this.writer.writeStatus(
      d,
      calculateStatus(
        this.refreshAll(all),
        newRS && this.refresh(newRS),
        d,
        this.ctx.timestamp(),
      ),
    );
  }

  private reconcileNewReplicaSet(
    all: ReplicaSet[],
    newRS: ReplicaSet,
    d: Deployment,
  ): boolean {
    const desired = replicasOf(d);
    if (rsReplicas(newRS) === desired) return false;
    if (rsReplicas(newRS) > desired)
      return this.scaleReplicaSet(newRS, desired, d);
    return this.scaleReplicaSet(newRS, newReplicaCount(d, all, newRS), d);
  }

  private reconcileOldReplicaSets(
    all: ReplicaSet[],
    oldRSs: ReplicaSet[],
    newRS: ReplicaSet | undefined,
    d: Deployment,
  ): boolean {
    const oldCount = sum(oldRSs, rsReplicas);
    if (oldCount === 0) return false;
    const allCount = sum(all, rsReplicas);
    const minAvailable = replicasOf(d) - maxUnavailable(d);
    const newUnavailable = newRS
      ? rsReplicas(newRS) - (newRS.status?.availableReplicas ?? 0)
      : 0;
    const maxScaledDown = allCount - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return false;

    // First the old pods that are not available anyway, oldest ReplicaSet first.
    let cleaned = 0;
    for (const rs of [...oldRSs].sort(byCreation)) {
      if (cleaned >= maxScaledDown) break;
      const unhealthy = rsReplicas(rs) - (rs.status?.availableReplicas ?? 0);
      if (rsReplicas(rs) === 0 || unhealthy <= 0) continue;
      const down = Math.min(maxScaledDown - cleaned, unhealthy);
      this.scaleReplicaSet(rs, rsReplicas(rs) - down, d);
      cleaned += down;
    }
    // Then available ones, as long as minAvailable stays available.
    const available = sum(
      newRS ? [...oldRSs, newRS] : oldRSs,
      rs => rs.status?.availableReplicas,
    );
    let scaled = 0;
    if (available > minAvailable) {
      const total = available - minAvailable;
      for (const rs of [...oldRSs].sort(byCreation)) {
        if (scaled >= total) break;
        if (rsReplicas(rs) === 0) continue;
        const down = Math.min(rsReplicas(rs), total - scaled);
        this.scaleReplicaSet(rs, rsReplicas(rs) - down, d);
        scaled += down;
      }
    }
    return cleaned + scaled > 0;
  }

  private oldPodsRunning(oldRSs: ReplicaSet[], d: Deployment): boolean {
    const uids = new Set(oldRSs.map(rs => rs.metadata!.uid));
    return this.ctx.store
      .list(refOf('Pod', d.metadata!.namespace!))
      .items.some(
        pod =>
          uids.has(
            pod.metadata?.ownerReferences?.find(r => r.controller)?.uid ?? '',
          ) && isPodActive(pod),
      );
  }

  // ---- scaling ------------------------------------------------------------------

  /** scale: resize to `spec.replicas`, proportionally across ReplicaSets mid-rollout. */
  private scale(
    d: Deployment,
    newRS: ReplicaSet | undefined,
    oldRSs: ReplicaSet[],
  ) {
    const desired = replicasOf(d);
    const active = (newRS ? [...oldRSs, newRS] : oldRSs).filter(isActive);
    if (active.length <= 1) {
      const target = active[0] ?? newRS ?? [...oldRSs].sort(byCreation).pop();
      if (
        target &&
        (rsReplicas(target) !== desired || annotationsStale(target, d))
      )
        this.scaleReplicaSet(target, desired, d);
      return;
    }
    if (newRS && isSaturated(d, newRS)) {
      for (const rs of oldRSs.filter(isActive)) this.scaleReplicaSet(rs, 0, d);
      return;
    }
    if (!isRollingUpdate(d)) return;
    for (const [rs, size] of proportionalSizes(d, active)) {
      this.scaleReplicaSet(rs, size, d);
    }
  }

  /** Resizes `rs` (and refreshes its replica annotations); says whether its size changed. */
  private scaleReplicaSet(
    rs: ReplicaSet,
    size: number,
    d: Deployment,
  ): boolean {
    const oldSize = rsReplicas(rs);
    const sizeChanged = oldSize !== size;
    if (!sizeChanged && !annotationsStale(rs, d)) return false;
    const ref = refOf(
      'ReplicaSet',
      rs.metadata!.namespace!,
      rs.metadata!.name!,
    );
    const current = this.ctx.store.find(ref) as ReplicaSet | undefined;
    if (!current) return false;
    current.spec!.replicas = size;
    setReplicasAnnotations(current, replicasOf(d), replicasOf(d) + maxSurge(d));
    delete current.metadata!.resourceVersion;
    const written = this.ctx.store.update(ref, current) as ReplicaSet;
    rs.spec = written.spec;
    rs.metadata = written.metadata;
    if (sizeChanged) {
      const direction = oldSize < size ? 'up' : 'down';
      this.ctx.events.record(d, SOURCE, {
        type: 'Normal',
        reason: 'ScalingReplicaSet',
        message: `Scaled ${direction} replica set ${
          rs.metadata!.name
        } to ${size} from ${oldSize}`,
      });
    }
    return sizeChanged;
  }

  // ---- ReplicaSets --------------------------------------------------------------

  /**
   * getAllReplicaSetsAndSyncRevision: the ReplicaSet of the current template
   * (created when asked and missing) and all the others, with the revision
   * annotations brought up to date. Undefined when the Deployment is gone.
   */
  private getAllReplicaSets(
    input: Deployment,
    rsList: ReplicaSet[],
    create: boolean,
  ): { d: Deployment; newRS?: ReplicaSet; oldRSs: ReplicaSet[] } | undefined {
    let d = input;
    const existing = findNewReplicaSet(d, rsList);
    const oldRSs = rsList.filter(rs => rs !== existing);
    const newRevision = Math.max(0, ...oldRSs.map(revisionOf)) + 1;
    const namespace = d.metadata!.namespace!;

    if (existing) {
      const copy = structuredClone(existing);
      let newRS = existing;
      const minReadyChanged =
        (copy.spec?.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0);
      if (
        setNewReplicaSetAnnotations(d, copy, newRevision, true) ||
        minReadyChanged
      ) {
        copy.spec!.minReadySeconds = d.spec?.minReadySeconds;
        if (copy.spec!.minReadySeconds === undefined)
          delete copy.spec!.minReadySeconds;
        delete copy.metadata!.resourceVersion;
        newRS = this.ctx.store.update(
          refOf('ReplicaSet', namespace, copy.metadata!.name!),
          copy,
        ) as ReplicaSet;
      }
      d = this.writer.setDeploymentRevision(
        d,
        newRS.metadata?.annotations?.[REVISION],
      );
      if (
        hasProgressDeadline(d) &&
        !findCondition(statusOf(d).conditions, 'Progressing')
      ) {
        d = this.writer.setProgressing(
          d,
          'True',
          REASONS.foundNewRS,
          `Found new replica set "${newRS.metadata!.name}"`,
        );
      }
      return { d, newRS, oldRSs };
    }
    if (!create) return { d, oldRSs };

    const collisionCount = statusOf(d).collisionCount;
    const hash = podTemplateHash(d.spec?.template, collisionCount);
    const template = structuredClone(d.spec!.template!);
    template.metadata = {
      ...template.metadata,
      labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH]: hash },
    };
    const selector = structuredClone(d.spec!.selector);
    selector.matchLabels = {
      ...selector.matchLabels,
      [POD_TEMPLATE_HASH]: hash,
    };
    const rs: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata!.name}-${hash}`,
        namespace,
        labels: template.metadata.labels,
        ownerReferences: [controllerRef(d)],
      },
      spec: {
        replicas: 0,
        ...(d.spec?.minReadySeconds
          ? { minReadySeconds: d.spec.minReadySeconds }
          : {}),
        selector,
        template,
      },
    };
    const count = newReplicaCount(d, [...oldRSs, rs], rs);
    rs.spec!.replicas = count;
    setNewReplicaSetAnnotations(d, rs, newRevision, false);
    let created: ReplicaSet;
    try {
      created = this.ctx.store.create(
        refOf('ReplicaSet', namespace),
        rs,
      ) as ReplicaSet;
    } catch (error) {
      if (error instanceof KubernetesApiError && error.code === 409) {
        const clash = this.ctx.store.find(
          refOf('ReplicaSet', namespace, rs.metadata!.name!),
        ) as ReplicaSet | undefined;
        if (clash && isControlledBy(clash, d) && sameTemplate(clash, d)) {
          return { d, newRS: clash, oldRSs };
        }
        // A hash collision: the next sync tries another name.
        this.writer.writeStatus(d, {
          ...statusOf(d),
          collisionCount: (collisionCount ?? 0) + 1,
        });
        return undefined;
      }
      const message = `Failed to create new replica set "${
        rs.metadata!.name
      }": ${(error as Error).message}`;
      if (hasProgressDeadline(d)) {
        this.writer.setProgressing(d, 'False', REASONS.failedRSCreate, message);
      }
      this.ctx.events.record(d, SOURCE, {
        type: 'Warning',
        reason: REASONS.failedRSCreate,
        message,
      });
      return undefined;
    }
    if (count > 0) {
      this.ctx.events.record(d, SOURCE, {
        type: 'Normal',
        reason: 'ScalingReplicaSet',
        message: `Scaled up replica set ${created.metadata!.name} to ${count}`,
      });
    }
    d = this.writer.setDeploymentRevision(d, String(newRevision));
    if (hasProgressDeadline(d)) {
      d = this.writer.setProgressing(
        d,
        'True',
        REASONS.newRSCreated,
        `Created new replica set "${created.metadata!.name}"`,
      );
    }
    return { d, newRS: created, oldRSs };
  }

  /** Deletes fully scaled-down old ReplicaSets beyond `revisionHistoryLimit`, oldest revision first. */
  private cleanup(oldRSs: ReplicaSet[], d: Deployment) {
    const limit = d.spec?.revisionHistoryLimit;
    if (limit === undefined) return;
    const cleanable = oldRSs.filter(
      rs =>
        rsReplicas(rs) === 0 &&
        (rs.status?.replicas ?? 0) === 0 &&
        (rs.status?.observedGeneration ?? 0) >=
          (rs.metadata?.generation ?? 0) &&
        !rs.metadata?.deletionTimestamp,
    );
    const excess = cleanable.length - limit;
    if (excess <= 0) return;
    const byRevision = [...cleanable].sort(
      (a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b),
    );
    for (const rs of byRevision.slice(0, excess)) {
      const ref = refOf(
        'ReplicaSet',
        rs.metadata!.namespace!,
        rs.metadata!.name!,
      );
      if (this.ctx.store.find(ref)) this.ctx.store.delete(ref);
    }
  }

  // ---- status -------------------------------------------------------------------

  private syncRolloutStatus(
    all: ReplicaSet[],
    newRS: ReplicaSet | undefined,
    d: Deployment,
  ) {
    const fresh = this.refreshAll(all);
    const freshNew =
      newRS && fresh.find(rs => rs.metadata?.uid === newRS.metadata?.uid);
    const status = rolloutStatus(
      d,
      fresh,
      freshNew,
      this.ctx.timestamp(),
      next => this.writer.timedOut(d, next),
    );
    const written = this.writer.writeStatus(d, status) ?? d;
    this.writer.requeueStuck(written, status);
  }

  /** checkPausedConditions: Progressing Unknown while paused, and once resumed. */
  private checkPausedConditions(d: Deployment): Deployment {
    if (!hasProgressDeadline(d)) return d;
    const condition = findCondition(statusOf(d).conditions, 'Progressing');
    if (condition?.reason === REASONS.timedOut) return d;
    const pausedNoted = condition?.reason === REASONS.paused;
    if (d.spec?.paused && !pausedNoted) {
      return this.writer.setProgressing(
        d,
        'Unknown',
        REASONS.paused,
        'Deployment is paused',
      );
    }
    if (!d.spec?.paused && pausedNoted) {
      return this.writer.setProgressing(
        d,
        'Unknown',
        REASONS.resumed,
        'Deployment is resumed',
      );
    }
    return d;
  }

  private refresh(rs: ReplicaSet): ReplicaSet {
    return (
      (this.ctx.store.find(
        refOf('ReplicaSet', rs.metadata!.namespace!, rs.metadata!.name!),
      ) as ReplicaSet | undefined) ?? rs
    );
  }

  private refreshAll(all: ReplicaSet[]): ReplicaSet[] {
    return all
      .map(
        rs =>
          this.ctx.store.find(
            refOf('ReplicaSet', rs.metadata!.namespace!, rs.metadata!.name!),
          ) as ReplicaSet | undefined,
      )
      .filter((rs): rs is ReplicaSet => !!rs);
  }
}

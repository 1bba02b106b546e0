import type { IStatefulSet } from 'kubernetes-models/apps/v1';
import type { KubernetesObject } from '../types';
import type { ControllerContext } from './ControllerContext';
import { isControlledBy, omitZero, stableJson } from './objects';
import { isPodActive, isPodAvailable, isPodReady } from './podState';
import { errorMessage, podFromTemplate } from './podTemplate';
import { podTemplateHash } from './podTemplateHash';
import { keyOf, refOf } from './refs';

type StatefulSet = IStatefulSet & KubernetesObject;

const SOURCE = { component: 'statefulset-controller' };
const REVISION_LABEL = 'controller-revision-hash';

/**
 * The StatefulSet controller, simplified: pods `<name>-0…n-1` created in
 * order (each once the one before is Ready, unless podManagementPolicy is
 * Parallel), removed from the highest ordinal, and replaced highest first
 * when the template changes.
 */
export class StatefulSetController {
  constructor(private readonly ctx: ControllerContext) {}

  sync(namespace: string, name: string) {
    const found = this.ctx.store.find(refOf('StatefulSet', namespace, name)) as
      | StatefulSet
      | undefined;
    if (!found || found.metadata?.deletionTimestamp) return;
    const sts = found;
    const replicas = sts.spec?.replicas ?? 1;
    const parallel = sts.spec?.podManagementPolicy === 'Parallel';
    const updateRevision = `${name}-${podTemplateHash(
      sts.spec?.template,
      sts.status?.collisionCount,
    )}`;
    const pods = new Map<number, KubernetesObject>();
    for (const pod of this.ctx.store.list(refOf('Pod', namespace)).items) {
      const ordinal = ordinalOf(name, pod.metadata?.name ?? '');
      if (ordinal !== undefined && isControlledBy(pod, sts) && isPodActive(pod))
        pods.set(ordinal, pod);
    }
    const healthy = (pod: KubernetesObject | undefined) =>
      !!pod && isPodReady(pod);

    let changed = false;
    // Create the missing ordinals, in order unless Parallel.
    for (let i = 0; i < replicas && !changed; i++) {
      if (pods.has(i)) {
        if (!parallel && !healthy(pods.get(i))) break;
        continue;
      }
      this.createPod(sts, i, updateRevision);
      if (!parallel) changed = true;
    }
    // Remove ordinals beyond replicas, highest first.
    const extra = [...pods.keys()]
      .filter(i => i >= replicas)
      .sort((a, b) => b - a);
    for (const ordinal of parallel ? extra : extra.slice(0, changed ? 0 : 1)) {
      this.deletePod(sts, pods.get(ordinal)!);
      pods.delete(ordinal);
      changed = true;
    }
    // Rolling update: once everything is Ready, replace the highest outdated pod.
    const partition = sts.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
    if (
      !changed &&
      sts.spec?.updateStrategy?.type !== 'OnDelete' &&
      [...pods.values()].every(healthy)
    ) {
      const outdated = [...pods.entries()]
        .filter(
          ([i, pod]) =>
            i >= partition &&
            pod.metadata?.labels?.[REVISION_LABEL] !== updateRevision,
        )
        .sort(([a], [b]) => b - a)[0];
      if (outdated) {
        this.deletePod(sts, outdated[1]);
        pods.delete(outdated[0]);
      }
    }
    this.updateStatus(sts, [...this.ownedPods(sts)], updateRevision);
  }

  private ownedPods(sts: StatefulSet): KubernetesObject[] {
    return this.ctx.store
      .list(refOf('Pod', sts.metadata!.namespace!))
      .items.filter(pod => isControlledBy(pod, sts) && isPodActive(pod));
  }

  private createPod(sts: StatefulSet, ordinal: number, revision: string) {
    const name = `${sts.metadata!.name}-${ordinal}`;
    const pod = podFromTemplate(sts, sts.spec?.template, {
      name,
      labels: {
        [REVISION_LABEL]: revision,
        'statefulset.kubernetes.io/pod-name': name,
        'apps.kubernetes.io/pod-index': String(ordinal),
      },
    });
    const spec = pod.spec as Record<string, unknown>;
    spec.hostname = name;
    if (sts.spec?.serviceName) spec.subdomain = sts.spec.serviceName;
    try {
      this.ctx.store.create(refOf('Pod', sts.metadata!.namespace!), pod);
      this.event(
        sts,
        'Normal',
        'SuccessfulCreate',
        `create Pod ${name} in StatefulSet ${sts.metadata!.name} successful`,
      );
    } catch (error) {
      this.event(
        sts,
        'Warning',
        'FailedCreate',
        `create Pod ${name} in StatefulSet ${
          sts.metadata!.name
        } failed error: ${errorMessage(error)}`,
      );
      this.ctx.queue.addAfter(
        keyOf('StatefulSet', sts.metadata!.namespace!, sts.metadata!.name!),
        Math.max(this.ctx.options.podReadyDelayMs, 20) * 5,
      );
    }
  }

  private deletePod(sts: StatefulSet, pod: KubernetesObject) {
    const ref = refOf('Pod', sts.metadata!.namespace!, pod.metadata!.name);
    if (!this.ctx.store.find(ref)) return;
    this.ctx.store.delete(ref);
    this.event(
      sts,
      'Normal',
      'SuccessfulDelete',
      `delete Pod ${pod.metadata!.name} in StatefulSet ${
        sts.metadata!.name
      } successful`,
    );
  }

  private event(
    sts: StatefulSet,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ) {
    this.ctx.events.record(sts, SOURCE, { type, reason, message });
  }

  private updateStatus(
    sts: StatefulSet,
    pods: KubernetesObject[],
    updateRevision: string,
  ) {
    const now = this.ctx.now();
    const minReadySeconds = sts.spec?.minReadySeconds ?? 0;
    const previousCurrent = sts.status?.currentRevision ?? updateRevision;
    const updated = pods.filter(
      p => p.metadata?.labels?.[REVISION_LABEL] === updateRevision,
    ).length;
    const replicas = sts.spec?.replicas ?? 1;
    // The update is complete once every replica runs the new revision.
    const currentRevision =
      updated === replicas && pods.length === replicas
        ? updateRevision
        : previousCurrent;
    const status = omitZero(
      {
        observedGeneration: sts.metadata?.generation,
        replicas: pods.length,
        readyReplicas: pods.filter(isPodReady).length,
        currentReplicas: pods.filter(
          p => p.metadata?.labels?.[REVISION_LABEL] === currentRevision,
        ).length,
        updatedReplicas: updated,
        availableReplicas: pods.filter(p =>
          isPodAvailable(p, minReadySeconds, now),
        ).length,
        currentRevision,
        updateRevision,
        collisionCount: sts.status?.collisionCount ?? 0,
      },
      ['replicas', 'availableReplicas', 'collisionCount'],
    );
    if (stableJson(status) === stableJson(sts.status ?? {})) return;
    this.ctx.store.updateStatus(
      refOf('StatefulSet', sts.metadata!.namespace!, sts.metadata!.name!),
      { ...sts, status },
    );
  }
}

function ordinalOf(setName: string, podName: string): number | undefined {
  if (!podName.startsWith(`${setName}-`)) return undefined;
  const rest = podName.slice(setName.length + 1);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : undefined;
}

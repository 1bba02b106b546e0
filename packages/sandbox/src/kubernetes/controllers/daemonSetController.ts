import type { IDaemonSet } from 'kubernetes-models/apps/v1';
import type { KubernetesObject } from '../types';
import { type ControllerContext, NODE_NAME } from './ControllerContext';
import { byCreation, isControlledBy, omitZero, stableJson } from './objects';
import { isPodActive, isPodAvailable, isPodReady } from './podState';
import { errorMessage, podFromTemplate } from './podTemplate';
import { podTemplateHash } from './podTemplateHash';
import { keyOf, refOf } from './refs';

type DaemonSet = IDaemonSet & KubernetesObject;

const SOURCE = { component: 'daemonset-controller' };
const REVISION_LABEL = 'controller-revision-hash';

/** The DaemonSet controller for a one-node cluster: one pod of the current template on it. */
export class DaemonSetController {
  constructor(private readonly ctx: ControllerContext) {}

  sync(namespace: string, name: string) {
    const found = this.ctx.store.find(refOf('DaemonSet', namespace, name)) as
      | DaemonSet
      | undefined;
    if (!found || found.metadata?.deletionTimestamp) return;
    const ds = found;
    const revision = podTemplateHash(
      ds.spec?.template,
      ds.status?.collisionCount,
    );
    const [keep, ...extra] = this.ownedPods(ds).sort(byCreation);
    for (const pod of extra) this.deletePod(ds, pod);
    // RollingUpdate with maxUnavailable 1 and no surge: the old pod goes, then the new one comes.
    const outdated =
      keep &&
      ds.spec?.updateStrategy?.type !== 'OnDelete' &&
      keep.metadata?.labels?.[REVISION_LABEL] !== revision;
    if (outdated) this.deletePod(ds, keep);
    if (!keep || outdated) this.createPod(ds, revision);
    this.updateStatus(ds, this.ownedPods(ds), revision);
  }

  private ownedPods(ds: DaemonSet): KubernetesObject[] {
    return this.ctx.store
      .list(refOf('Pod', ds.metadata!.namespace!))
      .items.filter(pod => isControlledBy(pod, ds) && isPodActive(pod));
  }

  private createPod(ds: DaemonSet, revision: string) {
    const pod = podFromTemplate(ds, ds.spec?.template, {
      generateName: `${ds.metadata!.name}-`,
      labels: {
        [REVISION_LABEL]: revision,
        'pod-template-generation': String(ds.metadata?.generation ?? 1),
      },
    });
    // Pinned to the node through affinity, as the controller does since the scheduler places daemons.
    (pod.spec as Record<string, unknown>).affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchFields: [
                { key: 'metadata.name', operator: 'In', values: [NODE_NAME] },
              ],
            },
          ],
        },
      },
    };
    try {
      const created = this.ctx.store.create(
        refOf('Pod', ds.metadata!.namespace!),
        pod,
      );
      this.ctx.events.record(ds, SOURCE, {
        type: 'Normal',
        reason: 'SuccessfulCreate',
        message: `Created pod: ${created.metadata!.name}`,
      });
    } catch (error) {
      this.ctx.events.record(ds, SOURCE, {
        type: 'Warning',
        reason: 'FailedCreate',
        message: `Error creating: ${errorMessage(error)}`,
      });
      this.ctx.queue.addAfter(
        keyOf('DaemonSet', ds.metadata!.namespace!, ds.metadata!.name!),
        Math.max(this.ctx.options.podReadyDelayMs, 20) * 5,
      );
    }
  }

  private deletePod(ds: DaemonSet, pod: KubernetesObject) {
    const ref = refOf('Pod', ds.metadata!.namespace!, pod.metadata!.name);
    if (!this.ctx.store.find(ref)) return;
    this.ctx.store.delete(ref);
    this.ctx.events.record(ds, SOURCE, {
      type: 'Normal',
      reason: 'SuccessfulDelete',
      message: `Deleted pod: ${pod.metadata!.name}`,
    });
  }

  private updateStatus(
    ds: DaemonSet,
    pods: KubernetesObject[],
    revision: string,
  ) {
    const now = this.ctx.now();
    const available = pods.filter(p =>
      isPodAvailable(p, ds.spec?.minReadySeconds ?? 0, now),
    ).length;
    const status = omitZero(
      {
        currentNumberScheduled: pods.length,
        numberMisscheduled: 0,
        desiredNumberScheduled: 1,
        numberReady: pods.filter(isPodReady).length,
        observedGeneration: ds.metadata?.generation,
        updatedNumberScheduled: pods.filter(
          p => p.metadata?.labels?.[REVISION_LABEL] === revision,
        ).length,
        numberAvailable: available,
        numberUnavailable: 1 - available,
      },
      [
        'currentNumberScheduled',
        'numberMisscheduled',
        'desiredNumberScheduled',
        'numberReady',
      ],
    );
    if (stableJson(status) === stableJson(ds.status ?? {})) return;
    this.ctx.store.updateStatus(
      refOf('DaemonSet', ds.metadata!.namespace!, ds.metadata!.name!),
      { ...ds, status },
    );
  }
}

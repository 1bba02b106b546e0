import type { IDaemonSet } from 'kubernetes-models/apps/v1';
import type { IPod } from 'kubernetes-models/v1';
import type { KubernetesObject } from '../types';
import type { ControllerContext } from './ControllerContext';
import { resolveIntOrPercent } from './intOrPercent';
import {
  byCreation,
  compareStrings,
  isControlledBy,
  omitZero,
  stableJson,
} from './objects';
import { isPodActive, isPodAvailable, isPodReady } from './podState';
import { errorMessage, podFromTemplate } from './podTemplate';
import { podTemplateHash } from './podTemplateHash';
import { keyOf, refOf } from './refs';
import { matchesNodeSelector } from './scheduler/nodeAffinity';
import {
  DO_NOT_SCHEDULE,
  type Taint,
  type Toleration,
  untoleratedTaint,
} from './scheduler/taints';

type DaemonSet = IDaemonSet & KubernetesObject;
type PodSpec = NonNullable<IPod['spec']>;

const SOURCE = { component: 'daemonset-controller' };
const REVISION_LABEL = 'controller-revision-hash';

/** Tolerations the controller gives every daemon pod, so daemons run on nodes in trouble or cordoned. */
const DAEMON_TOLERATIONS: Toleration[] = [
  {
    key: 'node.kubernetes.io/not-ready',
    operator: 'Exists',
    effect: 'NoExecute',
  },
  {
    key: 'node.kubernetes.io/unreachable',
    operator: 'Exists',
    effect: 'NoExecute',
  },
  {
    key: 'node.kubernetes.io/disk-pressure',
    operator: 'Exists',
    effect: 'NoSchedule',
  },
  {
    key: 'node.kubernetes.io/memory-pressure',
    operator: 'Exists',
    effect: 'NoSchedule',
  },
  {
    key: 'node.kubernetes.io/pid-pressure',
    operator: 'Exists',
    effect: 'NoSchedule',
  },
  {
    key: 'node.kubernetes.io/unschedulable',
    operator: 'Exists',
    effect: 'NoSchedule',
  },
];

/** The template's tolerations plus the daemon ones it lacks. */
function daemonTolerations(spec: PodSpec | undefined): Toleration[] {
  const own = (spec?.tolerations ?? []) as Toleration[];
  return [
    ...own,
    ...DAEMON_TOLERATIONS.filter(
      wanted =>
        !own.some(t => t.key === wanted.key && t.effect === wanted.effect),
    ),
  ];
}

/** The node a daemon pod is pinned to: its nodeName, or the name its affinity requires. */
function nodeOfPod(pod: KubernetesObject): string | undefined {
  const spec = pod.spec as PodSpec | undefined;
  if (spec?.nodeName) return spec.nodeName;
  for (const term of spec?.affinity?.nodeAffinity
    ?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    const field = term.matchFields?.find(
      f => f.key === 'metadata.name' && f.operator === 'In',
    );
    if (field?.values?.length === 1) return field.values[0];
  }
  return undefined;
}

/**
 * Whether a daemon pod belongs on `node` (its selector and affinity match
 * and it tolerates the node's NoSchedule and NoExecute taints), and whether
 * one already there may stay (only an untolerated NoExecute taint or a
 * selector that stopped matching makes it go).
 */
function placementOn(
  spec: PodSpec | undefined,
  node: KubernetesObject,
): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const identity = {
    name: node.metadata?.name ?? '',
    labels: node.metadata?.labels ?? {},
  };
  if (!matchesNodeSelector(spec, identity))
    return { shouldRun: false, shouldContinueRunning: false };
  const taints = ((node.spec as { taints?: Taint[] } | undefined)?.taints ??
    []) as Taint[];
  const tolerations = daemonTolerations(spec);
  if (!untoleratedTaint(taints, tolerations, DO_NOT_SCHEDULE))
    return { shouldRun: true, shouldContinueRunning: true };
  return {
    shouldRun: false,
    shouldContinueRunning: !untoleratedTaint(taints, tolerations, [
      'NoExecute',
    ]),
  };
}

/**
 * The DaemonSet controller: one pod of the current template on every node
 * that should run it, pinned there through node affinity for the scheduler
 * to bind; pods on nodes where they may no longer run are deleted. Rolling
 * updates replace at most `maxUnavailable` pods at a time.
 */
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
    const spec = ds.spec?.template?.spec as PodSpec | undefined;
    const nodes = this.ctx.store
      .list(refOf('Node'))
      .items.sort((a, b) =>
        compareStrings(a.metadata?.name ?? '', b.metadata?.name ?? ''),
      );
    const podsByNode = this.podsByNode(ds);

    const desired: string[] = [];
    for (const node of nodes) {
      const nodeName = node.metadata!.name!;
      const { shouldRun, shouldContinueRunning } = placementOn(spec, node);
      const [keep, ...extra] = podsByNode.get(nodeName) ?? [];
      for (const pod of extra) this.deletePod(ds, pod);
      if (shouldRun) desired.push(nodeName);
      if (keep && !shouldContinueRunning) this.deletePod(ds, keep);
      else if (!keep && shouldRun) this.createPod(ds, revision, nodeName);
    }
    // Pods of nodes that are gone.
    const known = new Set(nodes.map(n => n.metadata!.name!));
    for (const [nodeName, pods] of podsByNode)
      if (!known.has(nodeName)) pods.forEach(pod => this.deletePod(ds, pod));

    if (ds.spec?.updateStrategy?.type !== 'OnDelete')
      this.rollOut(ds, revision, desired);
    this.updateStatus(ds, revision, desired);
  }

  /** RollingUpdate without surge: outdated pods go and are replaced, while at most maxUnavailable nodes lack an available pod. */
  private rollOut(ds: DaemonSet, revision: string, desired: string[]) {
    const now = this.ctx.now();
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const maxUnavailable = Math.max(
      1,
      resolveIntOrPercent(
        ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1,
        desired.length,
        true,
      ),
    );
    const podsByNode = this.podsByNode(ds);
    let unavailable = desired.filter(node => {
      const pod = podsByNode.get(node)?.[0];
      return !pod || !isPodAvailable(pod, minReady, now);
    }).length;
    for (const node of desired) {
      const pod = podsByNode.get(node)?.[0];
      if (!pod || pod.metadata?.labels?.[REVISION_LABEL] === revision) continue;
      const available = isPodAvailable(pod, minReady, now);
      if (available && unavailable >= maxUnavailable) continue;
      this.deletePod(ds, pod);
      this.createPod(ds, revision, node);
      if (available) unavailable += 1;
    }
  }

  /** The DaemonSet's active pods by the node each is pinned to, oldest first. */
  private podsByNode(ds: DaemonSet): Map<string, KubernetesObject[]> {
    const byNode = new Map<string, KubernetesObject[]>();
    const pods = this.ctx.store
      .list(refOf('Pod', ds.metadata!.namespace!))
      .items.filter(pod => isControlledBy(pod, ds) && isPodActive(pod))
      .sort(byCreation);
    for (const pod of pods) {
      const node = nodeOfPod(pod) ?? '';
      byNode.set(node, [...(byNode.get(node) ?? []), pod]);
    }
    return byNode;
  }

  private createPod(ds: DaemonSet, revision: string, nodeName: string) {
    const pod = podFromTemplate(ds, ds.spec?.template, {
      generateName: `${ds.metadata!.name}-`,
      labels: {
        [REVISION_LABEL]: revision,
        'pod-template-generation': String(ds.metadata?.generation ?? 1),
      },
    });
    const spec = pod.spec as PodSpec;
    spec.tolerations = daemonTolerations(spec) as PodSpec['tolerations'];
    // Pinned through affinity, as the controller does since the scheduler places daemons.
    spec.affinity = {
      ...spec.affinity,
      nodeAffinity: {
        ...spec.affinity?.nodeAffinity,
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchFields: [
                { key: 'metadata.name', operator: 'In', values: [nodeName] },
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

  private updateStatus(ds: DaemonSet, revision: string, desired: string[]) {
    const now = this.ctx.now();
    const podsByNode = this.podsByNode(ds);
    const scheduled = desired
      .map(node => podsByNode.get(node)?.[0])
      .filter((pod): pod is KubernetesObject => !!pod);
    const misscheduled = [...podsByNode.keys()].filter(
      node => !desired.includes(node),
    ).length;
    const available = scheduled.filter(p =>
      isPodAvailable(p, ds.spec?.minReadySeconds ?? 0, now),
    ).length;
    const status = omitZero(
      {
        currentNumberScheduled: scheduled.length,
        numberMisscheduled: misscheduled,
        desiredNumberScheduled: desired.length,
        numberReady: scheduled.filter(isPodReady).length,
        observedGeneration: ds.metadata?.generation,
        updatedNumberScheduled: scheduled.filter(
          p => p.metadata?.labels?.[REVISION_LABEL] === revision,
        ).length,
        numberAvailable: available,
        numberUnavailable: desired.length - available,
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

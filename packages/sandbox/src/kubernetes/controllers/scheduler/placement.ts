import type { IPod } from 'kubernetes-models/v1';
import type { KubernetesObject } from '../../types';
import { compareStrings } from '../objects';
import {
  matchesNodeSelector,
  type NodeIdentity,
  preferredAffinityWeight,
  requiredNodeNames,
} from './nodeAffinity';
import {
  addUsage,
  allocatableOf,
  insufficientResources,
  leastAllocatedScore,
  type NodeUsage,
  podRequests,
} from './resources';
import {
  DO_NOT_SCHEDULE,
  type Taint,
  type Toleration,
  untoleratedTaint,
} from './taints';

/**
 * Where kube-scheduler's default profile would put a pod: its filters
 * (NodeUnschedulable, TaintToleration, NodeAffinity, NodeResourcesFit, in
 * that order, a node failing at the first), its scores for the nodes left,
 * and when none is left the message of its FitError, preemption included.
 */

type PodSpec = NonNullable<IPod['spec']>;

/** Unresolvable: removing pods from the node would not help, so preemption skips it. */
type FilterCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

interface Verdict {
  code: FilterCode;
  reasons: string[];
}

export type Placement =
  | { node: string; message?: undefined }
  | { node?: undefined; message: string };

interface Candidate {
  node: KubernetesObject;
  identity: NodeIdentity;
  usage: NodeUsage;
  pods: KubernetesObject[];
}

const UNSCHEDULABLE_TAINT: Taint = {
  key: 'node.kubernetes.io/unschedulable',
  effect: 'NoSchedule',
};

function identityOf(node: KubernetesObject): NodeIdentity {
  return {
    name: node.metadata?.name ?? '',
    labels: node.metadata?.labels ?? {},
  };
}

function taintsOf(node: KubernetesObject): Taint[] {
  return ((node.spec as { taints?: Taint[] } | undefined)?.taints ??
    []) as Taint[];
}

function filter(
  pod: KubernetesObject,
  candidate: Candidate,
): Verdict | undefined {
  const spec = pod.spec as PodSpec | undefined;
  const tolerations = (spec?.tolerations ?? []) as Toleration[];
  const { node } = candidate;
  if (
    (node.spec as { unschedulable?: boolean } | undefined)?.unschedulable &&
    untoleratedTaint([UNSCHEDULABLE_TAINT], tolerations, DO_NOT_SCHEDULE)
  ) {
    return {
      code: 'UnschedulableAndUnresolvable',
      reasons: ['node(s) were unschedulable'],
    };
  }
  const taint = untoleratedTaint(taintsOf(node), tolerations, DO_NOT_SCHEDULE);
  if (taint) {
    return {
      code: 'UnschedulableAndUnresolvable',
      reasons: [
        `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`,
      ],
    };
  }
  if (!matchesNodeSelector(spec, candidate.identity)) {
    return {
      code: 'UnschedulableAndUnresolvable',
      reasons: ["node(s) didn't match Pod's node affinity/selector"],
    };
  }
  const reasons = insufficientResources(
    podRequests(pod),
    allocatableOf(node),
    candidate.usage,
  );
  return reasons.length ? { code: 'Unschedulable', reasons } : undefined;
}

/** `<count> <reason>` per reason, sorted as Go sorts strings. */
function histogram(counts: Map<string, number>): string {
  return [...counts]
    .map(([reason, times]) => `${times} ${reason}`)
    .sort(compareStrings)
    .join(', ');
}

function count(reasons: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const reason of reasons)
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return counts;
}

/**
 * DefaultPreemption's answer when the pod fits nowhere. Every pod has
 * priority 0 here (the sandbox serves no PriorityClasses), so no node
 * holds pods it could evict.
 */
function preemptionMessage(
  spec: PodSpec | undefined,
  total: number,
  verdicts: Verdict[],
): string {
  if (spec?.preemptionPolicy === 'Never') {
    return 'preemption: not eligible due to preemptionPolicy=Never.';
  }
  const reasons = verdicts.map(v =>
    v.code === 'UnschedulableAndUnresolvable'
      ? 'Preemption is not helpful for scheduling'
      : 'No preemption victims found for incoming pod',
  );
  return `preemption: 0/${total} nodes are available: ${histogram(
    count(reasons),
  )}.`;
}

/** The best of the nodes that passed: fewest untolerated PreferNoSchedule taints, preferred affinity, most room. */
function best(pod: KubernetesObject, feasible: Candidate[]): Candidate {
  const spec = pod.spec as PodSpec | undefined;
  const tolerations = (spec?.tolerations ?? []) as Toleration[];
  const preferNoSchedule = feasible.map(
    c =>
      taintsOf(c.node).filter(
        taint =>
          taint.effect === 'PreferNoSchedule' &&
          untoleratedTaint([taint], tolerations, ['PreferNoSchedule']),
      ).length,
  );
  const affinity = feasible.map(c => preferredAffinityWeight(spec, c.identity));
  const maxTaints = Math.max(...preferNoSchedule);
  const maxAffinity = Math.max(...affinity);
  const scores = feasible.map(
    (c, i) =>
      3 * (maxTaints ? 100 - (preferNoSchedule[i] * 100) / maxTaints : 100) +
      2 * (maxAffinity ? (affinity[i] * 100) / maxAffinity : 0) +
      leastAllocatedScore(pod, allocatableOf(c.node), c.pods),
  );
  let chosen = 0;
  scores.forEach((score, i) => {
    if (
      score > scores[chosen] ||
      (score === scores[chosen] &&
        compareStrings(
          feasible[i].identity.name,
          feasible[chosen].identity.name,
        ) < 0)
    )
      chosen = i;
  });
  return feasible[chosen];
}

/**
 * The node for `pod` among `nodes`, given the pods already bound (terminal
 * pods leave their room, as the scheduler does not see them); or why none
 * will do, in kube-scheduler's words.
 */
export function placePod(
  pod: KubernetesObject,
  nodes: KubernetesObject[],
  boundPods: KubernetesObject[],
): Placement {
  if (!nodes.length) return { message: 'no nodes available to schedule pods' };
  const spec = pod.spec as PodSpec | undefined;
  const candidates = new Map<string, Candidate>(
    nodes.map(node => [
      node.metadata?.name ?? '',
      {
        node,
        identity: identityOf(node),
        usage: { pods: 0, requested: new Map() },
        pods: [],
      },
    ]),
  );
  for (const bound of boundPods) {
    const phase = (bound.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const candidate = candidates.get(
      (bound.spec as { nodeName?: string } | undefined)?.nodeName ?? '',
    );
    if (!candidate) continue;
    addUsage(candidate.usage, bound);
    candidate.pods.push(bound);
  }
  const named = requiredNodeNames(spec);
  const considered = [...candidates.values()].filter(
    c => !named || named.has(c.identity.name),
  );
  const verdicts: Verdict[] = [];
  const feasible: Candidate[] = [];
  for (const candidate of considered) {
    const verdict = filter(pod, candidate);
    if (verdict) verdicts.push(verdict);
    else feasible.push(candidate);
  }
  if (feasible.length) return { node: best(pod, feasible).identity.name };

  // Nodes the PreFilter left out share one status.
  const absent = nodes.length - considered.length;
  const absentVerdict: Verdict = {
    code: 'UnschedulableAndUnresolvable',
    reasons: ["node(s) didn't satisfy plugin(s) [NodeAffinity]"],
  };
  const all = [
    ...verdicts,
    ...Array.from({ length: absent }, () => absentVerdict),
  ];
  const filtered = histogram(count(all.flatMap(v => v.reasons)));
  return {
    message: `0/${
      nodes.length
    } nodes are available: ${filtered}. ${preemptionMessage(
      spec,
      nodes.length,
      all,
    )}`,
  };
}

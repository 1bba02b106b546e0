import { parseQuantity } from '@internal/plugin-platform-common';
import type { KubernetesObject } from '../../types';

/**
 * Resource amounts in thousandths (millicores; bytes × 1000), keyed by
 * resource name, as the scheduler adds and compares them.
 */
export type Resources = Map<string, number>;

type Json = Record<string, unknown>;

const milli = (value: unknown) => parseQuantity(value)?.milli ?? 0;

function containerRequests(container: Json): Resources {
  const requests = ((container.resources as Json | undefined)?.requests ??
    {}) as Json;
  return new Map(
    Object.entries(requests).map(([name, value]) => [name, milli(value)]),
  );
}

/**
 * What a pod asks of a node: its containers' requests summed, or the
 * largest init container's where that is more, plus the pod's overhead.
 */
export function podRequests(pod: KubernetesObject): Resources {
  const spec = (pod.spec ?? {}) as Json;
  const total: Resources = new Map();
  for (const container of (spec.containers ?? []) as Json[]) {
    for (const [name, amount] of containerRequests(container))
      total.set(name, (total.get(name) ?? 0) + amount);
  }
  for (const container of (spec.initContainers ?? []) as Json[]) {
    for (const [name, amount] of containerRequests(container))
      if (amount > (total.get(name) ?? 0)) total.set(name, amount);
  }
  for (const [name, value] of Object.entries((spec.overhead ?? {}) as Json))
    total.set(name, (total.get(name) ?? 0) + milli(value));
  return total;
}

/** A node's `status.allocatable`. */
export function allocatableOf(node: KubernetesObject): Resources {
  const allocatable = ((node.status as Json | undefined)?.allocatable ??
    {}) as Json;
  return new Map(
    Object.entries(allocatable).map(([name, value]) => [name, milli(value)]),
  );
}

/** What the pods already on a node take of it. */
export interface NodeUsage {
  pods: number;
  requested: Resources;
}

export function addUsage(usage: NodeUsage, pod: KubernetesObject) {
  usage.pods += 1;
  for (const [name, amount] of podRequests(pod))
    usage.requested.set(name, (usage.requested.get(name) ?? 0) + amount);
}

/** The resources checked first, in this order; extended resources follow by name. */
const STANDARD = ['cpu', 'memory', 'ephemeral-storage'];

/**
 * NodeResourcesFit's reasons a pod does not fit: `Too many pods`, then
 * `Insufficient <resource>` for each resource the pod requests more of
 * than the node has left. Empty when it fits.
 */
export function insufficientResources(
  request: Resources,
  allocatable: Resources,
  usage: NodeUsage,
): string[] {
  const reasons: string[] = [];
  if (usage.pods + 1 > (allocatable.get('pods') ?? 0) / 1000)
    reasons.push('Too many pods');
  const extended = [...request.keys()]
    .filter(name => !STANDARD.includes(name) && name !== 'pods')
    .sort();
  for (const name of [...STANDARD, ...extended]) {
    const wanted = request.get(name) ?? 0;
    if (wanted <= 0) continue;
    const left =
      (allocatable.get(name) ?? 0) - (usage.requested.get(name) ?? 0);
    if (wanted > left) reasons.push(`Insufficient ${name}`);
  }
  return reasons;
}

/** Requests the scoring assumes for containers that set none, as kube-scheduler does. */
const NON_ZERO_DEFAULTS: Record<string, number> = {
  cpu: 100,
  memory: 200 * 2 ** 20 * 1000,
};

function nonZeroRequest(pod: KubernetesObject, name: string): number {
  const containers = ((pod.spec as Json | undefined)?.containers ??
    []) as Json[];
  return containers.reduce((sum, container) => {
    const amount = containerRequests(container).get(name);
    return sum + (amount || NON_ZERO_DEFAULTS[name]);
  }, 0);
}

/**
 * NodeResourcesLeastAllocated: 0–100, higher for a node with more CPU and
 * memory left once the pod is on it.
 */
export function leastAllocatedScore(
  pod: KubernetesObject,
  allocatable: Resources,
  podsOnNode: KubernetesObject[],
): number {
  const scores = ['cpu', 'memory'].map(name => {
    const capacity = allocatable.get(name) ?? 0;
    if (!capacity) return 0;
    const requested = [...podsOnNode, pod].reduce(
      (sum, p) => sum + nonZeroRequest(p, name),
      0,
    );
    return requested > capacity ? 0 : ((capacity - requested) * 100) / capacity;
  });
  return scores.reduce((a, b) => a + b, 0) / scores.length;
}

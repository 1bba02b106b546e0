import { parseQuantity } from '@internal/plugin-platform-common';
import { isIPv4 } from 'node:net';
import { RESOURCE_KINDS } from '../../resources';
import { validateObject } from '../../validation';
import { nodeRegistration } from './nodeObject';

/** A taint a sandbox node registers with, as in a Node's `spec.taints`. */
export interface SandboxNodeTaint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** One machine of a sandbox cluster, whose kubelet registers it as a Node and runs its pods. */
export interface SandboxNode {
  /** The Node's name and its `kubernetes.io/hostname` label. */
  name: string;
  /** Its InternalIP, which pods on it report as `status.hostIP`; `172.18.0.<2 + position>` by default. */
  address?: string;
  /** Labels besides the kubelet's own (`kubernetes.io/hostname`, `kubernetes.io/os`, `kubernetes.io/arch`). */
  labels?: Record<string, string>;
  taints?: SandboxNodeTaint[];
  /**
   * `status.capacity`, also its `allocatable`: `cpu`, `memory`, `pods` and
   * `ephemeral-storage` (each defaulting to {@link DEFAULT_NODE_CAPACITY}'s)
   * and extended resources such as `nvidia.com/gpu`.
   */
  capacity?: Record<string, string | number>;
}

/** A node with every default filled in. */
export interface ResolvedNode {
  name: string;
  address: string;
  labels: Record<string, string>;
  taints: SandboxNodeTaint[];
  capacity: Record<string, string>;
}

/** The one general node a cluster has unless its nodes are configured. */
export const DEFAULT_NODES: SandboxNode[] = [
  { name: 'sandbox-node-1', address: '172.18.0.2' },
];

/** A general-purpose machine, sized so the example services and tests fit with room to spare. */
export const DEFAULT_NODE_CAPACITY: Record<string, string> = {
  cpu: '16',
  memory: '64Gi',
  pods: '110',
  'ephemeral-storage': '100Gi',
};

const NODE_KIND = RESOURCE_KINDS.find(
  k => k.group === '' && k.kind === 'Node',
)!;

/**
 * Fills in addresses, the kubelet's labels and the default capacity, and
 * checks each node as the API server would check its Node (name, labels,
 * taints), and what only the sandbox cares about: unique names and
 * addresses, quantities. `key` names the list in errors, e.g.
 * `sandbox.clusters[0].nodes`.
 */
export function resolveNodes(
  nodes: SandboxNode[] = DEFAULT_NODES,
  key = 'nodes',
): ResolvedNode[] {
  const names = new Set<string>();
  const addresses = new Set<string>();
  return nodes.map((node, index) => {
    const at = `${key}[${index}]`;
    if (typeof node.name !== 'string' || !node.name) {
      throw new Error(`${at}.name is required`);
    }
    if (names.has(node.name)) {
      throw new Error(
        `${at}.name: ${node.name} is already the name of another node; node names must be unique`,
      );
    }
    names.add(node.name);
    const address = node.address ?? `172.18.0.${2 + index}`;
    if (!isIPv4(address)) {
      throw new Error(
        `${at}.address must be an IPv4 address, got ${JSON.stringify(
          node.address,
        )}`,
      );
    }
    if (addresses.has(address)) {
      throw new Error(
        node.address
          ? `${at}.address: ${address} is already the address of another node; node addresses must be unique`
          : `${at}.address: its default, ${address}, is already the address of another node; give it an address of its own`,
      );
    }
    addresses.add(address);
    const capacity: Record<string, string> = { ...DEFAULT_NODE_CAPACITY };
    for (const [resource, quantity] of Object.entries(node.capacity ?? {})) {
      const parsed = parseQuantity(quantity);
      if (!parsed || parsed.milli < 0) {
        throw new Error(
          `${at}.capacity.${resource} must be a non-negative quantity such as 4, 500m or 16Gi, got ${JSON.stringify(
            quantity,
          )}`,
        );
      }
      capacity[resource] = String(quantity);
    }
    const resolved: ResolvedNode = {
      name: node.name,
      address,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': node.name,
        'kubernetes.io/os': 'linux',
        ...node.labels,
      },
      taints: (node.taints ?? []).map(({ key: taintKey, value, effect }) => ({
        key: taintKey,
        ...(value ? { value } : {}),
        effect,
      })),
      capacity,
    };
    try {
      validateObject(
        NODE_KIND,
        NODE_KIND.versions[0],
        nodeRegistration(resolved),
      );
    } catch (error) {
      throw new Error(`${at}: ${(error as Error).message}`);
    }
    return resolved;
  });
}

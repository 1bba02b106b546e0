import { createHash } from 'node:crypto';
import { VERSION_INFO } from '../../discovery';
import type { KubernetesObject } from '../../types';
import type { ResolvedNode } from './nodeConfig';

/** 32 hex digits, stable per node name and purpose, so a restart reports the same machine. */
function stableId(purpose: string, name: string): string {
  return createHash('sha256')
    .update(`${purpose}:${name}`)
    .digest('hex')
    .slice(0, 32);
}

function asUuid(id: string): string {
  return [
    id.slice(0, 8),
    id.slice(8, 12),
    id.slice(12, 16),
    id.slice(16, 20),
    id.slice(20, 32),
  ].join('-');
}

/** What the kubelet registers: the Node's metadata and spec. */
export function nodeRegistration(node: ResolvedNode): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: node.name,
      labels: node.labels,
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: node.taints.length ? { taints: node.taints } : {},
  };
}

const HEALTHY_CONDITIONS: Array<[string, string, string]> = [
  [
    'MemoryPressure',
    'KubeletHasSufficientMemory',
    'kubelet has sufficient memory available',
  ],
  ['DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  [
    'PIDPressure',
    'KubeletHasSufficientPID',
    'kubelet has sufficient PID available',
  ],
];

/** The status a healthy kubelet posts for its node at `now`. */
export function readyNodeStatus(
  node: ResolvedNode,
  now: string,
  previous?: {
    conditions?: Array<{
      type: string;
      status: string;
      lastTransitionTime?: string;
    }>;
  },
): Record<string, unknown> {
  const since = (type: string, status: string) => {
    const before = previous?.conditions?.find(c => c.type === type);
    return before?.status === status && before.lastTransitionTime
      ? before.lastTransitionTime
      : now;
  };
  return {
    capacity: node.capacity,
    allocatable: node.capacity,
    conditions: [
      ...HEALTHY_CONDITIONS.map(([type, reason, message]) => ({
        type,
        status: 'False',
        lastHeartbeatTime: now,
        lastTransitionTime: since(type, 'False'),
        reason,
        message,
      })),
      {
        type: 'Ready',
        status: 'True',
        lastHeartbeatTime: now,
        lastTransitionTime: since('Ready', 'True'),
        reason: 'KubeletReady',
        message: 'kubelet is posting ready status',
      },
    ],
    addresses: [
      { type: 'InternalIP', address: node.address },
      { type: 'Hostname', address: node.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: stableId('machine', node.name),
      systemUUID: asUuid(stableId('system', node.name)),
      bootID: asUuid(stableId('boot', node.name)),
      kernelVersion: '6.1.0-sandbox-amd64',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      containerRuntimeVersion: 'containerd://1.7.24',
      kubeletVersion: VERSION_INFO.gitVersion,
      kubeProxyVersion: VERSION_INFO.gitVersion,
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  };
}

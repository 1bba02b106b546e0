import type { KubernetesObject } from '../../types';
import type { Condition } from '../conditions';
import type { ControllerContext } from '../ControllerContext';
import { stableJson } from '../objects';
import { refOf } from '../refs';
import type { Taint } from '../scheduler/taints';
import type { ResolvedNode } from './nodeConfig';
import { nodeRegistration, readyNodeStatus } from './nodeObject';

type Json = Record<string, unknown>;

const UNREACHABLE = 'node.kubernetes.io/unreachable';
const NODE_CONDITIONS = [
  'Ready',
  'MemoryPressure',
  'DiskPressure',
  'PIDPressure',
];

/**
 * The sandbox's machines as the cluster sees them. Each served node's
 * kubelet registers it at start (created when absent; its configured
 * labels, taints and capacity applied again when present) and again if
 * the Node is deleted. A Node no sandbox kubelet serves (made through the
 * API, or a node no longer configured) is treated as the node lifecycle
 * controller treats a node whose kubelet never reports or stopped
 * reporting: its conditions become Unknown and it is tainted
 * `node.kubernetes.io/unreachable`, so nothing new is scheduled there.
 */
export class NodeController {
  private readonly served: Map<string, ResolvedNode>;

  constructor(private readonly ctx: ControllerContext, nodes: ResolvedNode[]) {
    this.served = new Map(nodes.map(node => [node.name, node]));
  }

  /** The node's InternalIP, if a sandbox kubelet serves it. */
  addressOf(name: string): string | undefined {
    return this.served.get(name)?.address;
  }

  /** Registers every served node; Nodes already stored are reconciled by {@link sync}. */
  registerAll() {
    for (const node of this.served.values()) this.register(node);
  }

  sync(name: string) {
    const stored = this.ctx.store.find(refOf('Node', undefined, name));
    const served = this.served.get(name);
    if (served && !stored) this.register(served);
    else if (!served && stored) this.markUnreachable(stored);
  }

  private register(node: ResolvedNode) {
    const ref = refOf('Node', undefined, node.name);
    const registration = nodeRegistration(node);
    const existing = this.ctx.store.find(ref);
    let stored: KubernetesObject;
    if (!existing) {
      stored = this.ctx.store.create(refOf('Node'), registration);
    } else {
      const spec = { ...((existing.spec ?? {}) as Json) };
      if (node.taints.length) spec.taints = node.taints;
      else delete spec.taints;
      const metadata = { ...existing.metadata };
      metadata.labels = { ...existing.metadata?.labels, ...node.labels };
      metadata.annotations = {
        ...existing.metadata?.annotations,
        ...registration.metadata?.annotations,
      };
      delete metadata.resourceVersion;
      const unchanged =
        stableJson([metadata.labels, metadata.annotations, spec]) ===
        stableJson([
          existing.metadata?.labels,
          existing.metadata?.annotations,
          existing.spec ?? {},
        ]);
      stored = unchanged
        ? existing
        : this.ctx.store.update(ref, { ...existing, metadata, spec });
    }
    this.ctx.store.updateStatus(ref, {
      ...stored,
      status: readyNodeStatus(
        node,
        this.ctx.timestamp(),
        stored.status as Parameters<typeof readyNodeStatus>[2],
      ),
    });
  }

  private markUnreachable(node: KubernetesObject) {
    const ref = refOf('Node', undefined, node.metadata!.name!);
    const now = this.ctx.timestamp();
    const taints = ((node.spec as Json | undefined)?.taints ?? []) as Taint[];
    const missing = [
      { key: UNREACHABLE, effect: 'NoSchedule' },
      { key: UNREACHABLE, effect: 'NoExecute', timeAdded: now },
    ].filter(
      wanted =>
        !taints.some(t => t.key === wanted.key && t.effect === wanted.effect),
    );
    let current = node;
    if (missing.length) {
      const copy = structuredClone(node);
      delete copy.metadata!.resourceVersion;
      copy.spec = { ...(copy.spec as Json), taints: [...taints, ...missing] };
      current = this.ctx.store.update(ref, copy);
    }
    const status = (current.status ?? {}) as Json;
    const conditions = (status.conditions ?? []) as Condition[];
    if (
      NODE_CONDITIONS.every(
        type => conditions.find(c => c.type === type)?.status === 'Unknown',
      )
    )
      return;
    const everReported = conditions.some(c => c.type === 'Ready');
    const unknown = NODE_CONDITIONS.map(type => {
      const before = conditions.find(c => c.type === type) as
        | (Condition & { lastHeartbeatTime?: string })
        | undefined;
      return {
        type,
        status: 'Unknown',
        lastHeartbeatTime:
          before?.lastHeartbeatTime ?? current.metadata?.creationTimestamp,
        lastTransitionTime: now,
        reason: everReported ? 'NodeStatusUnknown' : 'NodeStatusNeverUpdated',
        message: everReported
          ? 'Kubelet stopped posting node status.'
          : 'Kubelet never posted node status.',
      };
    });
    this.ctx.store.updateStatus(ref, {
      ...current,
      status: {
        ...status,
        conditions: [
          ...conditions.filter(c => !NODE_CONDITIONS.includes(c.type)),
          ...unknown,
        ],
      },
    });
  }
}

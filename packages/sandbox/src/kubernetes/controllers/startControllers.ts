import type { SandboxLogger } from '../../logger';
import type { KubernetesStore } from '../store/KubernetesStore';
import type { StoreChange } from '../store/types';
import type { ControllerContext } from './ControllerContext';
import { DeploymentController } from './deploymentController';
import { EventRecorder, timestamp } from './EventRecorder';
import { Kubelet } from './Kubelet';
import { NodeController } from './nodes/NodeController';
import { resolveNodes, type SandboxNode } from './nodes/nodeConfig';
import { controllerOf } from './objects';
import { type RolloutOptions, resolveOptions } from './options';
import { type ControlledKind, keyOf, parseKey, refOf } from './refs';
import { ReplicaSetController } from './replicaSetController';
import { Scheduler } from './scheduler/Scheduler';
import { StatefulSetController } from './statefulSetController';
import { DaemonSetController } from './daemonSetController';
import { WorkQueue } from './WorkQueue';

export interface ControllerOptions extends RolloutOptions {
  /**
   * The cluster's machines, each registered as a Node whose kubelet runs
   * the pods scheduled to it; one general node ({@link DEFAULT_NODES}) when
   * absent.
   */
  nodes?: SandboxNode[];
}

export interface Controllers {
  /** Stops reacting to changes and cancels every pending timer. */
  stop(): Promise<void>;
}

function isTerminal(pod: StoreChange['object']): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Kinds whose pods or ReplicaSets a controller of ours owns. */
const OWNER_KINDS = new Set<string>([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
]);

/**
 * Runs the sandbox cluster's controller manager, scheduler and kubelets on
 * `store`: the nodes register, Deployments roll out through ReplicaSets to
 * pods that are scheduled to a node that fits them and become Ready over
 * time. Objects already in the store (restored state) are reconciled too.
 */
export function startControllers(
  store: KubernetesStore,
  controllerOptions: ControllerOptions = {},
  logger?: SandboxLogger,
): Controllers {
  const { nodes, ...rolloutOptions } = controllerOptions;
  const resolvedNodes = resolveNodes(nodes);
  const options = resolveOptions(rolloutOptions);
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  const handlers: Partial<
    Record<ControlledKind, (namespace: string, name: string) => void>
  > = {};
  const queue = new WorkQueue(
    key => {
      const { kind, namespace, name } = parseKey(key);
      handlers[kind]?.(namespace, name);
    },
    (key, error) =>
      logger?.warn(
        `Sandbox controller failed to reconcile ${key}: ${
          (error as Error).message
        }`,
      ),
  );
  const ctx: ControllerContext = {
    store,
    options,
    events: new EventRecorder(store, options.clock),
    queue,
    now: options.clock,
    timestamp: () => timestamp(options.clock()),
    after(ms, fn) {
      if (stopped) return { cancel: () => undefined };
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopped) fn();
      }, ms);
      timers.add(timer);
      return {
        cancel: () => {
          clearTimeout(timer);
          timers.delete(timer);
        },
      };
    },
    logger,
  };

  const deployments = new DeploymentController(ctx);
  const replicaSets = new ReplicaSetController(ctx);
  const nodeController = new NodeController(ctx, resolvedNodes);
  const scheduler = new Scheduler(ctx);
  const kubelet = new Kubelet(ctx, node => nodeController.addressOf(node));
  handlers.Deployment = (namespace, name) => deployments.sync(namespace, name);
  handlers.ReplicaSet = (namespace, name) => replicaSets.sync(namespace, name);
  const statefulSets = new StatefulSetController(ctx);
  const daemonSets = new DaemonSetController(ctx);
  handlers.Pod = (namespace, name) => {
    scheduler.sync(namespace, name);
    kubelet.sync(namespace, name);
  };
  handlers.Node = (_namespace, name) => nodeController.sync(name);
  handlers.StatefulSet = (namespace, name) =>
    statefulSets.sync(namespace, name);
  handlers.DaemonSet = (namespace, name) => daemonSets.sync(namespace, name);

  const enqueueOwner = (object: StoreChange['object']) => {
    const owner = controllerOf(object);
    const namespace = object.metadata.namespace;
    if (owner && namespace && OWNER_KINDS.has(owner.kind)) {
      queue.add(keyOf(owner.kind as ControlledKind, namespace, owner.name));
    }
  };
  const enqueueAll = (kind: ControlledKind, namespace?: string) => {
    for (const item of store.list(refOf(kind, namespace)).items) {
      queue.add(
        keyOf(kind, item.metadata?.namespace ?? '', item.metadata!.name!),
      );
    }
  };

  const unsubscribe = store.onChange(change => {
    const { object, kind } = change;
    if (kind.group === '' && kind.kind === 'Node') {
      queue.add(keyOf('Node', '', object.metadata.name));
      // A node added or changed may take pods that fit nowhere, or daemons.
      scheduler.retryUnschedulable();
      enqueueAll('DaemonSet');
      return;
    }
    const namespace = object.metadata.namespace;
    if (!namespace) return;
    switch (`${kind.group}/${kind.kind}`) {
      case 'apps/Deployment':
        queue.add(keyOf('Deployment', namespace, object.metadata.name));
        break;
      case 'apps/ReplicaSet':
        queue.add(keyOf('ReplicaSet', namespace, object.metadata.name));
        enqueueOwner(object);
        break;
      case 'apps/StatefulSet':
        queue.add(keyOf('StatefulSet', namespace, object.metadata.name));
        break;
      case 'apps/DaemonSet':
        queue.add(keyOf('DaemonSet', namespace, object.metadata.name));
        break;
      case '/Pod':
        queue.add(keyOf('Pod', namespace, object.metadata.name));
        enqueueOwner(object);
        // A bound pod gone or finished leaves room on its node.
        if (
          (object.spec as { nodeName?: string } | undefined)?.nodeName &&
          (change.type === 'DELETED' || isTerminal(object))
        )
          scheduler.retryUnschedulable();
        break;
      case '/ResourceQuota':
      case '/LimitRange':
        // Room may have been made for pods a quota refused.
        for (const owner of ['ReplicaSet', 'StatefulSet', 'DaemonSet'] as const)
          enqueueAll(owner, namespace);
        break;
      default:
        break;
    }
  });

  nodeController.registerAll();
  for (const kind of [
    'Node',
    'Deployment',
    'ReplicaSet',
    'StatefulSet',
    'DaemonSet',
    'Pod',
  ] as const)
    enqueueAll(kind);

  return {
    async stop() {
      stopped = true;
      unsubscribe();
      queue.stop();
      kubelet.stop();
      scheduler.stop();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  AppsV1Api,
  CoreV1Api,
  ListWatch,
  Watch,
  type CoreV1Event,
  type KubeConfig,
  type KubernetesObject,
  type V1Deployment,
  type V1Pod,
  type V1ReplicaSet,
} from '@kubernetes/client-node';
import { LABELS } from '@internal/plugin-platform-common';

/** The kinds watched per cluster, each by one shared watch. */
export interface WatchedObjects {
  deployments: V1Deployment[];
  replicaSets: V1ReplicaSet[];
  pods: V1Pod[];
  events: CoreV1Event[];
}

/** Only the objects the portal's services label for the Kubernetes plugin. */
const SELECTOR = LABELS.kubernetesId;

/** Reconnects after 1, 2, 4 ... s, at most 30 s apart. */
const MAX_BACKOFF_MS = 30_000;

/**
 * One cluster's shared watches: a list-then-watch per kind (deployments,
 * replica sets and pods carrying `backstage.io/kubernetes-id`, and warning
 * events), each feeding an in-memory cache. Every viewer reads the caches, so
 * the number of viewers never changes the load on the API server. A watch
 * that ends resumes from its resourceVersion; a 410 relists; a failure
 * reconnects with bounded backoff and marks the cluster unhealthy meanwhile.
 */
export class ClusterWatch {
  private readonly watches: Array<{
    name: string;
    watch: ListWatch<KubernetesObject>;
    failures: number;
    error?: string;
    timer?: NodeJS.Timeout;
  }> = [];
  private stopped = false;
  private readonly listeners = new Set<(object: KubernetesObject) => void>();

  constructor(
    readonly cluster: string,
    kubeConfig: KubeConfig,
    private readonly logger: LoggerService,
  ) {
    const apps = kubeConfig.makeApiClient(AppsV1Api);
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const watch = new Watch(kubeConfig);
    const add = (
      name: string,
      path: string,
      list: () => Promise<any>,
      labelSelector?: string,
      fieldSelector?: string,
    ) => {
      const entry = {
        name,
        failures: 0,
        watch: new ListWatch<KubernetesObject>(
          path,
          watch,
          list,
          false,
          labelSelector,
          fieldSelector,
        ),
      } as (typeof this.watches)[number];
      entry.watch.on('error', error => this.onError(entry, error));
      for (const verb of ['add', 'update', 'delete'] as const) {
        entry.watch.on(verb, object => this.changed(object));
      }
      this.watches.push(entry);
    };
    add(
      'deployments',
      '/apis/apps/v1/deployments',
      () => apps.listDeploymentForAllNamespaces({ labelSelector: SELECTOR }),
      SELECTOR,
    );
    add(
      'replicasets',
      '/apis/apps/v1/replicasets',
      () => apps.listReplicaSetForAllNamespaces({ labelSelector: SELECTOR }),
      SELECTOR,
    );
    add(
      'pods',
      '/api/v1/pods',
      () => core.listPodForAllNamespaces({ labelSelector: SELECTOR }),
      SELECTOR,
    );
    // Events carry no labels; only warnings are kept, and the API server
    // expires events after an hour, which bounds this cache.
    add(
      'events',
      '/api/v1/events',
      () => core.listEventForAllNamespaces({ fieldSelector: 'type=Warning' }),
      undefined,
      'type=Warning',
    );
  }

  /** Starts every watch; resolves once each has made its first attempt. */
  async start(): Promise<void> {
    await Promise.all(this.watches.map(entry => this.connect(entry)));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const entry of this.watches) {
      clearTimeout(entry.timer);
      await entry.watch.stop();
    }
  }

  /** Calls back with every object that changed, for live updates. */
  onChange(listener: (object: KubernetesObject) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The `backstage.io/kubernetes-id` a changed object belongs to: its own
   * label, or for an event, which carries no labels, the label of the cached
   * deployment, replica set or pod the event is about.
   */
  kubernetesIdOf(object: KubernetesObject): string | undefined {
    const own = object.metadata?.labels?.[SELECTOR];
    if (own) return own;
    const involved = (object as CoreV1Event).involvedObject;
    const namespace = involved?.namespace ?? object.metadata?.namespace;
    if (!involved?.name || !namespace) return undefined;
    const cached = this.objects(namespace);
    const byKind: Record<string, KubernetesObject[]> = {
      Deployment: cached.deployments,
      ReplicaSet: cached.replicaSets,
      Pod: cached.pods,
    };
    return byKind[involved.kind ?? '']?.find(
      o => o.metadata?.name === involved.name,
    )?.metadata?.labels?.[SELECTOR];
  }

  /** Why the cluster cannot be trusted now, or undefined when every watch is up. */
  error(): string | undefined {
    const failing = this.watches.filter(entry => entry.error);
    if (failing.length === 0) return undefined;
    return `cluster ${this.cluster} cannot be watched: ${failing[0].error}`;
  }

  /** The cached objects of one namespace. */
  objects(namespace: string): WatchedObjects {
    const of = <T>(name: string) =>
      (this.watches.find(entry => entry.name === name)!.watch.list(namespace) ??
        []) as unknown as T[];
    return {
      deployments: of<V1Deployment>('deployments'),
      replicaSets: of<V1ReplicaSet>('replicasets'),
      pods: of<V1Pod>('pods'),
      events: of<CoreV1Event>('events'),
    };
  }

  private changed(object: KubernetesObject) {
    for (const listener of this.listeners) listener(object);
  }

  private onError(entry: (typeof this.watches)[number], error: unknown) {
    if (this.stopped) return;
    entry.failures += 1;
    entry.error = (error as Error)?.message ?? String(error);
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (entry.failures - 1));
    this.logger.warn(
      `Watch of ${entry.name} on cluster ${this.cluster} failed (${entry.error}); reconnecting in ${delay} ms`,
    );
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      if (!this.stopped) this.connect(entry);
    }, delay);
  }

  /**
   * Lists (unless a resourceVersion is kept) and watches. Only a watch that
   * is up again clears the error and the backoff: ListWatch announces
   * `connect` before it asks, so that event proves nothing.
   */
  private async connect(entry: (typeof this.watches)[number]) {
    const failures = entry.failures;
    try {
      await entry.watch.start();
    } catch (error) {
      this.onError(entry, error);
      return;
    }
    // A failed list is reported as an error event, not thrown.
    if (entry.failures === failures && !this.stopped) {
      entry.failures = 0;
      entry.error = undefined;
    }
  }
}

import {
  LABELS,
  NAMESPACE_ANNOTATIONS,
  NAMESPACE_LABELS,
  PORTAL_NAME,
  findEnvironment,
  namespaceFor,
  type PlatformConfig,
  type PlatformEnvironment,
} from '@internal/plugin-platform-common';
import { CoreV1Api, type V1Namespace } from '@kubernetes/client-node';
import { statusOf, toProvisioningError, withRetries } from '../apply/errors';
import type { PlatformClusters } from '../clusters/PlatformClusters';

/** What the portal reads off a live namespace. */
export interface LiveNamespace {
  /** Labelled `app.kubernetes.io/managed-by` the portal: the portal made it. */
  managedByPortal: boolean;
  /**
   * The entity the namespace belongs to, from the portal's entity-ref
   * annotation; only on a namespace the portal made (anyone may annotate
   * any other).
   */
  entityRef?: string;
  /** The task that created it; only on a namespace the portal made. */
  taskId?: string;
  /** When a preview expires (RFC 3339); only on a namespace the portal made. */
  expiresAt?: string;
  /** Being deleted (phase Terminating), as an expired preview is. */
  terminating: boolean;
}

/** A service's namespace in one environment, and whether the cluster has it. */
export interface ServiceNamespace {
  environment: PlatformEnvironment;
  /** The namespace by the environment's naming rule. */
  namespace: string;
  /** The namespace as its cluster has it; absent when there is none. */
  live?: LiveNamespace;
}

/**
 * How often a call is made before it counts as failed: a scaffolder step
 * retries (see `withRetries`), a form waiting on an answer may not.
 */
export interface ReadOptions {
  attempts?: number;
}

function liveOf(namespace: V1Namespace): LiveNamespace {
  const metadata = namespace.metadata ?? {};
  const managedByPortal = metadata.labels?.[LABELS.managedBy] === PORTAL_NAME;
  const annotations = managedByPortal ? metadata.annotations ?? {} : {};
  const entityRef = annotations[NAMESPACE_ANNOTATIONS.entityRef];
  const taskId = annotations[NAMESPACE_ANNOTATIONS.taskId];
  const expiresAt = annotations[NAMESPACE_ANNOTATIONS.expiresAt];
  return {
    managedByPortal,
    ...(entityRef && { entityRef }),
    ...(taskId && { taskId }),
    ...(expiresAt && { expiresAt }),
    terminating: namespace.status?.phase === 'Terminating',
  };
}

/**
 * A service's namespace in one environment, read from the environment's
 * cluster: whether it is there and what the portal wrote on it. This is
 * the fact the portal decides by whether an environment is new to a
 * service. A call that fails throws an error naming the cluster and the
 * namespace (`toProvisioningError`).
 */
export async function readServiceNamespace(
  clusters: PlatformClusters,
  environment: PlatformEnvironment,
  service: string,
  options: ReadOptions = {},
): Promise<ServiceNamespace> {
  const namespace = namespaceFor(environment, service);
  try {
    const api = await clusters.apiClient(environment.cluster, CoreV1Api);
    const found = await withRetries(
      () => api.readNamespace({ name: namespace }),
      { attempts: options.attempts },
    );
    return { environment, namespace, live: liveOf(found) };
  } catch (error) {
    if (statusOf(error) === 404) return { environment, namespace };
    throw toProvisioningError(error, {
      cluster: environment.cluster,
      verb: 'read',
      kind: 'Namespace',
      name: namespace,
    });
  }
}

/**
 * The previews of one entity: the namespaces on the cluster of
 * `platform.previews` that the portal made for it, labelled with the
 * service and a preview environment (`preview-<suffix>`), named by the
 * previews' rule and annotated with the entity's ref. Sorted by name; none
 * without `platform.previews`. Those being deleted are included, marked
 * `terminating`. A call that fails throws as `readServiceNamespace` does.
 */
export async function listServicePreviews(
  clusters: PlatformClusters,
  platform: Pick<PlatformConfig, 'environments' | 'previews'>,
  service: { name: string; entityRef: string },
  options: ReadOptions = {},
): Promise<ServiceNamespace[]> {
  const previews = platform.previews;
  if (!previews) return [];
  let items: V1Namespace[];
  try {
    const api = await clusters.apiClient(previews.cluster, CoreV1Api);
    const list = await withRetries(
      () =>
        api.listNamespace({
          labelSelector: `${LABELS.managedBy}=${PORTAL_NAME},${NAMESPACE_LABELS.service}=${service.name}`,
        }),
      { attempts: options.attempts },
    );
    items = list.items;
  } catch (error) {
    throw toProvisioningError(error, {
      cluster: previews.cluster,
      verb: 'list',
      kind: 'Namespaces',
      name: `of service ${service.name}`,
    });
  }
  const found: ServiceNamespace[] = [];
  for (const item of items) {
    const environment = findEnvironment(
      platform,
      item.metadata?.labels?.[NAMESPACE_LABELS.environment] ?? '',
    );
    if (!environment?.preview) continue;
    const namespace = namespaceFor(environment, service.name);
    const live = liveOf(item);
    // The label selector is the API server's; the rest is checked here.
    if (
      item.metadata?.name !== namespace ||
      !live.managedByPortal ||
      live.entityRef !== service.entityRef
    ) {
      continue;
    }
    found.push({ environment, namespace, live });
  }
  return found.sort((a, b) => a.namespace.localeCompare(b.namespace));
}

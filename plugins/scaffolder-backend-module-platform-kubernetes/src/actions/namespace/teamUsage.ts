import type { LoggerService } from '@backstage/backend-plugin-api';
import { CoreV1Api } from '@kubernetes/client-node';
import {
  LABELS,
  NAMESPACE_LABELS,
  PORTAL_NAME,
  addQuantities,
  formatQuantity,
  parseQuantity,
  type PlatformConfig,
  type TeamUsage,
  ZERO,
} from '@internal/plugin-platform-common';
import {
  withRetries,
  type PlatformClusters,
} from '@internal/plugin-platform-node';

/**
 * What a team holds in the portal's namespaces on every environment's
 * cluster, not counting those of `service` (so a re-run is not refused).
 * A cluster that cannot be read is left out with a warning: its own
 * environments fail on their own, and the others go on.
 */
export async function teamUsage(options: {
  clusters: PlatformClusters;
  platform: PlatformConfig;
  team: string;
  service: string;
  logger: LoggerService;
}): Promise<TeamUsage> {
  const { clusters, platform, team, service, logger } = options;
  const selector = `${LABELS.managedBy}=${PORTAL_NAME},${NAMESPACE_LABELS.team}=${team}`;
  let namespaces = 0;
  let cpu = ZERO;
  let memory = ZERO;
  const names = [...new Set(platform.environments.map(e => e.cluster))];
  for (const cluster of names) {
    try {
      const api = await clusters.apiClient(cluster, CoreV1Api);
      const owned = await withRetries(() =>
        api.listNamespace({ labelSelector: selector }),
      );
      const counted = new Set(
        owned.items
          .filter(
            ns => ns.metadata?.labels?.[NAMESPACE_LABELS.service] !== service,
          )
          .map(ns => ns.metadata!.name!),
      );
      namespaces += counted.size;
      const quotas = await withRetries(() =>
        api.listResourceQuotaForAllNamespaces({
          labelSelector: `${LABELS.managedBy}=${PORTAL_NAME}`,
        }),
      );
      for (const quota of quotas.items) {
        if (!counted.has(quota.metadata?.namespace ?? '')) continue;
        const hard = quota.spec?.hard ?? {};
        cpu = addQuantities(cpu, parseQuantity(hard['requests.cpu']) ?? ZERO);
        memory = addQuantities(
          memory,
          parseQuantity(hard['requests.memory']) ?? ZERO,
        );
      }
    } catch (error) {
      logger.warn(
        `Could not count the namespaces of ${team} on cluster ${cluster}: ${error}`,
      );
    }
  }
  return {
    namespaces,
    cpu: formatQuantity(cpu),
    memory: formatQuantity(memory),
  };
}

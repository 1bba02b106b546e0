import type { Config } from '@backstage/config';
import {
  ANNOTATION_KUBERNETES_AUTH_PROVIDER as AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE,
  ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID,
} from '@backstage/plugin-kubernetes-common';
import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';

/**
 * The clusters that `kubernetes.clusterLocatorMethods` declares in config, as
 * the upstream Kubernetes backend reads them (name, URL, TLS, auth provider
 * and its metadata), so the platform's actions reach exactly the clusters the
 * Kubernetes tab shows. Locators that find clusters at run time (catalog,
 * cloud providers) are not read here.
 */
export function readClusterDetails(config: Config): ClusterDetails[] {
  const clusters: ClusterDetails[] = [];
  const locators =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  for (const locator of locators) {
    const type = locator.getString('type');
    if (type === 'localKubectlProxy') {
      clusters.push({
        name: 'local',
        url: 'http://127.0.0.1:8001',
        authMetadata: { [AUTH_PROVIDER]: 'localKubectlProxy' },
        skipMetricsLookup: true,
      });
    }
    if (type !== 'config') {
      continue;
    }
    for (const cluster of locator.getOptionalConfigArray('clusters') ?? []) {
      const name = cluster.getString('name');
      const metadata = (cluster.getOptional('authMetadata') ?? {}) as Record<
        string,
        string
      >;
      const authProvider =
        metadata[AUTH_PROVIDER] ?? cluster.getOptionalString('authProvider');
      if (!authProvider) {
        throw new Error(
          `kubernetes cluster '${name}' has no auth provider: set authProvider or authMetadata.${AUTH_PROVIDER}`,
        );
      }
      const serviceAccountToken = cluster.getOptionalString(
        'serviceAccountToken',
      );
      const assumeRole = cluster.getOptionalString('assumeRole');
      const externalId = cluster.getOptionalString('externalId');
      clusters.push({
        name,
        url: cluster.getString('url'),
        skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
        caData: cluster.getOptionalString('caData'),
        caFile: cluster.getOptionalString('caFile'),
        authMetadata: {
          [AUTH_PROVIDER]: authProvider,
          ...(serviceAccountToken && { serviceAccountToken }),
          ...(assumeRole && {
            [ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE]: assumeRole,
          }),
          ...(externalId && {
            [ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID]: externalId,
          }),
          ...metadata,
        },
      });
    }
  }
  return clusters;
}

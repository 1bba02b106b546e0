import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { KubernetesObjectApi } from '@kubernetes/client-node';
import { PlatformClusters } from '@internal/plugin-platform-node';
import {
  startTestSandbox,
  type TestSandbox,
} from '@internal/sandbox/testUtils';

/** A token each cluster accepts that may only read. */
export const READER_TOKEN = 'reader-token';

export { portalPlatformConfig } from '@internal/plugin-platform-common/testUtils';

/** Two sandbox clusters, `nonprod-cluster` and `prod-cluster`, as app-config.yaml names them. */
export function startTestClusters(): Promise<TestSandbox> {
  const reader = {
    token: READER_TOKEN,
    user: 'reader',
    rules: [
      { verbs: ['get', 'list', 'watch'], apiGroups: ['*'], resources: ['*'] },
    ],
  };
  return startTestSandbox({
    github: false,
    clusters: [
      { name: 'nonprod-cluster', tokens: [reader] },
      { name: 'prod-cluster', tokens: [reader] },
    ],
  });
}

/**
 * The sandbox's config with the portal's platform section; `token` replaces
 * every cluster's token and `urls` some clusters' URLs (to make one unreachable).
 */
export function configFor(
  sandbox: TestSandbox,
  platform: JsonObject,
  options: { token?: string; urls?: Record<string, string> } = {},
): ConfigReader {
  const base = sandbox.config() as any;
  for (const cluster of base.kubernetes.clusterLocatorMethods[0].clusters) {
    if (options.token) cluster.serviceAccountToken = options.token;
    if (options.urls?.[cluster.name]) cluster.url = options.urls[cluster.name];
  }
  return new ConfigReader({ ...base, platform });
}

export function clustersFor(config: ConfigReader): PlatformClusters {
  return PlatformClusters.fromConfig(config, {
    logger: mockServices.logger.mock(),
  });
}

/** A generic client for one cluster, as another tool (kubectl, a person) would change it. */
export function objectApi(
  sandbox: TestSandbox,
  cluster: string,
): KubernetesObjectApi {
  return KubernetesObjectApi.makeApiClient(
    sandbox.cluster(cluster).kubeConfig(),
  );
}

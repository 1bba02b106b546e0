import type { JsonObject } from '@backstage/config';
import type { TestSandboxCluster } from './testSandboxCluster';
import type { TestSandboxGitHub } from './testSandboxGitHub';

/**
 * An environment of `platform.environments`: its `name` and `cluster` (a
 * sandbox cluster's name) at least; other fields pass through to the config.
 */
export type TestSandboxEnvironment = {
  name: string;
  cluster: string;
} & JsonObject;

/**
 * The config a plugin under test reads to reach the sandbox, as the portal's
 * `app-config.yaml` has it, as a plain object for
 * `mockServices.rootConfig({ data })` or `new ConfigReader(...)`:
 * `integrations.github` (when GitHub runs), `kubernetes` with every cluster
 * under `clusterLocatorMethods` (when clusters run), and
 * `platform.environments` (when environments were given).
 */
export function sandboxBackstageConfig(parts: {
  github?: TestSandboxGitHub;
  githubToken?: string;
  clusters: TestSandboxCluster[];
  environments: TestSandboxEnvironment[];
}): JsonObject {
  const { github, clusters, environments } = parts;
  const config: JsonObject = {};
  if (github) {
    config.integrations = {
      github: [
        {
          host: github.host,
          apiBaseUrl: github.apiBaseUrl,
          token: parts.githubToken ?? github.token,
        },
      ],
    };
  }
  if (clusters.length) {
    config.kubernetes = {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: clusters.map(cluster => ({
            name: cluster.name,
            url: cluster.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: cluster.token,
            ...(cluster.caCert
              ? { caData: Buffer.from(cluster.caCert).toString('base64') }
              : {}),
            // The sandbox serves no metrics.k8s.io API.
            skipMetricsLookup: true,
          })),
        },
      ],
    };
  }
  if (environments.length) {
    config.platform = { environments };
  }
  return config;
}

import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { loadConfig } from '@backstage/config-loader';
import type { JsonObject } from '@backstage/types';
import { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import { PlatformClusters } from '@internal/plugin-platform-node';
import { startSandbox, type Sandbox } from '@internal/sandbox';
import { resolve } from 'node:path';

export const PORTAL_TOKEN = 'portal-token';
export const READER_TOKEN = 'reader-token';

/** The platform section of the portal's own app-config.yaml. */
export async function portalPlatformConfig(): Promise<JsonObject> {
  const root = resolve(__dirname, '../../../..');
  const { appConfigs } = await loadConfig({
    configRoot: root,
    configTargets: [{ path: resolve(root, 'app-config.yaml') }],
  });
  return ConfigReader.fromConfigs(appConfigs).get('platform') as JsonObject;
}

/** Two sandbox clusters, `nonprod-cluster` and `prod-cluster`, as app-config.yaml names them. */
export async function startTestClusters(): Promise<Sandbox> {
  const tokens = [
    { token: PORTAL_TOKEN, user: 'developer-portal' },
    {
      token: READER_TOKEN,
      user: 'reader',
      rules: [
        { verbs: ['get', 'list', 'watch'], apiGroups: ['*'], resources: ['*'] },
      ],
    },
  ];
  return startSandbox({
    clusters: [
      { name: 'nonprod-cluster', https: true, tokens },
      { name: 'prod-cluster', https: true, tokens },
    ],
  });
}

/** The portal's config with its clusters pointed at the sandbox's. */
export function configFor(
  sandbox: Sandbox,
  platform: JsonObject,
  options: { token?: string; urls?: Record<string, string> } = {},
): ConfigReader {
  return new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [...sandbox.clusters.values()].map(server => ({
            name: server.name,
            url: options.urls?.[server.name] ?? server.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: options.token ?? PORTAL_TOKEN,
            skipTLSVerify: true,
          })),
        },
      ],
    },
    platform,
  });
}

export function clustersFor(config: ConfigReader): PlatformClusters {
  return PlatformClusters.fromConfig(config, {
    logger: mockServices.logger.mock(),
  });
}

/** A generic client for one sandbox cluster, as another tool (kubectl, a person) would change it. */
export function objectApi(
  sandbox: Sandbox,
  cluster: string,
): KubernetesObjectApi {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster,
        server: sandbox.clusters.get(cluster)!.url,
        skipTLSVerify: true,
      },
    ],
    users: [{ name: 'someone', token: PORTAL_TOKEN }],
    contexts: [{ name: cluster, cluster, user: 'someone' }],
    currentContext: cluster,
  });
  return KubernetesObjectApi.makeApiClient(kc);
}

/** Counts the changes to a cluster's objects, to prove a run wrote nothing. */
export function countChanges(sandbox: Sandbox) {
  const changes: string[] = [];
  const stops = [...sandbox.clusters.values()].map(server =>
    server.store.onChange(change =>
      changes.push(
        `${server.name} ${change.type} ${change.kind.kind} ${
          change.object.metadata.namespace ?? ''
        }/${change.object.metadata.name}`,
      ),
    ),
  );
  return {
    changes,
    stop: () => stops.forEach(stop => stop()),
  };
}

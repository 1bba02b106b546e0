import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CoreV1Api } from '@kubernetes/client-node';
import { useTestSandbox } from '@internal/sandbox/testUtils';
import { PlatformClusters } from './PlatformClusters';
import { isNonPublicIp } from './readCatalogClusters';

jest.setTimeout(30_000);

function clusterEntity(
  name: string,
  annotations: Record<string, string>,
  type = 'kubernetes-cluster',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, title: `The ${name} cluster`, annotations },
    spec: { type, owner: 'group:default/platform' },
  };
}

describe('clusters of the catalog cluster locator', () => {
  const sandbox = useTestSandbox({
    github: false,
    clusters: [
      {
        name: 'edge',
        // Reached as through `kubectl proxy`: requests without a token.
        anonymous: {
          rules: [
            { verbs: ['get', 'list'], apiGroups: [''], resources: ['*'] },
          ],
        },
      },
    ],
  });

  const annotationsFor = (url: string, extra: Record<string, string> = {}) => ({
    'kubernetes.io/api-server': url,
    'kubernetes.io/api-server-certificate-authority': Buffer.from(
      sandbox.cluster('edge').caCert!,
    ).toString('base64'),
    'kubernetes.io/auth-provider': 'localKubectlProxy',
    ...extra,
  });

  function clustersWith(
    entities: Entity[],
    locator: Record<string, unknown> = {
      dangerouslyAllowClusterUrls: ['127.0.0.1'],
    },
  ) {
    const catalog = catalogServiceMock({ entities });
    const getEntities = jest.spyOn(catalog, 'getEntities');
    const auth = mockServices.auth();
    const logger = mockServices.logger.mock();
    const clusters = PlatformClusters.fromConfig(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            { type: 'config', clusters: [] },
            { type: 'catalog', ...locator },
          ],
        },
      }),
      { logger, catalog: { catalog, auth } },
    );
    return { clusters, getEntities, logger };
  }

  it('reaches a kubernetes-cluster Resource of the catalog by its annotations, reading with its own credentials', async () => {
    const { clusters, getEntities } = clustersWith([
      clusterEntity(
        'edge-cluster',
        annotationsFor(sandbox.cluster('edge').url, {
          'kubernetes.io/skip-metrics-lookup': 'true',
          'kubernetes.io/skip-tls-verify': 'true',
          'backstage.io/techdocs-ref': 'dir:.',
        }),
      ),
    ]);
    expect(clusters.names()).toEqual([]);

    const api = (await clusters.kubeConfig('edge-cluster')).makeApiClient(
      CoreV1Api,
    );
    const namespaces = await api.listNamespace();
    expect(namespaces.items.map(ns => ns.metadata?.name)).toContain('default');

    expect(getEntities).toHaveBeenCalledTimes(1);
    expect(getEntities.mock.calls[0][1]).toEqual({
      credentials: mockCredentials.service('plugin:test'),
    });
    expect(clusters.names()).toEqual(['edge-cluster']);
    expect(clusters.details('edge-cluster')).toEqual({
      name: 'edge-cluster',
      title: 'The edge-cluster cluster',
      url: sandbox.cluster('edge').url,
      caData:
        annotationsFor('')['kubernetes.io/api-server-certificate-authority'],
      skipMetricsLookup: true,
      // Not without dangerouslyAllowSkipTLSVerify.
      skipTLSVerify: false,
      // Only the kubernetes.io/ annotations.
      authMetadata: {
        ...annotationsFor(sandbox.cluster('edge').url),
        'kubernetes.io/skip-metrics-lookup': 'true',
        'kubernetes.io/skip-tls-verify': 'true',
      },
    });

    // Known now: not read again for the next call.
    await clusters.kubeConfig('edge-cluster');
    expect(getEntities).toHaveBeenCalledTimes(1);
  });

  it('leaves out what the upstream locator leaves out, naming each, and says which clusters it knows', async () => {
    const url = sandbox.cluster('edge').url;
    const { clusters, logger } = clustersWith(
      [
        clusterEntity('good', annotationsFor(url)),
        clusterEntity(
          'with-token',
          annotationsFor(url, {
            'kubernetes.io/auth-provider': 'serviceAccount',
          }),
        ),
        clusterEntity('not-a-cluster', annotationsFor(url), 'database'),
        clusterEntity(
          'plain-http',
          annotationsFor('http://cluster.example.com:6443'),
        ),
        clusterEntity('private', annotationsFor('https://10.0.0.5:6443')),
      ],
      { dangerouslyAllowClusterUrls: ['127.0.0.1'] },
    );

    await expect(clusters.kubeConfig('with-token')).rejects.toThrow(
      "No cluster 'with-token' in kubernetes.clusterLocatorMethods (known: good)",
    );
    const warnings = logger.warn.mock.calls.map(([message]) => message);
    expect(warnings).toEqual([
      'Ignoring kubernetes-cluster Resource "with-token": the catalog cluster locator does not support the serviceAccount auth provider',
      'Ignoring kubernetes-cluster Resource "plain-http": its API server URL must use the HTTPS scheme',
      'Ignoring kubernetes-cluster Resource "private": its API server URL must not use a non-public IP address',
    ]);
  });

  it('refuses a loopback API server unless the locator allows its host', async () => {
    const { clusters, logger } = clustersWith(
      [
        clusterEntity(
          'edge-cluster',
          annotationsFor(sandbox.cluster('edge').url),
        ),
      ],
      {},
    );
    await expect(clusters.kubeConfig('edge-cluster')).rejects.toMatchObject({
      name: 'InputError',
    });
    expect(logger.warn).toHaveBeenCalledWith(
      'Ignoring kubernetes-cluster Resource "edge-cluster": its API server URL must not use a non-public IP address',
    );
  });

  it('warns that it reads no catalog clusters without a catalog service', () => {
    const logger = mockServices.logger.mock();
    PlatformClusters.fromConfig(
      new ConfigReader({
        kubernetes: { clusterLocatorMethods: [{ type: 'catalog' }] },
      }),
      { logger },
    );
    expect(logger.warn).toHaveBeenCalledWith(
      'The catalog cluster locator of kubernetes.clusterLocatorMethods is not read here: no catalog service was given',
    );
  });

  it('tells public addresses from the others', () => {
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
    ]) {
      expect([ip, isNonPublicIp(ip)]).toEqual([ip, true]);
    }
    for (const ip of ['8.8.8.8', '2001:4860:4860::8888', '172.32.0.1']) {
      expect([ip, isNonPublicIp(ip)]).toEqual([ip, false]);
    }
  });
});

import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { runAction } from '@internal/plugin-platform-node/testUtils';
import { startTestSandbox } from '@internal/sandbox/testUtils';
import { portalPlatformConfig } from './__testUtils__/testClusters';
import { scaffolderModulePlatformObservability } from './module';

jest.setTimeout(60_000);

describe('scaffolderModulePlatformObservability', () => {
  it("wires a service on a cluster of the catalog locator, read through the catalog with the module's credentials", async () => {
    // A cluster reached as through `kubectl proxy`, known only to the catalog.
    const edge = await startTestSandbox({
      github: false,
      clusters: [
        {
          name: 'edge',
          anonymous: {
            rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
          },
        },
      ],
    });
    try {
      const cluster = edge.cluster('edge');
      await cluster.kubectl(['create', 'namespace', 'edge-app-dev']);
      const catalog = catalogServiceMock({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Resource',
            metadata: {
              name: 'edge-cluster',
              annotations: {
                'kubernetes.io/api-server': cluster.url,
                'kubernetes.io/api-server-certificate-authority': Buffer.from(
                  cluster.caCert!,
                ).toString('base64'),
                'kubernetes.io/auth-provider': 'localKubectlProxy',
              },
            },
            spec: { type: 'kubernetes-cluster', owner: 'group:default/sre' },
          },
        ],
      });
      const getEntities = jest.spyOn(catalog, 'getEntities');
      const { previews: _previews, ...platform } = await portalPlatformConfig();
      const addActions = jest.fn();
      const backend = await startTestBackend({
        extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
        features: [
          scaffolderModulePlatformObservability,
          createServiceFactory({
            service: catalogServiceRef,
            deps: {},
            factory: () => catalog,
          }),
          mockServices.rootConfig.factory({
            data: {
              kubernetes: {
                clusterLocatorMethods: [
                  {
                    type: 'catalog',
                    dangerouslyAllowClusterUrls: ['127.0.0.1'],
                  },
                ],
              },
              platform: {
                ...platform,
                environments: [
                  {
                    name: 'dev',
                    cluster: 'edge-cluster',
                    tiers: ['small', 'medium', 'large', 'gpu'],
                  },
                ],
              },
            },
          }),
        ],
      });
      try {
        const wire = addActions.mock.calls[0].find(
          (a: any) => a.id === 'platform:observability:wire',
        );
        const { error } = await runAction(wire, {
          name: 'edge-app',
          owner: 'group:default/payments-team',
          environments: ['dev'],
          slo: {
            availability: '99.9',
            latencyObjective: '95',
            latencyThresholdMs: 300,
            period: '30d',
          },
        });
        expect(error).toBeUndefined();
        const applied = await cluster.kubectl([
          'get',
          'servicemonitor,prometheusrule',
          '-n',
          'edge-app-dev',
          '-o',
          'name',
        ]);
        expect(applied.stdout).toMatch(/servicemonitor.*\/edge-app\n/);
        expect(applied.stdout).toMatch(/prometheusrule.*\/edge-app-slo/);
        // Read with the module's own service credentials.
        expect(getEntities.mock.calls[0][1]).toEqual({
          credentials: mockCredentials.service('plugin:scaffolder'),
        });
      } finally {
        await backend.stop();
      }
    } finally {
      await edge.stop();
    }
  });
});

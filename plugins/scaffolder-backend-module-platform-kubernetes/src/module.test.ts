import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { runAction } from '@internal/plugin-platform-node/testUtils';
import {
  startTestSandbox,
  type TestSandbox,
} from '@internal/sandbox/testUtils';
import {
  objectApi,
  portalPlatformConfig,
  startTestClusters,
} from './__testUtils__/testClusters';
import {
  PREVIEW_REAPER_TASK_ID,
  scaffolderModulePlatformKubernetes,
} from './module';

jest.setTimeout(30_000);

describe('scaffolderModulePlatformKubernetes', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestClusters();
  });
  afterAll(() => sandbox.stop());

  async function start(platform: JsonObject) {
    const scheduler = mockServices.scheduler.mock();
    const addActions = jest.fn();
    const backend = await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [
        scaffolderModulePlatformKubernetes,
        scheduler.factory,
        mockServices.rootConfig.factory({
          data: { ...sandbox.config(), platform },
        }),
      ],
    });
    return { backend, scheduler, addActions };
  }

  it('registers the namespace actions, and schedules the preview reaper, which deletes expired previews', async () => {
    const platform = await portalPlatformConfig();
    const { backend, scheduler, addActions } = await start(platform);
    expect(addActions.mock.calls[0].map((a: any) => a.id)).toEqual([
      'platform:kubernetes:namespace:ensure',
      'platform:kubernetes:namespace:delete',
    ]);
    expect(scheduler.scheduleTask).toHaveBeenCalledTimes(1);
    const task = scheduler.scheduleTask.mock
      .calls[0][0] as SchedulerServiceTaskScheduleDefinition & {
      id: string;
      fn: () => Promise<void>;
    };
    expect(task).toMatchObject({
      id: PREVIEW_REAPER_TASK_ID,
      frequency: { minutes: 5 },
    });

    // What the scheduler runs: an expired preview goes, a live one stays.
    const api = objectApi(sandbox, 'nonprod-cluster');
    const managed = (name: string, expiresAt: string) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        labels: { 'app.kubernetes.io/managed-by': 'developer-portal' },
        annotations: {
          'developer-portal.acme.example/expires-at': expiresAt,
        },
      },
    });
    await api.create(managed('old-preview-a', '2020-01-01T00:00:00Z'));
    await api.create(managed('new-preview-b', '2099-01-01T00:00:00Z'));
    await task.fn();
    const exists = (name: string) =>
      Boolean(sandbox.cluster('nonprod-cluster').get('v1', 'Namespace', name));
    for (let i = 0; i < 100 && exists('old-preview-a'); i++) {
      await new Promise(r => setTimeout(r, 50));
    }
    expect(exists('old-preview-a')).toBe(false);
    expect(exists('new-preview-b')).toBe(true);
    await backend.stop();
  });

  it("provisions on a cluster of the catalog locator, read through the catalog with the module's credentials", async () => {
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
      const { previews: _previews, ...platform } = await portalPlatformConfig();
      const catalog = catalogServiceMock({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Resource',
            metadata: {
              name: 'edge-cluster',
              annotations: {
                'kubernetes.io/api-server': edge.cluster('edge').url,
                'kubernetes.io/api-server-certificate-authority': Buffer.from(
                  edge.cluster('edge').caCert!,
                ).toString('base64'),
                'kubernetes.io/auth-provider': 'localKubectlProxy',
              },
            },
            spec: { type: 'kubernetes-cluster', owner: 'group:default/sre' },
          },
        ],
      });
      const getEntities = jest.spyOn(catalog, 'getEntities');
      const addActions = jest.fn();
      const backend = await startTestBackend({
        extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
        features: [
          scaffolderModulePlatformKubernetes,
          mockServices.scheduler.factory(),
          createServiceFactory({
            service: catalogServiceRef,
            deps: {},
            factory: () => catalog,
          }),
          mockServices.rootConfig.factory({
            data: {
              ...edge.config(),
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
      const ensure = addActions.mock.calls[0].find(
        (a: any) => a.id === 'platform:kubernetes:namespace:ensure',
      );
      const { outputs, error } = await runAction(ensure, {
        name: 'edge-app',
        owner: 'group:default/payments-team',
        environments: ['dev'],
        tier: 'small',
      });
      expect(error).toBeUndefined();
      expect(outputs.environments[0]).toMatchObject({
        cluster: 'edge-cluster',
        namespace: 'edge-app-dev',
      });
      expect(
        edge.cluster('edge').get('v1', 'Namespace', 'edge-app-dev'),
      ).toMatchObject({
        metadata: {
          labels: { 'app.kubernetes.io/managed-by': 'developer-portal' },
        },
      });
      // Read with the module's own service credentials.
      expect(getEntities.mock.calls[0][1]).toEqual({
        credentials: mockCredentials.service('plugin:scaffolder'),
      });
      await backend.stop();
    } finally {
      await edge.stop();
    }
  });

  it('schedules no reaper without platform.previews', async () => {
    const { previews: _previews, ...platform } = await portalPlatformConfig();
    const { backend, scheduler } = await start(platform);
    expect(scheduler.scheduleTask).not.toHaveBeenCalled();
    await backend.stop();
  });
});

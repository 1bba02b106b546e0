import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  previewEnvironment,
  readPlatformConfig,
  type PlatformConfig,
} from '@internal/plugin-platform-common';
import { useTestSandbox } from '@internal/sandbox/testUtils';
import { CoreV1Api } from '@kubernetes/client-node';
import { PlatformClusters } from '../clusters/PlatformClusters';
import { listServicePreviews, readServiceNamespace } from './serviceNamespaces';

jest.setTimeout(30_000);

const MANAGED = { 'app.kubernetes.io/managed-by': 'developer-portal' };
const ENTITY = 'component:default/invoice-service';

function portalNamespace(
  name: string,
  environment: string,
  annotations: Record<string, string>,
  service = 'invoice-service',
) {
  return {
    metadata: {
      name,
      labels: {
        ...MANAGED,
        'developer-portal.acme.example/service': service,
        'developer-portal.acme.example/environment': environment,
      },
      annotations,
    },
  };
}

describe('what a service has in each environment', () => {
  const sandbox = useTestSandbox(
    { github: false, clusters: ['nonprod-cluster', 'prod-cluster'] },
    async started => {
      const core = started
        .cluster('nonprod-cluster')
        .kubeConfig()
        .makeApiClient(CoreV1Api);
      for (const body of [
        portalNamespace('invoice-service-dev', 'dev', {
          'developer-portal.acme.example/entity-ref': ENTITY,
          'developer-portal.acme.example/task-id': 'task-1',
        }),
        portalNamespace('invoice-service-preview-pr-2', 'preview-pr-2', {
          'developer-portal.acme.example/entity-ref': ENTITY,
          'developer-portal.acme.example/task-id': 'task-2',
          'developer-portal.acme.example/expires-at':
            '2026-12-03T08:00:00.000Z',
        }),
        portalNamespace('invoice-service-preview-pr-1', 'preview-pr-1', {
          'developer-portal.acme.example/entity-ref': ENTITY,
          'developer-portal.acme.example/expires-at':
            '2026-12-02T10:00:00.000Z',
        }),
        // The same service name, another entity's.
        portalNamespace('invoice-service-preview-pr-3', 'preview-pr-3', {
          'developer-portal.acme.example/entity-ref':
            'component:finance/invoice-service',
          'developer-portal.acme.example/expires-at':
            '2026-12-03T08:00:00.000Z',
        }),
        // Made by hand: its annotations say nothing.
        {
          metadata: {
            name: 'invoice-service-staging',
            annotations: {
              'developer-portal.acme.example/entity-ref': ENTITY,
            },
          },
        },
      ]) {
        await core.createNamespace({ body });
      }
    },
  );

  let platform: PlatformConfig;
  let clusters: PlatformClusters;
  beforeAll(() => {
    const config = new ConfigReader({
      ...sandbox.config(),
      platform: {
        environments: [
          { name: 'dev', cluster: 'nonprod-cluster', tiers: ['small'] },
          { name: 'staging', cluster: 'nonprod-cluster', tiers: ['small'] },
          { name: 'production', cluster: 'prod-cluster', tiers: ['small'] },
        ],
        tiers: [
          {
            name: 'small',
            quota: {
              requests: { cpu: '1', memory: '1Gi' },
              limits: { cpu: '2', memory: '2Gi' },
              pods: 10,
              services: 5,
              persistentVolumeClaims: 2,
            },
            limits: {
              defaultRequest: { cpu: '100m', memory: '128Mi' },
              default: { cpu: '500m', memory: '256Mi' },
            },
          },
        ],
        previews: {
          cluster: 'nonprod-cluster',
          tier: 'small',
          defaultTtlHours: 24,
          maxTtlHours: 168,
        },
      },
    });
    platform = readPlatformConfig(config);
    clusters = PlatformClusters.fromConfig(config, {
      logger: mockServices.logger.mock(),
    });
  });

  const environment = (name: string) =>
    platform.environments.find(e => e.name === name)!;

  it("reads a service's namespace in an environment, with what the portal wrote on it", async () => {
    expect(
      await readServiceNamespace(
        clusters,
        environment('dev'),
        'invoice-service',
      ),
    ).toEqual({
      environment: environment('dev'),
      namespace: 'invoice-service-dev',
      live: {
        managedByPortal: true,
        entityRef: ENTITY,
        taskId: 'task-1',
        terminating: false,
      },
    });
    expect(
      await readServiceNamespace(
        clusters,
        environment('production'),
        'invoice-service',
      ),
    ).toEqual({
      environment: environment('production'),
      namespace: 'invoice-service-production',
    });
    // Reads only.
    expect(sandbox.writes()).toEqual([]);
  });

  it('trusts the annotations only on a namespace the portal made', async () => {
    const staging = await readServiceNamespace(
      clusters,
      environment('staging'),
      'invoice-service',
    );
    expect(staging.live).toEqual({
      managedByPortal: false,
      terminating: false,
    });
  });

  it('reads a preview by its environment, with its expiry', async () => {
    const preview = previewEnvironment(platform.previews!, 'pr-2');
    expect(
      (await readServiceNamespace(clusters, preview, 'invoice-service')).live,
    ).toEqual({
      managedByPortal: true,
      entityRef: ENTITY,
      taskId: 'task-2',
      expiresAt: '2026-12-03T08:00:00.000Z',
      terminating: false,
    });
  });

  it("lists the entity's previews by name, not another entity's of the same name", async () => {
    const previews = await listServicePreviews(clusters, platform, {
      name: 'invoice-service',
      entityRef: ENTITY,
    });
    expect(previews.map(p => [p.environment.name, p.namespace])).toEqual([
      ['preview-pr-1', 'invoice-service-preview-pr-1'],
      ['preview-pr-2', 'invoice-service-preview-pr-2'],
    ]);
    expect(previews[0].live?.expiresAt).toBe('2026-12-02T10:00:00.000Z');
    expect(
      await listServicePreviews(
        clusters,
        { ...platform, previews: undefined },
        { name: 'invoice-service', entityRef: ENTITY },
      ),
    ).toEqual([]);
  });

  it('names the cluster and the namespace when the cluster fails, after the attempts asked for', async () => {
    sandbox.cluster('prod-cluster').faults.add({
      path: '/api/v1/namespaces/invoice-service-production',
      status: 503,
    });
    await expect(
      readServiceNamespace(
        clusters,
        environment('production'),
        'invoice-service',
        { attempts: 1 },
      ),
    ).rejects.toThrow(
      'Could not read Namespace invoice-service-production on cluster prod-cluster: HTTP 503',
    );
    expect(
      sandbox.cluster('prod-cluster').requests.count({
        path: '/api/v1/namespaces/invoice-service-production',
      }),
    ).toBe(1);
  });
});

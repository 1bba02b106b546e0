import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { portalPlatformConfig } from '@internal/plugin-platform-common/testUtils';
import scaffolderModulePlatform from '@internal/plugin-scaffolder-backend-module-platform';
import scaffolderModulePlatformGithub from '@internal/plugin-scaffolder-backend-module-platform-github';
import scaffolderModulePlatformKubernetes from '@internal/plugin-scaffolder-backend-module-platform-kubernetes';
import scaffolderModulePlatformObservability from '@internal/plugin-scaffolder-backend-module-platform-observability';
import {
  startTestSandbox,
  type TestSandbox,
} from '@internal/sandbox/testUtils';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import request from 'supertest';
import { catalogModuleFilePlaceholders } from '../catalog/catalogModuleFilePlaceholders';

jest.setTimeout(240_000);

const root = resolve(__dirname, '../../../..');
const PORTAL_TOKEN = 'ghp_portalSecretToken0123456789abcdef';
const user = mockCredentials.user.header('user:default/guest');

/**
 * The Python template from the catalog (its shared form and steps resolved)
 * run for real by the scaffolder against the sandbox, whose GitOps sync then
 * applies the pushed deploy/<environment>/ folders: the new service deploys.
 */
describe('the Python golden-path template, run by the scaffolder', () => {
  let sandbox: TestSandbox;
  let server: Server;
  let stopBackend: () => Promise<void>;

  beforeAll(async () => {
    sandbox = await startTestSandbox({
      github: {
        tokens: [{ token: PORTAL_TOKEN, login: 'developer-portal' }],
        organizations: [
          {
            login: 'acme',
            members: [{ login: 'developer-portal', role: 'admin' }],
            teams: [
              { slug: 'platform-team', name: 'Platform team', members: [] },
              { slug: 'payments-team', name: 'Payments team', members: [] },
            ],
          },
        ],
      },
      clusters: ['nonprod-cluster', 'prod-cluster'],
      // The sync deploys pushes to these, as in `yarn start`.
      environments: [
        { name: 'dev', cluster: 'nonprod-cluster' },
        { name: 'production', cluster: 'prod-cluster' },
      ],
    });
    const config: JsonObject = {
      ...sandbox.config(),
      app: { baseUrl: 'http://localhost:3000' },
      backend: {
        baseUrl: 'http://localhost:7007',
        database: { client: 'better-sqlite3', connection: ':memory:' },
      },
      platform: await portalPlatformConfig(),
      catalog: {
        rules: [{ allow: ['Component', 'System', 'Domain', 'Location'] }],
        locations: [
          {
            type: 'file',
            target: resolve(root, 'examples/org.yaml'),
            rules: [{ allow: ['User', 'Group'] }],
          },
          {
            type: 'file',
            target: resolve(root, 'examples/domains-systems.yaml'),
          },
          {
            type: 'file',
            target: resolve(
              root,
              'templates/golden-path-python-service/template.yaml',
            ),
            rules: [{ allow: ['Template'] }],
          },
        ],
      },
    };
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleScaffolderEntityModel,
        catalogModuleFilePlaceholders,
        scaffolderPlugin,
        scaffolderModulePlatform,
        scaffolderModulePlatformKubernetes,
        scaffolderModulePlatformObservability,
        scaffolderModulePlatformGithub,
        mockServices.rootConfig.factory({ data: config }),
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();

    // The catalog processes its locations in the background.
    const ingested = async () => {
      const answers = await Promise.all(
        [
          '/api/catalog/entities/by-name/template/default/golden-path-python-service',
          '/api/catalog/entities/by-name/group/default/payments-team',
        ].map(path => request(server).get(path).set('Authorization', user)),
      );
      return answers.every(answer => answer.status === 200);
    };
    for (let attempt = 0; attempt < 150; attempt++) {
      if (await ingested()) return;
      await new Promise(r => setTimeout(r, 200));
    }
    throw new Error('The catalog did not ingest the template in time');
  });

  afterAll(async () => {
    await stopBackend?.();
    await sandbox?.stop();
  });

  async function until<T>(what: string, probe: () => T | undefined) {
    for (let attempt = 0; attempt < 300; attempt++) {
      const value = probe();
      if (value) return value;
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error(`Timed out waiting for ${what}`);
  }

  it('creates the service, and the sandbox deploys its manifests to every environment', async () => {
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', user)
      .send({
        templateRef: 'template:default/golden-path-python-service',
        values: {
          name: 'py-service',
          description: 'A Python service on the golden path',
          owner: 'group:default/payments-team',
          system: 'system:default/checkout',
          deployment: { environments: ['dev', 'production'], tier: 'small' },
          slo: {
            availability: '99.9',
            latencyObjective: '95',
            latencyThresholdMs: 300,
            period: '30d',
            severities: ['page', 'ticket'],
          },
          repoVisibility: 'private',
        },
      });
    expect(created.status).toBe(201);
    const task = await (async () => {
      for (;;) {
        const answer = await request(server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
          .set('Authorization', user);
        if (['completed', 'failed', 'cancelled'].includes(answer.body.status)) {
          return answer.body;
        }
        await new Promise(r => setTimeout(r, 250));
      }
    })();
    expect(task.status).toBe('completed');

    expect(
      await sandbox.github.file('acme', 'py-service', 'app/main.py'),
    ).toContain('"SERVICE_NAME", "py-service"');
    expect(
      await sandbox.github.file(
        'acme',
        'py-service',
        'deploy/environments.txt',
      ),
    ).toBe('dev\nproduction\n');

    for (const [cluster, namespace, minReplicas] of [
      ['nonprod-cluster', 'py-service-dev', 1],
      ['prod-cluster', 'py-service-production', 2],
    ] as const) {
      const k8s = sandbox.cluster(cluster);
      const deployment: any = await until(
        `the Deployment in ${namespace}`,
        () => k8s.get('apps/v1', 'Deployment', 'py-service', namespace),
      );
      const [container] = deployment.spec.template.spec.containers;
      expect(container.readinessProbe.httpGet.path).toBe('/readyz');
      expect(container.livenessProbe.httpGet.path).toBe('/healthz');
      expect(deployment.metadata.labels).toEqual(
        expect.objectContaining({
          'app.kubernetes.io/name': 'py-service',
          'backstage.io/kubernetes-id': 'py-service',
          'app.kubernetes.io/part-of': 'checkout',
        }),
      );
      const hpa: any = k8s.get(
        'autoscaling/v2',
        'HorizontalPodAutoscaler',
        'py-service',
        namespace,
      );
      expect(hpa.spec.minReplicas).toBe(minReplicas);
      expect(
        k8s.get('policy/v1', 'PodDisruptionBudget', 'py-service', namespace),
      ).toBeDefined();
      expect(
        k8s.get(
          'networking.k8s.io/v1',
          'NetworkPolicy',
          'py-service',
          namespace,
        ),
      ).toBeDefined();
      expect(k8s.get('v1', 'Service', 'py-service', namespace)).toBeDefined();
      // The sandbox's rollout brings the pod up.
      await until(`a ready pod in ${namespace}`, () =>
        (k8s.get('apps/v1', 'Deployment', 'py-service', namespace) as any)
          ?.status?.readyReplicas >= 1
          ? true
          : undefined,
      );
    }
  });
});

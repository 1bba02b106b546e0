import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import type { Server } from 'node:http';
import request from 'supertest';
import { loopbackCertificate } from '../http/certificate';
import { type Controllers, startControllers } from './controllers';
import { type KubernetesServer, startKubernetesServer } from './index';
import type { KubernetesObject } from './types';

// The upstream Kubernetes backend, configured as the portal configures it,
// reading the entity's workloads from a sandbox cluster over HTTPS: what the
// Kubernetes tab of an entity page shows in `yarn start`.

const SERVICE = 'checkout-service';
const NAMESPACE = 'checkout-service-dev';
const TOKEN = 'sandbox-upstream-token';
const LABEL = { 'backstage.io/kubernetes-id': SERVICE };

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: SERVICE,
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': SERVICE },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'payments-team' },
};

const ref = (resource: string, group = '', version = 'v1') => ({
  group,
  version,
  resource,
  namespace: NAMESPACE,
});

interface FetchResponse {
  type: string;
  resources: KubernetesObject[];
}

interface ClusterObjects {
  cluster: { name: string };
  resources: FetchResponse[];
  errors: unknown[];
  podMetrics: unknown[];
}

/** A 200, or a failure that shows what the backend answered instead. */
function expectOk(response: request.Response) {
  if (response.status !== 200) {
    throw new Error(
      `Expected 200, got ${response.status}: ${JSON.stringify(response.body)}`,
    );
  }
}

/** Resolves once `check` returns a value, polling the in-process store. */
async function waitFor<T>(
  check: () => T | undefined | false,
  describeState: () => unknown,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out waiting; last seen ${JSON.stringify(describeState())}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

describe('the upstream Kubernetes backend against a sandbox cluster', () => {
  let cluster: KubernetesServer;
  let controllers: Controllers;
  let backend: { server: Server; stop(): Promise<void> } | undefined;

  beforeAll(async () => {
    const tls = await loopbackCertificate();
    cluster = await startKubernetesServer({
      name: 'sandbox-dev',
      tls,
      tokens: [
        { token: TOKEN, user: 'system:serviceaccount:backstage:reader' },
      ],
    });
    controllers = startControllers(cluster.store, { podReadyDelayMs: 20 });
    const { store } = cluster;
    store.create(
      { group: '', version: 'v1', resource: 'namespaces' },
      { metadata: { name: NAMESPACE } },
    );
    store.create(ref('deployments', 'apps'), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: SERVICE, labels: { ...LABEL, app: SERVICE } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: SERVICE } },
        template: {
          metadata: { labels: { ...LABEL, app: SERVICE } },
          spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
        },
      },
    });
    store.create(ref('services'), {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: SERVICE, labels: LABEL },
      spec: { selector: { app: SERVICE }, ports: [{ port: 80 }] },
    });
    // Another service's workload in the same cluster, which must not show up.
    store.create(ref('deployments', 'apps'), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'other',
        labels: { 'backstage.io/kubernetes-id': 'other' },
      },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'other' } },
        template: {
          metadata: {
            labels: { 'backstage.io/kubernetes-id': 'other', app: 'other' },
          },
          spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
        },
      },
    });
    const deploymentStatus = () =>
      store.find({ ...ref('deployments', 'apps'), name: SERVICE })?.status as
        | { readyReplicas?: number }
        | undefined;
    await waitFor(
      () => deploymentStatus()?.readyReplicas === 2,
      deploymentStatus,
    );

    // The permission framework is off, as in `yarn start`, so the mock user
    // holds the Kubernetes read permissions the routes check.
    backend = await startTestBackend({
      features: [
        kubernetesPlugin,
        catalogServiceMock.factory({ entities: [entity] }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: cluster.name,
                      url: cluster.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: TOKEN,
                      caData: Buffer.from(tls.cert).toString('base64'),
                      skipMetricsLookup: true,
                    },
                  ],
                },
              ],
            },
          },
        }),
      ],
    });
    // Loading the upstream backend (with its cloud providers' SDKs) takes seconds.
  }, 30_000);

  afterAll(async () => {
    await backend?.stop();
    await controllers?.stop();
    await cluster?.stop();
  });

  function byType(objects: ClusterObjects, type: string) {
    return objects.resources
      .filter(r => r.type === type)
      .flatMap(r => r.resources);
  }

  function expectWorkloads(objects: ClusterObjects) {
    expect(objects.cluster.name).toBe('sandbox-dev');
    expect(objects.errors).toEqual([]);

    const deployments = byType(objects, 'deployments');
    expect(deployments.map(d => d.metadata?.name)).toEqual([SERVICE]);
    expect(deployments[0].status).toMatchObject({
      replicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
    });

    const replicaSets = byType(objects, 'replicasets');
    expect(replicaSets).toHaveLength(1);
    expect(replicaSets[0].metadata?.ownerReferences?.[0]).toMatchObject({
      kind: 'Deployment',
      name: SERVICE,
    });

    const pods = byType(objects, 'pods');
    expect(pods).toHaveLength(2);
    for (const pod of pods) {
      expect(pod.metadata?.labels).toMatchObject(LABEL);
      expect(pod.metadata?.ownerReferences?.[0]).toMatchObject({
        kind: 'ReplicaSet',
        name: replicaSets[0].metadata?.name,
      });
      expect((pod.status as { phase?: string }).phase).toBe('Running');
    }

    expect(byType(objects, 'services').map(s => s.metadata?.name)).toEqual([
      SERVICE,
    ]);
    // Every other kind of the tab was asked for and answered, empty.
    expect(objects.resources.map(r => r.type).sort()).toEqual(
      [
        'configmaps',
        'cronjobs',
        'daemonsets',
        'deployments',
        'horizontalpodautoscalers',
        'ingresses',
        'jobs',
        'limitranges',
        'pods',
        'replicasets',
        'resourcequotas',
        'services',
        'statefulsets',
      ].sort(),
    );
  }

  it('lists the entity’s workloads as the Kubernetes tab asks for them', async () => {
    const response = await request(backend!.server)
      .post('/api/kubernetes/resources/workloads/query')
      .set('Authorization', mockCredentials.user.header())
      .send({ entityRef: 'component:default/checkout-service', auth: {} });

    expectOk(response);
    expect(response.body.items).toHaveLength(1);
    expectWorkloads(response.body.items[0]);
  });

  it('answers the older per-service route the same way', async () => {
    const response = await request(backend!.server)
      .post(`/api/kubernetes/services/${SERVICE}`)
      .set('Authorization', mockCredentials.user.header())
      .send({ entity, auth: {} });

    expectOk(response);
    expect(response.body.items).toHaveLength(1);
    expectWorkloads(response.body.items[0]);
  });

  it('lists the configured cluster', async () => {
    const response = await request(backend!.server)
      .get('/api/kubernetes/clusters')
      .set('Authorization', mockCredentials.user.header());

    expectOk(response);
    expect(response.body.items).toEqual([
      expect.objectContaining({
        name: 'sandbox-dev',
        authProvider: 'serviceAccount',
      }),
    ]);
  });

  it('reports a kind the cluster refuses in the cluster’s errors', async () => {
    const fault = cluster.faults.add({ path: /\/pods$/, status: 401 });
    try {
      const response = await request(backend!.server)
        .post('/api/kubernetes/resources/workloads/query')
        .set('Authorization', mockCredentials.user.header())
        .send({ entityRef: 'component:default/checkout-service', auth: {} });

      expectOk(response);
      expect(response.body.items[0].errors).toEqual([
        expect.objectContaining({
          errorType: 'UNAUTHORIZED_ERROR',
          statusCode: 401,
          resourcePath: `/api/v1/pods`,
        }),
      ]);
    } finally {
      fault.remove();
    }
  });
});

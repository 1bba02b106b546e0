import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  startTestSandbox,
  waitFor,
  type TestSandbox,
} from '@internal/sandbox/testUtils';
import { portalPlatformConfig } from '@internal/plugin-platform-common/testUtils';
import request from 'supertest';
import { deploymentStatusPlugin } from './plugin';

jest.setTimeout(60_000);

const component = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': name },
  },
  spec: {
    type: 'service',
    owner: 'group:default/web-team',
    lifecycle: 'production',
  },
});

function manifests(
  name: string,
  namespace: string,
  image: string,
  replicas = 2,
) {
  const labels = {
    'app.kubernetes.io/name': name,
    'backstage.io/kubernetes-id': name,
    'app.kubernetes.io/version': '1.4.0',
  };
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name,
          namespace,
          labels,
          annotations: {
            'developer-portal.acme.example/commit-sha': 'a'.repeat(40),
            'developer-portal.acme.example/deployed-at': '2026-12-01T10:00:00Z',
          },
        },
        spec: {
          replicas,
          selector: { matchLabels: { 'app.kubernetes.io/name': name } },
          template: {
            metadata: { labels },
            spec: { containers: [{ name: 'app', image }] },
          },
        },
      },
    ],
  });
}

describe('deployment status', () => {
  let sandbox: TestSandbox;
  let server: any;
  let platform: any;
  const backends: Array<{ stop(): Promise<void> }> = [];
  const published: Array<{ channel: string; message: unknown }> = [];
  const signals = createServiceFactory({
    service: signalsServiceRef,
    deps: {},
    factory: () => ({
      publish: async (signal: any) => {
        published.push({ channel: signal.channel, message: signal.message });
      },
    }),
  });

  async function startBackend(
    options: { urls?: Record<string, string>; deny?: boolean } = {},
  ) {
    platform = await portalPlatformConfig();
    const data: any = { ...sandbox.config(), platform };
    for (const cluster of data.kubernetes.clusterLocatorMethods[0].clusters) {
      if (options.urls?.[cluster.name])
        cluster.url = options.urls[cluster.name];
    }
    const backend = await startTestBackend({
      features: [
        deploymentStatusPlugin,
        mockServices.rootConfig.factory({ data }),
        signals,
        catalogServiceMock.factory({
          entities: [component('web'), component('broken')],
        }),
        ...(options.deny
          ? [mockServices.permissions.factory({ result: AuthorizeResult.DENY })]
          : []),
      ],
    });
    backends.push(backend);
    return backend;
  }

  beforeAll(async () => {
    sandbox = await startTestSandbox({
      github: false,
      clusters: ['nonprod-cluster', 'prod-cluster'],
      rollout: { podReadyDelayMs: 1500, progressDeadlineScale: 0.01 },
    });
    server = (await startBackend()).server;
  });
  afterAll(async () => {
    // Backends first: their open watches would keep the clusters from closing.
    for (const backend of backends) await backend.stop();
    await sandbox.stop();
  });

  const statusOf = async (name: string) => {
    const response = await request(server).get(
      `/api/deployment-status/entities/component/default/${name}`,
    );
    expect(response.status).toBe(200);
    return response.body;
  };
  const dev = (body: any) =>
    body.environments.find((e: any) => e.name === 'dev');

  it('follows a rollout from progressing to complete, with version and commit', async () => {
    await sandbox.cluster('nonprod-cluster').kubectl(['apply', '-f', '-'], {
      input: manifests('web', 'web-dev', 'acme/web:1.4.0'),
    });
    const progressing = await waitFor(async () => {
      const body = await statusOf('web');
      return dev(body).workloads[0]?.rollout.state === 'progressing' && body;
    }, 10_000);
    expect(dev(progressing).workloads[0].replicas.ready).toBeLessThan(2);

    const complete = await waitFor(async () => {
      const body = await statusOf('web');
      return dev(body).workloads[0]?.rollout.state === 'complete' && body;
    }, 15_000);
    expect(
      complete.environments.map((e: any) => [e.name, e.cluster, e.namespace]),
    ).toEqual([
      ['dev', 'nonprod-cluster', 'web-dev'],
      ['staging', 'nonprod-cluster', 'web-staging'],
      ['production', 'prod-cluster', 'web-production'],
    ]);
    expect(dev(complete).workloads).toEqual([
      {
        kind: 'Deployment',
        name: 'web',
        image: 'acme/web:1.4.0',
        version: '1.4.0',
        replicas: { desired: 2, updated: 2, ready: 2, available: 2 },
        rollout: { state: 'complete' },
        commit: 'a'.repeat(40),
        deployedAt: '2026-12-01T10:00:00Z',
        pods: [],
      },
    ]);
  });

  it('tells open pages of a change once per burst, through signals', async () => {
    published.length = 0;
    await sandbox
      .cluster('nonprod-cluster')
      .kubectl(['scale', 'deployment/web', '-n', 'web-dev', '--replicas=3']);
    await waitFor(() => published.length > 0, 5_000);
    await waitFor(async () => {
      const body = await statusOf('web');
      return dev(body).workloads[0]?.replicas.ready === 3;
    }, 15_000);
    // A burst of changes (deployment, replica set, a new pod becoming ready)
    // gives a few signals, each naming the service, not one per object change.
    expect(published.every(p => p.channel === 'deployment-status')).toBe(true);
    expect(published.map(p => p.message)).toContainEqual({
      kubernetesId: 'web',
    });
    expect(published.length).toBeLessThan(10);
  });

  it('tells open pages of a new warning event about a service’s pod', async () => {
    const nonprod = sandbox.cluster('nonprod-cluster');
    // Once the scale-up above has settled, nothing else changes for web.
    await waitFor(async () => {
      const workload = dev(await statusOf('web')).workloads[0];
      return (
        workload?.replicas.ready === 3 && workload.rollout.state === 'complete'
      );
    }, 15_000);
    await new Promise(r => setTimeout(r, 500));
    published.length = 0;
    const pod = nonprod.list('v1', 'Pod', { namespace: 'web-dev' })[0].metadata!
      .name!;
    const now = new Date().toISOString();
    const applied = await nonprod.kubectl(['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `${pod}.unhealthy`, namespace: 'web-dev' },
        involvedObject: { kind: 'Pod', name: pod, namespace: 'web-dev' },
        type: 'Warning',
        reason: 'Unhealthy',
        message:
          'Readiness probe failed: HTTP probe failed with statuscode: 503',
        count: 1,
        firstTimestamp: now,
        lastTimestamp: now,
      }),
    });
    expect(applied.code).toBe(0);
    await waitFor(
      () => published.some(p => (p.message as any).kubernetesId === 'web'),
      5_000,
    );
    expect(dev(await statusOf('web')).events).toContainEqual(
      expect.objectContaining({ object: `Pod/${pod}`, reason: 'Unhealthy' }),
    );
  });

  it('says in words why a rollout failed', async () => {
    await sandbox.cluster('nonprod-cluster').kubectl(['apply', '-f', '-'], {
      input: manifests('broken', 'broken-dev', 'acme/does-not-exist:2.0', 1),
    });
    const body = await waitFor(async () => {
      const b = await statusOf('broken');
      return dev(b).workloads[0]?.rollout.state === 'failed' && b;
    }, 15_000);
    expect(dev(body).workloads[0].rollout.reason).toMatch(
      /^(ErrImagePull|ImagePullBackOff) on broken-[a-z0-9]+-[a-z0-9]+/,
    );
    expect(dev(body).workloads[0].pods[0]).toMatchObject({ ready: false });
    expect(dev(body).events.length).toBeGreaterThan(0);
  });

  it('answers a hundred viewers from its caches, with no Kubernetes request', async () => {
    await statusOf('web');
    sandbox.clearRequests();
    const responses = await Promise.all(
      Array.from({ length: 100 }, () =>
        request(server).get(
          '/api/deployment-status/entities/component/default/web',
        ),
      ),
    );
    expect(responses.every(r => r.status === 200)).toBe(true);
    // Only the shared watches themselves, if one reconnected: no list or get per viewer.
    const perViewer = sandbox.clusters.flatMap(c =>
      c.requests.entries.filter(e => e.query.watch !== 'true'),
    );
    expect(perViewer).toEqual([]);
  });

  it('gives an environment on a cluster that is down an error, and the others still answer', async () => {
    const { server: partial } = await startBackend({
      urls: { 'prod-cluster': 'https://127.0.0.1:1' },
    });
    const body = await waitFor(async () => {
      const response = await request(partial).get(
        '/api/deployment-status/entities/component/default/web',
      );
      const production = response.body.environments?.find(
        (e: any) => e.name === 'production',
      );
      return (
        production?.error &&
        dev(response.body).workloads.length > 0 &&
        response.body
      );
    }, 15_000);
    expect(
      body.environments.find((e: any) => e.name === 'production').error,
    ).toMatch(/^cluster prod-cluster cannot be watched: /);
    expect(dev(body).workloads[0]?.name).toBe('web');
  });

  it('refuses the anonymous, hides entities the caller cannot read, and checks the permission', async () => {
    const anonymous = await request(server)
      .get('/api/deployment-status/entities/component/default/web')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
    const unknown = await request(server).get(
      '/api/deployment-status/entities/component/default/nobody',
    );
    expect(unknown.status).toBe(404);
    const { server: denied } = await startBackend({ deny: true });
    const forbidden = await request(denied).get(
      '/api/deployment-status/entities/component/default/web',
    );
    expect(forbidden.status).toBe(403);
  });
});

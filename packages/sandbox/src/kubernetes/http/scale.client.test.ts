import {
  AppsV1Api,
  PatchStrategy,
  setHeaderOptions,
  type V1Deployment,
  type V1Scale,
} from '@kubernetes/client-node';
import { Scale } from 'kubernetes-models/autoscaling/v1';
import { startControllers } from '../controllers';
import { type KubernetesServer, startKubernetesServer } from '../index';
import { kubeConfig, kubernetesFailureOf as failure } from '../../testUtils';

async function eventually(check: () => boolean, what: string) {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

describe('the scale subresource through @kubernetes/client-node', () => {
  let server: KubernetesServer;
  let controllers: { stop(): Promise<void> };
  let apps: AppsV1Api;
  const namespace = 'default';

  beforeAll(async () => {
    server = await startKubernetesServer({
      name: 'scale-client',
      tokens: [{ token: 'admin', user: 'admin' }],
    });
    controllers = startControllers(server.store, { podReadyDelayMs: 20 });
    apps = kubeConfig(server.url, 'admin').makeApiClient(AppsV1Api);
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 1,
          selector: {
            matchLabels: { app: 'web', tier: 'front' },
            matchExpressions: [
              { key: 'track', operator: 'NotIn', values: ['canary', 'beta'] },
            ],
          },
          template: {
            metadata: { labels: { app: 'web', tier: 'front' } },
            spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
          },
        },
      },
    });
  });

  afterAll(async () => {
    await controllers?.stop();
    await server?.stop();
  });

  const podsOfWeb = () =>
    server.store.list(
      { group: '', version: 'v1', resource: 'pods', namespace },
      { labelSelector: 'app=web' },
    ).items;

  it('reads the Scale of a deployment, derived from it', async () => {
    await eventually(
      () => podsOfWeb().length === 1,
      'the first pod of the deployment',
    );
    // The controllers keep writing the status: read the Scale between two
    // reads of the deployment that saw the same version of it.
    let deployment: V1Deployment;
    let scale: V1Scale;
    for (;;) {
      deployment = await apps.readNamespacedDeployment({
        name: 'web',
        namespace,
      });
      scale = await apps.readNamespacedDeploymentScale({
        name: 'web',
        namespace,
      });
      const again = await apps.readNamespacedDeployment({
        name: 'web',
        namespace,
      });
      if (
        again.metadata?.resourceVersion === deployment.metadata?.resourceVersion
      )
        break;
    }
    // The wire form, before the client turns timestamps into Dates.
    const raw = await fetch(
      `${server.url}/apis/apps/v1/namespaces/${namespace}/deployments/web/scale`,
      { headers: { authorization: 'Bearer admin' } },
    ).then(response => response.json());
    expect(() => new Scale(raw).validate()).not.toThrow();
    expect(scale).toMatchObject({
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: {
        name: 'web',
        namespace,
        uid: deployment.metadata!.uid,
        resourceVersion: deployment.metadata!.resourceVersion,
      },
      spec: { replicas: 1 },
      status: {
        replicas: deployment.status?.replicas ?? 0,
        selector: 'app=web,tier=front,track notin (beta,canary)',
      },
    });
  });

  it('replaces the Scale, and the controllers scale the pods', async () => {
    const scale = await apps.readNamespacedDeploymentScale({
      name: 'web',
      namespace,
    });
    const replaced = await apps.replaceNamespacedDeploymentScale({
      name: 'web',
      namespace,
      body: { ...scale, spec: { replicas: 3 } },
    });
    expect(replaced.spec?.replicas).toBe(3);
    expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(
      Number(scale.metadata?.resourceVersion),
    );
    const deployment = await apps.readNamespacedDeployment({
      name: 'web',
      namespace,
    });
    expect(deployment.spec?.replicas).toBe(3);
    expect(deployment.metadata?.generation).toBe(2);
    await eventually(() => podsOfWeb().length === 3, 'three pods');

    // The stale resourceVersion of the first read is a conflict on the parent.
    const stale = await failure(
      apps.replaceNamespacedDeploymentScale({
        name: 'web',
        namespace,
        body: { ...scale, spec: { replicas: 4 } },
      }),
    );
    expect(stale.code).toBe(409);
    expect(stale.body).toMatchObject({
      kind: 'Status',
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
      details: { name: 'web', group: 'apps', kind: 'deployments' },
    });
  });

  it('patches the Scale with merge, JSON and strategic patches', async () => {
    const merged = await apps.patchNamespacedDeploymentScale(
      { name: 'web', namespace, body: { spec: { replicas: 2 } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(merged.spec?.replicas).toBe(2);
    const json = await apps.patchNamespacedDeploymentScale(
      {
        name: 'web',
        namespace,
        body: [{ op: 'replace', path: '/spec/replicas', value: 4 }],
      },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    expect(json.spec?.replicas).toBe(4);
    const strategic = await apps.patchNamespacedDeploymentScale(
      { name: 'web', namespace, body: { spec: { replicas: 2 } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    expect(strategic.spec?.replicas).toBe(2);
    await eventually(() => podsOfWeb().length === 2, 'two pods');

    const zero = await apps.patchNamespacedDeploymentScale(
      { name: 'web', namespace, body: { spec: { replicas: 0 } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    // `replicas` is omitempty in a Scale's spec.
    expect(zero.spec).toEqual({});
    await eventually(() => podsOfWeb().length === 0, 'no pods');
  });

  it('answers 404, 422 and 400 Status errors as the real server does', async () => {
    const missing = await failure(
      apps.readNamespacedDeploymentScale({ name: 'nope', namespace }),
    );
    expect(missing.code).toBe(404);
    expect(missing.body).toMatchObject({
      reason: 'NotFound',
      message: 'deployments.apps "nope" not found',
      details: { name: 'nope', group: 'apps', kind: 'deployments' },
    });

    const negative = await failure(
      apps.patchNamespacedDeploymentScale(
        { name: 'web', namespace, body: { spec: { replicas: -1 } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ),
    );
    expect(negative.code).toBe(422);
    expect(negative.body).toMatchObject({
      reason: 'Invalid',
      message:
        'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      details: {
        name: 'web',
        group: 'autoscaling',
        kind: 'Scale',
        causes: [
          {
            reason: 'FieldValueInvalid',
            message: 'Invalid value: -1: must be greater than or equal to 0',
            field: 'spec.replicas',
          },
        ],
      },
    });

    const renamed = await failure(
      apps.replaceNamespacedDeploymentScale({
        name: 'web',
        namespace,
        body: { metadata: { name: 'other' }, spec: { replicas: 1 } } as V1Scale,
      }),
    );
    expect(renamed.code).toBe(400);
    expect(renamed.body.message).toBe(
      'the name of the object (other) does not match the name on the URL (web)',
    );
  });

  it('does not change anything in a dry run', async () => {
    const before = await apps.readNamespacedDeploymentScale({
      name: 'web',
      namespace,
    });
    const dry = await apps.replaceNamespacedDeploymentScale({
      name: 'web',
      namespace,
      dryRun: 'All',
      body: { ...before, spec: { replicas: 7 } },
    });
    expect(dry.spec?.replicas).toBe(7);
    const after = await apps.readNamespacedDeploymentScale({
      name: 'web',
      namespace,
    });
    expect(after).toEqual(before);
  });

  it('serves the scale of stateful sets and replica sets', async () => {
    const template = {
      metadata: { labels: { app: 'db' } },
      spec: { containers: [{ name: 'db', image: 'postgres:16' }] },
    };
    await apps.createNamespacedStatefulSet({
      namespace,
      body: {
        metadata: { name: 'db' },
        spec: {
          serviceName: 'db',
          replicas: 1,
          selector: { matchLabels: { app: 'db' } },
          template,
        },
      },
    });
    // Without a resourceVersion the update is unconditional, as the API server
    // allows for stateful sets: the controller's status writes cannot conflict.
    const stateful = await apps.replaceNamespacedStatefulSetScale({
      name: 'db',
      namespace,
      body: { metadata: { name: 'db', namespace }, spec: { replicas: 2 } },
    });
    expect(stateful.status?.selector).toBe('app=db');
    expect(
      (await apps.readNamespacedStatefulSet({ name: 'db', namespace })).spec
        ?.replicas,
    ).toBe(2);

    const replicaSets = await apps.listNamespacedReplicaSet({
      namespace,
      labelSelector: 'app=web',
    });
    const replicaSet = replicaSets.items[0].metadata!.name!;
    const scale = await apps.readNamespacedReplicaSetScale({
      name: replicaSet,
      namespace,
    });
    expect(scale.metadata?.name).toBe(replicaSet);
    expect(scale.status?.selector).toMatch(/^app=web,pod-template-hash=\w+,/);
  });

  it('advertises the subresource in aggregated discovery', async () => {
    const discovery = await fetch(`${server.url}/apis`, {
      headers: {
        authorization: 'Bearer admin',
        accept:
          'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
      },
    }).then(response => response.json());
    const appsV1 = discovery.items
      .find((g: { metadata: { name: string } }) => g.metadata.name === 'apps')
      .versions.find((v: { version: string }) => v.version === 'v1');
    const scaled = appsV1.resources
      .filter((r: { subresources?: Array<{ subresource: string }> }) =>
        r.subresources?.some(sub => sub.subresource === 'scale'),
      )
      .map((r: { resource: string }) => r.resource);
    expect(scaled.sort()).toEqual([
      'deployments',
      'replicasets',
      'statefulsets',
    ]);
    const deployments = appsV1.resources.find(
      (r: { resource: string }) => r.resource === 'deployments',
    );
    expect(deployments.subresources).toContainEqual({
      subresource: 'scale',
      responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
      verbs: ['get', 'patch', 'update'],
    });
  });
});

import {
  AppsV1Api,
  CoreV1Api,
  type KubeConfig,
  KubernetesObjectApi,
  ListWatch,
  PatchStrategy,
  setHeaderOptions,
  Watch,
} from '@kubernetes/client-node';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KubernetesServer, startKubernetesServer } from './index';
import {
  kubeConfig,
  kubernetesFailureOf as failure,
  waitFor,
} from '../testUtils';

const deployment = (name: string, image = 'nginx:1.27') => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels: { app: name } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        containers: [{ name: 'app', image, env: [{ name: 'A', value: '1' }] }],
      },
    },
  },
});

describe('@kubernetes/client-node against the sandbox cluster', () => {
  let server: KubernetesServer;
  let stateDir: string;
  let core: CoreV1Api;
  let apps: AppsV1Api;
  let kc: KubeConfig;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'k8s-sandbox-'));
    server = await startKubernetesServer({
      name: 'dev',
      stateDir,
      tokens: [
        { token: 'admin', user: 'admin' },
        {
          token: 'reader',
          user: 'reader',
          rules: [
            {
              verbs: ['get', 'list'],
              apiGroups: ['apps'],
              resources: ['deployments'],
              namespaces: ['team'],
            },
          ],
        },
      ],
    });
    kc = kubeConfig(server.url, 'admin');
    core = kc.makeApiClient(CoreV1Api);
    apps = kc.makeApiClient(AppsV1Api);
    await core.createNamespace({ body: { metadata: { name: 'team' } } });
  });

  afterAll(async () => {
    await server.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('answers 401 without a known token and 403 with the real message', async () => {
    const anonymous = kubeConfig(server.url, 'nope').makeApiClient(AppsV1Api);
    const unauthorized = await failure(
      anonymous.listNamespacedDeployment({ namespace: 'team' }),
    );
    // The generated client drops 401 bodies; the raw answer carries the Status.
    expect(unauthorized.code).toBe(401);
    const raw = await fetch(
      `${server.url}/apis/apps/v1/namespaces/team/deployments`,
    );
    expect(await raw.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
    const reader = kubeConfig(server.url, 'reader').makeApiClient(AppsV1Api);
    await expect(
      reader.listNamespacedDeployment({ namespace: 'team' }),
    ).resolves.toMatchObject({ items: [] });
    const denied = await failure(
      reader.listNamespacedDeployment({ namespace: 'other' }),
    );
    expect(denied.code).toBe(403);
    expect(denied.body.message).toBe(
      'deployments.apps is forbidden: User "reader" cannot list resource "deployments" in API group "apps" in the namespace "other"',
    );
  });

  it('creates, conflicts, validates and finds nothing as the real server does', async () => {
    const created = await apps.createNamespacedDeployment({
      namespace: 'team',
      body: deployment('web'),
    });
    expect(created.metadata).toMatchObject({
      name: 'web',
      namespace: 'team',
      generation: 1,
    });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.spec?.strategy?.type).toBe('RollingUpdate');

    const exists = await failure(
      apps.createNamespacedDeployment({
        namespace: 'team',
        body: deployment('web'),
      }),
    );
    expect(exists.code).toBe(409);
    expect(exists.body).toMatchObject({
      reason: 'AlreadyExists',
      message: 'deployments.apps "web" already exists',
    });

    const stale = {
      ...created,
      metadata: { ...created.metadata, resourceVersion: '1' },
    };
    const conflict = await failure(
      apps.replaceNamespacedDeployment({
        name: 'web',
        namespace: 'team',
        body: stale,
      }),
    );
    expect(conflict.code).toBe(409);
    expect(conflict.body.message).toBe(
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    );

    const broken = deployment('broken');
    delete (broken.spec.template.spec.containers[0] as { image?: string })
      .image;
    const invalid = await failure(
      apps.createNamespacedDeployment({ namespace: 'team', body: broken }),
    );
    expect(invalid.code).toBe(422);
    expect(invalid.body.details.causes).toContainEqual({
      reason: 'FieldValueRequired',
      message: 'Required value',
      field: 'spec.template.spec.containers[0].image',
    });

    const missing = await failure(
      apps.readNamespacedDeployment({ name: 'nope', namespace: 'team' }),
    );
    expect(missing).toMatchObject({
      code: 404,
      body: {
        reason: 'NotFound',
        message: 'deployments.apps "nope" not found',
      },
    });
    const noNamespace = await failure(
      apps.createNamespacedDeployment({
        namespace: 'ghost',
        body: deployment('web'),
      }),
    );
    expect(noNamespace).toMatchObject({
      code: 404,
      body: { message: 'namespaces "ghost" not found' },
    });
  });

  it('merges patches by strategy and bumps generation only on spec changes', async () => {
    await apps.createNamespacedDeployment({
      namespace: 'team',
      body: deployment('patched'),
    });
    const strategic = await apps.patchNamespacedDeployment(
      {
        name: 'patched',
        namespace: 'team',
        body: {
          spec: {
            template: {
              spec: {
                containers: [{ name: 'app', env: [{ name: 'B', value: '2' }] }],
              },
            },
          },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    expect(strategic.spec?.template.spec?.containers[0]).toMatchObject({
      image: 'nginx:1.27',
      env: [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ],
    });
    expect(strategic.metadata?.generation).toBe(2);
    const labelled = await apps.patchNamespacedDeployment(
      {
        name: 'patched',
        namespace: 'team',
        body: { metadata: { labels: { extra: 'yes' } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(labelled.metadata?.generation).toBe(2);
    const json = await apps.patchNamespacedDeployment(
      {
        name: 'patched',
        namespace: 'team',
        body: [{ op: 'replace', path: '/spec/replicas', value: 3 }],
      },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    expect(json.spec?.replicas).toBe(3);

    const objects = KubernetesObjectApi.makeApiClient(kc);
    const applied = await objects.patch(
      {
        ...deployment('applied'),
        metadata: { name: 'applied', namespace: 'team' },
      },
      undefined,
      undefined,
      'portal',
      true,
      PatchStrategy.ServerSideApply,
    );
    expect(
      (applied.metadata as { managedFields?: unknown[] }).managedFields?.[0],
    ).toMatchObject({
      manager: 'portal',
      operation: 'Apply',
    });
  });

  it('deletes what a deployment owns with it', async () => {
    const owner = await apps.createNamespacedDeployment({
      namespace: 'team',
      body: deployment('owner'),
    });
    const ownerReferences = [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'owner',
        uid: owner.metadata!.uid!,
        controller: true,
      },
    ];
    const rs = await apps.createNamespacedReplicaSet({
      namespace: 'team',
      body: {
        ...deployment('owner-1'),
        kind: 'ReplicaSet',
        metadata: { name: 'owner-1', ownerReferences },
      },
    });
    await core.createNamespacedPod({
      namespace: 'team',
      body: {
        metadata: {
          generateName: 'owner-1-',
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'ReplicaSet',
              name: 'owner-1',
              uid: rs.metadata!.uid!,
            },
          ],
        },
        spec: { containers: [{ name: 'app', image: 'nginx' }] },
      },
    });
    await apps.deleteNamespacedDeployment({ name: 'owner', namespace: 'team' });
    expect(
      (await apps.listNamespacedReplicaSet({ namespace: 'team' })).items,
    ).toEqual([]);
    expect((await core.listNamespacedPod({ namespace: 'team' })).items).toEqual(
      [],
    );
  });

  it('watches, resumes from a resourceVersion and survives a dropped connection', async () => {
    const watch = new Watch(kc);
    const seen: string[] = [];
    let ended: () => void = () => undefined;
    const done = new Promise<void>(resolve => {
      ended = resolve;
    });
    const rule = server.faults.add({
      path: '/api/v1/namespaces/team/configmaps',
      dropAfterMs: 300,
      times: 1,
    });
    await watch.watch(
      '/api/v1/namespaces/team/configmaps',
      {},
      (type, object) => seen.push(`${type} ${object.metadata.name}`),
      () => ended(),
    );
    await core.createNamespacedConfigMap({
      namespace: 'team',
      body: { metadata: { name: 'one' } },
    });
    await done;
    expect(rule.hits).toBe(1);
    expect(seen).toEqual(['ADDED one']);

    const version = (await core.listNamespacedConfigMap({ namespace: 'team' }))
      .metadata!.resourceVersion!;
    await core.createNamespacedConfigMap({
      namespace: 'team',
      body: { metadata: { name: 'two' } },
    });
    const resumed: string[] = [];
    const controller = await watch.watch(
      '/api/v1/namespaces/team/configmaps',
      { resourceVersion: version },
      (type, object) => resumed.push(`${type} ${object.metadata.name}`),
      () => undefined,
    );
    await new Promise(resolve => setTimeout(resolve, 100));
    controller.abort();
    expect(resumed).toEqual(['ADDED two']);
  });

  it('answers a watch from a compacted resourceVersion with 410 Expired and ends it', async () => {
    const before = (await core.listNamespacedConfigMap({ namespace: 'team' }))
      .metadata!.resourceVersion!;
    await core.createNamespacedConfigMap({
      namespace: 'team',
      body: { metadata: { name: 'after-compaction' } },
    });
    server.store.compact();
    const events: Array<{ type: string; object: any }> = [];
    const ended = await new Promise<unknown>(resolve => {
      new Watch(kc)
        .watch(
          '/api/v1/namespaces/team/configmaps',
          { resourceVersion: before },
          (type, object) => events.push({ type, object }),
          resolve,
        )
        .catch(resolve);
    });
    expect(ended).toBeNull();
    expect(events).toEqual([
      {
        type: 'ERROR',
        object: expect.objectContaining({
          kind: 'Status',
          status: 'Failure',
          code: 410,
          reason: 'Expired',
          message: expect.stringMatching(/^too old resource version: /),
        }),
      },
    ]);
  });

  it('drops open watches; ListWatch resumes from its resourceVersion, and lists again after 410', async () => {
    const informer = new ListWatch<any>(
      '/api/v1/namespaces/team/configmaps',
      new Watch(kc),
      () => core.listNamespacedConfigMap({ namespace: 'team' }),
      false,
    );
    const errors: unknown[] = [];
    let running = true;
    informer.on('error', error => {
      if (!running) return;
      errors.push(error);
      // As an informer's owner does: start again, from the last resourceVersion.
      setTimeout(() => informer.start(), 50);
    });
    const names = () => informer.list('team').map(c => c.metadata.name);
    await informer.start();
    try {
      const requests = (watch: boolean) => () =>
        server.requests.count(
          e =>
            e.method === 'GET' &&
            e.path === '/api/v1/namespaces/team/configmaps' &&
            (e.query.watch === 'true') === watch,
        );
      const [watches, lists] = [requests(true), requests(false)];
      const watchesBefore = watches();
      const listsBefore = lists();
      expect(server.dropWatches()).toBeGreaterThanOrEqual(1);
      await core.createNamespacedConfigMap({
        namespace: 'team',
        body: { metadata: { name: 'during-outage' } },
      });
      await waitFor(() => names().includes('during-outage'), 5000);
      // Resumed with a watch, not a new list.
      expect(lists()).toBe(listsBefore);
      expect(watches()).toBeGreaterThan(watchesBefore);

      // Away while a change is made and the history compacted: the watch
      // from its resourceVersion gets 410, which ends it, and it lists again.
      running = false;
      await informer.stop();
      await core.createNamespacedConfigMap({
        namespace: 'team',
        body: { metadata: { name: 'after-410' } },
      });
      server.store.compact();
      running = true;
      await informer.start();
      await waitFor(() => names().includes('after-410'), 5000);
      // The too-old resourceVersion made it list again.
      expect(lists()).toBeGreaterThan(listsBefore);
      expect(errors.map(String)).toEqual(['Error: Premature close']);
    } finally {
      running = false;
      await informer.stop();
    }
  });

  it('refuses pods over quota with the real message', async () => {
    await core.createNamespace({ body: { metadata: { name: 'quota' } } });
    await core.createNamespacedResourceQuota({
      namespace: 'quota',
      body: {
        metadata: { name: 'compute' },
        spec: { hard: { pods: '2', 'requests.cpu': '1' } },
      },
    });
    const pod = (name: string, cpu?: string) => ({
      metadata: { name },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx',
            ...(cpu ? { resources: { requests: { cpu } } } : {}),
          },
        ],
      },
    });
    const unspecified = await failure(
      core.createNamespacedPod({ namespace: 'quota', body: pod('bare') }),
    );
    expect(unspecified).toMatchObject({
      code: 403,
      body: {
        message:
          'pods "bare" is forbidden: failed quota: compute: must specify requests.cpu for: app',
      },
    });
    await core.createNamespacedPod({
      namespace: 'quota',
      body: pod('a', '600m'),
    });
    const over = await failure(
      core.createNamespacedPod({ namespace: 'quota', body: pod('b', '600m') }),
    );
    expect(over.body.message).toBe(
      'pods "b" is forbidden: exceeded quota: compute, requested: requests.cpu=600m, used: requests.cpu=600m, limited: requests.cpu=1',
    );
    const quota = await core.readNamespacedResourceQuota({
      name: 'compute',
      namespace: 'quota',
    });
    expect(quota.status).toEqual({
      hard: { pods: '2', 'requests.cpu': '1' },
      used: { pods: '1', 'requests.cpu': '600m' },
    });
  });

  it("counts GPUs (an extended resource) and claims' storage against a quota, as the real server does", async () => {
    await core.createNamespace({ body: { metadata: { name: 'gpu' } } });
    await core.createNamespacedResourceQuota({
      namespace: 'gpu',
      body: {
        metadata: { name: 'gpu' },
        spec: {
          hard: {
            'requests.nvidia.com/gpu': '2',
            'requests.storage': '15Gi',
            persistentvolumeclaims: '2',
          },
        },
      },
    });
    const pod = (name: string, gpus: string) => ({
      metadata: { name },
      spec: {
        containers: [
          {
            name: 'model',
            image: 'model-server',
            resources: {
              requests: { 'nvidia.com/gpu': gpus },
              limits: { 'nvidia.com/gpu': gpus },
            },
          },
        ],
      },
    });
    await core.createNamespacedPod({ namespace: 'gpu', body: pod('a', '1') });
    const overGpus = await failure(
      core.createNamespacedPod({ namespace: 'gpu', body: pod('b', '2') }),
    );
    expect(overGpus).toMatchObject({
      code: 403,
      body: {
        message:
          'pods "b" is forbidden: exceeded quota: gpu, requested: requests.nvidia.com/gpu=2, used: requests.nvidia.com/gpu=1, limited: requests.nvidia.com/gpu=2',
      },
    });

    const claim = (name: string, storage?: string, accessModes?: string[]) => ({
      metadata: { name },
      spec: {
        ...(accessModes && { accessModes }),
        resources: storage ? { requests: { storage } } : {},
      },
    });
    const invalid = await failure(
      core.createNamespacedPersistentVolumeClaim({
        namespace: 'gpu',
        body: claim('bare'),
      }),
    );
    expect(invalid).toMatchObject({
      code: 422,
      body: {
        message:
          'PersistentVolumeClaim "bare" is invalid: [spec.accessModes: Required value: at least 1 access mode is required, spec.resources[storage]: Required value]',
      },
    });
    const created = await core.createNamespacedPersistentVolumeClaim({
      namespace: 'gpu',
      body: claim('models', '10Gi', ['ReadWriteOnce']),
    });
    expect(created.spec?.volumeMode).toBe('Filesystem');
    expect(created.status?.phase).toBe('Pending');
    const overStorage = await failure(
      core.createNamespacedPersistentVolumeClaim({
        namespace: 'gpu',
        body: claim('more', '10Gi', ['ReadWriteOnce']),
      }),
    );
    expect(overStorage.body.message).toBe(
      'persistentvolumeclaims "more" is forbidden: exceeded quota: gpu, requested: requests.storage=10Gi, used: requests.storage=10Gi, limited: requests.storage=15Gi',
    );

    const quota = await core.readNamespacedResourceQuota({
      name: 'gpu',
      namespace: 'gpu',
    });
    expect(quota.status?.used).toEqual({
      'requests.nvidia.com/gpu': '1',
      'requests.storage': '10Gi',
      persistentvolumeclaims: '1',
    });
  });

  it('keeps its state on disk', async () => {
    await server.store.create(
      { group: '', version: 'v1', resource: 'configmaps', namespace: 'team' },
      { metadata: { name: 'saved' } },
    );
    await new Promise(resolve => setTimeout(resolve, 300));
    const saved = JSON.parse(
      await readFile(join(stateDir, 'kubernetes', 'dev.json'), 'utf8'),
    );
    expect(saved.objects.map((o: any) => o.object.metadata.name)).toContain(
      'saved',
    );
  });
});

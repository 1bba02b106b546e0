import {
  CoreV1Api,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
  type V1ConfigMap,
  type V1ManagedFieldsEntry,
} from '@kubernetes/client-node';
import { parse } from 'yaml';
import { type KubernetesServer, startKubernetesServer } from './index';
import { type Kubectl, kubeConfig, kubectlFor } from '../testUtils';

/**
 * Each entry as `manager operation apiVersion` with its fields, by manager:
 * the server orders entries by time in seconds, which a test cannot fix.
 */
function entries(object: { metadata?: { managedFields?: unknown[] } }) {
  return ((object.metadata?.managedFields ?? []) as V1ManagedFieldsEntry[])
    .map(e => ({
      who: `${e.manager} ${e.operation} ${e.apiVersion}`,
      fields: e.fieldsV1,
    }))
    .sort((a, b) => a.who.localeCompare(b.who));
}

describe('managedFields of updates against the sandbox cluster', () => {
  let server: KubernetesServer;
  let core: CoreV1Api;
  let objects: KubernetesObjectApi;

  beforeAll(async () => {
    server = await startKubernetesServer({
      name: 'dev',
      tokens: [{ token: 'admin', user: 'admin' }],
      anonymous: {
        rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
      },
    });
    const kc = kubeConfig(server.url, 'admin');
    core = kc.makeApiClient(CoreV1Api);
    objects = KubernetesObjectApi.makeApiClient(kc);
    await core.createNamespace({ body: { metadata: { name: 'team' } } });
  });

  afterAll(() => server.stop());

  const read = (name: string) =>
    core.readNamespacedConfigMap({ name, namespace: 'team' });

  it('records an Update entry for the field manager of a create, an update and a patch', async () => {
    const created = await core.createNamespacedConfigMap({
      namespace: 'team',
      fieldManager: 'creator',
      body: {
        metadata: { name: 'settings', labels: { app: 'web' } },
        data: { a: '1' },
      },
    });
    expect(entries(created)).toEqual([
      {
        who: 'creator Update v1',
        fields: {
          'f:data': { '.': {}, 'f:a': {} },
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
        },
      },
    ]);
    expect(created.metadata?.managedFields?.[0].time).toEqual(expect.any(Date));

    // PUT: what it changes and adds becomes its own, the creator keeps the rest.
    const replaced = await core.replaceNamespacedConfigMap({
      name: 'settings',
      namespace: 'team',
      fieldManager: 'editor',
      body: { ...created, data: { a: '2', b: '1' } },
    });
    expect(entries(replaced)).toEqual([
      {
        who: 'creator Update v1',
        fields: {
          'f:data': { '.': {} },
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
        },
      },
      {
        who: 'editor Update v1',
        fields: { 'f:data': { 'f:a': {}, 'f:b': {} } },
      },
    ]);

    // A merge patch and a JSON patch, each by its own manager.
    await core.patchNamespacedConfigMap(
      {
        name: 'settings',
        namespace: 'team',
        fieldManager: 'merger',
        body: { data: { c: '3' } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const patched = await core.patchNamespacedConfigMap(
      {
        name: 'settings',
        namespace: 'team',
        fieldManager: 'jsonpatcher',
        body: [
          { op: 'remove', path: '/data/b' },
          { op: 'add', path: '/metadata/labels/tier', value: 'front' },
        ],
      },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    expect(entries(patched)).toEqual([
      {
        who: 'creator Update v1',
        fields: {
          'f:data': { '.': {} },
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
        },
      },
      // What was removed is no one's any more.
      { who: 'editor Update v1', fields: { 'f:data': { 'f:a': {} } } },
      {
        who: 'jsonpatcher Update v1',
        fields: { 'f:metadata': { 'f:labels': { 'f:tier': {} } } },
      },
      { who: 'merger Update v1', fields: { 'f:data': { 'f:c': {} } } },
    ]);

    // A write that changes nothing changes nothing, managedFields included.
    const same = await core.replaceNamespacedConfigMap({
      name: 'settings',
      namespace: 'team',
      fieldManager: 'idle',
      body: patched,
    });
    expect(same.metadata?.resourceVersion).toBe(
      patched.metadata?.resourceVersion,
    );
    expect(entries(same)).toEqual(entries(patched));
  });

  it('takes fields from an applier on update, and shares a field an applier then applies unchanged', async () => {
    await core.createNamespacedConfigMap({
      namespace: 'team',
      fieldManager: 'creator',
      body: { metadata: { name: 'shared' }, data: { own: '1' } },
    });
    // Another manager sets gpu; the portal then applies the same value.
    await core.patchNamespacedConfigMap(
      {
        name: 'shared',
        namespace: 'team',
        fieldManager: 'kubectl-edit',
        body: { data: { gpu: '2' } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const apply = (data: Record<string, string>) =>
      objects.patch<V1ConfigMap>(
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'shared', namespace: 'team' },
          data,
        },
        undefined,
        undefined,
        'portal',
        true,
        PatchStrategy.ServerSideApply,
      );
    const applied = await apply({ gpu: '2', cpu: '1' });
    // Appliers first, as the real server orders them.
    expect(applied.metadata?.managedFields?.[0]).toMatchObject({
      manager: 'portal',
      operation: 'Apply',
    });
    expect(entries(applied)).toEqual([
      {
        who: 'creator Update v1',
        fields: { 'f:data': { '.': {}, 'f:own': {} } },
      },
      { who: 'kubectl-edit Update v1', fields: { 'f:data': { 'f:gpu': {} } } },
      {
        who: 'portal Apply v1',
        fields: { 'f:data': { 'f:gpu': {}, 'f:cpu': {} } },
      },
    ]);

    // Applying without gpu leaves it: kubectl-edit owns it too.
    expect((await apply({ cpu: '1' })).data).toEqual({
      own: '1',
      gpu: '2',
      cpu: '1',
    });

    // An update that changes cpu takes it from the applier, without conflict.
    const taken = await core.patchNamespacedConfigMap(
      {
        name: 'shared',
        namespace: 'team',
        fieldManager: 'kubectl-edit',
        body: { data: { cpu: '4' } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(entries(taken)).toEqual([
      {
        who: 'creator Update v1',
        fields: { 'f:data': { '.': {}, 'f:own': {} } },
      },
      {
        who: 'kubectl-edit Update v1',
        fields: { 'f:data': { 'f:gpu': {}, 'f:cpu': {} } },
      },
    ]);
    expect((await read('shared')).data?.cpu).toBe('4');
  });

  describe('with kubectl', () => {
    let kubectl: Kubectl;

    beforeAll(async () => {
      kubectl = await kubectlFor(server.url, { tmpPrefix: 'kubectl-mf-' });
    });
    afterAll(() => kubectl.remove());

    it('records the manager kubectl names, and shows it with --show-managed-fields', async () => {
      const created = await kubectl([
        'create',
        'configmap',
        'by-kubectl',
        '-n',
        'team',
        '--from-literal=a=1',
      ]);
      expect(created.stderr).toBe('');
      const labelled = await kubectl([
        'label',
        'configmap',
        'by-kubectl',
        '-n',
        'team',
        'owner=ops',
      ]);
      expect(labelled.code).toBe(0);

      const shown = await kubectl([
        'get',
        'configmap',
        'by-kubectl',
        '-n',
        'team',
        '-o',
        'yaml',
        '--show-managed-fields',
      ]);
      const object = parse(shown.stdout);
      expect(
        object.metadata.managedFields.map((e: V1ManagedFieldsEntry) => ({
          manager: e.manager,
          operation: e.operation,
          fieldsV1: e.fieldsV1,
        })),
      ).toEqual([
        {
          manager: 'kubectl-create',
          operation: 'Update',
          fieldsV1: { 'f:data': { '.': {}, 'f:a': {} } },
        },
        {
          manager: 'kubectl-label',
          operation: 'Update',
          fieldsV1: {
            'f:metadata': { 'f:labels': { '.': {}, 'f:owner': {} } },
          },
        },
      ]);
      // Without the flag kubectl hides them, as from a real server.
      const hidden = await kubectl([
        'get',
        'configmap',
        'by-kubectl',
        '-n',
        'team',
        '-o',
        'yaml',
      ]);
      expect(parse(hidden.stdout).metadata.managedFields).toBeUndefined();
    });
  });
});

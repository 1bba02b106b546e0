import {
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type V1Namespace,
} from '@kubernetes/client-node';
import { type KubernetesServer, startKubernetesServer } from './index';
import {
  kubeConfig,
  kubernetesFailureOf as failure,
  waitFor,
} from '../testUtils';

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** The deletion conditions of a namespace, by type, as `status message`. */
function conditionsOf(namespace: V1Namespace): Record<string, string> {
  return Object.fromEntries(
    (namespace.status?.conditions ?? []).map(c => [
      c.type,
      `${c.status} ${c.reason}: ${c.message}`,
    ]),
  );
}

describe('namespace deletion against the sandbox cluster', () => {
  let server: KubernetesServer;
  let core: CoreV1Api;

  beforeAll(async () => {
    server = await startKubernetesServer({
      name: 'dev',
      tokens: [{ token: 'admin', user: 'admin' }],
    });
    core = kubeConfig(server.url, 'admin').makeApiClient(CoreV1Api);
  });

  afterAll(() => server.stop());

  const gone = (name: string) =>
    waitFor(async () => {
      const result = await failure(core.readNamespace({ name })).catch(
        () => undefined,
      );
      return result?.code === 404;
    });

  it('stays Terminating while content has finalizers, saying what remains, and goes when they are removed', async () => {
    await core.createNamespace({ body: { metadata: { name: 'held' } } });
    await core.createNamespacedConfigMap({
      namespace: 'held',
      body: {
        metadata: { name: 'keep', finalizers: ['example.com/hold'] },
        data: { a: '1' },
      },
    });
    await core.createNamespacedConfigMap({
      namespace: 'held',
      body: { metadata: { name: 'plain' } },
    });

    await core.deleteNamespace({ name: 'held' });
    expect(await core.readNamespace({ name: 'held' })).toMatchObject({
      metadata: { deletionTimestamp: expect.any(Date) },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Terminating' },
    });

    const terminating = await waitFor(async () => {
      const ns = await core.readNamespace({ name: 'held' });
      return ns.status?.conditions?.length ? ns : undefined;
    });
    expect(terminating.status?.phase).toBe('Terminating');
    expect(terminating.spec?.finalizers).toEqual(['kubernetes']);
    expect(conditionsOf(terminating)).toEqual({
      NamespaceDeletionDiscoveryFailure:
        'False ResourcesDiscovered: All resources successfully discovered',
      NamespaceDeletionGroupVersionParsingFailure:
        'False ParsedGroupVersions: All legacy kube types successfully parsed',
      NamespaceDeletionContentFailure:
        'False ContentDeleted: All content successfully deleted, may be waiting on finalization',
      NamespaceContentRemaining:
        'True SomeResourcesRemain: Some resources are remaining: configmaps. has 1 resource instances',
      NamespaceFinalizersRemaining:
        'True SomeFinalizersRemain: Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
    });
    for (const condition of terminating.status?.conditions ?? []) {
      expect(condition.lastTransitionTime).toEqual(expect.any(Date));
    }

    // What has no finalizer is gone; what has one waits, marked deleted.
    const configMaps = await core.listNamespacedConfigMap({
      namespace: 'held',
    });
    expect(configMaps.items.map(c => c.metadata?.name)).toEqual(['keep']);
    expect(configMaps.items[0].metadata?.deletionTimestamp).toEqual(
      expect.any(Date),
    );

    // Deleting it again is refused while it is being emptied.
    const again = await failure(core.deleteNamespace({ name: 'held' }));
    expect(again.code).toBe(409);
    expect(again.body.message).toBe(
      'Operation cannot be fulfilled on namespaces "held": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.',
    );
    // A change to it while it terminates keeps it there.
    await core.patchNamespace(
      { name: 'held', body: { metadata: { labels: { touched: 'yes' } } } },
      mergePatch,
    );
    await new Promise(resolve => setTimeout(resolve, 300));
    expect(
      (await core.readNamespace({ name: 'held' })).metadata?.labels,
    ).toMatchObject({ touched: 'yes' });

    await core.patchNamespacedConfigMap(
      {
        name: 'keep',
        namespace: 'held',
        body: { metadata: { finalizers: null } },
      },
      mergePatch,
    );
    await gone('held');
  });

  it('stays Terminating while the namespace has a finalizer of its own, until it is finalized', async () => {
    await core.createNamespace({
      body: {
        metadata: { name: 'custom' },
        spec: { finalizers: ['kubernetes', 'example.com/custom'] },
      },
    });
    await core.deleteNamespace({ name: 'custom' });

    // Its content is gone, so the kubernetes finalizer is taken off.
    const emptied = await waitFor(async () => {
      const ns = await core.readNamespace({ name: 'custom' });
      return ns.spec?.finalizers?.length === 1 ? ns : undefined;
    });
    expect(emptied.spec?.finalizers).toEqual(['example.com/custom']);
    expect(emptied.status?.phase).toBe('Terminating');
    expect(conditionsOf(emptied)).toMatchObject({
      NamespaceContentRemaining:
        'False ContentRemoved: All content successfully removed',
      NamespaceFinalizersRemaining:
        'False ContentHasNoFinalizers: All content-preserving finalizers finished',
    });
    await new Promise(resolve => setTimeout(resolve, 300));
    expect((await core.readNamespace({ name: 'custom' })).status?.phase).toBe(
      'Terminating',
    );

    const finalized = await core.replaceNamespaceFinalize({
      name: 'custom',
      body: { ...emptied, spec: { finalizers: [] } },
    });
    expect(finalized.metadata?.name).toBe('custom');
    await gone('custom');
  });

  it('names finalize among the namespace subresources, for update only', async () => {
    const resources = await core.getAPIResources();
    expect(
      resources.resources.find(r => r.name === 'namespaces/finalize'),
    ).toMatchObject({ kind: 'Namespace', verbs: ['update'] });
  });
});

import { useTestSandbox } from '@internal/sandbox/testUtils';
import {
  CoreV1Api,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { ObjectApplier } from './ObjectApplier';
import type { Manifest } from './types';

jest.setTimeout(30_000);

const quota = (namespace: string, hard: Record<string, string>): Manifest => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name: 'tier-quota', namespace },
  spec: { hard },
});

/**
 * Which keys the portal's server-side apply removes when it stops setting
 * them, decided from the managed fields the sandbox records as a real API
 * server does (see ownership.ts).
 */
describe('ObjectApplier against a sandbox cluster', () => {
  const sandbox = useTestSandbox({
    github: false,
    clusters: ['nonprod-cluster'],
  });

  const core = () =>
    sandbox.cluster('nonprod-cluster').kubeConfig().makeApiClient(CoreV1Api);
  const applier = () =>
    new ObjectApplier(
      'nonprod-cluster',
      KubernetesObjectApi.makeApiClient(
        sandbox.cluster('nonprod-cluster').kubeConfig(),
      ),
    );
  const hard = async (namespace: string) =>
    (
      await core().readNamespacedResourceQuota({
        name: 'tier-quota',
        namespace,
      })
    ).spec?.hard;
  const managers = async (namespace: string) =>
    (
      await core().readNamespacedResourceQuota({
        name: 'tier-quota',
        namespace,
      })
    ).metadata?.managedFields?.map(e => `${e.manager} ${e.operation}`);
  /** A person changing the quota by hand, as `kubectl edit` would. */
  const edit = (namespace: string, values: Record<string, string>) =>
    core().patchNamespacedResourceQuota(
      {
        name: 'tier-quota',
        namespace,
        fieldManager: 'kubectl-edit',
        body: { spec: { hard: values } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  const apply = async (namespace: string, values: Record<string, string>) => {
    sandbox.clearRequests();
    const [result] = await applier().applyAll([quota(namespace, values)], {
      dryRun: false,
    });
    return { action: result.action, writes: sandbox.writes().length };
  };

  it('keeps a key it stopped setting while another manager owns it too, and writes nothing for it', async () => {
    await core().createNamespace({ body: { metadata: { name: 'shared' } } });
    expect(await apply('shared', { pods: '10' })).toEqual({
      action: 'created',
      writes: 1,
    });
    // Someone sets a GPU quota by hand; then a GPU tier applies the same
    // value with its other keys, so both own it.
    await edit('shared', { 'requests.nvidia.com/gpu': '2' });
    expect(
      await apply('shared', { pods: '20', 'requests.nvidia.com/gpu': '2' }),
    ).toEqual({ action: 'updated', writes: 1 });
    expect(await managers('shared')).toEqual([
      'developer-portal Apply',
      'kubectl-edit Update',
    ]);

    // Back to a tier without GPUs: the key is the other manager's too.
    expect(await apply('shared', { pods: '20' })).toEqual({
      action: 'unchanged',
      writes: 0,
    });
    expect(await hard('shared')).toEqual({
      pods: '20',
      'requests.nvidia.com/gpu': '2',
    });
  });

  it('removes a key only it set once it stops setting it', async () => {
    await core().createNamespace({ body: { metadata: { name: 'alone' } } });
    await apply('alone', { pods: '10', 'requests.nvidia.com/gpu': '2' });
    expect(await apply('alone', { pods: '10' })).toEqual({
      action: 'updated',
      writes: 1,
    });
    expect(await hard('alone')).toEqual({ pods: '10' });
    expect(await apply('alone', { pods: '10' })).toEqual({
      action: 'unchanged',
      writes: 0,
    });
  });

  it('leaves a key another manager changed by hand, which is no longer its own', async () => {
    await core().createNamespace({ body: { metadata: { name: 'taken' } } });
    await apply('taken', { pods: '10', 'requests.nvidia.com/gpu': '2' });
    // The update takes the key from the portal (no conflict for updates).
    await edit('taken', { 'requests.nvidia.com/gpu': '4' });
    expect(await apply('taken', { pods: '10' })).toEqual({
      action: 'unchanged',
      writes: 0,
    });
    expect(await hard('taken')).toEqual({
      pods: '10',
      'requests.nvidia.com/gpu': '4',
    });
  });
});

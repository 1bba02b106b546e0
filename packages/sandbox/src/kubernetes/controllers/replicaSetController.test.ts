import { useTestCluster } from './__testUtils__/testCluster';
import { refOf } from './refs';
import {
  condition,
  deploymentManifest,
  specOf,
  statusOf,
  waitFor,
} from '../../testUtils';

describe('ReplicaSet controller', () => {
  const cluster = useTestCluster();

  it('keeps spec.replicas pods, replacing deleted ones', async () => {
    cluster.start();
    cluster.store.create(refOf('ReplicaSet', 'default'), {
      metadata: { name: 'plain', labels: { app: 'plain' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'plain' } },
        template: {
          metadata: { labels: { app: 'plain', tier: 'web' } },
          spec: { containers: [{ name: 'app', image: 'nginx' }] },
        },
      },
    });
    await waitFor(
      () => statusOf(cluster.get('ReplicaSet', 'plain')).readyReplicas === 2,
    );
    const [victim] = cluster.list('Pod');
    cluster.store.delete(refOf('Pod', 'default', victim.metadata!.name!));
    await waitFor(
      () =>
        cluster.list('Pod').length === 2 &&
        !cluster.get('Pod', victim.metadata!.name!) &&
        statusOf(cluster.get('ReplicaSet', 'plain')).availableReplicas === 2,
    );
    const pods = cluster.list('Pod');
    for (const pod of pods) {
      expect(pod.metadata!.name).toMatch(/^plain-[a-z0-9]{5}$/);
      expect(pod.metadata!.labels).toEqual({ app: 'plain', tier: 'web' });
    }
    const messages = cluster
      .list('Event')
      .filter(e => e.reason === 'SuccessfulCreate')
      .map(e => e.message);
    expect(messages).toHaveLength(3);
    expect(messages).toContain(`Created pod: ${pods[0].metadata!.name}`);
  });

  it('adopts matching pods that have no controller', async () => {
    cluster.start();
    cluster.store.create(refOf('Pod', 'default'), {
      metadata: { name: 'stray', labels: { app: 'adopt' } },
      spec: { containers: [{ name: 'app', image: 'nginx' }] },
    });
    cluster.store.create(refOf('ReplicaSet', 'default'), {
      metadata: { name: 'adopt' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'adopt' } },
        template: {
          metadata: { labels: { app: 'adopt' } },
          spec: { containers: [{ name: 'app', image: 'nginx' }] },
        },
      },
    });
    await waitFor(
      () => statusOf(cluster.get('ReplicaSet', 'adopt')).readyReplicas === 2,
    );
    expect(cluster.list('Pod')).toHaveLength(2);
    expect(cluster.get('Pod', 'stray')!.metadata!.ownerReferences).toEqual([
      expect.objectContaining({
        kind: 'ReplicaSet',
        name: 'adopt',
        controller: true,
      }),
    ]);
  });

  it('surfaces a quota refusal as FailedCreate and ReplicaFailure, up to the Deployment', async () => {
    cluster.start();
    cluster.store.create(refOf('ResourceQuota', 'default'), {
      metadata: { name: 'pods' },
      spec: { hard: { pods: '2' } },
    });
    cluster.store.create(
      refOf('Deployment', 'default'),
      deploymentManifest('big', { replicas: 3 }),
    );

    const rs = await waitFor(() => {
      const [found] = cluster.list('ReplicaSet');
      return condition(found, 'ReplicaFailure') && found;
    });
    expect(condition(rs, 'ReplicaFailure')).toMatchObject({
      status: 'True',
      reason: 'FailedCreate',
      message: expect.stringMatching(
        /^pods "big-\w+-\w{5}" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2$/,
      ),
    });
    const failed = cluster
      .list('Event')
      .find(e => e.reason === 'FailedCreate')!;
    expect(failed).toMatchObject({
      type: 'Warning',
      source: { component: 'replicaset-controller' },
      involvedObject: { kind: 'ReplicaSet', name: rs.metadata!.name },
      message: expect.stringMatching(
        /^Error creating: pods "big-\w+-\w{5}" is forbidden: exceeded quota: pods/,
      ),
    });
    const d = await waitFor(() => {
      const current = cluster.get('Deployment', 'big');
      return condition(current, 'ReplicaFailure') && current;
    });
    expect(condition(d, 'ReplicaFailure')).toMatchObject({
      status: 'True',
      reason: 'FailedCreate',
    });
    expect(cluster.list('Pod')).toHaveLength(2);

    // Raising the quota lets the third pod in, and the failure clears.
    cluster.store.patch(refOf('ResourceQuota', 'default', 'pods'), 'merge', {
      spec: { hard: { pods: '5' } },
    });
    const done = await waitFor(() => {
      const current = cluster.get('Deployment', 'big');
      return (
        condition(current, 'Progressing')?.reason ===
          'NewReplicaSetAvailable' && current
      );
    });
    expect(condition(done, 'ReplicaFailure')).toBeUndefined();
    expect(
      condition(cluster.list('ReplicaSet')[0], 'ReplicaFailure'),
    ).toBeUndefined();
    expect(statusOf(done).availableReplicas).toBe(3);
  });

  it('counts pods available only after minReadySeconds', async () => {
    cluster.start();
    cluster.store.create(
      refOf('Deployment', 'default'),
      deploymentManifest('slow', { replicas: 1, minReadySeconds: 1 }),
    );
    await waitFor(
      () => statusOf(cluster.list('ReplicaSet')[0]).readyReplicas === 1,
    );
    const rs = cluster.list('ReplicaSet')[0];
    expect(specOf(rs).minReadySeconds).toBe(1);
    expect(statusOf(rs).availableReplicas).toBeUndefined();
    await waitFor(
      () => statusOf(cluster.get('Deployment', 'slow')).availableReplicas === 1,
      4000,
    );
  });
});

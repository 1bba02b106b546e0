import { KubernetesStore } from '../store/KubernetesStore';
import { refOf } from './refs';
import { startControllers } from './startControllers';
import {
  condition,
  deploymentManifest,
  statusOf,
  waitFor,
} from '../../testUtils';

function newStore() {
  const store = new KubernetesStore();
  store.create(
    { group: '', version: 'v1', resource: 'namespaces' },
    { metadata: { name: 'default' } },
  );
  return store;
}

const options = { podReadyDelayMs: 20, progressDeadlineScale: 0.001 };
const complete = (store: KubernetesStore, name: string) => () => {
  const d = store.find(refOf('Deployment', 'default', name));
  return condition(d, 'Progressing')?.reason === 'NewReplicaSetAvailable' && d;
};

describe('startControllers', () => {
  it('reconciles objects that were there before it started', async () => {
    const store = newStore();
    store.create(
      refOf('Deployment', 'default'),
      deploymentManifest('early', { replicas: 2 }),
    );
    const controllers = startControllers(store, options);
    try {
      const d = await waitFor(complete(store, 'early'));
      expect(statusOf(d).availableReplicas).toBe(2);
    } finally {
      await controllers.stop();
    }
  });

  it('takes over a restored cluster without redoing its rollouts', async () => {
    const first = newStore();
    first.create(
      refOf('Deployment', 'default'),
      deploymentManifest('kept', { replicas: 2 }),
    );
    const before = startControllers(first, options);
    await waitFor(complete(first, 'kept'));
    await before.stop();
    const snapshot = first.snapshot();

    const store = new KubernetesStore();
    store.restore(snapshot);
    const podNames = () =>
      store
        .list(refOf('Pod', 'default'))
        .items.map(p => p.metadata!.name)
        .sort();
    const names = podNames();
    const controllers = startControllers(store, options);
    try {
      await new Promise(resolve => setTimeout(resolve, 100));
      expect(podNames()).toEqual(names);
      expect(store.list(refOf('ReplicaSet', 'default')).items).toHaveLength(1);
      expect(
        statusOf(store.find(refOf('Deployment', 'default', 'kept'))),
      ).toMatchObject({ availableReplicas: 2 });

      store.patch(refOf('Deployment', 'default', 'kept'), 'merge', {
        spec: { replicas: 3 },
      });
      await waitFor(
        () =>
          statusOf(store.find(refOf('Deployment', 'default', 'kept')))
            .availableReplicas === 3,
      );
    } finally {
      await controllers.stop();
    }
  });

  it('copes with a namespace deleted under a rollout', async () => {
    const store = new KubernetesStore({ namespaceFinalizeDelayMs: 10 });
    store.create(
      { group: '', version: 'v1', resource: 'namespaces' },
      { metadata: { name: 'team' } },
    );
    const controllers = startControllers(store, options);
    try {
      store.create(
        refOf('Deployment', 'team'),
        deploymentManifest('web', { replicas: 3 }),
      );
      await waitFor(() => store.list(refOf('Pod', 'team')).items.length > 0);
      store.delete({
        group: '',
        version: 'v1',
        resource: 'namespaces',
        name: 'team',
      });
      await waitFor(
        () =>
          !store.find({
            group: '',
            version: 'v1',
            resource: 'namespaces',
            name: 'team',
          }),
      );
      await new Promise(resolve => setTimeout(resolve, 100));
      expect(store.list(refOf('Pod')).items).toHaveLength(0);
      expect(store.list(refOf('Deployment')).items).toHaveLength(0);
    } finally {
      await controllers.stop();
      store.close();
    }
  });

  it('writes times from the clock it is given', async () => {
    const store = newStore();
    const clock = () => new Date('2030-01-02T03:04:05.678Z');
    const controllers = startControllers(store, { ...options, clock });
    try {
      store.create(
        refOf('Deployment', 'default'),
        deploymentManifest('timed', { replicas: 1 }),
      );
      const d = await waitFor(complete(store, 'timed'));
      for (const c of statusOf(d).conditions) {
        expect(c.lastUpdateTime).toBe('2030-01-02T03:04:05Z');
        expect(c.lastTransitionTime).toBe('2030-01-02T03:04:05Z');
      }
      const [pod] = store.list(refOf('Pod', 'default')).items;
      expect(statusOf(pod).startTime).toBe('2030-01-02T03:04:05Z');
      const events = store.list(refOf('Event', 'default')).items;
      expect(events.length).toBeGreaterThan(3);
      for (const event of events) {
        expect(event.firstTimestamp).toBe('2030-01-02T03:04:05Z');
        expect(event.metadata!.name).toMatch(/\.[0-9a-f]{16}$/);
      }
    } finally {
      await controllers.stop();
    }
  });

  it('registers the configured nodes again on a restored cluster, and no longer runs pods on a node it dropped', async () => {
    const first = newStore();
    const before = startControllers(first, {
      ...options,
      nodes: [{ name: 'sandbox-node-1' }, { name: 'old-node' }],
    });
    // Pinned to the node that is about to go.
    first.create(refOf('Pod', 'default'), {
      metadata: { name: 'stranded' },
      spec: {
        nodeName: 'old-node',
        containers: [{ name: 'main', image: 'nginx' }],
      },
    });
    await waitFor(
      () =>
        statusOf(first.find(refOf('Pod', 'default', 'stranded'))).phase ===
        'Running',
    );
    // Changed through the API meanwhile; the config wins at the next start.
    first.patch(refOf('Node', undefined, 'sandbox-node-1'), 'merge', {
      metadata: { labels: { team: 'web' } },
      spec: { taints: [{ key: 'dedicated', effect: 'NoSchedule' }] },
    });
    await before.stop();

    const store = new KubernetesStore();
    store.restore(first.snapshot());
    const controllers = startControllers(store, {
      ...options,
      nodes: [
        {
          name: 'sandbox-node-1',
          labels: { disk: 'ssd' },
          capacity: { cpu: '4' },
        },
      ],
    });
    try {
      const node = store.find(refOf('Node', undefined, 'sandbox-node-1'))!;
      expect(node.metadata!.labels).toMatchObject({
        team: 'web',
        disk: 'ssd',
        'kubernetes.io/hostname': 'sandbox-node-1',
      });
      expect((node.spec as any).taints).toBeUndefined();
      expect(statusOf(node).allocatable.cpu).toBe('4');

      const old = await waitFor(() => {
        const found = store.find(refOf('Node', undefined, 'old-node'));
        return condition(found, 'Ready')?.status === 'Unknown' && found;
      });
      expect(condition(old, 'Ready')).toMatchObject({
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
      });
      expect((old.spec as any).taints).toEqual([
        { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
        {
          key: 'node.kubernetes.io/unreachable',
          effect: 'NoExecute',
          timeAdded: expect.any(String),
        },
      ]);
      // Nothing runs its pods any more, and nothing new goes there.
      store.create(refOf('Pod', 'default'), {
        metadata: { name: 'fresh' },
        spec: { containers: [{ name: 'main', image: 'nginx' }] },
      });
      await waitFor(
        () =>
          statusOf(store.find(refOf('Pod', 'default', 'fresh'))).phase ===
          'Running',
      );
      expect(
        (store.find(refOf('Pod', 'default', 'fresh'))!.spec as any).nodeName,
      ).toBe('sandbox-node-1');
      store.create(refOf('Pod', 'default'), {
        metadata: { name: 'pinned' },
        spec: {
          nodeName: 'old-node',
          containers: [{ name: 'main', image: 'nginx' }],
        },
      });
      await new Promise(resolve => setTimeout(resolve, 100));
      expect(statusOf(store.find(refOf('Pod', 'default', 'pinned')))).toEqual({
        phase: 'Pending',
        qosClass: 'BestEffort',
      });
    } finally {
      await controllers.stop();
    }
  });
});

import { useTestCluster } from './__testUtils__/testCluster';
import { refOf } from './refs';
import { specOf, statusOf, waitFor } from '../../testUtils';

const template = (app: string, image = 'nginx:1.27') => ({
  metadata: { labels: { app } },
  spec: { containers: [{ name: 'app', image }] },
});

describe('StatefulSet and DaemonSet controllers', () => {
  const cluster = useTestCluster();
  const pods = (): string[] =>
    cluster
      .list('Pod')
      .map(p => p.metadata!.name!)
      .sort();

  it('creates StatefulSet pods in order, reports their status, and rolls a template change', async () => {
    cluster.start();
    const seen: string[][] = [];
    const stop = cluster.store.onChange(change => {
      if (change.type === 'ADDED' && change.kind.kind === 'Pod')
        seen.push(pods());
    });
    cluster.store.create(refOf('StatefulSet', 'default'), {
      metadata: { name: 'db' },
      spec: {
        replicas: 3,
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: template('db'),
      },
    });
    const sts = await waitFor(() => {
      const current = cluster.store.find(refOf('StatefulSet', 'default', 'db'));
      return statusOf(current).readyReplicas === 3 && current;
    });
    stop();
    expect(seen).toEqual([
      ['db-0'],
      ['db-0', 'db-1'],
      ['db-0', 'db-1', 'db-2'],
    ]);
    const status = statusOf(sts);
    expect(status).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
      currentRevision: status.updateRevision,
      collisionCount: 0,
    });
    expect(status.updateRevision).toMatch(/^db-[a-z0-9]+$/);
    const pod = cluster.get('Pod', 'db-1')!;
    expect(pod.metadata!.labels).toMatchObject({
      app: 'db',
      'controller-revision-hash': status.updateRevision,
      'statefulset.kubernetes.io/pod-name': 'db-1',
      'apps.kubernetes.io/pod-index': '1',
    });
    expect(pod.spec).toMatchObject({ hostname: 'db-1', subdomain: 'db' });

    cluster.store.patch(refOf('StatefulSet', 'default', 'db'), 'merge', {
      spec: { template: template('db', 'nginx:1.28') },
    });
    const rolled = await waitFor(() => {
      const current = cluster.store.find(refOf('StatefulSet', 'default', 'db'));
      const s = statusOf(current);
      return (
        s.observedGeneration === 2 &&
        s.updatedReplicas === 3 &&
        s.readyReplicas === 3 &&
        s.currentRevision === s.updateRevision &&
        current
      );
    });
    expect(statusOf(rolled).updateRevision).not.toBe(status.updateRevision);
    expect(cluster.list('Event').map(e => e.message)).toEqual(
      expect.arrayContaining([
        'create Pod db-0 in StatefulSet db successful',
        'delete Pod db-2 in StatefulSet db successful',
      ]),
    );

    cluster.store.patch(refOf('StatefulSet', 'default', 'db'), 'merge', {
      spec: { replicas: 1 },
    });
    await waitFor(
      () =>
        pods().length === 1 &&
        statusOf(cluster.store.find(refOf('StatefulSet', 'default', 'db')))
          .replicas === 1,
    );
    expect(pods()).toEqual(['db-0']);
  });

  it('runs one DaemonSet pod on the node and replaces it on a template change', async () => {
    cluster.start();
    cluster.store.create(refOf('DaemonSet', 'default'), {
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: template('agent'),
      },
    });
    const ds = await waitFor(() => {
      const current = cluster.store.find(
        refOf('DaemonSet', 'default', 'agent'),
      );
      return statusOf(current).numberReady === 1 && current;
    });
    expect(statusOf(ds)).toEqual({
      currentNumberScheduled: 1,
      numberMisscheduled: 0,
      desiredNumberScheduled: 1,
      numberReady: 1,
      observedGeneration: 1,
      updatedNumberScheduled: 1,
      numberAvailable: 1,
    });
    const [first] = pods();
    expect(first).toMatch(/^agent-[a-z0-9]{5}$/);
    expect(specOf(cluster.get('Pod', first)).nodeName).toBe('sandbox-node-1');

    cluster.store.patch(refOf('DaemonSet', 'default', 'agent'), 'merge', {
      spec: { template: template('agent', 'nginx:1.28') },
    });
    await waitFor(() => {
      const s = statusOf(
        cluster.store.find(refOf('DaemonSet', 'default', 'agent')),
      );
      return (
        s.observedGeneration === 2 &&
        s.numberReady === 1 &&
        s.updatedNumberScheduled === 1 &&
        pods().length === 1 &&
        pods()[0] !== first
      );
    });
  });

  it('runs a DaemonSet pod on every node whose taints it tolerates, and follows nodes that change', async () => {
    cluster.start({
      nodes: [
        { name: 'general-1' },
        { name: 'general-2' },
        {
          name: 'gpu-1',
          taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }],
        },
      ],
    });
    const daemonSet = (name: string, tolerations: unknown[] = []) =>
      cluster.store.create(refOf('DaemonSet', 'default'), {
        metadata: { name },
        spec: {
          selector: { matchLabels: { app: name } },
          template: {
            ...template(name),
            spec: { ...template(name).spec, tolerations },
          },
        },
      });
    const ready = (name: string, count: number) =>
      waitFor(() => {
        const current = cluster.store.find(refOf('DaemonSet', 'default', name));
        return statusOf(current).numberReady === count && current;
      });
    const nodesOf = (app: string) =>
      cluster
        .list('Pod', 'default', `app=${app}`)
        .map(p => specOf(p).nodeName)
        .sort();

    daemonSet('logs');
    expect(statusOf(await ready('logs', 2))).toEqual({
      currentNumberScheduled: 2,
      numberMisscheduled: 0,
      desiredNumberScheduled: 2,
      numberReady: 2,
      observedGeneration: 1,
      updatedNumberScheduled: 2,
      numberAvailable: 2,
    });
    expect(nodesOf('logs')).toEqual(['general-1', 'general-2']);
    // The controller adds the daemon tolerations, so cordoned nodes keep their daemons.
    expect(
      specOf(cluster.list('Pod', 'default', 'app=logs')[0]).tolerations,
    ).toContainEqual({
      key: 'node.kubernetes.io/unschedulable',
      operator: 'Exists',
      effect: 'NoSchedule',
    });

    daemonSet('gpu-metrics', [{ key: 'nvidia.com/gpu', operator: 'Exists' }]);
    await ready('gpu-metrics', 3);
    expect(nodesOf('gpu-metrics')).toEqual(['general-1', 'general-2', 'gpu-1']);

    // A node tainted NoExecute loses the daemons that do not tolerate it.
    cluster.store.patch(refOf('Node', undefined, 'general-2'), 'merge', {
      spec: { taints: [{ key: 'maintenance', effect: 'NoExecute' }] },
    });
    await waitFor(
      () =>
        nodesOf('logs').join() === 'general-1' &&
        statusOf(cluster.store.find(refOf('DaemonSet', 'default', 'logs')))
          .desiredNumberScheduled === 1,
    );
  });
});

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
});

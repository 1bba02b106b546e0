import { useTestCluster } from './__testUtils__/testCluster';
import type { KubernetesObject } from '../types';
import { refOf } from './refs';
import {
  condition,
  deploymentManifest,
  specOf,
  statusOf,
  waitFor,
} from '../../testUtils';

describe('Deployment controller', () => {
  const cluster = useTestCluster();

  /** The second generation fully rolled out (the Progressing reason alone can lag behind). */
  const rolledOut = (d: KubernetesObject | undefined, replicas: number) => {
    const s = statusOf(d);
    return (
      s.observedGeneration === 2 &&
      s.replicas === replicas &&
      s.updatedReplicas === replicas &&
      s.availableReplicas === replicas
    );
  };
  const isAvailable = (name: string) => () => {
    const d = cluster.get('Deployment', name);
    return (
      condition(d, 'Progressing')?.reason === 'NewReplicaSetAvailable' && d
    );
  };

  it('rolls a new Deployment out until it is Available, with the status fields of a real cluster', async () => {
    cluster.start();
    cluster.store.create(
      refOf('Deployment', 'default'),
      deploymentManifest('web', { replicas: 3 }),
    );

    // Right after creation: a ReplicaSet exists, nothing is ready yet.
    const early = await waitFor(() => {
      const d = cluster.get('Deployment', 'web');
      return condition(d, 'Progressing') && d;
    });
    expect(condition(early, 'Progressing')).toMatchObject({ status: 'True' });
    expect(condition(early, 'Available')).toMatchObject({
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
      message: 'Deployment does not have minimum availability.',
    });

    const d = await waitFor(isAvailable('web'));
    const [rs] = cluster.list('ReplicaSet');
    const hash = rs.metadata!.labels!['pod-template-hash'];
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(rs.metadata!.name).toBe(`web-${hash}`);
    expect(statusOf(d)).toEqual({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      conditions: [
        expect.objectContaining({
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
        }),
        expect.objectContaining({
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "web-${hash}" has successfully progressed.`,
        }),
      ],
    });
    for (const c of statusOf(d).conditions) {
      expect(c.lastUpdateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(c.lastTransitionTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    expect(d.metadata!.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '1',
    });

    expect(rs.metadata).toMatchObject({
      labels: { app: 'web', 'pod-template-hash': hash },
      annotations: {
        'deployment.kubernetes.io/revision': '1',
        'deployment.kubernetes.io/desired-replicas': '3',
        'deployment.kubernetes.io/max-replicas': '4',
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'web',
          uid: d.metadata!.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    });
    expect(rs.spec).toMatchObject({
      replicas: 3,
      selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } },
      template: {
        metadata: { labels: { app: 'web', 'pod-template-hash': hash } },
      },
    });
    const rsNow = cluster.get('ReplicaSet', rs.metadata!.name!);
    expect(statusOf(rsNow)).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      observedGeneration: 1,
    });

    const pods = cluster.list('Pod');
    expect(pods).toHaveLength(3);
    for (const pod of pods) {
      expect(pod.metadata!.name).toMatch(
        new RegExp(`^web-${hash}-[a-z0-9]{5}$`),
      );
      expect(pod.metadata!.labels).toEqual({
        app: 'web',
        'pod-template-hash': hash,
      });
      expect(pod.metadata!.ownerReferences).toEqual([
        expect.objectContaining({
          kind: 'ReplicaSet',
          name: `web-${hash}`,
          controller: true,
        }),
      ]);
    }

    const events = cluster
      .list('Event')
      .filter(e => (e.involvedObject as any).kind === 'Deployment');
    expect(events).toEqual([
      expect.objectContaining({
        reason: 'ScalingReplicaSet',
        message: `Scaled up replica set web-${hash} to 3`,
        type: 'Normal',
        source: { component: 'deployment-controller' },
        count: 1,
        involvedObject: expect.objectContaining({
          kind: 'Deployment',
          name: 'web',
          namespace: 'default',
          uid: d.metadata!.uid,
        }),
      }),
    ]);
  });

  it('rolls a template change out to a new ReplicaSet and scales the old one to zero', async () => {
    cluster.start();
    cluster.store.create(
      refOf('Deployment', 'default'),
      deploymentManifest('api', { replicas: 4 }),
    );
    const first = await waitFor(isAvailable('api'));
    const oldName = cluster.list('ReplicaSet')[0].metadata!.name!;

    const next = structuredClone(first) as any;
    next.spec.template.spec.containers[0].image = 'nginx:1.28';
    delete next.metadata.resourceVersion;
    cluster.store.update(refOf('Deployment', 'default', 'api'), next);

    const d = await waitFor(
      () => {
        const current = cluster.get('Deployment', 'api');
        return rolledOut(current, 4) && isAvailable('api')();
      },
      5000,
      () =>
        cluster
          .list('ReplicaSet')
          .map(rs => [rs.metadata!.name, rs.spec, rs.status]),
    );
    const sets = cluster.list('ReplicaSet');
    expect(sets).toHaveLength(2);
    const old = sets.find(rs => rs.metadata!.name === oldName)!;
    const fresh = sets.find(rs => rs.metadata!.name !== oldName)!;
    expect(specOf(old).replicas).toBe(0);
    expect(
      old.metadata!.annotations!['deployment.kubernetes.io/revision'],
    ).toBe('1');
    expect(specOf(fresh).replicas).toBe(4);
    expect(
      fresh.metadata!.annotations!['deployment.kubernetes.io/revision'],
    ).toBe('2');
    expect(d.metadata!.annotations!['deployment.kubernetes.io/revision']).toBe(
      '2',
    );
    expect(statusOf(d)).toMatchObject({
      replicas: 4,
      updatedReplicas: 4,
      availableReplicas: 4,
    });
    expect(condition(d, 'Progressing')!.message).toBe(
      `ReplicaSet "${fresh.metadata!.name}" has successfully progressed.`,
    );

    await waitFor(() => cluster.list('Pod').length === 4);
    expect(
      cluster
        .list('Pod')
        .every(p => p.metadata!.name!.startsWith(fresh.metadata!.name!)),
    ).toBe(true);

    const messages = cluster
      .list('Event')
      .filter(e => (e.involvedObject as any).kind === 'Deployment')
      .map(e => e.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        `Scaled up replica set ${fresh.metadata!.name} to 1`,
        expect.stringMatching(
          new RegExp(`^Scaled down replica set ${oldName} to \\d from \\d$`),
        ),
        `Scaled down replica set ${oldName} to 0 from 1`,
      ]),
    );
    // maxSurge 25% of 4 is 1: never more than 5 pods were asked for at once.
    const sizes = cluster
      .list('ReplicaSet')
      .reduce((total, rs) => total + (specOf(rs).replicas as number), 0);
    expect(sizes).toBe(4);
  });

  it('recreates: the old pods go before the new ones come', async () => {
    cluster.start();
    cluster.store.create(
      refOf('Deployment', 'default'),
      deploymentManifest('batch', {
        replicas: 2,
        strategy: { type: 'Recreate' },
      }),
    );
    const first = await waitFor(isAvailable('batch'));
    const next = structuredClone(first) as any;
    next.spec.template.spec.containers[0].image = 'nginx:1.28';
    delete next.metadata.resourceVersion;
    cluster.store.update(refOf('Deployment', 'default', 'batch'), next);
    await waitFor(
      () =>
        rolledOut(cluster.get('Deployment', 'batch'), 2) &&
        isAvailable('batch')(),
    );
    const messages = cluster
      .list('Event')
      .filter(e => (e.involvedObject as any).kind === 'Deployment')
      .map(e => e.message as string);
    const downIndex = messages.findIndex(m => m.startsWith('Scaled down'));
    const upIndex = messages.findIndex(
      (m, i) => i > 0 && m.startsWith('Scaled up'),
    );
    expect(downIndex).toBeGreaterThan(0);
    expect(upIndex).toBeGreaterThan(downIndex);
  });

  it('scales the current ReplicaSet up and down with spec.replicas', async () => {
    cluster.start();
    cluster.store.create(
      refOf('Deployment', 'default'),
      deploymentManifest('scale', { replicas: 1 }),
    );
    await waitFor(isAvailable('scale'));
    const scale = (replicas: number) =>
      cluster.store.patch(refOf('Deployment', 'default', 'scale'), 'merge', {
        spec: { replicas },
      });

    scale(5);
    await waitFor(
      () =>
        statusOf(cluster.get('Deployment', 'scale')).availableReplicas === 5 &&
        cluster.list('Pod').length === 5,
    );
    const [rs] = cluster.list('ReplicaSet');
    expect(specOf(rs).replicas).toBe(5);
    expect(
      rs.metadata!.annotations!['deployment.kubernetes.io/desired-replicas'],
    ).toBe('5');

    scale(2);
    await waitFor(
      () =>
        cluster.list('Pod').length === 2 &&
        statusOf(cluster.get('Deployment', 'scale')).replicas === 2,
    );
    expect(cluster.list('ReplicaSet')).toHaveLength(1);
    const events = cluster.list('Event').map(e => `${e.reason}: ${e.message}`);
    expect(events).toEqual(
      expect.arrayContaining([
        `ScalingReplicaSet: Scaled up replica set ${
          rs.metadata!.name
        } to 5 from 1`,
        `ScalingReplicaSet: Scaled down replica set ${
          rs.metadata!.name
        } to 2 from 5`,
        expect.stringMatching(/^SuccessfulDelete: Deleted pod: /),
      ]),
    );
  });

  it('does not roll out while paused, and resumes', async () => {
    cluster.start();
    cluster.store.create(
      refOf('Deployment', 'default'),
      deploymentManifest('hold', { replicas: 1 }),
    );
    await waitFor(isAvailable('hold'));
    cluster.store.patch(refOf('Deployment', 'default', 'hold'), 'merge', {
      spec: {
        paused: true,
        template: {
          spec: { containers: [{ name: 'app', image: 'nginx:1.28' }] },
        },
      },
    });
    await waitFor(
      () =>
        condition(cluster.get('Deployment', 'hold'), 'Progressing')?.reason ===
        'DeploymentPaused',
    );
    expect(
      condition(cluster.get('Deployment', 'hold'), 'Progressing'),
    ).toMatchObject({ status: 'Unknown', message: 'Deployment is paused' });
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(cluster.list('ReplicaSet')).toHaveLength(1);

    cluster.store.patch(refOf('Deployment', 'default', 'hold'), 'merge', {
      spec: { paused: false },
    });
    await waitFor(
      () => cluster.list('ReplicaSet').length === 2 && isAvailable('hold')(),
    );
  });

  it('reports ProgressDeadlineExceeded when the image never pulls', async () => {
    cluster.start({ progressDeadlineScale: 0.0005 });
    cluster.store.create(
      refOf('Deployment', 'default'),
      deploymentManifest('broken', {
        replicas: 1,
        image: 'registry.example.com/team/does-not-exist:1.0',
      }),
    );
    const d = await waitFor(() => {
      const current = cluster.get('Deployment', 'broken');
      return condition(current, 'Progressing')?.status === 'False' && current;
    });
    const [rs] = cluster.list('ReplicaSet');
    expect(condition(d, 'Progressing')).toMatchObject({
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${rs.metadata!.name}" has timed out progressing.`,
    });
    expect(condition(d, 'Available')).toMatchObject({
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
    });
    expect(statusOf(d)).toMatchObject({
      replicas: 1,
      updatedReplicas: 1,
      unavailableReplicas: 1,
    });
    expect(statusOf(d).readyReplicas).toBeUndefined();
  });
});

import { useTestCluster } from './__testUtils__/testCluster';
import { refOf } from './refs';
import { specOf, statusOf, waitFor } from '../../testUtils';

const pod = (
  name: string,
  image: string,
  extra: Record<string, unknown> = {},
) => ({
  metadata: { name },
  spec: { containers: [{ name: 'main', image }], ...extra },
});

describe('Kubelet', () => {
  const cluster = useTestCluster();

  it('schedules a pod and runs it after podReadyDelayMs', async () => {
    cluster.start({ podReadyDelayMs: 50 });
    const created = Date.now();
    cluster.store.create(refOf('Pod', 'default'), pod('solo', 'nginx:1.27'));
    const pending = await waitFor(() => {
      const p = cluster.get('Pod', 'solo');
      return statusOf(p).startTime && p;
    });
    expect(specOf(pending).nodeName).toBe('sandbox-node-1');
    expect(statusOf(pending)).toMatchObject({
      phase: 'Pending',
      containerStatuses: [
        {
          name: 'main',
          ready: false,
          restartCount: 0,
          state: { waiting: { reason: 'ContainerCreating' } },
        },
      ],
    });
    const running = await waitFor(() => {
      const p = cluster.get('Pod', 'solo');
      return statusOf(p).phase === 'Running' && p;
    });
    expect(Date.now() - created).toBeGreaterThanOrEqual(45);
    const status = statusOf(running);
    expect(status).toMatchObject({
      hostIP: expect.any(String),
      podIP: expect.stringMatching(/^10\.244\.\d+\.\d+$/),
      startTime: expect.any(String),
      qosClass: 'BestEffort',
    });
    expect(status.conditions.map((c: any) => [c.type, c.status])).toEqual([
      ['PodReadyToStartContainers', 'True'],
      ['Initialized', 'True'],
      ['Ready', 'True'],
      ['ContainersReady', 'True'],
      ['PodScheduled', 'True'],
    ]);
    expect(status.containerStatuses).toEqual([
      {
        name: 'main',
        image: 'docker.io/library/nginx:1.27',
        imageID: expect.stringMatching(
          /^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/,
        ),
        containerID: expect.stringMatching(/^containerd:\/\/[0-9a-f]{64}$/),
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: expect.any(String) } },
        lastState: {},
      },
    ]);
    const events = cluster
      .list('Event')
      .map(e => [e.reason, (e.source as any).component, e.message]);
    expect(events).toEqual([
      [
        'Scheduled',
        'default-scheduler',
        'Successfully assigned default/solo to sandbox-node-1',
      ],
      ['Pulling', 'kubelet', 'Pulling image "nginx:1.27"'],
      [
        'Pulled',
        'kubelet',
        expect.stringMatching(
          /^Successfully pulled image "nginx:1.27" in \d+ms/,
        ),
      ],
      ['Created', 'kubelet', 'Created container: main'],
      ['Started', 'kubelet', 'Started container main'],
    ]);
  });

  it('reports ErrImagePull then ImagePullBackOff for an image that never pulls', async () => {
    cluster.start();
    cluster.store.create(
      refOf('Pod', 'default'),
      pod('nopull', 'example.com/fail-pull:2'),
    );
    const reasons = new Set<string>();
    await waitFor(() => {
      const waiting = statusOf(cluster.get('Pod', 'nopull'))
        .containerStatuses?.[0]?.state?.waiting;
      if (waiting) reasons.add(waiting.reason);
      return reasons.has('ErrImagePull') && reasons.has('ImagePullBackOff');
    });
    const status = statusOf(cluster.get('Pod', 'nopull'));
    expect(status.phase).toBe('Pending');
    expect(
      status.conditions.find((c: any) => c.type === 'Ready'),
    ).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [main]',
    });
    const events = cluster.list('Event');
    expect(events.find(e => e.reason === 'BackOff')).toMatchObject({
      type: 'Normal',
      message: 'Back-off pulling image "example.com/fail-pull:2"',
    });
    expect(
      events.filter(e => e.reason === 'Failed').map(e => e.message),
    ).toEqual(
      expect.arrayContaining([
        'Error: ErrImagePull',
        'Error: ImagePullBackOff',
      ]),
    );
  });

  it('restarts a crashing container with a growing restartCount', async () => {
    cluster.start();
    cluster.store.create(
      refOf('Pod', 'default'),
      pod('crasher', 'busybox:crash'),
    );
    const counts: number[] = [];
    await waitFor(() => {
      const container = statusOf(cluster.get('Pod', 'crasher'))
        .containerStatuses?.[0];
      if (container && counts[counts.length - 1] !== container.restartCount)
        counts.push(container.restartCount);
      return container?.restartCount >= 3;
    });
    expect(counts).toEqual([0, 1, 2, 3]);
    const status = statusOf(cluster.get('Pod', 'crasher'));
    expect(status.phase).toBe('Running');
    expect(status.containerStatuses[0]).toMatchObject({
      ready: false,
      state: {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: expect.stringMatching(
            /^back-off \d+s restarting failed container=main pod=crasher_default\(/,
          ),
        },
      },
      lastState: { terminated: { exitCode: 1, reason: 'Error' } },
    });
    const backOff = cluster.list('Event').find(e => e.reason === 'BackOff')!;
    expect(backOff).toMatchObject({
      type: 'Warning',
      involvedObject: { fieldPath: 'spec.containers{main}' },
    });
    expect(backOff.count).toBeGreaterThanOrEqual(3);
  });

  it('lets a crashing pod with restartPolicy Never fail', async () => {
    cluster.start();
    cluster.store.create(
      refOf('Pod', 'default'),
      pod('once', 'busybox:crash', { restartPolicy: 'Never' }),
    );
    await waitFor(
      () => statusOf(cluster.get('Pod', 'once')).phase === 'Failed',
    );
    expect(
      statusOf(cluster.get('Pod', 'once')).containerStatuses[0],
    ).toMatchObject({
      restartCount: 0,
      state: { terminated: { exitCode: 1, reason: 'Error' } },
    });
  });

  it('copes with pods deleted while their timers are pending, and stops cleanly', async () => {
    cluster.start({ podReadyDelayMs: 30 });
    cluster.store.create(refOf('Pod', 'default'), pod('gone', 'nginx'));
    await waitFor(() => statusOf(cluster.get('Pod', 'gone')).startTime);
    cluster.store.delete(refOf('Pod', 'default', 'gone'));
    // Recreated under the same name: a new pod, started afresh.
    cluster.store.create(refOf('Pod', 'default'), pod('gone', 'nginx'));
    await waitFor(
      () => statusOf(cluster.get('Pod', 'gone')).phase === 'Running',
    );
    cluster.store.create(refOf('Pod', 'default'), pod('late', 'nginx'));
    await cluster.controllers.stop();
    const before = cluster.store.currentResourceVersion;
    await new Promise(resolve => setTimeout(resolve, 80));
    expect(cluster.store.currentResourceVersion).toBe(before);
    expect(specOf(cluster.get('Pod', 'late')).nodeName).toBeUndefined();
  });
});

import {
  ApiException,
  CoreV1Api,
  makeInformer,
  PatchStrategy,
  setHeaderOptions,
  type V1Node,
  type V1Pod,
} from '@kubernetes/client-node';
import { type KubernetesServer, startKubernetesServer } from '../index';
import { type Controllers, type SandboxNode, startControllers } from './index';
import { kubeConfig, waitFor } from '../../testUtils';

const NODES: SandboxNode[] = [
  { name: 'sandbox-node-1' },
  {
    name: 'sandbox-gpu-node-1',
    labels: { 'nvidia.com/gpu.present': 'true' },
    taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }],
    capacity: { cpu: '48', memory: '192Gi', 'nvidia.com/gpu': '2' },
  },
];

const gpuPod = (name: string, gpus: number): V1Pod => ({
  metadata: { name },
  spec: {
    nodeSelector: { 'nvidia.com/gpu.present': 'true' },
    tolerations: [
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
    ],
    containers: [
      {
        name: 'model',
        image: 'example/model-server:1.0',
        resources: { limits: { 'nvidia.com/gpu': String(gpus) } },
      },
    ],
  },
});

/** Nodes and scheduling as `@kubernetes/client-node` sees them. */
describe('sandbox nodes and scheduling behind the Kubernetes API', () => {
  let server: KubernetesServer;
  let controllers: Controllers;
  let core: CoreV1Api;

  beforeAll(async () => {
    server = await startKubernetesServer({ name: 'nodes' });
    controllers = startControllers(server.store, {
      podReadyDelayMs: 30,
      nodes: NODES,
    });
    core = kubeConfig(server.url, 'any').makeApiClient(CoreV1Api);
  });

  afterAll(async () => {
    await controllers?.stop();
    await server?.stop();
  });

  const podWhen = (name: string, test: (pod: V1Pod) => boolean) =>
    waitFor(async () => {
      const pod = await core.readNamespacedPod({ namespace: 'default', name });
      return test(pod) && pod;
    });
  const running = (pod: V1Pod) => pod.status?.phase === 'Running';
  const unschedulable = (pod: V1Pod) =>
    pod.status?.conditions?.some(
      c => c.type === 'PodScheduled' && c.reason === 'Unschedulable',
    ) ?? false;

  it('lists the registered nodes with their labels, taints, capacity and Ready condition', async () => {
    const { items } = await core.listNode();
    expect(items.map(n => n.metadata!.name)).toEqual([
      'sandbox-gpu-node-1',
      'sandbox-node-1',
    ]);
    const gpu = await core.readNode({ name: 'sandbox-gpu-node-1' });
    expect(gpu.metadata!.labels).toEqual({
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': 'sandbox-gpu-node-1',
      'kubernetes.io/os': 'linux',
      'nvidia.com/gpu.present': 'true',
    });
    expect(gpu.spec!.taints).toEqual([
      { key: 'nvidia.com/gpu', effect: 'NoSchedule' },
    ]);
    expect(gpu.status!.allocatable).toEqual({
      cpu: '48',
      memory: '192Gi',
      pods: '110',
      'ephemeral-storage': '100Gi',
      'nvidia.com/gpu': '2',
    });
    expect(gpu.status!.capacity).toEqual(gpu.status!.allocatable);
    expect(gpu.status!.addresses).toEqual([
      { type: 'InternalIP', address: '172.18.0.3' },
      { type: 'Hostname', address: 'sandbox-gpu-node-1' },
    ]);
    expect(gpu.status!.conditions!.find(c => c.type === 'Ready')).toMatchObject(
      { status: 'True', reason: 'KubeletReady' },
    );
    const general = await core.readNode({ name: 'sandbox-node-1' });
    expect(general.spec!.taints).toBeUndefined();
    expect(general.status!.allocatable).toEqual({
      cpu: '16',
      memory: '64Gi',
      pods: '110',
      'ephemeral-storage': '100Gi',
    });
  });

  it('keeps a pod Pending while its node is full, and schedules it once a pod there is gone', async () => {
    await core.createNamespacedPod({
      namespace: 'default',
      body: gpuPod('holder', 2),
    });
    await podWhen('holder', running);
    await core.createNamespacedPod({
      namespace: 'default',
      body: gpuPod('waiter', 1),
    });
    const waiting = await podWhen('waiter', unschedulable);
    expect(waiting.spec!.nodeName).toBeUndefined();
    expect(waiting.status!.phase).toBe('Pending');
    const message =
      "0/2 nodes are available: 1 Insufficient nvidia.com/gpu, 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.";
    expect(waiting.status!.conditions).toEqual([
      {
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message,
        lastProbeTime: null,
        lastTransitionTime: expect.any(Date),
      },
    ]);
    const events = await core.listNamespacedEvent({
      namespace: 'default',
      fieldSelector: 'involvedObject.name=waiter,reason=FailedScheduling',
    });
    expect(
      events.items.map(e => [e.type, e.source?.component, e.message]),
    ).toEqual([['Warning', 'default-scheduler', message]]);

    await core.deleteNamespacedPod({ namespace: 'default', name: 'holder' });
    const scheduled = await podWhen('waiter', running);
    expect(scheduled.spec!.nodeName).toBe('sandbox-gpu-node-1');
    expect(scheduled.status!.hostIP).toBe('172.18.0.3');
    expect(
      scheduled.status!.conditions!.find(c => c.type === 'PodScheduled')!
        .status,
    ).toBe('True');
  });

  it('schedules a waiting pod when a node gets the label it selects, which an informer sees', async () => {
    const kc = kubeConfig(server.url, 'any');
    const informer = makeInformer<V1Node>(kc, '/api/v1/nodes', () =>
      core.listNode(),
    );
    const changes: string[] = [];
    informer.on('update', node =>
      changes.push(`${node.metadata!.name} ${node.metadata!.labels!.disk}`),
    );
    await informer.start();
    try {
      await core.createNamespacedPod({
        namespace: 'default',
        body: {
          metadata: { name: 'on-ssd' },
          spec: {
            nodeSelector: { disk: 'ssd' },
            containers: [{ name: 'db', image: 'postgres:17' }],
          },
        },
      });
      const waiting = await podWhen('on-ssd', unschedulable);
      expect(
        waiting.status!.conditions!.find(c => c.type === 'PodScheduled')!
          .message,
      ).toBe(
        "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {nvidia.com/gpu: }. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
      );
      await core.patchNode(
        {
          name: 'sandbox-node-1',
          body: { metadata: { labels: { disk: 'ssd' } } },
        },
        // A merge patch, as `kubectl label` sends.
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      const scheduled = await podWhen('on-ssd', running);
      expect(scheduled.spec!.nodeName).toBe('sandbox-node-1');
      await waitFor(() => changes.includes('sandbox-node-1 ssd'));
    } finally {
      await informer.stop();
    }
  });

  it('holds a pod with scheduling gates, and schedules it once they are removed', async () => {
    await core.createNamespacedPod({
      namespace: 'default',
      body: {
        metadata: { name: 'gated' },
        spec: {
          schedulingGates: [{ name: 'example.com/quota-check' }],
          containers: [{ name: 'web', image: 'nginx:1.27' }],
        },
      },
    });
    const gated = await podWhen(
      'gated',
      pod =>
        pod.status?.conditions?.some(c => c.reason === 'SchedulingGated') ??
        false,
    );
    expect(gated.status!.conditions).toEqual([
      {
        type: 'PodScheduled',
        status: 'False',
        reason: 'SchedulingGated',
        message: 'Scheduling is blocked due to non-empty scheduling gates',
        lastProbeTime: null,
        lastTransitionTime: expect.any(Date),
      },
    ]);
    const events = await core.listNamespacedEvent({
      namespace: 'default',
      fieldSelector: 'involvedObject.name=gated',
    });
    expect(events.items).toEqual([]);

    await core.patchNamespacedPod(
      {
        namespace: 'default',
        name: 'gated',
        body: [{ op: 'remove', path: '/spec/schedulingGates' }],
      },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    expect((await podWhen('gated', running)).spec!.nodeName).toBe(
      'sandbox-node-1',
    );
  });

  it('treats a node no sandbox kubelet serves as unreachable, refuses duplicate taints, and re-registers a served node that is deleted', async () => {
    await core.createNode({ body: { metadata: { name: 'by-hand' } } });
    const byHand = await waitFor(async () => {
      const node = await core.readNode({ name: 'by-hand' });
      return node.status?.conditions?.length ? node : undefined;
    });
    expect(byHand.spec!.taints!.map(t => `${t.key}:${t.effect}`)).toEqual([
      'node.kubernetes.io/unreachable:NoSchedule',
      'node.kubernetes.io/unreachable:NoExecute',
    ]);
    expect(
      byHand.status!.conditions!.find(c => c.type === 'Ready'),
    ).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusNeverUpdated',
      message: 'Kubelet never posted node status.',
    });

    const duplicate = await core
      .createNode({
        body: {
          metadata: { name: 'twice' },
          spec: {
            taints: [
              { key: 'dedicated', effect: 'NoSchedule' },
              { key: 'dedicated', value: 'db', effect: 'NoSchedule' },
            ],
          },
        },
      })
      .catch((error: ApiException<string>) => error);
    expect(duplicate).toBeInstanceOf(ApiException);
    expect((duplicate as ApiException<string>).code).toBe(422);
    expect(
      JSON.parse((duplicate as ApiException<string>).body).message,
    ).toMatch(/^Node "twice" is invalid: spec\.taints\[1\]: Duplicate value: /);

    await core.deleteNode({ name: 'sandbox-node-1' });
    const back = await waitFor(async () =>
      (
        await core.listNode()
      ).items.find(
        n =>
          n.metadata!.name === 'sandbox-node-1' &&
          n.status?.conditions?.some(
            c => c.type === 'Ready' && c.status === 'True',
          ),
      ),
    );
    expect(back.status!.addresses![0].address).toBe('172.18.0.2');
    await core.deleteNode({ name: 'by-hand' });
  });
});

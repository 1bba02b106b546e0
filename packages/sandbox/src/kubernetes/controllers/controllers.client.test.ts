import {
  AppsV1Api,
  CoreV1Api,
  type V1Deployment,
} from '@kubernetes/client-node';
import { type KubernetesServer, startKubernetesServer } from '../index';
import { startControllers } from './index';
import { kubeConfig, waitFor } from '../../testUtils';

/** The controllers on a real sandbox server, read as a client of the cluster reads them. */
describe('controllers behind the Kubernetes API', () => {
  let server: KubernetesServer;
  let controllers: { stop(): Promise<void> };
  let apps: AppsV1Api;
  let core: CoreV1Api;

  beforeAll(async () => {
    server = await startKubernetesServer({ name: 'rollouts' });
    controllers = startControllers(server.store, {
      podReadyDelayMs: 30,
      progressDeadlineScale: 0.001,
    });
    const kc = kubeConfig(server.url, 'any');
    apps = kc.makeApiClient(AppsV1Api);
    core = kc.makeApiClient(CoreV1Api);
  });

  afterAll(async () => {
    await controllers?.stop();
    await server?.stop();
  });

  /** The Deployment, once one of its conditions has `reason`. */
  const deploymentWithReason = (name: string, reason: string) =>
    waitFor(async () => {
      const current = await apps.readNamespacedDeployment({
        namespace: 'default',
        name,
      });
      return current.status?.conditions?.some(c => c.reason === reason)
        ? current
        : undefined;
    });

  it('makes an applied Deployment ready, with ReplicaSet, pods and events to read', async () => {
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: {
          name: 'shop',
          labels: { 'backstage.io/kubernetes-id': 'shop' },
        },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'shop' } },
          template: {
            metadata: {
              labels: { app: 'shop', 'backstage.io/kubernetes-id': 'shop' },
            },
            spec: {
              containers: [
                { name: 'shop', image: 'ghcr.io/example/shop:1.0.0' },
              ],
            },
          },
        },
      },
    });

    const deployment: V1Deployment = await deploymentWithReason(
      'shop',
      'NewReplicaSetAvailable',
    );
    expect(deployment.status).toMatchObject({
      observedGeneration: 1,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
    });
    const available = deployment.status!.conditions!.find(
      c => c.type === 'Available',
    )!;
    expect(available).toMatchObject({
      status: 'True',
      reason: 'MinimumReplicasAvailable',
    });
    // The client turns condition times into Dates: they must be real timestamps.
    expect(available.lastTransitionTime).toBeInstanceOf(Date);
    expect(Number.isNaN(available.lastTransitionTime!.getTime())).toBe(false);

    const sets = await apps.listNamespacedReplicaSet({
      namespace: 'default',
      labelSelector: 'app=shop',
    });
    expect(sets.items).toHaveLength(1);
    expect(
      sets.items[0].metadata!.annotations!['deployment.kubernetes.io/revision'],
    ).toBe('1');

    const pods = await core.listNamespacedPod({
      namespace: 'default',
      labelSelector: 'backstage.io/kubernetes-id=shop',
    });
    expect(pods.items).toHaveLength(2);
    for (const pod of pods.items) {
      expect(pod.status!.phase).toBe('Running');
      expect(pod.status!.containerStatuses![0]).toMatchObject({
        ready: true,
        restartCount: 0,
        image: 'ghcr.io/example/shop:1.0.0',
      });
      expect(
        pod.status!.containerStatuses![0].state!.running!.startedAt,
      ).toBeInstanceOf(Date);
    }
    const running = await core.listNamespacedPod({
      namespace: 'default',
      fieldSelector: 'status.phase=Running,spec.nodeName=sandbox-node-1',
    });
    expect(running.items).toHaveLength(2);

    const events = await core.listNamespacedEvent({
      namespace: 'default',
      fieldSelector: 'involvedObject.kind=Deployment,involvedObject.name=shop',
    });
    expect(
      events.items.map(e => [e.reason, e.message, e.source?.component]),
    ).toEqual([
      [
        'ScalingReplicaSet',
        `Scaled up replica set ${sets.items[0].metadata!.name} to 2`,
        'deployment-controller',
      ],
    ]);
  });

  it('shows a crashing rollout as kubectl and the Kubernetes tab see it', async () => {
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'flaky' },
        spec: {
          replicas: 1,
          progressDeadlineSeconds: 300,
          selector: { matchLabels: { app: 'flaky' } },
          template: {
            metadata: { labels: { app: 'flaky' } },
            spec: {
              containers: [{ name: 'app', image: 'example/crashloop:2' }],
            },
          },
        },
      },
    });
    const pod = await waitFor(async () => {
      const list = await core.listNamespacedPod({
        namespace: 'default',
        labelSelector: 'app=flaky',
      });
      const candidate = list.items[0];
      return (candidate?.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 2
        ? candidate
        : undefined;
    });
    expect(pod.status!.containerStatuses![0].state!.waiting!.reason).toBe(
      'CrashLoopBackOff',
    );
    const d = await deploymentWithReason('flaky', 'ProgressDeadlineExceeded');
    expect(
      d.status!.conditions!.find(c => c.type === 'Progressing')!.status,
    ).toBe('False');
  });
});

import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  startTestSandbox,
  waitFor,
  type TestSandbox,
  type TestSandboxCluster,
} from '@internal/sandbox/testUtils';
import { portalPlatformConfig } from '../../__testUtils__/validatedApp';
import { DeploymentStatusService } from '../DeploymentStatus/DeploymentStatusService';
import { ClusterWatch } from './ClusterWatch';

jest.setTimeout(60_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'web',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'web' },
  },
  spec: { type: 'service', owner: 'group:default/web-team' },
};
const DEPLOYMENTS = '/apis/apps/v1/deployments';

describe('ClusterWatch after a dropped watch', () => {
  let sandbox: TestSandbox;
  let cluster: TestSandboxCluster;
  let watch: ClusterWatch;
  let status: DeploymentStatusService;
  const logger = mockServices.logger.mock();

  const dev = async () =>
    (await status.statusOf(entity)).environments.find(e => e.name === 'dev')!;
  /** Lists (not watches) of deployments since the log was last cleared. */
  const deploymentLists = () =>
    cluster.requests.count(
      e =>
        e.method === 'GET' &&
        e.path === DEPLOYMENTS &&
        e.query.watch !== 'true',
    );
  const scale = (replicas: number) =>
    cluster.kubectl([
      'scale',
      'deployment/web',
      '-n',
      'web-dev',
      `--replicas=${replicas}`,
    ]);

  /**
   * Cuts the open watches and refuses new deployment watches until `during`
   * is done, so whatever it changes happens while the cache cannot hear of it.
   */
  async function outage(during: () => Promise<void>) {
    const refused = cluster.faults.add({ path: DEPLOYMENTS, status: 503 });
    expect(cluster.server.dropWatches()).toBeGreaterThanOrEqual(4);
    const down = await waitFor(async () => (await dev()).error, 10_000);
    expect(down).toMatch(/^cluster nonprod-cluster cannot be watched: /);
    await during();
    refused.remove();
  }

  beforeAll(async () => {
    sandbox = await startTestSandbox({
      github: false,
      clusters: ['nonprod-cluster'],
    });
    cluster = sandbox.cluster('nonprod-cluster');
    watch = new ClusterWatch('nonprod-cluster', cluster.kubeConfig(), logger);
    status = new DeploymentStatusService(
      await portalPlatformConfig(),
      new Map([['nonprod-cluster', watch]]),
    );
    await watch.start();
    const labels = { 'backstage.io/kubernetes-id': 'web', app: 'web' };
    await cluster.kubectl(['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          {
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: 'web-dev' },
          },
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: 'web', namespace: 'web-dev', labels },
            spec: {
              replicas: 1,
              selector: { matchLabels: { app: 'web' } },
              template: {
                metadata: { labels },
                spec: { containers: [{ name: 'app', image: 'acme/web:1' }] },
              },
            },
          },
        ],
      }),
    });
    await waitFor(
      async () => (await dev()).workloads[0]?.rollout.state === 'complete',
      15_000,
    );
  });
  afterAll(async () => {
    await watch.stop();
    await sandbox.stop();
  });

  it('resumes from its resourceVersion and shows a change made during the outage', async () => {
    cluster.requests.clear();
    logger.warn.mockClear();
    const delays = () =>
      logger.warn.mock.calls
        .map(([message]) =>
          /deployments .* reconnecting in (\d+) ms/.exec(message),
        )
        .filter(Boolean)
        .map(match => Number(match![1]));
    await outage(async () => {
      expect((await scale(3)).code).toBe(0);
      // Refused twice: the second attempt waits longer than the first.
      await waitFor(() => delays().length >= 2, 10_000);
    });
    const recovered = await waitFor(async () => {
      const environment = await dev();
      return (
        !environment.error &&
        environment.workloads[0]?.replicas.desired === 3 &&
        environment
      );
    }, 15_000);
    expect(recovered.workloads[0].replicas.desired).toBe(3);
    // Resumed with watches from the last resourceVersion: nothing listed again.
    expect(deploymentLists()).toBe(0);
    const resumed = cluster.requests.filter(
      e => e.path === DEPLOYMENTS && e.query.watch === 'true',
    );
    expect(resumed.length).toBeGreaterThan(0);
    expect(resumed.every(e => Number(e.query.resourceVersion) > 0)).toBe(true);
    // Reconnected with backoff, 1 s and then 2 s while refused.
    expect(delays().slice(0, 2)).toEqual([1000, 2000]);
  });

  it('lists again when its resourceVersion has been compacted away (410 Gone)', async () => {
    cluster.requests.clear();
    await outage(async () => {
      expect((await scale(2)).code).toBe(0);
      cluster.store.compact();
    });
    await waitFor(async () => {
      const environment = await dev();
      return (
        !environment.error && environment.workloads[0]?.replicas.desired === 2
      );
    }, 15_000);
    expect(deploymentLists()).toBeGreaterThanOrEqual(1);
  });

  it("shares one answer among a service's viewers until one of its objects changes", async () => {
    // Kept for a minute unless a change drops it.
    const shared = new DeploymentStatusService(
      await portalPlatformConfig(),
      new Map([['nonprod-cluster', watch]]),
      { answerTtlMs: 60_000 },
    );
    const desired = async () =>
      (await shared.statusOf(entity)).environments.find(e => e.name === 'dev')!
        .workloads[0].replicas.desired;
    const viewers = await Promise.all(
      Array.from({ length: 20 }, () => shared.statusOf(entity)),
    );
    expect(new Set(viewers).size).toBe(1);
    expect(await shared.statusOf(entity)).toBe(viewers[0]);

    const before = await desired();
    expect((await scale(before + 1)).code).toBe(0);
    await waitFor(async () => (await desired()) === before + 1, 10_000);
    expect(await shared.statusOf(entity)).not.toBe(viewers[0]);
  });
});

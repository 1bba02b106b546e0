import { startControllers } from '../controllers';
import { type KubernetesServer, startKubernetesServer } from '../index';
import { kubectlFor, type Kubectl } from '../../testUtils';

const workloads = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx:1.27 }] }
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: { name: worker }
spec:
  replicas: 1
  selector: { matchLabels: { app: worker } }
  template:
    metadata: { labels: { app: worker } }
    spec: { containers: [{ name: worker, image: busybox:1.36 }] }
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db }
spec:
  serviceName: db
  replicas: 1
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec: { containers: [{ name: db, image: postgres:16 }] }
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent }
spec:
  selector: { matchLabels: { app: agent } }
  template:
    metadata: { labels: { app: agent } }
    spec: { containers: [{ name: agent, image: busybox:1.36 }] }
`;

/** `kubectl scale` finds the scale subresource in discovery and patches it. */
describe('kubectl scale against the sandbox', () => {
  let server: KubernetesServer;
  let controllers: { stop(): Promise<void> };
  let kubectl: Kubectl;

  beforeAll(async () => {
    server = await startKubernetesServer({ name: 'kubectl-scale' });
    controllers = startControllers(server.store, { podReadyDelayMs: 20 });
    kubectl = await kubectlFor(server.url, { tmpPrefix: 'kubectl-scale-' });
    const applied = await kubectl(['apply', '-f', '-'], { input: workloads });
    if (applied.code !== 0) throw new Error(applied.stderr);
  });

  afterAll(async () => {
    await controllers?.stop();
    await server?.stop();
    await kubectl?.remove();
  });

  async function ok(args: string[]) {
    const result = await kubectl(args);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return result.stdout;
  }

  /** Polls until `app=<app>` has `count` running pods. */
  async function podsRunning(app: string, count: number) {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const pods = JSON.parse(
        await ok(['get', 'pods', '-l', `app=${app}`, '-o', 'json']),
      ).items.filter(
        (pod: { status?: { phase?: string } }) =>
          pod.status?.phase === 'Running',
      );
      if (pods.length === count) return;
      if (Date.now() > deadline)
        throw new Error(`${app} has ${pods.length} running pods, not ${count}`);
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }

  it.each([
    ['deployment', 'web', 'deployment.apps/web scaled'],
    ['replicaset', 'worker', 'replicaset.apps/worker scaled'],
    ['statefulset', 'db', 'statefulset.apps/db scaled'],
  ])('scales a %s up and down', async (resource, name, message) => {
    await podsRunning(name, 1);
    expect(await ok(['scale', resource, name, '--replicas=3'])).toBe(
      `${message}\n`,
    );
    expect(
      await ok(['get', resource, name, '-o', 'jsonpath={.spec.replicas}']),
    ).toBe('3');
    await podsRunning(name, 3);

    expect(await ok(['scale', `${resource}/${name}`, '--replicas=2'])).toBe(
      `${message}\n`,
    );
    await podsRunning(name, 2);
  });

  it('sends a merge patch to the scale subresource, a Scale PUT with --current-replicas', async () => {
    const plain = await kubectl([
      'scale',
      'deployment',
      'web',
      '--replicas=2',
      '-v=8',
    ]);
    expect(plain.code).toBe(0);
    expect(plain.stderr).toMatch(
      /PATCH https?:\/\/[^ ]+\/apis\/apps\/v1\/namespaces\/default\/deployments\/web\/scale/,
    );
    expect(plain.stderr).toContain('application/merge-patch+json');
    const checked = await kubectl([
      'scale',
      'deployment',
      'web',
      '--current-replicas=2',
      '--replicas=2',
      '-v=8',
    ]);
    expect(checked.code).toBe(0);
    expect(checked.stderr).toMatch(
      /PUT https?:\/\/[^ ]+\/deployments\/web\/scale/,
    );
  });

  it('reads the scale with kubectl get --subresource', async () => {
    const read = async () =>
      JSON.parse(
        await ok([
          'get',
          'deployment',
          'web',
          '--subresource=scale',
          '-o',
          'json',
        ]),
      );
    // The status follows the pods a moment later.
    let scale = await read();
    for (let i = 0; i < 50 && scale.status.replicas !== 2; i++) {
      await new Promise(resolve => setTimeout(resolve, 100));
      scale = await read();
    }
    expect(scale).toMatchObject({
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 2 },
      status: { replicas: 2, selector: 'app=web' },
    });
    expect(
      await ok(['get', 'deployment', 'web', '--subresource=scale']),
    ).toMatch(/^NAME\s+DESIRED\s+AVAILABLE\s+AGE\nweb\s+2\s+2\s+\d+s\n$/);
  });

  it('checks --current-replicas against the scale before updating it', async () => {
    const wrong = await kubectl([
      'scale',
      'deployment',
      'web',
      '--current-replicas=5',
      '--replicas=1',
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('Expected replicas to be 5, was 2');

    expect(
      await ok([
        'scale',
        'deployment',
        'web',
        '--current-replicas=2',
        '--replicas=1',
      ]),
    ).toBe('deployment.apps/web scaled\n');
    await podsRunning('web', 1);
  });

  it('scales every deployment matching a selector, dry runs included', async () => {
    expect(
      await ok([
        'scale',
        'deployment',
        '-l',
        'app!=none',
        '--replicas=4',
        '--dry-run=server',
      ]),
    ).toBe('deployment.apps/web scaled (server dry run)\n');
    expect(
      await ok(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}']),
    ).toBe('1');
  });

  it('refuses what the server refuses', async () => {
    const missing = await kubectl([
      'scale',
      'deployment',
      'nope',
      '--replicas=2',
    ]);
    expect(missing.code).toBe(1);
    // kubectl reads the deployment first and words the 404 itself.
    expect(missing.stderr).toBe(
      'error: no objects passed to scale deployments.apps "nope" not found\n',
    );
    const daemonSet = await kubectl([
      'scale',
      'daemonset',
      'agent',
      '--replicas=2',
    ]);
    expect(daemonSet.code).toBe(1);
    // Daemon sets have no scale subresource: the path is unknown.
    expect(daemonSet.stderr).toBe(
      'Error from server (NotFound): the server could not find the requested resource\n',
    );
  });

  it('advertises the subresource in the API resource list', async () => {
    const list = JSON.parse(await ok(['get', '--raw', '/apis/apps/v1']));
    const entries = list.resources.filter((r: { name: string }) =>
      r.name.endsWith('/scale'),
    );
    expect(entries.map((r: { name: string }) => r.name).sort()).toEqual([
      'deployments/scale',
      'replicasets/scale',
      'statefulsets/scale',
    ]);
    expect(entries[0]).toEqual({
      name: expect.stringMatching(/\/scale$/),
      singularName: '',
      namespaced: true,
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: ['get', 'patch', 'update'],
    });
  });
});

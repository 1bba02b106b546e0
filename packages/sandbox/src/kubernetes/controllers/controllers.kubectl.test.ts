import { type KubernetesServer, startKubernetesServer } from '../index';
import { startControllers } from './index';
import { type Kubectl, kubectlFor } from '../../testUtils';

const manifest = (image: string) => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: ${image}
`;

/** `kubectl rollout status` follows the controllers' rollouts as on a real cluster. */
// Each test runs kubectl several times, and waits for rollouts between them.
jest.setTimeout(30_000);

describe('kubectl rollout against the sandbox controllers', () => {
  let server: KubernetesServer;
  let controllers: { stop(): Promise<void> };
  let kubectl: Kubectl;

  beforeAll(async () => {
    server = await startKubernetesServer({ name: 'kubectl-rollouts' });
    controllers = startControllers(server.store, {
      podReadyDelayMs: 30,
      progressDeadlineScale: 0.005,
    });
    kubectl = await kubectlFor(server.url, { tmpPrefix: 'kubectl-rollouts-' });
  });

  afterAll(async () => {
    await controllers?.stop();
    await server?.stop();
    await kubectl?.remove();
  });

  it('waits for a rollout to finish, then for an update, and reports a stuck one', async () => {
    expect(
      (await kubectl(['apply', '-f', '-'], { input: manifest('nginx:1.27') }))
        .code,
    ).toBe(0);
    const first = await kubectl([
      'rollout',
      'status',
      'deployment/web',
      '--timeout=20s',
    ]);
    expect(first.stdout).toContain('deployment "web" successfully rolled out');
    expect(first.code).toBe(0);

    expect(
      (await kubectl(['apply', '-f', '-'], { input: manifest('nginx:1.28') }))
        .code,
    ).toBe(0);
    const second = await kubectl([
      'rollout',
      'status',
      'deployment/web',
      '--timeout=20s',
    ]);
    expect(second.stdout).toContain('deployment "web" successfully rolled out');

    const pods = await kubectl([
      'get',
      'pods',
      '-l',
      'app=web',
      '--no-headers',
    ]);
    expect(pods.stdout.trim().split('\n')).toHaveLength(3);

    const history = await kubectl(['rollout', 'history', 'deployment/web']);
    expect(history.stdout).toMatch(/^1\s/m);
    expect(history.stdout).toMatch(/^2\s/m);

    expect(
      (
        await kubectl(['apply', '-f', '-'], {
          input: manifest('example.com/does-not-exist:1'),
        })
      ).code,
    ).toBe(0);
    const stuck = await kubectl([
      'rollout',
      'status',
      'deployment/web',
      '--timeout=20s',
    ]);
    expect(stuck.code).not.toBe(0);
    expect(stuck.stderr).toContain(
      'deployment "web" exceeded its progress deadline',
    );
  });
});

import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type KubernetesServer, startKubernetesServer } from '../index';
import { startControllers } from './index';

const run = promisify(execFile);

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
describe('kubectl rollout against the sandbox controllers', () => {
  let server: KubernetesServer;
  let controllers: { stop(): Promise<void> };
  let dir: string;

  beforeAll(async () => {
    server = await startKubernetesServer({ name: 'kubectl-rollouts' });
    controllers = startControllers(server.store, {
      podReadyDelayMs: 30,
      progressDeadlineScale: 0.005,
    });
    dir = await mkdtemp(join(tmpdir(), 'kubectl-rollouts-'));
    await writeFile(
      join(dir, 'config'),
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'sandbox', cluster: { server: server.url } }],
        users: [{ name: 'admin', user: {} }],
        contexts: [
          { name: 'admin', context: { cluster: 'sandbox', user: 'admin' } },
        ],
        'current-context': 'admin',
      }),
    );
  });

  afterAll(async () => {
    await controllers?.stop();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function kubectl(
    args: string[],
    input?: string,
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    const child = run(
      'kubectl',
      [
        '--kubeconfig',
        join(dir, 'config'),
        '--cache-dir',
        join(dir, 'cache'),
        ...args,
      ],
      {
        env: { ...process.env, HOME: dir },
      },
    );
    if (input !== undefined) {
      child.child.stdin!.end(input);
    }
    try {
      const { stdout, stderr } = await child;
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return {
        code: failed.code,
        stdout: failed.stdout,
        stderr: failed.stderr,
      };
    }
  }

  it('waits for a rollout to finish, then for an update, and reports a stuck one', async () => {
    expect(
      (await kubectl(['apply', '-f', '-'], manifest('nginx:1.27'))).code,
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
      (await kubectl(['apply', '-f', '-'], manifest('nginx:1.28'))).code,
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
        await kubectl(
          ['apply', '-f', '-'],
          manifest('example.com/does-not-exist:1'),
        )
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

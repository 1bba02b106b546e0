import { type KubernetesServer, startKubernetesServer } from './index';
import { type Kubectl, kubectlFor } from '../testUtils';

describe('kubectl against the sandbox cluster', () => {
  let server: KubernetesServer;
  let kubectl: Kubectl;

  beforeAll(async () => {
    server = await startKubernetesServer({
      name: 'kubectl-test',
      tokens: [{ token: 'admin-token', user: 'admin' }],
      // kubectl sends no token over plain HTTP: it is let in anonymously, batch excluded.
      anonymous: {
        rules: [
          {
            verbs: ['*'],
            apiGroups: ['', 'apps', 'monitoring.coreos.com'],
            resources: ['*'],
          },
        ],
      },
    });
    kubectl = await kubectlFor(server.url, {
      token: 'admin-token',
      tmpPrefix: 'kubectl-test-',
    });
  });

  afterAll(async () => {
    await server.stop();
    await kubectl.remove();
  });

  const manifests = `
apiVersion: v1
kind: Namespace
metadata:
  name: team-a
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: team-a
  labels: { app: web, tier: frontend }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports: [{ containerPort: 80 }]
          env: [{ name: A, value: "1" }]
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: team-a
spec:
  selector: { app: web }
  ports: [{ port: 80 }]
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: web
  namespace: team-a
spec:
  selector: { matchLabels: { app: web } }
  endpoints: [{ port: http }]
`;

  it('applies a multi-document manifest twice: created, then unchanged', async () => {
    const first = await kubectl(['apply', '-f', '-'], { input: manifests });
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('namespace/team-a created');
    expect(first.stdout).toContain('deployment.apps/web created');
    expect(first.stdout).toContain('service/web created');
    expect(first.stdout).toContain(
      'servicemonitor.monitoring.coreos.com/web created',
    );
    const second = await kubectl(['apply', '-f', '-'], { input: manifests });
    expect(second.stderr).toBe('');
    expect(second.stdout).toContain('deployment.apps/web unchanged');
    expect(second.stdout).toContain('service/web unchanged');
    expect(second.stdout).toContain(
      'servicemonitor.monitoring.coreos.com/web unchanged',
    );

    const changed = await kubectl(['apply', '-f', '-'], {
      input: manifests.replace('nginx:1.27', 'nginx:1.28'),
    });
    expect(changed.stdout).toContain('deployment.apps/web configured');
    const deployment = server.store.get({
      group: 'apps',
      version: 'v1',
      resource: 'deployments',
      namespace: 'team-a',
      name: 'web',
    });
    expect((deployment.spec as any).template.spec.containers).toEqual([
      expect.objectContaining({
        name: 'web',
        image: 'nginx:1.28',
        env: [{ name: 'A', value: '1' }],
      }),
    ]);
    expect(deployment.metadata?.generation).toBe(2);
  });

  it('gets objects as JSON, as a table and by label', async () => {
    const json = await kubectl([
      'get',
      'deployment',
      'web',
      '-n',
      'team-a',
      '-o',
      'json',
    ]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'team-a' },
    });
    const table = await kubectl(['get', 'deployments', '-n', 'team-a']);
    expect(table.stdout).toMatch(/NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/);
    expect(table.stdout).toMatch(/web\s+0\/2/);
    const labelled = await kubectl([
      'get',
      'deploy',
      '-A',
      '-l',
      'tier in (frontend),app',
      '-o',
      'name',
    ]);
    expect(labelled.stdout.trim()).toBe('deployment.apps/web');
    const none = await kubectl([
      'get',
      'deploy',
      '-n',
      'team-a',
      '-l',
      '!app',
      '-o',
      'name',
    ]);
    expect(none.stdout.trim()).toBe('');
  });

  it('answers auth can-i from the rules, and refuses what they do not allow', async () => {
    const allowed = await kubectl([
      'auth',
      'can-i',
      'delete',
      'pods',
      '-n',
      'team-a',
    ]);
    expect(allowed.stdout.trim()).toBe('yes');
    const denied = await kubectl([
      'auth',
      'can-i',
      'create',
      'cronjobs',
      '-n',
      'team-a',
    ]);
    expect(denied.stdout.trim()).toBe('no');
    const forbidden = await kubectl(['get', 'cronjobs', '-n', 'team-a']);
    expect(forbidden.stderr).toContain(
      'cronjobs.batch is forbidden: User "system:anonymous" cannot list resource "cronjobs" in API group "batch" in the namespace "team-a"',
    );
  });

  it('reports an invalid manifest with the field at fault', async () => {
    const result = await kubectl(['apply', '-f', '-'], {
      input: manifests
        .split('---')[1]
        .replace('name: web\n  namespace', 'name: broken\n  namespace')
        .replace('          image: nginx:1.27\n', ''),
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      'spec.template.spec.containers[0].image: Required value',
    );
  });

  it('deletes a namespace with everything in it', async () => {
    const result = await kubectl([
      'delete',
      'namespace',
      'team-a',
      '--timeout=10s',
    ]);
    expect(result.stdout).toContain('namespace "team-a" deleted');
    const gone = await kubectl(['get', 'namespace', 'team-a']);
    expect(gone.stderr).toContain('namespaces "team-a" not found');
    expect(
      server.store.list({
        group: 'apps',
        version: 'v1',
        resource: 'deployments',
      }).items,
    ).toEqual([]);
  });
});

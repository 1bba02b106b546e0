import { startControllers } from '../../controllers';
import { type KubernetesServer, startKubernetesServer } from '../../index';
import { kubectlFor, type Kubectl } from '../../../testUtils';

/**
 * kubectl's `create` commands go through typed clients, which send their
 * bodies as protobuf (`application/vnd.kubernetes.protobuf`), not JSON.
 */
describe('kubectl create, in protobuf, against the sandbox', () => {
  let server: KubernetesServer;
  let controllers: { stop(): Promise<void> };
  let kubectl: Kubectl;

  beforeAll(async () => {
    server = await startKubernetesServer({ name: 'kubectl-create' });
    controllers = startControllers(server.store, { podReadyDelayMs: 30 });
    kubectl = await kubectlFor(server.url, { tmpPrefix: 'kubectl-create-' });
  });

  afterAll(async () => {
    await controllers?.stop();
    await server?.stop();
    await kubectl?.remove();
  });

  /** Runs kubectl, expecting success, and answers its stdout. */
  async function ok(args: string[]) {
    const result = await kubectl(args);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return result.stdout;
  }

  const getJson = async (args: string[]) =>
    JSON.parse(await ok(['get', ...args, '-o', 'json']));

  it('sends protobuf, which the sandbox reads', async () => {
    const verbose = await kubectl([
      'create',
      'namespace',
      'wire-check',
      '-v=8',
    ]);
    expect(verbose.code).toBe(0);
    expect(verbose.stderr).toContain(
      'Content-Type: application/vnd.kubernetes.protobuf',
    );
  });

  it('creates a namespace', async () => {
    expect(await ok(['create', 'namespace', 'x'])).toBe(
      'namespace/x created\n',
    );
    const namespace = await getJson(['namespace', 'x']);
    expect(namespace).toMatchObject({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'x',
        labels: { 'kubernetes.io/metadata.name': 'x' },
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    expect(namespace.metadata.creationTimestamp).toMatch(/Z$/);
    expect(await ok(['get', 'namespace', 'x', '--no-headers'])).toMatch(
      /^x\s+Active\s+\d+s\n$/,
    );
  });

  it('creates a deployment that rolls out', async () => {
    expect(
      await ok([
        'create',
        'deployment',
        'web',
        '--image=nginx:1.27',
        '--replicas=2',
        '--port=8080',
        '-n',
        'x',
      ]),
    ).toBe('deployment.apps/web created\n');
    const deployment = await getJson(['deployment', 'web', '-n', 'x']);
    expect(deployment.metadata.labels).toEqual({ app: 'web' });
    expect(deployment.spec).toMatchObject({
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.27',
              ports: [{ containerPort: 8080, protocol: 'TCP' }],
              resources: {},
            },
          ],
        },
      },
    });

    const rollout = await ok([
      'rollout',
      'status',
      'deployment/web',
      '-n',
      'x',
      '--timeout=20s',
    ]);
    expect(rollout).toContain('deployment "web" successfully rolled out');
    expect(await ok(['get', 'deployment', 'web', '-n', 'x'])).toMatch(
      /web\s+2\/2\s+2\s+2\s+/,
    );
    const pods = await getJson(['pods', '-n', 'x', '-l', 'app=web']);
    expect(pods.items).toHaveLength(2);
  });

  it('creates a deployment with a command and replicas 0', async () => {
    await ok([
      'create',
      'deployment',
      'idle',
      '--image=busybox:1.36',
      '--replicas=0',
      '-n',
      'x',
      '--',
      'sleep',
      '3600',
    ]);
    const deployment = await getJson(['deployment', 'idle', '-n', 'x']);
    expect(deployment.spec.replicas).toBe(0);
    expect(deployment.spec.template.spec.containers[0]).toMatchObject({
      name: 'busybox',
      command: ['sleep', '3600'],
    });
  });

  it('creates a config map', async () => {
    expect(
      await ok([
        'create',
        'configmap',
        'settings',
        '-n',
        'x',
        '--from-literal=LOG_LEVEL=debug',
        '--from-literal=EMPTY=',
      ]),
    ).toBe('configmap/settings created\n');
    const configMap = await getJson(['configmap', 'settings', '-n', 'x']);
    expect(configMap.data).toEqual({ LOG_LEVEL: 'debug', EMPTY: '' });
    expect(await ok(['get', 'configmap', 'settings', '-n', 'x'])).toMatch(
      /settings\s+2\s+/,
    );
  });

  it('creates a generic secret, its values base64 as in JSON', async () => {
    expect(
      await ok([
        'create',
        'secret',
        'generic',
        'db',
        '-n',
        'x',
        '--from-literal=password=s3cr=t',
        '--from-literal=user=app',
      ]),
    ).toBe('secret/db created\n');
    const secret = await getJson(['secret', 'db', '-n', 'x']);
    expect(secret.type).toBe('Opaque');
    expect(secret.data).toEqual({
      password: Buffer.from('s3cr=t').toString('base64'),
      user: Buffer.from('app').toString('base64'),
    });
    expect(await ok(['get', 'secret', 'db', '-n', 'x'])).toMatch(
      /db\s+Opaque\s+2\s+/,
    );
  });

  it('creates a service account', async () => {
    expect(await ok(['create', 'serviceaccount', 'ci', '-n', 'x'])).toBe(
      'serviceaccount/ci created\n',
    );
    const account = await getJson(['serviceaccount', 'ci', '-n', 'x']);
    expect(account.metadata).toMatchObject({ name: 'ci', namespace: 'x' });
    expect(await ok(['get', 'serviceaccount', 'ci', '-n', 'x'])).toMatch(
      /^NAME\s+SECRETS\s+AGE\nci\s+0\s+\d+s\n$/,
    );
  });

  it('creates a role binding to a cluster role for a group', async () => {
    expect(
      await ok([
        'create',
        'rolebinding',
        'team-edit',
        '-n',
        'x',
        '--clusterrole=edit',
        '--group=team-a',
        '--serviceaccount=x:ci',
      ]),
    ).toBe('rolebinding.rbac.authorization.k8s.io/team-edit created\n');
    const binding = await getJson(['rolebinding', 'team-edit', '-n', 'x']);
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'edit',
    });
    expect(binding.subjects).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'team-a' },
      { kind: 'ServiceAccount', name: 'ci', namespace: 'x' },
    ]);
    expect(await ok(['get', 'rolebinding', 'team-edit', '-n', 'x'])).toMatch(
      /^NAME\s+ROLE\s+AGE\nteam-edit\s+ClusterRole\/edit\s+\d+s\n$/,
    );
  });

  it.each([
    [
      'role.rbac.authorization.k8s.io/pod-reader',
      ['role', 'pod-reader', '--verb=get,list', '--resource=pods', '-n', 'x'],
    ],
    [
      'clusterrole.rbac.authorization.k8s.io/deploy-reader',
      [
        'clusterrole',
        'deploy-reader',
        '--verb=get',
        '--resource=deployments.apps',
      ],
    ],
    [
      'clusterrolebinding.rbac.authorization.k8s.io/alice-reads',
      [
        'clusterrolebinding',
        'alice-reads',
        '--clusterrole=deploy-reader',
        '--user=alice',
      ],
    ],
    [
      'service/api',
      ['service', 'clusterip', 'api', '--tcp=80:8080', '-n', 'x'],
    ],
    [
      'job.batch/once',
      ['job', 'once', '--image=busybox:1.36', '-n', 'x', '--', 'echo', 'hi'],
    ],
    [
      'cronjob.batch/nightly',
      [
        'cronjob',
        'nightly',
        '--image=busybox:1.36',
        '--schedule=0 1 * * *',
        '-n',
        'x',
      ],
    ],
    [
      'resourcequota/small',
      ['quota', 'small', '--hard=pods=10,requests.cpu=2', '-n', 'x'],
    ],
    [
      'poddisruptionbudget.policy/web',
      ['pdb', 'web', '--selector=app=web', '--min-available=1', '-n', 'x'],
    ],
    [
      'ingress.networking.k8s.io/web',
      ['ingress', 'web', '--rule=example.com/=web:80', '-n', 'x'],
    ],
    [
      'secret/registry',
      [
        'secret',
        'docker-registry',
        'registry',
        '--docker-server=registry.example',
        '--docker-username=u',
        '--docker-password=p',
        '-n',
        'x',
      ],
    ],
  ])('creates %s as well', async (created, args) => {
    expect(await ok(['create', ...args])).toBe(`${created} created\n`);
    const namespace = args.includes('-n') ? ['-n', 'x'] : [];
    expect(await ok(['get', created, ...namespace, '-o', 'name'])).toBe(
      `${created}\n`,
    );
  });

  it('answers Status errors for what it refuses, as for JSON', async () => {
    const again = await kubectl(['create', 'namespace', 'x']);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(
      'Error from server (AlreadyExists): namespaces "x" already exists\n',
    );
    const badName = await kubectl([
      'create',
      'configmap',
      'Bad_Name',
      '-n',
      'x',
    ]);
    expect(badName.code).toBe(1);
    // kubectl words this one itself, around the server's message.
    expect(badName.stderr).toContain(
      'failed to create configmap: ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name"',
    );
  });

  it('reads the access reviews of kubectl auth, sent in protobuf too', async () => {
    expect(
      await ok(['auth', 'can-i', 'create', 'deployments', '-n', 'x']),
    ).toBe('yes\n');
    const whoami = JSON.parse(await ok(['auth', 'whoami', '-o', 'json']));
    expect(whoami).toMatchObject({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
      status: { userInfo: { username: expect.any(String) } },
    });
  });

  it('dry-runs on the server without creating', async () => {
    expect(await ok(['create', 'namespace', 'ghost', '--dry-run=server'])).toBe(
      'namespace/ghost created (server dry run)\n',
    );
    const missing = await kubectl(['get', 'namespace', 'ghost']);
    expect(missing.stderr).toContain('namespaces "ghost" not found');
  });
});

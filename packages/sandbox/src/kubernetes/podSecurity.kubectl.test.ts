import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  type V1Deployment,
  type V1Pod,
} from '@kubernetes/client-node';
import yaml from 'yaml';
import { useTestSandbox } from '../testUtils';
import { type PodLike, podSecurityViolations } from './podSecurity';

jest.setTimeout(30_000);

const namespace = (name: string, labels: Record<string, string>) => `
apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels: ${JSON.stringify(labels)}
`;

const restricted = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'latest',
  'pod-security.kubernetes.io/warn': 'restricted',
};

/** A Deployment of one container; `hardened` adds what `restricted` asks for. */
const deployment = (name: string, ns: string, hardened: boolean) => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  replicas: 1
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      ${
        hardened
          ? 'securityContext: { runAsNonRoot: true, seccompProfile: { type: RuntimeDefault } }'
          : 'securityContext: {}'
      }
      containers:
        - name: web
          image: nginx:1.27
          ${
            hardened
              ? 'securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }'
              : 'securityContext: {}'
          }
`;

const WEB_VIOLATIONS =
  'would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "web" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "web" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "web" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "web" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")';

describe('Pod Security admission, through kubectl and the client library', () => {
  const sandbox = useTestSandbox({ github: false, clusters: ['psa'] });
  const kubectl = (args: string[], input?: string) =>
    sandbox.cluster('psa').kubectl(args, { input });

  beforeAll(async () => {
    const created = await kubectl(
      ['apply', '-f', '-'],
      [
        namespace('locked', restricted),
        namespace('open', {}),
        namespace('baseline', {
          'pod-security.kubernetes.io/warn': 'baseline',
          'pod-security.kubernetes.io/warn-version': 'v1.32',
        }),
      ].join('---'),
    );
    if (created.code !== 0 || created.stderr) {
      throw new Error(`Creating the namespaces failed: ${created.stderr}`);
    }
  });

  it('warns when a Deployment would make pods that break the warn level, and stores it', async () => {
    const applied = await kubectl(
      ['apply', '-f', '-'],
      deployment('loose', 'locked', false),
    );
    expect(applied.code).toBe(0);
    expect(applied.stderr).toBe(`Warning: ${WEB_VIOLATIONS}\n`);
    expect(applied.stdout).toContain('deployment.apps/loose created');

    // Writes that leave the pod template as it was are not checked again.
    const dryRun = await kubectl(
      ['apply', '--dry-run=server', '-f', '-'],
      deployment('loose', 'locked', false),
    );
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain('unchanged');
    expect(dryRun.stderr).toBe('');
    const scaled = await kubectl([
      'scale',
      'deployment/loose',
      '--replicas=2',
      '-n',
      'locked',
    ]);
    expect(scaled.code).toBe(0);
    expect(scaled.stderr).toBe('');
  });

  it('refuses pods that break the enforce level, so the ReplicaSet reports FailedCreate', async () => {
    const events = await (async () => {
      for (let attempt = 0; attempt < 50; attempt++) {
        const found = await kubectl([
          'get',
          'events',
          '-n',
          'locked',
          '--field-selector',
          'reason=FailedCreate',
          '-o',
          'jsonpath={.items[*].message}',
        ]);
        if (found.stdout) return found.stdout;
        await new Promise(r => setTimeout(r, 100));
      }
      return '';
    })();
    expect(events).toMatch(
      /^Error creating: pods "loose-[a-z0-9]+-[a-z0-9]*" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false/,
    );
    const pods = await kubectl(['get', 'pods', '-n', 'locked', '-o', 'name']);
    expect(pods.stdout).toBe('');

    const core = sandbox.cluster('psa').kubeConfig().makeApiClient(CoreV1Api);
    const pod: V1Pod = {
      metadata: { name: 'direct' },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
    };
    const refused = await core
      .createNamespacedPod({ namespace: 'locked', body: pod })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refused).toBeInstanceOf(ApiException);
    expect((refused as ApiException<string>).code).toBe(403);
    expect(JSON.parse((refused as ApiException<string>).body)).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      message: expect.stringMatching(
        /^pods "direct" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false/,
      ),
    });
    // Elsewhere the same pod is admitted.
    await expect(
      core.createNamespacedPod({ namespace: 'open', body: pod }),
    ).resolves.toMatchObject({ metadata: { name: 'direct' } });
  });

  it('admits a hardened Deployment without a warning, and its pods run', async () => {
    const applied = await kubectl(
      ['apply', '--dry-run=server', '-f', '-'],
      deployment('tight', 'locked', true),
    );
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(
      'deployment.apps/tight created (server dry run)',
    );

    const apps = sandbox.cluster('psa').kubeConfig().makeApiClient(AppsV1Api);
    const body = yaml.parse(
      deployment('tight', 'locked', true),
    ) as V1Deployment;
    await apps.createNamespacedDeployment({ namespace: 'locked', body });
    const rolledOut = await kubectl([
      'rollout',
      'status',
      'deployment/tight',
      '-n',
      'locked',
      '--timeout=20s',
    ]);
    expect(rolledOut.stdout).toContain('successfully rolled out');
  });

  it('warns at the level and version the namespace names, and not at all without a label', async () => {
    const hostNetwork = (ns: string) =>
      deployment('host', ns, false).replace(
        'securityContext: {}\n      containers',
        'hostNetwork: true\n      containers',
      );
    const baseline = await kubectl(
      ['apply', '-f', '-'],
      hostNetwork('baseline'),
    );
    expect(baseline.code).toBe(0);
    expect(baseline.stderr).toBe(
      'Warning: would violate PodSecurity "baseline:v1.32": host namespaces (hostNetwork=true)\n',
    );
    const open = await kubectl(['apply', '-f', '-'], hostNetwork('open'));
    expect(open.code).toBe(0);
    expect(open.stderr).toBe('');
  });
});

describe('podSecurityViolations', () => {
  const hardened: PodLike = {
    spec: {
      securityContext: {
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        {
          name: 'app',
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
          },
        },
      ],
    },
  };

  it('passes a hardened pod at every level', () => {
    expect(podSecurityViolations('restricted', hardened)).toEqual([]);
    expect(podSecurityViolations('baseline', hardened)).toEqual([]);
  });

  it('names every check a pod breaks, in upstream order, with the levels they belong to', () => {
    const pod: PodLike = {
      spec: {
        hostPID: true,
        securityContext: { runAsUser: 0 },
        volumes: [
          { name: 'root', hostPath: { path: '/' } },
          { name: 'cache', emptyDir: {} },
        ],
        initContainers: [
          { name: 'init', securityContext: { privileged: true } },
        ],
        containers: [
          {
            name: 'app',
            ports: [{ containerPort: 80, hostPort: 80 }],
            securityContext: {
              runAsNonRoot: false,
              capabilities: { add: ['SYS_ADMIN'] },
              seccompProfile: { type: 'Unconfined' },
            },
          },
        ],
      },
    };
    expect(podSecurityViolations('baseline', pod)).toEqual([
      'non-default capabilities (container "app" must not include "SYS_ADMIN" in securityContext.capabilities.add)',
      'host namespaces (hostPID=true)',
      'hostPath volumes (volume "root")',
      'hostPort (container "app" uses hostPort 80)',
      'privileged (container "init" must not set securityContext.privileged=true)',
      'seccompProfile (container "app" must not set securityContext.seccompProfile.type to "Unconfined")',
    ]);
    expect(podSecurityViolations('restricted', pod)).toEqual([
      'allowPrivilegeEscalation != false (containers "init", "app" must set securityContext.allowPrivilegeEscalation=false)',
      'unrestricted capabilities (containers "init", "app" must set securityContext.capabilities.drop=["ALL"]; container "app" must not include "SYS_ADMIN" in securityContext.capabilities.add)',
      'host namespaces (hostPID=true)',
      'hostPort (container "app" uses hostPort 80)',
      'privileged (container "init" must not set securityContext.privileged=true)',
      'restricted volume types (volume "root" uses restricted volume type "hostPath")',
      'runAsNonRoot != true (container "app" must not set securityContext.runAsNonRoot=false; pod or container "init" must set securityContext.runAsNonRoot=true)',
      'runAsUser=0 (pod must not set runAsUser=0)',
      'seccompProfile (container "app" must not set securityContext.seccompProfile.type to "Unconfined"; pod or container "init" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    ]);
    expect(podSecurityViolations('privileged', pod)).toEqual([]);
  });
});

import { startTestPortal, type TestPortal } from './__testUtils__/testPortal';

jest.setTimeout(240_000);

/**
 * The Python template from the catalog (its shared form and steps resolved)
 * run for real by the scaffolder against the sandbox, whose GitOps sync then
 * applies the pushed deploy/<environment>/ folders: the new service deploys.
 */
describe('the Python golden-path template, run by the scaffolder', () => {
  let portal: TestPortal;

  beforeAll(async () => {
    portal = await startTestPortal({
      templates: ['golden-path-python-service'],
      // The sync deploys pushes to these, as in `yarn start`.
      environments: [
        { name: 'dev', cluster: 'nonprod-cluster' },
        { name: 'production', cluster: 'prod-cluster' },
      ],
    });
  });
  afterAll(async () => {
    await portal?.stop();
  });

  async function until<T>(what: string, probe: () => T | undefined) {
    for (let attempt = 0; attempt < 300; attempt++) {
      const value = probe();
      if (value) return value;
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error(`Timed out waiting for ${what}`);
  }

  it('creates the service, and the sandbox deploys its manifests to every environment', async () => {
    const task = await portal.runTask({
      template: 'golden-path-python-service',
      values: {
        name: 'py-service',
        description: 'A Python service on the golden path',
        owner: 'group:default/payments-team',
        system: 'system:default/checkout',
        deployment: { environments: ['dev', 'production'], tier: 'small' },
        slo: {
          availability: '99.9',
          latencyObjective: '95',
          latencyThresholdMs: 300,
          period: '30d',
          severities: ['page', 'ticket'],
        },
        repoVisibility: 'private',
      },
    });
    expect(task.message).toBe('');
    expect(task.status).toBe('completed');

    expect(
      await portal.sandbox.github.file('acme', 'py-service', 'app/main.py'),
    ).toContain('"SERVICE_NAME", "py-service"');
    expect(
      await portal.sandbox.github.file(
        'acme',
        'py-service',
        'deploy/environments.txt',
      ),
    ).toBe('dev\nproduction\n');

    for (const [cluster, namespace, minReplicas] of [
      ['nonprod-cluster', 'py-service-dev', 1],
      ['prod-cluster', 'py-service-production', 2],
    ] as const) {
      const k8s = portal.sandbox.cluster(cluster);
      const deployment: any = await until(
        `the Deployment in ${namespace}`,
        () => k8s.get('apps/v1', 'Deployment', 'py-service', namespace),
      );
      const [container] = deployment.spec.template.spec.containers;
      expect(container.readinessProbe.httpGet.path).toBe('/readyz');
      expect(container.livenessProbe.httpGet.path).toBe('/healthz');
      expect(deployment.metadata.labels).toEqual(
        expect.objectContaining({
          'app.kubernetes.io/name': 'py-service',
          'backstage.io/kubernetes-id': 'py-service',
          'app.kubernetes.io/part-of': 'checkout',
        }),
      );
      const hpa: any = k8s.get(
        'autoscaling/v2',
        'HorizontalPodAutoscaler',
        'py-service',
        namespace,
      );
      expect(hpa.spec.minReplicas).toBe(minReplicas);
      expect(
        k8s.get('policy/v1', 'PodDisruptionBudget', 'py-service', namespace),
      ).toBeDefined();
      expect(
        k8s.get(
          'networking.k8s.io/v1',
          'NetworkPolicy',
          'py-service',
          namespace,
        ),
      ).toBeDefined();
      expect(k8s.get('v1', 'Service', 'py-service', namespace)).toBeDefined();
      // The sandbox's rollout brings the pod up.
      await until(`a ready pod in ${namespace}`, () =>
        (k8s.get('apps/v1', 'Deployment', 'py-service', namespace) as any)
          ?.status?.readyReplicas >= 1
          ? true
          : undefined,
      );
    }
  });
});

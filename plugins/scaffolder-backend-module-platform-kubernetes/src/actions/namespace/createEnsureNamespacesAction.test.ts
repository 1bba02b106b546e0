import { mockServices } from '@backstage/backend-test-utils';
import type { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import type { TestSandbox } from '@internal/sandbox/testUtils';
import {
  PatchStrategy,
  dumpYaml,
  loadYaml,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { parse } from 'yaml';
import {
  clustersFor,
  configFor,
  objectApi,
  portalPlatformConfig,
  READER_TOKEN,
  startTestClusters,
} from '../../__testUtils__/testClusters';
import { runAction } from '@internal/plugin-platform-node/testUtils';
import { createEnsureNamespacesAction } from './createEnsureNamespacesAction';

jest.setTimeout(30_000);

const API_VERSIONS: Record<string, string> = {
  RoleBinding: 'rbac.authorization.k8s.io/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
};

const request = {
  name: 'invoice-service',
  owner: 'group:default/payments-team',
  environments: ['dev', 'production'],
  tier: 'small',
};

describe('platform:kubernetes:namespace:ensure', () => {
  let sandbox: TestSandbox;
  let platform: JsonObject;
  let config: ConfigReader;
  const auditor = mockServices.auditor.mock();

  beforeAll(async () => {
    sandbox = await startTestClusters();
    platform = await portalPlatformConfig();
    config = configFor(sandbox, platform);
  });
  afterAll(() => sandbox.stop());

  async function ensure(
    input: Record<string, unknown>,
    options: { config?: ConfigReader; dryRun?: boolean; taskId?: string } = {},
  ) {
    const cfg = options.config ?? config;
    const action = createEnsureNamespacesAction({
      config: cfg,
      clusters: clustersFor(cfg),
      auditor,
      logger: mockServices.logger.mock(),
    });
    return runAction(action, input, options);
  }

  /** An object as the API answers it (the client's models rename `default` and `from`). */
  const read = async (
    cluster: string,
    kind: string,
    name: string,
    namespace?: string,
  ) =>
    parse(
      dumpYaml(
        await objectApi(sandbox, cluster).read({
          apiVersion: API_VERSIONS[kind] ?? 'v1',
          kind,
          metadata: { name, namespace: namespace! },
        }),
      ),
    );

  it("creates each environment's namespace on its cluster, with everything in it", async () => {
    const { outputs, error, checkpoints } = await ensure(request);
    expect(error).toBeUndefined();
    // One checkpoint per environment, so a resumed task skips finished ones.
    expect(checkpoints).toEqual([
      'ensure.namespace.nonprod-cluster.invoice-service-dev',
      'ensure.namespace.prod-cluster.invoice-service-production',
    ]);
    expect(outputs.namespaces).toEqual([
      'invoice-service-dev',
      'invoice-service-production',
    ]);
    expect(
      outputs.environments.map((e: any) => [
        e.environment,
        e.cluster,
        e.namespace,
      ]),
    ).toEqual([
      ['dev', 'nonprod-cluster', 'invoice-service-dev'],
      ['production', 'prod-cluster', 'invoice-service-production'],
    ]);
    expect(
      outputs.environments[0].objects.map(
        (o: any) => `${o.action} ${o.kind}/${o.name}`,
      ),
    ).toEqual([
      'created Namespace/invoice-service-dev',
      'created ResourceQuota/tier-quota',
      'created LimitRange/tier-limits',
      'created RoleBinding/team-edit',
      'created NetworkPolicy/default-deny-ingress',
      'created NetworkPolicy/allow-platform-ingress',
      'created ServiceAccount/ci-deployer',
      'created RoleBinding/ci-deployer-edit',
    ]);

    const ns = await read(
      'prod-cluster',
      'Namespace',
      'invoice-service-production',
    );
    expect(ns.metadata.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'developer-portal',
      'developer-portal.acme.example/team': 'payments-team',
      'developer-portal.acme.example/service': 'invoice-service',
      'developer-portal.acme.example/environment': 'production',
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
    expect(ns.metadata.annotations).toMatchObject({
      'developer-portal.acme.example/entity-ref':
        'component:default/invoice-service',
      'developer-portal.acme.example/task-id': 'task-1',
    });
    // Only on its own environment's cluster.
    await expect(
      read('nonprod-cluster', 'Namespace', 'invoice-service-production'),
    ).rejects.toMatchObject({ code: 404 });

    const quota = await read(
      'nonprod-cluster',
      'ResourceQuota',
      'tier-quota',
      'invoice-service-dev',
    );
    expect(quota.spec.hard).toEqual({
      'requests.cpu': '1',
      'requests.memory': '1Gi',
      'limits.cpu': '2',
      'limits.memory': '2Gi',
      pods: '10',
      services: '5',
      persistentvolumeclaims: '2',
    });
    const binding = await read(
      'nonprod-cluster',
      'RoleBinding',
      'team-edit',
      'invoice-service-dev',
    );
    expect(binding.subjects).toEqual([
      {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Group',
        name: 'payments-team',
      },
    ]);
    const kubectl = await sandbox
      .cluster('prod-cluster')
      .kubectl([
        'get',
        'resourcequota,limitrange,rolebinding,networkpolicy,serviceaccount',
        '-n',
        'invoice-service-production',
        '-o',
        'name',
      ]);
    expect(kubectl.stdout.trim().split('\n').sort()).toEqual([
      'limitrange/tier-limits',
      'networkpolicy.networking.k8s.io/allow-platform-ingress',
      'networkpolicy.networking.k8s.io/default-deny-ingress',
      'resourcequota/tier-quota',
      'rolebinding.rbac.authorization.k8s.io/ci-deployer-edit',
      'rolebinding.rbac.authorization.k8s.io/team-edit',
      'serviceaccount/ci-deployer',
    ]);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'namespace-ensure',
        meta: expect.objectContaining({
          cluster: 'prod-cluster',
          namespace: 'invoice-service-production',
          taskId: 'task-1',
        }),
      }),
    );
  });

  it('changes nothing when run again, and keeps the task that created the namespace', async () => {
    sandbox.clearRequests();
    const { outputs, error } = await ensure(request, { taskId: 'task-2' });
    expect(error).toBeUndefined();
    expect(sandbox.writes()).toEqual([]);
    // Reads only: each object once, the namespace twice, and discovery.
    expect(sandbox.cluster('nonprod-cluster').requests.count()).toBeLessThan(
      20,
    );
    for (const environment of outputs.environments) {
      expect(
        environment.objects.every((o: any) => o.action === 'unchanged'),
      ).toBe(true);
    }
    const ns = await read(
      'nonprod-cluster',
      'Namespace',
      'invoice-service-dev',
    );
    expect(
      ns.metadata.annotations['developer-portal.acme.example/task-id'],
    ).toBe('task-1');
  });

  it('gives the same state on 100 runs for one environment, with no write after the first', async () => {
    // A team of its own, so the other tests' team caps do not count it.
    const steady = {
      ...request,
      name: 'steady',
      owner: 'group:default/steady-team',
      environments: ['dev'],
    };
    const objects: Array<[string, string]> = [
      ['ResourceQuota', 'tier-quota'],
      ['LimitRange', 'tier-limits'],
      ['RoleBinding', 'team-edit'],
      ['NetworkPolicy', 'default-deny-ingress'],
      ['NetworkPolicy', 'allow-platform-ingress'],
      ['ServiceAccount', 'ci-deployer'],
      ['RoleBinding', 'ci-deployer-edit'],
    ];
    // Every object whole, resourceVersion and managed fields included.
    const state = async () => [
      await read('nonprod-cluster', 'Namespace', 'steady-dev'),
      ...(await Promise.all(
        objects.map(([kind, name]) =>
          read('nonprod-cluster', kind, name, 'steady-dev'),
        ),
      )),
    ];

    const first = await ensure(steady, { taskId: 'steady-0' });
    expect(first.error).toBeUndefined();
    const created = await state();
    expect(created.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/steady-dev',
      ...objects.map(([kind, name]) => `${kind}/${name}`),
    ]);
    sandbox.clearRequests();

    const changed: string[] = [];
    const states: unknown[] = [];
    for (let run = 1; run <= 100; run += 1) {
      const { outputs, error } = await ensure(steady, {
        taskId: `steady-${run}`,
      });
      if (error) changed.push(`run ${run}: ${error.message}`);
      for (const o of outputs.environments?.[0]?.objects ?? []) {
        if (o.action !== 'unchanged') {
          changed.push(`run ${run}: ${o.action} ${o.kind}/${o.name}`);
        }
      }
      // Read back along the way too, not only at the end.
      if (run % 25 === 0) states.push(await state());
    }
    expect(changed).toEqual([]);
    expect(states).toEqual([created, created, created, created]);

    expect(sandbox.writes()).toEqual([]);
    // It did call the cluster each time: reads only.
    expect(
      sandbox.cluster('nonprod-cluster').requests.count(),
    ).toBeGreaterThanOrEqual(100 * (objects.length + 1));
    expect(await state()).toEqual(created);
  }, 180_000);

  it('puts back drift and leaves what others set alone', async () => {
    const api = objectApi(sandbox, 'nonprod-cluster');
    const quota = await read(
      'nonprod-cluster',
      'ResourceQuota',
      'tier-quota',
      'invoice-service-dev',
    );
    quota.spec.hard['requests.memory'] = '64Gi';
    await api.replace(loadYaml<KubernetesObject>(JSON.stringify(quota)));
    const ns = await read(
      'nonprod-cluster',
      'Namespace',
      'invoice-service-dev',
    );
    delete ns.metadata.labels['developer-portal.acme.example/team'];
    ns.metadata.labels['cost-center'] = 'cc-42';
    await api.replace(loadYaml<KubernetesObject>(JSON.stringify(ns)));

    const { outputs, error } = await ensure(request);
    expect(error).toBeUndefined();
    expect(
      outputs.environments[0].objects
        .filter((o: any) => o.action !== 'unchanged')
        .map((o: any) => `${o.action} ${o.kind}/${o.name}`),
    ).toEqual([
      'updated Namespace/invoice-service-dev',
      'updated ResourceQuota/tier-quota',
    ]);
    const after = await read(
      'nonprod-cluster',
      'ResourceQuota',
      'tier-quota',
      'invoice-service-dev',
    );
    expect(after.spec.hard['requests.memory']).toBe('1Gi');
    const nsAfter = await read(
      'nonprod-cluster',
      'Namespace',
      'invoice-service-dev',
    );
    expect(nsAfter.metadata.labels).toMatchObject({
      'developer-portal.acme.example/team': 'payments-team',
      'cost-center': 'cc-42',
    });
  });

  it('puts back a changed RoleBinding and LimitRange, and leaves an object someone else made', async () => {
    const api = objectApi(sandbox, 'nonprod-cluster');
    const binding = await read(
      'nonprod-cluster',
      'RoleBinding',
      'team-edit',
      'invoice-service-dev',
    );
    binding.subjects = [
      {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Group',
        name: 'intruders',
      },
    ];
    await api.replace(loadYaml<KubernetesObject>(JSON.stringify(binding)));
    const limits = await read(
      'nonprod-cluster',
      'LimitRange',
      'tier-limits',
      'invoice-service-dev',
    );
    limits.spec.limits[0].default.cpu = '4';
    await api.replace(loadYaml<KubernetesObject>(JSON.stringify(limits)));
    await api.create(
      loadYaml<KubernetesObject>(
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'team-settings', namespace: 'invoice-service-dev' },
          data: { greeting: 'hello' },
        }),
      ),
    );
    const before = await read(
      'nonprod-cluster',
      'ConfigMap',
      'team-settings',
      'invoice-service-dev',
    );
    sandbox.clearRequests();

    const { outputs, error } = await ensure(request);
    expect(error).toBeUndefined();
    expect(
      outputs.environments[0].objects
        .filter((o: any) => o.action !== 'unchanged')
        .map((o: any) => `${o.action} ${o.kind}/${o.name}`),
    ).toEqual([
      'updated LimitRange/tier-limits',
      'updated RoleBinding/team-edit',
    ]);
    expect(sandbox.writes().map(w => `${w.method} ${w.path}`)).toEqual([
      'PATCH /api/v1/namespaces/invoice-service-dev/limitranges/tier-limits',
      'PATCH /apis/rbac.authorization.k8s.io/v1/namespaces/invoice-service-dev/rolebindings/team-edit',
    ]);
    expect(
      (
        await read(
          'nonprod-cluster',
          'RoleBinding',
          'team-edit',
          'invoice-service-dev',
        )
      ).subjects,
    ).toEqual([
      {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Group',
        name: 'payments-team',
      },
    ]);
    expect(
      (
        await read(
          'nonprod-cluster',
          'LimitRange',
          'tier-limits',
          'invoice-service-dev',
        )
      ).spec.limits[0].default,
    ).toEqual({ cpu: '500m', memory: '256Mi' });
    expect(
      await read(
        'nonprod-cluster',
        'ConfigMap',
        'team-settings',
        'invoice-service-dev',
      ),
    ).toEqual(before);
  });

  it('follows a changed tier, removing what the old tier set', async () => {
    const gpu = await ensure({
      ...request,
      environments: ['dev'],
      tier: 'gpu',
    });
    expect(gpu.error).toBeUndefined();
    let quota = await read(
      'nonprod-cluster',
      'ResourceQuota',
      'tier-quota',
      'invoice-service-dev',
    );
    expect(quota.spec.hard).toMatchObject({
      'requests.nvidia.com/gpu': '2',
      'requests.storage': '100Gi',
    });

    const medium = await ensure({
      ...request,
      environments: ['dev'],
      tier: 'medium',
    });
    expect(medium.error).toBeUndefined();
    quota = await read(
      'nonprod-cluster',
      'ResourceQuota',
      'tier-quota',
      'invoice-service-dev',
    );
    expect(quota.spec.hard['requests.memory']).toBe('4Gi');
    expect(quota.spec.hard['requests.nvidia.com/gpu']).toBeUndefined();
    expect(quota.spec.hard['requests.storage']).toBeUndefined();
    const limits = await read(
      'nonprod-cluster',
      'LimitRange',
      'tier-limits',
      'invoice-service-dev',
    );
    expect(limits.spec.limits[0].default).toEqual({
      cpu: '1',
      memory: '512Mi',
    });
  });

  it('leaves a quota key another field manager set, and stops writing', async () => {
    const shared = {
      ...request,
      name: 'quota-shared',
      // Another team, so the namespace caps below count as they say.
      owner: 'group:default/ops-team',
      environments: ['dev'],
    };
    expect((await ensure(shared)).error).toBeUndefined();
    // Someone else adds a key of their own with server-side apply.
    await objectApi(sandbox, 'nonprod-cluster').patch(
      loadYaml<KubernetesObject>(
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'ResourceQuota',
          metadata: { name: 'tier-quota', namespace: 'quota-shared-dev' },
          spec: { hard: { 'count/configmaps': '20' } },
        }),
      ),
      undefined,
      undefined,
      'ops-team',
      false,
      PatchStrategy.ServerSideApply,
    );
    const quotaHard = async () =>
      (
        await read(
          'nonprod-cluster',
          'ResourceQuota',
          'tier-quota',
          'quota-shared-dev',
        )
      ).spec.hard;

    for (let run = 0; run < 2; run++) {
      sandbox.clearRequests();
      const { outputs, error } = await ensure(shared);
      expect(error).toBeUndefined();
      expect(outputs.environments[0].objects[1]).toMatchObject({
        kind: 'ResourceQuota',
        action: 'unchanged',
      });
      expect(sandbox.writes()).toEqual([]);
    }
    expect((await quotaHard())['count/configmaps']).toBe('20');

    // A tier change still removes what the old tier set, and only that.
    expect((await ensure({ ...shared, tier: 'gpu' })).error).toBeUndefined();
    expect(await quotaHard()).toMatchObject({
      'requests.nvidia.com/gpu': '2',
      'count/configmaps': '20',
    });
    expect((await ensure(shared)).error).toBeUndefined();
    const hard = await quotaHard();
    expect(hard['requests.nvidia.com/gpu']).toBeUndefined();
    expect(hard['requests.storage']).toBeUndefined();
    expect(hard['count/configmaps']).toBe('20');
    sandbox.clearRequests();
    expect((await ensure(shared)).error).toBeUndefined();
    expect(sandbox.writes()).toEqual([]);
  });

  it("lets in only the same namespace and the ingress controller's and monitoring namespaces of the settings", async () => {
    const settings = configFor(sandbox, {
      ...platform,
      kubernetes: {
        ...(platform.kubernetes as JsonObject | undefined),
        ingressNamespace: 'traefik',
        monitoringNamespace: 'observability',
      },
    });
    const { error } = await ensure(
      {
        ...request,
        name: 'fenced',
        owner: 'group:default/ops-team',
        environments: ['dev'],
      },
      { config: settings },
    );
    expect(error).toBeUndefined();
    const deny = await read(
      'nonprod-cluster',
      'NetworkPolicy',
      'default-deny-ingress',
      'fenced-dev',
    );
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    const allow = await read(
      'nonprod-cluster',
      'NetworkPolicy',
      'allow-platform-ingress',
      'fenced-dev',
    );
    const from = (name: string) => ({
      from: [
        {
          namespaceSelector: {
            matchLabels: { 'kubernetes.io/metadata.name': name },
          },
        },
      ],
    });
    expect(allow.spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [
        { from: [{ podSelector: {} }] },
        from('traefik'),
        from('observability'),
      ],
    });
  });

  it("labels the namespace with its tier's Pod Security level", async () => {
    const tiers = platform.tiers as JsonObject[];
    const environments = platform.environments as JsonObject[];
    const relaxed = configFor(sandbox, {
      ...platform,
      tiers: [
        ...tiers,
        {
          ...tiers.find(t => t.name === 'small')!,
          name: 'relaxed',
          podSecurity: 'baseline',
        },
      ],
      environments: environments.map(e =>
        e.name === 'dev'
          ? { ...e, tiers: [...(e.tiers as string[]), 'relaxed'] }
          : e,
      ),
    });
    const { error } = await ensure(
      {
        ...request,
        name: 'legacy-app',
        owner: 'group:default/ops-team',
        environments: ['dev'],
        tier: 'relaxed',
      },
      { config: relaxed },
    );
    expect(error).toBeUndefined();
    const ns = await read('nonprod-cluster', 'Namespace', 'legacy-app-dev');
    expect(ns.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/audit': 'baseline',
      'pod-security.kubernetes.io/warn': 'baseline',
    });
  });

  it('writes nothing in a dry run and returns the objects it would apply', async () => {
    sandbox.clearRequests();
    const { outputs, error } = await ensure(
      { ...request, name: 'billing-api', environments: ['dev', 'staging'] },
      { dryRun: true },
    );
    expect(error).toBeUndefined();
    expect(sandbox.writes()).toEqual([]);
    // The namespaces were sent as server-side dry runs.
    expect(
      sandbox.cluster('nonprod-cluster').requests.count({ method: 'PATCH' }),
    ).toBe(2);
    expect(outputs.namespaces).toEqual([
      'billing-api-dev',
      'billing-api-staging',
    ]);
    expect(outputs.manifests).toHaveLength(16);
    expect(outputs.manifests[0]).toMatchObject({
      kind: 'Namespace',
      metadata: { name: 'billing-api-dev' },
    });
    expect(outputs.manifests[1]).toMatchObject({
      kind: 'ResourceQuota',
      spec: { hard: { 'requests.cpu': '1' } },
    });
    await expect(
      read('nonprod-cluster', 'Namespace', 'billing-api-dev'),
    ).rejects.toMatchObject({ code: 404 });
  });

  it('refuses every policy violation at once, before any call', async () => {
    sandbox.clearRequests();
    const { error } = await ensure({
      name: `kube-${'x'.repeat(60)}`,
      owner: 'user:default/alex',
      environments: ['dev', 'qa'],
      tier: 'large',
    });
    expect(error?.name).toBe('InputError');
    expect(error?.message).toContain("name: '");
    expect(error?.message).toContain('name: may have at most 52 characters');
    expect(error?.message).toContain(
      "environments[1]: 'qa' is not an environment",
    );
    expect(error?.message).toContain("tier: 'large' is not allowed in dev");
    expect(error?.message).toContain('owner: must be a group entity ref');
    expect(sandbox.cluster('nonprod-cluster').requests.count()).toBe(0);
    expect(sandbox.cluster('prod-cluster').requests.count()).toBe(0);
  });

  it("refuses a request over the team's namespace cap", async () => {
    const capped = configFor(sandbox, {
      ...platform,
      teamLimits: { default: { namespaces: 3 } },
    });
    // payments-team holds invoice-service-dev and -production already.
    const { error } = await ensure(
      { ...request, name: 'ledger', environments: ['dev', 'staging'] },
      { config: capped },
    );
    expect(error?.message).toBe(
      'owner: group:default/payments-team may own at most 3 namespaces; it owns 2 and this asks for 2 more',
    );
    // The service's own namespaces do not count against it on a re-run.
    expect((await ensure(request, { config: capped })).error).toBeUndefined();
  });

  it('reports a team cap together with the other violations, before any write', async () => {
    const capped = configFor(sandbox, {
      ...platform,
      teamLimits: { default: { namespaces: 3 } },
    });
    sandbox.clearRequests();
    const { error } = await ensure(
      {
        ...request,
        name: 'ledger',
        environments: ['dev', 'staging', 'qa'],
        tier: 'large',
      },
      { config: capped },
    );
    expect(error?.name).toBe('InputError');
    expect(error?.message).toContain(
      "environments[2]: 'qa' is not an environment",
    );
    expect(error?.message).toContain("tier: 'large' is not allowed in dev");
    // payments-team owns 2; 'qa' asks for none.
    expect(error?.message).toContain(
      'owner: group:default/payments-team may own at most 3 namespaces; it owns 2 and this asks for 2 more',
    );
    expect(sandbox.writes()).toEqual([]);
  });

  it("refuses a request over the team's cpu and memory caps, counting its quotas on the clusters", async () => {
    const capped = configFor(sandbox, {
      ...platform,
      teamLimits: { default: { namespaces: 30, cpu: '3', memory: '5Gi' } },
    });
    sandbox.clearRequests();
    // payments-team's two small namespaces hold 2 cpu and 2Gi; medium asks 2 and 4Gi.
    const { error } = await ensure(
      { ...request, name: 'ledger', environments: ['dev'], tier: 'medium' },
      { config: capped },
    );
    expect(error?.name).toBe('InputError');
    expect(error?.message).toContain(
      'owner: group:default/payments-team may request at most 3 of cpu over all its namespaces; it holds 2 and this asks for 2 more',
    );
    expect(error?.message).toContain(
      'owner: group:default/payments-team may request at most 5Gi of memory over all its namespaces; it holds 2Gi and this asks for 4Gi more',
    );
    expect(sandbox.writes()).toEqual([]);
    // Within the caps, the same team goes on.
    expect(
      (
        await ensure(
          { ...request, name: 'ledger', environments: ['dev'] },
          { config: capped },
        )
      ).error,
    ).toBeUndefined();
  });

  it('names the cluster and the verb when the cluster refuses', async () => {
    const { error } = await ensure(
      { ...request, name: 'forbidden', environments: ['dev'] },
      { config: configFor(sandbox, platform, { token: READER_TOKEN }) },
    );
    expect(error?.name).toBe('NotAllowedError');
    expect(error?.message).toMatch(
      /^The portal may not apply Namespace forbidden-dev on cluster nonprod-cluster: /,
    );
  });

  it("gives the API's causes when the cluster refuses an object as invalid", async () => {
    const faults = sandbox.cluster('nonprod-cluster').faults;
    const fault = faults.add({
      method: 'PATCH',
      path: /limitranges/,
      status: 422,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        reason: 'Invalid',
        code: 422,
        message: 'LimitRange "tier-limits" is invalid',
        details: {
          name: 'tier-limits',
          kind: 'LimitRange',
          causes: [
            {
              reason: 'FieldValueInvalid',
              field: 'spec.limits[0].default.cpu',
              message:
                'Invalid value: "100m": must be greater than or equal to cpu request',
            },
          ],
        },
      },
    });
    sandbox.clearRequests();
    const { error } = await ensure({
      ...request,
      name: 'invalid',
      environments: ['dev'],
    });
    fault.remove();
    expect(error?.name).toBe('InputError');
    expect(error?.message).toBe(
      'The cluster refused to apply LimitRange invalid-dev/tier-limits on cluster nonprod-cluster: spec.limits[0].default.cpu: Invalid value: "100m": must be greater than or equal to cpu request',
    );
    // Not retried: a 422 will not pass on a second try.
    expect(
      sandbox
        .cluster('nonprod-cluster')
        .requests.count({ method: 'PATCH', path: /limitranges/ }),
    ).toBe(1);
  });

  it('with onFailure: report, reports a failure with the namespaces it created before it; a later task created none', async () => {
    const fault = sandbox.cluster('prod-cluster').faults.add({
      method: 'PATCH',
      path: /limitranges/,
      status: 403,
    });
    const first = await ensure(
      { ...request, name: 'reported', onFailure: 'report' },
      { taskId: 'task-reported-1' },
    );
    fault.remove();
    expect(first.error).toBeUndefined();
    expect(first.outputs.failed).toBe(true);
    expect(first.outputs.error).toMatch(
      /^The portal may not apply LimitRange reported-production\/tier-limits on cluster prod-cluster: /,
    );
    // The production namespace was created before its LimitRange failed.
    expect(first.outputs.createdNamespaces).toEqual([
      'reported-dev',
      'reported-production',
    ]);
    expect(first.outputs.createdEnvironments).toEqual(['dev', 'production']);

    const second = await ensure(
      { ...request, name: 'reported', onFailure: 'report' },
      { taskId: 'task-reported-2' },
    );
    expect(second.outputs.failed).toBe(false);
    expect(second.outputs.createdNamespaces).toEqual([]);
    expect(second.outputs.createdEnvironments).toEqual([]);
  });

  it('retries server errors and goes on', async () => {
    const faults = sandbox.cluster('nonprod-cluster').faults;
    const fault = faults.add({
      method: 'PATCH',
      path: /resourcequotas/,
      status: 503,
      times: 2,
    });
    const { outputs, error } = await ensure({
      ...request,
      name: 'retried',
      environments: ['dev'],
    });
    fault.remove();
    expect(error).toBeUndefined();
    expect(outputs.environments[0].objects[1]).toMatchObject({
      kind: 'ResourceQuota',
      action: 'created',
    });
  });

  it('abandons a call the cluster does not answer and makes it again', async () => {
    const faults = sandbox.cluster('nonprod-cluster').faults;
    const fault = faults.add({
      method: 'PATCH',
      path: /resourcequotas/,
      latencyMs: 10_000,
      times: 1,
    });
    const impatient = configFor(sandbox, {
      ...platform,
      kubernetes: { requestTimeout: '500ms' },
    });
    const started = Date.now();
    const { outputs, error } = await ensure(
      { ...request, name: 'hung', environments: ['dev'] },
      { config: impatient },
    );
    fault.remove();
    expect(error).toBeUndefined();
    expect(fault.hits).toBe(1);
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(outputs.environments[0].objects[1]).toMatchObject({
      kind: 'ResourceQuota',
      action: 'created',
    });
  });

  it('reports the environments of a cluster that is up when another is down', async () => {
    const down = configFor(sandbox, platform, {
      urls: { 'prod-cluster': 'https://127.0.0.1:1' },
    });
    const { outputs, error } = await ensure(
      { ...request, name: 'partial' },
      { config: down },
    );
    expect(outputs.namespaces).toEqual(['partial-dev']);
    expect(error?.message).toMatch(
      /^Could not read Namespace partial-production on cluster prod-cluster: the cluster is unreachable/,
    );
  });

  describe('a preview environment', () => {
    const inHours = (hours: number) =>
      new Date(Date.now() + hours * 60 * 60 * 1000).toISOString();

    it("creates <service>-preview-<suffix> on the previews' cluster with its expiry", async () => {
      const expiresAt = inHours(8);
      const { outputs, error } = await ensure({
        ...request,
        environments: ['preview-pr-7'],
        expiresAt,
      });
      expect(error).toBeUndefined();
      expect(outputs.namespaces).toEqual(['invoice-service-preview-pr-7']);
      const namespace = await read(
        'nonprod-cluster',
        'Namespace',
        'invoice-service-preview-pr-7',
      );
      expect(namespace.metadata.annotations).toMatchObject({
        'developer-portal.acme.example/expires-at': expiresAt,
        'developer-portal.acme.example/entity-ref':
          'component:default/invoice-service',
      });
      expect(namespace.metadata.labels).toMatchObject({
        'app.kubernetes.io/managed-by': 'developer-portal',
        'developer-portal.acme.example/environment': 'preview-pr-7',
      });
      const quota = await read(
        'nonprod-cluster',
        'ResourceQuota',
        'tier-quota',
        'invoice-service-preview-pr-7',
      );
      expect(quota.spec.hard['requests.cpu']).toBeDefined();
    });

    it('extends a preview: a later expiry on its namespace, one write, nothing else changed', async () => {
      const preview = { ...request, environments: ['preview-pr-9'] };
      const created = await ensure(
        { ...preview, expiresAt: inHours(2) },
        { taskId: 'preview-task' },
      );
      expect(created.error).toBeUndefined();
      // Set by someone else meanwhile: stays.
      const api = objectApi(sandbox, 'nonprod-cluster');
      const live = await read(
        'nonprod-cluster',
        'Namespace',
        'invoice-service-preview-pr-9',
      );
      live.metadata.labels['cost-center'] = 'cc-42';
      await api.replace(loadYaml<KubernetesObject>(JSON.stringify(live)));
      sandbox.clearRequests();

      const expiresAt = inHours(48);
      const { outputs, error } = await ensure(
        { ...preview, expiresAt },
        { taskId: 'extend-task' },
      );
      expect(error).toBeUndefined();
      expect(
        outputs.environments[0].objects.map(
          (o: any) => `${o.action} ${o.kind}/${o.name}`,
        ),
      ).toEqual([
        'updated Namespace/invoice-service-preview-pr-9',
        'unchanged ResourceQuota/tier-quota',
        'unchanged LimitRange/tier-limits',
        'unchanged RoleBinding/team-edit',
        'unchanged NetworkPolicy/default-deny-ingress',
        'unchanged NetworkPolicy/allow-platform-ingress',
        'unchanged ServiceAccount/ci-deployer',
        'unchanged RoleBinding/ci-deployer-edit',
      ]);
      expect(outputs.createdNamespaces).toEqual([]);
      // One server-side apply of the namespace, under the portal's field manager.
      expect(
        sandbox.writes().map(w => [w.server, w.method, w.path, w.query]),
      ).toEqual([
        [
          'nonprod-cluster',
          'PATCH',
          '/api/v1/namespaces/invoice-service-preview-pr-9',
          expect.objectContaining({ fieldManager: 'developer-portal' }),
        ],
      ]);
      const after = await read(
        'nonprod-cluster',
        'Namespace',
        'invoice-service-preview-pr-9',
      );
      expect(after.metadata.annotations).toEqual({
        ...live.metadata.annotations,
        'developer-portal.acme.example/expires-at': expiresAt,
        // The task that created it stays on it.
        'developer-portal.acme.example/task-id': 'preview-task',
      });
      expect(after.metadata.labels).toEqual(live.metadata.labels);
    });

    it('with existingOnly, converges a namespace that is there and creates none that is gone', async () => {
      const preview = { ...request, environments: ['preview-pr-5'] };
      sandbox.clearRequests();
      const gone = await ensure({
        ...preview,
        expiresAt: inHours(4),
        existingOnly: true,
      });
      expect(gone.error?.message).toContain(
        'namespace invoice-service-preview-pr-5 on nonprod-cluster does not exist, and existingOnly says not to create it: the preview has expired and was deleted; request a new preview',
      );
      expect(sandbox.writes()).toEqual([]);
      expect(
        sandbox
          .cluster('nonprod-cluster')
          .get('v1', 'Namespace', 'invoice-service-preview-pr-5'),
      ).toBeUndefined();

      expect((await ensure({ ...preview, expiresAt: inHours(2) })).error).toBe(
        undefined,
      );
      const expiresAt = inHours(6);
      const extended = await ensure({
        ...preview,
        expiresAt,
        existingOnly: true,
      });
      expect(extended.error).toBeUndefined();
      expect(
        (
          await read(
            'nonprod-cluster',
            'Namespace',
            'invoice-service-preview-pr-5',
          )
        ).metadata.annotations['developer-portal.acme.example/expires-at'],
      ).toBe(expiresAt);
    });

    it('refuses a preview without an expiry, an expiry without a preview, and an expiry out of bounds, naming the field', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [
          { environments: ['preview-pr-8'] },
          'expiresAt: is required with a preview environment: every preview namespace expires',
        ],
        [
          { environments: ['dev'], expiresAt: inHours(1) },
          'expiresAt: applies only to preview environments (preview-<suffix>); the others do not expire',
        ],
        [
          { environments: ['preview-pr-8'], expiresAt: 'tomorrow' },
          "expiresAt: must be an RFC 3339 time such as 2026-12-02T18:00:00Z, got 'tomorrow'",
        ],
        [
          { environments: ['preview-pr-8'], expiresAt: '2020-01-01T00:00:00Z' },
          'expiresAt: must be in the future, got 2020-01-01T00:00:00Z',
        ],
      ];
      for (const [input, message] of cases) {
        const { error } = await ensure({ ...request, ...input });
        expect(error?.name).toBe('InputError');
        expect(error?.message).toContain(message);
      }
      const far = inHours(1000);
      const { error } = await ensure({
        ...request,
        environments: ['preview-pr-8'],
        expiresAt: far,
      });
      expect(error?.message).toContain(
        `expiresAt: must be at most platform.previews.maxTtlHours (168) hours ahead, got ${far}`,
      );
      expect(
        sandbox
          .cluster('nonprod-cluster')
          .get('v1', 'Namespace', 'invoice-service-preview-pr-8'),
      ).toBeUndefined();
    });
  });
});

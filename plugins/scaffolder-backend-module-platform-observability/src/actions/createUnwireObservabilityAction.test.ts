import { mockServices } from '@backstage/backend-test-utils';
import type { AuditorServiceEvent } from '@backstage/backend-plugin-api';
import type { ConfigReader } from '@backstage/config';
import type { TestSandbox } from '@internal/sandbox/testUtils';
import { runAction } from '@internal/plugin-platform-node/testUtils';
import { startFakeGrafana } from '../__testUtils__/fakeGrafana';
import {
  clustersFor,
  configFor,
  portalPlatformConfig,
  startTestClusters,
} from '../__testUtils__/testClusters';
import { createUnwireObservabilityAction } from './createUnwireObservabilityAction';
import { createWireObservabilityAction } from './createWireObservabilityAction';

jest.setTimeout(60_000);

const deps = (config: ConfigReader, auditor = mockServices.auditor.mock()) => ({
  config,
  clusters: clustersFor(config),
  auditor,
  logger: mockServices.logger.mock(),
});

const SLO = {
  availability: '99.9',
  latencyObjective: '95',
  latencyThresholdMs: 300,
  period: '30d',
};

/** The one auditor event of a run, with its success and fail as mocks. */
async function onlyEvent(
  auditor: ReturnType<typeof mockServices.auditor.mock>,
) {
  expect(auditor.createEvent).toHaveBeenCalledTimes(1);
  return (await auditor.createEvent.mock.results[0]
    .value) as AuditorServiceEvent & {
    success: jest.Mock;
    fail: jest.Mock;
  };
}

describe('platform:observability:unwire', () => {
  let sandbox: TestSandbox;
  let config: ConfigReader;

  /** Wires invoice-service in dev, as the golden path does. */
  const wire = () =>
    runAction(createWireObservabilityAction(deps(config)), {
      name: 'invoice-service',
      owner: 'group:default/payments-team',
      environments: ['dev'],
      slo: {
        availability: '99.9',
        latencyObjective: '95',
        latencyThresholdMs: 300,
        period: '30d',
      },
    });

  beforeAll(async () => {
    sandbox = await startTestClusters();
    config = configFor(sandbox, await portalPlatformConfig());
    await sandbox
      .cluster('nonprod-cluster')
      .kubectl(['create', 'namespace', 'invoice-service-dev']);
    const { error } = await wire();
    if (error) throw error;
  }, 60_000);
  afterAll(() => sandbox.stop());

  const unwire = (dryRun = false) =>
    runAction(
      createUnwireObservabilityAction(deps(config)),
      { name: 'invoice-service', environments: ['dev'] },
      { dryRun },
    );

  const expected = [
    'dev: ServiceMonitor/invoice-service',
    'dev: PrometheusRule/invoice-service-slo',
    'dev: ConfigMap/invoice-service-dashboard',
  ];

  it('deletes nothing in a dry run and says what it would delete', async () => {
    sandbox.clearRequests();
    const { outputs, error } = await unwire(true);
    expect(error).toBeUndefined();
    expect(outputs.deleted).toEqual(expected);
    expect(sandbox.writes()).toEqual([]);
  });

  it('deletes what wire applied, and nothing on a re-run', async () => {
    const { outputs, error } = await unwire();
    expect(error).toBeUndefined();
    expect(outputs.deleted).toEqual(expected);
    const left = await sandbox
      .cluster('nonprod-cluster')
      .kubectl([
        'get',
        'servicemonitor,prometheusrule,configmap',
        '-n',
        'invoice-service-dev',
        '-o',
        'name',
      ]);
    expect(left.stdout).not.toMatch(/invoice-service/);

    sandbox.clearRequests();
    const again = await unwire();
    expect(again.outputs.deleted).toEqual([]);
    expect(sandbox.writes()).toEqual([]);
  });

  it('given objects, deletes only those', async () => {
    const { error } = await wire();
    expect(error).toBeUndefined();
    const { outputs } = await runAction(
      createUnwireObservabilityAction(deps(config)),
      {
        name: 'invoice-service',
        environments: ['dev'],
        objects: ['dev: ServiceMonitor/invoice-service'],
      },
    );
    expect(outputs.deleted).toEqual(['dev: ServiceMonitor/invoice-service']);
    const left = await sandbox
      .cluster('nonprod-cluster')
      .kubectl([
        'get',
        'servicemonitor,prometheusrule,configmap',
        '-n',
        'invoice-service-dev',
        '-o',
        'name',
      ]);
    expect(left.stdout).not.toMatch(/servicemonitor/);
    expect(left.stdout).toMatch(/prometheusrule.*invoice-service-slo/);
    expect(left.stdout).toMatch(/configmap\/invoice-service-dashboard/);
    const rest = await runAction(
      createUnwireObservabilityAction(deps(config)),
      { name: 'invoice-service', environments: ['dev'] },
    );
    expect(rest.outputs.deleted).toEqual(expected.slice(1));
  });

  it("deletes nothing of an environment where one object is someone else's", async () => {
    const { error: wired } = await wire();
    expect(wired).toBeUndefined();
    const cluster = sandbox.cluster('nonprod-cluster');
    // The dashboard's ConfigMap, taken over by another tool.
    await cluster.kubectl([
      'label',
      '--overwrite',
      'configmap/invoice-service-dashboard',
      '-n',
      'invoice-service-dev',
      'app.kubernetes.io/managed-by=grafana-operator',
    ]);
    sandbox.clearRequests();
    const { error } = await unwire();
    expect(error?.name).toBe('ConflictError');
    expect(error?.message).toBe(
      'ConfigMap invoice-service-dev/invoice-service-dashboard on cluster nonprod-cluster was not created by the portal for invoice-service; not deleting it',
    );
    expect(sandbox.writes()).toEqual([]);
    const left = await cluster.kubectl([
      'get',
      'servicemonitor,prometheusrule,configmap',
      '-n',
      'invoice-service-dev',
      '-o',
      'name',
    ]);
    expect(left.stdout).toMatch(/servicemonitor.*\/invoice-service\n/);
    expect(left.stdout).toMatch(/prometheusrule.*\/invoice-service-slo/);
    await cluster.kubectl([
      'delete',
      'servicemonitor/invoice-service',
      'prometheusrule/invoice-service-slo',
      'configmap/invoice-service-dashboard',
      '-n',
      'invoice-service-dev',
    ]);
  });

  it('refuses to delete an object the portal did not create', async () => {
    await sandbox
      .cluster('nonprod-cluster')
      .kubectl([
        'create',
        'configmap',
        'invoice-service-dashboard',
        '-n',
        'invoice-service-dev',
      ]);
    const { error } = await unwire();
    expect(error?.name).toBe('ConflictError');
    expect(error?.message).toMatch(/not created by the portal/);
  });

  it('names an unknown environment', async () => {
    const { error } = await runAction(
      createUnwireObservabilityAction(deps(config)),
      { name: 'invoice-service', environments: ['moon'] },
    );
    expect(error?.name).toBe('InputError');
    expect(error?.message).toMatch(
      /^environments\[0\]: 'moon' is not an environment of this portal \(dev, /,
    );
  });
  describe('with Grafana configured', () => {
    let grafana: Awaited<ReturnType<typeof startFakeGrafana>>;
    let withGrafana: ConfigReader;
    const uid = 'billing-service-dev';
    const dashboardKey = `dev: GrafanaDashboard/${uid}`;

    const wireBilling = async () => {
      const { error } = await runAction(
        createWireObservabilityAction(deps(withGrafana)),
        {
          name: 'billing-service',
          owner: 'group:default/payments-team',
          environments: ['dev'],
          slo: SLO,
        },
      );
      expect(error).toBeUndefined();
      expect(grafana.dashboards.has(uid)).toBe(true);
    };

    const unwireBilling = (
      options: {
        config?: ConfigReader;
        objects?: string[];
        dryRun?: boolean;
        auditor?: ReturnType<typeof mockServices.auditor.mock>;
      } = {},
    ) =>
      runAction(
        createUnwireObservabilityAction(
          deps(options.config ?? withGrafana, options.auditor),
        ),
        {
          name: 'billing-service',
          environments: ['dev'],
          ...(options.objects && { objects: options.objects }),
        },
        { dryRun: options.dryRun },
      );

    const grafanaConfig = async (token: string) =>
      configFor(sandbox, await portalPlatformConfig(), {
        grafana: { url: grafana.url, token, folder: 'services' },
      });

    beforeAll(async () => {
      grafana = await startFakeGrafana('grafana-token', {
        viewerToken: 'viewer-token',
      });
      withGrafana = await grafanaConfig('grafana-token');
      await sandbox
        .cluster('nonprod-cluster')
        .kubectl(['create', 'namespace', 'billing-service-dev']);
    });
    afterAll(() => grafana?.stop());

    it('deletes the dashboard through the API, audited, and nothing on a re-run', async () => {
      await wireBilling();
      grafana.requests.length = 0;
      const deleted = [
        'dev: ServiceMonitor/billing-service',
        'dev: PrometheusRule/billing-service-slo',
        dashboardKey,
      ];
      const dry = await unwireBilling({ dryRun: true });
      expect(dry.error).toBeUndefined();
      expect(dry.outputs.deleted).toEqual(deleted);
      expect(grafana.writes()).toEqual([]);
      expect(grafana.dashboards.has(uid)).toBe(true);

      const auditor = mockServices.auditor.mock();
      const { outputs, error } = await unwireBilling({ auditor });
      expect(error).toBeUndefined();
      expect(outputs.deleted).toEqual(deleted);
      expect(grafana.writes()).toEqual([
        {
          method: 'DELETE',
          path: `/api/dashboards/uid/${uid}`,
          body: undefined,
        },
      ]);
      expect(grafana.dashboards.has(uid)).toBe(false);
      expect(auditor.createEvent).toHaveBeenCalledWith({
        eventId: 'observability-unwire',
        severityLevel: 'medium',
        meta: {
          taskId: 'task-1',
          initiator: null,
          service: 'billing-service',
          cluster: 'nonprod-cluster',
          namespace: 'billing-service-dev',
        },
      });
      const event = await onlyEvent(auditor);
      expect(event.success).toHaveBeenCalledWith({ meta: { deleted } });
      expect(event.fail).not.toHaveBeenCalled();

      grafana.requests.length = 0;
      const again = await unwireBilling();
      expect(again.outputs.deleted).toEqual([]);
      expect(grafana.writes()).toEqual([]);
    });

    it('given objects, deletes the dashboard only when they name it', async () => {
      await wireBilling();
      grafana.requests.length = 0;
      const others = await unwireBilling({
        objects: ['dev: ServiceMonitor/billing-service'],
      });
      expect(others.outputs.deleted).toEqual([
        'dev: ServiceMonitor/billing-service',
      ]);
      expect(grafana.writes()).toEqual([]);
      expect(grafana.dashboards.has(uid)).toBe(true);

      const named = await unwireBilling({ objects: [dashboardKey] });
      expect(named.error).toBeUndefined();
      expect(named.outputs.deleted).toEqual([dashboardKey]);
      expect(grafana.dashboards.has(uid)).toBe(false);
      const left = await sandbox
        .cluster('nonprod-cluster')
        .kubectl([
          'get',
          'prometheusrule',
          '-n',
          'billing-service-dev',
          '-o',
          'name',
        ]);
      expect(left.stdout).toMatch(/billing-service-slo/);

      const rest = await unwireBilling();
      expect(rest.outputs.deleted).toEqual([
        'dev: PrometheusRule/billing-service-slo',
      ]);
    });

    it('refuses a dashboard without the portal tag, leaves it, and audits the failure', async () => {
      grafana.dashboards.set(uid, {
        dashboard: { uid, title: 'Billing (hand-made)', tags: ['billing'] },
        folderUid: 'services',
        version: 1,
      });
      grafana.requests.length = 0;
      const auditor = mockServices.auditor.mock();
      const { error } = await unwireBilling({ auditor });
      expect(error?.name).toBe('ConflictError');
      expect(error?.message).toBe(
        `Grafana dashboard ${uid} was not created by the portal; not deleting it`,
      );
      expect(grafana.writes()).toEqual([]);
      expect(grafana.dashboards.get(uid)?.dashboard.title).toBe(
        'Billing (hand-made)',
      );
      const event = await onlyEvent(auditor);
      expect(event.fail).toHaveBeenCalledWith({ error });
      expect(event.success).not.toHaveBeenCalled();
      grafana.dashboards.delete(uid);
    });

    it('fails, audited, when Grafana refuses the delete, and leaves the dashboard', async () => {
      await wireBilling();
      const auditor = mockServices.auditor.mock();
      const { error } = await unwireBilling({
        config: await grafanaConfig('viewer-token'),
        objects: [dashboardKey],
        auditor,
      });
      expect(error?.name).toBe('NotAllowedError');
      expect(error?.message).toMatch(
        new RegExp(`^Grafana refused to delete dashboard ${uid}: HTTP 403 `),
      );
      expect(error?.message).not.toContain('viewer-token');
      expect(grafana.dashboards.has(uid)).toBe(true);
      const event = await onlyEvent(auditor);
      expect(event.fail).toHaveBeenCalledWith({ error });
      expect(event.success).not.toHaveBeenCalled();
    });
  });
});

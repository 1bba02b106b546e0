import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import type { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { LATENCY_BUCKETS_MS } from '@internal/plugin-platform-common';
import type { TestSandbox } from '@internal/sandbox/testUtils';
import { stringify } from 'yaml';
import { startFakeGrafana } from '../__testUtils__/fakeGrafana';
import {
  findBinary,
  runBinary,
  skipNote,
} from '../__testUtils__/prometheusBinaries';
import { runAction } from '@internal/plugin-platform-node/testUtils';
import {
  clustersFor,
  configFor,
  portalPlatformConfig,
  startTestClusters,
} from '../__testUtils__/testClusters';
import { createWireObservabilityAction } from './createWireObservabilityAction';

jest.setTimeout(60_000);

const promtool = findBinary('promtool');
const describeWithPromtool = promtool ? describe : describe.skip;

const SLO = {
  availability: '99.9',
  latencyObjective: '95',
  latencyThresholdMs: 300,
  period: '30d',
};

const request = {
  name: 'invoice-service',
  owner: 'group:default/payments-team',
  environments: ['dev', 'production'],
  slo: SLO,
};

describe('platform:observability:wire', () => {
  let sandbox: TestSandbox;
  let platform: JsonObject;
  let config: ConfigReader;
  const auditor = mockServices.auditor.mock();

  beforeAll(async () => {
    sandbox = await startTestClusters();
    platform = await portalPlatformConfig();
    config = configFor(sandbox, platform, {
      dashboardBaseUrl: 'https://grafana.acme.example',
    });
    await sandbox
      .cluster('nonprod-cluster')
      .kubectl(['create', 'namespace', 'invoice-service-dev']);
    await sandbox
      .cluster('prod-cluster')
      .kubectl(['create', 'namespace', 'invoice-service-production']);
  }, 60_000);
  afterAll(() => sandbox.stop());

  async function wire(
    input: Record<string, unknown>,
    options: {
      config?: ConfigReader;
      dryRun?: boolean;
      logger?: ReturnType<typeof mockServices.logger.mock>;
    } = {},
  ) {
    const cfg = options.config ?? config;
    const action = createWireObservabilityAction({
      config: cfg,
      clusters: clustersFor(cfg),
      auditor,
      logger: mockServices.logger.mock(),
    });
    return runAction(action, input, options);
  }

  const getJson = async (cluster: string, args: string[]) =>
    JSON.parse(
      (await sandbox.cluster(cluster).kubectl([...args, '-o', 'json'])).stdout,
    );

  const actions = (outputs: Record<string, any>) =>
    outputs.environments.map((e: any) =>
      e.objects.map((o: any) => `${o.action} ${o.kind}/${o.name}`),
    );

  it('writes nothing in a dry run and says what it would create', async () => {
    sandbox.clearRequests();
    const { outputs, error } = await wire(request, { dryRun: true });
    expect(error).toBeUndefined();
    expect(sandbox.writes()).toEqual([]);
    expect(actions(outputs)[0]).toEqual([
      'created ServiceMonitor/invoice-service',
      'created PrometheusRule/invoice-service-slo',
      'created ConfigMap/invoice-service-dashboard',
    ]);
    expect(outputs.manifests).toHaveLength(6);
  });

  it("creates the monitor, rules and dashboard in each environment's namespace", async () => {
    const { outputs, error } = await wire(request);
    expect(error).toBeUndefined();
    expect(actions(outputs)).toEqual([
      [
        'created ServiceMonitor/invoice-service',
        'created PrometheusRule/invoice-service-slo',
        'created ConfigMap/invoice-service-dashboard',
      ],
      [
        'created ServiceMonitor/invoice-service',
        'created PrometheusRule/invoice-service-slo',
        'created ConfigMap/invoice-service-dashboard',
      ],
    ]);
    expect(outputs.dashboardUrls).toEqual([
      'https://grafana.acme.example/d/invoice-service-dev',
      'https://grafana.acme.example/d/invoice-service-production',
    ]);
    expect(outputs.alertNames).toEqual([
      'ServiceAvailabilityBudgetBurn',
      'ServiceLatencyBudgetBurn',
      'ServiceMetricsAbsent',
    ]);
    expect(outputs.ruleGroups).toEqual([
      'invoice-service-dev-availability',
      'invoice-service-dev-latency',
      'invoice-service-dev-metrics',
      'invoice-service-production-availability',
      'invoice-service-production-latency',
      'invoice-service-production-metrics',
    ]);

    const rule = await getJson('prod-cluster', [
      'get',
      'prometheusrule',
      'invoice-service-slo',
      '-n',
      'invoice-service-production',
    ]);
    const alert = rule.spec.groups[0].rules.find((r: any) => r.alert);
    expect(alert.labels).toMatchObject({
      team: 'payments-team',
      service: 'invoice-service',
      environment: 'production',
      severity: 'page',
    });
    expect(alert.annotations.runbook_url).toBe(
      'https://portal.acme.example/catalog/default/component/invoice-service',
    );
    expect(alert.annotations.dashboard_url).toBe(
      'https://grafana.acme.example/d/invoice-service-production',
    );
    expect(outputs.environments.map((e: any) => e.dashboardUrl)).toEqual(
      outputs.dashboardUrls,
    );
    const monitor = await getJson('nonprod-cluster', [
      'get',
      'servicemonitor',
      'invoice-service',
      '-n',
      'invoice-service-dev',
    ]);
    expect(monitor.spec.endpoints).toEqual([
      { port: 'http', path: '/metrics', interval: '30s' },
    ]);
    const configMap = await getJson('nonprod-cluster', [
      'get',
      'configmap',
      'invoice-service-dashboard',
      '-n',
      'invoice-service-dev',
    ]);
    expect(configMap.metadata.labels.grafana_dashboard).toBe('1');
    expect(JSON.parse(configMap.data['invoice-service-dev.json']).uid).toBe(
      'invoice-service-dev',
    );
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'observability-wire' }),
    );
  });

  it('links no dashboard when no Grafana URL is configured, and says so', async () => {
    // A bare /d/<uid> would resolve against the portal, not Grafana.
    const logger = mockServices.logger.mock();
    // A service not wired yet: the dry run reports the objects as built.
    const { outputs, error } = await wire(
      { ...request, name: 'unlinked-service' },
      {
        config: configFor(sandbox, platform),
        dryRun: true,
        logger,
      },
    );
    expect(error).toBeUndefined();
    expect(outputs.dashboardUrls).toEqual([]);
    expect(outputs.environments).toHaveLength(2);
    for (const environment of outputs.environments) {
      expect(environment).not.toHaveProperty('dashboardUrl');
    }
    const alerts = outputs.manifests
      .filter((m: any) => m.kind === 'PrometheusRule')
      .flatMap((m: any) => m.spec.groups.flatMap((g: any) => g.rules))
      .filter((r: any) => r.alert);
    expect(alerts.length).toBeGreaterThan(0);
    for (const alert of alerts) {
      expect(alert.annotations).not.toHaveProperty('dashboard_url');
      expect(alert.annotations.runbook_url).toMatch(/^https:\/\//);
    }
    // The dashboards themselves are still delivered.
    expect(
      outputs.manifests.filter((m: any) => m.kind === 'ConfigMap'),
    ).toHaveLength(2);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'No Grafana URL is configured (platform.observability.dashboardBaseUrl',
      ),
    );
  });

  it('takes the dashboard link out of the alerts once no Grafana URL is configured', async () => {
    const input = {
      ...request,
      name: 'relinked-service',
      environments: ['dev'],
    };
    await sandbox
      .cluster('nonprod-cluster')
      .kubectl(['create', 'namespace', 'relinked-service-dev']);
    const alertAnnotations = async () =>
      (
        await getJson('nonprod-cluster', [
          'get',
          'prometheusrule',
          'relinked-service-slo',
          '-n',
          'relinked-service-dev',
        ])
      ).spec.groups
        .flatMap((g: any) => g.rules)
        .filter((r: any) => r.alert)
        .map((r: any) => r.annotations);
    expect((await wire(input)).error).toBeUndefined();
    expect((await alertAnnotations())[0].dashboard_url).toBe(
      'https://grafana.acme.example/d/relinked-service-dev',
    );

    const { outputs, error } = await wire(input, {
      config: configFor(sandbox, platform),
    });
    expect(error).toBeUndefined();
    expect(actions(outputs)[0]).toContain(
      'updated PrometheusRule/relinked-service-slo',
    );
    const annotations = await alertAnnotations();
    expect(annotations.length).toBeGreaterThan(0);
    for (const annotation of annotations) {
      expect(annotation).not.toHaveProperty('dashboard_url');
    }
  });

  describeWithPromtool(
    `the applied rules${skipNote('promtool', promtool)}`,
    () => {
      it('pass promtool check rules as the clusters hold them', async () => {
        const dir = await mkdtemp(join(tmpdir(), 'applied-rules-'));
        try {
          for (const [cluster, namespace] of [
            ['nonprod-cluster', 'invoice-service-dev'],
            ['prod-cluster', 'invoice-service-production'],
          ]) {
            const rule = await getJson(cluster, [
              'get',
              'prometheusrule',
              'invoice-service-slo',
              '-n',
              namespace,
            ]);
            expect(rule.spec.groups).toHaveLength(3);
            // A PrometheusRule's spec is a rule file: the operator hands it
            // to Prometheus as it is.
            const file = join(dir, `${namespace}.rules.yaml`);
            await writeFile(file, stringify(rule.spec));
            expect(
              await runBinary(promtool!, ['check', 'rules', file]),
            ).toMatch(/SUCCESS: \d+ rules found/);
          }
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      });
    },
  );

  it('makes no write when run again', async () => {
    sandbox.clearRequests();
    const { outputs, error } = await wire(request);
    expect(error).toBeUndefined();
    expect(sandbox.writes()).toEqual([]);
    expect(
      actions(outputs)
        .flat()
        .every((a: string) => a.startsWith('unchanged')),
    ).toBe(true);
  });

  it('puts drifted rules and dashboards back', async () => {
    await sandbox
      .cluster('nonprod-cluster')
      .kubectl([
        'patch',
        'prometheusrule',
        'invoice-service-slo',
        '-n',
        'invoice-service-dev',
        '--type',
        'merge',
        '-p',
        JSON.stringify({ spec: { groups: [] } }),
      ]);
    await sandbox
      .cluster('nonprod-cluster')
      .kubectl([
        'patch',
        'configmap',
        'invoice-service-dashboard',
        '-n',
        'invoice-service-dev',
        '--type',
        'merge',
        '-p',
        JSON.stringify({ data: { 'invoice-service-dev.json': '{}' } }),
      ]);
    const { outputs, error } = await wire({
      ...request,
      environments: ['dev'],
    });
    expect(error).toBeUndefined();
    expect(actions(outputs)).toEqual([
      [
        'unchanged ServiceMonitor/invoice-service',
        'updated PrometheusRule/invoice-service-slo',
        'updated ConfigMap/invoice-service-dashboard',
      ],
    ]);
    const rule = await getJson('nonprod-cluster', [
      'get',
      'prometheusrule',
      'invoice-service-slo',
      '-n',
      'invoice-service-dev',
    ]);
    expect(rule.spec.groups).toHaveLength(3);
  });

  it('refuses bad SLO input naming each field and its rule in words, before any call', async () => {
    sandbox.clearRequests();
    const { error } = await wire({
      ...request,
      environments: ['dev', 'moon'],
      slo: {
        ...SLO,
        availability: 100,
        period: '90d',
        latencyThresholdMs: 301,
      },
    });
    expect(error?.name).toBe('InputError');
    // `<field>: <the rule, in words>`, joined by platform-common's
    // formatViolations as every action of the portal words it.
    expect(error?.message.split('; ')).toEqual([
      expect.stringMatching(
        /^environments\[1\]: 'moon' is not an environment of this portal \(dev, /,
      ),
      'slo.availability: must be a percentage strictly between 0 and 100 written as a decimal (e.g. 99.9), not 100',
      `slo.latencyThresholdMs: must be a bucket boundary of the latency histogram (${LATENCY_BUCKETS_MS.join(
        ', ',
      )} ms), not 301`,
      'slo.period: must be one of 7d, 28d, 30d, not "90d"',
    ]);
    expect(sandbox.writes()).toEqual([]);
  });

  it('fails clearly where the namespace does not exist yet', async () => {
    const { error } = await wire({
      ...request,
      name: 'ledger-service',
      environments: ['dev'],
    });
    expect(error?.name).toBe('NotFoundError');
    expect(error?.message).toMatch(
      /ledger-service-dev does not exist on cluster nonprod-cluster/,
    );
  });

  it('with onFailure: report, reports a failure with what it created before it; a re-run created nothing new', async () => {
    await sandbox
      .cluster('nonprod-cluster')
      .kubectl(['create', 'namespace', 'audit-service-dev']);
    const fault = sandbox.cluster('nonprod-cluster').faults.add({
      method: 'PATCH',
      path: /prometheusrules/,
      status: 403,
    });
    const input = {
      ...request,
      name: 'audit-service',
      environments: ['dev'],
      onFailure: 'report',
    };
    const first = await wire(input);
    fault.remove();
    expect(first.error).toBeUndefined();
    expect(first.outputs.failed).toBe(true);
    expect(first.outputs.error).toMatch(
      /^The portal may not apply PrometheusRule audit-service-dev\/audit-service-slo on cluster nonprod-cluster: /,
    );
    expect(first.outputs.created).toEqual([
      'dev: ServiceMonitor/audit-service',
    ]);

    const second = await wire(input);
    expect(second.outputs.failed).toBe(false);
    expect(second.outputs.created).toEqual([
      'dev: PrometheusRule/audit-service-slo',
      'dev: ConfigMap/audit-service-dashboard',
    ]);
  });

  describe('with Grafana configured', () => {
    it('saves the dashboard through the API, in the folder, and not again on re-run', async () => {
      const grafana = await startFakeGrafana('grafana-token');
      try {
        const cfg = configFor(sandbox, platform, {
          grafana: {
            url: grafana.url,
            token: 'grafana-token',
            folder: 'services',
          },
        });
        const input = {
          ...request,
          name: 'billing-service',
          environments: ['dev'],
        };
        await sandbox
          .cluster('nonprod-cluster')
          .kubectl(['create', 'namespace', 'billing-service-dev']);

        const dry = await wire(input, { config: cfg, dryRun: true });
        expect(dry.error).toBeUndefined();
        expect(grafana.writes()).toEqual([]);

        const { outputs, error } = await wire(input, { config: cfg });
        expect(error).toBeUndefined();
        expect(actions(outputs)).toEqual([
          [
            'created ServiceMonitor/billing-service',
            'created PrometheusRule/billing-service-slo',
            'created GrafanaDashboard/billing-service-dev',
          ],
        ]);
        expect(outputs.dashboardUrls).toEqual([
          `${grafana.url}/d/billing-service-dev`,
        ]);
        const saves = grafana.writes();
        expect(saves).toHaveLength(1);
        expect(saves[0].body).toMatchObject({
          folderUid: 'services',
          overwrite: true,
          dashboard: { uid: 'billing-service-dev', id: null },
        });
        const configMaps = await getJson('nonprod-cluster', [
          'get',
          'configmap',
          '-n',
          'billing-service-dev',
          '-l',
          'grafana_dashboard=1',
        ]);
        expect(configMaps.items).toEqual([]);

        grafana.requests.length = 0;
        const again = await wire(input, { config: cfg });
        expect(again.error).toBeUndefined();
        expect(grafana.writes()).toEqual([]);

        // An edit in Grafana's UI is put back.
        grafana.dashboards.get('billing-service-dev')!.dashboard.title =
          'edited';
        const back = await wire(input, { config: cfg });
        expect(actions(back.outputs)[0][2]).toBe(
          'updated GrafanaDashboard/billing-service-dev',
        );
        expect(
          grafana.dashboards.get('billing-service-dev')!.dashboard.title,
        ).toBe('billing-service (dev)');
      } finally {
        await grafana.stop();
      }
    });

    it('puts a dashboard moved to another folder back, and reports it changed', async () => {
      const grafana = await startFakeGrafana('grafana-token');
      try {
        const cfg = configFor(sandbox, platform, {
          grafana: {
            url: grafana.url,
            token: 'grafana-token',
            folder: 'services',
          },
        });
        const input = {
          ...request,
          name: 'ledger-service',
          environments: ['dev'],
        };
        const uid = 'ledger-service-dev';
        await sandbox
          .cluster('nonprod-cluster')
          .kubectl(['create', 'namespace', 'ledger-service-dev']);
        const first = await wire(input, { config: cfg });
        expect(first.error).toBeUndefined();
        expect(grafana.dashboards.get(uid)?.folderUid).toBe('services');

        // Moved in Grafana, as its UI does it: the dashboard as read,
        // saved into another folder.
        const headers = {
          authorization: 'Bearer grafana-token',
          'content-type': 'application/json',
        };
        const live = await (
          await fetch(`${grafana.url}/api/dashboards/uid/${uid}`, { headers })
        ).json();
        const moved = await fetch(`${grafana.url}/api/dashboards/db`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            dashboard: live.dashboard,
            folderUid: 'archive',
            overwrite: true,
          }),
        });
        expect(moved.status).toBe(200);
        expect(grafana.dashboards.get(uid)?.folderUid).toBe('archive');
        const movedDashboard = grafana.dashboards.get(uid)!.dashboard;

        grafana.requests.length = 0;
        const logger = mockServices.logger.mock();
        const back = await wire(input, { config: cfg, logger });
        expect(back.error).toBeUndefined();
        expect(actions(back.outputs)).toEqual([
          [
            'unchanged ServiceMonitor/ledger-service',
            'unchanged PrometheusRule/ledger-service-slo',
            `updated GrafanaDashboard/${uid}`,
          ],
        ]);
        expect(logger.info).toHaveBeenCalledWith(
          expect.stringContaining(`updated GrafanaDashboard/${uid}`),
        );
        const saves = grafana.writes();
        expect(saves).toHaveLength(1);
        expect(saves[0].body).toMatchObject({
          folderUid: 'services',
          overwrite: true,
          dashboard: { uid },
        });
        expect(grafana.dashboards.get(uid)?.folderUid).toBe('services');
        // Only the folder was off: the dashboard is saved as it was.
        expect(grafana.dashboards.get(uid)!.dashboard).toEqual(movedDashboard);

        grafana.requests.length = 0;
        const again = await wire(input, { config: cfg });
        expect(actions(again.outputs)[0][2]).toBe(
          `unchanged GrafanaDashboard/${uid}`,
        );
        expect(grafana.writes()).toEqual([]);
      } finally {
        await grafana.stop();
      }
    });

    it('reports a refused token as NotAllowedError', async () => {
      const grafana = await startFakeGrafana('right-token');
      try {
        const cfg = configFor(sandbox, platform, {
          grafana: {
            url: grafana.url,
            token: 'wrong-token',
            folder: 'services',
          },
        });
        const { error } = await wire(
          { ...request, environments: ['dev'] },
          { config: cfg },
        );
        expect(error?.name).toBe('NotAllowedError');
        expect(error?.message).toContain('HTTP 401');
        expect(error?.message).not.toContain('wrong-token');
      } finally {
        await grafana.stop();
      }
    });
  });
});

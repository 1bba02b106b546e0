import { mockServices } from '@backstage/backend-test-utils';
import type { ConfigReader } from '@backstage/config';
import type { TestSandbox } from '@internal/sandbox/testUtils';
import { runAction } from '@internal/plugin-platform-node/testUtils';
import {
  clustersFor,
  configFor,
  portalPlatformConfig,
  startTestClusters,
} from '../__testUtils__/testClusters';
import { createUnwireObservabilityAction } from './createUnwireObservabilityAction';
import { createWireObservabilityAction } from './createWireObservabilityAction';

jest.setTimeout(60_000);

const deps = (config: ConfigReader) => ({
  config,
  clusters: clustersFor(config),
  auditor: mockServices.auditor.mock(),
  logger: mockServices.logger.mock(),
});

describe('platform:observability:unwire', () => {
  let sandbox: TestSandbox;
  let config: ConfigReader;

  beforeAll(async () => {
    sandbox = await startTestClusters();
    config = configFor(sandbox, await portalPlatformConfig());
    await sandbox
      .cluster('nonprod-cluster')
      .kubectl(['create', 'namespace', 'invoice-service-dev']);
    const { error } = await runAction(
      createWireObservabilityAction(deps(config)),
      {
        name: 'invoice-service',
        owner: 'group:default/payments-team',
        environments: ['dev'],
        slo: {
          availability: '99.9',
          latencyObjective: '95',
          latencyThresholdMs: 300,
          period: '30d',
        },
      },
    );
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
    const { error } = await runAction(
      createWireObservabilityAction(deps(config)),
      {
        name: 'invoice-service',
        owner: 'group:default/payments-team',
        environments: ['dev'],
        slo: {
          availability: '99.9',
          latencyObjective: '95',
          latencyThresholdMs: 300,
          period: '30d',
        },
      },
    );
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
    expect(error?.message).toContain('environments[0]');
  });
});

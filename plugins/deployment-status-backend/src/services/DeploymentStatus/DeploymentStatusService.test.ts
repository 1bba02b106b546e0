import type { Entity } from '@backstage/catalog-model';
import type { PlatformConfig } from '@internal/plugin-platform-common';
import { DeploymentStatusService } from './DeploymentStatusService';

const platform = {
  environments: [
    { name: 'dev', cluster: 'nonprod-cluster' },
    { name: 'production', cluster: 'prod-cluster' },
  ].map(e => ({
    ...e,
    title: e.name,
    namespace: '{service}-{environment}',
    tiers: ['small'],
    approval: false,
  })),
  tiers: [],
  teamLimits: { default: { namespaces: 10 }, teams: [] },
} as unknown as PlatformConfig;

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'invoice-service', annotations },
  spec: {},
});

const wired = entity({
  'backstage.io/kubernetes-id': 'invoice-service',
  'grafana/dashboard-selector':
    "tags @> 'invoice-service' && tags @> 'developer-portal'",
});

describe('DeploymentStatusService dashboards', () => {
  it("links each environment's dashboard of a wired service under Grafana's URL", async () => {
    const service = new DeploymentStatusService(platform, new Map(), {
      dashboardBaseUrl: 'https://grafana.acme.example',
    });
    const status = await service.statusOf(wired);
    expect(status.environments.map(e => e.dashboardUrl)).toEqual([
      'https://grafana.acme.example/d/invoice-service-dev',
      'https://grafana.acme.example/d/invoice-service-production',
    ]);
  });

  it('links nothing without the annotation or without a Grafana URL', async () => {
    const withUrl = new DeploymentStatusService(platform, new Map(), {
      dashboardBaseUrl: 'https://grafana.acme.example',
    });
    const unwired = await withUrl.statusOf(
      entity({ 'backstage.io/kubernetes-id': 'invoice-service' }),
    );
    expect(unwired.environments.map(e => e.dashboardUrl)).toEqual([
      undefined,
      undefined,
    ]);
    const withoutUrl = await new DeploymentStatusService(
      platform,
      new Map(),
    ).statusOf(wired);
    expect(withoutUrl.environments.map(e => e.dashboardUrl)).toEqual([
      undefined,
      undefined,
    ]);
  });
});

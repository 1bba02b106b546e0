import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import {
  LABELS,
  METRICS_ENDPOINT,
  PORTAL_NAME,
} from '@internal/plugin-platform-common';
import type { Manifest } from '@internal/plugin-platform-node';
import { buildPrometheusRule, type Slo, type SloTarget } from '../slo';

/** The label Grafana's dashboard sidecar watches ConfigMaps for. */
export const GRAFANA_DASHBOARD_LABEL = 'grafana_dashboard';

function labels(service: string): Record<string, string> {
  return { [LABELS.managedBy]: PORTAL_NAME, [LABELS.name]: service };
}

/** Scrapes the service's metrics port, found by the label every golden-path Service has. */
export function serviceMonitor(target: SloTarget): Manifest {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: {
      name: target.service,
      namespace: target.namespace,
      labels: labels(target.service),
    },
    spec: {
      selector: { matchLabels: { [LABELS.name]: target.service } },
      endpoints: [
        {
          port: METRICS_ENDPOINT.port,
          path: METRICS_ENDPOINT.path,
          interval: '30s',
        },
      ],
    },
  };
}

/** The dashboard as a ConfigMap the sidecar loads into Grafana. */
export function dashboardConfigMap(
  target: SloTarget,
  dashboard: Dashboard,
): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `${target.service}-dashboard`,
      namespace: target.namespace,
      labels: { ...labels(target.service), [GRAFANA_DASHBOARD_LABEL]: '1' },
    },
    data: { [`${dashboard.uid}.json`]: JSON.stringify(dashboard, null, 2) },
  };
}

/** Everything `platform:observability:wire` applies in a namespace, in order. */
export function observabilityObjects(
  slo: Slo,
  target: SloTarget,
  dashboard?: Dashboard,
): Manifest[] {
  return [
    serviceMonitor(target),
    buildPrometheusRule(slo, target) as unknown as Manifest,
    ...(dashboard ? [dashboardConfigMap(target, dashboard)] : []),
  ];
}

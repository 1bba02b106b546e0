import type { Config } from '@backstage/config';
import { createHash } from 'node:crypto';

/** Grafana refuses uids longer than 40 characters. */
const MAX_UID = 40;

/**
 * The uid of the dashboard `platform:observability:wire` builds for a
 * service in one environment: `<service>-<environment>`, shortened with a
 * hash when too long. Whoever links to that dashboard computes it here.
 */
export function dashboardUid(target: {
  service: string;
  environment: string;
}): string {
  const uid = `${target.service}-${target.environment}`;
  if (uid.length <= MAX_UID) {
    return uid;
  }
  const hash = createHash('sha256').update(uid).digest('hex').slice(0, 8);
  return `${uid.slice(0, MAX_UID - 9)}-${hash}`;
}

/**
 * Grafana as people reach it, from `platform.observability`: `grafana.url`
 * when dashboards go through Grafana's API, else `dashboardBaseUrl`; without
 * a trailing slash. Undefined when neither is configured.
 */
export function readDashboardBaseUrl(config: Config): string | undefined {
  const section = config.getOptionalConfig('platform.observability');
  const url =
    section?.getOptionalString('grafana.url') ??
    section?.getOptionalString('dashboardBaseUrl');
  return url?.replace(/\/+$/, '');
}

import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type {
  EnvironmentAlerts,
  FiringAlert,
} from '@internal/plugin-deployment-status-common';
import { SingleFlightCache } from '../cache/SingleFlightCache';

/** How long Alertmanager's answers are kept: every viewer of a service shares them. */
const TTL_MS = 15_000;
const TIMEOUT_MS = 5_000;

/** The most severe first; severities not listed come after these. */
const SEVERITY_ORDER = [
  'critical',
  'page',
  'error',
  'warning',
  'ticket',
  'info',
];
const rank = (severity?: string) => {
  const index = SEVERITY_ORDER.indexOf(severity ?? '');
  return index < 0 ? SEVERITY_ORDER.length : index;
};

/** An alert as `GET /api/v2/alerts` answers it (the fields read here). */
interface GettableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt: string;
  generatorURL?: string;
}

/** Alertmanager's label matchers quote values as PromQL strings do. */
const quote = (value: string) =>
  `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * The alerts firing for a service, per environment, from an Alertmanager:
 * `GET /api/v2/alerts` filtered on the `service` label the portal's alert
 * rules carry, grouped by their `environment` label. Silenced and
 * inhibited alerts are left out: someone has already taken them in hand.
 * Answers are cached per service for a short while, one call in flight per
 * service, so the number of viewers does not multiply calls.
 */
export class AlertmanagerAlerts {
  private readonly cache = new SingleFlightCache<GettableAlert[]>(TTL_MS);

  static fromConfig(
    config: Config,
    logger: LoggerService,
  ): AlertmanagerAlerts | undefined {
    const baseUrl = config.getOptionalString(
      'deploymentStatus.alertmanager.baseUrl',
    );
    return baseUrl ? new AlertmanagerAlerts(baseUrl, logger) : undefined;
  }

  constructor(
    private readonly baseUrl: string,
    private readonly logger: LoggerService,
  ) {}

  /** For each environment by name; never throws: a failure is an `error` on each. */
  async of(
    service: string,
    environments: string[],
  ): Promise<Map<string, EnvironmentAlerts>> {
    const result = new Map<string, EnvironmentAlerts>();
    let alerts: GettableAlert[];
    try {
      alerts = await this.cache.get(service, () => this.read(service));
    } catch (error) {
      const message = `Could not read alerts from Alertmanager: ${
        (error as Error)?.message ?? error
      }`;
      this.logger.warn(`${message} (service ${service})`);
      for (const name of environments) {
        result.set(name, { firing: [], error: message });
      }
      return result;
    }
    for (const name of environments) {
      const firing = alerts
        .filter(alert => alert.labels.environment === name)
        .map(toFiringAlert)
        .sort(
          (a, b) =>
            rank(a.severity) - rank(b.severity) ||
            a.startsAt.localeCompare(b.startsAt),
        );
      result.set(name, { firing });
    }
    return result;
  }

  private async read(service: string): Promise<GettableAlert[]> {
    const url = new URL(`${this.baseUrl.replace(/\/+$/, '')}/api/v2/alerts`);
    url.searchParams.set('active', 'true');
    url.searchParams.set('silenced', 'false');
    url.searchParams.set('inhibited', 'false');
    url.searchParams.append('filter', `service=${quote(service)}`);
    const response = await fetch(url, {
      headers: { Accept: 'application/json' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) {
      throw new Error(
        `${url.origin} answered ${response.status} ${response.statusText}`,
      );
    }
    return (await response.json()) as GettableAlert[];
  }
}

function toFiringAlert(alert: GettableAlert): FiringAlert {
  const { labels, annotations = {} } = alert;
  return {
    name: labels.alertname ?? 'unnamed alert',
    ...(labels.severity && { severity: labels.severity }),
    ...(annotations.summary && { summary: annotations.summary }),
    startsAt: alert.startsAt,
    ...(alert.generatorURL && { generatorUrl: alert.generatorURL }),
    ...(annotations.runbook_url && { runbookUrl: annotations.runbook_url }),
    ...(annotations.dashboard_url && {
      dashboardUrl: annotations.dashboard_url,
    }),
  };
}

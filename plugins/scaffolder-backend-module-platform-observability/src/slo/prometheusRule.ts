import {
  HTTP_REQUESTS_TOTAL,
  HTTP_REQUEST_DURATION_SECONDS,
  LABELS,
  PORTAL_NAME,
  REQUEST_LABELS,
  latencyBucketLabel,
} from '@internal/plugin-platform-common';
import { Ratio } from './ratio';
import type { Slo, SloTarget } from './types';
import { errorBudget } from './validateSlo';
import { BURN_WINDOWS, burnRate, sliWindows, type BurnWindow } from './windows';

/** One rule of a Prometheus rule group. */
export interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  rules: Rule[];
}

/** A `monitoring.coreos.com/v1` PrometheusRule. */
export interface PrometheusRuleManifest {
  apiVersion: 'monitoring.coreos.com/v1';
  kind: 'PrometheusRule';
  metadata: {
    name: string;
    namespace: string;
    labels: Record<string, string>;
  };
  spec: { groups: RuleGroup[] };
}

/**
 * The labels rules aggregate by. Both are set by the scrape (the Prometheus
 * Operator puts the Service's name in `job`), never by the application, so a
 * label a service adds or drops (a new route, `pod` on a restart) cannot
 * split a ratio or leave an `and` without a match.
 */
export const AGGREGATION_LABELS = ['namespace', 'job'] as const;

/** The alert names, the same for every service: route on the labels. */
export const ALERT_NAMES = {
  availability: 'ServiceAvailabilityBudgetBurn',
  latency: 'ServiceLatencyBudgetBurn',
  absent: 'ServiceMetricsAbsent',
} as const;

export type SloKind = 'availability' | 'latency';

/** The recorded error ratio of an SLO over a window. */
export function sliRecord(window: string): string {
  return `slo:sli_error:ratio_rate${window}`;
}

/** The recorded share of the period's error budget that is left (1 is all, below 0 is spent). */
export const BUDGET_REMAINING_RECORD = 'slo:error_budget:remaining';

const BY = `sum by (${AGGREGATION_LABELS.join(', ')})`;

function selector(target: SloTarget, extra: string[] = []): string {
  return `{${[
    `namespace="${target.namespace}"`,
    `job="${target.service}"`,
    ...extra,
  ].join(', ')}}`;
}

/**
 * The SLI's error ratio over a window. A service with no failures has no 5xx
 * series at all; `or 0 * total` makes that ratio 0 instead of no data, so
 * the budget still shows as full.
 */
function sliExpr(kind: SloKind, slo: Slo, target: SloTarget, window: string) {
  if (kind === 'availability') {
    const total = `${BY} (rate(${HTTP_REQUESTS_TOTAL}${selector(
      target,
    )}[${window}]))`;
    const errors = `${BY} (rate(${HTTP_REQUESTS_TOTAL}${selector(target, [
      `${REQUEST_LABELS.statusCode}=~"5.."`,
    ])}[${window}]))`;
    return `(${errors} or 0 * ${total})\n/\n${total}`;
  }
  const le = latencyBucketLabel(slo.latencyThresholdMs)!;
  const fast = `${BY} (rate(${HTTP_REQUEST_DURATION_SECONDS}_bucket${selector(
    target,
    [`le="${le}"`],
  )}[${window}]))`;
  const all = `${BY} (rate(${HTTP_REQUEST_DURATION_SECONDS}_count${selector(
    target,
  )}[${window}]))`;
  return `1 - (${fast}\n/\n${all})`;
}

/** The labels alerts are routed by. */
function routingLabels(target: SloTarget): Record<string, string> {
  return {
    team: target.team,
    service: target.service,
    environment: target.environment,
  };
}

function objectiveOf(kind: SloKind, slo: Slo): string {
  return kind === 'availability' ? slo.availability : slo.latencyObjective;
}

function describeSlo(kind: SloKind, slo: Slo): string {
  return kind === 'availability'
    ? `${slo.availability}% of requests succeed`
    : `${slo.latencyObjective}% of requests take less than ${slo.latencyThresholdMs} ms`;
}

function burnAlert(
  kind: SloKind,
  window: BurnWindow,
  slo: Slo,
  target: SloTarget,
): Rule {
  const rate = burnRate(window, slo.period);
  const threshold = rate.times(errorBudget(objectiveOf(kind, slo))).toPromQL();
  const sli = (w: string) =>
    `${sliRecord(w)}{slo="${kind}", service="${target.service}", environment="${
      target.environment
    }"}`;
  return {
    alert: ALERT_NAMES[kind],
    expr: `${sli(window.long)} > ${threshold}\nand\n${sli(
      window.short,
    )} > ${threshold}`,
    labels: {
      ...routingLabels(target),
      severity: window.severity,
      slo: kind,
      long: window.long,
      short: window.short,
    },
    annotations: {
      summary: `${target.service} in ${
        target.environment
      } is burning its ${kind} error budget ${rate.toPromQL()} times too fast`,
      description: `Over the last ${window.long} (and still over ${
        window.short
      }) {{ $value | humanizePercentage }} of requests missed the SLO "${describeSlo(
        kind,
        slo,
      )} over ${slo.period}"; at this rate ${window.budgetSpent
        .times(Ratio.of(100))
        .toPromQL()}% of the budget is gone within ${window.long}.`,
      runbook_url: target.runbookUrl,
      ...dashboardLink(target),
    },
  };
}

/** `dashboard_url` when a Grafana URL is known; never a relative link. */
function dashboardLink(target: SloTarget): { dashboard_url?: string } {
  return target.dashboardUrl ? { dashboard_url: target.dashboardUrl } : {};
}

function sloGroup(kind: SloKind, slo: Slo, target: SloTarget): RuleGroup {
  const windows = BURN_WINDOWS.filter(w => slo.severities.includes(w.severity));
  const labels = { ...routingLabels(target), slo: kind };
  const recorded = sliWindows(windows).map(window => ({
    record: sliRecord(window),
    expr: sliExpr(kind, slo, target, window),
    labels,
  }));
  const periodRatio = `avg_over_time(${sliRecord(
    '5m',
  )}{slo="${kind}", service="${target.service}", environment="${
    target.environment
  }"}[${slo.period}])`;
  return {
    name: ruleGroupName(target, kind),
    rules: [
      ...recorded,
      {
        record: sliRecord(slo.period),
        expr: periodRatio,
        labels,
      },
      {
        record: BUDGET_REMAINING_RECORD,
        expr: `1 - ${sliRecord(slo.period)}{slo="${kind}", service="${
          target.service
        }", environment="${target.environment}"} / ${errorBudget(
          objectiveOf(kind, slo),
        ).toPromQL()}`,
        labels,
      },
      ...windows.map(window => burnAlert(kind, window, slo, target)),
    ],
  };
}

/** The name of one of a service's rule groups in an environment. */
export function ruleGroupName(
  target: Pick<SloTarget, 'service' | 'environment'>,
  kind: SloKind | 'metrics',
): string {
  return `${target.service}-${target.environment}-${kind}`;
}

/** How long the metrics may be missing before the absent alert fires. */
export const ABSENT_FOR = '10m';

function absentGroup(slo: Slo, target: SloTarget): RuleGroup {
  return {
    name: ruleGroupName(target, 'metrics'),
    rules: [
      {
        alert: ALERT_NAMES.absent,
        expr: `absent(${HTTP_REQUESTS_TOTAL}${selector(target)})`,
        for: ABSENT_FOR,
        labels: {
          ...routingLabels(target),
          // The least urgent emitted severity: a service with no traffic yet
          // is not an outage, but someone must look.
          severity: slo.severities.includes('ticket') ? 'ticket' : 'page',
        },
        annotations: {
          summary: `${target.service} in ${target.environment} exposes no ${HTTP_REQUESTS_TOTAL}`,
          description: `Prometheus has scraped no ${HTTP_REQUESTS_TOTAL} from job "${target.service}" in namespace ${target.namespace} for ${ABSENT_FOR}: the service is down, not scraped, or no longer exposes the golden-path metrics, and its SLO alerts cannot fire.`,
          runbook_url: target.runbookUrl,
          ...dashboardLink(target),
        },
      },
    ],
  };
}

/** The PrometheusRule's name in the service's namespace. */
export function prometheusRuleName(service: string): string {
  return `${service}-slo`;
}

/**
 * The PrometheusRule of a service in one environment: per SLO, its error
 * ratio recorded over every window an alert needs and over the period, the
 * budget left, and one burn-rate alert per emitted row of the workbook's
 * table; and an alert when the metrics are absent.
 */
export function buildPrometheusRule(
  slo: Slo,
  target: SloTarget,
): PrometheusRuleManifest {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: prometheusRuleName(target.service),
      namespace: target.namespace,
      labels: {
        [LABELS.managedBy]: PORTAL_NAME,
        [LABELS.name]: target.service,
      },
    },
    spec: {
      groups: [
        sloGroup('availability', slo, target),
        sloGroup('latency', slo, target),
        absentGroup(slo, target),
      ],
    },
  };
}

import {
  HTTP_REQUESTS_TOTAL,
  HTTP_REQUEST_DURATION_SECONDS,
  latencyBucketLabel,
} from '@internal/plugin-platform-common';
import {
  ALERT_NAMES,
  BURN_WINDOWS,
  burnRate,
  errorBudget,
  type BurnWindow,
  type PrometheusRuleManifest,
  type Slo,
  type SloKind,
  type SloTarget,
} from '../slo';
import { durationSeconds } from '../slo/windows';

/** Requests per minute in the synthetic series: large, so error counts are whole. */
const PER_MINUTE = 1_000_000;

/** The rule groups as a rule file, without annotations (see `unitTestRuleFile`). */
export function ruleFile(rule: PrometheusRuleManifest) {
  return { groups: rule.spec.groups };
}

/**
 * The rule file promtool's unit tests load. Annotations are dropped: promtool
 * compares them exactly, and the description holds Prometheus's rendering of
 * `$value`; `promtool check rules` and the real server check the templates.
 */
export function unitTestRuleFile(rule: PrometheusRuleManifest) {
  return {
    groups: rule.spec.groups.map(group => ({
      ...group,
      rules: group.rules.map(({ annotations: _a, ...r }) => r),
    })),
  };
}

interface Scenario {
  name: string;
  /** Share of requests that fail (5xx) and that are slower than the threshold. */
  errorRatio: number;
  slowRatio: number;
  /** Minutes of data, and when to evaluate. */
  minutes: number;
}

function seriesFor(target: SloTarget, slo: Slo, scenario: Scenario) {
  const base = `namespace="${target.namespace}", job="${target.service}", method="GET", route="/", pod="${target.service}-0"`;
  const counter = (perMinute: number) => `0+${perMinute}x${scenario.minutes}`;
  const errors = Math.round(scenario.errorRatio * PER_MINUTE);
  const slow = Math.round(scenario.slowRatio * PER_MINUTE);
  const le = latencyBucketLabel(slo.latencyThresholdMs);
  return [
    {
      series: `${HTTP_REQUESTS_TOTAL}{${base}, status_code="200"}`,
      values: counter(PER_MINUTE - errors),
    },
    {
      series: `${HTTP_REQUESTS_TOTAL}{${base}, status_code="500"}`,
      values: counter(errors),
    },
    {
      series: `${HTTP_REQUEST_DURATION_SECONDS}_bucket{${base}, status_code="200", le="${le}"}`,
      values: counter(PER_MINUTE - slow),
    },
    {
      series: `${HTTP_REQUEST_DURATION_SECONDS}_count{${base}, status_code="200"}`,
      values: counter(PER_MINUTE),
    },
  ];
}

function threshold(kind: SloKind, window: BurnWindow, slo: Slo): number {
  const objective =
    kind === 'availability' ? slo.availability : slo.latencyObjective;
  return burnRate(window, slo.period).times(errorBudget(objective)).toNumber();
}

/** The burn alerts of one SLO that must be firing when its error ratio is `ratio`. */
function expectedBurnAlerts(
  kind: SloKind,
  ratio: number,
  slo: Slo,
  target: SloTarget,
) {
  return BURN_WINDOWS.filter(w => slo.severities.includes(w.severity))
    .filter(w => ratio > threshold(kind, w, slo))
    .map(w => ({
      exp_labels: {
        namespace: target.namespace,
        job: target.service,
        team: target.team,
        service: target.service,
        environment: target.environment,
        slo: kind,
        severity: w.severity,
        long: w.long,
        short: w.short,
      },
    }));
}

function testCase(scenario: Scenario, slo: Slo, target: SloTarget) {
  return {
    name: scenario.name,
    interval: '1m',
    input_series: seriesFor(target, slo, scenario),
    alert_rule_test: [
      {
        eval_time: `${scenario.minutes}m`,
        alertname: ALERT_NAMES.availability,
        exp_alerts: expectedBurnAlerts(
          'availability',
          scenario.errorRatio,
          slo,
          target,
        ),
      },
      {
        eval_time: `${scenario.minutes}m`,
        alertname: ALERT_NAMES.latency,
        exp_alerts: expectedBurnAlerts(
          'latency',
          scenario.slowRatio,
          slo,
          target,
        ),
      },
      {
        eval_time: `${scenario.minutes}m`,
        alertname: ALERT_NAMES.absent,
        exp_alerts: [],
      },
    ],
  };
}

/** What a case proves, for the report of a failure. */
export interface CaseSummary {
  name: string;
  firing: string[];
}

/**
 * promtool unit tests proving every burn alert of the rule: for each one,
 * series whose error ratio is 1% above its threshold, held for its long
 * window, make it fire (with exactly the alerts of lower thresholds), and
 * 1% below it leave it silent; healthy series fire nothing; no series at
 * all fire the absent alert after its `for`, and only then.
 */
export function unitTests(ruleFileName: string, slo: Slo, target: SloTarget) {
  const windows = BURN_WINDOWS.filter(w => slo.severities.includes(w.severity));
  const scenarios: Scenario[] = [
    { name: 'healthy', errorRatio: 0, slowRatio: 0, minutes: 60 },
  ];
  for (const kind of ['availability', 'latency'] as const) {
    for (const window of windows) {
      const at = threshold(kind, window, slo);
      const minutes = durationSeconds(window.long) / 60;
      for (const [how, factor] of [
        ['above', 1.01],
        ['just under', 0.99],
      ] as const) {
        const ratio = at * factor;
        scenarios.push({
          name: `${kind} ${window.severity} ${window.long}/${window.short}: ${how} ${at}`,
          errorRatio: kind === 'availability' ? ratio : 0,
          slowRatio: kind === 'latency' ? ratio : 0,
          minutes,
        });
      }
    }
  }
  const absentLabels = {
    namespace: target.namespace,
    job: target.service,
    team: target.team,
    service: target.service,
    environment: target.environment,
    severity: slo.severities.includes('ticket') ? 'ticket' : 'page',
  };
  return {
    rule_files: [ruleFileName],
    // Rules over a 3-day window, evaluated every minute of 3 days, take
    // minutes; every 10 minutes they take seconds and prove the same.
    evaluation_interval: '10m',
    tests: [
      ...scenarios.map(s => testCase(s, slo, target)),
      {
        name: 'no metrics at all',
        interval: '1m',
        input_series: [],
        alert_rule_test: [
          { eval_time: '5m', alertname: ALERT_NAMES.absent, exp_alerts: [] },
          {
            eval_time: '15m',
            alertname: ALERT_NAMES.absent,
            exp_alerts: [{ exp_labels: absentLabels }],
          },
          {
            eval_time: '15m',
            alertname: ALERT_NAMES.availability,
            exp_alerts: [],
          },
          { eval_time: '15m', alertname: ALERT_NAMES.latency, exp_alerts: [] },
        ],
      },
    ],
  };
}

import {
  LATENCY_BUCKETS_MS,
  type Violation,
} from '@internal/plugin-platform-common';
import { Ratio } from './ratio';
import type { Slo, SloInput } from './types';
import {
  BURN_WINDOWS,
  SEVERITIES,
  SLO_PERIODS,
  burnRate,
  type Severity,
  type SloPeriod,
} from './windows';

const HUNDRED = Ratio.of(100);

/** A percentage strictly between 0 and 100, as an exact decimal string. */
function checkPercent(
  value: unknown,
  field: string,
  violations: Violation[],
): string | undefined {
  const text = typeof value === 'number' ? String(value) : value;
  const parsed = typeof text === 'string' ? Ratio.parse(text) : undefined;
  if (
    !parsed ||
    parsed.compare(Ratio.of(0)) <= 0 ||
    parsed.compare(HUNDRED) >= 0
  ) {
    violations.push({
      field,
      rule: 'objective-range',
      message: `must be a percentage strictly between 0 and 100 written as a decimal (e.g. 99.9), not ${JSON.stringify(
        value,
      )}`,
    });
    return undefined;
  }
  return text as string;
}

/**
 * Every rule an SLO input breaks, or the checked SLO. An objective so low
 * that an emitted alert's threshold is 100% or more is refused: that alert
 * could never fire.
 */
export function validateSlo(input: SloInput): {
  slo?: Slo;
  violations: Violation[];
} {
  const violations: Violation[] = [];
  const availability = checkPercent(
    input.availability,
    'availability',
    violations,
  );
  const latencyObjective = checkPercent(
    input.latencyObjective,
    'latencyObjective',
    violations,
  );
  if (!LATENCY_BUCKETS_MS.includes(input.latencyThresholdMs)) {
    violations.push({
      field: 'latencyThresholdMs',
      rule: 'latency-bucket',
      message: `must be a bucket boundary of the latency histogram (${LATENCY_BUCKETS_MS.join(
        ', ',
      )} ms), not ${JSON.stringify(input.latencyThresholdMs)}`,
    });
  }
  if (!Object.hasOwn(SLO_PERIODS, input.period)) {
    violations.push({
      field: 'period',
      rule: 'slo-period',
      message: `must be one of ${Object.keys(SLO_PERIODS).join(
        ', ',
      )}, not ${JSON.stringify(input.period)}`,
    });
  }
  const severities = input.severities ?? [...SEVERITIES];
  const unknown = severities.filter(s => !SEVERITIES.includes(s as Severity));
  if (unknown.length || severities.length === 0) {
    violations.push({
      field: 'severities',
      rule: 'severity',
      message: `must list one or more of ${SEVERITIES.join(', ')}${
        unknown.length ? `, not ${unknown.join(', ')}` : ''
      }`,
    });
  }
  if (violations.length) {
    return { violations };
  }
  const slo: Slo = {
    availability: availability!,
    latencyObjective: latencyObjective!,
    latencyThresholdMs: input.latencyThresholdMs,
    period: input.period as SloPeriod,
    severities: SEVERITIES.filter(s => severities.includes(s)),
  };
  for (const [field, objective] of [
    ['availability', slo.availability],
    ['latencyObjective', slo.latencyObjective],
  ] as const) {
    const budget = errorBudget(objective);
    const reachable = BURN_WINDOWS.filter(w =>
      slo.severities.includes(w.severity),
    ).every(
      w => burnRate(w, slo.period).times(budget).compare(Ratio.of(1)) < 0,
    );
    if (!reachable) {
      violations.push({
        field,
        rule: 'burn-rate-reachable',
        message: `${objective}% leaves so large an error budget that a ${slo.period} burn-rate alert would need more than 100% of requests to fail; raise it or emit fewer severities`,
      });
    }
  }
  return violations.length ? { violations } : { slo, violations };
}

/** The share of requests allowed to miss: 1 - objective / 100. */
export function errorBudget(objective: string): Ratio {
  return Ratio.of(1).minus(Ratio.parse(objective)!.dividedBy(HUNDRED));
}

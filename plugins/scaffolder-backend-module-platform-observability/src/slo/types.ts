import type { Severity, SloPeriod } from './windows';

/** A service's SLOs as the template's form asks for them. */
export interface SloInput {
  /** Share of requests that must not fail (5xx), in percent, e.g. `99.9`. */
  availability: string | number;
  /** Share of requests that must be faster than `latencyThresholdMs`, in percent, e.g. `95`. */
  latencyObjective: string | number;
  /** The latency bound in milliseconds: a bucket boundary of the histogram, e.g. `300`. */
  latencyThresholdMs: number;
  /** The window the objectives hold over. */
  period: string;
  /** Which alerts to emit; both by default. */
  severities?: string[];
}

/** An SLO input once checked. */
export interface Slo {
  availability: string;
  latencyObjective: string;
  latencyThresholdMs: number;
  period: SloPeriod;
  severities: Severity[];
}

/** Where the rules apply and whom their alerts reach. */
export interface SloTarget {
  service: string;
  team: string;
  environment: string;
  namespace: string;
  /** Links carried by every alert. */
  runbookUrl: string;
  /** Absent when no Grafana URL is configured: then alerts carry no dashboard link. */
  dashboardUrl?: string;
}

import { Ratio } from './ratio';

/** SLO periods the generator supports, in hours. */
export const SLO_PERIODS = { '7d': 168, '28d': 672, '30d': 720 } as const;

export type SloPeriod = keyof typeof SLO_PERIODS;

export type Severity = 'page' | 'ticket';

export const SEVERITIES: readonly Severity[] = ['page', 'ticket'];

/** One multiwindow burn-rate alert of the SRE workbook's table. */
export interface BurnWindow {
  severity: Severity;
  /** The window that must show the burn, e.g. `1h`. */
  long: string;
  /** The window that shows it still burning, so the alert resets quickly, e.g. `5m`. */
  short: string;
  /** Hours in the long window. */
  longHours: Ratio;
  /** Share of the period's error budget spent in the long window when the alert fires. */
  budgetSpent: Ratio;
}

const h = (hours: number | bigint, per: number | bigint = 1) =>
  Ratio.of(hours, per);
const pct = (percent: number) => Ratio.of(percent, 100);

/**
 * The workbook's table (chapter 5, "Alerting on SLOs"): 2% of the budget in
 * 1 hour or 5% in 6 hours pages, 10% in a day or in 3 days opens a ticket;
 * short windows are a twelfth of the long ones.
 */
export const BURN_WINDOWS: readonly BurnWindow[] = [
  {
    severity: 'page',
    long: '1h',
    short: '5m',
    longHours: h(1),
    budgetSpent: pct(2),
  },
  {
    severity: 'page',
    long: '6h',
    short: '30m',
    longHours: h(6),
    budgetSpent: pct(5),
  },
  {
    severity: 'ticket',
    long: '1d',
    short: '2h',
    longHours: h(24),
    budgetSpent: pct(10),
  },
  {
    severity: 'ticket',
    long: '3d',
    short: '6h',
    longHours: h(72),
    budgetSpent: pct(10),
  },
];

/**
 * How many times faster than sustainable the budget burns when the alert
 * fires: budget spent × period / window. Over 30 days these are the
 * workbook's 14.4, 6, 3 and 1; other periods scale as it describes.
 */
export function burnRate(window: BurnWindow, period: SloPeriod): Ratio {
  return window.budgetSpent
    .times(Ratio.of(SLO_PERIODS[period]))
    .dividedBy(window.longHours);
}

/** Every window an SLI must be recorded over for these alerts, shortest first. */
export function sliWindows(windows: readonly BurnWindow[]): string[] {
  const all = new Set<string>(['5m']);
  for (const window of windows) {
    all.add(window.short);
    all.add(window.long);
  }
  return [...all].sort((a, b) => durationSeconds(a) - durationSeconds(b));
}

/** Seconds in a Prometheus duration of one unit, e.g. `30m`, `3d`. */
export function durationSeconds(duration: string): number {
  const match = /^(\d+)([smhd])$/.exec(duration);
  if (!match) {
    throw new RangeError(`unsupported duration ${duration}`);
  }
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[match[2] as 's'];
  return Number(match[1]) * unit;
}

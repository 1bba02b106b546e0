export { Ratio } from './ratio';
export type { Slo, SloInput, SloTarget } from './types';
export { validateSlo, errorBudget } from './validateSlo';
export {
  SLO_PERIODS,
  SEVERITIES,
  BURN_WINDOWS,
  burnRate,
  type BurnWindow,
  type Severity,
  type SloPeriod,
} from './windows';
export {
  ALERT_NAMES,
  AGGREGATION_LABELS,
  BUDGET_REMAINING_RECORD,
  buildPrometheusRule,
  prometheusRuleName,
  ruleGroupName,
  sliRecord,
  type PrometheusRuleManifest,
  type Rule,
  type RuleGroup,
  type SloKind,
} from './prometheusRule';

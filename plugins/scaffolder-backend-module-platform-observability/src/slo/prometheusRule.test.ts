import { stringify } from 'yaml';
import { buildPrometheusRule, type Rule } from './prometheusRule';
import { TARGET } from './testFixtures';
import { validateSlo } from './validateSlo';

function rulesFor(input: Parameters<typeof validateSlo>[0]) {
  const { slo } = validateSlo(input);
  return buildPrometheusRule(slo!, TARGET);
}

const defaults = rulesFor({
  availability: '99.9',
  latencyObjective: '95',
  latencyThresholdMs: 300,
  period: '30d',
});
const allRules: Rule[] = defaults.spec.groups.flatMap(g => g.rules);
const alerts = allRules.filter(r => r.alert);

describe('buildPrometheusRule', () => {
  it('prints the workbook thresholds exactly', () => {
    const thresholds = alerts
      .filter(a => a.labels!.slo === 'availability')
      .map(a => a.expr.match(/> (\S+)\n/)![1]);
    expect(thresholds).toEqual(['0.0144', '0.006', '0.003', '0.001']);
    const latency = alerts
      .filter(a => a.labels!.slo === 'latency')
      .map(a => a.expr.match(/> (\S+)\n/)![1]);
    expect(latency).toEqual(['0.72', '0.3', '0.15', '0.05']);
  });

  it('scales burn rates to the period and never prints float noise', () => {
    const rule = rulesFor({
      availability: '99.95',
      latencyObjective: '99',
      latencyThresholdMs: 1000,
      period: '28d',
    });
    const text = stringify(rule);
    expect(text).not.toMatch(/\d\.\d{9,}/);
    const exprs = rule.spec.groups[0].rules
      .filter(r => r.alert)
      .map(r => r.expr.split('\n')[0]);
    // 2% in 1h of 672h is 13.44, 5% in 6h is 5.6, 10% in 1d is 2.8, 10% in 3d is 2.8/3.
    expect(exprs.map(e => e.replace(/^.*> /, ''))).toEqual([
      '0.00672',
      '0.0028',
      '0.0014',
      '0.0014 / 3',
    ]);
  });

  it('aggregates by stable labels only', () => {
    for (const rule of allRules) {
      for (const [, labels] of rule.expr.matchAll(/sum by \(([^)]*)\)/g)) {
        expect(labels).toBe('namespace, job');
      }
      expect(rule.expr).not.toMatch(/without|ignoring|on\(/);
    }
  });

  it('gives every alert routing labels and links', () => {
    expect(alerts.length).toBe(9);
    for (const alert of alerts) {
      expect(alert.labels).toMatchObject({
        team: 'payments-team',
        service: 'invoice-service',
        environment: 'dev',
        severity: expect.stringMatching(/^(page|ticket)$/),
      });
      expect(Object.keys(alert.annotations!).sort()).toEqual([
        'dashboard_url',
        'description',
        'runbook_url',
        'summary',
      ]);
    }
    expect(alerts.map(a => a.alert)).toContain('ServiceMetricsAbsent');
  });

  it('drops the tiers not asked for', () => {
    const pageOnly = rulesFor({
      availability: '99.9',
      latencyObjective: '95',
      latencyThresholdMs: 300,
      period: '30d',
      severities: ['page'],
    });
    const rules = pageOnly.spec.groups.flatMap(g => g.rules);
    expect(rules.filter(r => r.alert).map(r => r.labels!.severity)).toEqual([
      'page',
      'page',
      'page',
      'page',
      'page',
    ]);
    // No 2h, 1d, 3d windows are recorded for ticket alerts that do not exist.
    expect(rules.map(r => r.record).filter(Boolean)).not.toContain(
      'slo:sli_error:ratio_rate3d',
    );
  });
});

import { QUERYABLE_METRIC_NAMES } from '@internal/plugin-platform-common';
import { BUDGET_REMAINING_RECORD } from '../slo';
import { TARGET } from '../slo/testFixtures';
import { dashboardUid } from '@internal/plugin-platform-node';
import { DATASOURCE_VARIABLE, buildDashboard } from './buildDashboard';

const dashboard = buildDashboard(TARGET, { period: '30d' });
const panels = (dashboard.panels ?? []).filter(p => p.type !== 'row') as any[];

/** The metric names a PromQL expression selects: names directly before `{`. */
function metricNames(expr: string): string[] {
  return [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)].map(m => m[1]);
}

describe('buildDashboard', () => {
  it('has the golden signals, the budget left and deployments', () => {
    expect(panels.map(p => p.title)).toEqual([
      'Request rate',
      'Error ratio (5xx)',
      'Latency',
      'Saturation: CPU and event-loop lag',
      'Saturation: memory',
      'Error budget remaining (30d)',
    ]);
    const latency = panels.find(p => p.title === 'Latency');
    expect(latency.targets.map((t: any) => t.legendFormat)).toEqual([
      'p50',
      'p95',
      'p99',
    ]);
    expect(dashboard.annotations?.list?.map(a => a.name)).toContain(
      'Deployments',
    );
  });

  it('queries only the contract metrics and the SLO recordings', () => {
    const allowed = new Set([
      ...QUERYABLE_METRIC_NAMES,
      BUDGET_REMAINING_RECORD,
    ]);
    const exprs = [
      ...panels.flatMap(p => p.targets.map((t: any) => t.expr)),
      ...(dashboard.annotations?.list ?? [])
        .map(a => (a as any).expr)
        .filter(Boolean),
    ];
    expect(exprs.length).toBeGreaterThan(8);
    for (const expr of exprs) {
      const names = metricNames(expr);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        expect(allowed).toContain(name);
      }
    }
  });

  it('reads every query through the data source variable', () => {
    const variable = dashboard.templating?.list?.find(
      v => v.name === DATASOURCE_VARIABLE,
    );
    expect(variable).toMatchObject({ type: 'datasource', query: 'prometheus' });
    for (const panel of panels) {
      for (const target of panel.targets) {
        expect(target.datasource).toEqual({
          type: 'prometheus',
          uid: `\${${DATASOURCE_VARIABLE}}`,
        });
      }
    }
  });

  it('has the uid that links to it are made with', () => {
    expect(dashboard.uid).toBe(dashboardUid(TARGET));
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { QUERYABLE_METRIC_NAMES } from '@internal/plugin-platform-common';
import {
  findBinary,
  runBinary,
  skipNote,
} from '../__testUtils__/prometheusBinaries';
import { BUDGET_REMAINING_RECORD } from '../slo';
import { TARGET } from '../slo/testFixtures';
import { dashboardUid } from '@internal/plugin-platform-node';
import { DATASOURCE_VARIABLE, buildDashboard } from './buildDashboard';

const promtool = findBinary('promtool');
const describeWithPromtool = promtool ? describe : describe.skip;

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

  describeWithPromtool(
    `its Deployments${skipNote('promtool', promtool)}`,
    () => {
      it("mark a new build as a deploy, and not a restart or another service's deploy", async () => {
        const deployments = (dashboard.annotations?.list ?? []).find(
          a => a.name === 'Deployments',
        ) as any;
        expect(deployments.textFormat).toBe('{{version}} ({{commit}})');
        const build = (labels: string) =>
          `service_build_info{namespace="${TARGET.namespace}", job="${TARGET.service}", ${labels}}`;
        const at = (evalTime: string, samples: string[]) => ({
          expr: deployments.expr,
          eval_time: evalTime,
          exp_samples: samples.map(labels => ({ labels, value: 1 })),
        });
        const dir = await mkdtemp(join(tmpdir(), 'deployments-'));
        try {
          const tests = join(dir, 'tests.yaml');
          await writeFile(
            tests,
            stringify({
              rule_files: [],
              evaluation_interval: '1m',
              tests: [
                {
                  interval: '1m',
                  input_series: [
                    // 1.0.0 deployed at 0m; its pod crashes at 10m, and the
                    // restarted pod runs the same build.
                    {
                      series: build('pod="a", version="1.0.0", commit="aaa"'),
                      values: '1x9',
                    },
                    {
                      series: build('pod="b", version="1.0.0", commit="aaa"'),
                      values: '_x10 1x9',
                    },
                    // 1.1.0 deployed at 20m.
                    {
                      series: build('pod="c", version="1.1.0", commit="bbb"'),
                      values: '_x20 1x10',
                    },
                    // Another service deploys at 12m.
                    {
                      series: `service_build_info{namespace="${TARGET.namespace}", job="other-service", pod="d", version="9.0.0", commit="ddd"}`,
                      values: '_x12 1x10',
                    },
                  ],
                  promql_expr_test: [
                    at('1m', ['{commit="aaa", version="1.0.0"}']),
                    at('5m', []),
                    at('11m', []),
                    at('13m', []),
                    at('21m', ['{commit="bbb", version="1.1.0"}']),
                    at('25m', []),
                  ],
                },
              ],
            }),
          );
          await runBinary(promtool!, ['test', 'rules', tests]);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      });
    },
  );

  it('has the uid that links to it are made with', () => {
    expect(dashboard.uid).toBe(dashboardUid(TARGET));
  });
});

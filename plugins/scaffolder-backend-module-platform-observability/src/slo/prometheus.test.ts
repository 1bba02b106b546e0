import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { HTTP_REQUESTS_TOTAL } from '@internal/plugin-platform-common';
import { startGoldenPathSkeleton } from '@internal/plugin-platform-common/testUtils';
import { findBinary, skipNote } from '../__testUtils__/prometheusBinaries';
import { ruleFile } from '../__testUtils__/ruleTests';
import { buildPrometheusRule } from './prometheusRule';
import { TARGET } from './testFixtures';
import { validateSlo } from './validateSlo';

const prometheus = findBinary('prometheus')!;
const describeWithPrometheus = prometheus ? describe : describe.skip;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface ApiRule {
  name: string;
  health: string;
  lastError?: string;
  lastEvaluation: string;
}

describeWithPrometheus(
  `generated rules in a running Prometheus${skipNote(
    'prometheus',
    prometheus,
  )}`,
  () => {
    let dir: string;
    let server: ChildProcess;
    let baseUrl: string;
    let log = '';
    let skeleton: Awaited<ReturnType<typeof startGoldenPathSkeleton>>;
    let traffic: NodeJS.Timeout;

    beforeAll(async () => {
      // The golden-path service itself, scraped as the ServiceMonitor would
      // have it: job named after the service, in the service's namespace.
      skeleton = await startGoldenPathSkeleton();
      traffic = setInterval(() => {
        fetch(`${skeleton.url}/healthz`).catch(() => {});
      }, 100);
      dir = await mkdtemp(join(tmpdir(), 'slo-prometheus-'));
      const { slo } = validateSlo({
        availability: '99.9',
        latencyObjective: '95',
        latencyThresholdMs: 300,
        period: '28d',
      });
      await writeFile(
        join(dir, 'rules.yaml'),
        stringify(ruleFile(buildPrometheusRule(slo!, TARGET))),
      );
      await writeFile(
        join(dir, 'prometheus.yaml'),
        stringify({
          global: { evaluation_interval: '1s', scrape_interval: '1s' },
          rule_files: ['rules.yaml'],
          scrape_configs: [
            {
              job_name: TARGET.service,
              static_configs: [
                {
                  targets: [`127.0.0.1:${skeleton.port}`],
                  labels: { namespace: TARGET.namespace },
                },
              ],
            },
          ],
        }),
      );
      const port = await freePort();
      baseUrl = `http://127.0.0.1:${port}`;
      server = spawn(
        prometheus,
        [
          `--config.file=${join(dir, 'prometheus.yaml')}`,
          `--storage.tsdb.path=${join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
        ],
        { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      server.stdout!.on('data', chunk => (log += chunk));
      server.stderr!.on('data', chunk => (log += chunk));
    });

    afterAll(async () => {
      clearInterval(traffic);
      await skeleton?.close();
      if (server && server.exitCode === null) {
        await new Promise(done => {
          server.once('exit', done);
          server.kill('SIGTERM');
        });
      }
      await rm(dir, { recursive: true, force: true });
    });

    it('loads every rule and evaluates each with no error', async () => {
      let rules: ApiRule[] = [];
      const deadline = Date.now() + 60_000;
      for (;;) {
        try {
          const response = await fetch(`${baseUrl}/api/v1/rules`);
          const body = await response.json();
          rules = body.data.groups.flatMap(
            (g: { rules: ApiRule[] }) => g.rules,
          );
          const evaluated = rules.every(
            r => !r.lastEvaluation.startsWith('0001-'),
          );
          if (rules.length && evaluated) break;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline || server.exitCode !== null) {
          throw new Error(`Prometheus did not evaluate the rules:\n${log}`);
        }
        await new Promise(done => setTimeout(done, 500));
      }
      const expected = buildPrometheusRule(
        validateSlo({
          availability: '99.9',
          latencyObjective: '95',
          latencyThresholdMs: 300,
          period: '28d',
        }).slo!,
        TARGET,
      ).spec.groups.flatMap(g => g.rules);
      expect(rules).toHaveLength(expected.length);
      expect(
        rules.filter(r => r.health !== 'ok').map(r => [r.name, r.lastError]),
      ).toEqual([]);
    }, 90_000);

    it("gives every recording rule a value from the skeleton's own metrics, and the absent-metrics alert stays quiet", async () => {
      const recorded = buildPrometheusRule(
        validateSlo({
          availability: '99.9',
          latencyObjective: '95',
          latencyThresholdMs: 300,
          period: '28d',
        }).slo!,
        TARGET,
      )
        .spec.groups.flatMap(g => g.rules)
        .flatMap(r => (r.record ? [r.record] : []));
      expect(recorded.length).toBeGreaterThan(0);

      const query = async (expr: string) => {
        const response = await fetch(
          `${baseUrl}/api/v1/query?query=${encodeURIComponent(expr)}`,
        );
        const body = await response.json();
        return body.data.result as Array<{
          metric: Record<string, string>;
          value: [number, string];
        }>;
      };
      // Each record needs two scrapes within its window, then one evaluation.
      let missing: string[] = recorded;
      const deadline = Date.now() + 60_000;
      while (missing.length) {
        const answers = await Promise.all(
          [...new Set(missing)].map(async record => ({
            record,
            series: await query(
              `${record}{service="${TARGET.service}", environment="${TARGET.environment}"}`,
            ),
          })),
        );
        missing = answers.filter(a => a.series.length === 0).map(a => a.record);
        if (missing.length && Date.now() > deadline) {
          throw new Error(
            `No series for ${missing.join(', ')} after 60 s:\n${log}`,
          );
        }
        await new Promise(done => setTimeout(done, 1_000));
      }

      // Healthy traffic, no 5xx: the availability SLI records exactly 0.
      const [availability] = await query(
        `slo:sli_error:ratio_rate5m{slo="availability", service="${TARGET.service}"}`,
      );
      expect(availability.value[1]).toBe('0');
      // The requests series exists, so the absent alert does not fire.
      expect(
        await query(`${HTTP_REQUESTS_TOTAL}{job="${TARGET.service}"}`),
      ).not.toHaveLength(0);
      const alerts = await (await fetch(`${baseUrl}/api/v1/alerts`)).json();
      expect(alerts.data.alerts).toEqual([]);
    }, 90_000);
  },
);

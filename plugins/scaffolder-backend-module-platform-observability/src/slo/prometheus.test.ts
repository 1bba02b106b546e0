import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
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

    beforeAll(async () => {
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
          global: { evaluation_interval: '1s' },
          rule_files: ['rules.yaml'],
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
  },
);

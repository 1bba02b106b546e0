/*
 * Repository provisioning benchmark: `platform:github:repo:ensure` against
 * the sandbox GitHub, as the golden path calls it.
 *
 * Measures, for a new service with 3 environments: wall time and GitHub API
 * calls (reads and writes; git's own requests apart); then a second task
 * that finds nothing to change (writes must be 0, reads at most 15); then N
 * re-runs of the same request (errors, writes, and duplicates: repositories
 * or commits beyond the one of each).
 *
 * Prints figures next to the targets; never fails on a slow machine. Exits
 * non-zero only when a run failed, so a figure could not be measured.
 *
 * Usage: yarn bench:github [--reruns N] [--write-interval-ms N]
 *   --write-interval-ms: the clients' pause between writes, 1000 ms (as on
 *   github.com) by default.
 */
import { ConfigReader } from '@backstage/config';
import { portalPlatformConfig } from '@internal/plugin-platform-common/testUtils';
import {
  createEnsureRepositoryAction,
  GitHubClients,
} from '@internal/plugin-scaffolder-backend-module-platform-github';
import { startTestSandbox } from '@internal/sandbox/testUtils';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { actionContext, auditor, quietLogger } from '../lib/actionContext';

const TARGETS = { newCalls: 25, rerunReads: 15 };
const argv = process.argv;
const option = (name: string) =>
  argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : undefined;
const reruns = option('--reruns') ?? 100;
const writeIntervalMs = option('--write-interval-ms') ?? 1000;
const TOKEN = 'bench-portal-token';

async function main() {
  const root = resolve(__dirname, '../..');
  const platform = await portalPlatformConfig();
  const sandbox = await startTestSandbox({
    github: {
      tokens: [{ token: TOKEN, login: 'developer-portal' }],
      organizations: [
        {
          login: 'acme',
          members: [{ login: 'developer-portal', role: 'admin' }],
          teams: ['platform-team', 'payments-team'].map(slug => ({
            slug,
            name: slug,
            members: [],
          })),
        },
      ],
    },
  });
  // The skeleton as the workspace: its CI workflow names the required checks.
  const workspace = await mkdtemp(join(tmpdir(), 'bench-github-'));
  try {
    await cp(
      resolve(root, 'templates/golden-path-service/skeleton'),
      workspace,
      {
        recursive: true,
      },
    );
    const config = new ConfigReader({
      ...sandbox.config(),
      // Only the names matter: the bench talks to GitHub alone.
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: ['nonprod-cluster', 'prod-cluster'].map(name => ({
              name,
              url: 'https://127.0.0.1:1',
              authProvider: 'serviceAccount',
            })),
          },
        ],
      },
      platform,
    });
    const action = createEnsureRepositoryAction({
      config,
      clients: GitHubClients.fromConfig(config, {
        logger: quietLogger,
        writeIntervalMs,
      }),
      auditor,
      logger: quietLogger,
    });
    const input = {
      repoUrl: `${sandbox.github.host}?owner=acme&repo=bench-service`,
      owner: 'group:default/payments-team',
      description: 'Benchmark service',
      environments: ['dev', 'staging', 'production'],
    };
    let task = 0;
    const run = async () => {
      sandbox.clearRequests();
      const started = process.hrtime.bigint();
      await action.handler(
        actionContext(input, {
          taskId: `bench-task-${++task}`,
          workspacePath: workspace,
        }),
      );
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const api = sandbox.github.requests.filter(r =>
        r.path.startsWith('/api/v3/'),
      );
      return {
        seconds,
        calls: api.length,
        reads: api.filter(r => !r.write).length,
        writes: api.filter(r => r.write).length,
        git: sandbox.github.requests.count() - api.length,
      };
    };

    const first = await run();
    const second = await run();
    let errors = 0;
    let writes = 0;
    let calls = 0;
    let total = 0;
    const started = Date.now();
    for (let i = 0; i < reruns; i++) {
      try {
        const result = await run();
        writes += result.writes;
        calls += result.calls;
        total += result.seconds;
      } catch {
        errors += 1;
      }
    }
    const elapsed = (Date.now() - started) / 1000;
    const { data: repos } = await sandbox.github
      .octokit(TOKEN)
      .repos.listForOrg({ org: 'acme', per_page: 100 });
    const repositories = repos.filter(r => r.name.startsWith('bench-service'));
    const commits = await sandbox.github.commits('acme', 'bench-service');
    const duplicates = repositories.length - 1 + (commits.length - 1);

    const line = (label: string, value: string, target = '') =>
      process.stdout.write(
        `${label.padEnd(44)} ${value.padStart(10)}  ${target}\n`,
      );
    process.stdout.write(
      `platform:github:repo:ensure, 3 environments, sandbox GitHub, ${writeIntervalMs} ms between writes\n\n`,
    );
    line('new repository: wall time', `${first.seconds.toFixed(2)} s`);
    line(
      'new repository: API calls',
      String(first.calls),
      `target <= ${TARGETS.newCalls}`,
    );
    line('new repository: reads / writes', `${first.reads} / ${first.writes}`);
    line('new repository: git requests (push)', String(first.git));
    line('second task: wall time', `${second.seconds.toFixed(2)} s`);
    line('second task: writes', String(second.writes), 'target 0');
    line(
      'second task: reads',
      String(second.reads),
      `target <= ${TARGETS.rerunReads}`,
    );
    line(`${reruns} more re-runs: errors`, String(errors), 'target 0');
    line(`${reruns} more re-runs: duplicates`, String(duplicates), 'target 0');
    line(`${reruns} more re-runs: writes`, String(writes), 'target 0');
    line(`${reruns} more re-runs: API calls`, String(calls));
    line(
      `${reruns} more re-runs: mean wall time`,
      `${(total / Math.max(1, reruns - errors)).toFixed(3)} s`,
    );
    line(`${reruns} more re-runs: total`, `${elapsed.toFixed(1)} s`);
    line('commits on the default branch', String(commits.length), 'target 1');
  } finally {
    await rm(workspace, { recursive: true, force: true });
    await sandbox.stop();
  }
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});

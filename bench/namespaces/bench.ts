/*
 * Namespace provisioning benchmark: `platform:kubernetes:namespace:ensure`
 * against two sandbox clusters, as the golden path calls it.
 *
 * Measures, for a new service in 3 environments (dev and staging on one
 * cluster, production on the other): wall time and API calls (reads and
 * writes per environment); then a re-run that finds nothing to change
 * (writes must be 0); then N re-runs of the same request (errors and writes).
 *
 * Prints figures next to the targets; never fails on a slow machine. Exits
 * non-zero only when a run failed, so a figure could not be measured.
 *
 * Usage: yarn bench:namespaces [--reruns N]
 */
import { ConfigReader } from '@backstage/config';
import { portalPlatformConfig } from '@internal/plugin-platform-common/testUtils';
import { createEnsureNamespacesAction } from '@internal/plugin-scaffolder-backend-module-platform-kubernetes';
import { PlatformClusters } from '@internal/plugin-platform-node';
import { startTestSandbox } from '@internal/sandbox/testUtils';
import { actionContext, auditor, quietLogger } from '../lib/actionContext';

const TARGETS = { seconds: 2, writesPerEnvironment: 10 };
const argv = process.argv;
const reruns = Number(argv[argv.indexOf('--reruns') + 1]) || 100;

async function main() {
  const platform = await portalPlatformConfig();
  const sandbox = await startTestSandbox({
    github: false,
    clusters: ['nonprod-cluster', 'prod-cluster'],
  });
  try {
    const config = new ConfigReader({ ...sandbox.config(), platform });
    const action = createEnsureNamespacesAction({
      config,
      clusters: PlatformClusters.fromConfig(config, { logger: quietLogger }),
      auditor,
      logger: quietLogger,
    });
    const input = {
      name: 'bench-service',
      owner: 'group:default/payments-team',
      environments: ['dev', 'staging', 'production'],
      tier: 'small',
    };
    const run = async () => {
      sandbox.clearRequests();
      const started = process.hrtime.bigint();
      await action.handler(actionContext(input));
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const requests = sandbox.clusters.flatMap(c =>
        c.requests.entries.map(entry => ({ ...entry, server: c.name })),
      );
      return {
        seconds,
        reads: requests.filter(r => !r.write).length,
        writes: requests.filter(r => r.write).length,
      };
    };

    const first = await run();
    const second = await run();
    let errors = 0;
    let writes = 0;
    let total = 0;
    const started = Date.now();
    for (let i = 0; i < reruns; i++) {
      try {
        const result = await run();
        writes += result.writes;
        total += result.seconds;
      } catch {
        errors += 1;
      }
    }
    const elapsed = (Date.now() - started) / 1000;
    const namespaces = sandbox.clusters.flatMap(c =>
      c.list('v1', 'Namespace', {
        labelSelector: 'developer-portal.acme.example/service=bench-service',
      }),
    ).length;

    const line = (label: string, value: string, target = '') =>
      process.stdout.write(
        `${label.padEnd(44)} ${value.padStart(10)}  ${target}\n`,
      );
    process.stdout.write(
      'platform:kubernetes:namespace:ensure, 3 environments on 2 sandbox clusters\n\n',
    );
    line(
      'new service: wall time',
      `${first.seconds.toFixed(2)} s`,
      `target <= ${TARGETS.seconds} s`,
    );
    line(
      'new service: writes',
      String(first.writes),
      `target <= ${TARGETS.writesPerEnvironment * 3} (10 per environment)`,
    );
    line('new service: reads', String(first.reads));
    line(
      're-run, nothing to change: wall time',
      `${second.seconds.toFixed(2)} s`,
    );
    line(
      're-run, nothing to change: writes',
      String(second.writes),
      'target 0',
    );
    line('re-run, nothing to change: reads', String(second.reads));
    line(`${reruns} more re-runs: errors`, String(errors), 'target 0');
    line(`${reruns} more re-runs: writes`, String(writes), 'target 0');
    line(
      `${reruns} more re-runs: mean wall time`,
      `${(total / Math.max(1, reruns - errors)).toFixed(3)} s`,
    );
    line(`${reruns} more re-runs: total`, `${elapsed.toFixed(1)} s`);
    line(
      'namespaces of the service afterwards',
      String(namespaces),
      'target 3',
    );
  } finally {
    await sandbox.stop();
  }
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});

import { expect, test } from '@playwright/test';
import {
  startTestSandbox,
  type TestSandbox,
} from '@internal/sandbox/testUtils';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  STAGE_DIR_VARIABLE,
  STATIC_TOKEN,
  dropDatabases,
  freePort,
  productionEnvironment,
  startBackend,
  waitUntilReady,
  type RunningBackend,
} from './productionBackend';

// What the container runs: the backend bundle with the production config, on PostgreSQL.
const stageDir = process.env[STAGE_DIR_VARIABLE] ?? '';

// Its own databases, apart from the other production tests' (which drop theirs).
const DATABASE_PREFIX = 'portal_recovery_e2e_';
const PORTAL_TOKEN = 'ghp_portalRecoveryToken0123456789abcdef';

/**
 * A backend killed in the middle of a golden-path task resumes the task
 * when it starts again (the production config's `scaffolder.taskRecovery`),
 * and the task's result has no duplicates and no orphans.
 */
test.describe('task recovery in the production build', () => {
  test.skip(!stageDir, 'no PostgreSQL to run the production build against');
  test.describe.configure({ timeout: 300_000 });

  let sandbox: TestSandbox;
  let configFile: string;

  test.beforeAll(async () => {
    await dropDatabases(DATABASE_PREFIX);
    sandbox = await startTestSandbox({
      github: {
        tokens: [{ token: PORTAL_TOKEN, login: 'developer-portal' }],
        organizations: [
          {
            login: 'acme',
            members: [{ login: 'developer-portal', role: 'admin' }],
            teams: [
              { slug: 'platform-team', name: 'Platform team', members: [] },
              { slug: 'payments-team', name: 'Payments team', members: [] },
            ],
          },
        ],
      },
      clusters: ['nonprod-cluster', 'prod-cluster'],
    });
    // The deployment's GitHub and clusters are the sandbox's; a task counts
    // as stale 5 s after its last heartbeat instead of the production 30 s.
    configFile = join(stageDir, 'app-config.recovery-e2e.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        ...sandbox.config(),
        scaffolder: { taskRecovery: { staleTimeout: { seconds: 5 } } },
      }),
    );
  });
  test.afterAll(async () => {
    await sandbox?.stop();
    if (configFile) rmSync(configFile, { force: true });
    await dropDatabases(DATABASE_PREFIX);
  });

  function start(port: number): RunningBackend {
    return startBackend({
      stageDir,
      port,
      env: {
        ...productionEnvironment(port),
        APP_CONFIG_backend_database_prefix: DATABASE_PREFIX,
      },
      extraConfigs: ['app-config.recovery-e2e.json'],
    });
  }

  test('a golden-path task interrupted by a killed backend resumes on restart, with no duplicates and no orphans', async ({
    request,
  }) => {
    const auth = { Authorization: `Bearer ${STATIC_TOKEN}` };
    const port = await freePort();
    let backend = start(port);
    try {
      await waitUntilReady(backend);
      await expect
        .poll(
          async () =>
            (
              await request.get(
                `${backend.url}/api/catalog/entities/by-name/template/default/golden-path-service`,
                { headers: auth },
              )
            ).status(),
          { timeout: 60_000 },
        )
        .toBe(200);

      // Creating the repository takes a while: the backend dies meanwhile.
      const slowCreate = sandbox.github.faults.add({
        method: 'POST',
        path: /\/orgs\/acme\/repos$/,
        latencyMs: 4_000,
        times: 1,
      });
      const created = await request.post(
        `${backend.url}/api/scaffolder/v2/tasks`,
        {
          headers: auth,
          data: {
            templateRef: 'template:default/golden-path-service',
            values: {
              name: 'resumed-service',
              description: 'A service whose task outlives its backend',
              owner: 'group:default/payments-team',
              system: 'system:default/checkout',
              deployment: {
                environments: ['dev', 'production'],
                tier: 'small',
              },
              slo: {
                availability: '99.9',
                latencyObjective: '95',
                latencyThresholdMs: 300,
                period: '30d',
                severities: ['page', 'ticket'],
              },
              repoVisibility: 'private',
            },
          },
        },
      );
      expect(created.status()).toBe(201);
      const { id } = await created.json();
      const events = async () =>
        (
          await (
            await request.get(
              `${backend.url}/api/scaffolder/v2/tasks/${id}/events`,
              { headers: auth },
            )
          ).json()
        ).map((e: any) => `${e.body?.stepId}:${e.body?.status}`);
      await expect
        .poll(events, { timeout: 60_000, intervals: [100] })
        .toContain('publish:processing');

      // As a crash or an evicted pod does: no graceful shutdown.
      backend.kill();
      await backend.exited;
      slowCreate.remove();

      backend = start(port);
      await waitUntilReady(backend);
      await expect
        .poll(
          async () =>
            (
              await (
                await request.get(
                  `${backend.url}/api/scaffolder/v2/tasks/${id}`,
                  { headers: auth },
                )
              ).json()
            ).status,
          { timeout: 120_000, intervals: [500] },
        )
        .toBe('completed');
      const log = await events();
      // The steps done before the kill are not run again (the recovered run
      // reports them completed without processing them).
      for (const step of ['plan', 'fetch', 'namespaces', 'observability']) {
        expect(log.filter((e: string) => e === `${step}:processing`)).toEqual([
          `${step}:processing`,
        ]);
      }

      // One repository, with one commit: the rendered service.
      const octokit = sandbox.github.octokit(PORTAL_TOKEN);
      const { data: repos } = await octokit.rest.repos.listForOrg({
        org: 'acme',
      });
      expect(repos.map(r => r.name)).toEqual(['resumed-service']);
      const { data: commits } = await octokit.rest.repos.listCommits({
        owner: 'acme',
        repo: 'resumed-service',
      });
      expect(commits).toHaveLength(1);
      // Its namespaces, once each.
      for (const [cluster, namespace] of [
        ['nonprod-cluster', 'resumed-service-dev'],
        ['prod-cluster', 'resumed-service-production'],
      ]) {
        expect(
          sandbox.cluster(cluster).get('v1', 'Namespace', namespace),
        ).toBeDefined();
      }
      // In the catalog, from one location.
      const entity = await request.get(
        `${backend.url}/api/catalog/entities/by-name/component/default/resumed-service`,
        { headers: auth },
      );
      expect(entity.status()).toBe(200);
      const locations = await (
        await request.get(`${backend.url}/api/catalog/locations`, {
          headers: auth,
        })
      ).json();
      expect(
        locations.filter((l: any) =>
          l.data.target.includes('/acme/resumed-service/'),
        ),
      ).toHaveLength(1);
    } finally {
      await backend.stop();
    }
  });
});

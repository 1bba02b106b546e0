import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import {
  DEBIAN_PYTHON,
  portalPlatformConfig,
  pythonSkeletonEnv,
} from '@internal/plugin-platform-common/testUtils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModulePlatform from '@internal/plugin-scaffolder-backend-module-platform';
import scaffolderModulePlatformGithub from '@internal/plugin-scaffolder-backend-module-platform-github';
import scaffolderModulePlatformKubernetes from '@internal/plugin-scaffolder-backend-module-platform-kubernetes';
import scaffolderModulePlatformObservability from '@internal/plugin-scaffolder-backend-module-platform-observability';
import {
  startTestSandbox,
  type TestSandbox,
} from '@internal/sandbox/testUtils';
import { execFile } from 'node:child_process';
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { Server } from 'node:http';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { catalogModuleFilePlaceholders } from '../catalog/catalogModuleFilePlaceholders';

jest.setTimeout(240_000);

const root = resolve(__dirname, '../../../..');
const templatesDir = resolve(root, 'templates');
const PORTAL_TOKEN = 'ghp_portalSecretToken0123456789abcdef';
const user = mockCredentials.user.header('user:default/guest');

type TaskEvent = {
  type: string;
  body: {
    message: string;
    stepId?: string;
    status?: string;
    error?: { name: string; message: string };
  };
};

/**
 * The golden-path template as the portal runs it: the scaffolder backend
 * with the platform modules, the catalog holding the template, the example
 * groups and systems, against the sandbox's GitHub and clusters. Tasks are
 * created through the scaffolder's API, so `if:`, Nunjucks and the step
 * order are the scaffolder's own.
 */
describe('the golden-path template, run by the scaffolder', () => {
  let sandbox: TestSandbox;
  let server: Server;
  let stopBackend: () => Promise<void>;

  beforeAll(async () => {
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
    const platform = await portalPlatformConfig();
    const config: JsonObject = {
      ...sandbox.config(),
      app: { baseUrl: 'http://localhost:3000' },
      backend: {
        baseUrl: 'http://localhost:7007',
        database: { client: 'better-sqlite3', connection: ':memory:' },
      },
      // The portal's own standard (cleanup: archive): the template's clean-up
      // deletes the repository a failed task created all the same.
      platform,
      catalog: {
        rules: [{ allow: ['Component', 'System', 'Domain', 'Location'] }],
        locations: [
          {
            type: 'file',
            target: resolve(root, 'examples/org.yaml'),
            rules: [{ allow: ['User', 'Group'] }],
          },
          {
            type: 'file',
            target: resolve(root, 'examples/domains-systems.yaml'),
          },
          ...['golden-path-service', 'golden-path-python-service'].map(
            name => ({
              type: 'file',
              target: resolve(templatesDir, name, 'template.yaml'),
              rules: [{ allow: ['Template'] }],
            }),
          ),
        ],
      },
    };
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleScaffolderEntityModel,
        catalogModuleFilePlaceholders,
        scaffolderPlugin,
        scaffolderModulePlatform,
        scaffolderModulePlatformKubernetes,
        scaffolderModulePlatformObservability,
        scaffolderModulePlatformGithub,
        mockServices.rootConfig.factory({ data: config }),
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();

    // The catalog processes its locations in the background.
    const ingested = async (paths: string[]) => {
      const answers = await Promise.all(
        paths.map(path => request(server).get(path).set('Authorization', user)),
      );
      return answers.every(answer => answer.status === 200);
    };
    for (let attempt = 0; attempt < 150; attempt++) {
      if (
        await ingested([
          '/api/catalog/entities/by-name/template/default/golden-path-service',
          '/api/catalog/entities/by-name/template/default/golden-path-python-service',
          '/api/catalog/entities/by-name/group/default/payments-team',
        ])
      ) {
        return;
      }
      await new Promise(r => setTimeout(r, 200));
    }
    throw new Error('The catalog did not ingest the template in time');
  });
  afterAll(async () => {
    await stopBackend?.();
    await sandbox?.stop();
  });

  const values = (name: string) => ({
    name,
    description: 'A service on the golden path',
    owner: 'group:default/payments-team',
    system: 'system:default/checkout',
    deployment: { environments: ['dev', 'production'], tier: 'small' },
    slo: {
      availability: '99.9',
      latencyObjective: '95',
      latencyThresholdMs: 300,
      period: '30d',
      severities: ['page', 'ticket'],
    },
    repoVisibility: 'private',
    // No repoUrl, as the form sends it: the plan step puts the repository
    // in the first organisation on the first GitHub host.
  });

  /** Creates a task through the API and waits until it ends. */
  async function runTask(name: string) {
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', user)
      .send({
        templateRef: 'template:default/golden-path-service',
        values: values(name),
      });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    for (;;) {
      const task = await request(server)
        .get(`/api/scaffolder/v2/tasks/${id}`)
        .set('Authorization', user);
      if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
        const events = await request(server)
          .get(`/api/scaffolder/v2/tasks/${id}/events`)
          .set('Authorization', user);
        const log: TaskEvent[] = events.body;
        const completion = log.find(e => e.type === 'completion');
        const steps = (status: string) =>
          log
            .filter(e => e.body.stepId && e.body.status === status)
            .map(e => e.body.stepId!)
            .filter((step, i, all) => all.indexOf(step) === i);
        return {
          id,
          status: task.body.status as string,
          // The error the task failed with, as the task page shows it.
          message: completion?.body.error?.message ?? '',
          completed: steps('completed'),
          skipped: steps('skipped'),
          failed: steps('failed'),
          output: task.body.output,
        };
      }
      await new Promise(r => setTimeout(r, 250));
    }
  }

  const namespaceExists = (cluster: string, namespace: string) =>
    Boolean(sandbox.cluster(cluster).get('v1', 'Namespace', namespace));
  const repositoryExists = (name: string) =>
    Boolean(sandbox.github.repository('acme', name));
  const entityStatus = async (name: string) =>
    (
      await request(server)
        .get(`/api/catalog/entities/by-name/component/default/${name}`)
        .set('Authorization', user)
    ).status;

  /** A dry run of the template as the catalog serves it, with its files as the template editor sends them. */
  async function dryRun(name: string, serviceName: string) {
    const entity = await request(server)
      .get(`/api/catalog/entities/by-name/template/default/${name}`)
      .set('Authorization', user);
    const templateDir = join(templatesDir, name);
    const files = (await readdir(templateDir, { recursive: true })).map(file =>
      join(templateDir, file),
    );
    const directoryContents = [];
    for (const file of files) {
      const content = await readFile(file).catch(() => undefined);
      if (content) {
        directoryContents.push({
          path: relative(templateDir, file),
          base64Content: content.toString('base64'),
        });
      }
    }
    return request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', user)
      .send({
        template: entity.body,
        values: values(serviceName),
        secrets: {},
        directoryContents,
      });
  }

  it.each(['golden-path-service', 'golden-path-python-service'])(
    'a dry run of %s through the API passes, runs no clean-up and writes nothing',
    async name => {
      sandbox.clearRequests();
      const res = await dryRun(name, 'dry-service');
      expect(res.status).toBe(200);
      const log: TaskEvent[] = res.body.log;
      const skipped = log
        .filter(e => e.body.status === 'skipped')
        .map(e => e.body.stepId);
      expect(skipped).toEqual([
        'cleanup-register',
        'cleanup-publish',
        'cleanup-observability',
        'cleanup-namespaces',
        'fail',
      ]);
      expect(log.filter(e => e.body.status === 'failed')).toEqual([]);
      const completed = log
        .filter(e => e.body.status === 'completed')
        .map(e => e.body.stepId);
      expect(completed).toEqual(
        expect.arrayContaining([
          'plan',
          'fetch',
          'fetch-environments',
          'namespaces',
          'observability',
          'publish',
          'register',
        ]),
      );
      // The files of this template's own skeleton and environment.
      const rendered = (res.body.directoryContents as { path: string }[]).map(
        file => file.path,
      );
      expect(rendered).toEqual(
        expect.arrayContaining([
          'catalog-info.yaml',
          'deploy/dev/kustomization.yaml',
          'deploy/production/kustomization.yaml',
          name === 'golden-path-python-service'
            ? 'app/main.py'
            : 'src/index.js',
        ]),
      );
      expect(sandbox.writes()).toEqual([]);
      expect(repositoryExists('dry-service')).toBe(false);
    },
  );

  it('the Python service it renders passes its own tests and deploys in promotion order', async () => {
    const res = await dryRun('golden-path-python-service', 'dry-python');
    expect(res.status).toBe(200);
    const dir = await mkdtemp(join(tmpdir(), 'dry-python-'));
    try {
      for (const file of res.body.directoryContents as {
        path: string;
        base64Content: string;
      }[]) {
        await mkdir(dirname(join(dir, file.path)), { recursive: true });
        await writeFile(
          join(dir, file.path),
          Buffer.from(file.base64Content, 'base64'),
        );
      }
      expect(await readFile(join(dir, 'deploy/environments.txt'), 'utf8')).toBe(
        'dev\nproduction\n',
      );
      expect(
        await readFile(
          join(dir, 'deploy/production/kustomization.yaml'),
          'utf8',
        ),
      ).toContain('value: 2');
      const { stdout } = await promisify(execFile)(
        DEBIAN_PYTHON,
        ['-m', 'pytest', '-p', 'no:cacheprovider', '-q'],
        { cwd: dir, env: pythonSkeletonEnv() },
      ).catch(error => {
        throw new Error(`pytest failed:\n${error.stdout}${error.stderr}`);
      });
      expect(stdout).toMatch(/\b\d+ passed\b/);
      // The service's name rendered into its code.
      expect(await readFile(join(dir, 'app/main.py'), 'utf8')).toContain(
        '"SERVICE_NAME", "dry-python"',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a failure in the observability step removes what the task created and fails the task naming the step', async () => {
    const fault = sandbox.cluster('nonprod-cluster').faults.add({
      method: 'PATCH',
      path: /prometheusrules/,
      status: 403,
    });
    const task = await runTask('broken-service');
    fault.remove();

    expect(task.status).toBe('failed');
    expect(task.message).toMatch(
      /^Step observability failed: The portal may not apply PrometheusRule broken-service-dev\/broken-service-slo on cluster nonprod-cluster: .*\. Cleaned up what this task created: cleanup-observability \(deleted .*\), cleanup-namespaces \(environments dev nonprod-cluster broken-service-dev deleted, production prod-cluster broken-service-production deleted\)$/,
    );
    expect(task.skipped).toEqual(
      expect.arrayContaining([
        'publish',
        'register',
        'cleanup-register',
        'cleanup-publish',
      ]),
    );
    expect(task.failed).toEqual(['fail']);

    expect(namespaceExists('nonprod-cluster', 'broken-service-dev')).toBe(
      false,
    );
    expect(namespaceExists('prod-cluster', 'broken-service-production')).toBe(
      false,
    );
    expect(repositoryExists('broken-service')).toBe(false);
    expect(await entityStatus('broken-service')).toBe(404);
  });

  it('a failure in the last step removes the catalog location, the repository, the monitors and the namespaces', async () => {
    // The catalog reads the new repository's catalog-info.yaml from GitHub.
    const fault = sandbox.github.faults.add({
      method: 'GET',
      path: /\/repos\/acme\/late-service\/contents\/catalog-info\.yaml/,
      status: 404,
    });
    const task = await runTask('late-service');
    fault.remove();

    expect(task.status).toBe('failed');
    expect(task.message).toMatch(
      /^Step register failed: Reading .*\/acme\/late-service\/tree\/main\/catalog-info\.yaml: .*\. Cleaned up what this task created: cleanup-register \(action removed\), cleanup-publish \(action deleted\), cleanup-observability \(deleted dev: ServiceMonitor\/late-service, .*\), cleanup-namespaces \(environments dev nonprod-cluster late-service-dev deleted, production prod-cluster late-service-production deleted\)$/,
    );
    expect(task.completed).toEqual(
      expect.arrayContaining([
        'publish',
        'cleanup-register',
        'cleanup-publish',
        'cleanup-observability',
        'cleanup-namespaces',
      ]),
    );
    expect(namespaceExists('nonprod-cluster', 'late-service-dev')).toBe(false);
    expect(namespaceExists('prod-cluster', 'late-service-production')).toBe(
      false,
    );
    expect(repositoryExists('late-service')).toBe(false);
    expect(await entityStatus('late-service')).toBe(404);
    const locations = await request(server)
      .get('/api/catalog/locations')
      .set('Authorization', user);
    expect(JSON.stringify(locations.body)).not.toContain('late-service');
  });

  it('a clean-up step that fails is named, and the clean-up steps after it still run', async () => {
    const faults = [
      sandbox.github.faults.add({
        method: 'GET',
        path: /\/repos\/acme\/stuck-service\/contents\/catalog-info\.yaml/,
        status: 404,
      }),
      // GitHub refuses to delete (or archive) the repository.
      sandbox.github.faults.add({
        method: 'DELETE',
        path: /\/repos\/acme\/stuck-service$/,
        status: 403,
      }),
    ];
    const task = await runTask('stuck-service');
    faults.forEach(fault => fault.remove());

    expect(task.status).toBe('failed');
    expect(task.message).toMatch(
      /^Step register failed: .*\. Cleaned up what this task created: cleanup-register \(action removed\), cleanup-observability \(deleted .*\), cleanup-namespaces \(environments .*\)\. Clean-up failed, what it was to remove is left: cleanup-publish: .*acme\/stuck-service.*$/,
    );
    expect(namespaceExists('nonprod-cluster', 'stuck-service-dev')).toBe(false);
    expect(await entityStatus('stuck-service')).toBe(404);
    // Left, and named in the error.
    expect(repositoryExists('stuck-service')).toBe(true);
  });

  it('a normal run leaves everything; a second task over it that fails removes nothing the first created', async () => {
    const first = await runTask('golden-service');
    expect(first.status).toBe('completed');
    expect(first.skipped).toEqual(
      expect.arrayContaining([
        'cleanup-register',
        'cleanup-publish',
        'cleanup-observability',
        'cleanup-namespaces',
        'fail',
      ]),
    );
    expect(namespaceExists('nonprod-cluster', 'golden-service-dev')).toBe(true);
    expect(namespaceExists('prod-cluster', 'golden-service-production')).toBe(
      true,
    );
    expect(repositoryExists('golden-service')).toBe(true);
    // Registered and refreshed at once: in the catalog when the task ends.
    expect(await entityStatus('golden-service')).toBe(200);

    // The same values again; this time reading the rules fails.
    const fault = sandbox.cluster('nonprod-cluster').faults.add({
      method: 'GET',
      path: /prometheusrules/,
      status: 403,
    });
    const second = await runTask('golden-service');
    fault.remove();
    expect(second.status).toBe('failed');
    expect(second.message).toMatch(
      /^Step observability failed: .*PrometheusRule golden-service-dev\/golden-service-slo.*\. This task had created nothing to clean up$/,
    );
    expect(namespaceExists('nonprod-cluster', 'golden-service-dev')).toBe(true);
    expect(namespaceExists('prod-cluster', 'golden-service-production')).toBe(
      true,
    );
    const monitors = await sandbox
      .cluster('nonprod-cluster')
      .kubectl([
        'get',
        'servicemonitor,configmap',
        '-n',
        'golden-service-dev',
        '-o',
        'name',
      ]);
    expect(monitors.stdout).toMatch(/servicemonitor.*\/golden-service/);
    expect(repositoryExists('golden-service')).toBe(true);
    expect(await entityStatus('golden-service')).toBe(200);
  });
});

import type { TestSandbox } from '@internal/sandbox/testUtils';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import request from 'supertest';
import yaml from 'yaml';
import {
  REPO_ROOT,
  startTemplateTestBackend,
  type TaskEvent,
  type TemplateTestBackend,
  userHeader as user,
} from './__testUtils__/templateTestBackend';

jest.setTimeout(240_000);

const templateDir = resolve(REPO_ROOT, 'templates/golden-path-service');

/**
 * The golden-path template as the portal runs it: the scaffolder backend
 * with the platform modules, the catalog holding the template, the example
 * groups and systems, against the sandbox's GitHub and clusters. Tasks are
 * created through the scaffolder's API, so `if:`, Nunjucks and the step
 * order are the scaffolder's own.
 */
describe('the golden-path template, run by the scaffolder', () => {
  let backend: TemplateTestBackend;
  let sandbox: TestSandbox;
  let server: Server;

  beforeAll(async () => {
    backend = await startTemplateTestBackend({
      templates: ['golden-path-service'],
    });
    sandbox = backend.sandbox;
    server = backend.server;
  });
  afterAll(async () => {
    await backend?.stop();
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

  it('a dry run through the API passes, runs no clean-up and writes nothing', async () => {
    sandbox.clearRequests();
    const res = await backend.dryRun(
      templateDir,
      yaml.parse(await readFile(join(templateDir, 'template.yaml'), 'utf8')),
      values('dry-service'),
    );
    expect(res.status).toBe(200);
    const log: TaskEvent[] = res.log;
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
        'namespaces',
        'observability',
        'publish',
        'register',
      ]),
    );
    expect(sandbox.writes()).toEqual([]);
    expect(repositoryExists('dry-service')).toBe(false);
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

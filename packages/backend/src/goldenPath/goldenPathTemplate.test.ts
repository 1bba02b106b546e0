import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { CATALOG_ANNOTATIONS } from '@internal/plugin-platform-common';
import {
  signedIn,
  startTestPortal,
  type TaskEvent,
  type TestPortal,
} from './__testUtils__/testPortal';

jest.setTimeout(240_000);

const user = signedIn('user:default/guest');

/**
 * The golden-path template as the portal runs it: the scaffolder backend
 * with the platform modules, the catalog holding the template, the example
 * groups and systems, against the sandbox's GitHub and clusters. Tasks are
 * created through the scaffolder's API, so `if:`, Nunjucks and the step
 * order are the scaffolder's own.
 */
describe('the golden-path template, run by the scaffolder', () => {
  let portal: TestPortal;

  beforeAll(async () => {
    // With the portal's permission policy: the guest is in no group, so
    // neither owns what it creates nor is an admin, and the clean-up still
    // removes everything the task created.
    portal = await startTestPortal({
      templates: ['golden-path-service', 'golden-path-python-service'],
      permissions: true,
    });
  });
  afterAll(async () => {
    await portal?.stop();
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

  const runTask = (name: string) =>
    portal.runTask({ template: 'golden-path-service', values: values(name) });
  const namespaceExists = (cluster: string, namespace: string) =>
    portal.namespaceExists(cluster, namespace);
  const repositoryExists = (name: string) => Boolean(portal.repository(name));
  const entityStatus = (name: string) => portal.entityStatus(name);

  it.each(['golden-path-service', 'golden-path-python-service'])(
    'a dry run of %s through the API passes, runs no clean-up and writes nothing',
    async template => {
      portal.sandbox.clearRequests();
      const res = await portal.dryRun({
        template,
        values: values('dry-service'),
      });
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
          template === 'golden-path-python-service'
            ? 'app/main.py'
            : 'src/index.ts',
        ]),
      );
      expect(portal.sandbox.writes()).toEqual([]);
      expect(repositoryExists('dry-service')).toBe(false);
    },
  );

  it.each([
    ['golden-path-service', 'src/main.ts', "'dry-rendered'"],
    [
      'golden-path-python-service',
      'app/main.py',
      '"SERVICE_NAME", "dry-rendered"',
    ],
  ])(
    'the service %s renders deploys in promotion order, with its own name',
    async (template, code, serviceName) => {
      const res = await portal.dryRun({
        template,
        values: values('dry-rendered'),
      });
      expect(res.status).toBe(200);
      const dir = await mkdtemp(join(tmpdir(), 'dry-rendered-'));
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
        expect(
          await readFile(join(dir, 'deploy/environments.txt'), 'utf8'),
        ).toBe('dev\nproduction\n');
        expect(
          await readFile(
            join(dir, 'deploy/production/kustomization.yaml'),
            'utf8',
          ),
        ).toContain('value: 2');
        // The service's name rendered into its code.
        expect(await readFile(join(dir, code), 'utf8')).toContain(serviceName);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  it('a failure in the observability step removes what the task created and fails the task naming the step', async () => {
    const fault = portal.sandbox.cluster('nonprod-cluster').faults.add({
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
    const fault = portal.sandbox.github.faults.add({
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
    const locations = await request(portal.server)
      .get('/api/catalog/locations')
      .set('Authorization', user);
    expect(JSON.stringify(locations.body)).not.toContain('late-service');
  });

  it('a clean-up step that fails is named, and the clean-up steps after it still run', async () => {
    const faults = [
      portal.sandbox.github.faults.add({
        method: 'GET',
        path: /\/repos\/acme\/stuck-service\/contents\/catalog-info\.yaml/,
        status: 404,
      }),
      // GitHub refuses to delete (or archive) the repository.
      portal.sandbox.github.faults.add({
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

  it('pushes catalog-info.yaml with the Grafana and SLO annotations, matching what wire applied', async () => {
    const service = 'annotated-service';
    const task = await runTask(service);
    expect(task.status).toBe('completed');

    // catalog-info.yaml as pushed, read through GitHub's contents API as
    // the catalog reads it.
    const { data } = await portal.sandbox.github.octokit().repos.getContent({
      owner: 'acme',
      repo: service,
      path: 'catalog-info.yaml',
    });
    const text = Buffer.from(
      (data as { content: string }).content,
      'base64',
    ).toString('utf8');
    const component = parseAllDocuments(text)
      .map(document => document.toJS())
      .find(entity => entity?.kind === 'Component');
    const annotations: Record<string, string> = component.metadata.annotations;
    expect(annotations).toMatchObject({
      'grafana/dashboard-selector': `tags @> '${service}' && tags @> 'developer-portal'`,
      'grafana/alert-label-selector': `service=${service}`,
    });
    const slo = JSON.parse(annotations[CATALOG_ANNOTATIONS.slo]);
    expect(slo).toEqual(values(service).slo);

    const getJson = async (cluster: string, args: string[]) =>
      JSON.parse(
        (await portal.sandbox.cluster(cluster).kubectl([...args, '-o', 'json']))
          .stdout,
      );
    for (const [environment, cluster] of [
      ['dev', 'nonprod-cluster'],
      ['production', 'prod-cluster'],
    ]) {
      const namespace = `${service}-${environment}`;
      // The dashboard selector selects the dashboard wire delivered.
      const configMap = await getJson(cluster, [
        'get',
        'configmap',
        `${service}-dashboard`,
        '-n',
        namespace,
      ]);
      const dashboard = JSON.parse(
        configMap.data[`${service}-${environment}.json`],
      );
      const wantedTags = [
        ...annotations['grafana/dashboard-selector'].matchAll(
          /tags @> '([^']+)'/g,
        ),
      ].map(match => match[1]);
      expect(wantedTags).toHaveLength(2);
      expect(dashboard.tags).toEqual(expect.arrayContaining(wantedTags));

      // The alert label selector selects every alert of the rules wire
      // applied, and nothing else labels them apart.
      const rule = await getJson(cluster, [
        'get',
        'prometheusrule',
        `${service}-slo`,
        '-n',
        namespace,
      ]);
      const alerts = rule.spec.groups
        .flatMap((group: any) => group.rules)
        .filter((r: any) => r.alert);
      expect(alerts.length).toBeGreaterThan(0);
      const selector = Object.fromEntries(
        annotations['grafana/alert-label-selector']
          .split(',')
          .map(pair => pair.trim().split('=')),
      );
      for (const alert of alerts) {
        expect(alert.labels).toMatchObject(selector);
      }

      // The SLO annotated is the SLO the rules enforce: both severities,
      // and the fastest page at 14.4 times the 0.1% budget of 99.9%.
      expect(
        [...new Set(alerts.map((a: any) => a.labels.severity))].sort(),
      ).toEqual([...slo.severities].sort());
      const fastest = alerts.find(
        (a: any) =>
          a.alert === 'ServiceAvailabilityBudgetBurn' && a.labels.long === '1h',
      );
      expect(fastest.expr).toContain('0.0144');
      expect(
        alerts.some(
          (a: any) =>
            a.alert === 'ServiceLatencyBudgetBurn' && a.expr.includes('0.72'),
        ),
      ).toBe(true);
    }
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
    const fault = portal.sandbox.cluster('nonprod-cluster').faults.add({
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
    const monitors = await portal.sandbox
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

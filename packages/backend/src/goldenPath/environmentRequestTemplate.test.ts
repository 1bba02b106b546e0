import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import {
  NAMESPACE_ANNOTATIONS,
  readPlatformConfig,
  resourceQuotaHard,
} from '@internal/plugin-platform-common';
import { portalPlatformConfig } from '@internal/plugin-platform-common/testUtils';
import { PlatformClusters } from '@internal/plugin-platform-node';
import { reapExpiredPreviews } from '@internal/plugin-scaffolder-backend-module-platform-kubernetes';
import { startTestPortal, type TestPortal } from './__testUtils__/testPortal';

jest.setTimeout(300_000);

// From examples/org.yaml.
const OWNER = 'user:default/sofia.martinez'; // payments-team
const OTHER_TEAM = 'user:default/emma.johnson'; // web-team

const HOUR = 60 * 60 * 1000;
const SERVICE = 'menu-service';

/**
 * The environment-request template as the portal runs it, on a service the
 * golden path created: the scaffolder and catalog backends with the platform
 * modules, and the permission backend deciding with the portal's policy,
 * against the sandbox's clusters.
 */
describe('the environment-request template, run by the scaffolder', () => {
  let portal: TestPortal;

  beforeAll(async () => {
    portal = await startTestPortal({
      templates: ['golden-path-service', 'environment-request'],
      permissions: true,
    });
    const created = await portal.runTask({
      template: 'golden-path-service',
      user: OWNER,
      values: {
        name: SERVICE,
        description: 'A service that gets more environments',
        owner: 'group:default/payments-team',
        system: 'system:default/checkout',
        deployment: { environments: ['dev'], tier: 'small' },
        slo: {
          availability: '99.9',
          latencyObjective: '95',
          latencyThresholdMs: 300,
          period: '30d',
          severities: ['page', 'ticket'],
        },
        repoVisibility: 'private',
      },
    });
    if (created.status !== 'completed') {
      throw new Error(
        `The golden path did not create ${SERVICE}: ${created.message}`,
      );
    }
  });
  afterAll(async () => {
    await portal?.stop();
  });

  /** Runs the template on the service as `user`: the entity and `values`. */
  const requestAs = (user: string, values: JsonObject) =>
    portal.runTask({
      template: 'environment-request',
      user,
      values: { entity: `component:default/${SERVICE}`, ...values },
    });

  const cluster = () => portal.sandbox.cluster('nonprod-cluster');
  const namespace = (name: string) => cluster().get('v1', 'Namespace', name);
  const kindsIn = (ns: string) =>
    [
      ['v1', 'ResourceQuota'],
      ['monitoring.coreos.com/v1', 'ServiceMonitor'],
      ['monitoring.coreos.com/v1', 'PrometheusRule'],
      ['v1', 'ConfigMap'],
    ].flatMap(([apiVersion, kind]) =>
      cluster()
        .list(apiVersion, kind, { namespace: ns })
        .map(o => `${kind}/${o.metadata?.name}`),
    );

  async function platform() {
    return readPlatformConfig(
      new ConfigReader({
        ...portal.sandbox.config(),
        platform: await portalPlatformConfig(),
      }),
    );
  }

  it('is refused to a member of another team before anything changes', async () => {
    portal.sandbox.clearRequests();
    const task = await requestAs(OTHER_TEAM, {
      kind: 'environments',
      deployment: { environments: ['staging'], tier: 'medium' },
    });
    expect(task.status).toBe('failed');
    expect(task.failed).toEqual(['plan']);
    expect(task.message).toBe(
      `user:default/emma.johnson may not add environments to component:default/${SERVICE}: only members of its owner (group:default/payments-team) and of the portal's admin groups may change it. Nothing was changed.`,
    );
    expect(portal.sandbox.writes()).toEqual([]);
    expect(namespace(`${SERVICE}-staging`)).toBeUndefined();
  });

  it('a dry run runs every step and changes nothing', async () => {
    portal.sandbox.clearRequests();
    const res = await portal.dryRun({
      template: 'environment-request',
      user: OWNER,
      values: {
        entity: `component:default/${SERVICE}`,
        kind: 'environments',
        deployment: { environments: ['staging'], tier: 'medium' },
      },
    });
    expect({ status: res.status, error: res.body.error }).toEqual({
      status: 200,
      error: undefined,
    });
    const steps = (status: string) =>
      res.log.filter(e => e.body.status === status).map(e => e.body.stepId);
    expect(steps('failed')).toEqual([]);
    expect(steps('completed')).toEqual(
      expect.arrayContaining(['plan', 'namespaces', 'observability']),
    );
    expect(portal.sandbox.writes()).toEqual([]);
    expect(namespace(`${SERVICE}-staging`)).toBeUndefined();
  });

  it("its owner adds staging: the namespace with the tier's quota and the observability objects", async () => {
    const task = await requestAs(OWNER, {
      kind: 'environments',
      deployment: { environments: ['staging'], tier: 'medium' },
    });
    expect(task.message).toBe('');
    expect(task.status).toBe('completed');
    expect(task.completed).toEqual(['plan', 'namespaces', 'observability']);
    expect(task.output.text).toEqual([
      {
        title: 'Done',
        content: `component:default/${SERVICE} now has ${SERVICE}-staging (tier medium) with its monitors, alerts and dashboards.`,
      },
    ]);

    const staging = namespace(`${SERVICE}-staging`);
    expect(staging?.metadata?.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'developer-portal',
      'developer-portal.acme.example/team': 'payments-team',
      'developer-portal.acme.example/environment': 'staging',
    });
    expect(staging?.metadata?.annotations).toMatchObject({
      [NAMESPACE_ANNOTATIONS.entityRef]: `component:default/${SERVICE}`,
      [NAMESPACE_ANNOTATIONS.taskId]: task.id,
    });
    expect(
      staging?.metadata?.annotations?.[NAMESPACE_ANNOTATIONS.expiresAt],
    ).toBeUndefined();
    const medium = (await platform()).tiers.find(t => t.name === 'medium')!;
    expect(
      (
        cluster().get(
          'v1',
          'ResourceQuota',
          'tier-quota',
          `${SERVICE}-staging`,
        ) as any
      ).spec.hard,
    ).toEqual(resourceQuotaHard(medium));
    expect(kindsIn(`${SERVICE}-staging`)).toEqual(
      expect.arrayContaining([
        'ResourceQuota/tier-quota',
        `ServiceMonitor/${SERVICE}`,
        `ConfigMap/${SERVICE}-dashboard`,
      ]),
    );
    expect(
      kindsIn(`${SERVICE}-staging`).some(k => k.startsWith('PrometheusRule/')),
    ).toBe(true);
  });

  it("the form's environments field marks dev and staging as present, from the clusters", async () => {
    // What PlatformDeployment asks with ui:options.entityField.
    const answer = await portal.get(
      `/api/platform/entities/component/default/${SERVICE}/environments`,
      OWNER,
    );
    expect(answer.status).toBe(200);
    expect(
      answer.body.environments.map((e: any) => [e.name, e.present]),
    ).toEqual([
      ['dev', true],
      ['staging', true],
      ['production', false],
    ]);
    expect(answer.body.environments[1]).toMatchObject({
      namespace: `${SERVICE}-staging`,
      ownedBy: `component:default/${SERVICE}`,
    });
    expect(answer.body.previews).toEqual([]);
  });

  it('refuses staging a second time, naming the field, before anything changes', async () => {
    portal.sandbox.clearRequests();
    const task = await requestAs(OWNER, {
      kind: 'environments',
      deployment: { environments: ['staging'], tier: 'small' },
    });
    expect(task.status).toBe('failed');
    expect(task.failed).toEqual(['plan']);
    expect(task.message).toBe(
      `environments[0]: component:default/${SERVICE} has ${SERVICE}-staging on nonprod-cluster already: staging is not new to it`,
    );
    expect(portal.sandbox.writes()).toEqual([]);
  });

  it('adds a preview with a time-to-live, which the reaper deletes once it has expired', async () => {
    const before = Date.now();
    const task = await requestAs(OWNER, {
      kind: 'preview',
      preview: { suffix: 'pr-7', ttlHours: 1 },
      // Left over from switching the form's kind: not used.
      deployment: { environments: ['production'], tier: 'large' },
    });
    expect(task.message).toBe('');
    expect(task.status).toBe('completed');
    const name = `${SERVICE}-preview-pr-7`;
    const preview = namespace(name);
    expect(preview?.metadata?.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'developer-portal',
      'developer-portal.acme.example/environment': 'preview-pr-7',
    });
    const expiresAt = Date.parse(
      preview?.metadata?.annotations?.[NAMESPACE_ANNOTATIONS.expiresAt] ?? '',
    );
    expect(expiresAt).toBeGreaterThanOrEqual(before + HOUR);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + HOUR);
    expect(task.output.text).toEqual([
      {
        title: 'Done',
        content: `component:default/${SERVICE} now has ${name} (tier small) with its monitors, alerts and dashboards, until ${new Date(
          expiresAt,
        ).toISOString()}, when the preview is deleted.`,
      },
    ]);
    expect(kindsIn(name)).toEqual(
      expect.arrayContaining([
        'ResourceQuota/tier-quota',
        `ServiceMonitor/${SERVICE}`,
      ]),
    );
    expect(namespace(`${SERVICE}-production`)).toBeUndefined();

    // The reaper as the scheduled task runs it, with its clock past the expiry.
    const config = new ConfigReader({
      ...portal.sandbox.config(),
      platform: await portalPlatformConfig(),
    });
    const logger = mockServices.logger.mock();
    const reap = (now: number) =>
      reapExpiredPreviews({
        clusters: PlatformClusters.fromConfig(config, { logger }),
        platform: readPlatformConfig(config),
        auditor: mockServices.auditor.mock(),
        logger,
        now: new Date(now),
      });
    expect(await reap(expiresAt - 60_000)).toEqual([]);
    expect(namespace(name)).toBeDefined();
    expect(await reap(expiresAt + 60_000)).toEqual([
      {
        cluster: 'nonprod-cluster',
        namespace: name,
        expiresAt: new Date(expiresAt).toISOString(),
        entityRef: `component:default/${SERVICE}`,
      },
    ]);
    for (let i = 0; i < 100 && namespace(name); i++) {
      await new Promise(r => setTimeout(r, 100));
    }
    expect(namespace(name)).toBeUndefined();
    // Only the expired preview: the service's other namespaces stay.
    expect(namespace(`${SERVICE}-dev`)).toBeDefined();
    expect(namespace(`${SERVICE}-staging`)).toBeDefined();
  });

  describe('extending a preview', () => {
    const name = `${SERVICE}-preview-pr-8`;
    const expiryOf = () =>
      namespace(name)?.metadata?.annotations?.[NAMESPACE_ANNOTATIONS.expiresAt];
    let createdBy: string;

    beforeAll(async () => {
      const task = await requestAs(OWNER, {
        kind: 'preview',
        preview: { suffix: 'pr-8', ttlHours: 1 },
      });
      if (task.status !== 'completed') {
        throw new Error(`The preview was not created: ${task.message}`);
      }
      createdBy = task.id;
    });

    it('gives it a later expiry with one write to its namespace; the observability steps change nothing', async () => {
      const before = Date.now();
      const previous = expiryOf();
      portal.sandbox.clearRequests();
      const task = await requestAs(OWNER, {
        kind: 'extend-preview',
        preview: { suffix: 'pr-8', ttlHours: 48 },
        // Left over from switching the form's kind: not used.
        deployment: { environments: ['production'], tier: 'large' },
      });
      expect(task.message).toBe('');
      expect(task.status).toBe('completed');
      expect(task.completed).toEqual(['plan', 'namespaces', 'observability']);

      const expiresAt = expiryOf()!;
      expect(Date.parse(expiresAt)).toBeGreaterThanOrEqual(before + 48 * HOUR);
      expect(Date.parse(expiresAt)).toBeLessThanOrEqual(Date.now() + 48 * HOUR);
      // The task that created it stays on it.
      expect(
        namespace(name)?.metadata?.annotations?.[NAMESPACE_ANNOTATIONS.taskId],
      ).toBe(createdBy);
      // One server-side apply of the namespace: nothing else, and nothing twice.
      expect(
        portal.sandbox.writes().map(w => `${w.server} ${w.method} ${w.path}`),
      ).toEqual([`nonprod-cluster PATCH /api/v1/namespaces/${name}`]);
      expect(kindsIn(name)).toEqual(
        expect.arrayContaining([
          'ResourceQuota/tier-quota',
          `ServiceMonitor/${SERVICE}`,
          `ConfigMap/${SERVICE}-dashboard`,
        ]),
      );
      expect(task.output.text).toEqual([
        {
          title: 'Done',
          content: `component:default/${SERVICE} has its preview ${name} until ${expiresAt} now, no longer ${previous}.`,
        },
      ]);

      // The form's data: the preview with its new expiry.
      const answer = await portal.get(
        `/api/platform/entities/component/default/${SERVICE}/environments`,
        OWNER,
      );
      expect(answer.body.previews).toEqual([
        expect.objectContaining({ suffix: 'pr-8', namespace: name, expiresAt }),
      ]);
    });

    it('refuses a preview the service does not have, naming those it has, before anything changes', async () => {
      portal.sandbox.clearRequests();
      const task = await requestAs(OWNER, {
        kind: 'extend-preview',
        preview: { suffix: 'pr-99', ttlHours: 48 },
      });
      expect(task.status).toBe('failed');
      expect(task.failed).toEqual(['plan']);
      expect(task.message).toBe(
        `preview.suffix: component:default/${SERVICE} has no preview 'pr-99' to extend (no namespace ${SERVICE}-preview-pr-99 on nonprod-cluster); its previews: pr-8 (until ${expiryOf()})`,
      );
      expect(portal.sandbox.writes()).toEqual([]);
    });

    it('refuses it as a new preview, pointing to extending it', async () => {
      portal.sandbox.clearRequests();
      const task = await requestAs(OWNER, {
        kind: 'preview',
        preview: { suffix: 'pr-8', ttlHours: 4 },
      });
      expect(task.status).toBe('failed');
      expect(task.message).toBe(
        `preview.suffix: component:default/${SERVICE} has ${name} on nonprod-cluster already: preview-pr-8 is not new to it; to give it more time, extend it`,
      );
      expect(portal.sandbox.writes()).toEqual([]);
    });

    it('is refused to a member of another team', async () => {
      portal.sandbox.clearRequests();
      const task = await requestAs(OTHER_TEAM, {
        kind: 'extend-preview',
        preview: { suffix: 'pr-8', ttlHours: 100 },
      });
      expect(task.status).toBe('failed');
      expect(task.failed).toEqual(['plan']);
      expect(task.message).toMatch(
        /^user:default\/emma.johnson may not add environments to /,
      );
      expect(portal.sandbox.writes()).toEqual([]);
    });
  });
});

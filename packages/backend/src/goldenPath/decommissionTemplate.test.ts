import request from 'supertest';
import {
  signedIn,
  startTestPortal,
  type TestPortal,
} from './__testUtils__/testPortal';

jest.setTimeout(300_000);

// From examples/org.yaml.
const OWNER = 'user:default/sofia.martinez'; // payments-team
const OTHER_TEAM = 'user:default/emma.johnson'; // web-team
const ADMIN = 'user:default/alex.chen'; // platform-team, an admin group

/**
 * The decommission template as the portal runs it, on services the golden
 * path created: the scaffolder and catalog backends with the platform
 * modules, and the permission backend deciding with the portal's policy,
 * against the sandbox's GitHub and clusters.
 */
describe('the decommission template, run by the scaffolder', () => {
  let portal: TestPortal;

  beforeAll(async () => {
    portal = await startTestPortal({
      templates: ['golden-path-service', 'decommission-service'],
      permissions: true,
    });
  });
  afterAll(async () => {
    await portal?.stop();
  });

  /** A service of payments-team in dev and production, made by the golden path. */
  async function createService(name: string) {
    const task = await portal.runTask({
      template: 'golden-path-service',
      user: OWNER,
      values: {
        name,
        description: 'A service to decommission',
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
      },
    });
    expect(task.message).toBe('');
    expect(task.status).toBe('completed');
    expectAllThere(name);
  }

  const decommission = (name: string, user: string, confirmation = name) =>
    portal.runTask({
      template: 'decommission-service',
      user,
      values: { entity: `component:default/${name}`, confirmation },
    });

  function expectAllThere(name: string) {
    expect(portal.namespaceExists('nonprod-cluster', `${name}-dev`)).toBe(true);
    expect(portal.namespaceExists('prod-cluster', `${name}-production`)).toBe(
      true,
    );
    expect(portal.repository(name)?.archived).toBe(false);
  }

  async function expectAllGone(name: string) {
    expect(portal.namespaceExists('nonprod-cluster', `${name}-dev`)).toBe(
      false,
    );
    expect(portal.namespaceExists('prod-cluster', `${name}-production`)).toBe(
      false,
    );
    // Archived, not deleted.
    expect(portal.repository(name)?.archived).toBe(true);
    expect(await portal.entityStatus(name)).toBe(404);
    const locations = await request(portal.server)
      .get('/api/catalog/locations')
      .set('Authorization', signedIn(ADMIN));
    expect(JSON.stringify(locations.body)).not.toContain(`/${name}/`);
  }

  describe('a service of payments-team', () => {
    beforeAll(async () => {
      await createService('retired-service');
    });

    it('is refused to a member of another team before anything changes, naming the user and the entity', async () => {
      portal.sandbox.clearRequests();
      const task = await decommission('retired-service', OTHER_TEAM);
      expect(task.status).toBe('failed');
      expect(task.failed).toEqual(['plan']);
      expect(task.message).toBe(
        "user:default/emma.johnson may not decommission component:default/retired-service: only members of its owner (group:default/payments-team) and of the portal's admin groups may delete it. Nothing was changed.",
      );
      expect(portal.sandbox.writes()).toEqual([]);
      expectAllThere('retired-service');
      expect(await portal.entityStatus('retired-service')).toBe(200);
    });

    it('is refused with a wrong confirmation, naming the field, before anything changes', async () => {
      portal.sandbox.clearRequests();
      const task = await decommission('retired-service', OWNER, 'retired');
      expect(task.status).toBe('failed');
      expect(task.failed).toEqual(['plan']);
      expect(task.message).toBe(
        `confirmation: must be the service's name 'retired-service' exactly, to confirm that component:default/retired-service is to be decommissioned; got "retired"`,
      );
      expect(portal.sandbox.writes()).toEqual([]);
      expectAllThere('retired-service');
      expect(await portal.entityStatus('retired-service')).toBe(200);
    });

    it('a dry run runs every step and changes nothing', async () => {
      portal.sandbox.clearRequests();
      const res = await portal.dryRun({
        template: 'decommission-service',
        user: OWNER,
        values: {
          entity: 'component:default/retired-service',
          confirmation: 'retired-service',
        },
      });
      expect({ status: res.status, error: res.body.error }).toEqual({
        status: 200,
        error: undefined,
      });
      const steps = (status: string) =>
        res.log.filter(e => e.body.status === status).map(e => e.body.stepId);
      expect(steps('failed')).toEqual([]);
      expect(steps('skipped')).toEqual(['fail']);
      expect(steps('completed')).toEqual(
        expect.arrayContaining([
          'plan',
          'observability',
          'namespaces',
          'repository',
          'unregister',
        ]),
      );
      expect(portal.sandbox.writes()).toEqual([]);
      expectAllThere('retired-service');
      expect(await portal.entityStatus('retired-service')).toBe(200);
    });

    it('its owner removes the namespaces, archives the repository and removes the entity', async () => {
      const task = await decommission('retired-service', OWNER);
      expect(task.message).toBe('');
      expect(task.status).toBe('completed');
      expect(task.skipped).toEqual(['fail']);
      await expectAllGone('retired-service');
    });

    it('a re-run once everything is gone succeeds and changes nothing', async () => {
      portal.sandbox.clearRequests();
      const task = await decommission('retired-service', OWNER);
      expect(task.status).toBe('completed');
      expect(task.completed).toEqual(['plan']);
      expect(task.skipped).toEqual([
        'observability',
        'namespaces',
        'repository',
        'unregister',
        'fail',
      ]);
      expect(portal.sandbox.writes()).toEqual([]);
    });
  });

  it('a step that fails does not stop the others, keeps the entity for a re-run, and fails the task naming it; the re-run converges', async () => {
    await createService('stuck-service');
    // GitHub refuses to archive the repository.
    const fault = portal.sandbox.github.faults.add({
      method: 'PATCH',
      path: /\/repos\/acme\/stuck-service$/,
      status: 403,
    });
    const first = await decommission('stuck-service', OWNER);
    fault.remove();
    expect(first.status).toBe('failed');
    expect(first.message).toMatch(
      /^Step repository failed: .*acme\/stuck-service.*\. Done: observability \(deleted dev: ServiceMonitor\/stuck-service, .*\), namespaces \(environments dev nonprod-cluster stuck-service-dev deleted, staging nonprod-cluster stuck-service-staging absent, production prod-cluster stuck-service-production deleted\)$/,
    );
    expect(first.skipped).toEqual(['unregister']);
    expect(portal.namespaceExists('nonprod-cluster', 'stuck-service-dev')).toBe(
      false,
    );
    expect(portal.repository('stuck-service')?.archived).toBe(false);
    // Kept: the re-run finds the rest by it.
    expect(await portal.entityStatus('stuck-service')).toBe(200);

    const second = await decommission('stuck-service', OWNER);
    expect(second.message).toBe('');
    expect(second.status).toBe('completed');
    await expectAllGone('stuck-service');
  });

  it('an admin may decommission any team’s service', async () => {
    await createService('adopted-service');
    const task = await decommission('adopted-service', ADMIN);
    expect(task.message).toBe('');
    expect(task.status).toBe('completed');
    await expectAllGone('adopted-service');
  });
});

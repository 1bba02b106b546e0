import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { portalPlatformConfig } from '@internal/plugin-platform-common/testUtils';
import { PlatformClusters } from '@internal/plugin-platform-node';
import { runAction } from '@internal/plugin-platform-node/testUtils';
import {
  startTestSandbox,
  type TestSandbox,
} from '@internal/sandbox/testUtils';
import yaml from 'yaml';
import { createEnvironmentPlanAction } from './createEnvironmentPlanAction';
import { examples } from './createEnvironmentPlanAction.examples';

jest.setTimeout(30_000);

const slo = {
  availability: '99.9',
  latencyObjective: '95',
  latencyThresholdMs: 300,
  period: '30d',
  severities: ['page', 'ticket'],
};

const service = (name: string, annotations: Record<string, string> = {}) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'github.com/project-slug': `acme/${name}`,
      'developer-portal.acme.example/slo': JSON.stringify(slo),
      ...annotations,
    },
  },
  spec: { type: 'service', owner: 'payments-team' },
});

const NOW = new Date('2026-12-02T08:00:00.000Z');

/** A preview namespace as platform:kubernetes:namespace:ensure makes it. */
function previewNamespace(
  suffix: string,
  expiresAt: string,
  entityRef = 'component:default/invoice-service',
) {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: `invoice-service-preview-${suffix}`,
      labels: {
        'app.kubernetes.io/managed-by': 'developer-portal',
        'developer-portal.acme.example/service': 'invoice-service',
        'developer-portal.acme.example/environment': `preview-${suffix}`,
      },
      annotations: {
        'developer-portal.acme.example/entity-ref': entityRef,
        'developer-portal.acme.example/task-id': 'preview-task',
        'developer-portal.acme.example/expires-at': expiresAt,
      },
    },
  };
}

describe('platform:service:environment:plan', () => {
  let sandbox: TestSandbox;
  let config: ConfigReader;

  beforeAll(async () => {
    sandbox = await startTestSandbox({
      github: false,
      clusters: ['nonprod-cluster', 'prod-cluster'],
    });
    config = new ConfigReader({
      ...sandbox.config(),
      platform: await portalPlatformConfig(),
    });
    // invoice-service has dev already, as the golden path made it, and
    // previews: pr-1 expiring in two hours, old expired an hour ago, and
    // those of the examples.
    const applier = await PlatformClusters.fromConfig(config, {
      logger: mockServices.logger.mock(),
    }).applier('nonprod-cluster');
    await applier.applyAll(
      [
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: {
            name: 'invoice-service-dev',
            labels: { 'app.kubernetes.io/managed-by': 'developer-portal' },
            annotations: {
              'developer-portal.acme.example/task-id': 'golden-path-task',
            },
          },
        },
        previewNamespace('pr-1', '2026-12-02T10:00:00.000Z'),
        // The example's preview.
        previewNamespace('pr-41', '2026-12-02T20:00:00.000Z'),
        previewNamespace('old', '2026-12-02T07:00:00.000Z'),
        previewNamespace(
          'theirs',
          '2026-12-02T10:00:00.000Z',
          'component:finance/invoice-service',
        ),
        // Made by hand, annotated as if the portal had made it.
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: {
            name: 'invoice-service-preview-hand',
            annotations: {
              'developer-portal.acme.example/entity-ref':
                'component:default/invoice-service',
              'developer-portal.acme.example/expires-at':
                '2026-12-02T10:00:00.000Z',
            },
          },
        },
      ],
      { dryRun: false },
    );
  });
  afterAll(() => sandbox.stop());

  async function plan(
    input: Record<string, unknown>,
    options: {
      result?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
      dryRun?: boolean;
    } = {},
  ) {
    const permissions = mockServices.permissions({
      result: options.result ?? AuthorizeResult.ALLOW,
    });
    const authorize = jest.spyOn(permissions, 'authorize');
    const logger = mockServices.logger.mock();
    const action = createEnvironmentPlanAction({
      config,
      catalog: catalogServiceMock({
        entities: [
          service('invoice-service'),
          service('billing'),
          service('no-slo', { 'developer-portal.acme.example/slo': 'fast' }),
        ],
      }),
      permissions,
      clusters: PlatformClusters.fromConfig(config, { logger }),
      logger,
      now: () => NOW,
    });
    return {
      ...(await runAction(action, input, { dryRun: options.dryRun })),
      authorize,
    };
  }

  it("works out the service's owner, SLOs and the environments to add", async () => {
    const { outputs, error, authorize } = await plan({
      entityRef: 'component:default/invoice-service',
      environments: ['production', 'staging'],
      tier: 'medium',
    });
    expect(error).toBeUndefined();
    expect(outputs).toEqual({
      entityRef: 'component:default/invoice-service',
      name: 'invoice-service',
      owner: 'group:default/payments-team',
      slo,
      tier: 'medium',
      environments: [
        {
          name: 'staging',
          title: 'Staging',
          cluster: 'nonprod-cluster',
          namespace: 'invoice-service-staging',
          preview: false,
        },
        {
          name: 'production',
          title: 'Production',
          cluster: 'prod-cluster',
          namespace: 'invoice-service-production',
          preview: false,
        },
      ],
      environmentNames: ['staging', 'production'],
      namespaces: ['invoice-service-staging', 'invoice-service-production'],
    });
    // The initiator's right to change this very entity, as the catalog's delete checks it.
    expect(authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'catalog.entity.delete',
          }),
          resourceRef: 'component:default/invoice-service',
        },
      ],
      { credentials: expect.anything() },
    );
  });

  it("plans a preview on the previews' cluster and tier, expiring after its time-to-live", async () => {
    const { outputs, error } = await plan({
      entityRef: 'invoice-service',
      preview: { suffix: 'pr-42', ttlHours: 8 },
    });
    expect(error).toBeUndefined();
    expect(outputs).toMatchObject({
      tier: 'small',
      environments: [
        {
          name: 'preview-pr-42',
          title: 'Preview pr-42',
          cluster: 'nonprod-cluster',
          namespace: 'invoice-service-preview-pr-42',
          preview: true,
        },
      ],
      environmentNames: ['preview-pr-42'],
      expiresAt: '2026-12-02T16:00:00.000Z',
    });
    // platform.previews.defaultTtlHours when none is given.
    const byDefault = await plan({
      entityRef: 'invoice-service',
      preview: { suffix: 'pr-43' },
    });
    expect(byDefault.outputs.expiresAt).toBe('2026-12-03T08:00:00.000Z');
  });

  it.each([
    [
      { environments: [], tier: 'small' },
      'environments: must name at least one of dev, staging, production, unless preview is given',
    ],
    [{ environments: ['staging'] }, 'tier: is required with environments'],
    [
      { environments: ['qa'], tier: 'small' },
      "environments[0]: 'qa' is not an environment of this portal",
    ],
    [
      { environments: ['dev'], tier: 'large' },
      "tier: 'large' is not allowed in dev, which allows small, medium, gpu",
    ],
    [
      { environments: ['staging'], preview: { suffix: 'a' }, tier: 'small' },
      'environments: must be empty with preview',
    ],
    [
      { preview: { suffix: 'PR_42' } },
      'preview.suffix: must be a DNS-1123 label of at most 20 characters',
    ],
    [
      { preview: { suffix: 'pr-1', ttlHours: 169 } },
      'preview.ttlHours: must be a whole number of hours from 1 to 168 (platform.previews.maxTtlHours), got 169',
    ],
    [
      { preview: { suffix: 'pr-1', ttlHours: 1.5 } },
      'preview.ttlHours: must be a whole number of hours from 1 to 168',
    ],
    [
      { preview: { suffix: 'pr-1' }, tier: 'large' },
      "tier: must be the previews' tier 'small' (platform.previews.tier) or left out, got 'large'",
    ],
  ])(
    'refuses %j naming the field, before asking the catalog',
    async (input, message) => {
      const { error, outputs, authorize } = await plan({
        entityRef: 'component:default/invoice-service',
        ...input,
      });
      expect(error?.name).toBe('InputError');
      expect(error?.message).toContain(message);
      expect(outputs).toEqual({});
      expect(authorize).not.toHaveBeenCalled();
    },
  );

  it("counts only the values of the request's kind", async () => {
    const previewOnly = await plan({
      entityRef: 'invoice-service',
      kind: 'preview',
      environments: ['production'],
      tier: 'large',
      preview: { suffix: 'pr-44', ttlHours: 1 },
    });
    expect(previewOnly.error).toBeUndefined();
    expect(previewOnly.outputs.environmentNames).toEqual(['preview-pr-44']);
    expect(previewOnly.outputs.tier).toBe('small');
    const environmentsOnly = await plan({
      entityRef: 'invoice-service',
      kind: 'environments',
      environments: ['staging'],
      tier: 'large',
      preview: { suffix: 'pr-45' },
    });
    expect(environmentsOnly.error).toBeUndefined();
    expect(environmentsOnly.outputs.environmentNames).toEqual(['staging']);
    expect(environmentsOnly.outputs.expiresAt).toBeUndefined();
  });

  it('refuses an environment the service has already', async () => {
    const { error } = await plan({
      entityRef: 'component:default/invoice-service',
      environments: ['staging', 'dev'],
      tier: 'small',
    });
    expect(error?.message).toBe(
      'environments[1]: component:default/invoice-service has invoice-service-dev on nonprod-cluster already: dev is not new to it',
    );
  });

  it('refuses a new preview the service has already, pointing to extending it', async () => {
    const { error } = await plan({
      entityRef: 'component:default/invoice-service',
      kind: 'preview',
      preview: { suffix: 'pr-1', ttlHours: 4 },
    });
    expect(error?.name).toBe('InputError');
    expect(error?.message).toBe(
      'preview.suffix: component:default/invoice-service has invoice-service-preview-pr-1 on nonprod-cluster already: preview-pr-1 is not new to it; to give it more time, extend it',
    );
  });

  it("extends a preview the service has: its namespace, the previews' tier and the new expiry", async () => {
    const { outputs, error, authorize } = await plan({
      entityRef: 'component:default/invoice-service',
      kind: 'extend-preview',
      preview: { suffix: 'pr-1', ttlHours: 24 },
      // Left over from switching the form's kind: not used.
      environments: ['production'],
      tier: 'large',
    });
    expect(error).toBeUndefined();
    expect(outputs).toEqual({
      entityRef: 'component:default/invoice-service',
      name: 'invoice-service',
      owner: 'group:default/payments-team',
      slo,
      tier: 'small',
      environments: [
        {
          name: 'preview-pr-1',
          title: 'Preview pr-1',
          cluster: 'nonprod-cluster',
          namespace: 'invoice-service-preview-pr-1',
          preview: true,
        },
      ],
      environmentNames: ['preview-pr-1'],
      namespaces: ['invoice-service-preview-pr-1'],
      expiresAt: '2026-12-03T08:00:00.000Z',
      previousExpiresAt: '2026-12-02T10:00:00.000Z',
    });
    expect(authorize).toHaveBeenCalledTimes(1);
    // platform.previews.defaultTtlHours when none is given.
    const byDefault = await plan({
      entityRef: 'component:default/invoice-service',
      kind: 'extend-preview',
      preview: { suffix: 'pr-1' },
    });
    expect(byDefault.outputs.expiresAt).toBe('2026-12-03T08:00:00.000Z');
  });

  it.each([
    [
      'a preview it does not have, listing those it has',
      { preview: { suffix: 'pr-9', ttlHours: 8 } },
      "preview.suffix: component:default/invoice-service has no preview 'pr-9' to extend (no namespace invoice-service-preview-pr-9 on nonprod-cluster); its previews: pr-1 (until 2026-12-02T10:00:00.000Z), pr-41 (until 2026-12-02T20:00:00.000Z)",
    ],
    [
      'a preview that has expired',
      { preview: { suffix: 'old', ttlHours: 8 } },
      "preview.suffix: the preview 'old' expired at 2026-12-02T07:00:00.000Z, and the preview reaper deletes it: request a new preview once it is gone",
    ],
    [
      "another entity's preview of the same name",
      { preview: { suffix: 'theirs', ttlHours: 8 } },
      "preview.suffix: invoice-service-preview-theirs on nonprod-cluster is not a preview of component:default/invoice-service (it belongs to component:finance/invoice-service): only the service's own previews can be extended",
    ],
    [
      'a namespace the portal did not make',
      { preview: { suffix: 'hand', ttlHours: 8 } },
      "preview.suffix: invoice-service-preview-hand on nonprod-cluster is not a preview of component:default/invoice-service (the portal did not make it): only the service's own previews can be extended",
    ],
    [
      'a time-to-live ending before the current expiry',
      { preview: { suffix: 'pr-1', ttlHours: 1 } },
      "preview.ttlHours: must end later than the preview's current expiry 2026-12-02T10:00:00.000Z: 1 hours from now is 2026-12-02T09:00:00.000Z",
    ],
  ])(
    'refuses to extend %s, naming the field',
    async (_what, input, message) => {
      const { error, outputs } = await plan({
        entityRef: 'component:default/invoice-service',
        kind: 'extend-preview',
        ...input,
      });
      expect(error?.name).toBe('InputError');
      expect(error?.message).toBe(message);
      expect(outputs).toEqual({});
    },
  );

  it('says a service has no preview to extend when it has none', async () => {
    const { error } = await plan({
      entityRef: 'component:default/billing',
      kind: 'extend-preview',
      preview: { suffix: 'pr-1', ttlHours: 8 },
    });
    expect(error?.message).toBe(
      "preview.suffix: component:default/billing has no preview 'pr-1' to extend (no namespace billing-preview-pr-1 on nonprod-cluster); it has none: request a new preview instead",
    );
  });

  it.each([
    [
      {},
      'preview: is required to extend a preview: the suffix of one the service has, and the new time-to-live',
    ],
    [
      { preview: { suffix: 'pr-1', ttlHours: 169 } },
      'preview.ttlHours: must be a whole number of hours from 1 to 168 (platform.previews.maxTtlHours), got 169',
    ],
  ])(
    'refuses to extend with %j before asking the catalog',
    async (input, message) => {
      const { error, authorize } = await plan({
        entityRef: 'component:default/invoice-service',
        kind: 'extend-preview',
        environments: ['staging'],
        tier: 'small',
        ...input,
      });
      expect(error?.name).toBe('InputError');
      expect(error?.message).toBe(message);
      expect(authorize).not.toHaveBeenCalled();
    },
  );

  it('refuses an initiator who may not change the entity, naming both', async () => {
    const { error, outputs } = await plan(
      {
        entityRef: 'component:default/invoice-service',
        environments: ['staging'],
        tier: 'small',
      },
      { result: AuthorizeResult.DENY },
    );
    expect(error?.name).toBe('NotAllowedError');
    expect(error?.message).toBe(
      "user:default/mock may not add environments to component:default/invoice-service: only members of its owner (payments-team) and of the portal's admin groups may change it. Nothing was changed.",
    );
    expect(outputs).toEqual({});
  });

  it('refuses a service that is not in the catalog or has no SLOs to wire', async () => {
    const gone = await plan({
      entityRef: 'component:default/gone',
      environments: ['staging'],
      tier: 'small',
    });
    expect(gone.error?.message).toBe(
      'entityRef: component:default/gone is not in the catalog; pick a service the portal created',
    );
    const noSlo = await plan({
      entityRef: 'component:default/no-slo',
      environments: ['staging'],
      tier: 'small',
    });
    expect(noSlo.error?.message).toBe(
      'entityRef: component:default/no-slo has no SLOs to wire: its developer-portal.acme.example/slo annotation must be a JSON object with availability, latencyObjective, latencyThresholdMs, period, got fast',
    );
  });

  it('refuses a kind other than Component', async () => {
    const { error } = await plan({
      entityRef: 'group:default/payments-team',
      environments: ['staging'],
      tier: 'small',
    });
    expect(error?.message).toBe(
      "entityRef: must be a Component entity ref such as component:default/invoice-service, got 'group:default/payments-team'",
    );
  });

  it('plans the same in a dry run', async () => {
    const input = {
      entityRef: 'component:default/invoice-service',
      preview: { suffix: 'pr-9', ttlHours: 2 },
    };
    expect((await plan(input, { dryRun: true })).outputs).toEqual(
      (await plan(input)).outputs,
    );
  });

  it.each(examples.map(example => [example.description, example]))(
    'example: %s',
    async (_description, example) => {
      const steps = yaml
        .parse(example.example)
        .steps.filter(
          (step: any) => step.action === 'platform:service:environment:plan',
        );
      expect(steps.length).toBeGreaterThan(0);
      for (const step of steps) {
        const { error, outputs } = await plan(step.input);
        expect(error).toBeUndefined();
        expect(outputs.namespaces).toEqual(expect.any(Array));
      }
    },
  );
});

import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { runAction } from '@internal/plugin-platform-node/testUtils';
import { portalConfig } from '../../__testUtils__/fixtures';
import { createDecommissionPlanAction } from './createDecommissionPlanAction';

const invoiceService = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'invoice-service',
    namespace: 'default',
    annotations: {
      'github.com/project-slug': 'acme/invoice-service',
      'backstage.io/managed-by-origin-location':
        'url:http://127.0.0.1:7010/acme/invoice-service/blob/main/catalog-info.yaml',
    },
  },
  spec: { type: 'service', owner: 'group:default/payments-team' },
};

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
  const action = createDecommissionPlanAction({
    config: await portalConfig(),
    catalog: catalogServiceMock({ entities: [invoiceService] }),
    permissions,
    logger: mockServices.logger.mock(),
  });
  return {
    ...(await runAction(action, input, { dryRun: options.dryRun })),
    authorize,
  };
}

describe('platform:service:decommission:plan', () => {
  it("works out the service's namespaces, repository and location", async () => {
    const { outputs, error, authorize } = await plan({
      entityRef: 'component:default/invoice-service',
      confirmation: 'invoice-service',
    });
    expect(error).toBeUndefined();
    expect(outputs).toEqual({
      found: true,
      entityRef: 'component:default/invoice-service',
      name: 'invoice-service',
      owner: 'group:default/payments-team',
      environments: [
        {
          name: 'dev',
          title: 'Development',
          cluster: 'nonprod-cluster',
          namespace: 'invoice-service-dev',
        },
        {
          name: 'staging',
          title: 'Staging',
          cluster: 'nonprod-cluster',
          namespace: 'invoice-service-staging',
        },
        {
          name: 'production',
          title: 'Production',
          cluster: 'prod-cluster',
          namespace: 'invoice-service-production',
        },
      ],
      environmentNames: ['dev', 'staging', 'production'],
      namespaces: [
        'invoice-service-dev',
        'invoice-service-staging',
        'invoice-service-production',
      ],
      // The first GitHub host of app-config.yaml.
      repoUrl: '127.0.0.1:7010?owner=acme&repo=invoice-service',
      location:
        'url:http://127.0.0.1:7010/acme/invoice-service/blob/main/catalog-info.yaml',
    });
    // The initiator's right to delete this very entity, as the catalog checks it.
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

  it('takes a bare name as a Component in the default namespace', async () => {
    const { outputs } = await plan({
      entityRef: 'invoice-service',
      confirmation: 'invoice-service',
    });
    expect(outputs.entityRef).toBe('component:default/invoice-service');
  });

  it('refuses a confirmation that is not the name, naming the field, before reading anything', async () => {
    const { error, outputs, authorize } = await plan({
      entityRef: 'component:default/invoice-service',
      confirmation: 'invoice',
    });
    expect(error?.name).toBe('InputError');
    expect(error?.message).toBe(
      `confirmation: must be the service's name 'invoice-service' exactly, to confirm that component:default/invoice-service is to be decommissioned; got "invoice"`,
    );
    expect(outputs).toEqual({});
    expect(authorize).not.toHaveBeenCalled();
  });

  it('refuses an entity ref of another kind', async () => {
    const { error } = await plan({
      entityRef: 'group:default/payments-team',
      confirmation: 'payments-team',
    });
    expect(error?.message).toBe(
      "entityRef: must be a Component entity ref such as component:default/invoice-service, got 'group:default/payments-team'",
    );
  });

  it('refuses an initiator who may not delete the entity, naming both', async () => {
    const { error, outputs } = await plan(
      {
        entityRef: 'component:default/invoice-service',
        confirmation: 'invoice-service',
      },
      { result: AuthorizeResult.DENY },
    );
    expect(error?.name).toBe('NotAllowedError');
    expect(error?.message).toBe(
      "user:default/mock may not decommission component:default/invoice-service: only members of its owner (group:default/payments-team) and of the portal's admin groups may delete it. Nothing was changed.",
    );
    expect(outputs.found).toBeUndefined();
    expect(outputs.repoUrl).toBeUndefined();
  });

  it('finds nothing to do for a service no longer in the catalog', async () => {
    const { error, outputs, authorize } = await plan({
      entityRef: 'component:default/gone-service',
      confirmation: 'gone-service',
    });
    expect(error).toBeUndefined();
    expect(outputs.found).toBe(false);
    expect(outputs.repoUrl).toBeUndefined();
    expect(authorize).not.toHaveBeenCalled();
  });

  it('plans the same in a dry run', async () => {
    const input = {
      entityRef: 'component:default/invoice-service',
      confirmation: 'invoice-service',
    };
    expect((await plan(input, { dryRun: true })).outputs).toEqual(
      (await plan(input)).outputs,
    );
  });
});

import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogLocationReadPermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  actionExecutePermission,
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
  templateParameterReadPermission,
  templateStepReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { PlatformPermissionPolicy } from './PlatformPermissionPolicy';

function userWith(
  userEntityRef: string,
  groups: string[] = [],
): PolicyQueryUser {
  return {
    credentials: mockCredentials.user(userEntityRef),
    info: {
      userEntityRef,
      ownershipEntityRefs: [userEntityRef, ...groups],
    },
  };
}

function policyFor(data: object) {
  return PlatformPermissionPolicy.fromConfig(new ConfigReader(data), {
    logger: mockServices.logger.mock(),
  });
}

describe('PlatformPermissionPolicy', () => {
  const policy = policyFor({
    platform: {
      permissions: { adminGroups: ['group:default/platform-team'] },
    },
  });
  const alice = userWith('user:default/alice', ['group:default/team-a']);
  const admin = userWith('user:default/carol', ['group:default/platform-team']);

  it.each([
    catalogEntityReadPermission,
    catalogEntityRefreshPermission,
    catalogLocationReadPermission,
    catalogLocationCreatePermission,
  ])('allows signed-in users $name', async permission => {
    await expect(policy.handle({ permission }, alice)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it.each([
    templateParameterReadPermission,
    templateStepReadPermission,
    actionExecutePermission,
    taskCreatePermission,
    taskReadPermission,
    taskCancelPermission,
  ])('allows signed-in users to use templates: $name', async permission => {
    await expect(policy.handle({ permission }, alice)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('allows permissions it has no rule for', async () => {
    const permission = createPermission({
      name: 'example.thing.update',
      attributes: { action: 'update' },
    });
    await expect(policy.handle({ permission }, alice)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('denies requests without a signed-in user', async () => {
    await expect(
      policy.handle({ permission: catalogEntityReadPermission }, undefined),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('lets owners delete only entities owned by one of their refs', async () => {
    await expect(
      policy.handle({ permission: catalogEntityDeletePermission }, alice),
    ).resolves.toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: ['user:default/alice', 'group:default/team-a'] },
      },
    });
  });

  it('lets admins delete any entity', async () => {
    await expect(
      policy.handle({ permission: catalogEntityDeletePermission }, admin),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('matches admin groups whatever the case of the refs', async () => {
    const shouty = policyFor({
      platform: {
        permissions: { adminGroups: ['Group:Default/Platform-Team'] },
      },
    });
    await expect(
      shouty.handle({ permission: catalogEntityDeletePermission }, admin),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('accepts a bare group name as a group in the default namespace', async () => {
    const short = policyFor({
      platform: { permissions: { adminGroups: ['platform-team'] } },
    });
    await expect(
      short.handle({ permission: catalogLocationDeletePermission }, admin),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('denies location deletion to non-admins, owners included', async () => {
    await expect(
      policy.handle({ permission: catalogLocationDeletePermission }, alice),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('allows location deletion to admins', async () => {
    await expect(
      policy.handle({ permission: catalogLocationDeletePermission }, admin),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('has no admins when none are configured', async () => {
    const noAdmins = policyFor({});
    await expect(
      noAdmins.handle({ permission: catalogLocationDeletePermission }, admin),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    await expect(
      noAdmins.handle({ permission: catalogEntityDeletePermission }, admin),
    ).resolves.toMatchObject({ result: AuthorizeResult.CONDITIONAL });
  });

  it.each([
    ['group:default/'],
    ['group:a:b/c'],
    ['group:default/platform team'],
  ])('refuses to start with the invalid admin group ref %p', ref => {
    expect(() =>
      policyFor({ platform: { permissions: { adminGroups: [ref] } } }),
    ).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringContaining(
          `'${ref}' in platform.permissions.adminGroups`,
        ),
      }),
    );
  });

  it('refuses to start with admin groups that are not strings', () => {
    expect(() =>
      policyFor({ platform: { permissions: { adminGroups: [''] } } }),
    ).toThrow('platform.permissions.adminGroups');
  });

  it('refuses to start with an admin ref that is not a group', () => {
    expect(() =>
      policyFor({
        platform: { permissions: { adminGroups: ['user:default/carol'] } },
      }),
    ).toThrow(
      "Invalid entity ref 'user:default/carol' in platform.permissions.adminGroups, expected an entity of kind group",
    );
  });
});

import type { ApiHolder } from '@backstage/frontend-plugin-api';
import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import type { PlatformApi } from '@internal/plugin-platform-common';
import { platformApiRef } from '../../api/platformApiRef';
import { platformApiWith } from '../../__testUtils__/platformApi';
import { config, webEnvironments } from './fixtures';
import type {
  PlatformDeploymentUiOptions,
  PlatformDeploymentValue,
} from './schema';
import { validatePlatformDeployment } from './validation';

function apiHolder(api?: PlatformApi): ApiHolder {
  return {
    get: ref => (ref.id === platformApiRef.id ? api : undefined) as any,
  };
}

async function messages(
  value: Partial<PlatformDeploymentValue>,
  api: PlatformApi | null = platformApiWith({ getConfig: async () => config }),
  uiOptions?: PlatformDeploymentUiOptions,
  formData: Parameters<typeof validatePlatformDeployment>[2]['formData'] = {},
): Promise<string[]> {
  const validation = createFieldValidation();
  await validatePlatformDeployment(
    value as PlatformDeploymentValue,
    validation,
    {
      apiHolder: apiHolder(api ?? undefined),
      formData,
      schema: {},
      uiSchema: uiOptions && { 'ui:options': uiOptions },
    },
  );
  return validation.__errors ?? [];
}

describe('validatePlatformDeployment', () => {
  it('accepts environments and a tier each of them allows', async () => {
    expect(
      await messages({ environments: ['dev', 'production'], tier: 'gpu' }),
    ).toEqual([]);
  });

  it('asks for at least one environment and a tier', async () => {
    expect(await messages({})).toEqual([
      'environments: must name at least one of dev, staging, production',
      'tier: must name one of small, medium, large, gpu',
    ]);
  });

  it('names unknown environments and a tier not allowed in a chosen one, as the server does', async () => {
    expect(
      await messages({ environments: ['dev', 'qa', 'dev'], tier: 'large' }),
    ).toEqual([
      "environments[1]: 'qa' is not an environment of this portal (dev, staging, production)",
      "environments[2]: repeats environment 'dev'",
      "tier: 'large' is not allowed in dev, which allows small, medium, gpu",
    ]);
    expect(await messages({ environments: ['dev'], tier: 'huge' })).toEqual([
      "tier: 'huge' is not a tier of this portal (small, medium, large, gpu)",
    ]);
  });

  it('refuses a tier the tiers option does not offer, as the plan step does', async () => {
    const gpuOnly = { tiers: ['gpu'] };
    expect(
      await messages(
        { environments: ['dev'], tier: 'gpu' },
        undefined,
        gpuOnly,
      ),
    ).toEqual([]);
    expect(
      await messages(
        { environments: ['dev'], tier: 'small' },
        undefined,
        gpuOnly,
      ),
    ).toEqual([
      "tier: 'small' is not offered by this template, which allows gpu",
    ]);
    expect(
      await messages({ environments: ['dev'] }, undefined, gpuOnly),
    ).toEqual(['tier: must name one of gpu']);
  });

  describe('for an existing service (entityField)', () => {
    const getServiceEnvironments = jest.fn(async () => webEnvironments);
    const api = platformApiWith({
      getConfig: async () => config,
      getServiceEnvironments,
    });
    beforeEach(() => getServiceEnvironments.mockClear());

    it('refuses an environment the chosen service has already, as the plan step does', async () => {
      expect(
        await messages(
          { environments: ['staging', 'dev'], tier: 'small' },
          api,
          { entityField: 'entity' },
          { entity: 'component:default/web' },
        ),
      ).toEqual([
        'environments[1]: component:default/web has web-dev on nonprod-cluster already: dev is not new to it',
      ]);
      expect(getServiceEnvironments).toHaveBeenCalledWith(
        'component:default/web',
      );
      expect(
        await messages(
          { environments: ['staging'], tier: 'small' },
          api,
          { entityField: 'entity' },
          { entity: 'component:default/web' },
        ),
      ).toEqual([]);
    });

    it('asks nothing without the option or without a chosen service', async () => {
      expect(
        await messages(
          { environments: ['dev'], tier: 'small' },
          api,
          undefined,
          { entity: 'component:default/web' },
        ),
      ).toEqual([]);
      expect(
        await messages({ environments: ['dev'], tier: 'small' }, api, {
          entityField: 'entity',
        }),
      ).toEqual([]);
      expect(getServiceEnvironments).not.toHaveBeenCalled();
    });

    it('does not block when they cannot be read: the plan step checks again', async () => {
      expect(
        await messages(
          { environments: ['dev'], tier: 'small' },
          platformApiWith({
            getConfig: async () => config,
            getServiceEnvironments: async () => {
              throw new Error('Request failed with 503 Service Unavailable');
            },
          }),
          { entityField: 'entity' },
          { entity: 'component:default/web' },
        ),
      ).toEqual([]);
    });
  });

  it('says that nothing can be chosen when no environments are configured', async () => {
    const empty = platformApiWith({
      getConfig: async () => ({ ...config, environments: [] }),
    });
    expect(await messages({}, empty)).toEqual([
      'cannot be chosen: this portal has no environments (platform.environments in its app-config)',
    ]);
  });

  it('leaves the service name to the name field', async () => {
    const result = await messages({ environments: ['dev'], tier: 'small' });
    expect(result.filter(message => message.startsWith('name'))).toEqual([]);
  });

  it('says what failed when the config cannot be loaded', async () => {
    const failing = platformApiWith({
      getConfig: async () => {
        throw new Error('Request failed with 503 Service Unavailable', {
          cause: new Error('platform backend is restarting'),
        });
      },
    });
    expect(
      await messages({ environments: ['dev'], tier: 'small' }, failing),
    ).toEqual([
      'cannot be checked: loading the platform config (GET /api/platform/config) failed: Request failed with 503 Service Unavailable (platform backend is restarting)',
    ]);
    expect(
      await messages({ environments: ['dev'], tier: 'small' }, null),
    ).toEqual([
      'cannot be checked: this app provides no plugin.platform.api API',
    ]);
  });
});

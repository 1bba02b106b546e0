import type { ApiHolder } from '@backstage/frontend-plugin-api';
import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import type { PlatformApi } from '@internal/plugin-platform-common';
import { platformApiRef } from '../../api/platformApiRef';
import { platformApiWith } from '../../__testUtils__/platformApi';
import { webWithPreviews } from './fixtures';
import { validatePlatformPreview } from './validation';

async function messages(
  value: string,
  api: PlatformApi = platformApiWith({
    getServiceEnvironments: async () => webWithPreviews(Date.now()),
  }),
  formData: Parameters<typeof validatePlatformPreview>[2]['formData'] = {
    entity: 'component:default/web',
  },
): Promise<string[]> {
  const validation = createFieldValidation();
  const apiHolder: ApiHolder = {
    get: ref => (ref.id === platformApiRef.id ? api : undefined) as any,
  };
  await validatePlatformPreview(value, validation, {
    apiHolder,
    formData,
    schema: {},
    uiSchema: {},
  });
  return validation.__errors ?? [];
}

describe('validatePlatformPreview', () => {
  it('accepts a preview of the service that can be extended', async () => {
    expect(await messages('pr-42')).toEqual([]);
  });

  it('refuses another name, or a preview that cannot be extended, as the plan step does', async () => {
    expect(await messages('pr-1')).toEqual([
      "component:default/web has no preview 'pr-1' to extend; its previews: pr-42",
    ]);
    expect(await messages('pr-7')).toEqual([
      "the preview 'pr-7' cannot be extended: it has expired; the preview reaper deletes it",
    ]);
  });

  it('leaves the decision to the plan step when the previews cannot be read', async () => {
    const failing = platformApiWith({
      getServiceEnvironments: async () => {
        throw new Error('Request failed with 503');
      },
    });
    expect(await messages('pr-1', failing)).toEqual([]);
    const unlisted = platformApiWith({
      getServiceEnvironments: async () => ({
        ...webWithPreviews(Date.now()),
        previews: [],
        previewsError: 'nonprod-cluster did not answer',
      }),
    });
    expect(await messages('pr-1', unlisted)).toEqual([]);
  });

  it('checks nothing before a service is chosen', async () => {
    expect(await messages('pr-1', undefined, {})).toEqual([]);
  });
});

import { ApiBlueprint } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { platformApi } from './api';
import { platformDeploymentField } from './fields/PlatformDeployment';
import scaffolderModulePlatform from './index';

describe('scaffolderModulePlatform', () => {
  it('extends the scaffolder', () => {
    expect(scaffolderModulePlatform.pluginId).toBe('scaffolder');
    // In a scaffolder module these become api:scaffolder/platform and
    // scaffolder-form-field:scaffolder/platform-deployment.
    expect(String(platformApi)).toContain('kind=api,name=platform');
    expect(String(platformDeploymentField)).toContain(
      'kind=scaffolder-form-field,name=platform-deployment,attachTo=api:scaffolder/form-fields@formFields',
    );
  });

  it('provides plugin.platform.api', () => {
    const factory = createExtensionTester(platformApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api.id).toBe('plugin.platform.api');
    expect(Object.keys(factory.deps).sort()).toEqual([
      'discoveryApi',
      'fetchApi',
    ]);
  });

  it('loads the form field lazily', async () => {
    const load = createExtensionTester(platformDeploymentField).get(
      FormFieldBlueprint.dataRefs.formFieldLoader,
    );
    await expect(load()).resolves.toMatchObject({
      $$type: '@backstage/scaffolder/FormField',
    });
  });
});

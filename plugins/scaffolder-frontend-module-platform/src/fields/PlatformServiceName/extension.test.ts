import { createExtensionTester } from '@backstage/frontend-test-utils';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { platformServiceNameField } from './extension';

describe('platformServiceNameField', () => {
  it('attaches to the scaffolder form fields and loads the field lazily', async () => {
    // In the scaffolder module this is scaffolder-form-field:scaffolder/platform-service-name.
    expect(String(platformServiceNameField)).toContain(
      'kind=scaffolder-form-field,name=platform-service-name,attachTo=api:scaffolder/form-fields@formFields',
    );
    const load = createExtensionTester(platformServiceNameField).get(
      FormFieldBlueprint.dataRefs.formFieldLoader,
    );
    await expect(load()).resolves.toMatchObject({
      $$type: '@backstage/scaffolder/FormField',
    });
  });
});

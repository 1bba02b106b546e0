import { createExtensionTester } from '@backstage/frontend-test-utils';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { platformConfirmNameField } from './extension';

describe('platformConfirmNameField', () => {
  it('attaches to the scaffolder form fields and loads the field lazily', async () => {
    // In the scaffolder module this is scaffolder-form-field:scaffolder/platform-confirm-name.
    expect(String(platformConfirmNameField)).toContain(
      'kind=scaffolder-form-field,name=platform-confirm-name,attachTo=api:scaffolder/form-fields@formFields',
    );
    const load = createExtensionTester(platformConfirmNameField).get(
      FormFieldBlueprint.dataRefs.formFieldLoader,
    );
    await expect(load()).resolves.toMatchObject({
      $$type: '@backstage/scaffolder/FormField',
    });
  });
});

import { createExtensionTester } from '@backstage/frontend-test-utils';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { platformPreviewField } from './extension';

describe('platformPreviewField', () => {
  it('attaches to the scaffolder form fields and loads the field lazily', async () => {
    // In the scaffolder module this is scaffolder-form-field:scaffolder/platform-preview.
    expect(String(platformPreviewField)).toContain(
      'kind=scaffolder-form-field,name=platform-preview,attachTo=api:scaffolder/form-fields@formFields',
    );
    const load = createExtensionTester(platformPreviewField).get(
      FormFieldBlueprint.dataRefs.formFieldLoader,
    );
    await expect(load()).resolves.toMatchObject({
      $$type: '@backstage/scaffolder/FormField',
    });
  });
});

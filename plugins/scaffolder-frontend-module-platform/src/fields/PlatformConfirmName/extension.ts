import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/** Registers `ui:field: PlatformConfirmName` with the scaffolder's form; loaded when a form needs it. */
export const platformConfirmNameField = FormFieldBlueprint.make({
  name: 'platform-confirm-name',
  params: {
    field: () =>
      import('./formField').then(m => m.platformConfirmNameFormField),
  },
});

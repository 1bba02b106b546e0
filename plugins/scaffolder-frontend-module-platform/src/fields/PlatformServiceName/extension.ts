import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/** Registers `ui:field: PlatformServiceName` with the scaffolder's form; loaded when a form needs it. */
export const platformServiceNameField = FormFieldBlueprint.make({
  name: 'platform-service-name',
  params: {
    field: () =>
      import('./formField').then(m => m.platformServiceNameFormField),
  },
});

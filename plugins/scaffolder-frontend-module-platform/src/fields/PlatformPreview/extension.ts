import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/** Registers `ui:field: PlatformPreview` with the scaffolder's form; loaded when a form needs it. */
export const platformPreviewField = FormFieldBlueprint.make({
  name: 'platform-preview',
  params: {
    field: () => import('./formField').then(m => m.platformPreviewFormField),
  },
});

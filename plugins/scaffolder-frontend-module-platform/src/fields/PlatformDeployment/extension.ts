import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/** Registers `ui:field: PlatformDeployment` with the scaffolder's form; loaded when a form needs it. */
export const platformDeploymentField = FormFieldBlueprint.make({
  name: 'platform-deployment',
  params: {
    field: () => import('./formField').then(m => m.platformDeploymentFormField),
  },
});

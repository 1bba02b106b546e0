import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/** Registers `ui:field: PlatformReview` with the scaffolder's form; loaded when a form needs it. */
export const platformReviewField = FormFieldBlueprint.make({
  name: 'platform-review',
  params: {
    field: () => import('./formField').then(m => m.platformReviewFormField),
  },
});

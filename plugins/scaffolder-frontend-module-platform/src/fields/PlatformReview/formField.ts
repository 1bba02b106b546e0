import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { PlatformReviewField } from './PlatformReviewField';
import { PlatformReviewFieldSchema } from './schema';

export const platformReviewFormField = createFormField({
  name: 'PlatformReview',
  component: PlatformReviewField,
  schema: PlatformReviewFieldSchema,
});

import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { PlatformPreviewField } from './PlatformPreviewField';
import { PlatformPreviewFieldSchema } from './schema';
import { validatePlatformPreview } from './validation';

export const platformPreviewFormField = createFormField({
  name: 'PlatformPreview',
  component: PlatformPreviewField,
  validation: validatePlatformPreview,
  schema: PlatformPreviewFieldSchema,
});

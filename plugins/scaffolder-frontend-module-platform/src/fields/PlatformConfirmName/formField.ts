import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { PlatformConfirmNameField } from './PlatformConfirmNameField';
import { PlatformConfirmNameFieldSchema } from './schema';
import { validatePlatformConfirmName } from './validation';

export const platformConfirmNameFormField = createFormField({
  name: 'PlatformConfirmName',
  component: PlatformConfirmNameField,
  validation: validatePlatformConfirmName,
  schema: PlatformConfirmNameFieldSchema,
});

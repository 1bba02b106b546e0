import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { PlatformServiceNameField } from './PlatformServiceNameField';
import { PlatformServiceNameFieldSchema } from './schema';
import { validatePlatformServiceName } from './validation';

export const platformServiceNameFormField = createFormField({
  name: 'PlatformServiceName',
  component: PlatformServiceNameField,
  validation: validatePlatformServiceName,
  schema: PlatformServiceNameFieldSchema,
});

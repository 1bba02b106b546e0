import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { PlatformDeploymentField } from './PlatformDeploymentField';
import { PlatformDeploymentFieldSchema } from './schema';
import { validatePlatformDeployment } from './validation';

export const platformDeploymentFormField = createFormField({
  name: 'PlatformDeployment',
  component: PlatformDeploymentField,
  validation: validatePlatformDeployment,
  schema: PlatformDeploymentFieldSchema,
});

import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { platformApi } from './api';
import { platformConfirmNameField } from './fields/PlatformConfirmName';
import { platformDeploymentField } from './fields/PlatformDeployment';
import { platformPreviewField } from './fields/PlatformPreview';
import { platformReviewField } from './fields/PlatformReview';
import { platformServiceNameField } from './fields/PlatformServiceName';

/**
 * The platform's template form fields for the scaffolder, and the platform
 * API they load the config from.
 */
export const scaffolderModulePlatform = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [
    platformApi,
    platformServiceNameField,
    platformDeploymentField,
    platformReviewField,
    platformConfirmNameField,
    platformPreviewField,
  ],
});

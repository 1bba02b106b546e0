/**
 * Template form fields for the platform contract: `ui:field: PlatformDeployment`
 * (environments and resource tier) and the platform API it reads.
 *
 * @packageDocumentation
 */

export { scaffolderModulePlatform as default } from './module';
export { platformApiRef } from './api';
export type {
  PlatformDeploymentValue,
  PlatformDeploymentUiOptions,
} from './fields/PlatformDeployment';
export type { PlatformServiceNameUiOptions } from './fields/PlatformServiceName';
export type { PlatformConfirmNameUiOptions } from './fields/PlatformConfirmName';
export type { PlatformPreviewUiOptions } from './fields/PlatformPreview';
